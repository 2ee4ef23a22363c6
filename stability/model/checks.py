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
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, TypeVar

from stability.errors import InputError

F = TypeVar("F", bound=Callable[..., Any])


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


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def check_argument(name: str, annotation: str, value: object) -> None:
    """Check one API argument against its annotation (as written in the source).

    Types are checked (``TypeError``); blank names and NaN numbers are refused
    (``InputError``), in the command line's words (``--target``, ``--samples``).
    Ranges are the analyses' own checks, shared with the command line.

    >>> check_argument("samples", "int", 10)
    >>> check_argument("samples", "int", "10")
    Traceback (most recent call last):
    ...
    TypeError: --samples: expected an integer, got str '10'
    >>> check_argument("noise", "float", float("nan"))
    Traceback (most recent call last):
    ...
    stability.errors.InputError: --noise: expected a number, got nan
    """
    kinds = {part.strip() for part in annotation.split("|")}
    option = _option(name)
    if value is None and "None" in kinds:
        return
    if kinds <= {"bool", "None"}:
        if not isinstance(value, bool):
            raise TypeError(f"{option}: expected True or False, got {_kind(value)} {value!r}")
    elif kinds <= {"int", "None"}:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{option}: expected an integer, got {_kind(value)} {value!r}")
    elif kinds <= {"float", "None"}:
        if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
            raise TypeError(f"{option}: expected a number, got {_kind(value)} {value!r}")
        if isinstance(value, float) and math.isnan(value):
            raise InputError(f"{option}: expected a number, got nan")
    elif kinds <= {"str", "None"}:
        check_name(value, option)
    elif kinds & {"Sequence[str]"} and kinds <= {"Sequence[str]", "str", "None"}:
        if isinstance(value, str) and "str" in kinds:
            check_name(value, option)
            return
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise TypeError(f"{option}: expected a list of names, got {_kind(value)} {value!r}")
        for item in value:
            check_name(item, option)
    elif "Sets" in kinds:
        check_sets(value)


def checked(function: F) -> F:
    """Check the arguments of an API function by their annotations before it runs
    (:func:`check_argument`); the scenario or game argument is checked by the
    function itself."""
    import functools
    import inspect

    signature = inspect.signature(function)
    annotations = {
        name: parameter.annotation
        for name, parameter in signature.parameters.items()
        if isinstance(parameter.annotation, str)
    }

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as err:
            raise TypeError(f"{function.__name__}(): {err}") from None
        for name, value in bound.arguments.items():
            annotation = annotations.get(name)
            if annotation is not None:
                check_argument(name, annotation, value)
        return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
