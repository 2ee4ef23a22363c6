"""Results of the scenario analyses: analyze, tipping, sweep, explore and path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stability.model.exact import format_fraction
from stability.model.result import AnalysisResult
from stability.results._tables import table

if TYPE_CHECKING:
    from rich.console import RenderableType

    from stability.analysis import tipping as tipping_module
    from stability.analysis.overview import ScenarioAnalysis
    from stability.analysis.path import PathResult as Paths
    from stability.analysis.sweep import SweepResult as SweepGrid
    from stability.model.scenario import Scenario

__all__ = [
    "AnalyzeResult",
    "ExploreResult",
    "PathResult",
    "SweepResult",
    "TippingResult",
]


@dataclass(frozen=True, repr=False)
class AnalyzeResult(AnalysisResult):
    """The whole analysis of a scenario (``stability analyze``).

    ``analysis`` holds the joint game, its equilibria with their stability, each
    named outcome's status and each pairwise game.
    """

    scenario: Scenario
    analysis: ScenarioAnalysis

    def to_dict(self) -> dict[str, Any]:
        from stability.present.overview import analysis_json

        return analysis_json(self.analysis)

    def rows(self) -> list[dict[str, Any]]:
        """One row per named outcome: is it a pure equilibrium, and why (not)."""
        return [
            {
                "outcome": o["name"],
                "equilibrium": o["equilibrium"],
                "balanced": o["balanced"],
                "text": o["text"],
            }
            for o in self.to_dict()["outcomes"]
        ]

    def renderable(self) -> RenderableType:
        from rich.console import Group

        from stability.present.overview import render_analysis

        return Group(*render_analysis(self.analysis))


@dataclass(frozen=True, repr=False)
class TippingResult(AnalysisResult):
    """What makes ``target`` a pure equilibrium (``stability tipping``).

    ``analysis`` holds the per-parameter holding sets and thresholds, the smallest
    combined shift and the key payoff cells.
    """

    scenario: Scenario
    target: str
    unique: bool
    analysis: tipping_module.TippingResult

    @property
    def holds_at_baseline(self) -> bool:
        """Whether the target already holds at the scenario's values."""
        return self.analysis.holds_at_baseline

    def to_dict(self) -> dict[str, Any]:
        return self.analysis.document()

    def rows(self) -> list[dict[str, Any]]:
        """One row per parameter threshold (the parameters that can tip the target)."""
        return [
            {
                "parameter": entry.parameter,
                "now": format_fraction(entry.baseline),
                "threshold": threshold.exact,
                "direction": threshold.direction,
                "within_range": threshold.within_range,
                "holds_on": str(entry.holds),
            }
            for entry, threshold in self.analysis.thresholds
        ]

    def renderable(self) -> RenderableType:
        kind = "the only pure equilibrium" if self.unique else "a pure equilibrium"
        verb = "stops being" if self.holds_at_baseline else "becomes"
        return table(f"{self.scenario.title}: where {self.target!r} {verb} {kind}", self.rows())


@dataclass(frozen=True, repr=False)
class SweepResult(AnalysisResult):
    """Which outcomes are pure equilibria over a grid (``stability sweep``).

    ``grid`` holds the axes' exact values, the regimes and the regime of each cell.
    """

    scenario: Scenario
    grid: SweepGrid

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.sweep import sweep_document

        return sweep_document(self.grid)

    def rows(self) -> list[dict[str, Any]]:
        """One row per grid point: the parameter values, the regime, one column per outcome."""
        from stability.analysis.sweep import regime_label

        grid = self.grid
        outcomes = [o.name for o in self.scenario.outcomes]
        rows = []
        for j in range(len(grid.y.values) if grid.y is not None else 1):
            for i, x_value in enumerate(grid.x.values):
                row: dict[str, Any] = {grid.x.name: float(x_value)}
                if grid.y is not None:
                    row[grid.y.name] = float(grid.y.values[j])
                regime = grid.regime_at(i, j)
                if regime is None:  # a payoff is undefined (or overflows) here
                    row["regime"] = "undefined"
                    row.update(dict.fromkeys(outcomes))
                else:
                    row["regime"] = regime_label(regime)
                    row.update({name: name in regime for name in outcomes})
                rows.append(row)
        return rows

    def renderable(self) -> RenderableType:
        import numpy as np

        from stability.analysis.sweep import regime_label

        grid = self.grid
        codes = grid.grid.ravel()
        cells = np.bincount(codes[codes >= 0], minlength=len(grid.regimes))  # -1: undefined
        rows = [
            {
                "regime (pure equilibria)": regime_label(regime),
                "cells": int(cells[k]),
                "share": f"{cells[k] / cells.sum():.1%}",
            }
            for k, regime in enumerate(grid.regimes)
        ]
        return table(f"{self.scenario.title}: sweep of {grid.grid.size} points", rows)

@dataclass(frozen=True, repr=False)
class ExploreResult(AnalysisResult):
    """An interactive page to explore a scenario in a browser (``stability explore``).

    ``explore`` writes a page, not a JSON document: ``to_dict()`` is the data the
    page carries (every game, outcome and parameter, as the page's script reads
    it), ``html()`` the page itself and ``save(path)`` writes it as
    ``--out`` does. In a notebook the page shows inline (an ``iframe``).
    """

    scenario: Scenario

    def to_dict(self) -> dict[str, Any]:
        from stability.present.explorer import explorer_data

        return explorer_data(self.scenario)

    def html(self) -> str:
        """The whole page: one HTML file that works offline."""
        from stability.present.explorer import render_explorer

        return render_explorer(self.scenario)

    def save(self, path: str | Path) -> int:
        """Write the page to ``path`` (``.html``) whole or not at all; its size in bytes."""
        from stability.present.explorer import write_explorer

        return write_explorer(self.scenario, Path(path))

    def renderable(self) -> RenderableType:
        from rich.text import Text

        return Text(f"{self.scenario.title}: an explorer page (save(path) writes it)")

    def _repr_html_(self) -> str:
        import html

        return (
            '<iframe style="width: 100%; height: 900px; border: 0" sandbox="allow-scripts" '
            f'srcdoc="{html.escape(self.html(), quote=True)}"></iframe>'
        )


@dataclass(frozen=True, repr=False)
class PathResult(AnalysisResult):
    """Sequences of unilateral moves from one outcome to another (``stability path``).

    ``paths`` holds the start, the shortest sequence of improving moves, the shortest
    of any moves and the cheapest (each ``None`` where there is none), and each
    actor's first move with its gain now and its best within the parameters' ranges.
    """

    scenario: Scenario
    paths: Paths

    def to_dict(self) -> dict[str, Any]:
        return self.paths.document()

    def rows(self) -> list[dict[str, Any]]:
        """One row per step of each path (``improving``, ``shortest``, ``cheapest``): who
        moves from what to what, the mover's exact gain, the outcomes it leads to."""
        rows = []
        for path in (self.paths.improving, self.paths.shortest, self.paths.cheapest):
            if path is None:
                continue
            for number, step in enumerate(path.steps, start=1):
                rows.append(
                    {
                        "path": path.kind,
                        "step": number,
                        "mover": step.mover,
                        "from": step.from_strategy,
                        "to": step.to_strategy,
                        "mover_gain": format_fraction(step.mover_gain),
                        "improving": step.mover_gain > 0,
                        "outcomes": " / ".join(step.outcomes),
                        "equilibrium": step.equilibrium,
                    }
                )
        return rows

    def renderable(self) -> RenderableType:
        from rich.console import Group

        from stability.present.path import render_paths

        return Group(*render_paths(self.paths))
