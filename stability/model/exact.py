"""Exact numbers: parsing payoff and parameter values without floating point.

>>> parse_number("3/2"), parse_number("-0.25"), parse_number("1e-3"), parse_number(7)
(Fraction(3, 2), Fraction(-1, 4), Fraction(1, 1000), Fraction(7, 1))
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any, SupportsFloat

_NUMBER = re.compile(
    r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:/[+-]?\d+)?$"
)
# Exponents beyond this make numbers no payoff needs and cost unbounded memory.
MAX_EXPONENT = 300
MAX_DIGITS = 400
#: Largest magnitude a payoff may have: beyond it floating point (numpy grids,
#: JSON numbers) cannot represent the value.
MAX_MAGNITUDE = 10**300


def parse_number(value: object) -> Fraction:
    """The exact value of an integer, decimal or rational given as text or number.

    Raises ``ValueError`` (with a message saying what was expected) for anything
    else, including NaN, infinities, booleans and absurdly large exponents.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {value!r}")
        return Fraction(repr(value))
    if not isinstance(value, str):
        raise ValueError(f"expected a number, got {type(value).__name__}")
    text = value.strip()
    if not _NUMBER.match(text):
        raise ValueError(
            f"expected a number (integer, decimal or rational like 3/2), got {value!r}"
        )
    if len(text) > MAX_DIGITS:
        raise ValueError(f"number too long ({len(text)} characters)")
    exponent = re.search(r"[eE]([+-]?\d+)", text)
    if exponent and abs(int(exponent.group(1))) > MAX_EXPONENT:
        raise ValueError(f"number out of range: {value!r}")
    if "/" in text:
        numerator, denominator = text.split("/")
        if int(denominator) == 0:
            raise ValueError(f"division by zero in {value!r}")
        return check_magnitude(Fraction(numerator) / Fraction(int(denominator)))
    return check_magnitude(Fraction(text))


def check_magnitude(value: Fraction) -> Fraction:
    """``value`` itself, or ``ValueError`` when it is too large for floating point.

    >>> check_magnitude(Fraction(10) ** 301)
    Traceback (most recent call last):
    ...
    ValueError: number too large: beyond 1e300 in magnitude, which floating point cannot hold
    """
    if abs(value) > MAX_MAGNITUDE or (value != 0 and abs(value) < Fraction(1, MAX_MAGNITUDE)):
        raise ValueError(
            "number too large: beyond 1e300 in magnitude, which floating point cannot hold"
            if abs(value) > MAX_MAGNITUDE
            else "number too small: below 1e-300 in magnitude, which floating point cannot hold"
        )
    return value


def format_fraction(value: Fraction) -> str:
    """``"3/2"``, ``"-1"``: the exact string form used in JSON documents."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


#: How JSON documents write an infinite end as an exact string (see the JSON reference,
#: "Numbers, exact strings and infinity").
INFINITY = "inf"


def exact_string(value: Any) -> str:
    """The exact string form of a number in JSON documents: ``"3/2"`` for rationals,
    ``"inf"``/``"-inf"`` for infinite ends, sympy's form for other exact reals.

    The one formatter of exact numbers: tipping's intervals and durability's times
    and intervals both use it. Takes a ``Fraction``, an ``int`` or a sympy number
    (without importing sympy).

    >>> import sympy
    >>> exact_string(Fraction(3, 2)), exact_string(sympy.Rational(-4, 2))
    ('3/2', '-2')
    >>> exact_string(sympy.sqrt(2))
    'sqrt(2)'
    >>> exact_string(sympy.oo), exact_string(-sympy.oo), exact_string(float("-inf"))
    ('inf', '-inf', '-inf')
    """
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, Fraction | int):
        return format_fraction(Fraction(value))
    if isinstance(value, float):
        if math.isinf(value):
            return INFINITY if value > 0 else "-" + INFINITY
        return format_fraction(Fraction(repr(value)))
    if getattr(value, "is_infinite", False):
        if getattr(value, "is_extended_positive", False):
            return INFINITY
        if getattr(value, "is_extended_negative", False):
            return "-" + INFINITY
        raise ValueError(f"an infinity without a sign has no exact string: {value}")
    if getattr(value, "is_Rational", False):
        return format_fraction(Fraction(int(value.p), int(value.q)))
    return str(value)


def json_number(value: SupportsFloat | None) -> float | None:
    """A JSON number, or ``None`` (``null``) where there is none or it is infinite:
    JSON has no infinity (the exact string beside it says ``"inf"``/``"-inf"``).

    >>> json_number(Fraction(1, 4)), json_number(float("inf")), json_number(None)
    (0.25, None, None)
    """
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def as_float(value: SupportsFloat) -> float:
    """A plain float (for JSON numbers and numpy)."""
    return float(value)
