"""Tipping goals (equilibrium, unique, breaks, selected): known answers and properties.

Known answers are hand-computed from games/two-allies.toml, whose header gives
Alpha's payoffs: the Alliance (both cooperate) is an equilibrium exactly when
threat - dispute >= 1, and the Split (both defect) always is. Mosul's numbers are
being rebuilt, so for Mosul only consistency is tested: every reported point is
re-checked by the equilibria ``analyze`` computes.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.joint import joint_game
from stability.analysis.overview import analyze_scenario
from stability.analysis.tipping import (
    DEFAULT_MARGIN,
    minimal_shift,
    tipping_analysis,
)
from stability.analysis.tipping.selected import selected_search
from stability.cli.app import main
from stability.io.scenario import parse_scenario, read_scenario
from stability.model.scenario import Scenario

ROOT = Path(__file__).parent.parent
TARGET = "The Road to U.S. Defeat in Iraq"


def allies(**values: int | str) -> Scenario:
    scenario = read_scenario(ROOT / "games" / "two-allies.toml")
    return scenario.with_values({k: Fraction(v) for k, v in values.items()})


def brute_equilibria(model: Scenario, values: dict[str, Fraction]) -> set[tuple[int, ...]]:
    """Pure equilibria by brute force over the exact joint game (independent of tipping)."""
    game = joint_game(model, values)
    found = set()
    for profile in itertools.product(*(range(n) for n in model.shape)):
        if all(
            game.payoff(i, profile[:i] + (s,) + profile[i + 1 :]) <= game.payoff(i, profile)
            for i in range(len(model.shape))
            for s in range(model.shape[i])
        ):
            found.add(profile)
    return found


def strict_margin(model: Scenario, values: dict[str, Fraction]) -> dict[tuple[int, ...], Fraction]:
    """Per profile: the largest gain of any unilateral deviation (negative: an equilibrium)."""
    game = joint_game(model, values)
    out = {}
    for profile in itertools.product(*(range(n) for n in model.shape)):
        out[profile] = max(
            game.payoff(i, profile[:i] + (s,) + profile[i + 1 :]) - game.payoff(i, profile)
            for i in range(len(model.shape))
            for s in range(model.shape[i])
            if s != profile[i]
        )
    return out


def profiles_of(model: Scenario, outcome: str) -> set[tuple[int, ...]]:
    mask = model.outcome_mask(outcome)
    return {tuple(int(i) for i in p) for p in zip(*np.nonzero(mask), strict=True)}


# -- known answers ----------------------------------------------------------------------


def test_breaks_known_answer() -> None:
    # Alliance breaks when threat - dispute < 1; by 1/1000 at least: threat <= 1999/1000
    # (moving threat costs 1/10 per unit of range, dispute 1/4: threat is cheaper).
    shift = minimal_shift(allies(), "Alliance", "breaks")
    assert shift is not None
    assert [(p.parameter, p.exact) for p in shift.parameters] == [("threat", Fraction(1999, 1000))]
    assert shift.distance_exact == Fraction(1001, 10000)
    assert shift.optimality == "global" and shift.margin == DEFAULT_MARGIN
    assert shift.recheck is not None and shift.recheck.met
    assert shift.recheck.outcomes == ("Split",)


def test_unique_known_answers() -> None:
    # Split is always an equilibrium, so the Alliance can never be the only one ...
    assert minimal_shift(allies(), "Alliance", "unique") is None
    # ... while the Split becomes the only one exactly where the Alliance breaks.
    shift = minimal_shift(allies(), "Split", "unique")
    assert shift is not None and shift.parameters[0].exact == Fraction(1999, 1000)
    # Goal equilibrium: the Split already is one (distance 0); unique is not fooled by it.
    assert tipping_analysis(allies(), "Split").holds_at_baseline
    assert not tipping_analysis(allies(), "Split", goal="unique").holds_at_baseline


def test_unique_one_parameter_thresholds_known() -> None:
    result = tipping_analysis(allies(), "Split", goal="unique", shift=False, cells=False)
    assert str(result.parameter("threat").holds) == "(-inf, 2)"
    assert str(result.parameter("dispute").holds) == "(2, inf)"


def test_margin_is_a_parameter() -> None:
    shift = minimal_shift(allies(), "Alliance", "breaks", margin=Fraction(1, 10))
    assert shift is not None and shift.parameters[0].exact == Fraction(19, 10)


def test_goal_in_document_and_unique_flag() -> None:
    document = tipping_analysis(allies(), "Split", goal="unique").document()
    assert document["goal"] == "unique" and document["unique"] is True
    assert document["minimal_shift"]["optimality"] == "global"
    assert document["minimal_shift"]["recheck"]["met"] is True
    assert document["key_cells_unit"].startswith("the actor's payoff in the joint game")


def test_key_cells_in_one_unit_ranked_by_share() -> None:
    # Breaking the Alliance: Alpha's margin at (C, C) is threat - dispute - 1 = 1. The
    # Common enemy cell (C, C) contributes threat * 1 = 3 to it (share 3); cutting that
    # weighted payoff by 1 leaves the margin at 0, the edge of breaking.
    result = tipping_analysis(allies(), "Alliance", goal="breaks")
    first = result.key_cells[0]
    assert (first.layer, first.before, first.share, first.change) == (
        "Common enemy",
        Fraction(3),
        Fraction(3),
        Fraction(-1),
    )
    assert first.after == Fraction(2)
    shares = [c.share for c in result.key_cells]
    assert shares == sorted(shares, reverse=True)
    # every listed cell carries part of the margin (a positive share)
    assert all(c.share > 0 for c in result.key_cells)


def test_cli_goal_breaks_defaults_to_coalition(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tipping", "two-allies", "--goal", "breaks", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["target"] == "Alliance" and document["goal"] == "breaks"
    assert document["minimal_shift"]["exact"] == {"threat": "1999/1000"}


def test_cli_unknown_goal_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tipping", "two-allies", "--target", "Split", "--goal", "likely"]) == 2
    assert capsys.readouterr().err.startswith("error:")


# -- Mosul: consistency only (its numbers are being rebuilt) ---------------------------------


@pytest.mark.parametrize("goal", ["equilibrium", "unique", "breaks"])
def test_mosul_points_rechecked_by_analyze(goal: str) -> None:
    mosul = read_scenario(ROOT / "games" / "mosul.toml")
    target = mosul.coalition_outcome if goal == "breaks" else TARGET
    assert target is not None
    result = tipping_analysis(mosul, target, goal=goal)  # type: ignore[arg-type]
    shift = result.minimal_shift
    if shift is None:
        return
    point = shift.point(mosul)
    analysis = analyze_scenario(mosul.with_values(point), answer=False)
    held = {o.name for o in analysis.outcomes if o.equilibrium}
    assert set(shift.recheck.outcomes if shift.recheck else ()) == held
    if goal == "equilibrium":
        assert target in held
    elif goal == "unique":
        assert held == {target} or held <= {o.name for o in mosul.outcomes if o.name == target}
        equilibria = {tuple(e.indices) for e in analysis.equilibria}
        assert equilibria and equilibria <= profiles_of(mosul, target)
    else:
        assert target not in held


@pytest.mark.parametrize("name", ["mosul", "us-turkey-ypg", "two-allies"])
def test_unique_shift_rechecked_on_bundled_scenarios(name: str) -> None:
    model = read_scenario(ROOT / "games" / f"{name}.toml")
    for outcome in model.outcomes:
        shift = minimal_shift(model, outcome.name, "unique")
        if shift is None:
            continue
        found = brute_equilibria(model, shift.point(model))
        assert found and found <= profiles_of(model, outcome.name), outcome.name


# -- random small scenarios -----------------------------------------------------------------

COEFFICIENT = st.integers(min_value=-3, max_value=3)


@st.composite
def small_scenarios(draw: st.DrawFn) -> Scenario:
    """Two actors with two strategies; each payoff is a + b*p + c*q (small integers)."""
    cells = []
    for _ in range(4):
        pair = []
        for _ in range(2):
            a, b, c = draw(COEFFICIENT), draw(COEFFICIENT), draw(COEFFICIENT)
            pair.append(f'"{a} + {b}*p + {c}*q"')
        cells.append(f"[{pair[0]}, {pair[1]}]")
    p_value, q_value = draw(st.integers(0, 4)), draw(st.integers(0, 4))
    text = f"""
title = "random"
description = "random"
coalition_outcome = "Both X"
[parameters.p]
value = {p_value}
range = [0, 4]
doc = "p"
[parameters.q]
value = {q_value}
range = [0, 4]
doc = "q"
[[actors]]
name = "A"
strategies = ["X", "Y"]
[[actors]]
name = "B"
strategies = ["X", "Y"]
[[games]]
name = "A-B"
players = ["A", "B"]
[[games.layers]]
name = "all"
payoffs = [[{cells[0]}, {cells[1]}], [{cells[2]}, {cells[3]}]]
[[outcomes]]
name = "Both X"
profiles = [{{A = "X", B = "X"}}]
[[outcomes]]
name = "Both Y"
profiles = [{{A = "Y", B = "Y"}}]
"""
    return parse_scenario(text)


@settings(max_examples=40, deadline=None)
@given(
    small_scenarios(),
    st.sampled_from(["unique", "breaks"]),
    st.sampled_from(["Both X", "Both Y"]),
)
def test_exclusive_shift_is_met_and_globally_smallest(
    model: Scenario, goal: str, target: str
) -> None:
    shift = minimal_shift(model, target, goal)  # type: ignore[arg-type]
    wanted = profiles_of(model, target)
    rng = np.random.default_rng(0)
    grid = [
        {"p": Fraction(int(x), 8), "q": Fraction(int(y), 8)}
        for x, y in rng.integers(0, 33, size=(150, 2))
    ]

    def meets_with_margin(values: dict[str, Fraction]) -> bool:
        gains = strict_margin(model, values)
        equilibria = {p for p, g in gains.items() if g <= 0}
        broken = [p for p in gains if (p not in wanted if goal == "unique" else p in wanted)]
        if any(gains[p] < DEFAULT_MARGIN for p in broken):
            return False
        return goal == "breaks" or bool(equilibria & wanted)

    def size(values: dict[str, Fraction]) -> Fraction:
        return sum((abs(values[n] - model.values[n]) / 4 for n in ("p", "q")), Fraction(0))

    if shift is None:
        assert not any(meets_with_margin(v) for v in grid)
        return
    point = shift.point(model)
    found = brute_equilibria(model, point)
    if goal == "unique":
        assert found and found <= wanted
    else:
        assert not found & wanted
    assert shift.recheck is not None and shift.recheck.met
    assert shift.distance_exact is not None
    for values in grid:
        if meets_with_margin(values):
            assert size(values) >= shift.distance_exact - Fraction(1, 10**6)


# -- goal selected: a search (stand-in share functions; the real one in test_path_answer) --


def test_selected_search_finds_the_boundary_of_a_known_share() -> None:
    def share(scenario: Scenario, outcome: str) -> float:
        return 1.0 if scenario.values["threat"] < Fraction(5, 2) else 0.0

    found = selected_search(allies(), "Split", share)
    assert found.candidate is not None and found.share == 1.0
    threat = found.candidate.point["threat"]
    assert Fraction(2) <= threat < Fraction(5, 2)
    assert found.candidate.optimality == "search"
    assert "not an exact bound" in found.candidate.guarantee


def test_selected_search_reports_none_when_never_selected() -> None:
    found = selected_search(allies(), "Split", lambda scenario, outcome: 0.25)
    assert found.candidate is None and found.baseline_share == 0.25


def test_selected_search_stops_when_already_selected() -> None:
    found = selected_search(allies(), "Split", lambda scenario, outcome: 0.75)
    assert found.candidate is None and found.evaluations == 1


@st.composite
def nonlinear_scenarios(draw: st.DrawFn) -> Scenario:
    """As :func:`small_scenarios`, with a product ``p*q`` in every payoff (not linear)."""
    p_value, q_value = draw(st.integers(0, 4)), draw(st.integers(0, 4))
    cells = []
    for _ in range(4):
        pair = []
        for _ in range(2):
            a, b, c = draw(COEFFICIENT), draw(COEFFICIENT), draw(COEFFICIENT)
            pair.append(f'"{a} + {b}*p*q + {c}*q"')
        cells.append(f"[{pair[0]}, {pair[1]}]")
    layer = f"payoffs = [[{cells[0]}, {cells[1]}], [{cells[2]}, {cells[3]}]]"
    source = NONLINEAR.replace("PAYOFFS", layer)
    return parse_scenario(source.replace("P0", str(p_value)).replace("Q0", str(q_value)))


NONLINEAR = """
title = "random"
description = "random"
coalition_outcome = "Both X"
[parameters.p]
value = P0
range = [0, 4]
doc = "p"
[parameters.q]
value = Q0
range = [0, 4]
doc = "q"
[[actors]]
name = "A"
strategies = ["X", "Y"]
[[actors]]
name = "B"
strategies = ["X", "Y"]
[[games]]
name = "A-B"
players = ["A", "B"]
[[games.layers]]
name = "all"
PAYOFFS
[[outcomes]]
name = "Both X"
profiles = [{A = "X", B = "X"}]
[[outcomes]]
name = "Both Y"
profiles = [{A = "Y", B = "Y"}]
"""


@settings(max_examples=15, deadline=None)
@given(nonlinear_scenarios(), st.sampled_from(["unique", "breaks"]))
def test_local_search_points_are_rechecked(model: Scenario, goal: str) -> None:
    shift = minimal_shift(model, "Both Y", goal)  # type: ignore[arg-type]
    if shift is None:
        return
    found = brute_equilibria(model, shift.point(model))
    wanted = profiles_of(model, "Both Y")
    if goal == "unique":
        assert found and found <= wanted
    else:
        assert not found & wanted
    assert shift.recheck is not None and shift.recheck.met


@pytest.mark.parametrize("name", ["mosul", "us-turkey-ypg", "two-allies"])
@pytest.mark.parametrize("goal", ["equilibrium", "unique", "breaks"])
def test_every_threshold_witnessed_by_analyze(name: str, goal: str) -> None:
    """Just past each threshold, analyze's own equilibria agree with the tipping code."""
    model = read_scenario(ROOT / "games" / f"{name}.toml")
    for outcome in model.outcomes:
        result = tipping_analysis(
            model, outcome.name, goal=goal, shift=False, cells=False  # type: ignore[arg-type]
        )
        for entry in result.parameters:
            for threshold in (entry.increase, entry.decrease):
                if threshold is None:
                    continue
                assert threshold.recheck is not None and threshold.witness is not None
                assert threshold.recheck.met is (threshold.kind == "becomes")
