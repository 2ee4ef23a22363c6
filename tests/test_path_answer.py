"""Paths between outcomes (``stability path``) and the plain answer, on hand-built games.

Hand-solved from games/two-allies.toml at threat 3, dispute 1: each ally gets
threat - dispute = 2 when both cooperate, 1 when it defects, 0 when it cooperates
alone. So from the Alliance a defection costs the defector 1 (2 -> 1), after which
the other gains 1 by defecting too (0 -> 1); the Split is an equilibrium. At
threat 1 the Alliance pays 0, and each defection is an improvement.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from stability.analysis.answer import plain_answer, words
from stability.analysis.path import find_paths
from stability.analysis.selection import outcome_basin_share
from stability.cli.app import main
from stability.io.scenario import parse_scenario, read_scenario
from stability.model.scenario import Scenario

ROOT = Path(__file__).parent.parent


def allies(**values: int) -> Scenario:
    scenario = read_scenario(ROOT / "games" / "two-allies.toml")
    return scenario.with_values({k: Fraction(v) for k, v in values.items()})


def test_from_an_equilibrium_no_improving_path_and_a_costly_first_move() -> None:
    result = find_paths(allies(), "Split")
    assert result.start == {"Alpha": "Cooperate", "Beta": "Cooperate"}
    assert result.start_equilibrium and result.improving is None
    assert result.shortest is not None and result.cheapest is not None
    steps = result.shortest.steps
    assert [(s.mover, s.to_strategy) for s in steps] == [("Alpha", "Defect"), ("Beta", "Defect")]
    assert steps[0].gains == {"Alpha": Fraction(-1), "Beta": Fraction(-2)}
    assert steps[1].gains == {"Alpha": Fraction(0), "Beta": Fraction(1)}
    assert result.shortest.ends_in_equilibrium
    assert result.shortest.alternatives == 2  # Beta may defect first instead
    assert len(result.cheapest.costly) == 1 and result.cheapest.total_loss == 1
    # moving first never pays within the ranges? Alpha's gain is 1 - threat + dispute:
    # at threat 0, dispute 4 it is 5.
    alpha = next(m for m in result.first_moves if m.actor == "Alpha")
    assert alpha.gain == -1 and alpha.best_in_ranges == 5


def test_improving_path_when_the_start_is_not_an_equilibrium() -> None:
    result = find_paths(allies(threat=1), "Split")
    assert result.improving is not None
    assert [s.mover_gain for s in result.improving.steps] == [Fraction(1), Fraction(1)]
    assert result.improving.ends_in_equilibrium
    assert "on its own" in result.summary()


def test_from_option_and_start_already_in_target() -> None:
    result = find_paths(allies(), "Split", "Split")
    assert result.cheapest is not None and result.cheapest.steps == ()
    back = find_paths(allies(), "Alliance", "Split")
    assert back.improving is None and back.shortest is not None
    # from the Split a first cooperation costs 1 (1 -> 0); the second gains 1 (1 -> 2)
    assert [s.mover_gain for s in back.shortest.steps] == [Fraction(-1), Fraction(1)]


THREE = """
title = "Leader"
description = "Only the leader's move opens the way: B gains from Y only once A has left."
coalition_outcome = "Together"
[[actors]]
name = "A"
strategies = ["In", "Out"]
[[actors]]
name = "B"
strategies = ["In", "Out"]
[[games]]
name = "A-B"
players = ["A", "B"]
[[games.layers]]
name = "all"
payoffs = [[[3, 3], [0, 1]], [[2, 4], [2, 5]]]
[[outcomes]]
name = "Together"
profiles = [{A = "In", B = "In"}]
[[outcomes]]
name = "B out"
profiles = [{B = "Out"}]
"""


def test_the_leader_must_move_first() -> None:
    # (In, In) is an equilibrium: A 3 > 2, B 3 > 1. B never gains by leaving first
    # (1 < 3, no parameters); if A leaves (3 -> 2, loses 1), B gains by leaving (4 -> 5).
    # Directly, B leaving costs B 2; via A the only loss is A's 1: the cheapest path
    # starts with A, the shortest with B.
    model = parse_scenario(THREE)
    result = find_paths(model, "B out")
    assert result.shortest is not None and result.cheapest is not None
    assert [s.mover for s in result.shortest.steps] == ["B"]
    assert [s.mover for s in result.cheapest.steps] == ["A", "B"]
    assert result.cheapest.total_loss == 1 and result.cheapest.ends_in_equilibrium
    assert "B never gains by moving first" in result.summary()
    assert "needs A to move first" in result.summary()


def test_scenario_without_parameters() -> None:
    from stability.analysis.answer import plain_answer
    from stability.analysis.tipping import minimal_shift

    model = parse_scenario(THREE)
    shift = minimal_shift(model, "B out")
    assert shift is not None and shift.distance == 0 and shift.parameters == ()
    assert minimal_shift(model, "B out", "unique") is None
    answer = plain_answer(model, share=False)
    assert answer is not None and "no shift within the parameters' ranges" in answer.paragraph


def test_cli_path_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["path", "two-allies", "--target", "Split", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/path/v1"
    assert document["from"]["outcomes"] == ["Alliance"] and document["improving"] is None
    assert document["shortest"]["steps"][0]["exact_gains"] == {"Alpha": "-1", "Beta": "-2"}
    assert document == find_paths(allies(), "Split").document()


def test_cli_path_unknown_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["path", "two-allies", "--target", "Nope"]) == 2
    assert capsys.readouterr().err.startswith("error:")


def test_mosul_path_ends_where_analyze_says() -> None:
    mosul = read_scenario(ROOT / "games" / "mosul.toml")
    result = find_paths(mosul, "The Road to U.S. Defeat in Iraq")
    assert result.cheapest is not None and result.cheapest.steps
    last = result.cheapest.steps[-1]
    assert "The Road to U.S. Defeat in Iraq" in last.outcomes
    for step in result.cheapest.steps:
        assert sum(1 for a in step.profile if step.profile[a] != result.start[a]) >= 1


# -- the plain answer ---------------------------------------------------------------------


def test_plain_answer_two_allies() -> None:
    answer = plain_answer(allies(), share=False)
    assert answer is not None and answer.target == "Split"
    assert answer.equilibrium and not answer.unique
    unique = answer.shifts["unique"]
    assert unique is not None and unique.parameters[0].exact == Fraction(1999, 1000)
    assert "threat (strength of the common enemy) from 3 to 1999/1000" in answer.paragraph
    assert answer.levers[0].parameter == "threat"


def test_words_keep_abbreviations() -> None:
    mosul = read_scenario(ROOT / "games" / "mosul.toml")
    # the first clause ends at the colon, not at the full stop of "U.S."
    assert words(mosul, "us_influence") == "the contest over U.S. influence in Iraq"


def test_plain_answer_mosul_consistent() -> None:
    mosul = read_scenario(ROOT / "games" / "mosul.toml")
    answer = plain_answer(mosul, starts=200)
    assert answer is not None
    for shift in answer.shifts.values():
        assert shift is None or (shift.recheck is not None and shift.recheck.met)
    assert answer.share == outcome_basin_share(mosul, answer.target, starts=200)
    assert len(answer.levers) <= 3


def test_analyze_json_has_answer_and_report_heads_with_it(tmp_path: Path) -> None:
    from stability.analysis.overview import analyze_scenario
    from stability.present.overview import analysis_json

    analysis = analyze_scenario(allies())
    document = analysis_json(analysis)
    assert analysis.answer is not None
    assert document["answer"]["text"] == analysis.answer.paragraph
    out = tmp_path / "r.md"
    assert main(["report", "two-allies", "--out", str(out)]) == 0
    text = out.read_text()
    assert text.index("## The answer") < text.index("## Summary")


def test_goal_selected_with_real_simulation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tipping", "two-allies", "--target", "Split", "--goal", "selected",
                 "--starts", "200", "--json"]) == 0  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    assert document["goal"] == "selected"
    shift = document["minimal_shift"]
    if document["share_at_baseline"] > 0.5:
        assert shift is None
        return
    assert shift["optimality"] == "search" and shift["recheck"]["met"]
    point = {k: Fraction(v) for k, v in shift["exact"].items()}
    share = outcome_basin_share(allies().with_values(point), "Split", starts=200)
    assert share == shift["recheck"]["share"] > 0.5
