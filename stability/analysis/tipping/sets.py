"""Exact sets of reals: finite unions of intervals with exact (sympy) ends.

The one interval-set algebra of the project (``analysis.time_sets`` uses it for
sets of times). Why our own and not sympy's ``Interval``/``Union``:
``benchmarks/bench_interval_sets.py`` records every normalisation and
intersection of ``stability tipping mosul --goal breaks`` (225 and 64) and
replays them through both: ours 0.8 ms and 0.4 ms, sympy 18.5 ms and 31.1 ms
(23x and 73x; the two agree on every input). That is small beside the whole
command (about 3 s), but sympy also fails where ours must not: two intervals
meeting at ``log(6)`` and ``log(2) + log(3)`` (ends as durability's exponential
margins give them) make ``sympy.Union`` raise ``TypeError`` (it cannot order
the ends), while :func:`compare` decides every order exactly.

>>> half = RealSet.at_least(sympy.Rational(7, 2))
>>> str(half.complement())
'(-inf, 7/2)'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import sympy

from stability.errors import StabilityError
from stability.model.exact import exact_string
from stability.model.symbolic import as_sympy


def sign(value: sympy.Expr) -> int:
    """The sign (-1, 0 or 1) of a constant real ``value``, decided exactly.

    Sympy's assumptions first; then numerical evaluation at 30 and 120 digits,
    trusted only when well clear of zero; then ``simplify`` to prove a zero.

    >>> sign(sympy.sqrt(2) - sympy.Rational(141, 100))
    1
    >>> sign(sympy.log(6) - sympy.log(2) - sympy.log(3))
    0
    """
    if isinstance(value, sympy.Rational):
        return 1 if value > 0 else (-1 if value < 0 else 0)
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    for digits in (30, 120):
        number = sympy.N(value, digits)
        if not number.is_Number:
            break
        if abs(number) > sympy.Float(10) ** (8 - digits):
            return 1 if number > 0 else -1
    if sympy.simplify(value) == 0:
        return 0
    number = sympy.N(value, 400)
    return 1 if number > 0 else -1


def compare(a: sympy.Expr, b: sympy.Expr) -> int:
    """-1, 0 or 1 as ``a`` is below, equal to or above ``b``, decided exactly (``oo`` allowed).

    >>> compare(sympy.log(2), sympy.Rational(69, 100)), compare(sympy.Integer(1), sympy.oo)
    (1, -1)
    """
    if isinstance(a, sympy.Rational) and isinstance(b, sympy.Rational):
        # the usual case, by integers (sympy's own comparison is far slower)
        left, right = int(a.p) * int(b.q), int(b.p) * int(a.q)
        return (left > right) - (left < right)
    if a == b:
        return 0
    if a.is_infinite:
        return 1 if a == sympy.oo else -1
    if b.is_infinite:
        return -1 if b == sympy.oo else 1
    return sign(sympy.Add(a, -b))


#: The old name of :func:`stability.model.exact.exact_string` (the one formatter,
#: shared with durability), kept for imports from before.
_exact_string = exact_string


def _rational(value: Fraction | int) -> sympy.Rational:
    value = Fraction(value)
    return sympy.Rational(value.numerator, value.denominator)


@dataclass(frozen=True)
class Interval:
    """An interval of reals with exact ends (``-oo``/``oo`` allowed, then open)."""

    low: sympy.Expr
    high: sympy.Expr
    low_closed: bool = True
    high_closed: bool = True

    def __str__(self) -> str:
        left = "[" if self.low_closed and self.low.is_finite else "("
        right = "]" if self.high_closed and self.high.is_finite else ")"
        return f"{left}{exact_string(self.low)}, {exact_string(self.high)}{right}"

    def is_empty(self) -> bool:
        """True when no real lies in the interval."""
        order = compare(self.low, self.high)
        return order > 0 or (order == 0 and not (self.low_closed and self.high_closed))


@functools.total_ordering
class _Key:
    __slots__ = ("interval",)

    def __init__(self, interval: Interval) -> None:
        self.interval = interval

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.interval == other.interval

    def __lt__(self, other: _Key) -> bool:
        order = compare(self.interval.low, other.interval.low)
        if order:
            return order < 0
        return self.interval.low_closed and not other.interval.low_closed


@dataclass(frozen=True)
class RealSet:
    """A finite union of disjoint intervals, sorted, exact.

    >>> half = RealSet.at_least(sympy.Rational(7, 2))
    >>> str(half), str(half.complement()), half.contains(4)
    ('[7/2, inf)', '(-inf, 7/2)', True)
    """

    intervals: tuple[Interval, ...] = ()

    @staticmethod
    def of(intervals: Iterable[Interval]) -> RealSet:
        """The union of any intervals, normalised."""
        pieces = sorted(
            (
                Interval(
                    i.low,
                    i.high,
                    i.low_closed and i.low.is_finite is True,
                    i.high_closed and i.high.is_finite is True,
                )
                for i in intervals
            ),
            key=_Key,
        )
        merged: list[Interval] = []
        for piece in pieces:
            if piece.is_empty():
                continue
            if merged:
                last = merged[-1]
                order = compare(piece.low, last.high)
                if order < 0 or (order == 0 and (piece.low_closed or last.high_closed)):
                    top = compare(piece.high, last.high)
                    if top > 0:
                        merged[-1] = Interval(
                            last.low, piece.high, last.low_closed, piece.high_closed
                        )
                    elif top == 0:
                        merged[-1] = Interval(
                            last.low,
                            last.high,
                            last.low_closed,
                            last.high_closed or piece.high_closed,
                        )
                    continue
            merged.append(piece)
        return RealSet(tuple(merged))

    @staticmethod
    def everything() -> RealSet:
        """The whole real line."""
        return RealSet((Interval(sympy.S.NegativeInfinity, sympy.oo, False, False),))

    @staticmethod
    def at_least(value: sympy.Expr) -> RealSet:
        """``[value, oo)``."""
        return RealSet((Interval(value, sympy.oo, True, False),))

    @staticmethod
    def at_most(value: sympy.Expr) -> RealSet:
        """``(-oo, value]``."""
        return RealSet((Interval(sympy.S.NegativeInfinity, value, False, True),))

    def __str__(self) -> str:
        return " ∪ ".join(str(i) for i in self.intervals) or "∅"

    def __bool__(self) -> bool:
        return bool(self.intervals)

    def union(self, other: RealSet) -> RealSet:
        """The union of two sets."""
        return RealSet.of(self.intervals + other.intervals)

    def intersection(self, other: RealSet) -> RealSet:
        """The intersection of two sets."""
        pieces = []
        for a in self.intervals:
            for b in other.intervals:
                low_order = compare(a.low, b.low)
                low, low_closed = (
                    (a.low, a.low_closed and b.low_closed)
                    if low_order == 0
                    else ((a.low, a.low_closed) if low_order > 0 else (b.low, b.low_closed))
                )
                high_order = compare(a.high, b.high)
                high, high_closed = (
                    (a.high, a.high_closed and b.high_closed)
                    if high_order == 0
                    else ((a.high, a.high_closed) if high_order < 0 else (b.high, b.high_closed))
                )
                pieces.append(Interval(low, high, low_closed, high_closed))
        return RealSet.of(pieces)

    def complement(self) -> RealSet:
        """The reals not in the set."""
        pieces = []
        low, low_closed = sympy.S.NegativeInfinity, False
        for interval in self.intervals:
            pieces.append(Interval(low, interval.low, low_closed, not interval.low_closed))
            low, low_closed = interval.high, not interval.high_closed
        pieces.append(Interval(low, sympy.oo, low_closed, False))
        return RealSet.of(pieces)

    def contains(self, value: sympy.Expr | Fraction | int) -> bool:
        """Whether ``value`` lies in the set."""
        point = value if isinstance(value, sympy.Basic) else _rational(value)
        for interval in self.intervals:
            low, high = compare(point, interval.low), compare(point, interval.high)
            if (low > 0 or (low == 0 and interval.low_closed)) and (
                high < 0 or (high == 0 and interval.high_closed)
            ):
                return True
        return False

    def just_above(self, value: sympy.Expr) -> bool:
        """Whether the set holds every point just above ``value``."""
        return any(
            compare(i.low, value) <= 0 and compare(i.high, value) > 0 for i in self.intervals
        )

    def just_below(self, value: sympy.Expr) -> bool:
        """Whether the set holds every point just below ``value``."""
        return any(
            compare(i.low, value) < 0 and compare(i.high, value) >= 0 for i in self.intervals
        )

    def meets(self, low: sympy.Expr, high: sympy.Expr, low_closed: bool, high_closed: bool) -> bool:
        """Whether the set meets the interval given by its ends."""
        return bool(self.intersection(RealSet.of([Interval(low, high, low_closed, high_closed)])))


def _from_sympy_set(found: sympy.Set) -> RealSet:
    if found is sympy.S.EmptySet:
        return RealSet()
    if found is sympy.S.Reals:
        return RealSet.everything()
    if isinstance(found, sympy.Interval):
        return RealSet.of(
            [Interval(found.start, found.end, not found.left_open, not found.right_open)]
        )
    if isinstance(found, sympy.Union):
        result = RealSet()
        for part in found.args:
            result = result.union(_from_sympy_set(part))
        return result
    if isinstance(found, sympy.FiniteSet):
        return RealSet.of(
            [Interval(point, point) for point in found.args if point.is_extended_real]
        )
    raise StabilityError(f"cannot represent the solution set {found} exactly")


def _linear_nonnegative(slope: sympy.Rational, intercept: sympy.Rational) -> RealSet:
    """Where ``slope * x + intercept >= 0``."""
    if slope == 0:
        return RealSet.everything() if intercept >= 0 else RealSet()
    root = -intercept / slope
    return RealSet.at_least(root) if slope > 0 else RealSet.at_most(root)


def nonnegative_set(expression: sympy.Expr, symbol: sympy.Symbol) -> RealSet:
    """The exact set of reals where ``expression >= 0`` (``symbol`` its only symbol).

    ``min``, ``max`` and ``abs`` are rewritten as piecewise expressions; points
    where the expression is undefined (a zero denominator) are left out.

    >>> x = sympy.Symbol("x")
    >>> str(nonnegative_set(x**2 - 2, x)), str(nonnegative_set(sympy.Min(x, 3) - 1, x))
    ('(-inf, -sqrt(2)] ∪ [sqrt(2), inf)', '[1, inf)')
    """
    expression = as_sympy(expression)
    if symbol not in expression.free_symbols:
        return RealSet.everything() if bool(expression >= 0) else RealSet()
    if expression.has(sympy.Abs):
        expression = expression.replace(
            lambda node: isinstance(node, sympy.Abs),
            lambda node: sympy.Max(node.args[0], -node.args[0]),
        )
    if expression.has(sympy.Min, sympy.Max):
        expression = sympy.piecewise_fold(expression.rewrite(sympy.Piecewise))
    if isinstance(expression, sympy.Piecewise):
        result, remaining = RealSet(), RealSet.everything()
        for piece, condition in expression.args:
            region = (
                remaining
                if condition is sympy.true
                else remaining.intersection(_from_sympy_set(condition.as_set()))
            )
            if region:
                result = result.union(region.intersection(nonnegative_set(piece, symbol)))
            remaining = remaining.intersection(region.complement())
        return result
    try:
        found = sympy.solve_univariate_inequality(
            expression >= 0, symbol, relational=False, domain=sympy.S.Reals
        )
    except (NotImplementedError, ValueError, TypeError) as err:
        raise StabilityError(f"cannot solve {expression} >= 0 exactly: {err}") from err
    return _from_sympy_set(found)
