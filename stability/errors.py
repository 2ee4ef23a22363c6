"""The project's error types.

Parsers and analyses raise :class:`InputError` for bad input (the CLI turns it into
one ``error:`` line and exit code 2); anything else that goes wrong is a bug or an
environment problem (exit code 1).
"""

from __future__ import annotations

import unicodedata

#: Longest path shown whole in a message; longer ones keep their two ends.
_SHOWN_PATH = 160


def one_line(text: str) -> str:
    """``text`` with every control character (newline, escape…) written as an escape.

    What a message, a path or a label becomes before it reaches a terminal, so
    that it stays on its line and cannot restyle or move the cursor.

    >>> print(one_line("a\\nb\\x1b[31m"))
    a\\nb\\x1b[31m
    """
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or char == " " else _escape(char) for char in text
    )


def _escape(char: str) -> str:
    if unicodedata.category(char) == "Zs":
        return char
    return repr(char)[1:-1] if char.isascii() else f"\\u{ord(char):04x}"


def shown_path(path: str) -> str:
    """A path as a message shows it: quoted when odd (control characters, very long).

    >>> shown_path("games/pd.nfg")
    'games/pd.nfg'
    >>> print(shown_path("a\\nb.nfg"))
    'a\\nb.nfg'
    >>> len(shown_path("x" * 5000)) < 200
    True
    """
    if path.isprintable() and len(path) <= _SHOWN_PATH and path.strip() == path and path:
        return path
    text = one_line(path)
    if len(text) > _SHOWN_PATH:
        text = f"{text[:100]}…{text[-40:]} ({len(path):,} characters)"
    return f"'{text}'" if "'" not in text else f'"{text}"'


class StabilityError(Exception):
    """Base class of every error the package raises on purpose."""


class InputError(StabilityError):
    """Bad input: a file, an option or a value that does not mean what it must.

    Carries where the fault is so that the message can name it.

    >>> str(InputError("expected a number", source="pd.nfg", line=3, item="payoff 4"))
    'pd.nfg: line 3: payoff 4: expected a number'
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        item: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.item = item
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = []
        if self.source:
            parts.append(shown_path(self.source))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.item:
            parts.append(self.item)
        parts.append(self.message)
        return ": ".join(parts)

    def located(self, source: str) -> InputError:
        """The same error, naming ``source`` when it does not name a file yet (an
        error in an option, item ``--name``, is about the option, not a file)."""
        if self.source or (self.item or "").startswith("--"):
            return self
        return InputError(self.message, source=source, line=self.line, item=self.item)


class OutputClosed(StabilityError):
    """Standard output went away (``| head``, a closed descriptor): stop quietly."""


class TooLargeError(InputError):
    """Work whose size would exceed memory or time limits, refused before starting."""
