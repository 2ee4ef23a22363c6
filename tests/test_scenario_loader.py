"""Loading and validating scenario files: known values and every validation error."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from stability.analysis.joint import scenario_game
from stability.errors import InputError
from stability.io.scenario import apply_sets, parse_scenario, read_scenario
from stability.model.game import Game
from stability.model.scenario import PartialProfile

ROOT = Path(__file__).resolve().parent.parent
TWO_ALLIES = ROOT / "games" / "two-allies.toml"
FOUR_ACTORS = Path(__file__).resolve().parent / "data" / "four-actors.toml"

BASE = """\
title = "Base"
description = "A valid scenario that each test breaks in one place."

[parameters.threat]
value = 3
range = [0, 10]
doc = "Common enemy."

[parameters.dispute]
value = "1/2"
range = [0, 4]

[[actors]]
name = "Alpha"
strategies = ["Cooperate", "Defect"]

[[actors]]
name = "Beta"
strategies = ["Cooperate", "Defect"]

[[games]]
name = "Alpha-Beta"
players = ["Alpha", "Beta"]
[[games.layers]]
name = "Common enemy"
weight = "threat"
payoffs = [
  [[2, 2], [0, 3]],
  [[3, 0], [1, 1]],
]
[[games.layers]]
name = "Long-term dispute"
payoffs = [
  [["-dispute", "-dispute"], [0, 0]],
  [[0, 0], [0, 0]],
]

[[outcomes]]
name = "Alliance"
profiles = [{Alpha = "Cooperate", Beta = "Cooperate"}]
"""


def load(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_scenario(text, "test.toml")
    return info.value


def test_base_is_valid() -> None:
    scenario = parse_scenario(BASE, "test.toml")
    assert [a.name for a in scenario.actors] == ["Alpha", "Beta"]
    assert scenario.values == {"threat": Fraction(3), "dispute": Fraction(1, 2)}
    assert scenario.parameter("dispute").range == (Fraction(0), Fraction(4))
    layer = scenario.games[0].layers[1]
    assert layer.payoffs.shape == (2, 2, 2)
    assert layer.payoffs[0, 0, 1] == -sympy.Symbol("dispute")
    alliance = PartialProfile({"Alpha": "Cooperate", "Beta": "Cooperate"})
    assert scenario.outcomes[0].profiles == (alliance,)


def test_two_allies_known_values() -> None:
    """The hand-solved payoffs written out in games/two-allies.toml's header."""
    scenario = read_scenario(TWO_ALLIES)
    assert scenario.path == TWO_ALLIES
    assert scenario.coalition_outcome == "Alliance"
    assert scenario.threat_parameter == "threat"
    assert scenario.timeline is not None and scenario.timeline.unit == "periods"
    game = scenario_game(TWO_ALLIES)
    assert [[game.payoff(0, (r, c)) for c in range(2)] for r in range(2)] == [[2, 0], [1, 1]]
    assert [[game.payoff(1, (r, c)) for c in range(2)] for r in range(2)] == [[2, 1], [0, 1]]
    shifted = scenario_game(TWO_ALLIES, sets={"threat": "5/2", "dispute": "0.25"})
    assert shifted.payoff(0, (0, 0)) == Fraction(9, 4)
    assert scenario_game(TWO_ALLIES, game="Alpha-Beta") == Game.from_payoffs(
        [[[2, 0], [1, 1]], [[2, 1], [0, 1]]],
        players=["Alpha", "Beta"],
        strategies=[["Cooperate", "Defect"]] * 2,
        title="Alpha-Beta",
    )


def test_four_actor_fixture_loads() -> None:
    scenario = read_scenario(FOUR_ACTORS)
    assert scenario.shape == (2, 2, 3, 2)
    assert scenario.source == ("stability test data", "numbers invented for tests")
    assert scenario.game("Trilateral").players == ("IS", "US", "Iran")
    assert scenario.values["risk"] == Fraction(1, 10)  # a TOML float, kept exact
    assert scenario.relation("Iran", "US") is not None


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


CASES = [
    # (old, new, item, fragment, text on the line named)
    ('title = "Base"', 'title = "Base"\ncolour = "red"', "colour", "unknown key 'colour'",
     "colour"),
    ("doc = \"Common enemy.\"", "doc = \"Common enemy.\"\nunit = 1", "parameters.threat.unit",
     "unknown key 'unit'", "unit = 1"),
    ('name = "Common enemy"', 'name = "Common enemy"\ncolour = 1', "games[0].layers[0].colour",
     "unknown key", "colour = 1"),
    ("[[0, 0], [0, 0]],\n]", "[[0, 0], [0, 0]],\n]\nextra = 1", "games[0].layers[1].extra",
     "unknown key", "extra = 1"),
    ('players = ["Alpha", "Beta"]', 'players = ["Alpha", "Gamma"]', "games[0].players[1]",
     "unknown actor 'Gamma' (expected one of: Alpha, Beta)", "players"),
    ('players = ["Alpha", "Beta"]', 'players = ["Alpha", "Alpha"]', "games[0].players[1]",
     "a game between an actor and itself", "players"),
    ('players = ["Alpha", "Beta"]', 'players = ["Alpha"]', "games[0].players",
     "expected at least 2 actor names", "players"),
    ("[[3, 0], [1, 1]],", "[[3, 0], [1, 1], [5, 5]],", "games[0].layers[0].payoffs[1]",
     "expected 2 entries, one per strategy of Beta (Cooperate, Defect), got 3", "[5, 5]"),
    ("[[3, 0], [1, 1]],", "[[3, 0], [1]],", "games[0].layers[0].payoffs[1][1]",
     "expected a list of 2 payoffs [to Alpha, to Beta], got 1", "[[3, 0], [1]]"),
    ("[[3, 0], [1, 1]],\n]", "[[3, 0], [1, 1]],\n  [[3, 0], [1, 1]],\n]",
     "games[0].layers[0].payoffs", "expected 2 entries, one per strategy of Alpha", "payoffs = ["),
    ("[[2, 2], [0, 3]],", "[2, 2],", "games[0].layers[0].payoffs",
     "nested 2 levels deep; a game of 2 players (Alpha, Beta) needs 3", "payoffs = ["),
    ("[[3, 0], [1, 1]],", "[[3, 0], [1, \"foo\"]],", "games[0].layers[0].payoffs[1][1][1]",
     "unknown parameter 'foo'", "foo"),
    ("[[3, 0], [1, 1]],", "[[3, 0], [1, \"__import__('os')\"]],",
     "games[0].layers[0].payoffs[1][1][1]", "unknown function '__import__'", "__import__"),
    ("[[3, 0], [1, 1]],", "[[3, 0], [1, \"10**10**10\"]],",
     "games[0].layers[0].payoffs[1][1][1]", "exponent", "10**10"),
    ("[[3, 0], [1, 1]],", "[[3, 0], [1, true]],", "games[0].layers[0].payoffs[1][1][1]",
     "expected a number or an expression string", "true"),
    ('weight = "threat"', 'weight = "threat.real"', "games[0].layers[0].weight",
     "attribute access", "threat.real"),
    ('weight = "threat"', 'weight = "1/(threat - 3)"', "games[0].layers[0].weight",
     "undefined at the default parameter values", "threat - 3"),
    ('Beta = "Cooperate"}]', 'Beta = "Surrender"}]', 'outcomes[0].profiles[0].Beta',
     "actor 'Beta' has no strategy 'Surrender' (expected one of: Cooperate, Defect)", "Surrender"),
    ('Beta = "Cooperate"}]', 'Gamma = "Cooperate"}]', "outcomes[0].profiles[0].Gamma",
     "unknown actor 'Gamma'", "Gamma"),
    ("value = 3\n", "value = 11\n", "parameters.threat.value",
     "default 11 is outside its range [0, 10]", "value = 11"),
    ("range = [0, 10]", "range = [10, 0]", "parameters.threat.range", "low <= high", "[10, 0]"),
    ("range = [0, 10]", "range = [0]", "parameters.threat.range", "two numbers", "range = [0]"),
    ("value = 3\n", "value = \"three\"\n", "parameters.threat.value", "expected a number", "three"),
    ("value = 3\nrange = [0, 10]\n", "", "parameters.threat", "missing key 'value'",
     "[parameters.threat]"),
    ("[parameters.threat]", "[parameters.min]", "parameters.min",
     "cannot be used in expressions", "parameters.min"),
    ('name = "Beta"', 'name = "Alpha"', "actors[1].name", "duplicate actor name 'Alpha'", None),
    ('strategies = ["Cooperate", "Defect"]\n\n[[games]]',
     'strategies = ["Cooperate", "Cooperate"]\n\n[[games]]', "actors[1].strategies[1]",
     "duplicate strategy name 'Cooperate'", "[\"Cooperate\", \"Cooperate\"]"),
    ('strategies = ["Cooperate", "Defect"]\n\n[[actors]]', 'strategies = []\n\n[[actors]]',
     "actors[0].strategies", "at least 1 strategy names", "strategies = []"),
    ('name = "Long-term dispute"', 'name = "Common enemy"', "games[0].layers[1].name",
     "duplicate layer name", None),
    ('Beta = "Cooperate"}]\n',
     'Beta = "Cooperate"}]\n[[outcomes]]\nname = "Alliance"\nprofiles = [{}]',
     "outcomes[1].name", "duplicate outcome name 'Alliance' (also at outcomes[0].name)", None),
    ('title = "Base"', 'title = "Base"\ncoalition_outcome = "Peace"', "coalition_outcome",
     "no outcome 'Peace'", "Peace"),
    ('title = "Base"', 'title = "Base"\nthreat_parameter = "enemy"', "threat_parameter",
     "unknown parameter 'enemy'", "enemy"),
    ('title = "Base"', 'title = "Base"\ndynamics = {threat = "threat", rate = "0.1", model = "x"}',
     "dynamics.model", 'expected "exponential" or "linear"', "dynamics"),
    ('title = "Base"', 'title = 3', "title", "expected a string, got a number", "title"),
    ('[[games]]\nname = "Alpha-Beta"',
     '[[games]]\nname = "Alpha-Beta"\npayoffs = [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]',
     "games[0]", "either payoffs or [[games.layers]]", "[[games]]"),
]


@pytest.mark.parametrize(("old", "new", "item", "fragment", "line"), CASES)
def test_validation_errors(old: str, new: str, item: str, fragment: str, line: str | None) -> None:
    """``line`` is a text on the line the error must name."""
    error = load(replace_once(BASE, old, new))
    assert error.source == "test.toml"
    assert error.item == item, str(error)
    assert fragment in error.message, str(error)
    if line is not None:
        text = replace_once(BASE, old, new)
        expected = next(k for k, t in enumerate(text.splitlines(), 1) if line in t)
        assert error.line == expected, str(error)


RELATION = """
[[relations]]
actors = ["Alpha", "Beta"]
cooperate = [{Alpha = "Cooperate", Beta = "Cooperate"}]
conflict = [{Alpha = "Defect"}]
"""


def test_relations() -> None:
    scenario = parse_scenario(BASE + RELATION)
    relation = scenario.relations[0]
    assert relation.kind({"Alpha": "Cooperate", "Beta": "Cooperate"}) == "cooperate"
    assert relation.kind({"Alpha": "Defect", "Beta": "Cooperate"}) == "conflict"
    assert relation.kind({"Alpha": "Cooperate", "Beta": "Defect"}) is None


@pytest.mark.parametrize(
    ("old", "new", "item", "fragment"),
    [
        ('actors = ["Alpha", "Beta"]', 'actors = ["Alpha", "Alpha"]', "relations[0].actors",
         "and itself"),
        ('actors = ["Alpha", "Beta"]', 'actors = ["Alpha"]', "relations[0].actors",
         "expected two actor names"),
        ('conflict = [{Alpha = "Defect"}]', 'conflict = [{Alpha = "Flee"}]',
         "relations[0].conflict[0].Alpha", "no strategy 'Flee'"),
        ('conflict = [{Alpha = "Defect"}]', 'conflict = [{Alpha = "Defect"}]\nweight = 2',
         "relations[0].weight", "unknown key"),
    ],
)
def test_relation_errors(old: str, new: str, item: str, fragment: str) -> None:
    error = load(BASE + replace_once(RELATION, old, new))
    assert error.item == item and fragment in error.message, str(error)


def test_duplicate_relation() -> None:
    error = load(BASE + RELATION + RELATION.replace('["Alpha", "Beta"]', '["Beta", "Alpha"]'))
    assert error.item == "relations[1].actors" and "duplicate relation" in error.message


def test_relation_with_third_actor() -> None:
    gamma = '[[actors]]\nname = "Gamma"\nstrategies = ["X"]\n\n[[games]]'
    text = replace_once(BASE, "[[games]]", gamma)
    error = load(text + RELATION.replace('{Alpha = "Defect"}', '{Gamma = "X"}'))
    assert "not part of this relation" in error.message


def test_toml_syntax_error_has_line() -> None:
    error = load(replace_once(BASE, "value = 3", "value = = 3"))
    assert error.line == 5 and "not valid TOML" in error.message


def test_duplicate_parameter_is_toml_error() -> None:
    error = load(BASE + "\n[parameters.threat]\nvalue = 1\nrange = [0, 1]\n")
    assert "not valid TOML" in error.message and error.line is not None


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty file"),
        (b"  \n\n", "empty file"),
        (b"title = \"x\"\x00\x01", "binary file"),
        ("title = \"caf\u00e9\"".encode("latin-1"), "not UTF-8"),
        (b"title = \"x\"\n", "missing key 'actors'"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_scenario(path)
    assert fragment in str(info.value) and str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such scenario file"):
        read_scenario(tmp_path / "absent.toml")


def test_utf8_bom_and_names(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    name = "Shi'i militias"
    text = BASE.replace('Alpha = "', f'"{name}" = "').replace('"Alpha"', f'"{name}"')
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert read_scenario(path).actors[0].name == "Shi'i militias"


def test_apply_sets() -> None:
    scenario = read_scenario(TWO_ALLIES)
    changed, warnings = apply_sets(scenario, {"threat": "1e-3", "dispute": "3/2"})
    assert changed.values["threat"] == Fraction(1, 1000)
    assert changed.values["dispute"] == Fraction(3, 2)
    assert warnings == []
    assert scenario.values["threat"] == 3  # unchanged original
    _, warnings = apply_sets(scenario, {"dispute": "-1"})
    assert warnings == ["dispute = -1 is outside its range [0, 4]"]
    with pytest.raises(InputError, match="unknown parameter 'nope'"):
        apply_sets(scenario, {"nope": "1"})
    with pytest.raises(InputError, match="expected a number"):
        apply_sets(scenario, {"threat": "lots"})


def test_scenario_game_unknown_game() -> None:
    with pytest.raises(InputError, match="no game 'Nope'.*joint, Alpha-Beta"):
        scenario_game(TWO_ALLIES, game="Nope")


def test_single_game_toml_round_trip() -> None:
    """A game written as TOML with one [[games]] listing all players reads back."""
    text = """
title = "Three-player coordination"
[[actors]]
name = "Row"
strategies = ["Up", "Down"]
[[actors]]
name = "Column"
strategies = ["Left", "Right"]
[[actors]]
name = "Matrix"
strategies = ["A", "B", "C"]
[[games]]
name = "Three-player coordination"
players = ["Row", "Column", "Matrix"]
[[games.layers]]
name = "Payoffs"
payoffs = [
  [[[1, 1, 1], [0, 0, 0], ["1/2", 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]],
  [[[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [2, 2, 2], [0, "-0.25", 3]]],
]
"""
    scenario = parse_scenario(text)
    game = scenario_game(scenario)
    assert game.players == ("Row", "Column", "Matrix")
    assert game.shape == (2, 2, 3)
    assert game.payoff(0, (0, 0, 2)) == Fraction(1, 2)
    assert game.payoff(1, (1, 1, 2)) == Fraction(-1, 4)
    assert game.payoff(2, (1, 1, 2)) == 3
    assert game.title == "Three-player coordination"
