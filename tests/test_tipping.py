"""Tipping thresholds, the smallest combined shift and key cells.

Known answers are hand-computed in the comments of the fixture scenarios
(tests/data/tipping-*.toml) and of games/two-allies.toml and games/mosul.toml
(its header states the thresholds derived by hand from its payoff tables).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.joint import joint_game
from stability.analysis.tipping import (
    RealSet,
    Threshold,
    nearest_thresholds,
    nonnegative_set,
    tipping_analysis,
)
from stability.cli.app import main
from stability.io.scenario import read_scenario
from stability.model.scenario import Scenario

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


def scenario(name: str) -> Scenario:
    if name in {"mosul", "two-allies", "us-turkey-ypg"}:
        return read_scenario(ROOT / "games" / f"{name}.toml")
    return read_scenario(DATA / f"tipping-{name}.toml")


def equilibria(model: Scenario, values: dict[str, Fraction]) -> set[tuple[int, ...]]:
    """Pure equilibria of the exact joint game (independent of the tipping code)."""
    game = joint_game(model, values)
    shape = model.shape
    found = set()
    import itertools

    for profile in itertools.product(*(range(n) for n in shape)):
        stable = True
        for i in range(len(shape)):
            here = game.payoff(i, profile)
            for s in range(shape[i]):
                other = profile[:i] + (s,) + profile[i + 1 :]
                if game.payoff(i, other) > here:
                    stable = False
        if stable:
            found.add(profile)
    return found


def target_holds(
    model: Scenario, target: str, values: dict[str, Fraction], unique: bool = False
) -> bool:
    mask = model.outcome_mask(target)
    found = equilibria(model, values)
    inside = {p for p in found if mask[p]}
    if unique:
        return bool(inside) and inside == found
    return bool(inside)


def rational(value: sympy.Expr) -> Fraction:
    return Fraction(str(sympy.Rational(sympy.nsimplify(sympy.N(value, 40), rational=True))))


def check_threshold(
    model: Scenario, target: str, threshold: Threshold, unique: bool = False
) -> None:
    """Just past the threshold the target holds (or stops); just short it does not."""
    epsilon = Fraction(1, 10**6)
    sign = 1 if threshold.direction == "increase" else -1
    point = rational(threshold.value)
    beyond = {threshold.parameter: point + sign * epsilon}
    short = {threshold.parameter: point - sign * epsilon}
    becomes = threshold.kind == "becomes"
    assert target_holds(model, target, beyond, unique) is becomes
    if threshold.distance > 2e-6:
        assert target_holds(model, target, short, unique) is not becomes


# -- exact sets -----------------------------------------------------------------------


def test_nonnegative_set_handles_min_max_abs_and_roots() -> None:
    x = sympy.Symbol("x")
    assert str(nonnegative_set(sympy.Abs(x - 1) - 1, x)) == "(-inf, 0] ∪ [2, inf)"
    assert str(nonnegative_set(sympy.Max(x, 2) - 3, x)) == "[3, inf)"
    assert str(nonnegative_set(2 - sympy.Min(x, 5), x)) == "(-inf, 2]"
    assert str(nonnegative_set(x**2 - 2, x)) == "(-inf, -sqrt(2)] ∪ [sqrt(2), inf)"
    assert str(nonnegative_set(1 / x - 2, x)) == "(0, 1/2]"


def test_real_set_algebra() -> None:
    a = RealSet.at_least(sympy.Integer(3)).union(RealSet.at_most(sympy.Integer(1)))
    assert str(a) == "(-inf, 1] ∪ [3, inf)"
    assert str(a.complement()) == "(1, 3)"
    assert not a.intersection(a.complement())
    assert a.just_above(sympy.Integer(3)) and not a.just_below(sympy.Integer(3))


# -- known answers ---------------------------------------------------------------------


def test_two_disjoint_intervals() -> None:
    model = scenario("two-intervals")
    result = tipping_analysis(model, "Matched")
    entry = result.parameter("x")
    assert str(entry.holds) == "(-inf, 1] ∪ [3, inf)"
    assert entry.increase is not None and entry.increase.exact == "3"
    assert entry.decrease is not None and entry.decrease.exact == "1"
    assert entry.nearest is entry.increase  # a tie at 1/5 of the range: increase first
    for threshold in (entry.increase, entry.decrease):
        check_threshold(model, "Matched", threshold)
    document = result.document()
    assert document["thresholds"][0]["intervals"] == [["-inf", "1"], ["3", "inf"]]
    assert document["thresholds"][0]["opposite"]["exact"] == "1"


def test_unique_uses_strict_inequalities() -> None:
    # (X, Y) is an equilibrium for 1 <= x <= 3, so "Matched" is the only one on
    # (-inf, 1) U (3, inf): open at both ends.
    model = scenario("two-intervals")
    result = tipping_analysis(model, "Matched", unique=True)
    entry = result.parameter("x")
    assert str(entry.holds) == "(-inf, 1) ∪ (3, inf)"
    assert not target_holds(model, "Matched", {"x": Fraction(3)}, unique=True)
    assert entry.increase is not None
    check_threshold(model, "Matched", entry.increase, unique=True)


def test_never_reachable() -> None:
    result = tipping_analysis(scenario("never"), "Alpha plays Y")
    assert result.thresholds == []
    assert result.unreachable == ["p", "q"]
    assert result.minimal_shift is None
    document = result.document()
    assert document["minimal_shift"] is None and document["thresholds"] == []
    # One payoff cell can still tip it: Alpha's "Y" pays 1 less than "X".
    assert result.key_cells and abs(result.key_cells[0].change or 0) == 1


def test_nonlinear_weight_times_parameter() -> None:
    model = scenario("nonlinear")
    result = tipping_analysis(model, "Deal")
    exact = {e.parameter: t.exact for e, t in result.thresholds}
    assert exact == {"w": "2", "v": "2", "c": "sqrt(2)"}
    assert str(result.parameter("c").holds) == "(-inf, -sqrt(2)] ∪ [sqrt(2), inf)"
    assert result.unreachable == ["x"]
    for _, threshold in result.thresholds:
        check_threshold(model, "Deal", threshold)
    shift = result.minimal_shift
    assert shift is not None and shift.verified
    point = {p.parameter: p.exact for p in shift.parameters if p.exact is not None}
    assert target_holds(model, "Deal", point)
    # Moving c alone to sqrt(2) costs (sqrt(2) - 1)/3 of its range, less than w or v alone (1/4).
    assert shift.distance == pytest.approx((2**0.5 - 1) / 3, abs=1e-4)
    assert "verified exactly" in shift.guarantee


def test_piecewise_outcome() -> None:
    model = scenario("nonlinear")
    result = tipping_analysis(model, "Standoff")
    entry = result.parameter("x")
    assert str(entry.holds) == "[3, inf)" and entry.increase is not None
    check_threshold(model, "Standoff", entry.increase)


def test_mosul_known_thresholds() -> None:
    model = scenario("mosul")
    road = tipping_analysis(model, "The Road to U.S. Defeat in Iraq")
    found = {e.parameter: (t.exact, t.direction) for e, t in road.thresholds}
    # docs/explanation/mosul-model.md: the militias' condition (the U.S. sidelining
    # them, Iran keeping its distance) alienation + fighting_cost/2 >= victory_level/2
    assert found["alienation"] == ("5/2", "increase")
    assert found["fighting_cost"] == ("4", "increase")
    assert "threat" not in found  # the militias' condition does not involve it
    binding = road.parameter("alienation").nearest
    assert binding is not None
    assert binding.binding[0].actor == "Militias"
    assert binding.binding[0].from_strategy == "Partition deal"
    assert binding.binding[0].to_strategy == "Fight IS"
    assert "stop preferring Fight IS to Partition deal" in binding.binding[0].sentence
    coalition = tipping_analysis(model, "Competing and Cooperating in Iraq", cells=False)
    assert coalition.holds_at_baseline
    decrease = coalition.parameter("false_flag").increase
    # IS stages a false flag once false_flag > threat/8 = 1; under it the U.S. stays
    # while 3*threat/8 + us_influence >= w_assad + w_saudi + 3*friendly_fire/4 +
    # 3*false_flag/4, i.e. up to 13/6: beyond the range [0, 2]
    assert decrease is not None and decrease.exact == "13/6" and decrease.kind == "stops"
    assert not decrease.within_range
    check_threshold(model, "Competing and Cooperating in Iraq", decrease)


def test_mosul_minimal_shift_is_verified_exactly() -> None:
    model = scenario("mosul")
    result = tipping_analysis(model, "The Road to U.S. Defeat in Iraq", cells=False)
    shift = result.minimal_shift
    assert shift is not None and shift.verified
    point = {p.parameter: p.exact for p in shift.parameters if p.exact is not None}
    assert target_holds(model, "The Road to U.S. Defeat in Iraq", point)
    nearest = min(t.distance for _, t in result.thresholds if t.within_range)
    assert shift.distance <= nearest + 1e-12


@pytest.mark.parametrize("name", ["mosul", "two-allies", "us-turkey-ypg"])
def test_every_threshold_of_bundled_scenarios(name: str) -> None:
    model = scenario(name)
    for outcome in model.outcomes:
        result = tipping_analysis(model, outcome.name, shift=False, cells=False)
        for entry in result.parameters:
            for threshold in (entry.increase, entry.decrease):
                if threshold is not None:
                    check_threshold(model, outcome.name, threshold)


def test_nearest_thresholds_for_analyze() -> None:
    found = nearest_thresholds(scenario("mosul"))
    assert "Competing and Cooperating in Iraq" not in found  # it holds already
    road = found["The Road to U.S. Defeat in Iraq"]
    # alienation 1 -> 5/2 is 3/8 of its range; fighting_cost 1 -> 4 is 3/4 of its
    assert road is not None and (road.parameter, road.exact) == ("alienation", "5/2")


@settings(max_examples=25, deadline=None)
@given(
    threat=st.fractions(min_value=0, max_value=10, max_denominator=8),
    dispute=st.fractions(min_value=0, max_value=4, max_denominator=8),
)
def test_thresholds_hold_just_past_and_fail_just_short(threat: Fraction, dispute: Fraction) -> None:
    model = scenario("two-allies").with_values({"threat": threat, "dispute": dispute})
    for outcome in model.outcomes:
        result = tipping_analysis(model, outcome.name, shift=False, cells=False)
        for entry in result.parameters:
            for threshold in (entry.increase, entry.decrease):
                if threshold is not None:
                    check_threshold(model, outcome.name, threshold)


# -- CLI ------------------------------------------------------------------------------


def test_cli_json_matches_library(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "tipping-two-intervals.toml")
    assert main(["tipping", path, "--target", "Matched", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    expected = json.loads(json.dumps(tipping_analysis(read_scenario(path), "Matched").document()))
    assert document == expected
    assert document["schema"] == "stability/tipping/v1"
    entry = document["thresholds"][0]
    for key in ("parameter", "baseline", "threshold", "exact", "direction", "within_range"):
        assert key in entry
    assert set(document["minimal_shift"]) >= {"parameters", "distance", "norm"}


def test_cli_set_bundled_name_and_tornado(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tornado.svg"
    code = main(
        ["tipping", "two-allies", "--target", "Alliance", "--set", "threat=1", "--out", str(out)]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "threat" in printed and "A stops preferring Defect to Cooperate" in printed
    assert out.read_text(encoding="utf-8").startswith("<?xml")


def test_cli_unknown_target_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tipping", "two-allies", "--target", "Nope"]) == 2
    assert capsys.readouterr().err.startswith("error:")
