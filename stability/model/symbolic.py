"""Exact numbers as sympy objects, without ever parsing text.

``sympy.sympify`` also parses strings, so it must never see text from a file; this
converts only values that are already numbers or sympy objects.

>>> from fractions import Fraction
>>> as_sympy(Fraction(3, 2)), as_sympy(2), as_sympy(sympy.Symbol("x") + 1)
(3/2, 2, x + 1)
>>> as_sympy("1 + 1")
Traceback (most recent call last):
...
TypeError: expected a number or a sympy expression, got str
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy

from stability.errors import InputError
from stability.model.exact import check_magnitude


def as_sympy(value: Any) -> sympy.Expr:
    """``value`` (a sympy object, an int or a Fraction) as a sympy expression."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool):
        raise TypeError("expected a number or a sympy expression, got bool")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    raise TypeError(f"expected a number or a sympy expression, got {type(value).__name__}")


#: Most terms a payoff (a layer's weight times a cell) may have once multiplied out:
#: the exact analyses expand payoff differences (about a millisecond per term).
MAX_TERMS = 2_000
#: Most units of algebra (:func:`algebra_cost`), summed over every payoff difference
#: the exact analyses multiply out (each joint profile against each unilateral
#: deviation): about 30 s on the reference machine (see docs/performance.md).
MAX_SYMBOLIC_WORK = 300_000


def algebra_cost(terms: int) -> int:
    """The measured cost, in units of about 0.1 ms, of multiplying out a payoff of
    ``terms`` terms: a short payoff costs one unit a term, a long one (a power or a
    product of sums, over 50 terms) twenty, as its expansion builds many more on the
    way (measured: docs/performance.md).

    >>> algebra_cost(4), algebra_cost(816)
    (4, 16320)
    """
    return terms if terms <= 50 else 20 * terms


def expanded_terms(expression: sympy.Basic, cap: int = MAX_TERMS) -> int:
    """An upper bound on the number of terms of ``sympy.expand(expression)``, found
    without expanding (capped at ``cap + 1``: anything above ``cap`` is too large).

    ``(x + y)**2`` has at most 3 terms; ``(p0 + … + p19)**8`` has 2,220,075.

    >>> x, y = sympy.symbols("x y")
    >>> expanded_terms((x + y) ** 2), expanded_terms(3 * x * (x - y) + 1)
    (3, 3)
    >>> expanded_terms(sum(sympy.symbols("p0:20")) ** 8) > MAX_TERMS
    True
    """
    if expression.is_Atom:
        return 1
    if isinstance(expression, sympy.Add):
        return min(cap + 1, sum(expanded_terms(a, cap) for a in expression.args))
    if isinstance(expression, sympy.Mul):
        total = 1
        for factor in expression.args:
            total = min(cap + 1, total * expanded_terms(factor, cap))
        return total
    if isinstance(expression, sympy.Pow):
        base = expanded_terms(expression.base, cap)
        exponent = expression.exp
        if base == 1 or not exponent.is_Integer:
            return base
        power = abs(int(exponent))
        if power > 64:
            return cap + 1
        # the monomials of (t1 + ... + tb)**n number at most C(b + n - 1, n)
        return min(cap + 1, math.comb(base + power - 1, power))
    return min(cap + 1, sum(expanded_terms(a, cap) for a in expression.args) or 1)


def exact_value(expression: sympy.Expr, values: Mapping[sympy.Symbol, sympy.Rational]) -> Fraction:
    """The exact value of ``expression`` with every symbol replaced by a rational.

    Raises :class:`InputError` when the result is not a finite rational (for
    example a division by a parameter that is zero at these values).

    >>> a = sympy.Symbol("a")
    >>> exact_value(a / 3 + 1, {a: sympy.Rational(1, 2)})
    Fraction(7, 6)
    """
    result = expression.xreplace(values)
    if not isinstance(result, sympy.Rational):
        raise InputError(f"{expression} is undefined at these parameter values ({result})")
    try:
        return check_magnitude(Fraction(int(result.p), int(result.q)))
    except ValueError as err:
        raise InputError(f"{expression} at these parameter values: {err}") from None
