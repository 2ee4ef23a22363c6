"""Sets of times in ``[0, horizon]`` where an expression in ``t`` is ``>= 0``.

:class:`TimeSolver` answers exactly where sympy can (a margin linear in ``t`` by
rational arithmetic; anything else with
:func:`stability.analysis.tipping.nonnegative_set`, which rewrites ``min``,
``max`` and ``abs`` as pieces and calls sympy's univariate inequality solver,
built on ``solveset``). When sympy cannot solve an inequality (``8*(9/10)**t +
t/10 - 4 >= 0``, say) it falls back to *bisection on the exact predicate*: the
expression is evaluated in floating point on a grid of :data:`GRID` steps to
find where its sign changes, and each change is then narrowed by
:data:`BISECTIONS` halvings in which the sign is decided exactly (sympy, with
rational ``t``). The ends found that way are rationals within
``horizon / 2**BISECTIONS`` of the true ends; :meth:`TimeSolver.is_exact` tells
them apart, and :attr:`TimeSolver.bisected` lists the expressions that needed it.
A sub-interval shorter than one grid step can be missed by bisection.

>>> import sympy
>>> from fractions import Fraction
>>> from stability.model.scenario import TIME
>>> solver = TimeSolver(Fraction(36))
>>> [str(i) for i in solver.nonnegative(4 - TIME / 2)]
['[0, 8]']
>>> found = solver.nonnegative(8 * sympy.Rational(9, 10) ** TIME + TIME / 10 - 4)
>>> solver.bisected, [round(float(i.high), 6) for i in found]
(['8*(9/10)**t + t/10 - 4'], [8.997193])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction

import sympy

from stability.analysis.tipping import Interval, RealSet, nonnegative_set
from stability.analysis.tipping.sets import _from_sympy_set, sign
from stability.analysis.tipping.sets import compare as compare  # re-exported
from stability.errors import InputError, StabilityError
from stability.model.scenario import TIME
from stability.model.symbolic import as_sympy

#: Steps of the floating-point grid that brackets sign changes for bisection.
GRID = 2048
#: Exact halvings of each bracket (ends within ``horizon / 2**BISECTIONS``).
BISECTIONS = 48


def exact_sign(expression: sympy.Expr, t: sympy.Rational) -> int:
    """The sign (-1, 0 or 1) of ``expression`` at time ``t``, decided exactly.

    >>> exact_sign(sympy.sqrt(2) - sympy.Rational(141, 100) + 0 * TIME, sympy.Integer(0))
    1
    """
    value = expression.xreplace({TIME: t})
    if isinstance(value, sympy.Rational):
        return sign(value)
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or value.is_real is False:
        raise InputError(f"{expression} is undefined at t = {t}")
    return sign(value)


def _float_function(expression: sympy.Expr) -> Callable[[float], float]:
    compiled = sympy.lambdify(TIME, expression, modules="math")

    def evaluate(t: float) -> float:
        try:
            return float(compiled(t))
        except (ArithmeticError, ValueError, TypeError):
            return math.nan

    return evaluate


# -- sets of times: sorted disjoint intervals within the window, as RealSet keeps them ----------


def normalise(pieces: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sorted, merged, non-empty intervals."""
    return RealSet.of(pieces).intervals


def intersect(first: Sequence[Interval], second: Sequence[Interval]) -> tuple[Interval, ...]:
    """The intersection of two normalised sets of intervals."""
    return RealSet(tuple(first)).intersection(RealSet(tuple(second))).intervals


def contains(pieces: Sequence[Interval], value: sympy.Expr) -> bool:
    """Whether ``value`` lies in one of the intervals."""
    return RealSet(tuple(pieces)).contains(value)


def _from_sympy(found: sympy.Set, window: Interval) -> tuple[Interval, ...]:
    return _from_sympy_set(found).intersection(RealSet((window,))).intervals


def _bounded(interval: Interval, window: Interval) -> Interval:
    """``interval`` with an infinite end replaced by the window's (closed) end."""
    low, low_closed = interval.low, interval.low_closed
    high, high_closed = interval.high, interval.high_closed
    if not low.is_finite:
        low, low_closed = window.low, True
    if not high.is_finite:
        high, high_closed = window.high, True
    return Interval(low, high, low_closed, high_closed)


def _linear(expression: sympy.Expr) -> RealSet | None:
    """Where a linear expression in ``t`` with rational coefficients is ``>= 0``."""
    if expression.has(sympy.Min, sympy.Max, sympy.Abs, sympy.Piecewise):
        return None
    try:
        polynomial = sympy.Poly(expression, TIME)
    except sympy.PolynomialError:
        return None
    if polynomial.degree() > 1 or not all(c.is_Rational for c in polynomial.all_coeffs()):
        return None
    coefficients = polynomial.all_coeffs()
    slope, intercept = coefficients if len(coefficients) == 2 else [0, coefficients[0]]
    if slope == 0:
        return RealSet.everything() if intercept >= 0 else RealSet()
    root = -intercept / slope
    return RealSet.at_least(root) if slope > 0 else RealSet.at_most(root)


def _exponential(expression: sympy.Expr) -> RealSet | None:
    """Where ``A * r**t + B >= 0`` (``A``, ``B``, ``r > 0`` rational), exactly."""
    constant, rest = sympy.expand(expression).as_independent(TIME, as_Add=True)
    if not constant.is_Rational:
        return None
    factor, power = rest.as_coeff_Mul()
    if not (
        factor.is_Rational
        and isinstance(power, sympy.Pow)
        and power.exp == TIME
        and power.base.is_Rational
        and power.base > 0
        and power.base != 1
    ):
        return None
    level = -constant / factor  # A*r**t + B >= 0  <=>  r**t >= level (A > 0) or <= (A < 0)
    if level <= 0:
        return RealSet.everything() if factor > 0 else RealSet()
    root = sympy.log(level, power.base)  # exact: log(4, 2) is 2
    growing = bool(power.base > 1)
    if (factor > 0) == growing:
        return RealSet.at_least(root)
    return RealSet.at_most(root)


class TimeSolver:
    """Solves ``expression(t) >= 0`` over ``[0, horizon]``, caching each answer.

    Answers are tuples of :class:`~stability.analysis.tipping.Interval` (sorted,
    disjoint, within the window); :func:`intersect`, :func:`normalise` and
    :func:`contains` combine them.
    """

    def __init__(self, horizon: Fraction) -> None:
        self.horizon = sympy.Rational(horizon.numerator, horizon.denominator)
        self.window = Interval(sympy.Integer(0), self.horizon)
        self.approximate: set[sympy.Expr] = set()
        self.bisected: list[str] = []
        self._cache: dict[sympy.Expr, tuple[Interval, ...]] = {}

    def is_exact(self, value: sympy.Expr) -> bool:
        """False when ``value`` is an end found by bisection."""
        return value not in self.approximate

    def nonnegative(self, expression: sympy.Expr) -> tuple[Interval, ...]:
        """The times in ``[0, horizon]`` where ``expression >= 0``."""
        expression = as_sympy(expression)
        cached = self._cache.get(expression)
        if cached is not None:
            return cached
        found = self._solve(expression)
        self._cache[expression] = found
        return found

    def _window(self, found: RealSet) -> tuple[Interval, ...]:
        window = (self.window,)
        return normalise(
            p for i in found.intervals for p in intersect((_bounded(i, self.window),), window)
        )

    def _solve(self, expression: sympy.Expr) -> tuple[Interval, ...]:
        if TIME not in expression.free_symbols:
            return (self.window,) if exact_sign(expression, sympy.Integer(0)) >= 0 else ()
        for special in (_linear, _exponential):
            found = special(expression)
            if found is not None:
                return self._window(found)
        if expression.has(sympy.Min, sympy.Max, sympy.Abs, sympy.Piecewise):
            pieces = self._piecewise(expression)
            if pieces is not None:
                return pieces
        try:
            return self._window(nonnegative_set(expression, TIME))
        except (StabilityError, NotImplementedError, ValueError, TypeError, RecursionError):
            pass
        return self._bisect(expression)

    def _piecewise(self, expression: sympy.Expr) -> tuple[Interval, ...] | None:
        """Split ``min``/``max``/``abs`` into pieces and solve each on its region."""
        if expression.has(sympy.Abs):
            expression = expression.replace(
                lambda node: isinstance(node, sympy.Abs),
                lambda node: sympy.Max(node.args[0], -node.args[0]),
            )
        folded = sympy.piecewise_fold(expression.rewrite(sympy.Piecewise))
        if not isinstance(folded, sympy.Piecewise):
            return None
        result: tuple[Interval, ...] = ()
        remaining: tuple[Interval, ...] = (self.window,)
        for piece, condition in folded.args:
            if condition is sympy.true:
                region = remaining
            else:
                try:
                    region = intersect(remaining, _from_sympy(condition.as_set(), self.window))
                except (StabilityError, NotImplementedError, ValueError, TypeError):
                    return None
            if region:
                result = normalise(result + intersect(region, self.nonnegative(piece)))
            remaining = _difference(remaining, region, self.window)
            if not remaining:
                break
        return result

    def _bisect(self, expression: sympy.Expr) -> tuple[Interval, ...]:
        self.bisected.append(str(expression))
        evaluate = _float_function(expression)
        steps = [self.horizon * sympy.Rational(k, GRID) for k in range(GRID + 1)]
        signs: list[bool] = []
        for step in steps:
            value = evaluate(float(step))
            if math.isnan(value) or abs(value) < 1e-9 * (1 + abs(float(step))):
                signs.append(exact_sign(expression, step) >= 0)
            else:
                signs.append(value >= 0)
        pieces: list[Interval] = []
        start: sympy.Expr | None = steps[0] if signs[0] else None
        for k in range(GRID):
            if signs[k] == signs[k + 1]:
                continue
            inside, outside = (steps[k], steps[k + 1]) if signs[k] else (steps[k + 1], steps[k])
            for _ in range(BISECTIONS):
                middle = (inside + outside) / 2
                if exact_sign(expression, middle) >= 0:
                    inside = middle
                else:
                    outside = middle
            self.approximate.add(inside)
            if signs[k]:  # leaving the set
                assert start is not None
                pieces.append(Interval(start, inside))
                start = None
            else:
                start = inside
        if start is not None:
            pieces.append(Interval(start, steps[-1]))
        return normalise(pieces)


def _difference(
    first: Sequence[Interval], second: Sequence[Interval], window: Interval
) -> tuple[Interval, ...]:
    """``first`` without ``second`` (both within ``window``)."""
    complement: list[Interval] = []
    low, low_closed = window.low, window.low_closed
    for piece in second:
        complement.append(Interval(low, piece.low, low_closed, not piece.low_closed))
        low, low_closed = piece.high, not piece.high_closed
    complement.append(Interval(low, window.high, low_closed, window.high_closed))
    return intersect(first, normalise(complement))
