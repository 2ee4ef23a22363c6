"""Small pieces of text every renderer shares: exact numbers, profiles, lists, table rows.

One implementation each, so the terminal, the report and the explanations write a
number or a profile the same way. Exact numbers for people go through
:func:`~stability.model.exact.number_text` (``749/625 ≈ 1.20``; ``8`` and ``0.5``
alone), re-exported here; the JSON keeps exact strings.

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
from typing import TYPE_CHECKING, Any

import sympy

from stability.model.exact import approximate_text, format_fraction
from stability.model.exact import number_text as number_text  # re-exported: the one formatter

if TYPE_CHECKING:
    from stability.analysis.tipping import KeyCell, ShiftedParameter


def fraction_text(value: Fraction | int) -> str:
    """An exact rational as text (``7/2``, ``-3``)."""
    return format_fraction(Fraction(value))


def time_text(point: Any, *, short: bool = False) -> str:
    """A time (a durability ``TimePoint``: ``value`` and ``exact``) for people:
    ``96/17 ≈ 5.65``, ``8``, ``≈ 8.997 (bisection)``; ``short`` (for tables) writes
    a long exact form (``log(2)/log(10/9)``) as its decimal alone.

    >>> from types import SimpleNamespace as Point
    >>> time_text(Point(value=sympy.Rational(96, 17), exact=True))
    '96/17 ≈ 5.65'
    >>> time_text(Point(value=sympy.Float(8.997), exact=False))
    '≈ 9.00 (bisection)'
    """
    if not point.exact:
        return approximate_text(point.value) + " (bisection)"
    return bounded_text(point.value) if short else number_text(point.value)


def bounded_text(value: object, width: int = 16) -> str:
    """:func:`number_text`, or the decimal alone (``≈ 6.58``) when that would be wider
    than ``width`` characters (for table cells).

    >>> bounded_text(Fraction(96, 17))
    '96/17 ≈ 5.65'
    >>> bounded_text(sympy.log(2) / sympy.log(sympy.Rational(10, 9)))
    '≈ 6.58'
    """
    text = number_text(value)
    return text if len(text) <= width else approximate_text(value)


def exact_text(value: sympy.Expr) -> str:
    """An exact value with a decimal beside it (:func:`number_text`).

    >>> exact_text(sympy.sqrt(2)), exact_text(sympy.Rational(749, 625))
    ('sqrt(2) ≈ 1.41', '749/625 ≈ 1.20')
    """
    return number_text(value)


def exact_or_float(exact: Fraction | None, value: float, digits: int = 6) -> str:
    """The exact value (with a decimal beside it, :func:`number_text`) when there is one,
    else the float to ``digits`` significant digits.

    >>> exact_or_float(Fraction(1, 3), 0.333), exact_or_float(None, 0.1234567, 4)
    ('1/3 ≈ 0.333', '0.1235')
    """
    return number_text(exact) if exact is not None else f"{value:.{digits}g}"


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
        number_text(cell.before),
        "–" if cell.after is None else number_text(cell.after),
        "–" if cell.change is None else number_text(cell.change),
    )


def shifted_parameter_row(moved: ShiftedParameter) -> tuple[str, str, str]:
    """One parameter of a smallest combined shift: its name, its value now, its new value."""
    return (
        moved.parameter,
        number_text(moved.baseline),
        exact_or_float(moved.exact, moved.value),
    )
