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


# -- for people: a decimal beside the exact value ------------------------------------

#: Significant digits of the decimal written beside an exact value.
DIGITS = 3


def decimal_text(value: Fraction, digits: int = DIGITS) -> str:
    """``value`` rounded (half away from zero) to ``digits`` significant digits, as a
    decimal; trailing zeros kept (``1.20``), the integer part never rounded
    (``1764``), scientific notation beyond ``[1e-4, 1e9)``.

    >>> decimal_text(Fraction(749, 625)), decimal_text(Fraction(-108, 17))
    ('1.20', '-6.35')
    >>> decimal_text(Fraction(12345, 7)), decimal_text(Fraction(1, 30000))
    ('1764', '3.33e-05')
    """
    if value == 0:
        return "0"
    size = abs(value)
    if size < Fraction(1, 10**4) or size >= 10**9:
        return f"{float(value):.{digits - 1}e}"
    # floor(log10(size)), exactly: a first guess from the digits, then corrected
    exponent = len(str(int(size))) - 1 if size >= 1 else -len(str(int(1 / size)))
    while Fraction(10) ** exponent > size:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= size:
        exponent += 1
    places = max(0, digits - 1 - exponent)
    scaled = size * 10**places
    rounded = int(scaled + Fraction(1, 2))  # half away from zero (size > 0)
    sign = "-" if value < 0 else ""
    if places == 0:
        return f"{sign}{rounded}"
    whole, part = divmod(rounded, 10**places)
    return f"{sign}{whole}.{part:0{places}d}"


def _short_decimal(value: Fraction, digits: int) -> str | None:
    """``value`` written exactly as a short decimal (at most ``digits`` significant
    digits, or one decimal place), or ``None`` when it has no such form.

    >>> _short_decimal(Fraction(49, 100), 3), _short_decimal(Fraction(2469, 2), 3)
    ('0.49', '1234.5')
    >>> _short_decimal(Fraction(749, 625), 3) is None, _short_decimal(Fraction(1, 3), 3) is None
    (True, True)
    """
    rest, twos, fives = value.denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:  # not a terminating decimal
        return None
    places = max(twos, fives)
    scaled = abs(value.numerator) * 10**places // value.denominator  # exact
    if len(str(scaled).rstrip("0")) > digits and places > 1:
        return None
    whole, part = divmod(scaled, 10**places)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def number_text(value: object, digits: int = DIGITS, *, fractions: bool = False) -> str:
    """An exact value for people: alone when it is an integer or a short decimal
    (``8``, ``0.5``, ``-2.25``), else exact with a decimal beside it
    (``749/625 ≈ 1.20``, ``sqrt(2) ≈ 1.41``). Takes a ``Fraction``, an ``int`` or a
    sympy number; infinite ends read ``inf``/``-inf``. The JSON keeps the exact
    string (:func:`~stability.model.exact.exact_string`).

    >>> number_text(8), number_text(Fraction(1, 2)), number_text(Fraction(749, 625))
    ('8', '0.5', '749/625 ≈ 1.20')
    >>> number_text(Fraction(-108, 17)), number_text(Fraction(24737, 10000))
    ('-108/17 ≈ -6.35', '24737/10000 ≈ 2.47')
    >>> import sympy
    >>> number_text(sympy.sqrt(2)), number_text(sympy.oo)
    ('sqrt(2) ≈ 1.41', 'inf')

    ``fractions`` (for worked algebra) writes a short decimal as its fraction:

    >>> number_text(Fraction(1, 4), fractions=True), number_text(Fraction(2, 3), fractions=True)
    ('1/4', '2/3 ≈ 0.667')
    """
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    exact = _rational(value)
    if exact is None:
        text = exact_string(value)
        if getattr(value, "is_infinite", False):
            return text
        return f"{text} ≈ {decimal_text(_decimal(value), digits)}"
    if exact.denominator == 1:
        return str(exact.numerator)
    short = _short_decimal(exact, digits)
    if short is not None:
        return format_fraction(exact) if fractions else short
    return f"{format_fraction(exact)} ≈ {decimal_text(exact, digits)}"


def approximate_text(value: object, digits: int = DIGITS) -> str:
    """A value known only approximately (or too long to read exactly): ``≈ 6.58``.

    >>> import sympy
    >>> approximate_text(sympy.log(2) / sympy.log(sympy.Rational(10, 9)))
    '≈ 6.58'
    """
    exact = _rational(value)
    return f"≈ {decimal_text(exact if exact is not None else _decimal(value), digits)}"


def _rational(value: object) -> Fraction | None:
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value)) if value == value and abs(value) != float("inf") else None
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))  # type: ignore[attr-defined]
    return None


def _decimal(value: Any) -> Fraction:
    """A sympy real (``sqrt(2)``, ``log(2)/log(10/9)``) to 30 significant digits."""
    return Fraction(str(value.evalf(30)))
