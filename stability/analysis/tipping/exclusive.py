"""The smallest shift for goals that must break equilibria (``unique`` and ``breaks``).

"No other profile is an equilibrium" is a disjunction per profile: some actor must
gain by leaving it. With margins linear in the parameters the smallest L1 shift is
a mixed-integer linear program (one binary per deviation that may break a
profile, one per target profile that may hold), solved to global optimality by
HiGHS's branch and bound (:func:`scipy.optimize.milp`). A deviation that breaks a
profile must gain at least ``margin`` (a small positive payoff, stated in the
output): the set of shifts that break an equilibrium is open, so "smallest" needs
a margin to be attained. The optimum's branch is then solved again as a plain LP
and snapped to an exact rational vertex, and the goal is re-checked exactly.

Margins that are not linear are searched instead: a seeded random sample of the
box, checked with the vectorised joint game, then bisection toward the current
values along the segment to each of the nearest feasible samples (local only).

>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.tipping.margins import Context
>>> allies = read_scenario("games/two-allies.toml")
>>> found = exclusive_shift(Context(allies, "Split", "unique"), Fraction(1, 1000))
>>> found.point["threat"], found.point["dispute"], found.optimality
(Fraction(1999, 1000), Fraction(1, 1), 'global')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from stability.analysis.joint import CompiledScenario
from stability.analysis.tipping.lp import (
    Point,
    bounds,
    distance,
    goal_met_exactly,
    l1_linprog,
    linear_range,
    snap,
    widths,
)
from stability.analysis.tipping.margins import Context, Deviation, Profile

#: Random points drawn by the search for margins that are not linear.
SAMPLES = 4000


@dataclass(frozen=True)
class Candidate:
    """A shift found by one of the searches, before it is described.

    ``tight`` lists the deviations at their limits there (``margin == level``).
    """

    point: Point
    verified: bool
    profile: Profile | None
    method: str
    guarantee: str
    optimality: Literal["global", "local", "search"]
    margin: Fraction | None
    tight: tuple[tuple[Deviation, Fraction], ...] = ()


def _linear(context: Context) -> bool:
    return all(d.linear is not None for p in context.relevant_profiles() for d in context.table[p])


def exclusive_shift(context: Context, margin: Fraction) -> Candidate | None:
    """The smallest shift meeting a goal with profiles to break (see module docstring)."""
    if _linear(context):
        return _milp_shift(context, margin)
    return _sampled_shift(context)


def _milp_shift(context: Context, margin: Fraction) -> Candidate | None:
    from scipy.optimize import Bounds, LinearConstraint, milp

    scenario = context.scenario
    names = [p.name for p in scenario.parameters]
    n = len(names)
    box = dict(zip(names, bounds(scenario), strict=True))
    scale = [float(w) for w in widths(scenario)]
    baseline = [float(v) for v in scenario.values.values()]
    hold = list(context.condition.hold) if context.condition.hold is not None else None
    broken = list(context.condition.broken)
    if any(not context.table[q] for q in broken):
        return None  # a profile no actor can leave is always an equilibrium
    columns: list[tuple[str, Any]] = [("x", k) for k in range(n)] + [("a", k) for k in range(n)]
    hold_column = {}
    for p in hold or ():
        hold_column[p] = len(columns)
        columns.append(("y", p))
    break_column = {}
    for q in broken:
        for d in context.table[q]:
            break_column[d] = len(columns)
            columns.append(("z", d))
    rows: list[np.ndarray] = []
    limits: list[float] = []

    def row() -> np.ndarray:
        return np.zeros(len(columns))

    for k in range(n):
        up, down = row(), row()
        up[k], up[n + k] = 1.0, -1.0
        down[k], down[n + k] = -1.0, -1.0
        rows += [up, down]
        limits += [baseline[k], -baseline[k]]

    def coefficients(d: Deviation) -> list[float]:
        assert d.linear is not None
        return [float(d.linear.coefficients.get(name, 0)) for name in names]

    for p in hold or ():
        for d in context.table[p]:
            assert d.linear is not None
            low, _ = linear_range(d, box)
            big = float(max(Fraction(0), -low))
            # margin(x) >= -big (1 - y_p)
            r = row()
            r[:n] = [-c for c in coefficients(d)]
            r[hold_column[p]] = big
            rows.append(r)
            limits.append(float(d.linear.constant) + big)
        del p
    if hold is not None:
        r = row()
        for column in hold_column.values():
            r[column] = -1.0
        rows.append(r)
        limits.append(-1.0)
    for q in broken:
        r_any = row()
        for d in context.table[q]:
            assert d.linear is not None
            _, high = linear_range(d, box)
            big = float(max(Fraction(0), high + margin))
            # margin(x) <= -margin + big (1 - z)
            r = row()
            r[:n] = coefficients(d)
            r[break_column[d]] = big
            rows.append(r)
            limits.append(-float(margin) - float(d.linear.constant) + big)
            r_any[break_column[d]] = -1.0
        rows.append(r_any)
        limits.append(-1.0)
    cost = np.zeros(len(columns))
    cost[n : 2 * n] = [1.0 / s for s in scale]
    integrality = np.zeros(len(columns))
    integrality[2 * n :] = 1
    lower = np.array([float(box[name][0]) for name in names] + [0.0] * (len(columns) - n))
    upper = np.array(
        [float(box[name][1]) for name in names] + [np.inf] * n + [1.0] * (len(columns) - 2 * n)
    )
    result = milp(
        cost,
        constraints=LinearConstraint(np.array(rows), -np.inf, np.array(limits)),
        integrality=integrality,
        bounds=Bounds(lower, upper),
    )
    if result.status != 0 or result.x is None:
        return None
    x = result.x
    chosen_profile: Profile | None = None
    if hold is not None:
        chosen_profile = max(hold, key=lambda p: x[hold_column[p]])
    chosen_breaks = [max(context.table[q], key=lambda d: x[break_column[d]]) for q in broken]
    return _solve_branch(context, chosen_profile, chosen_breaks, margin)


def _solve_branch(
    context: Context, profile: Profile | None, breaks: Sequence[Deviation], margin: Fraction
) -> Candidate | None:
    """The branch the MILP chose, as an LP, snapped to an exact vertex and re-checked."""
    scenario = context.scenario
    names = [p.name for p in scenario.parameters]
    rows: list[list[float]] = []
    limits: list[float] = []
    levels: list[tuple[Deviation, Fraction]] = []
    for d in context.table[profile] if profile is not None else ():
        assert d.linear is not None
        rows.append([-float(d.linear.coefficients.get(n, 0)) for n in names])
        limits.append(float(d.linear.constant))
        levels.append((d, Fraction(0)))
    unique_breaks = list(dict.fromkeys(breaks))
    for d in unique_breaks:
        assert d.linear is not None
        rows.append([float(d.linear.coefficients.get(n, 0)) for n in names])
        limits.append(-float(margin) - float(d.linear.constant))
        levels.append((d, -margin))
    result = l1_linprog(
        rows,
        limits,
        [float(v) for v in scenario.values.values()],
        [float(w) for w in widths(scenario)],
        [(float(lo), float(hi)) for lo, hi in bounds(scenario)],
    )
    if result.status != 0:
        return None
    floats = list(result.x[: len(names)])
    tight = tuple(
        level
        for level, r, limit in zip(levels, rows, limits, strict=True)
        if abs(float(np.dot(r, floats)) - limit) <= 1e-7 * max(1.0, abs(limit))
    )
    point = snap(scenario, floats, tight, lambda p: goal_met_exactly(context, p))
    verified = point is not None
    if point is None:
        point = {n: Fraction(v) for n, v in zip(names, floats, strict=True)}
    return Candidate(
        point=point,
        verified=verified,
        profile=profile,
        method="mixed-integer linear program (scipy milp, HiGHS branch and bound): one "
        "binary per way to break each equilibrium to be broken"
        + (" and per target profile" if profile is not None else ""),
        guarantee="global optimum: the equilibrium conditions are linear in the parameters; "
        f"deviations that break an equilibrium gain at least {_fraction(margin)}; "
        + (
            "the point is verified exactly"
            if verified
            else "the float point could not be snapped to an exact one"
        ),
        optimality="global",
        margin=margin,
        tight=tight,
    )


def _sampled_shift(context: Context, seed: int = 0) -> Candidate | None:
    scenario = context.scenario
    names = [p.name for p in scenario.parameters]
    box = np.array([(float(lo), float(hi)) for lo, hi in bounds(scenario)])
    scale = np.array([float(w) for w in widths(scenario)])
    baseline = np.array([float(v) for v in scenario.values.values()])
    rng = np.random.default_rng(seed)
    sample = box[:, 0] + rng.random((SAMPLES, len(names))) * (box[:, 1] - box[:, 0])
    compiled = CompiledScenario(scenario)

    def met(points: np.ndarray) -> np.ndarray:
        mask = compiled.pure_equilibrium_mask({n: points[:, k] for k, n in enumerate(names)})
        flat = mask.reshape(len(points), -1)
        shape = scenario.shape
        ok = np.ones(len(points), dtype=bool)
        condition = context.condition
        if condition.hold is not None:
            ok &= flat[:, [np.ravel_multi_index(p, shape) for p in condition.hold]].any(axis=1)
        if condition.broken:
            ok &= ~flat[:, [np.ravel_multi_index(q, shape) for q in condition.broken]].any(axis=1)
        return ok

    feasible = sample[met(sample)]
    order = np.argsort(np.abs((feasible - baseline) / scale).sum(axis=1))
    best: tuple[Fraction, Point] | None = None
    for index in order[:5]:
        far = feasible[index]
        low, high = 0.0, 1.0  # met at `high`, not known at `low`
        for _ in range(40):
            middle = (low + high) / 2
            if met((baseline + middle * (far - baseline))[None, :])[0]:
                high = middle
            else:
                low = middle
        near = _pull_back(baseline + high * (far - baseline), baseline, met)
        for push in (0.0, 1e-9, 1e-6, 1e-3):
            trial = baseline + (1 + push) * (near - baseline)
            trial = np.clip(trial, box[:, 0], box[:, 1])
            point = snap(scenario, trial.tolist(), [], lambda p: goal_met_exactly(context, p))
            if point is not None:
                found = distance(scenario, point)
                if best is None or found < best[0]:
                    best = (found, point)
                break
    for point in _one_parameter_points(context):
        if goal_met_exactly(context, point):
            found = distance(scenario, point)
            if best is None or found < best[0]:
                best = (found, point)
    if best is None:
        return None
    return Candidate(
        point=best[1],
        verified=True,
        profile=None,
        method=f"random search ({SAMPLES} points, seed {seed}) of the parameter box, then "
        "bisection toward the current values from the 5 nearest points that meet the goal, "
        "then each parameter in turn back toward its current value; also each exact "
        "one-parameter threshold",
        guarantee="local: the point is verified exactly, but the conditions are not linear "
        "and the search is not proven to find the smallest shift",
        optimality="local",
        margin=None,
    )


def _one_parameter_points(context: Context) -> list[Point]:
    """Each parameter alone at (or, for an open set, just past) its nearest exact threshold."""
    from stability.analysis.tipping.thresholds import _parameter_tipping

    scenario = context.scenario
    points = []
    for parameter, width in zip(scenario.parameters, widths(scenario), strict=True):
        nearest = _parameter_tipping(context, parameter.name, binding=False).nearest
        if nearest is None or not nearest.within_range or nearest.kind != "becomes":
            continue
        sign = 1 if nearest.direction == "increase" else -1
        exact = nearest.value
        value = (
            Fraction(int(exact.p), int(exact.q))
            if exact.is_Rational
            else Fraction(nearest.float).limit_denominator(10**6)
        )
        for push in (Fraction(0), width / 10**6, width / 10**3):
            points.append({**scenario.values, parameter.name: value + sign * push})
    return points


def _pull_back(point: np.ndarray, baseline: np.ndarray, met: Any) -> np.ndarray:
    """Move each parameter in turn back toward its current value while the goal holds."""
    point = point.copy()
    for k in range(len(point)):
        if point[k] == baseline[k]:
            continue
        trial = point.copy()
        trial[k] = baseline[k]
        if met(trial[None, :])[0]:
            point = trial
            continue
        low, high = 0.0, 1.0  # share of the way back: `low` keeps the goal
        for _ in range(30):
            middle = (low + high) / 2
            trial[k] = point[k] + middle * (baseline[k] - point[k])
            if met(trial[None, :])[0]:
                low = middle
            else:
                high = middle
        point[k] = point[k] + low * (baseline[k] - point[k])
    return point


def _fraction(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"
