"""Shared helpers of the result objects: a rich table of rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType


def table(title: str, rows: list[dict[str, Any]] | None) -> RenderableType:
    """A rich table of ``rows`` under ``title`` (labels are text, never markup)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    heading = Text(title, style="bold")
    if not rows:
        return Group(heading, Text("(nothing to show)"))
    table = Table(*[str(k) for k in rows[0]])
    for row in rows:
        table.add_row(*[Text(cell(v)) for v in row.values()])
    return Group(heading, table)


def cell(value: Any) -> str:
    if isinstance(value, bool):
        return "✓" if value else "·"
    if value is None:
        return "-"
    return str(value)
