"""The blocks of an explanation for a rich console."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from stability.analysis.explain import (
    Explanation,
)
from stability.present.explain.blocks import Cell, Formula, Heading, Sentence
from stability.present.explain.layout import explanation_blocks


def _cell_text(cell: str | Cell, mark: str = "*") -> str:
    if isinstance(cell, str):
        return cell
    return ", ".join(v + (mark if m else "") for v, m in zip(cell.values, cell.marked, strict=True))


def explanation_renderable(explanation: Explanation) -> RenderableType:
    """The explanation for a rich console."""
    parts: list[RenderableType] = []
    for block in explanation_blocks(explanation):
        if isinstance(block, Heading):
            style = "bold underline" if block.level == 1 else "bold"
            parts.append(Text(""))
            parts.append(Text(block.text, style=style))
        elif isinstance(block, Sentence):
            parts.append(Text(block.text))
        elif isinstance(block, Formula):
            parts.append(Padding(Text(block.text, style="cyan"), (0, 0, 0, 4)))
        else:
            table = Table(title=block.caption or None, title_justify="left")
            for header in block.headers:
                table.add_column(header)
            for row in block.rows:
                table.add_row(*(_cell_text(c) for c in row))
            parts.append(table)
    return Group(*parts)
