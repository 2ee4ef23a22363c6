"""Shared pieces of the smallest-shift searches: the parameter box, the L1 linear
program, exact snapping of a float optimum, and exact goal checks.

>>> from stability.io.scenario import read_scenario
>>> allies = read_scenario("games/two-allies.toml")
>>> distance(allies, {"threat": Fraction(4), "dispute": Fraction(1), "decay": Fraction(1, 2)})
Fraction(1, 10)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from stability.analysis.tipping.margins import Context, Deviation, Profile, _margin_at
from stability.analysis.tipping.sets import _rational
from stability.errors import InputError
from stability.model.scenario import Scenario

Point = dict[str, Fraction]


def bounds(scenario: Scenario) -> list[tuple[Fraction, Fraction]]:
    """Each parameter's range, widened to include its current value."""
    return [(min(p.range[0], p.value), max(p.range[1], p.value)) for p in scenario.parameters]


def widths(scenario: Scenario) -> list[Fraction]:
    """Each parameter's range width (1 for a degenerate range)."""
    return [(p.range[1] - p.range[0]) or Fraction(1) for p in scenario.parameters]


def distance(scenario: Scenario, point: Mapping[str, Fraction]) -> Fraction:
    """The L1 range-normalised distance from the current values to ``point``."""
    return sum(
        (
            abs(point[p.name] - p.value) / w
            for p, w in zip(scenario.parameters, widths(scenario), strict=True)
        ),
        Fraction(0),
    )


def l1_linprog(
    rows: list[list[float]],
    limits: list[float],
    baseline: list[float],
    scale: list[float],
    box: list[tuple[float, float]],
) -> Any:
    """minimise sum |x - baseline| / scale subject to rows @ x <= limits and the box."""
    from scipy.optimize import linprog

    n = len(baseline)
    cost = np.concatenate([np.zeros(n), 1.0 / np.asarray(scale)])
    identity = np.eye(n)
    a_abs = np.block([[identity, -identity], [-identity, -identity]])
    b_abs = np.concatenate([np.asarray(baseline), -np.asarray(baseline)])
    if rows:
        a_rows = np.hstack([np.asarray(rows, dtype=float), np.zeros((len(rows), n))])
        a_ub = np.vstack([a_abs, a_rows])
        b_ub = np.concatenate([b_abs, np.asarray(limits, dtype=float)])
    else:
        a_ub, b_ub = a_abs, b_abs
    variable_bounds = list(box) + [(0.0, None)] * n
    return linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=variable_bounds, method="highs")


def is_equilibrium_exactly(
    context: Context, profile: Profile, point: Mapping[str, Fraction]
) -> bool:
    """Whether ``profile`` is a pure equilibrium at ``point`` (exact margins)."""
    try:
        return all(_margin_at(d, context.scenario, point) >= 0 for d in context.table[profile])
    except InputError:
        return False


def goal_met_exactly(context: Context, point: Mapping[str, Fraction]) -> bool:
    """Whether the goal's exact condition holds at ``point``."""
    equilibria = [
        p for p in context.relevant_profiles() if is_equilibrium_exactly(context, p, point)
    ]
    return context.condition.met(equilibria)


def snap(
    scenario: Scenario,
    floats: Sequence[float],
    tight: Sequence[tuple[Deviation, Fraction]],
    check: Callable[[Point], bool],
) -> Point | None:
    """An exact point near the float solution that passes ``check``.

    Values within rounding of the current value or a bound snap to it; the others are
    rounded, and if that fails, solved exactly from the tight conditions
    ``margin == level`` (each ``(deviation, level)`` in ``tight``).
    """
    names = [p.name for p in scenario.parameters]
    point: Point = {}
    free: list[str] = []
    for name, value, parameter, (low, high) in zip(
        names, floats, scenario.parameters, bounds(scenario), strict=True
    ):
        scale = 1e-9 * max(1.0, float(high - low))
        if abs(value - float(parameter.value)) <= scale:
            point[name] = parameter.value
        elif abs(value - float(low)) <= scale:
            point[name] = low
        elif abs(value - float(high)) <= scale:
            point[name] = high
        else:
            point[name] = Fraction(value).limit_denominator(10**6)
            free.append(name)
    if check(point):
        return point
    linear = [(d, level) for d, level in tight if d.linear is not None]
    if free and linear:
        symbols = [sympy.Symbol(n) for n in free]
        fixed = {sympy.Symbol(k): _rational(v) for k, v in point.items() if k not in free}
        equations = [d.margin.xreplace(fixed) - _rational(level) for d, level in linear]
        for solution in sympy.linsolve(equations, symbols):
            candidate = dict(point)
            exact = True
            for name, value in zip(free, solution, strict=True):
                value = value.xreplace({sympy.Symbol(n): _rational(point[n]) for n in free})
                if not value.is_Rational:
                    exact = False
                    break
                candidate[name] = Fraction(int(value.p), int(value.q))
            if exact and check(candidate):
                return candidate
    return None


def linear_rows(context: Context, deviation: Deviation, sign: int) -> tuple[list[float], float]:
    """``sign * margin(x) <= limit`` as ``row @ x <= limit`` minus the constant (floats).

    ``margin >= 0`` is ``sign = -1`` with limit ``constant``; ``margin <= level`` is
    ``sign = 1`` with limit ``level - constant`` (the caller adds ``level``).
    """
    assert deviation.linear is not None
    names = [p.name for p in context.scenario.parameters]
    row = [sign * float(deviation.linear.coefficients.get(n, 0)) for n in names]
    return row, -sign * float(deviation.linear.constant)


def linear_range(
    deviation: Deviation, box: Mapping[str, tuple[Fraction, Fraction]]
) -> tuple[Fraction, Fraction]:
    """The exact least and greatest value of a linear margin over the box."""
    assert deviation.linear is not None
    low = high = deviation.linear.constant
    for name, c in deviation.linear.coefficients.items():
        a, b = c * box[name][0], c * box[name][1]
        low += min(a, b)
        high += max(a, b)
    return low, high
