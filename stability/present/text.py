"""Small pieces of text every renderer shares: exact numbers, profiles, lists, table rows.

One implementation each, so the terminal, the report and the explanations write a
number or a profile the same way.

>>> from fractions import Fraction
>>> fraction_text(Fraction(7, 2)), percent(0.125), yes_no(True)
('7/2', '12.5%', 'yes')
>>> profile_text({"Iran": "Fight", "US": "Wait"})
'Iran: Fight; US: Wait'
>>> listing(["a", "b", "c"]), quoted("Road")
('a, b and c', '“Road”')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import sympy

from stability.analysis.durability import exact_string
from stability.model.exact import format_fraction

if TYPE_CHECKING:
    from stability.analysis.tipping import KeyCell, ShiftedParameter


def fraction_text(value: Fraction | int) -> str:
    """An exact rational as text (``7/2``, ``-3``)."""
    return format_fraction(Fraction(value))


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


def number_text(value: object, digits: int = DIGITS) -> str:
    """An exact value for people: alone when it is an integer or a short decimal
    (``8``, ``0.5``, ``-2.25``), else exact with a decimal beside it
    (``749/625 ≈ 1.20``, ``sqrt(2) ≈ 1.41``). Takes a ``Fraction``, an ``int`` or a
    sympy number; infinite ends read ``inf``/``-inf``. The JSON keeps the exact
    string (:func:`~stability.model.exact.exact_string`).

    >>> number_text(8), number_text(Fraction(1, 2)), number_text(Fraction(749, 625))
    ('8', '0.5', '749/625 ≈ 1.20')
    >>> number_text(Fraction(-108, 17)), number_text(Fraction(24737, 10000))
    ('-108/17 ≈ -6.35', '24737/10000 ≈ 2.47')
    >>> number_text(sympy.sqrt(2)), number_text(sympy.oo)
    ('sqrt(2) ≈ 1.41', 'inf')
    """
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    exact = _rational(value)
    if exact is None:
        text = exact_string(value)
        if getattr(value, "is_infinite", False):
            return text
        decimal = Fraction(str(sympy.N(value, 30)))  # type: ignore[call-overload]
        return f"{text} ≈ {decimal_text(decimal, digits)}"
    if exact.denominator == 1:
        return str(exact.numerator)
    short = _short_decimal(exact, digits)
    if short is not None:
        return short
    return f"{format_fraction(exact)} ≈ {decimal_text(exact, digits)}"


def _rational(value: object) -> Fraction | None:
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value)) if value == value and abs(value) != float("inf") else None
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))  # type: ignore[attr-defined]
    return None


def exact_text(value: sympy.Expr) -> str:
    """An exact value, with a decimal beside it when it is not rational.

    >>> exact_text(sympy.sqrt(2))
    'sqrt(2) ≈ 1.414'
    """
    text = exact_string(value)
    if not isinstance(value, sympy.Rational):
        text += f" ≈ {float(sympy.N(value, 20)):.4g}"
    return text


def exact_or_float(exact: Fraction | None, value: float, digits: int = 6) -> str:
    """The exact value when there is one, else the float to ``digits`` significant digits.

    >>> exact_or_float(Fraction(1, 3), 0.333), exact_or_float(None, 0.1234567, 4)
    ('1/3', '0.1235')
    """
    return fraction_text(exact) if exact is not None else f"{value:.{digits}g}"


def percent(share: float) -> str:
    """A share as a percentage with one decimal."""
    return f"{100 * share:.1f}%"


def words(text: str) -> str:
    """``text`` on one line, runs of white space as one space."""
    return " ".join(text.split())


def profile_text(profile: Mapping[str, str], separator: str = "; ") -> str:
    """``actor: strategy`` for every actor of a profile."""
    return separator.join(f"{actor}: {strategy}" for actor, strategy in dict(profile).items())


def listing(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def quoted(name: str) -> str:
    """A name in curly quotes."""
    return f"“{name}”"


def yes_no(flag: bool) -> str:
    """``yes`` or ``no``."""
    return "yes" if flag else "no"


#: The columns of a key-cell row (:func:`key_cell_row`).
KEY_CELL_COLUMNS = ("game", "layer", "cell", "payoff to", "share", "before", "after", "change")


def key_cell_row(cell: KeyCell) -> tuple[str, ...]:
    """One key payoff cell of a tipping result as the text of a table row."""
    return (
        cell.game,
        cell.layer,
        " / ".join(cell.cell.values()),
        cell.actor,
        f"{float(cell.share):.0%}",
        fraction_text(cell.before),
        "–" if cell.after is None else fraction_text(cell.after),
        "–" if cell.change is None else fraction_text(cell.change),
    )


def shifted_parameter_row(moved: ShiftedParameter) -> tuple[str, str, str]:
    """One parameter of a smallest combined shift: its name, its value now, its new value."""
    return (
        moved.parameter,
        fraction_text(moved.baseline),
        exact_or_float(moved.exact, moved.value),
    )
