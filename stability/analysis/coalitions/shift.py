"""The smallest combined shift of the parameters that makes a structure stable, proven.

**Norm.** The distance from the scenario's values ``x0`` to ``x`` is
``sum_i |x_i - x0_i| / w_i`` (L1, each parameter relative to its range width
``w_i``); every parameter stays in its range.

**Why a finite search can be exact.** Every verdict of every concept depends on the
parameters only through the order of the payoffs: the sign of each difference of
two payoffs of one actor (with ``transferable``, of two sums of a coalition). With
payoffs linear in the parameters each difference is an affine form ``h(x)``, and
the space is cut by the hyperplanes ``h = 0`` into *faces* (each form ``> 0``,
``= 0`` or ``< 0``) on which every verdict is constant. The least distance to a
face is a linear programme over its closure.

**The search.**

1. Starts: points where the target is stable (each one-parameter answer of the
   sweeps, the timeline's first stable time; without any, :data:`SAMPLES` points
   drawn at random in the box). Each start's face gives an upper
   bound ``d`` (its linear programme, solved exactly by
   :func:`~stability.analysis.exact_lp.minimise`).
2. Branch and bound over the faces nearer than ``d``: inside the open ball of
   radius ``d`` only the hyperplanes that meet the closed ball can change sign
   (at most :data:`MAX_HYPERPLANES` of them are taken)
   (a hyperplane ``a.x + b = 0`` is at distance ``|h(x0)| / max_i |a_i w_i|`` from
   ``x0``). The search fixes their signs one by one (``<``, ``=``, ``>``), prunes
   a partial assignment whose relaxed programme (floating point, HiGHS, kept when
   within 1e-9) is infeasible or no nearer than the best found, and at each
   complete assignment finds an exact point inside the face (the exact programme
   maximising the least strict margin) and runs the exact analysis there; a face
   where the target is stable gives its exact least distance, which becomes the
   new bound.
3. When the search ends within :data:`MAX_NODES` programmes every face nearer than
   the answer has been examined, so the answer is the exact minimum (``proven``);
   otherwise it is the best found (``proven`` false, and the output says so).

The least distance of a face may be an infimum: its optimum can sit on the face's
boundary, where the verdict differs. The answer then says so and gives a verified
point on the segment from the face's inner point toward the optimum (within
1/1024 of the way).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from stability.analysis.coalitions.concepts import CONCEPTS
from stability.analysis.coalitions.evaluate import VerdictCache, coalition_verdicts
from stability.analysis.coalitions.preferences import RankingRule
from stability.analysis.coalitions.programmes import Linear, Programmes
from stability.analysis.coalitions.thresholds import VariableSweep
from stability.errors import InputError
from stability.model.exact import format_fraction
from stability.model.game import Game
from stability.model.joint import joint_payoff_expressions
from stability.model.scenario import Scenario

#: Most linear programmes the branch and bound solves before it stops unproven.
MAX_NODES = 500

#: Most hyperplanes nearer than the best start that the branch and bound takes (each
#: may split every region in three): beyond it the answer is the best start, unproven.
MAX_HYPERPLANES = 40

#: Points drawn at random in the parameters' box (seed 0) when no sweep reached a point
#: where the target is stable: the search needs one to start from.
SAMPLES = 64

#: How the answer is found, for documents and tables (the proof is in ``proven``).
METHOD_TEXT = (
    "least range-normalised L1 distance from the scenario's values (parameters within "
    "their ranges); exact linear programmes over the regions where every payoff "
    "difference keeps its sign, and a branch and bound over every region nearer than the "
    "answer (proven minimal when it ends)"
)

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class CombinedShift:
    """The least combined shift for one concept.

    ``distance`` is the exact least distance (an infimum when ``attained`` is false);
    ``values`` a point where the target is stable, verified exactly, at
    ``point_distance``; ``proven`` says whether the branch and bound ended (the
    minimum over every face nearer than ``distance`` was examined), with ``faces``
    (complete sign assignments examined) and ``programmes`` (linear programmes
    solved).
    """

    values: dict[str, Fraction]
    distance: Fraction
    point_distance: Fraction
    attained: bool
    proven: bool
    start: str
    hyperplanes: int
    faces: int
    programmes: int

    def sentence(self) -> str:
        """The claim, generated from the result."""
        exact = _number(self.distance)
        if self.proven:
            claim = (f"proven minimal: every region nearer than {exact} was examined "
                     f"({_count(self.hyperplanes, 'payoff-order hyperplane')} there, "
                     f"{_count(self.faces, 'region')}, "
                     f"{_count(self.programmes, 'linear programme')})")
        elif self.faces == 0 and self.hyperplanes > MAX_HYPERPLANES:
            claim = (f"not proven minimal: {self.hyperplanes} payoff-order hyperplanes are "
                     f"nearer than {exact}, more than the {MAX_HYPERPLANES} the branch and "
                     "bound takes; the least distance of the best region found")
        else:
            claim = (f"not proven minimal: the search stopped after {self.programmes} linear "
                     f"programmes ({self.hyperplanes} hyperplanes nearer than {exact})")
        if self.attained:
            return f"distance {exact}, attained; {claim}"
        return (f"least distance {exact}, approached but not attained (the verdict differs "
                f"on the region's edge); the point given is at {_number(self.point_distance)}"
                f"; {claim}")

    def to_json(self, scenario: Scenario) -> dict[str, Any]:
        moved = {
            name: {"value": float(v), "exact": format_fraction(v),
                   "baseline": format_fraction(scenario.parameter(name).value)}
            for name, v in self.values.items() if v != scenario.parameter(name).value
        }
        return {"parameters": moved, "distance": float(self.point_distance),
                "exact_distance": format_fraction(self.point_distance),
                "least_distance": format_fraction(self.distance),
                "attained": self.attained, "proven_minimal": self.proven,
                "norm": "L1, each parameter relative to its range width",
                "hyperplanes": self.hyperplanes, "regions": self.faces,
                "programmes": self.programmes, "start": self.start,
                "method": METHOD_TEXT, "claim": self.sentence(), "verified": True}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _number(value: Fraction) -> str:
    text = format_fraction(value)
    return text if value.denominator == 1 else f"{text} ≈ {float(value):.4g}"


def _linear(expression: sympy.Expr, symbols: Sequence[sympy.Symbol]) -> Linear | None:
    try:
        poly = sympy.Poly(expression, *symbols)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() > 1:
        return None
    coefficients = [Fraction(0)] * len(symbols)
    constant = Fraction(0)
    for monomial, value in poly.terms():
        if not value.is_Rational:
            return None
        exact = Fraction(int(value.p), int(value.q))
        if sum(monomial) == 0:
            constant = exact
        else:
            coefficients[monomial.index(1)] = exact
    return tuple(coefficients), constant


@dataclass(frozen=True, eq=False)
class LinearPayoffs:
    """Every actor's payoffs as affine forms of the parameters (``None`` from
    :func:`linear_payoffs` when one is not)."""

    shape: tuple[int, ...]
    forms: tuple[Linear, ...]  # the distinct payoff forms
    index: tuple[npt.NDArray[np.int64], ...]  # per actor: flat profile -> form

    def game(self, point: Sequence[Fraction]) -> Game:
        """The joint game at ``point`` (exact; placeholder names, for verdicts)."""
        values = [sum((c * x for c, x in zip(a, point, strict=True)), b) for a, b in self.forms]
        tables = []
        for index in self.index:
            table = np.empty(len(index), dtype=object)
            table[:] = [values[k] for k in index.tolist()]
            tables.append(table.reshape(self.shape))
        return Game.from_payoffs(tables)


@lru_cache(maxsize=8)
def linear_payoffs(scenario: Scenario) -> LinearPayoffs | None:
    """The scenario's joint payoffs as affine forms, or ``None`` when one is not affine."""
    symbols = [p.symbol for p in scenario.parameters]
    tables = joint_payoff_expressions(scenario)
    distinct: dict[sympy.Expr, int] = {}
    forms: list[Linear] = []
    index = []
    for table in tables:
        row = []
        for expression in table.ravel().tolist():
            if expression not in distinct:
                form = _linear(sympy.expand(expression), symbols)
                if form is None:
                    return None
                distinct[expression] = len(forms)
                forms.append(form)
            row.append(distinct[expression])
        index.append(np.array(row, dtype=np.int64))
    return LinearPayoffs(tables[0].shape, tuple(forms), tuple(index))


def _normalised(form: Linear) -> Linear | None:
    """The hyperplane of ``form`` scaled so that its first non-zero coefficient is 1
    (``None`` for a constant form)."""
    lead = next((c for c in form[0] if c != 0), None)
    if lead is None:
        return None
    return tuple(c / lead for c in form[0]), form[1] / lead


def payoff_differences(scenario: Scenario, transferable: bool) -> list[Linear] | None:
    """Every hyperplane where two payoffs of one actor (with ``transferable``, two sums of
    a coalition) are equal, normalised and without repeats; ``None`` when a payoff is not
    affine in the parameters."""
    payoffs = linear_payoffs(scenario)
    if payoffs is None:
        return None
    groups: list[set[Linear]] = [{payoffs.forms[k] for k in index.tolist()}
                                 for index in payoffs.index]
    if transferable:
        n = len(payoffs.index)
        for size in range(2, n + 1):
            for coalition in combinations(range(n), size):
                sums = set()
                for p in range(len(payoffs.index[0])):
                    parts = [payoffs.forms[int(payoffs.index[i][p])] for i in coalition]
                    sums.add((tuple(sum(c) for c in zip(*(f[0] for f in parts), strict=True)),
                              sum((f[1] for f in parts), Fraction(0))))
                groups.append(sums)
    found: set[Linear] = set()
    for forms in groups:
        for a, b in combinations(sorted(forms), 2):
            difference = (tuple(x - y for x, y in zip(a[0], b[0], strict=True)), a[1] - b[1])
            normal = _normalised(difference)
            if normal is not None:
                found.add(normal)
    return sorted(found)


def _value(form: Linear, point: Sequence[Fraction]) -> Fraction:
    return sum((c * x for c, x in zip(form[0], point, strict=True)), form[1])


def _sign(value: Fraction) -> int:
    return (value > 0) - (value < 0)


def _distance(point: Sequence[Fraction], baseline: Sequence[Fraction],
              scale: Sequence[Fraction]) -> Fraction:
    return sum((abs(x - b) / w for x, b, w in zip(point, baseline, scale, strict=True)),
               Fraction(0))


@dataclass
class _Best:
    distance: Fraction
    point: list[Fraction]
    optimum: list[Fraction]
    start: str


def combined_shifts(
    scenario: Scenario,
    sweeps: Sequence[VariableSweep],
    target: int,
    concepts: Sequence[str],
    *,
    rule: RankingRule,
    transferable: bool,
) -> dict[str, CombinedShift | None]:
    """The least combined shift that makes ``target`` stable, for each of ``concepts``
    (see the module); ``None`` for a concept when the payoffs are not affine in the
    parameters or no stable point was found."""
    payoffs = linear_payoffs(scenario)
    differences = payoff_differences(scenario, transferable)
    if payoffs is None or differences is None or not concepts:
        return dict.fromkeys(concepts)
    names = [p.name for p in scenario.parameters]
    programmes = Programmes(scenario)
    baseline, scale = programmes.baseline, programmes.widths
    cache: VerdictCache = {}

    def verdicts_at(point: Sequence[Fraction]) -> dict[str, BoolArray] | None:
        try:
            return coalition_verdicts(payoffs.game(point), rule=rule,
                                      transferable=transferable, cache=cache)
        except InputError:
            return None

    best: dict[str, _Best] = {}

    def consider(point: list[Fraction], label: str) -> None:
        """A stable point's whole face: its exact least distance bounds the answer."""
        verdicts = verdicts_at(point)
        if verdicts is None:
            return
        stable = [c for c in concepts if bool(verdicts[c][target])]
        if not stable:
            return
        signs = [_sign(_value(form, point)) for form in differences]
        found = programmes.least(differences, signs)
        if found is None:
            return
        least, optimum = found
        for concept in stable:
            if concept not in best or least < best[concept].distance:
                best[concept] = _Best(least, point, optimum, label)

    for sweep in sweeps:
        for concept in concepts:
            stable = [p.point for p in sweep.pieces
                      if p.point is not None and p.stable(concept, target)]
            if not stable:
                continue
            if sweep.variable == "t":
                moment = min(stable)
                values = scenario.at_time(moment, exact=False).values
                consider([values[n] for n in names], f"t = {format_fraction(moment)}")
            elif sweep.variable in names:
                k = names.index(sweep.variable)
                point = list(baseline)
                point[k] = min(stable, key=lambda v: abs(v - baseline[k]))
                consider(point, sweep.variable)
    consider(list(baseline), "the scenario's values")
    if any(c not in best for c in concepts):  # no stable point yet: a few drawn at random
        import random

        draw = random.Random(0)
        for _ in range(SAMPLES):
            point = [lo + (hi - lo) * Fraction(draw.randrange(1025), 1024)
                     for lo, hi in programmes.box]
            consider(point, "a point drawn at random")

    def bound() -> Fraction | None:
        if any(c not in best for c in concepts):
            return None
        return max(best[c].distance for c in concepts)

    radius = bound()
    if radius is None:  # nothing to bound the search by: no region is proven
        return dict.fromkeys(concepts)

    def meets(form: Linear, limit: Fraction | None) -> bool:
        if limit is None:
            return True
        reach = max(abs(c) * w for c, w in zip(form[0], scale, strict=True))
        return abs(_value(form, baseline)) <= limit * reach

    near = [f for f in differences if meets(f, radius)]
    if len(near) > MAX_HYPERPLANES:  # too many regions: the best start, unproven
        return _answers(best, concepts, names, verdicts_at, target, baseline, scale,
                        proven=False, hyperplanes=len(near), faces=0,
                        programmes=programmes.count)
    near.sort(key=lambda f: abs(_value(f, baseline))
              / max(abs(c) * w for c, w in zip(f[0], scale, strict=True)))
    faces = 0
    complete = True
    programmes.prepare(near)

    def search(signs: list[int]) -> None:
        nonlocal faces, complete
        if programmes.count >= MAX_NODES:
            complete = False
            return
        limit = bound()
        relaxed = programmes.relaxed(signs)
        if relaxed is None or (limit is not None and relaxed > float(limit) + 1e-9):
            return
        if len(signs) < len(near):
            order = (_sign(_value(near[len(signs)], baseline)),)
            for sign in (*order, *(s for s in (1, 0, -1) if s not in order)):
                search([*signs, sign])
            return
        faces += 1
        point = programmes.inner(near, signs, limit if limit is not None else Fraction(10**9))
        if point is None:
            return
        consider(point, "the branch and bound")

    search([])
    return _answers(best, concepts, names, verdicts_at, target, baseline, scale,
                    proven=complete, hyperplanes=len(near), faces=faces,
                    programmes=programmes.count)


def _answers(
    best: dict[str, _Best], concepts: Sequence[str], names: Sequence[str], verdicts_at: Any,
    target: int, baseline: Sequence[Fraction], scale: Sequence[Fraction], *, proven: bool,
    hyperplanes: int, faces: int, programmes: int,
) -> dict[str, CombinedShift | None]:
    out: dict[str, CombinedShift | None] = {}
    for concept in concepts:
        found = best.get(concept)
        if found is None:
            out[concept] = None
            continue
        point, attained = _verified(found, verdicts_at, concept, target)
        out[concept] = CombinedShift(
            values=dict(zip(names, point, strict=True)),
            distance=found.distance,
            point_distance=_distance(point, baseline, scale),
            attained=attained,
            proven=proven,
            start=found.start,
            hyperplanes=hyperplanes,
            faces=faces,
            programmes=programmes,
        )
    return out


def _verified(found: _Best, verdicts_at: Any, concept: str, target: int
              ) -> tuple[list[Fraction], bool]:
    """The optimum when the target is stable there (attained), else the nearest point
    toward it from the face's own point that the exact analysis confirms."""
    def stable(point: Sequence[Fraction]) -> bool:
        verdicts = verdicts_at(point)
        return verdicts is not None and bool(verdicts[concept][target])

    if stable(found.optimum):
        return found.optimum, True
    for step in range(10, 0, -1):
        keep = 1 - Fraction(1, 2**step)
        point = [s + (o - s) * keep for s, o in zip(found.point, found.optimum, strict=True)]
        if stable(point):
            return point, False
    return found.point, False


def combined_shift(
    scenario: Scenario,
    sweeps: Sequence[VariableSweep],
    target: int,
    concept: str,
    *,
    rule: RankingRule,
    transferable: bool,
) -> CombinedShift | None:
    """:func:`combined_shifts` for one concept."""
    return combined_shifts(scenario, sweeps, target, [concept], rule=rule,
                           transferable=transferable)[concept]


__all__ = ["CONCEPTS", "METHOD_TEXT", "CombinedShift", "combined_shift", "combined_shifts"]
