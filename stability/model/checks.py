"""Checks of arguments shared by the command line and the Python API (same words).

Each raises :class:`~stability.errors.InputError` for a bad value and
:class:`TypeError` for a value of the wrong type, so ``stability.solve(...,
time_limit=-1)`` and ``stability solve --time-limit -1`` refuse alike.

>>> check_time_limit(2.5)
2.5
>>> check_time_limit(float("nan"))
Traceback (most recent call last):
...
stability.errors.InputError: --time-limit: expected a number of seconds, 0 or more, got nan
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from stability.errors import InputError


def _kind(value: object) -> str:
    return type(value).__name__


def check_time_limit(value: object, option: str = "--time-limit") -> float | None:
    """A time limit in seconds: ``None`` (no limit) or a finite number ``>= 0``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise TypeError(f"{option}: expected a number of seconds, got {_kind(value)} {value!r}")
    number = float(value)
    if math.isnan(number) or number < 0 or math.isinf(number):
        raise InputError(f"{option}: expected a number of seconds, 0 or more, got {value}")
    return number


def check_source(source: object, what: str) -> str:
    """A file or bundled name: a non-blank string (an empty one never means a default).

    >>> check_source("mosul", "scenario")
    'mosul'
    """
    text = str(source) if hasattr(source, "__fspath__") else source
    if not isinstance(text, str):
        raise TypeError(f"the {what}: expected a file path or a bundled name, got {_kind(source)}")
    if not text.strip():
        raise InputError(
            f"the {what} argument is empty: give a file or a bundled name (see 'stability list')"
        )
    return text


def check_name(value: object, what: str) -> str:
    """A name (an outcome, a parameter, a method): a non-blank string.

    >>> check_name(None, "target")
    Traceback (most recent call last):
    ...
    TypeError: target: expected a name (a string), got NoneType None
    """
    if not isinstance(value, str):
        raise TypeError(f"{what}: expected a name (a string), got {_kind(value)} {value!r}")
    if not value.strip():
        raise InputError(f"{what}: expected a name, got an empty string")
    return value


def check_sets(sets: object) -> dict[str, str]:
    """``--set`` values as a mapping of parameter names to numbers (or their text).

    >>> check_sets({"threat": 3})
    {'threat': '3'}
    >>> check_sets("threat=3")
    Traceback (most recent call last):
    ...
    TypeError: sets: expected a mapping such as {"threat": 3}, got str 'threat=3'
    """
    if sets is None:
        return {}
    if not isinstance(sets, Mapping):
        raise TypeError(
            f'sets: expected a mapping such as {{"threat": 3}}, got {_kind(sets)} {sets!r}'[:300]
        )
    parsed: dict[str, str] = {}
    for name, value in sets.items():
        if not isinstance(name, str):
            raise TypeError(f"sets: parameter names are strings, got {_kind(name)} {name!r}")
        if isinstance(value, bool) or not isinstance(value, str | int | float | Fraction):
            raise TypeError(
                f"--set {name}: expected a number or its text, got {_kind(value)} {value!r}"
            )
        text = str(value).strip()
        if not name.strip() or not text:
            raise InputError(f"--set {name!r}: expected NAME=VALUE, for example --set threat=3/2")
        parsed[name.strip()] = text
    return parsed
