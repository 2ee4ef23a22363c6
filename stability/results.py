"""The result objects of the Python API, one per analysis.

Each is an immutable dataclass holding what the analysis found, with named
fields; ``to_dict()`` is the command's ``--json`` document (the command builds the
same object and prints ``to_dict()``), ``to_frame()`` a pandas DataFrame where the
result is a table, and ``_repr_html_`` / ``__rich__`` draw it in a notebook or a
terminal. See :mod:`stability.api` for the functions that make them.

This module sits between the presentation layer (whose renderers it reuses) and
the command line (which uses it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stability.model.exact import format_fraction
from stability.model.result import AnalysisResult

if TYPE_CHECKING:
    from rich.console import RenderableType

    from stability.analysis import tipping as tipping_module
    from stability.analysis.dominance import EliminationResult
    from stability.analysis.durability import TimelineDurability
    from stability.analysis.exercises import Exercise
    from stability.analysis.explain import Explanation
    from stability.analysis.gmcr import GMCRResult as GraphModelStability
    from stability.analysis.overview import ScenarioAnalysis
    from stability.analysis.repeated import GrimTriggerResult
    from stability.analysis.robustness import RobustnessResult as Frequencies
    from stability.analysis.selection import Selection
    from stability.analysis.states import ProfileStability
    from stability.analysis.sweep import SweepResult as SweepGrid
    from stability.analysis.threat_durability import Durability
    from stability.model.game import Game
    from stability.model.scenario import Scenario

__all__ = [
    "AnalysisResult",
    "AnalyzeResult",
    "DominanceResult",
    "DurabilityResult",
    "ExerciseResult",
    "ExplainResult",
    "ExploreResult",
    "GMCRResult",
    "RepeatedResult",
    "RobustnessResult",
    "SelectResult",
    "StatesResult",
    "SweepResult",
    "TippingResult",
]


def _table(title: str, rows: list[dict[str, Any]] | None) -> RenderableType:
    """A rich table of ``rows`` under ``title`` (labels are text, never markup)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    heading = Text(title, style="bold")
    if not rows:
        return Group(heading, Text("(nothing to show)"))
    table = Table(*[str(k) for k in rows[0]])
    for row in rows:
        table.add_row(*[Text(_cell(v)) for v in row.values()])
    return Group(heading, table)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "✓" if value else "·"
    if value is None:
        return "-"
    return str(value)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
        return _table(f"{self.scenario.title}: where {self.target!r} {verb} {kind}", self.rows())


@dataclass(frozen=True)
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
        return _table(f"{self.scenario.title}: sweep of {grid.grid.size} points", rows)


@dataclass(frozen=True)
class RobustnessResult(AnalysisResult):
    """Monte Carlo frequencies of each outcome (``stability robustness``)."""

    scenario: Scenario
    frequencies: Frequencies

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.robustness import robustness_document

        return robustness_document(self.frequencies)

    def rows(self) -> list[dict[str, Any]]:
        """One row per outcome: how often it was a pure equilibrium, with its 95% interval."""
        return [
            {
                "outcome": o.name,
                "count": o.count,
                "frequency": o.frequency,
                "ci_low": o.ci[0],
                "ci_high": o.ci[1],
            }
            for o in self.frequencies.outcomes
        ]

    def renderable(self) -> RenderableType:
        result = self.frequencies
        return _table(
            f"{self.scenario.title}: {result.samples:,} samples, seed {result.seed}",
            [
                {
                    "outcome": r["outcome"],
                    "pure equilibrium in": f"{r['frequency']:.2%}",
                    "95% interval": f"{r['ci_low']:.2%} to {r['ci_high']:.2%}",
                }
                for r in self.rows()
            ],
        )


@dataclass(frozen=True)
class DurabilityResult(AnalysisResult):
    """Does the coalition outlast the campaign (``stability durability``)?

    Exactly one of ``timeline`` (the analysis along the scenario's ``[timeline]``,
    ``stability/durability/v2``) and ``threshold`` (the threat-threshold analysis,
    ``stability/durability/v1``) is set.
    """

    scenario: Scenario
    timeline: TimelineDurability | None = None
    threshold: Durability | None = None

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.durability import durability_document, durability_v2_document

        if self.timeline is not None:
            return dict(durability_v2_document(self.timeline))
        assert self.threshold is not None
        return dict(durability_document(self.threshold, self.scenario))

    def rows(self) -> list[dict[str, Any]] | None:
        """Along a timeline, one row per outcome: when it is a pure equilibrium."""
        if self.timeline is None:
            return None
        return [
            {
                "outcome": entry.name,
                "equilibrium_from": None
                if entry.equilibrium_from is None
                else entry.equilibrium_from.text(),
                "equilibrium_until": None
                if entry.equilibrium_until is None
                else entry.equilibrium_until.text(),
            }
            for entry in self.timeline.outcomes
        ]

    def renderable(self) -> RenderableType:
        from rich.console import Group
        from rich.text import Text

        if self.timeline is None:
            assert self.threshold is not None
            found = self.threshold
            where = "none" if found.threshold is None else str(found.threshold)
            return Text(
                f"{found.outcome!r} with {found.threat} = {format_fraction(found.baseline)}: "
                f"{'an equilibrium' if found.holds else 'not an equilibrium'}; "
                f"threshold {where}"
            )
        return Group(
            Text(f"Verdict for {self.timeline.outcome!r}: {self.timeline.verdict}."),
            _table(f"{self.scenario.title}: pure equilibria along the timeline", self.rows()),
        )


@dataclass(frozen=True)
class StatesResult(AnalysisResult):
    """Every pure profile's stability under each concept (``stability states``).

    ``states`` holds the profiles shown (those stable under every concept of ``only``).
    """

    game: Game
    states: tuple[ProfileStability, ...]
    only: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.states import states_json

        return states_json(self.game, list(self.states), list(self.only))

    def rows(self) -> list[dict[str, Any]]:
        """One row per profile: each player's strategy and payoff, then each concept."""
        from stability.analysis.states import CONCEPTS

        game = self.game
        rows = []
        for row in self.states:
            entry: dict[str, Any] = {
                player: game.strategies[i][s]
                for i, (player, s) in enumerate(zip(game.players, row.profile, strict=True))
            }
            entry.update(
                {f"payoff {p}": float(v) for p, v in zip(game.players, row.payoffs, strict=True)}
            )
            entry.update({c: row.stable[c] for c in CONCEPTS})
            rows.append(entry)
        return rows

    def renderable(self) -> RenderableType:
        from stability.present.game_tables import render_states

        return render_states(self.game, self.states, self.only)


@dataclass(frozen=True)
class DominanceResult(AnalysisResult):
    """Iterated elimination of dominated strategies (``stability dominance``)."""

    game: Game
    elimination: EliminationResult

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.dominance import dominance_json

        return dominance_json(self.elimination)

    def rows(self) -> list[dict[str, Any]]:
        """One row per eliminated strategy, in order."""
        return [
            {
                "round": step["round"],
                "player": step["player"],
                "eliminated": step["eliminated"],
                "dominated_by": step["text"],
                "mixed": step["mixed"],
            }
            for step in self.to_dict()["steps"]
        ]

    def renderable(self) -> RenderableType:
        from stability.present.game_tables import render_dominance

        return render_dominance(self.elimination)


@dataclass(frozen=True)
class RepeatedResult(AnalysisResult):
    """Grim-trigger discount thresholds for a cooperative profile (``stability repeated``)."""

    game: Game
    grim_trigger: GrimTriggerResult

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.repeated import repeated_json

        return repeated_json(self.grim_trigger)

    def rows(self) -> list[dict[str, Any]]:
        """One row per player: cooperative, deviation and punishment payoffs, critical δ."""
        return [
            {
                "player": p["player"],
                "cooperative": p["cooperative"],
                "deviation": p["deviation"]["strategy"],
                "deviation_payoff": p["deviation"]["payoff"],
                "punishment_payoff": p["punishment"]["payoff"],
                "critical_discount": p["exact"],
                "sustainable": p["sustainable"],
            }
            for p in self.to_dict()["players"]
        ]

    def renderable(self) -> RenderableType:
        from stability.present.game_tables import render_repeated

        return render_repeated(self.grim_trigger)


@dataclass(frozen=True)
class GMCRResult(AnalysisResult):
    """Stability of every state of a conflict in the Graph Model (``stability gmcr``)."""

    analysis: GraphModelStability

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.gmcr import gmcr_json

        return gmcr_json(self.analysis)

    def rows(self) -> list[dict[str, Any]]:
        """One row per feasible state: is it an equilibrium under each concept."""
        from stability.analysis.gmcr import CONCEPTS

        result = self.analysis
        equilibria = {c: set(result.equilibrium_codes(c)) for c in CONCEPTS}
        return [
            {"state": state, **{c: state in equilibria[c] for c in CONCEPTS}}
            for state in result.conflict.states
        ]

    def renderable(self) -> RenderableType:
        from stability.present.game_tables import render_gmcr

        return render_gmcr(self.analysis)


@dataclass(frozen=True)
class ExplainResult(AnalysisResult):
    """A step-by-step, exact explanation of a game's equilibria (``stability explain``).

    ``explain`` has no JSON document: ``to_dict()`` gives the explanation's text in
    the command's three formats (``text``, ``md``, ``latex``).
    """

    game: Game
    explanation: Explanation

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text(), "md": self.markdown(), "latex": self.latex()}

    def markdown(self) -> str:
        """The explanation as Markdown (``--format md``)."""
        from stability.present.explain import explanation_markdown

        return explanation_markdown(self.explanation)

    def latex(self) -> str:
        """The explanation as LaTeX (``--format latex``)."""
        from stability.present.explain import explanation_latex

        return explanation_latex(self.explanation)

    def text(self) -> str:
        """The explanation as plain text, 100 columns wide (``--format text --out``)."""
        from io import StringIO

        from rich.console import Console

        buffer = StringIO()
        Console(file=buffer, width=100, highlight=False, no_color=True).print(self.renderable())
        return buffer.getvalue()

    def renderable(self) -> RenderableType:
        from stability.present.explain import explanation_renderable

        return explanation_renderable(self.explanation)


@dataclass(frozen=True)
class ExerciseResult(AnalysisResult):
    """Generated exercises with verified answer keys (``stability exercise``)."""

    seed: int
    exercises: tuple[Exercise, ...]

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.exercises import exercises_json

        return exercises_json(self.exercises, self.seed)

    def rows(self) -> list[dict[str, Any]]:
        """One row per exercise: its kind, level and question."""
        return [
            {"kind": e.kind, "level": e.level, "question": e.question} for e in self.exercises
        ]

    def markdown(self, *, answers: bool = False) -> str:
        """The exercises as Markdown, with worked answers when ``answers``."""
        from stability.present.explain import exercises_markdown

        return exercises_markdown(self.exercises, self.seed, answers=answers)

    def renderable(self) -> RenderableType:
        from rich.markdown import Markdown

        return Markdown(self.markdown(answers=True))


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class SelectResult(AnalysisResult):
    """Equilibrium selection in the joint game (``stability select``): payoff and risk
    dominance, and the basins of attraction of learning dynamics."""

    scenario: Scenario
    selection: Selection

    def to_dict(self) -> dict[str, Any]:
        from stability.present.selection import selection_document

        return selection_document(self.selection)

    def renderable(self) -> RenderableType:
        from rich.console import Group
        from rich.text import Text

        from stability.present.selection import render_selection

        return Group(Text(self.scenario.title), *render_selection(self.selection))
