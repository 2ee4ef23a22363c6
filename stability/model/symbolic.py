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

from fractions import Fraction
from typing import Any

import sympy


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
