"""Reading scenarios: from a path, from text, or by a bundled name; and ``--set`` values."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from stability.errors import InputError
from stability.io.files import MAX_TOML_BYTES, read_capped
from stability.io.scenario.loader import Loader
from stability.io.text import toml_too_deep
from stability.model.exact import format_fraction, parse_number
from stability.model.scenario import (
    Scenario,
)

#: Largest scenario file read, in bytes.
MAX_FILE_BYTES = MAX_TOML_BYTES

TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_scenario(path: str | Path, *, source: str | None = None) -> Scenario:
    """Load and validate the scenario file at ``path``.

    Raises :class:`InputError` for unreadable, empty, binary or non-UTF-8 files and
    for every fault the format forbids; messages name ``source`` (default: the path).
    """
    source = str(path) if source is None else source
    file = Path(path)
    data = read_capped(file, limit=MAX_FILE_BYTES, what="scenario file", source=source)
    if b"\x00" in data:
        raise InputError("binary file; expected a TOML scenario (UTF-8 text)", source=source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8",
            source=source,
            line=line,
        ) from err
    return replace(parse_scenario(text, source), path=file)


def open_scenario(name: str | Path) -> Scenario:
    """A scenario from a ``.toml`` path or a bundled name (``"mosul"``).

    Errors in a bundled scenario name it (``mosul``), not where it is installed.

    >>> open_scenario("two-allies").title
    'Two allies against a common threat'
    """
    from importlib import resources

    from stability.io.bundled import bundled_file, bundled_names

    text = str(name)
    path = Path(name)
    if isinstance(name, Path) or path.is_file() or path.suffix or "/" in text or os.sep in text:
        return read_scenario(path)
    entry = bundled_file(text)
    if entry is None or not entry.name.endswith(".toml") or entry.name.endswith(".gmcr.toml"):
        scenarios = [n for n in bundled_names() if _is_bundled_scenario(n)]
        raise InputError(
            "no such file, and no bundled scenario of that name (bundled: "
            + ", ".join(scenarios)
            + ")",
            source=text,
        )
    with resources.as_file(entry) as real:
        scenario = read_scenario(real, source=f"{text} (bundled scenario)")
    # later messages (--set, --game) name the scenario as the user did
    return replace(scenario, path=Path(text))


def _is_bundled_scenario(name: str) -> bool:
    from stability.io.bundled import bundled_file

    entry = bundled_file(name)
    return entry is not None and entry.name.endswith(".toml") and not name.endswith(".gmcr")


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """Validate scenario TOML text (``source`` names it in error messages)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError("empty file; expected a TOML scenario", source=source)
    if "\x00" in text:
        raise InputError("binary file; expected a TOML scenario (UTF-8 text)", source=source)
    try:
        document = tomllib.loads(text, parse_float=Decimal)
    except RecursionError:
        raise toml_too_deep(text, source) from None
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        position = TOML_POSITION.search(message)
        line = int(position.group(1)) if position else None
        if "at end of document" in message:
            line = text.count("\n") + 1
        message = TOML_POSITION.sub("", message).replace("(at end of document)", "").strip()
        raise InputError(f"not valid TOML: {message}", source=source, line=line) from err
    return Loader(document, text, source).scenario()


def apply_sets(scenario: Scenario, sets: Mapping[str, str]) -> tuple[Scenario, list[str]]:
    """The scenario with ``--set NAME=VALUE`` overrides, and warnings to print.

    An unknown name or a value that is not a number is an :class:`InputError`; a
    value outside the parameter's range is allowed, with a warning.

    >>> from stability.io.scenario import read_scenario
    >>> scenario = read_scenario("games/two-allies.toml")
    >>> changed, warnings = apply_sets(scenario, {"threat": "12"})
    >>> changed.values["threat"], warnings
    (Fraction(12, 1), ['threat = 12 is outside its range [0, 10]'])
    """
    values: dict[str, Fraction] = {}
    warnings: list[str] = []
    names = [p.name for p in scenario.parameters]
    for name, text in sets.items():
        if name not in names:
            raise InputError(
                f"unknown parameter {name!r} (expected one of: {', '.join(names) or 'none'})",
                source=_source(scenario),
                item=f"--set {name}",
            )
        try:
            value = parse_number(text)
        except ValueError as err:
            raise InputError(str(err), source=_source(scenario), item=f"--set {name}") from err
        parameter = scenario.parameter(name)
        if not parameter.in_range(value):
            low, high = parameter.range
            warnings.append(
                f"{name} = {format_fraction(value)} is outside its range "
                f"[{format_fraction(low)}, {format_fraction(high)}]"
            )
        values[name] = value
    return scenario.with_values(values), warnings


def _source(scenario: Scenario) -> str | None:
    return str(scenario.path) if scenario.path else None
