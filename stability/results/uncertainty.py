"""Results of the analyses under uncertainty and over time: robustness, select,
sensitivity and durability."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stability.model.exact import format_fraction
from stability.model.result import AnalysisResult
from stability.results._tables import table

if TYPE_CHECKING:
    from rich.console import RenderableType

    from stability.analysis.durability import TimelineDurability
    from stability.analysis.robustness import RobustnessResult as Frequencies
    from stability.analysis.selection import Selection
    from stability.analysis.sensitivity import SensitivityResult as Sensitivity
    from stability.analysis.threat_durability import Durability
    from stability.model.scenario import Scenario

__all__ = [
    "DurabilityResult",
    "RobustnessResult",
    "SelectResult",
    "SensitivityResult",
]


@dataclass(frozen=True, repr=False)
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
        from rich.console import Group
        from rich.text import Text

        return Group(
            table(
                f"{self.scenario.title}: {result.samples:,} samples, seed {result.seed}",
                [
                    {
                        "outcome": r["outcome"],
                        "pure equilibrium in": f"{r['frequency']:.2%}",
                        "95% interval": f"{r['ci_low']:.2%} to {r['ci_high']:.2%}",
                    }
                    for r in self.rows()
                ],
            ),
            Text(result.how_sampled()),
        )


@dataclass(frozen=True, repr=False)
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
            table(f"{self.scenario.title}: pure equilibria along the timeline", self.rows()),
        )

@dataclass(frozen=True, repr=False)
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


@dataclass(frozen=True, repr=False)
class SensitivityResult(AnalysisResult):
    """Global sensitivity of whether an outcome holds (``stability sensitivity``).

    ``analysis`` holds the Sobol first-order and total indices (largest total first,
    with bootstrap 95% intervals), the Morris elementary effects, the sampling and
    the number of model evaluations.
    """

    scenario: Scenario
    analysis: Sensitivity

    def to_dict(self) -> dict[str, Any]:
        from stability.analysis.sensitivity import sensitivity_document

        return sensitivity_document(self.analysis)

    def rows(self) -> list[dict[str, Any]]:
        """One row per parameter and index (``first``, ``total``, Morris ``mu_star``):
        its value and 95% interval, parameters by total index, largest first."""
        morris = {e.parameter: e for e in self.analysis.morris}
        rows = []
        for index in self.analysis.indices:
            effect = morris[index.parameter]
            for name, value, (low, high) in (
                ("first", index.first, index.first_ci),
                ("total", index.total, index.total_ci),
                ("mu_star", effect.mu_star, effect.mu_star_ci),
            ):
                rows.append(
                    {"parameter": index.parameter, "index": name, "value": value,
                     "ci_low": low, "ci_high": high}
                )
        return rows

    def renderable(self) -> RenderableType:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        result = self.analysis
        what = (
            "is a pure equilibrium of the joint game"
            if result.goal != "selected"
            else f"basin share under {result.dynamic} dynamics ({result.starts} starts per point)"
        )
        parts: list[RenderableType] = [
            Text(f"{self.scenario.title}\n“{result.outcome}” {what}"),
            Text(
                f"Parameters drawn from {result.sampling}; {result.samples:,} base samples, "
                f"seed {result.seed}: {result.evaluations:,} model evaluations for the Sobol "
                f"indices, {result.morris_evaluations:,} for Morris screening. "
                f"Mean output {result.mean:.3f}."
            ),
        ]
        grid = Table("parameter", "first-order", "95% interval", "total", "95% interval",
                     "Morris μ*", title="Sobol indices (largest total first)",
                     title_justify="left")
        mu = {e.parameter: e for e in result.morris}
        for index in result.indices:
            grid.add_row(
                Text(index.parameter), f"{index.first:.3f}",
                f"[{index.first_ci[0]:.2f}, {index.first_ci[1]:.2f}]", f"{index.total:.3f}",
                f"[{index.total_ci[0]:.2f}, {index.total_ci[1]:.2f}]",
                f"{mu[index.parameter].mu_star:.3f}",
            )
        parts.append(grid)
        if result.constant:
            parts.append(Text("Not varied (in no payoff, or a one-point range): "
                              + ", ".join(result.constant)))
        if result.variance == 0:
            parts.append(Text("The output does not vary over the samples: every index is 0."))
        else:
            parts.append(Text(f"Most influential (total index): {', '.join(result.top[:3])}.",
                              style="bold"))
        return Group(*parts)
