"""The one place where text becomes terminal output: labels are never markup.

Player, strategy, actor, outcome and option names come from files, so they are
text: a name like ``[/bold]`` or ``[red]`` is printed as it is, ``:smile:`` is
not an emoji, and control characters (an ANSI escape, a newline in a name) are
shown as escapes instead of moving the cursor or restyling the output. Every
console of the program is a :class:`TextConsole`; styles come only from the
code (``style=`` arguments and :class:`rich.text.Text` spans), never from text.

>>> import io
>>> buffer = io.StringIO()
>>> TextConsole(file=buffer, width=40).print("[/x] [red]Iran\\x1b[2J")
>>> buffer.getvalue()
'[/x] [red]Iran\\\\x1b[2J\\n'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from stability.errors import OutputClosed, one_line


def plain(text: str) -> str:
    """``text`` safe for a terminal: control characters as escapes, newlines kept.

    >>> plain("a\\nb\\x07")
    'a\\nb\\\\x07'
    """
    if text.isprintable():
        return text
    return "\n".join(one_line(part) for part in text.split("\n"))


def label(text: str, style: str = "") -> Text:
    """A label from a file as a rich :class:`Text` (never parsed as markup)."""
    return Text(plain(text), style=style)


def whole_names(table: Table) -> Table:
    """``table`` with every column folding its text onto more lines where it does not
    fit, so that no name or header is ever cut short with "…" (rich's default cuts a
    word longer than its column).

    >>> from rich.table import Table
    >>> whole_names(Table("equilibrium")).columns[0].overflow
    'fold'
    """
    for column in table.columns:
        if column.overflow == "ellipsis":
            column.overflow = "fold"
    return table


class TextConsole(Console):
    """A rich console on which strings are plain text, never markup or emoji."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("highlight", False)
        kwargs["markup"] = False
        kwargs["emoji"] = False
        super().__init__(**kwargs)

    def on_broken_pipe(self) -> None:
        """The reader of standard output went away: stop quietly (exit 0), as ``cat`` does."""
        raise OutputClosed("standard output was closed")

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """Strings become plain text (tables, titles, headers and ``print`` all come here)."""
        kwargs["markup"] = False
        kwargs["emoji"] = False
        return super().render_str(plain(text), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """Render, with control characters in any text made visible (a last guard), and
        every table wrapping its cells and headers rather than cutting them with "…"."""
        if isinstance(renderable, Table):
            whole_names(renderable)
        for segment in super().render(renderable, options):
            if segment.control or segment.text.isprintable() or segment.text == "\n":
                yield segment
            else:
                yield Segment(plain(segment.text), segment.style)
