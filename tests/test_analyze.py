"""``stability analyze``: the main job, on the bundled scenarios.

Known answers: ``games/two-allies.toml`` is solved by hand in its header comment
(the alliance holds exactly when threat >= 1 + dispute; mutual defection always
holds); the Mosul defaults are the situation the seed article describes (the
coalition holds, the partition deal does not).
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from stability.analysis.deviations import profitable_moves
from stability.analysis.overview import analyze_scenario
from stability.cli.app import main
from stability.io.scenario import apply_sets, read_scenario
from stability.present.overview import analysis_json

COALITION = "Competing and Cooperating in Iraq"
PARTITION = "The Road to U.S. Defeat in Iraq"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["analyze", *args, "--json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def test_default_is_mosul_and_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    document = run_json(capsys)
    assert document["schema"] == "stability/analyze/v1"
    scenario = document["scenario"]
    assert isinstance(scenario, dict)
    assert [a["name"] for a in scenario["actors"]] == [
        "United States",
        "Iran",
        "Militias",
        "Islamic State",
    ]
    outcomes = {o["name"]: o["equilibrium"] for o in document["outcomes"]}  # type: ignore[attr-defined]
    assert outcomes[COALITION] is True
    assert outcomes[PARTITION] is False
    joint = document["joint"]
    assert isinstance(joint, dict)
    for equilibrium in joint["equilibria"]:
        assert set(equilibrium) >= {"profile", "outcomes", "strict"}
        assert set(equilibrium["profile"]) == {a["name"] for a in scenario["actors"]}
    assert set(document["ranges"]) == set(document["parameters"])  # type: ignore[arg-type]


def test_json_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    document = run_json(capsys, "games/two-allies.toml")
    expected = analysis_json(analyze_scenario(read_scenario("games/two-allies.toml")))
    assert document == json.loads(json.dumps(expected))


@pytest.mark.parametrize(
    ("threat", "dispute", "alliance"),
    [
        ("3", "1", True),
        ("2", "1", True),
        ("19/10", "1", False),
        ("5", "4", True),
        ("5", "41/10", False),
    ],
)
def test_two_allies_hand_solved_threshold(threat: str, dispute: str, alliance: bool) -> None:
    scenario, _ = apply_sets(
        read_scenario("games/two-allies.toml"), {"threat": threat, "dispute": dispute}
    )
    analysis = analyze_scenario(scenario)
    status = {o.name: o.equilibrium for o in analysis.outcomes}
    assert status["Alliance"] is alliance
    assert status["Split"] is True
    assert status["Betrayal"] is False
    strict = {e.outcomes: e.strict for e in analysis.equilibria}
    if alliance:
        # strict exactly when threat > 1 + dispute
        assert strict[("Alliance",)] is (Fraction(threat) > 1 + Fraction(dispute))


def test_set_reaches_the_partition_deal(capsys: pytest.CaptureFixture[str]) -> None:
    # the militias' condition at the deal profile: alienation + fighting_cost/2 >=
    # victory_level/2 (docs/explanation/mosul-model.md): 3 + 1/2 >= 3
    document = run_json(capsys, "mosul", "--set", "alienation=3")
    outcomes = {o["name"]: o["equilibrium"] for o in document["outcomes"]}  # type: ignore[attr-defined]
    assert outcomes[PARTITION] is True
    assert document["parameters"]["alienation"] == 3.0  # type: ignore[index]


def test_outcome_that_fails_names_the_deviation() -> None:
    analysis = analyze_scenario(read_scenario("games/mosul.toml"))
    partition = next(o for o in analysis.outcomes if o.name == PARTITION)
    assert not partition.equilibrium
    assert partition.moves, "a non-equilibrium outcome must say who deviates"
    game = analysis.joint
    closest = tuple(
        game.strategy_index(i, partition.closest[actor])  # type: ignore[index]
        for i, actor in enumerate(game.players)
    )
    assert profitable_moves(game, closest) == list(partition.moves)
    assert all(m.gain > 0 for m in partition.moves)


def test_human_output_names_actors_and_outcomes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze"]) == 0
    out = capsys.readouterr().out
    for word in ("United States", "Iran", "Militias", "Islamic State", COALITION, "Outcomes"):
        assert word in out


def test_out_of_range_set_warns_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "mosul", "--set", "threat=100", "--json"]) == 0
    captured = capsys.readouterr()
    assert "warning: threat = 100 is outside its range" in captured.err
    json.loads(captured.out)


@pytest.mark.parametrize(
    "args",
    [
        ["--set", "nonsense=1"],
        ["--set", "threat=abc"],
        ["--set", "threat"],
        ["no-such-scenario"],
        ["games/missing.toml"],
    ],
)
def test_bad_input_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:")
    assert "Traceback" not in err


def test_what_would_tip_it_names_the_nearest_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    # docs/explanation/mosul-model.md derives it by hand: the partition deal becomes
    # an equilibrium once the militias, sidelined by the U.S., prefer it:
    # alienation + fighting_cost/2 >= victory_level/2, i.e. alienation rises from 1 to
    # 5/2 (3/8 of its range; fighting_cost would have to rise to 4, 3/4 of its range)
    document = run_json(capsys)
    tipping = {t["outcome"]: t for t in document["tipping"]}  # type: ignore[attr-defined]
    assert COALITION not in tipping  # it already holds
    partition = tipping[PARTITION]["threshold"]
    assert partition["parameter"] == "alienation"
    assert partition["exact"] == "5/2"
    assert partition["direction"] == "increase"
    assert partition["within_range"] is True
