"""Conflicts in the Graph Model's option form, read from TOML.

A conflict lists decision makers with their options, infeasible combinations of
options, irreversible options and each decision maker's preferences over the
feasible states (see ``docs/reference/conflict-format.md``). A state's code is the
sum of ``2**k`` over the options ``k`` taken, options numbered in file order.

Preferences are either a ranking of state codes (most preferred first, equally
preferred states in a nested list) or option-prioritisation statements, most
important first, in a small grammar parsed by :mod:`stability.io.conflict_statements`
(never evaluated as code); the :class:`Conflict` type itself is in
:mod:`stability.model.conflict` (re-exported here)::

    statement := "if" expr "then" expr | expr
    expr      := term ("|" term)*          # or
    term      := factor ("&" factor)*      # and
    factor    := "-" factor | "(" expr ")" | OPTION      # "-" is not
    OPTION    := an option name, or an option name in double quotes

A state's score sums ``2**(m-k-1)`` over the satisfied statements ``k`` of ``m``
(``k`` from 0), so each statement outweighs all the later ones together.

>>> conflict = parse_conflict('''
... [[decision_makers]]
... name = "A"
... options = ["Talk"]
... [[decision_makers]]
... name = "B"
... options = ["Fight"]
... [preferences]
... A = ["Talk", "-Fight"]
... B = [2, [3, 0], 1]
... ''')
>>> conflict.states, conflict.ranks[0].tolist(), conflict.ranks[1].tolist()
((0, 1, 2, 3), [1, 3, 0, 2], [2, 1, 3, 2])
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import InputError, TooLargeError
from stability.io.bundled import bundled_folder
from stability.io.conflict_statements import Statement as Statement
from stability.io.conflict_statements import evaluate_statement, parse_statement, shorten
from stability.io.text import toml_too_deep
from stability.model.conflict import IRREVERSIBILITY, IntArray, short_list
from stability.model.conflict import Conflict as Conflict  # re-exported: its earlier home

#: Most options a conflict may have (2**20 combinations are enumerated).
MAX_OPTIONS = 20
#: Most feasible states (the analysis holds state-by-state boolean matrices).
MAX_STATES = 4096


def read_conflict(path: str | Path) -> Conflict:
    """Read a conflict TOML file (see the module docstring)."""
    from stability.io.text import read_text_file

    text = read_text_file(Path(path), what="conflict file")
    return parse_conflict(text, source=str(path))


def parse_conflict(text: str, *, source: str = "<conflict>") -> Conflict:
    """Parse conflict TOML text; every fault is an :class:`InputError` naming the item."""
    try:
        document = tomllib.loads(text)
    except RecursionError:
        raise toml_too_deep(text, source) from None
    except tomllib.TOMLDecodeError as err:
        line = _toml_error_line(str(err))
        raise InputError(f"not valid TOML: {err}", source=source, line=line) from err
    return _Reader(text, source).conflict(document)


def _toml_error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def error(
        self, message: str, *, item: str | None = None, near: str | None = None
    ) -> InputError:
        return InputError(message, source=self.source, line=self.line_of(near), item=item)

    def line_of(self, needle: str | None) -> int | None:
        """Best effort: the first line mentioning ``needle`` (TOML parsers give no positions)."""
        if not needle:
            return None
        for number, line in enumerate(self.lines, start=1):
            if needle in line.split("#", 1)[0]:
                return number
        return None

    # -- the document ---------------------------------------------------------------

    def conflict(self, document: dict[str, Any]) -> Conflict:
        known = {
            "title",
            "description",
            "source",
            "decision_makers",
            "infeasible",
            "irreversible",
            "preferences",
        }
        for key in document:
            if key not in known:
                raise self.error(
                    f"unknown key (expected one of {', '.join(sorted(known))})",
                    item=key,
                    near=key,
                )
        for key in ("title", "description", "source"):
            if not isinstance(document.get(key, ""), str):
                raise self.error("expected a string", item=key, near=key)
        title = document.get("title", "")
        names, options, controls = self.decision_makers(document.get("decision_makers"))
        n_options = len(options)
        if n_options > MAX_OPTIONS:
            raise TooLargeError(
                f"too many options: {n_options} (the limit is {MAX_OPTIONS})", source=self.source
            )
        feasible = self.feasible(document.get("infeasible", []), options)
        irreversible = self.irreversible(document.get("irreversible", {}), options)
        states = tuple(int(c) for c in np.flatnonzero(feasible))
        if not states:
            raise self.error(
                "every state is infeasible: the conflict has no feasible state",
                item="infeasible",
                near="[[infeasible]]",
            )
        if len(states) > MAX_STATES:
            raise TooLargeError(
                f"too many feasible states: {len(states):,} (the limit is {MAX_STATES:,})",
                source=self.source,
            )
        ranks = self.preferences(document.get("preferences"), names, options, states)
        return Conflict(
            title=title,
            decision_makers=names,
            options=options,
            controls=controls,
            states=states,
            ranks=ranks,
            irreversible=irreversible,
            source=self.source,
        )

    def decision_makers(
        self, entries: Any
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int, ...], ...]]:
        if not isinstance(entries, list) or not entries:
            raise self.error(
                "expected at least one [[decision_makers]] table", item="decision_makers"
            )
        names: list[str] = []
        options: list[str] = []
        controls: list[tuple[int, ...]] = []
        for number, entry in enumerate(entries, start=1):
            item = f"decision maker {number}"
            if not isinstance(entry, dict):
                raise self.error("expected a table with name and options", item=item)
            for key in entry:
                if key not in ("name", "options"):
                    raise self.error(
                        "unknown key (expected name, options)", item=f"{item}: {key}", near=key
                    )
            name = entry.get("name")
            if not isinstance(name, str) or not name.strip():
                raise self.error("expected a non-empty name", item=item)
            if name in names:
                raise self.error("duplicate decision maker name", item=repr(name), near=name)
            own = entry.get("options")
            if not isinstance(own, list) or not own:
                raise self.error(
                    "expected a non-empty list of option names", item=f"{name}: options", near=name
                )
            indices = []
            for option in own:
                self.check_option_name(option, name)
                if option in options:
                    raise self.error(
                        "duplicate option name (option names are unique across decision makers)",
                        item=repr(option),
                        near=option,
                    )
                indices.append(len(options))
                options.append(option)
            names.append(name)
            controls.append(tuple(indices))
        return tuple(names), tuple(options), tuple(controls)

    def check_option_name(self, option: Any, owner: str) -> None:
        if not isinstance(option, str) or not option.strip():
            raise self.error(
                "expected a non-empty option name", item=f"{owner}: options", near=owner
            )
        if option != option.strip() or '"' in option:
            raise self.error(
                'an option name may not contain a double quote (") or have outer spaces '
                '(in a statement, write a name such as "Full (US Support)" in double quotes)',
                item=repr(option),
                near=option,
            )

    def feasible(self, entries: Any, options: tuple[str, ...]) -> npt.NDArray[np.bool_]:
        codes = np.arange(1 << len(options), dtype=np.int64)
        feasible = np.ones(codes.shape, dtype=bool)
        if not isinstance(entries, list):
            raise self.error("expected a list of [[infeasible]] tables", item="infeasible")
        for number, entry in enumerate(entries, start=1):
            item = f"infeasible combination {number}"
            if not isinstance(entry, dict) or not entry:
                raise self.error(
                    "expected a table of option = true/false", item=item, near="[[infeasible]]"
                )
            match = np.ones(codes.shape, dtype=bool)
            for option, taken in entry.items():
                k = self.option_index(option, options, item)
                if not isinstance(taken, bool):
                    raise self.error(
                        "expected true or false", item=f"{item}: {option}", near=option
                    )
                bit = (codes >> k & 1).astype(bool)
                match &= bit if taken else ~bit
            feasible &= ~match
        return feasible

    def option_index(self, option: str, options: tuple[str, ...], item: str) -> int:
        if option not in options:
            raise self.error(
                f"unknown option {option!r} (expected one of {', '.join(options)})",
                item=item,
                near=option,
            )
        return options.index(option)

    def irreversible(self, table: Any, options: tuple[str, ...]) -> dict[int, str]:
        if not isinstance(table, dict):
            raise self.error(
                'expected a table of option = "forward"|"backward"|"both"',
                item="irreversible",
                near="[irreversible]",
            )
        out = {}
        for option, direction in table.items():
            k = self.option_index(option, options, "irreversible")
            if direction not in IRREVERSIBILITY:
                raise self.error(
                    f"expected one of {', '.join(IRREVERSIBILITY)}, got {direction!r}",
                    item=f"irreversible: {option}",
                    near=option,
                )
            out[k] = str(direction)
        return out

    def preferences(
        self, table: Any, names: tuple[str, ...], options: tuple[str, ...], states: tuple[int, ...]
    ) -> tuple[IntArray, ...]:
        if not isinstance(table, dict):
            raise self.error(
                "expected a [preferences] table with one entry per decision maker",
                item="preferences",
            )
        for name in table:
            if name not in names:
                raise self.error(
                    f"unknown decision maker (expected one of {', '.join(names)})",
                    item=f"preferences: {name}",
                    near=name,
                )
        ranks = []
        for name in names:
            if name not in table:
                raise self.error(
                    "no preferences given", item=f"preferences: {name}", near="[preferences]"
                )
            entry = table[name]
            item = f"preferences: {name}"
            if not isinstance(entry, list) or not entry:
                raise self.error(
                    "expected a non-empty list (a ranking of state codes or "
                    "option-prioritisation statements)",
                    item=item,
                    near=name,
                )
            if all(isinstance(e, str) for e in entry):
                ranks.append(self.statements(entry, options, states, item))
            else:
                ranks.append(self.ranking(entry, states, item, name))
        return tuple(ranks)

    def ranking(self, entry: list[Any], states: tuple[int, ...], item: str, name: str) -> IntArray:
        position = {code: k for k, code in enumerate(states)}
        level = np.full(len(states), -1, dtype=np.int64)
        groups: list[list[int]] = []
        for element in entry:
            group = element if isinstance(element, list) else [element]
            if not group:
                raise self.error("an empty list of equally preferred states", item=item, near=name)
            for code in group:
                if isinstance(code, bool) or not isinstance(code, int):
                    raise self.error(
                        f"expected a state code (an integer), got {shorten(repr(code))}",
                        item=item,
                        near=name,
                    )
                if code not in position:
                    raise self.error(
                        f"state {code} is not a feasible state (feasible: {short_list(states)})",
                        item=item,
                        near=name,
                    )
            groups.append([int(c) for c in group])
        seen: set[int] = set()
        for depth, group in enumerate(groups):
            for code in group:
                if code in seen:
                    raise self.error(f"state {code} is listed more than once", item=item, near=name)
                seen.add(code)
                level[position[code]] = len(groups) - depth
        missing = [code for code in states if code not in seen]
        if missing:
            raise self.error(
                f"the ranking misses feasible state(s) {short_list(missing)}: "
                "every feasible state must be listed exactly once",
                item=item,
                near=name,
            )
        return level

    def statements(
        self, entry: list[str], options: tuple[str, ...], states: tuple[int, ...], item: str
    ) -> IntArray:
        codes = np.array(states, dtype=np.int64)
        scores = [0] * len(states)
        m = len(entry)
        for k, text in enumerate(entry):
            try:
                satisfied = evaluate_statement(parse_statement(text, options), codes)
            except ValueError as err:
                raise self.error(str(err), item=f"{item}: statement {k + 1}", near=text) from err
            weight = 1 << (m - k - 1)
            for position in np.flatnonzero(satisfied):
                scores[int(position)] += weight
        _, inverse = np.unique(np.array(scores, dtype=object), return_inverse=True)
        return np.asarray(inverse, dtype=np.int64).reshape(len(states))


BUNDLED_SUFFIX = ".gmcr.toml"


def load_conflict(source: str) -> Conflict:
    """A conflict from a path, or a bundled one by name (``elmira``, ``mosul``…)."""
    path = Path(source)
    if path.exists() or path.suffix == ".toml" and "/" in source:
        return read_conflict(path)
    if "/" not in source and "\\" not in source and not source.startswith("."):
        name = source[: -len(BUNDLED_SUFFIX)] if source.endswith(BUNDLED_SUFFIX) else source
        entry = bundled_folder().joinpath(name + BUNDLED_SUFFIX)
        if entry.is_file():
            return parse_conflict(entry.read_text(encoding="utf-8"), source=name + BUNDLED_SUFFIX)
    raise InputError(
        "no such file or bundled conflict (bundled: " + ", ".join(bundled_conflicts()) + ")",
        source=source,
    )


def bundled_conflicts() -> list[str]:
    folder = bundled_folder()
    return sorted(
        entry.name[: -len(BUNDLED_SUFFIX)]
        for entry in folder.iterdir()
        if entry.name.endswith(BUNDLED_SUFFIX)
    )
