"""The bundled coalition scenarios: the article's conclusions at the defaults.

Source of the Mosul model: "U.S.-Iranian Tactical Cooperation" (blog analysis,
29 March 2016; the project's seed/SEED.md). The thresholds below are the hand
computations of docs/explanation/mosul-model.md (section "What the model
concludes"): e.g. the militias prefer the partition deal, with the U.S. and Iran
going it alone, iff partition_militias > threat/4 - 2 * alienation.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest

from stability.analysis.balance import outcome_graphs
from stability.analysis.joint import joint_game
from stability.io.scenario import read_scenario
from stability.model.scenario import Scenario
from stability.present.graph import write_coalition_graphs
from stability.solvers.pure import pure_equilibria

GAMES = Path(__file__).resolve().parent.parent / "games"
COALITION = "Competing and Cooperating in Iraq"
PARTITION = "The Road to U.S. Defeat in Iraq"
ESCALATION = "Friendly-fire escalation"


@pytest.fixture(scope="module")
def mosul() -> Scenario:
    return read_scenario(GAMES / "mosul.toml")


@pytest.fixture(scope="module")
def triangle() -> Scenario:
    return read_scenario(GAMES / "us-turkey-ypg.toml")


def equilibrium_outcomes(scenario: Scenario, **values: str | int) -> set[str]:
    game = joint_game(scenario, {k: Fraction(v) for k, v in values.items()})
    names: set[str] = set()
    for profile in pure_equilibria(game):
        names.update(scenario.outcomes_of(tuple(int(i) for i in profile)))
    return names


def test_mosul_reads_like_the_article(mosul: Scenario) -> None:
    assert [a.name for a in mosul.actors] == ["United States", "Iran", "Militias", "Islamic State"]
    assert mosul.shape == (2, 2, 2, 2)
    assert mosul.coalition_outcome == COALITION
    assert mosul.threat_parameter == "threat"
    assert mosul.dynamics is not None and mosul.dynamics.threat == "threat"
    for name in (
        "threat",
        "defeat_rate",
        "w_assad",
        "w_saudi",
        "w_influence",
        "alienation",
        "partition_militias",
        "partition_is",
        "partition_iran",
        "friendly_fire",
        "false_flag",
    ):
        parameter = mosul.parameter(name)
        assert parameter.doc and parameter.in_range(parameter.value)
    pairs = {frozenset(g.players) for g in mosul.games if len(g.players) == 2}
    assert len(pairs) == 6  # every pair interacts
    layers = {layer.name for game in mosul.games for layer in game.layers}
    assert {"Fight against IS", "Assad", "Saudi involvement", "U.S. influence"} <= layers
    assert all(game.doc or all(layer.doc for layer in game.layers) for game in mosul.games)
    assert len(mosul.relations) == 6
    assert mosul.source


def test_defaults_coalition_holds_partition_does_not(mosul: Scenario) -> None:
    game = joint_game(mosul)
    equilibria = [tuple(int(i) for i in p) for p in pure_equilibria(game)]
    assert equilibria == [(0, 0, 0, 0)]
    assert mosul.outcomes_of(equilibria[0]) == [COALITION]
    # strict: every unilateral deviation loses
    for player in range(4):
        deviation = [0, 0, 0, 0]
        deviation[player] = 1
        assert game.payoff(player, tuple(deviation)) < game.payoff(player, (0, 0, 0, 0))


@pytest.mark.parametrize(
    ("parameter", "below", "above"),
    [
        ("alienation", "37/50", "19/25"),  # threshold 3/4
        ("partition_militias", "99/100", "101/100"),  # threshold 1
    ],
)
def test_partition_tips_in_range(mosul: Scenario, parameter: str, below: str, above: str) -> None:
    assert PARTITION not in equilibrium_outcomes(mosul, **{parameter: below})
    assert PARTITION in equilibrium_outcomes(mosul, **{parameter: above})
    assert mosul.parameter(parameter).in_range(Fraction(above))


def test_threat_fading_opens_partition_then_ends_coalition(mosul: Scenario) -> None:
    assert PARTITION not in equilibrium_outcomes(mosul, threat="61/10")
    assert PARTITION in equilibrium_outcomes(mosul, threat="59/10")
    assert COALITION in equilibrium_outcomes(mosul, threat="41/10")
    assert COALITION not in equilibrium_outcomes(mosul, threat="39/10")
    # the partition's equilibrium profile: the U.S. isolated
    game = joint_game(mosul, {"threat": Fraction(5)})
    partition = [p for p in pure_equilibria(game) if PARTITION in mosul.outcomes_of(p)]
    assert [mosul.profile_names(p) for p in partition] == [
        {
            "United States": "Go it alone",
            "Iran": "Go it alone",
            "Militias": "Partition deal",
            "Islamic State": "Partition deal",
        }
    ]


def test_dynamics_reach_the_durability_threshold(mosul: Scenario) -> None:
    assert mosul.dynamics is not None
    import sympy

    threat_at = mosul.dynamics.threat_expression(sympy.Symbol("t")).subs(mosul.substitution())
    months = next(t for t in range(1, 100) if threat_at.subs("t", t) < 4)
    assert months == 7  # 8 * (9/10)**7 < 4 <= 8 * (9/10)**6
    assert COALITION not in equilibrium_outcomes(mosul, threat=str(threat_at.subs("t", months)))


def test_friendly_fire_and_false_flag_break_the_alignment(mosul: Scenario) -> None:
    assert COALITION not in equilibrium_outcomes(mosul, friendly_fire="36/10")
    assert ESCALATION in equilibrium_outcomes(mosul, friendly_fire="41/10")
    assert COALITION not in equilibrium_outcomes(mosul, false_flag="36/10")


def test_balance_of_the_two_graphs(mosul: Scenario) -> None:
    graphs = {g.outcome: g for g in outcome_graphs(mosul, [COALITION, PARTITION])}
    assert graphs[COALITION].equilibrium and graphs[COALITION].balance.balanced
    camps = graphs[COALITION].balance.camps
    assert camps is not None
    assert {frozenset(c) for c in camps} == {
        frozenset({"United States", "Iran", "Militias"}),
        frozenset({"Islamic State"}),
    }
    road = graphs[PARTITION]
    assert not road.equilibrium and road.regret == Fraction(1, 2)
    assert not road.balance.balanced


def test_turkey_triangle(triangle: Scenario) -> None:
    assert triangle.source and "R44513" in triangle.source[0]
    assert equilibrium_outcomes(triangle) == {"Uneasy partnership"}
    assert "Euphrates Shield" in equilibrium_outcomes(triangle, threat=3)
    assert "Uneasy partnership" not in equilibrium_outcomes(triangle, threat=3)
    [panel] = outcome_graphs(triangle, equilibria_only=True)
    assert not panel.balance.balanced  # the U.S. befriends two enemies


@pytest.mark.parametrize("scenario_file", ["mosul.toml", "us-turkey-ypg.toml"])
def test_graph_files_are_valid(scenario_file: str, tmp_path: Path) -> None:
    scenario = read_scenario(GAMES / scenario_file)
    panels = outcome_graphs(scenario)
    png = write_coalition_graphs(panels, tmp_path / "graph.png", title=scenario.title)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = write_coalition_graphs(panels, tmp_path / "graph.svg", title=scenario.title)
    root = ET.parse(svg).getroot()
    texts = {"".join(e.itertext()).strip() for e in root.iter("{http://www.w3.org/2000/svg}text")}
    for actor in scenario.actors:
        assert actor.name in texts
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.png", "graph.svg"]
