"""The blocks of an explanation as LaTeX (a fragment, or a whole handout)."""

from __future__ import annotations

from collections.abc import Sequence

from stability.analysis.explain import (
    Explanation,
)
from stability.present.explain.blocks import Block, Cell, Formula, Heading, Sentence
from stability.present.explain.layout import explanation_blocks

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex_escape(text: str) -> str:
    """Text made safe for LaTeX.

    >>> latex_escape("50% of A_B & C")
    '50\\\\% of A\\\\_B \\\\& C'
    """
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text)


def _latex_text(text: str) -> str:
    escaped = latex_escape(text)
    for plain, math in (
        ("≥", "$\\geq$"), ("⇒", "$\\Rightarrow$"), ("·", "$\\cdot$"), ("≈", "$\\approx$")
    ):
        escaped = escaped.replace(plain, math)
    return escaped


def _latex_cell(cell: str | Cell) -> str:
    if isinstance(cell, str):
        return latex_escape(cell)
    return ", ".join(
        (f"\\underline{{{v}}}" if m else v) for v, m in zip(cell.values, cell.marked, strict=True)
    )


def explanation_latex(explanation: Explanation) -> str:
    """The explanation as a complete LaTeX document (amsmath), ready for a handout."""
    body = blocks_latex(explanation_blocks(explanation))
    return (
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amsmath}\n"
        "\\begin{document}\n" + body + "\\end{document}\n"
    )


def blocks_latex(blocks: Sequence[Block]) -> str:
    """Render blocks as a LaTeX fragment (best responses underlined in tables)."""
    lines: list[str] = []
    commands = {1: "section*", 2: "subsection*", 3: "subsubsection*"}
    for block in blocks:
        if isinstance(block, Heading):
            lines.append(f"\\{commands.get(block.level, 'paragraph')}{{{_latex_text(block.text)}}}")
        elif isinstance(block, Sentence):
            lines.extend([_latex_text(block.text.replace("marked with *", "underlined")), ""])
        elif isinstance(block, Formula):
            lines.append(f"\\[ {block.latex} \\]")
        else:
            lines.append("\\begin{center}")
            lines.append("\\begin{tabular}{l" + "c" * (len(block.headers) - 1) + "}")
            lines.append(" & ".join(_latex_text(h) for h in block.headers) + " \\\\ \\hline")
            for row in block.rows:
                lines.append(" & ".join(_latex_cell(c) for c in row) + " \\\\")
            lines.append("\\end{tabular}")
            if block.caption:
                lines.append(f"\n{_latex_text(block.caption)}")
            lines.append("\\end{center}")
    return "\n".join(lines) + "\n"
