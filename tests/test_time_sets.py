"""Solving ``expression(t) >= 0`` over a horizon: each answer checked pointwise, exactly."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.time_sets import TimeSolver, compare, contains, exact_sign, intersect
from stability.analysis.tipping import Interval
from stability.model.scenario import TIME

HORIZON = Fraction(12)
RATIONALS = st.fractions(Fraction(-6), Fraction(6), max_denominator=4).map(
    lambda f: sympy.Rational(f.numerator, f.denominator)
)


@st.composite
def expressions(draw: st.DrawFn, depth: int = 2) -> sympy.Expr:
    """Piecewise-linear and quadratic expressions in t with min, max and abs."""
    kind = draw(st.sampled_from(["linear", "quadratic", "max", "min", "abs", "sum"]))
    if depth == 0 or kind == "linear":
        return draw(RATIONALS) * TIME + draw(RATIONALS)
    if kind == "quadratic":
        return draw(RATIONALS) * TIME**2 / 8 + draw(RATIONALS) * TIME + draw(RATIONALS)
    left, right = draw(expressions(depth - 1)), draw(expressions(depth - 1))
    if kind == "max":
        return sympy.Max(left, right)
    if kind == "min":
        return sympy.Min(left, right)
    if kind == "abs":
        return sympy.Abs(left) - draw(RATIONALS).__abs__()
    return left + right


@settings(max_examples=40, deadline=None)
@given(expression=expressions(), points=st.lists(
    st.fractions(Fraction(0), HORIZON, max_denominator=64), min_size=5, max_size=12))
def test_pointwise(expression: sympy.Expr, points: list[Fraction]) -> None:
    solver = TimeSolver(HORIZON)
    found = solver.nonnegative(expression)
    for point in [Fraction(0), HORIZON, *points]:
        t = sympy.Rational(point.numerator, point.denominator)
        if any(not solver.is_exact(e) and abs(float(e - t)) < 1e-9
               for i in found for e in (i.low, i.high)):
            continue  # too close to an end found by bisection to tell
        expected = exact_sign(expression, t) >= 0
        assert contains(found, t) == expected, (expression, point, found)
    for piece in found:  # within the window, sorted, disjoint
        assert compare(piece.low, sympy.Integer(0)) >= 0
        assert compare(piece.high, sympy.Integer(12)) <= 0
    for a, b in zip(found, found[1:], strict=False):
        assert compare(a.high, b.low) <= 0


def test_exponential_is_exact() -> None:
    solver = TimeSolver(Fraction(100))
    (piece,) = solver.nonnegative(8 * sympy.Rational(9, 10) ** TIME - 4)
    assert piece.low == 0 and solver.is_exact(piece.high)
    assert sympy.simplify(piece.high - sympy.log(2) / sympy.log(sympy.Rational(10, 9))) == 0
    (growing,) = solver.nonnegative(3 * 2**TIME - 12)  # 2**t >= 4 iff t >= 2
    assert (growing.low, growing.high) == (2, 100)
    assert solver.nonnegative(-(2**TIME)) == ()
    assert not solver.bisected


def test_intersect_keeps_closedness() -> None:
    a = (Interval(sympy.Integer(0), sympy.Integer(2), True, False),)
    b = (Interval(sympy.Integer(2), sympy.Integer(3)),)
    assert intersect(a, b) == ()
    c = (Interval(sympy.Integer(1), sympy.Integer(2)),)
    assert intersect(c, b) == (Interval(sympy.Integer(2), sympy.Integer(2)),)


THIRDS = st.fractions(Fraction(0), HORIZON, max_denominator=9).filter(
    lambda f: f.denominator in (3, 6, 9)
)


@settings(max_examples=8, deadline=None)
@given(
    roots=st.lists(THIRDS, min_size=1, max_size=3),
    poles=st.lists(THIRDS, max_size=1),
    scale=st.sampled_from([1, -1, 3, Fraction(-2, 3)]),
)
def test_roots_with_denominator_three_match_sympy(
    roots: list[Fraction], poles: list[Fraction], scale: Fraction
) -> None:
    """Rational roots that halving never lands on (1/3, 4/9) are found exactly, and
    the set is sympy's own answer (``solve_univariate_inequality``) within the window."""
    def rational(value: Fraction) -> sympy.Rational:
        return sympy.Rational(value.numerator, value.denominator)

    numerator = sympy.Mul(*[TIME - rational(r) for r in roots])
    denominator = sympy.Mul(*[TIME - rational(p) + sympy.Rational(1, 7) for p in poles])
    expression = rational(Fraction(scale)) * numerator / denominator
    solver = TimeSolver(HORIZON)
    found = solver.nonnegative(expression)
    assert not solver.bisected  # every end rational: nothing approximate
    window = sympy.Interval(0, 12)
    expected = sympy.solve_univariate_inequality(
        expression >= 0, TIME, relational=False
    ).intersect(window)
    ours = sympy.Union(*[
        sympy.Interval(i.low, i.high, not i.low_closed, not i.high_closed) for i in found
    ]) if found else sympy.EmptySet
    assert ours == expected, (expression, found, expected)
