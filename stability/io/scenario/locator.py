r"""Line numbers for key paths such as ``games[1].layers[0].payoffs[1][0][1]``.

``tomllib`` gives values without positions; :class:`Locator` finds the line of a
key path in the source text (tables, arrays of tables, inline tables and arrays),
so that errors can name it.

>>> Locator("a = 1\n[b]\nc = [1,\n 2]\n").line("b.c[1]")
4
"""

from __future__ import annotations

import re

_PATH_PART = re.compile(r'\.?(?:"((?:[^"\\]|\\.)*)"|([^.\[\]"]+))|\[(\d+)\]')
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


class Locator:
    """Best-effort line numbers for key paths (tomllib reports none for values)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        self.offsets = [0]
        for line in self.lines:
            self.offsets.append(self.offsets[-1] + len(line) + 1)

    def line(self, path: str) -> int | None:
        try:
            return self._line(path)
        except (IndexError, ValueError):
            return None

    def _parts(self, path: str) -> list[str | int]:
        parts: list[str | int] = []
        for match in _PATH_PART.finditer(path):
            quoted, bare, index = match.groups()
            if index is not None:
                parts.append(int(index))
            else:
                parts.append(quoted if quoted is not None else (bare or ""))
        return parts

    def _header(self, number: int) -> tuple[str, str] | None:
        match = _HEADER.match(self.lines[number])
        if not match:
            return None
        name = re.sub(r"\s*\.\s*", ".", match.group(2)).replace('"', "")
        return match.group(1), name

    def _line(self, path: str) -> int | None:
        parts = self._parts(path)
        if not parts:
            return None
        position = 0  # line index where the current table starts
        prefix = ""
        found: int | None = None
        k = 0
        while k < len(parts):
            key = parts[k]
            if not isinstance(key, str):
                return found
            dotted = f"{prefix}{key}"
            index = parts[k + 1] if k + 1 < len(parts) and isinstance(parts[k + 1], int) else None
            if index is not None:
                count = -1
                for number in range(position, len(self.lines)):
                    header = self._header(number)
                    if header == ("[[", dotted):
                        count += 1
                        if count == index:
                            position, found, prefix = number, number + 1, dotted + "."
                            break
                else:
                    return self._inline(position, key, parts[k + 1 :], found)
                k += 2
                continue
            for number in range(position, len(self.lines)):
                if self._header(number) == ("[", dotted):
                    position, found, prefix = number, number + 1, dotted + "."
                    break
            else:
                nested = any(
                    (header := self._header(number)) and header[1].startswith(dotted + ".")
                    for number in range(position, len(self.lines))
                )
                if not nested:
                    return self._inline(position, key, parts[k + 1 :], found)
                prefix = dotted + "."
            k += 1
        return found

    def _inline(
        self, position: int, key: str, rest: list[str | int], found: int | None
    ) -> int | None:
        """The line of ``key = ...`` in the current table, then into its array value."""
        pattern = re.compile(r'^\s*"?' + re.escape(key) + r'"?\s*=')
        for number in range(position + 1 if found else position, len(self.lines)):
            if found is not None and number > position and self._header(number):
                break
            if pattern.match(self.lines[number]):
                start = self.offsets[number] + self.lines[number].index("=") + 1
                indices: list[int] = []
                for part in rest:
                    if not isinstance(part, int):
                        break
                    indices.append(part)
                offset = _element_offset(self.text, start, indices)
                return self.text.count("\n", 0, offset) + 1
        return found


def _element_offset(text: str, start: int, indices: list[int]) -> int:
    """The offset where ``value[i][j]...`` begins, ``value`` being the TOML after ``start``."""
    position = _skip_blank(text, start)
    for target in indices:
        if position >= len(text) or text[position] != "[":
            return position
        position = _skip_blank(text, position + 1)
        for _ in range(target):
            position = _skip_blank(text, _skip_value(text, position))
            if position < len(text) and text[position] == ",":
                position = _skip_blank(text, position + 1)
            else:
                return position
    return position


def _skip_blank(text: str, position: int) -> int:
    while position < len(text):
        if text[position] in " \t\r\n":
            position += 1
        elif text[position] == "#":
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline
        else:
            break
    return position


def _skip_string(text: str, position: int) -> int:
    quote = text[position]
    position += 1
    while position < len(text) and text[position] != quote:
        position += 2 if quote == '"' and text[position] == "\\" else 1
    return position + 1


def _skip_value(text: str, position: int) -> int:
    """The offset just after the TOML value starting at ``position``."""
    depth = 0
    while position < len(text):
        char = text[position]
        if char in "\"'":
            position = _skip_string(text, position)
        elif char == "#":
            position = _skip_blank(text, position)
        elif char in "[{":
            depth += 1
            position += 1
        elif char in "]}":
            if depth == 0:
                return position
            depth -= 1
            position += 1
            if depth == 0:
                return position
        elif depth == 0 and char in ", \t\r\n":
            return position
        else:
            position += 1
    return position
