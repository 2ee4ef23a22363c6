"""The smallest combined shift of the parameters (within their ranges) that meets a goal.

Distance is L1 over range-normalised parameters. For ``equilibrium``: one linear
program per target profile when the margins are linear (global optimum), else
sequential linear programming from several starts (local). For ``unique`` and
``breaks``: :mod:`~stability.analysis.tipping.exclusive`. For ``selected``:
:mod:`~stability.analysis.tipping.selected`. Every point returned is re-checked by
the code ``analyze`` runs (:mod:`~stability.analysis.tipping.verify`).

>>> from stability.io.scenario import read_scenario
>>> allies = read_scenario("games/two-allies.toml").with_values({"threat": 1})
>>> shift = minimal_shift(allies, "Alliance")
>>> [(p.parameter, p.exact) for p in shift.parameters], shift.distance_exact
([('threat', Fraction(2, 1))], Fraction(1, 10))
>>> shift.recheck.met, shift.optimality
(True, 'global')
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from stability.analysis.joint import CompiledScenario
from stability.analysis.tipping.exclusive import Candidate, exclusive_shift
from stability.analysis.tipping.lp import (
    bounds,
    distance,
    goal_met_exactly,
    is_equilibrium_exactly,
    l1_linprog,
    snap,
    widths,
)
from stability.analysis.tipping.margins import Context, Goal, Profile, _margin_at
from stability.analysis.tipping.results import BindingConstraint, MinimalShift, ShiftedParameter
from stability.analysis.tipping.thresholds import _singular, binding
from stability.analysis.tipping.verify import recheck
from stability.model.scenario import Scenario

#: The payoff margin by which a deviation that breaks an equilibrium must gain.
DEFAULT_MARGIN = Fraction(1, 1000)


def _tight_binding(
    context: Context, profile: Profile | None, point: dict[str, Fraction]
) -> tuple[BindingConstraint, ...]:
    scenario = context.scenario
    found: list[BindingConstraint] = []
    if profile is None:
        return ()
    for deviation in context.table[profile]:
        if _margin_at(deviation, scenario, point) != 0:
            continue
        actor = scenario.actors[deviation.actor]
        own, other = actor.strategies[deviation.strategy], actor.strategies[deviation.to]
        label = actor.label or actor.name
        sentence = (
            f"{label} {'is' if _singular(label) else 'are'} indifferent between {own} and {other}"
        )
        found.append(binding(context, profile, deviation, "indifferent", sentence))
    return tuple(found)


def _linear_shift(
    context: Context, profile: Profile
) -> tuple[dict[str, Fraction], bool, list[float]] | None:
    scenario = context.scenario
    names = [p.name for p in scenario.parameters]
    rows, limits = [], []
    for deviation in context.table[profile]:
        assert deviation.linear is not None
        rows.append([-float(deviation.linear.coefficients.get(n, 0)) for n in names])
        limits.append(float(deviation.linear.constant))
    box = [(float(lo), float(hi)) for lo, hi in bounds(scenario)]
    result = l1_linprog(
        rows,
        limits,
        [float(v) for v in scenario.values.values()],
        [float(w) for w in widths(scenario)],
        box,
    )
    if result.status != 0:
        return None
    floats = list(result.x[: len(names)])
    tight = [
        d
        for d, row, limit in zip(context.table[profile], rows, limits, strict=True)
        if abs(float(np.dot(row, floats)) - limit) <= 1e-7 * max(1.0, abs(limit))
    ]
    point = snap(
        scenario,
        floats,
        [(d, Fraction(0)) for d in tight],
        lambda p: is_equilibrium_exactly(context, profile, p),
    )
    if point is None:
        return {n: Fraction(v) for n, v in zip(names, floats, strict=True)}, False, floats
    return point, True, floats


def _nonlinear_shift(
    context: Context, profile: Profile, seed: int = 0
) -> tuple[dict[str, Fraction], bool, list[float]] | None:
    """Sequential linear programming from several starts; the answer is verified exactly."""
    scenario = context.scenario
    names = [p.name for p in scenario.parameters]
    symbols = [sympy.Symbol(n) for n in names]
    margins = [d.margin for d in context.table[profile]]
    function = sympy.lambdify(symbols, margins, modules="numpy", dummify=True)
    box_array = np.array([(float(lo), float(hi)) for lo, hi in bounds(scenario)])
    scale = np.array([float(w) for w in widths(scenario)])
    baseline = np.array([float(v) for v in scenario.values.values()])

    def evaluate(x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(function(*x), dtype=float).reshape(len(margins))

    def gradient(x: np.ndarray) -> np.ndarray:
        columns = []
        for k in range(len(x)):
            step = 1e-6 * scale[k]
            up, down = x.copy(), x.copy()
            up[k] += step
            down[k] -= step
            columns.append((evaluate(up) - evaluate(down)) / (2 * step))
        return np.array(columns).T

    # Starting points: the baseline, and the nearest feasible points of a random sample.
    rng = np.random.default_rng(seed)
    sample = box_array[:, 0] + rng.random((4000, len(names))) * (box_array[:, 1] - box_array[:, 0])
    compiled = CompiledScenario(scenario)
    mask = compiled.pure_equilibrium_mask({n: sample[:, k] for k, n in enumerate(names)})
    chosen: tuple[Any, ...] = (slice(None), *profile)
    feasible = sample[mask[chosen]]
    starts = [baseline]
    if len(feasible):
        order = np.argsort(np.abs((feasible - baseline) / scale).sum(axis=1))
        starts += [feasible[i] for i in order[:4]]
    best: tuple[float, dict[str, Fraction], list[float]] | None = None
    for start in starts:
        x = start.copy()
        radius = 0.25
        for _ in range(60):
            values, jacobian = evaluate(x), gradient(x)
            # values + J (y - x) >= 0  <=>  -J y <= values - J x
            rows = (-jacobian).tolist()
            limits = (values - jacobian @ x).tolist()
            box = [
                (
                    max(box_array[k, 0], x[k] - radius * scale[k]),
                    min(box_array[k, 1], x[k] + radius * scale[k]),
                )
                for k in range(len(names))
            ]
            result = l1_linprog(rows, limits, baseline.tolist(), scale.tolist(), box)
            if result.status != 0:
                if radius >= 1:
                    break
                radius = min(1.0, radius * 2)
                continue
            y = np.asarray(result.x[: len(names)])
            moved = np.abs(y - x).max() / max(scale.max(), 1e-12)
            x = y
            if moved < 1e-10 and evaluate(x).min() >= -1e-12:
                break
            radius = max(radius * 0.7, 1e-6)
        for nudge in (0.0, 1e-9, 1e-6, 1e-4, 1e-2):
            trial = np.clip(x + nudge * (x - baseline), box_array[:, 0], box_array[:, 1])
            point = snap(
                scenario,
                trial.tolist(),
                [],
                lambda p: is_equilibrium_exactly(context, profile, p),
            )
            if point is not None:
                found = float(distance(scenario, point))
                if best is None or found < best[0]:
                    best = (found, point, trial.tolist())
                break
    if best is None:
        return None
    return best[1], True, best[2]


def minimal_shift(
    scenario: Scenario,
    target: str,
    goal: Goal = "equilibrium",
    *,
    margin: Fraction = DEFAULT_MARGIN,
) -> MinimalShift | None:
    """The smallest L1 range-normalised shift of all parameters (within their ranges)
    that meets ``goal`` for ``target``; ``None`` when none does. Not for ``selected``
    (see :func:`stability.analysis.tipping.selected.selected_shift`)."""
    return shift_for(Context(scenario, target, goal), margin)


def _equilibrium_shift(context: Context) -> Candidate | None:
    scenario = context.scenario
    best: tuple[float, Candidate] | None = None
    for profile in context.target_profiles:
        linear = all(d.linear is not None for d in context.table[profile])
        if linear:
            found = _linear_shift(context, profile)
            method = "linear program (scipy linprog, HiGHS), one per target profile"
            guarantee = (
                "global optimum: the equilibrium conditions are linear in the parameters; "
                "the point is verified exactly"
            )
        else:
            found = _nonlinear_shift(context, profile)
            method = (
                "sequential linear programming (HiGHS) from the current values and the "
                "nearest feasible points of a random sample"
            )
            guarantee = (
                "local: the point is verified exactly; locally optimal for the linearised "
                "conditions, not proven globally optimal"
            )
        if found is None:
            continue
        point, verified, floats = found
        size = (
            float(distance(scenario, point))
            if verified
            else sum(
                abs(f - float(p.value)) / float(w)
                for f, p, w in zip(floats, scenario.parameters, widths(scenario), strict=True)
            )
        )
        if not verified:
            guarantee = "not verified exactly (rounding); the float point is HiGHS's answer"
        candidate = Candidate(
            point=point,
            verified=verified,
            profile=profile,
            method=method,
            guarantee=guarantee,
            optimality="global" if linear else "local",
            margin=None,
        )
        if best is None or (size, not verified) < (best[0], not best[1].verified):
            best = (size, candidate)
    return None if best is None else best[1]


def shift_for(context: Context, margin: Fraction = DEFAULT_MARGIN) -> MinimalShift | None:
    """The smallest shift for the context's goal, described and re-checked."""
    if context.goal == "selected":
        raise ValueError("goal 'selected' is searched by stability.analysis.tipping.selected")
    if not context.scenario.parameters:  # nothing to move: the goal holds or it does not
        if not goal_met_exactly(context, {}):
            return None
        return describe_shift(
            context,
            Candidate(
                point={},
                verified=True,
                profile=None,
                method="no parameters to move",
                guarantee="global optimum: the goal holds as the scenario stands",
                optimality="global",
                margin=None,
            ),
        )
    found = (
        _equilibrium_shift(context)
        if context.goal == "equilibrium"
        else exclusive_shift(context, margin)
    )
    if found is None:
        return None
    return describe_shift(context, found)


def describe_shift(context: Context, found: Candidate, share: float | None = None) -> MinimalShift:
    """A found point as a :class:`MinimalShift`, re-checked by ``analyze``'s code."""
    scenario = context.scenario
    point = found.point
    checked = recheck(scenario, point, context.target, context.goal)
    if share is not None:
        checked = type(checked)(checked.outcomes, checked.equilibria, checked.met, share)
    moved = tuple(
        ShiftedParameter(
            parameter=p.name,
            baseline=p.value,
            value=float(point[p.name]),
            exact=point[p.name] if found.verified else None,
        )
        for p in scenario.parameters
        if point[p.name] != p.value
    )
    size = distance(scenario, point)
    binding: tuple[BindingConstraint, ...] = ()
    if found.verified:
        binding = _tight_binding(context, found.profile, point) + _breaking_binding(
            context, found, point
        )
    return MinimalShift(
        profile=None if found.profile is None else context.describe(found.profile),
        parameters=moved,
        distance=float(size),
        distance_exact=size if found.verified else None,
        verified=found.verified and checked.met,
        method=found.method,
        guarantee=found.guarantee,
        binding=binding,
        optimality=found.optimality,
        margin=found.margin,
        recheck=checked,
    )


def _breaking_binding(
    context: Context, found: Candidate, point: dict[str, Fraction]
) -> tuple[BindingConstraint, ...]:
    """The deviations that break an equilibrium by exactly the margin at the point."""
    scenario = context.scenario
    out = []
    for deviation, level in found.tight:
        if level == 0 or _margin_at(deviation, scenario, point) != level:
            continue
        actor = scenario.actors[deviation.actor]
        own, other = actor.strategies[deviation.strategy], actor.strategies[deviation.to]
        label = actor.label or actor.name
        others = [
            f"{a}: {s}" for a, s in context.describe(deviation.profile).items() if a != actor.name
        ]
        gains = "gains" if _singular(label) else "gain"
        out.append(
            BindingConstraint(
                actor=actor.name,
                from_strategy=own,
                to_strategy=other,
                profile=context.describe(deviation.profile),
                expression=f"{deviation.margin} <= {-level}",
                change="starts preferring",
                sentence=f"{label} {gains} {_fraction(-level)} by switching from {own} to "
                f"{other} (when {', '.join(others)})",
            )
        )
    return tuple(out)


def _fraction(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"
