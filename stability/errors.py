"""The project's error types.

Parsers and analyses raise :class:`InputError` for bad input (the CLI turns it into
one ``error:`` line and exit code 2); anything else that goes wrong is a bug or an
environment problem (exit code 1).
"""

from __future__ import annotations


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
            parts.append(self.source)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.item:
            parts.append(self.item)
        parts.append(self.message)
        return ": ".join(parts)

    def located(self, source: str) -> InputError:
        """The same error, naming ``source`` when it does not name a file yet."""
        if self.source:
            return self
        return InputError(self.message, source=source, line=self.line, item=self.item)


class TooLargeError(InputError):
    """Work whose size would exceed memory or time limits, refused before starting."""
