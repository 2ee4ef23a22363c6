"""Where coalition structures become or stop being stable, along one parameter or the timeline.

Every verdict of :mod:`~stability.analysis.coalitions.evaluate` depends on the
parameters only through the order of payoffs: one actor's payoffs at two profiles
(and, with ``transferable``, a coalition's summed payoffs). Along one variable ``x``
(a parameter, the others at their values, or the timeline's time ``t``) that order
can change only where two such payoffs are equal. So the exact points where a
payoff difference changes sign (exact roots; ``min``, ``max`` and ``abs`` first
split the range where they bend) cut the range into pieces on which every verdict
is constant; the analysis is run exactly at each rational cut point and at a
rational point inside each piece.

Covered: one variable at a time, over its declared range (a parameter) or
``[0, horizon]`` (time). Cut points that are not rational (roots of nonlinear
payoffs) end pieces but are not evaluated themselves: the verdict there is
reported as unknown (``null``). Shifts of several parameters at once are not
covered.

The payoffs at each point are exact: between two bends of ``min``/``max``/``abs``
every payoff is a rational function of the variable, evaluated with fractions
(Horner's rule) from its coefficients, found once; a payoff that is not a rational
function there (an exponential, say) is evaluated as the scenario does. Only the
verdicts are computed at each point (:func:`~.evaluate.coalition_verdicts`), and
points where every actor orders the structures alike share them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from stability.analysis.coalitions.concepts import CONCEPTS
from stability.analysis.coalitions.evaluate import (
    VerdictCache,
    coalition_verdicts,
)
from stability.analysis.coalitions.polynomials import (
    Polynomial,
    as_rational_function,
    horner,
    poly_mul,
    poly_sub,
    real_roots,
)
from stability.analysis.coalitions.preferences import RankingRule
from stability.analysis.tipping.sets import compare
from stability.errors import InputError, StabilityError
from stability.model.game import Game
from stability.model.joint import joint_game, joint_payoff_expressions
from stability.model.scenario import TIME, Scenario
from stability.model.symbolic import as_sympy

#: What a sweep along a timeline that follows play assumes.
PLAY_NOTE = (
    "the timeline follows play: its state is taken as if the coalition outcome were "
    "played from t = 0 (as Scenario.time_substitution does; `stability durability` "
    "follows the path actually played)"
)

#: Most distinct payoff differences examined for cut points along one variable.
MAX_DIFFERENCES = 20_000



@dataclass(frozen=True)
class Piece:
    """A stretch of the variable on which every verdict is constant.

    ``point`` is where the analysis ran (rational); a cut point is a piece with
    ``low == high``. ``verdicts`` (per concept, a boolean per structure) is ``None``
    for an irrational cut point or where a payoff is undefined (the verdict there is
    unknown).
    """

    low: sympy.Expr
    high: sympy.Expr
    point: Fraction | None
    verdicts: dict[str, npt.NDArray[np.bool_]] | None

    def stable(self, concept: str, structure: int) -> bool | None:
        if self.verdicts is None:
            return None
        return bool(self.verdicts[concept][structure])


@dataclass(frozen=True)
class VariableSweep:
    """The verdicts of every structure along one variable (a parameter or ``t``)."""

    variable: str
    low: Fraction
    high: Fraction
    baseline: Fraction
    pieces: tuple[Piece, ...]
    note: str = ""

    def stable_set(
        self, concept: str, structure: int
    ) -> list[tuple[sympy.Expr, sympy.Expr, bool, bool]]:
        """The stretches ``(low, high, low_closed, high_closed)`` where ``structure`` is
        stable, merged."""
        out: list[tuple[sympy.Expr, sympy.Expr, bool, bool]] = []
        for piece in self.pieces:
            if not piece.stable(concept, structure):
                continue
            point = compare(piece.low, piece.high) == 0
            if out and compare(out[-1][1], piece.low) == 0 and (point or out[-1][3]):
                out[-1] = (out[-1][0], piece.high, out[-1][2], point)
            else:
                out.append((piece.low, piece.high, point, point))
        return out

    def changes(self, concept: str, structure: int) -> list[tuple[sympy.Expr, bool]]:
        """Where the verdict changes: ``(x, stable just after x)`` in increasing order."""
        out: list[tuple[sympy.Expr, bool]] = []
        previous: bool | None = None
        for piece in self.pieces:
            now = piece.stable(concept, structure)
            if now is None:
                continue
            if previous is not None and now != previous:
                out.append((piece.low, now))
            previous = now
        return out

    def first_movers(
        self,
    ) -> list[tuple[sympy.Expr, sympy.Expr, bool, bool, tuple[int, ...] | None]]:
        """Who moves first on the chain (when the sweep followed one), by stretch:
        ``(low, high, low_closed, high_closed, actors)``, ``actors`` ``None`` where no chain
        leads to the target; pieces where it is unknown are left out."""
        out: list[tuple[sympy.Expr, sympy.Expr, bool, bool, tuple[int, ...] | None]] = []
        for piece in self.pieces:
            if piece.verdicts is None or "first_movers" not in piece.verdicts:
                continue
            marks = piece.verdicts["first_movers"]
            who = None if (marks < 0).all() else tuple(int(i) for i in np.flatnonzero(marks))
            point = compare(piece.low, piece.high) == 0
            if out and out[-1][4] == who and compare(out[-1][1], piece.low) == 0 and (
                point or out[-1][3]
            ):
                out[-1] = (out[-1][0], piece.high, out[-1][2], point, who)
            else:
                out.append((piece.low, piece.high, point, point, who))
        return out

    def first_stable(self, concept: str, structure: int) -> sympy.Expr | None:
        """The least ``x`` of the range where ``structure`` is stable (``None``: nowhere)."""
        stretches = self.stable_set(concept, structure)
        return stretches[0][0] if stretches else None


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def _roots(expression: sympy.Expr, symbol: sympy.Symbol) -> list[sympy.Expr]:
    """The real roots of a rational function of ``symbol`` (numerator's and denominator's)."""
    numerator, denominator = sympy.fraction(sympy.together(expression))
    out: list[sympy.Expr] = []
    for part in (numerator, denominator):
        if symbol not in part.free_symbols:
            continue
        try:
            poly = sympy.Poly(part, symbol)
        except sympy.PolynomialError as err:
            raise StabilityError(f"cannot find where {expression} changes sign: {err}") from err
        if poly.degree() == 1:
            a, b = poly.all_coeffs()
            out.append(-b / a)
        else:
            out.extend(poly.real_roots())
    return out


def _kinks(
    tables: Sequence[np.ndarray], symbol: sympy.Symbol
) -> tuple[set[sympy.Expr], list[sympy.Expr]]:
    """The ``min``/``max``/``abs`` terms of the payoffs and the points where they bend."""
    terms: set[sympy.Expr] = set()
    for table in tables:
        for expression in table.ravel():
            for node in sympy.preorder_traversal(as_sympy(expression)):
                bends = isinstance(node, sympy.Min | sympy.Max | sympy.Abs)
                if bends and symbol in node.free_symbols:
                    terms.add(node)
    points: list[sympy.Expr] = []
    for term in terms:
        if isinstance(term, sympy.Abs):
            points.extend(_roots(term.args[0], symbol))
            continue
        for a, b in combinations(term.args, 2):
            points.extend(_roots(a - b, symbol))
    return terms, points


def _resolve(expression: sympy.Expr, terms: set[sympy.Expr], symbol: sympy.Symbol,
             at: sympy.Rational) -> sympy.Expr:
    """``expression`` with each min/max/abs replaced by the branch that holds near ``at``."""
    choice: dict[sympy.Expr, sympy.Expr] = {}
    for term in sorted(terms, key=sympy.count_ops):
        if isinstance(term, sympy.Abs):
            inner = term.args[0]
            choice[term] = inner if inner.xreplace({symbol: at}) >= 0 else -inner
            continue
        values = [(arg.xreplace({symbol: at}), arg) for arg in term.args]
        pick = max if isinstance(term, sympy.Max) else min
        choice[term] = pick(values, key=lambda pair: pair[0])[1]
    return expression.xreplace(choice)


def _sorted_unique(points: Sequence[sympy.Expr]) -> list[sympy.Expr]:
    unique: list[sympy.Expr] = []
    for point in sorted(points, key=lambda p: float(sympy.N(p, 30))):
        if not unique or compare(unique[-1], point) != 0:
            unique.append(point)
    return unique


def _within(points: Sequence[sympy.Expr], low: sympy.Expr, high: sympy.Expr) -> list[sympy.Expr]:
    return [
        p for p in points
        if p.is_real and compare(p, low) > 0 and compare(p, high) < 0
    ]


def _cut_points(
    tables: Sequence[np.ndarray], symbol: sympy.Symbol, low: Fraction, high: Fraction,
    transferable: bool,
) -> tuple[list[sympy.Expr], list[sympy.Expr], set[sympy.Expr]]:
    """The cut points, the bends of ``min``/``max``/``abs`` (the range's ends included)
    and those terms."""
    groups: list[set[sympy.Expr]] = []
    for table in tables:
        groups.append({as_sympy(e) for e in table.ravel()})
    if transferable:
        n = len(tables)
        for size in range(2, n + 1):
            for coalition in combinations(range(n), size):
                summed = sum((tables[i] for i in coalition[1:]), tables[coalition[0]])
                groups.append({as_sympy(e) for e in np.asarray(summed).ravel()})
    differences: set[sympy.Expr] = set()
    for values in groups:
        moving = [v for v in values if symbol in v.free_symbols]
        fixed = [v for v in values if symbol not in v.free_symbols]
        for a, b in combinations(moving, 2):
            differences.add(a - b)
        for a in moving:
            for b in fixed:
                differences.add(a - b)
        if len(differences) > MAX_DIFFERENCES:
            raise InputError(
                f"too many payoff differences along {symbol} (more than {MAX_DIFFERENCES:,}) "
                "to find exact cut points"
            )
    lo, hi = _rational(low), _rational(high)
    terms, kinks = _kinks(tables, symbol)
    segments = [lo, *_sorted_unique(_within(kinks, lo, hi)), hi]
    points: list[sympy.Expr] = list(segments)
    for start, stop in zip(segments, segments[1:], strict=False):
        middle = _rational(_inside(start, stop))
        found = _polynomial_roots(groups, terms, symbol, middle)
        if found is None:  # a payoff is not a rational function here: sympy's way
            found = []
            resolved = {sympy.expand(_resolve(d, terms, symbol, middle)) for d in differences}
            for difference in resolved:
                if symbol in difference.free_symbols:
                    found.extend(_roots(difference, symbol))
        points.extend(_within_fast(found, start, stop))
    return _sorted_unique(points), segments, terms


def _within_fast(points: Sequence[sympy.Expr], low: sympy.Expr, high: sympy.Expr
                 ) -> list[sympy.Expr]:
    """:func:`_within`, comparing rationals without sympy's general comparison."""
    if isinstance(low, sympy.Rational) and isinstance(high, sympy.Rational):
        lo, hi = Fraction(int(low.p), int(low.q)), Fraction(int(high.p), int(high.q))
        out: list[sympy.Expr] = []
        others: list[sympy.Expr] = []
        for point in points:
            if isinstance(point, sympy.Rational):
                if lo < Fraction(int(point.p), int(point.q)) < hi:
                    out.append(point)
            else:
                others.append(point)
        return out + _within(others, low, high)
    return _within(points, low, high)


def _polynomial_roots(
    groups: Sequence[set[sympy.Expr]], terms: set[sympy.Expr], symbol: sympy.Symbol,
    middle: sympy.Rational,
) -> list[sympy.Expr] | None:
    """Where two payoffs of one group (an actor's, or a coalition's sums) are equal or a
    payoff has a pole, within the segment around ``middle``, by arithmetic on exact
    coefficients; ``None`` when some payoff is not a rational function there."""
    compiled: dict[sympy.Expr, tuple[Polynomial, Polynomial]] = {}
    for values in groups:
        for expression in values:
            if expression in compiled:
                continue
            function = as_rational_function(_resolve(expression, terms, symbol, middle), symbol)
            if function is None:
                return None
            compiled[expression] = function
    found: list[sympy.Expr] = []
    seen: set[Polynomial] = set()
    for _, denominator in set(compiled.values()):
        if len(denominator) > 1 and denominator not in seen:
            seen.add(denominator)
            found.extend(real_roots(denominator, symbol))
    for values in groups:
        functions = list({compiled[e] for e in values})
        for (an, ad), (bn, bd) in combinations(functions, 2):
            difference = poly_sub(poly_mul(an, bd), poly_mul(bn, ad))
            if len(difference) <= 1:
                continue
            lead = difference[0]
            monic = tuple(c / lead for c in difference)
            if monic in seen:
                continue
            seen.add(monic)
            found.extend(real_roots(monic, symbol))
    return found


def _inside(low: sympy.Expr, high: sympy.Expr) -> Fraction:
    """A rational strictly between two exact reals (their midpoint when rational)."""
    if isinstance(low, sympy.Rational) and isinstance(high, sympy.Rational):
        mid = (low + high) / 2
        return Fraction(int(mid.p), int(mid.q))
    target = float(sympy.N((low + high) / 2, 30))
    for bound in (10**3, 10**6, 10**9, 10**12):
        guess = Fraction(target).limit_denominator(bound)
        value = _rational(guess)
        if compare(value, low) > 0 and compare(value, high) < 0:
            return guess
    raise StabilityError(f"no rational found between {low} and {high}")


class _ExactPayoffs:
    """Every actor's payoffs at a rational value of the variable, exactly and fast.

    Each distinct payoff expression is, between two bends (``segments``), a rational
    function of the variable: its coefficients are found once per segment and
    evaluated by Horner's rule. ``None`` (the caller then evaluates the scenario's
    own way) when some payoff is not a rational function there; :class:`InputError`
    where a denominator vanishes (the payoff is undefined).
    """

    def __init__(self, tables: Sequence[np.ndarray], symbol: sympy.Symbol,
                 segments: Sequence[sympy.Expr], terms: set[sympy.Expr]) -> None:
        self.symbol = symbol
        self.segments = list(segments)
        self.terms = terms
        self.shape = tables[0].shape
        distinct: dict[sympy.Expr, int] = {}
        self.index: list[npt.NDArray[np.int64]] = []
        for table in tables:
            found = [distinct.setdefault(as_sympy(e), len(distinct)) for e in table.ravel()]
            self.index.append(np.array(found, dtype=np.int64))
        self.expressions = list(distinct)
        self.compiled: dict[int, list[tuple[Polynomial, Polynomial]] | None] = {}
        self.integers: dict[int, tuple[int, list[list[int]]]] = {}

    def _segment(self, value: Fraction) -> int:
        point = _rational(value)
        for k in range(len(self.segments) - 1):
            if compare(point, self.segments[k + 1]) <= 0:
                return k
        return max(len(self.segments) - 2, 0)

    def _functions(self, segment: int) -> list[tuple[Polynomial, Polynomial]] | None:
        if segment not in self.compiled:
            middle = _rational(_inside(self.segments[segment], self.segments[segment + 1]))
            found: list[tuple[Polynomial, Polynomial]] | None = []
            for expression in self.expressions:
                resolved = _resolve(expression, self.terms, self.symbol, middle)
                function = as_rational_function(resolved, self.symbol)
                if function is None:
                    found = None
                    break
                assert found is not None
                found.append(function)
            self.compiled[segment] = found
        return self.compiled[segment]

    def scaled(self, value: Fraction) -> list[npt.NDArray[Any]] | None:
        """Each actor's payoffs at ``value`` times one common positive integer, as
        integers in arrays of the joint shape (orders and sums are kept), when every
        payoff is a polynomial there; else ``None``."""
        segment = self._segment(value) if len(self.segments) > 1 else None
        functions = None if segment is None else self._functions(segment)
        if segment is None or functions is None or any(len(d) > 1 for _, d in functions):
            return None
        if segment not in self.integers:
            degree = max(len(n) for n, _ in functions) - 1
            common = 1
            for numerator, denominator in functions:
                for c in numerator:
                    common = math.lcm(common, (c / denominator[0]).denominator)
            self.integers[segment] = (degree, [
                [int(c / d[0] * common) for c in (Fraction(0),) * (degree + 1 - len(n)) + n]
                for n, d in functions
            ])
        degree, rows = self.integers[segment]
        p, q = value.numerator, value.denominator
        powers = [p**k * q ** (degree - k) for k in range(degree, -1, -1)]
        values = [sum(a * b for a, b in zip(row, powers, strict=True)) for row in rows]
        out = []
        for index in self.index:
            flat = [values[k] for k in index.tolist()]
            if all(-_SAFE < v < _SAFE for v in flat):
                array = np.array(flat, dtype=np.int64)
            else:
                array = np.empty(len(flat), dtype=object)
                array[:] = flat
            out.append(array.reshape(self.shape))
        return out

    def at(self, value: Fraction) -> list[list[Fraction]] | None:
        """Each actor's payoffs (flat, C order) at ``value``."""
        functions = self._functions(self._segment(value)) if len(self.segments) > 1 else None
        if functions is None:
            return None
        values = []
        for numerator, denominator in functions:
            below = horner(denominator, value)
            if below == 0:
                raise InputError(f"a payoff is undefined at {self.symbol} = {value}")
            values.append(horner(numerator, value) / below)
        return [[values[k] for k in index.tolist()] for index in self.index]


_SAFE = 2**62


def _integer_game(tables: Sequence[npt.NDArray[Any]]) -> Game:
    """A game with integer payoffs (for verdicts only: its names are placeholders)."""
    shape = tables[0].shape
    return Game(
        title="",
        players=tuple(f"Player {i + 1}" for i in range(len(tables))),
        strategies=tuple(tuple(str(k + 1) for k in range(size)) for size in shape),
        numerators=tuple(tables),
        denominators=(1,) * len(tables),
    )


def sweep_variable(
    variable: str,
    tables: Sequence[np.ndarray],
    symbol: sympy.Symbol,
    low: Fraction,
    high: Fraction,
    baseline: Fraction,
    analyse: Callable[[Fraction], Game],
    *,
    rule: RankingRule,
    transferable: bool,
    chain: tuple[int, int] | None = None,
) -> VariableSweep:
    """Cut ``[low, high]`` at every sign change of a payoff difference and decide every
    verdict on each piece (``analyse(x)`` is the scenario's game at ``x``, used where a
    payoff is not a rational function of the variable)."""
    points, segments, terms = _cut_points(tables, symbol, low, high, transferable)
    payoffs = _ExactPayoffs(tables, symbol, segments, terms)
    cache: VerdictCache = {}

    def attempt(value: Fraction) -> dict[str, npt.NDArray[np.bool_]] | None:
        try:
            scaled = payoffs.scaled(value)
            found = None if scaled is not None else payoffs.at(value)
            if scaled is not None:
                game = _integer_game(scaled)
            elif found is not None:
                game = Game.from_payoffs(
                    [np.array(row, dtype=object).reshape(payoffs.shape) for row in found]
                )
            else:
                game = analyse(value)
        except InputError:  # a payoff undefined there (a zero denominator): unknown
            return None
        return coalition_verdicts(game, rule=rule, transferable=transferable, cache=cache,
                                  chain=chain)

    pieces: list[Piece] = []
    for k, point in enumerate(points):
        if isinstance(point, sympy.Rational):
            exact = Fraction(int(point.p), int(point.q))
            pieces.append(Piece(point, point, exact, attempt(exact)))
        else:
            pieces.append(Piece(point, point, None, None))
        if k + 1 < len(points):
            inside = _inside(point, points[k + 1])
            pieces.append(Piece(point, points[k + 1], inside, attempt(inside)))
    return VariableSweep(variable, low, high, baseline, tuple(pieces))


def parameter_sweep(
    scenario: Scenario, name: str, *, rule: RankingRule, transferable: bool,
    chain: tuple[int, int] | None = None,
) -> VariableSweep:
    """Every structure's verdicts along parameter ``name`` over its range (others fixed)."""
    parameter = scenario.parameter(name)
    constants = {k: v for k, v in scenario.substitution().items() if k != parameter.symbol}
    tables = [np.vectorize(lambda e: e.xreplace(constants), otypes=[object])(t)
              for t in joint_payoff_expressions(scenario)]
    low, high = (Fraction(v) for v in parameter.range)

    def analyse(value: Fraction) -> Game:
        return joint_game(scenario, {name: value})

    return sweep_variable(
        name, tables, parameter.symbol, low, high, parameter.value, analyse,
        rule=rule, transferable=transferable, chain=chain,
    )


def timeline_sweep(
    scenario: Scenario, *, rule: RankingRule, transferable: bool,
    chain: tuple[int, int] | None = None,
) -> VariableSweep:
    """Every structure's verdicts along the scenario's timeline, ``t`` in ``[0, horizon]``."""
    if scenario.timeline is None:
        raise InputError("this scenario has no timeline", item="--timeline")
    substitution = scenario.time_substitution()
    tables = [np.vectorize(lambda e: e.xreplace(substitution), otypes=[object])(t)
              for t in joint_payoff_expressions(scenario)]

    def analyse(value: Fraction) -> Game:
        return joint_game(scenario.at_time(value, exact=False))

    sweep = sweep_variable(
        "t", tables, TIME, Fraction(0), Fraction(scenario.timeline.horizon), Fraction(0),
        analyse, rule=rule, transferable=transferable, chain=chain,
    )
    if scenario.timeline.follows_play:
        from dataclasses import replace

        sweep = replace(sweep, note=PLAY_NOTE)
    return sweep


def concepts_order() -> tuple[str, ...]:
    """The concepts swept (all of them)."""
    return CONCEPTS
