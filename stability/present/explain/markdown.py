"""The blocks of an explanation as Markdown."""

from __future__ import annotations

import re
from collections.abc import Sequence

from stability.analysis.explain import (
    Explanation,
)
from stability.present.explain.blocks import Block, Cell, Formula, Heading, Sentence
from stability.present.explain.layout import explanation_blocks


def _html(text: str) -> str:
    """``text`` with raw HTML made inert: labels from files may hold ``<script>`` or
    ``<img onerror=...>``, which many Markdown renderers would pass through.

    >>> _html('<img src=x onerror="alert(1)"> &amp; A<B')
    '&lt;img src=x onerror="alert(1)"&gt; &amp;amp; A&lt;B'
    """
    return re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def _markdown_cell(cell: str | Cell) -> str:
    if isinstance(cell, str):
        return _html(cell).replace("|", "\\|")
    return ", ".join(
        (f"**{_html(v)}**\\*" if m else _html(v))
        for v, m in zip(cell.values, cell.marked, strict=True)
    )


def explanation_markdown(explanation: Explanation, *, heading_offset: int = 0) -> str:
    """The explanation as Markdown (headings shifted down by ``heading_offset``)."""
    return blocks_markdown(explanation_blocks(explanation), heading_offset=heading_offset)


def blocks_markdown(blocks: Sequence[Block], *, heading_offset: int = 0) -> str:
    """Render blocks as Markdown."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines.extend(["#" * (block.level + heading_offset) + " " + _html(block.text), ""])
        elif isinstance(block, Sentence):
            lines.extend([_html(block.text), ""])
        elif isinstance(block, Formula):
            lines.extend(["    " + block.text, ""])
        else:
            if block.caption:
                lines.extend([_html(block.caption) + ":", ""])
            lines.append("| " + " | ".join(_markdown_cell(h) for h in block.headers) + " |")
            lines.append("|" + "---|" * len(block.headers))
            for row in block.rows:
                lines.append("| " + " | ".join(_markdown_cell(c) for c in row) + " |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
