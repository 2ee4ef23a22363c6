"""Sets of times in ``[0, horizon]`` where an expression in ``t`` is ``>= 0``.

:class:`TimeSolver` answers exactly where sympy can (a margin linear in ``t`` by
rational arithmetic; anything else with
:func:`stability.analysis.tipping.nonnegative_set`, which rewrites ``min``,
``max`` and ``abs`` as pieces and calls sympy's univariate inequality solver,
built on ``solveset``). A ratio of polynomials in ``t`` with rational coefficients (any
degree up to :data:`ROOT_DEGREE`) never goes to sympy's solver, whose time grows
without bound on products such as ``(t**8 - 2)*(t**8 - 3)*(t**8 - 5)``: its real
roots in the window are isolated exactly (sympy's ``intervals``, Vincent's
method on the exact coefficients); a rational root, and a root of a factor of
degree two when the whole degree is at most :data:`SYMPY_DEGREE`, is kept
exact, and any other root is narrowed by :data:`BISECTIONS` exact halvings.
Sympy's solver is only tried on expressions of degree at most
:data:`SYMPY_DEGREE` in ``t`` (a bound read from the expression's shape,
nothing expanded). When sympy cannot solve an inequality (``8*(9/10)**t +
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
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

import sympy

from stability.analysis.tipping import Interval, RealSet, nonnegative_set
from stability.analysis.tipping.sets import _from_sympy_set, sign
from stability.analysis.tipping.sets import compare as compare  # re-exported
from stability.errors import InputError, StabilityError
from stability.model.scenario import TIME
from stability.model.symbolic import as_sympy
from stability.solvers.budget import Budget

#: The deadline (``time.monotonic()``) after which sympy's solver is no longer tried.
_DEADLINE: ContextVar[float | None] = ContextVar("time_sets_deadline", default=None)


@contextmanager
def time_limit(budget: Budget | None) -> Iterator[None]:
    """Within the block, stop trying sympy's solver once ``budget`` has run out.

    The answers stay right (the bounded exact root isolation, or bisection with
    its stated precision, answers instead), so a time limit such as
    ``report --time-limit`` also covers the timeline.

    >>> with time_limit(Budget(seconds=0)):
    ...     _past_deadline()
    True
    """
    token = _DEADLINE.set(budget.deadline if budget is not None else None)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _past_deadline() -> bool:
    deadline = _DEADLINE.get()
    return deadline is not None and time.monotonic() >= deadline


#: Steps of the floating-point grid that brackets sign changes for bisection.
GRID = 2048
#: Exact halvings of each bracket (ends within ``horizon / 2**BISECTIONS``).
BISECTIONS = 48
#: Highest degree in ``t`` (of a ratio of polynomials) whose roots are isolated
#: exactly; beyond it, the grid and bisection (benchmarks/bench_limits.py: degree
#: 240 takes about 2 s of CPU).
ROOT_DEGREE = 240
#: Sympy's inequality solver is tried only up to this degree in ``t`` (its time
#: on ``(t**8 - 2)*(t**8 - 3)``, degree 16, is 13 s; on degree 8, 0.2 s).
SYMPY_DEGREE = 8
#: Highest degree in ``t`` evaluated at all: an expression of a higher degree is
#: refused (one exact evaluation at a 48-bit rational already takes seconds).
EVALUATION_DEGREE = 100_000


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


def degree_bound(expression: sympy.Expr) -> Fraction:
    """An upper bound on the degree of ``expression`` in ``t``, read from its shape.

    Nothing is expanded: a product adds its factors' degrees, a power multiplies
    (``r**t``, ``exp`` and ``log`` count as degree 1, a function as its
    arguments' highest degree).

    >>> degree_bound((TIME**8 - 2) * (TIME**8 - 3) + sympy.sqrt(TIME))
    Fraction(16, 1)
    """
    if TIME not in expression.free_symbols:
        return Fraction(0)
    if expression == TIME:
        return Fraction(1)
    if isinstance(expression, sympy.Mul):
        return sum((degree_bound(a) for a in expression.args), Fraction(0))
    if isinstance(expression, sympy.Pow):
        base, exponent = expression.args
        if TIME in exponent.free_symbols:
            return max(Fraction(1), degree_bound(base))
        if isinstance(exponent, sympy.Rational):
            return degree_bound(base) * abs(Fraction(int(exponent.p), int(exponent.q)))
        return max(Fraction(1), degree_bound(base))
    return max([Fraction(1)] + [degree_bound(a) for a in expression.args])


def _fraction(value: object) -> Fraction:
    rational = sympy.Rational(value)
    return Fraction(int(rational.p), int(rational.q))


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def _ratio(expression: sympy.Expr) -> tuple[sympy.Poly, sympy.Poly] | None:
    """``(numerator, denominator)`` with rational coefficients, or ``None``."""
    if expression.has(sympy.Min, sympy.Max, sympy.Abs, sympy.Piecewise):
        return None
    numerator, denominator = sympy.fraction(sympy.together(expression))
    try:
        polynomials = (sympy.Poly(numerator, TIME), sympy.Poly(denominator, TIME))
    except (sympy.PolynomialError, sympy.GeneratorsError):
        return None
    if not all(p.domain.is_ZZ or p.domain.is_QQ for p in polynomials):
        return None
    return polynomials


class _Polynomial:
    """A polynomial with :class:`~fractions.Fraction` coefficients, evaluated by Horner."""

    def __init__(self, polynomial: sympy.Poly) -> None:
        self.coefficients = [_fraction(c) for c in polynomial.all_coeffs()]

    def __call__(self, t: Fraction) -> Fraction:
        value = Fraction(0)
        for coefficient in self.coefficients:
            value = value * t + coefficient
        return value


def _sign(value: Fraction) -> int:
    return (value > 0) - (value < 0)


@dataclass
class _Node:
    """A root of the numerator or denominator (or an end of the window) and its bracket."""

    low: Fraction
    high: Fraction
    value: sympy.Expr | None
    in_set: bool
    polynomial: _Polynomial | None = None

    def narrow(self, width: Fraction) -> None:
        """Halve ``(low, high)``, which holds one root, until it is at most ``width`` wide."""
        if self.polynomial is None or self.low == self.high:
            return
        poly, low, high = self.polynomial, self.low, self.high
        high_sign = _sign(poly(high)) or -_sign(poly(low))
        while high - low > width:
            middle = (low + high) / 2
            value = _sign(poly(middle))
            if value == 0:
                low = high = middle
            elif value == high_sign:
                high = middle
            else:
                low = middle
        self.low, self.high = low, high

    def exact(self) -> sympy.Rational | None:
        """The root, when it is the simplest rational in its bracket (a rational root)."""
        if self.low == self.high:
            return _rational(self.low)
        simplest = _simplest(self.low, self.high)
        if self.polynomial is not None and self.polynomial(simplest) == 0:
            return _rational(simplest)
        return None


def _simplest(low: Fraction, high: Fraction) -> Fraction:
    """The rational with the smallest denominator in ``[low, high]`` (``0 <= low < high``).

    >>> _simplest(Fraction(13, 10), Fraction(7, 5))
    Fraction(4, 3)
    """
    whole = math.floor(low)
    if whole == low or whole + 1 <= high:
        return Fraction(whole if whole == low else whole + 1)
    # low and high share the whole part: continue with the reciprocals of the rest
    return whole + 1 / _simplest(1 / (high - whole), 1 / (low - whole))


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

    @property
    def precision(self) -> Fraction:
        """How far an end found by bisection may be from the true end: ``horizon / 2**48``."""
        return _fraction(self.horizon) / Fraction(2**BISECTIONS)

    def _solve(self, expression: sympy.Expr) -> tuple[Interval, ...]:
        if TIME not in expression.free_symbols:
            return (self.window,) if exact_sign(expression, sympy.Integer(0)) >= 0 else ()
        degree = degree_bound(expression)
        if degree > EVALUATION_DEGREE:
            raise InputError(
                f"{_short(expression)} has a degree of up to {degree} in t; at most "
                f"{EVALUATION_DEGREE} can be evaluated exactly (simplify the timeline)"
            )
        if degree <= 1:
            for special in (_linear, _exponential):
                found = special(expression)
                if found is not None:
                    return self._window(found)
        if expression.has(sympy.Min, sympy.Max, sympy.Abs, sympy.Piecewise):
            pieces = self._piecewise(expression)
            if pieces is not None:
                return pieces
        if degree <= ROOT_DEGREE:
            ratio = _ratio(expression)
            if ratio is not None:
                return self._roots(expression, *ratio)
        if degree <= SYMPY_DEGREE and not _past_deadline():
            try:
                return self._window(nonnegative_set(expression, TIME))
            except (StabilityError, NotImplementedError, ValueError, TypeError, RecursionError):
                pass
        return self._bisect(expression)

    def _roots(
        self, expression: sympy.Expr, numerator: sympy.Poly, denominator: sympy.Poly
    ) -> tuple[Interval, ...]:
        """Where ``numerator / denominator >= 0``: roots isolated exactly, then narrowed."""
        polynomials = [p for p in (numerator, denominator) if p.degree() > 0]
        found = sympy.intervals(polynomials, inf=0, sup=self.horizon) if polynomials else []
        top = _fraction(self.horizon)
        width = top / 2**BISECTIONS
        above, below = _Polynomial(numerator), _Polynomial(denominator)
        # halving follows a sign change: a root of even multiplicity ((t - 10/3)**2)
        # has none, its square-free part has
        narrowing = [_Polynomial(p.sqf_part()) for p in polynomials]
        pole = 1 if numerator.degree() > 0 else 0  # index of the denominator in ``found``
        exact = _exact_roots((numerator, denominator)) if (
            numerator.degree() + denominator.degree() <= SYMPY_DEGREE
        ) else []

        def inside(t: Fraction) -> bool:
            down = below(t)
            return down != 0 and above(t) * down >= 0

        nodes: list[_Node] = []
        for (low_end, high_end), indices in found:
            index = min(indices)
            node = _Node(_fraction(low_end), _fraction(high_end), None, pole not in indices,
                         narrowing[index])
            node.narrow(width)
            nodes.append(node)
        if not nodes or nodes[0].high != 0:
            nodes.insert(0, _Node(Fraction(0), Fraction(0), None, inside(Fraction(0))))
        if nodes[-1].low != top:
            nodes.append(_Node(top, top, None, inside(top)))
        for first, second in pairwise(nodes):  # apart, so that the gap can be sampled
            while first.high >= second.low:
                for node in (first, second):
                    node.narrow((node.high - node.low) / 2)
        for node in nodes:
            found_exact = node.exact()
            node.value = (
                found_exact if found_exact is not None
                else _matching(exact, node.low, node.high)
            )
        gaps = [inside((a.high + b.low) / 2) for a, b in pairwise(nodes)]
        pieces: list[Interval] = []
        values: list[sympy.Expr] = []
        approximate = False
        for k, node in enumerate(nodes):
            value = node.value
            if value is None:  # an irrational root: the rational end inside the set
                approximate = True
                left = k > 0 and gaps[k - 1]
                right = k < len(gaps) and gaps[k]
                if left and not right:
                    end = node.low
                elif right and not left:
                    end = node.high
                else:
                    end = (node.low + node.high) / 2
                value = _rational(end)
                self.approximate.add(value)
            values.append(value)
            if node.in_set:
                pieces.append(Interval(value, value))
        for k, gap in enumerate(gaps):
            if gap:
                pieces.append(Interval(values[k], values[k + 1], False, False))
        if approximate:
            self.bisected.append(str(expression))
        return normalise(pieces)

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


def _exact_roots(polynomials: Sequence[sympy.Poly]) -> list[sympy.Expr]:
    """The real roots of the factors of degree two (square roots), exactly."""
    roots: list[sympy.Expr] = []
    for polynomial in polynomials:
        for factor, _ in polynomial.factor_list()[1]:
            if factor.degree() == 2:
                roots += [r for r in sympy.roots(factor, TIME) if r.is_real]
    return roots


def _matching(roots: Sequence[sympy.Expr], low: Fraction, high: Fraction) -> sympy.Expr | None:
    """The root among ``roots`` strictly between ``low`` and ``high``, if any."""
    for root in roots:
        if compare(root, _rational(low)) > 0 and compare(root, _rational(high)) < 0:
            return root
    return None


def _short(expression: sympy.Expr) -> str:
    text = str(expression)
    return text if len(text) <= 80 else text[:77] + "..."


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
