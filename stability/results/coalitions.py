"""The result of ``stability coalitions`` for the Python API."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stability.model.result import AnalysisResult

if TYPE_CHECKING:
    from rich.console import RenderableType

    from stability.analysis.coalitions.study import CoalitionStudy


@dataclass(frozen=True)
class CoalitionsResult(AnalysisResult):
    """Every coalition structure with its equilibria and stability (``stability coalitions``).

    ``study.analysis`` holds the verdicts (``verdicts[concept][s]``), moves and
    equilibria; ``study.outcomes`` the scenario's outcomes as structures;
    ``study.chain`` the shortest chain of profitable moves to the target.
    """

    study: CoalitionStudy

    def to_dict(self) -> dict[str, Any]:
        return self.study.to_json()

    def rows(self) -> list[dict[str, Any]]:
        """One row per structure: its text, how many equilibria, each concept's verdict."""
        from stability.analysis.coalitions.concepts import CONCEPTS

        analysis = self.study.analysis
        rows = []
        for s in analysis.shown():
            row: dict[str, Any] = {
                "structure": analysis.structure_text(s),
                "equilibria": len(analysis.equilibria(s)),
            }
            row.update({c: analysis.stable(c, s) for c in CONCEPTS})
            rows.append(row)
        return rows

    def stable(self, concept: str = "core") -> list[str]:
        """The structures stable under ``concept``, as text."""
        analysis = self.study.analysis
        return [analysis.structure_text(s) for s in analysis.stable_structures(concept)]

    def renderable(self) -> RenderableType:
        from stability.present.coalitions import render_coalitions

        return render_coalitions(self.study)

    def write_figure(self, path: str | Path, *, dpi: int | None = None) -> Path:
        """The picture of structures and moves, as PNG, SVG or PDF."""
        from stability.present.coalitions import write_coalition_figure

        return write_coalition_figure(self.study, path, dpi=dpi)
