"""The scenario loader's foundation: typed reads of TOML values with precise errors.

:class:`LoaderBase` holds the document, the declared parameters' symbols and default
values, and a :class:`~stability.io.scenario.locator.Locator` for line numbers;
the sections (parameters, games, outcomes, timeline) build on it.

>>> join_path("games[0]", "layers"), join_path("parameters", "a b")
('games[0].layers', 'parameters."a b"')
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, NoReturn

import sympy

from stability.errors import InputError
from stability.io.expressions import exact_value, parse_value
from stability.io.scenario.locator import Locator
from stability.model.exact import parse_number


def kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def quote_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace('"', '\\"') + '"'


def join_path(path: str, key: str) -> str:
    quoted = quote_key(key)
    return f"{path}.{quoted}" if path else quoted


# -- finding the line of a key path ------------------------------------------------------


PARAMETER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class LoaderBase:
    """The TOML document with its source, and the checks every section uses: each
    failure raises an :class:`InputError` naming the key path and, where found, its line."""

    def __init__(self, document: dict[str, Any], text: str, source: str) -> None:
        self.document = document
        self.locator = Locator(text)
        self.source = source
        self.symbols: dict[str, sympy.Symbol] = {}
        self.defaults: dict[sympy.Symbol, sympy.Rational] = {}

    # -- error helpers -----------------------------------------------------------------

    def fail(self, path: str, message: str) -> NoReturn:
        raise InputError(
            message, source=self.source, line=self.locator.line(path), item=path or None
        )

    def table(
        self,
        value: object,
        path: str,
        allowed: Mapping[str, str] | Sequence[str],
        required: Sequence[str] = (),
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"expected a table, got {kind_of(value)}")
        for key in value:
            if key not in allowed:
                self.fail(
                    join_path(path, key),
                    f"unknown key {key!r} (expected one of: {', '.join(allowed)})",
                )
        for key in required:
            if key not in value:
                where = path or "the top level"
                self.fail(path, f"missing key {key!r} in {where}")
        return value

    def string(self, value: object, path: str, *, empty: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {kind_of(value)}")
        if not empty and not value.strip():
            self.fail(path, "expected a non-empty string")
        return value

    def array(self, value: object, path: str, what: str, *, minimum: int = 0) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list of {what}, got {kind_of(value)}")
        if len(value) < minimum:
            self.fail(path, f"expected at least {minimum} {what}, got {len(value)}")
        return value

    def number(self, value: object, path: str) -> Fraction:
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            self.fail(path, f'expected a number (integer, decimal or "3/2"), got {kind_of(value)}')
        try:
            return parse_number(str(value) if isinstance(value, Decimal) else value)
        except ValueError as err:
            self.fail(path, str(err))

    def expression(self, value: object, path: str) -> sympy.Expr:
        try:
            expression = parse_value(value, self.symbols)
        except InputError as err:
            self.fail(path, err.message)
        if expression.free_symbols:
            try:
                exact_value(expression, self.defaults)
            except InputError:
                self.fail(path, f"{value!r} is undefined at the default parameter values")
        return expression

    def unique(self, names: list[str], paths: list[str], what: str) -> None:
        seen: dict[str, int] = {}
        for index, name in enumerate(names):
            if name in seen:
                self.fail(
                    paths[index],
                    f"duplicate {what} name {name!r} (also at {paths[seen[name]]})",
                )
            seen[name] = index

    # -- sections ------------------------------------------------------------------------

    def parameter_name(self, value: object, path: str) -> str:
        name = self.string(value, path)
        if name not in self.symbols:
            self.fail(
                path,
                f"unknown parameter {name!r} (expected one of: "
                f"{', '.join(self.symbols) or 'none declared'})",
            )
        return name
