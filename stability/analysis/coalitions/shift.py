"""A combined shift of several parameters that makes a structure stable (searched, verified).

Every verdict is decided by the order of payoffs, so it is constant on each region
where every payoff difference keeps its sign; with payoffs linear in the
parameters each such region is a polyhedron. Starting from each one-parameter
answer of :mod:`.thresholds` and from the first time the timeline makes the target
stable (points where it is stable), the search keeps that point's signs as
linear constraints and solves the linear program "least range-normalised L1
change from the scenario's values" over every parameter at once
(:func:`~stability.analysis.tipping.lp.l1_linprog`). The optimum is rounded to
fractions and checked by running the exact analysis there; when a strict sign
became an equality at the optimum, the point is pulled back toward the start
until the exact check passes. The result is therefore verified, and never farther
than the best start, but it is the best of the regions visited, not a proof of
the global minimum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any

import numpy as np
import sympy

from stability.analysis.coalitions.evaluate import coalition_analysis
from stability.analysis.coalitions.preferences import RankingRule
from stability.analysis.coalitions.thresholds import VariableSweep
from stability.analysis.tipping.lp import bounds, distance, l1_linprog, widths
from stability.errors import InputError
from stability.model.exact import format_fraction
from stability.model.joint import joint_game, joint_payoff_expressions
from stability.model.scenario import Scenario

METHOD_TEXT = (
    "search: from each one-parameter answer (and the timeline's first stable time), "
    "the least range-normalised L1 change of all parameters at once that keeps every "
    "payoff order of that answer (a linear program), checked exactly; the best of the "
    "regions visited, not proven minimal"
)

Linear = tuple[tuple[Fraction, ...], Fraction]  # coefficients, constant


@dataclass(frozen=True)
class CombinedShift:
    """New values of the parameters that move, the exact distance, and the check."""

    values: dict[str, Fraction]
    distance: Fraction
    start: str

    def to_json(self, scenario: Scenario) -> dict[str, Any]:
        moved = {
            name: {"value": float(v), "exact": format_fraction(v),
                   "baseline": format_fraction(scenario.parameter(name).value)}
            for name, v in self.values.items() if v != scenario.parameter(name).value
        }
        return {"parameters": moved, "distance": float(self.distance),
                "exact_distance": format_fraction(self.distance), "start": self.start,
                "method": METHOD_TEXT, "verified": True}


def _linear(expression: sympy.Expr, symbols: Sequence[sympy.Symbol]) -> Linear | None:
    try:
        poly = sympy.Poly(expression, *symbols)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() > 1:
        return None
    coefficients = []
    for symbol in symbols:
        value = poly.coeff_monomial(symbol)
        if not value.is_Rational:
            return None
        coefficients.append(Fraction(int(value.p), int(value.q)))
    constant = poly.coeff_monomial(1)
    if not constant.is_Rational:
        return None
    return tuple(coefficients), Fraction(int(constant.p), int(constant.q))


def payoff_differences(scenario: Scenario, transferable: bool) -> list[Linear] | None:
    """Every difference of two payoffs of one actor (and of a coalition's sums with
    ``transferable``) as a linear form in the parameters; ``None`` when one is not linear."""
    symbols = [p.symbol for p in scenario.parameters]
    tables = joint_payoff_expressions(scenario)
    groups = [set(table.ravel().tolist()) for table in tables]
    if transferable:
        n = len(tables)
        for size in range(2, n + 1):
            for coalition in combinations(range(n), size):
                summed = sum((tables[i] for i in coalition[1:]), tables[coalition[0]])
                groups.append(set(np.asarray(summed).ravel().tolist()))
    found: set[Linear] = set()
    for values in groups:
        for a, b in combinations(values, 2):
            linear = _linear(sympy.expand(a - b), symbols)
            if linear is None:
                return None
            if any(linear[0]):
                found.add(linear)
    return sorted(found)


def _value(form: Linear, point: Sequence[Fraction]) -> Fraction:
    return sum((c * x for c, x in zip(form[0], point, strict=True)), form[1])


def combined_shift(
    scenario: Scenario,
    sweeps: Sequence[VariableSweep],
    target: int,
    concept: str,
    *,
    rule: RankingRule,
    transferable: bool,
) -> CombinedShift | None:
    """The smallest verified combined shift found (see the module); ``None`` when no
    start exists or the payoffs are not linear in the parameters."""
    differences = payoff_differences(scenario, transferable)
    if differences is None:
        return None
    names = [p.name for p in scenario.parameters]
    baseline = [p.value for p in scenario.parameters]
    box = bounds(scenario)
    scale = widths(scenario)

    def stable_at(point: Sequence[Fraction]) -> bool:
        values = dict(zip(names, point, strict=True))
        try:
            analysis = coalition_analysis(joint_game(scenario, values), rule=rule,
                                          transferable=transferable)
        except InputError:
            return False
        return bool(analysis.verdicts[concept][target])

    starts: list[tuple[str, list[Fraction]]] = []
    for sweep in sweeps:
        stable = [p.point for p in sweep.pieces
                  if p.point is not None and p.stable(concept, target)]
        if not stable:
            continue
        if sweep.variable == "t":  # every parameter as the timeline has it then
            moment = min(stable)
            values = scenario.at_time(moment, exact=False).values
            starts.append((f"t = {format_fraction(moment)}", [values[n] for n in names]))
        elif sweep.variable in names:
            k = names.index(sweep.variable)
            point = list(baseline)
            point[k] = min(stable, key=lambda v: abs(v - baseline[k]))
            starts.append((sweep.variable, point))

    def inside(point: Sequence[Fraction]) -> bool:
        return all(lo <= x <= hi for x, (lo, hi) in zip(point, box, strict=True))

    best: CombinedShift | None = None
    for label, start in starts:
        rows: list[list[float]] = []
        limits: list[float] = []
        for form in differences:
            sign = _value(form, start)
            row = [float(c) for c in form[0]]
            if sign >= 0:  # keep a.x + b >= 0
                rows.append([-c for c in row])
                limits.append(float(form[1]))
            if sign <= 0:  # keep a.x + b <= 0
                rows.append(row)
                limits.append(-float(form[1]))
        solved = l1_linprog(rows, limits, [float(v) for v in baseline], [float(w) for w in scale],
                            [(float(lo), float(hi)) for lo, hi in box])
        candidates: list[list[Fraction]] = []
        if solved.status == 0:
            optimum = [Fraction(float(x)).limit_denominator(10**6)
                       for x in solved.x[: len(names)]]
            optimum = [b if abs(float(o - b)) < 1e-9 else o
                       for o, b in zip(optimum, baseline, strict=True)]
            candidates.append(optimum)
            for step in range(1, 12):
                keep = 1 - Fraction(1, 2**step)
                candidates.append([s + (o - s) * keep
                                   for s, o in zip(start, optimum, strict=True)])
        candidates.append(start)
        for point in candidates:
            if inside(point) and stable_at(point):
                values = dict(zip(names, point, strict=True))
                found = CombinedShift(values, distance(scenario, values), label)
                if best is None or found.distance < best.distance:
                    best = found
                break
    return best
