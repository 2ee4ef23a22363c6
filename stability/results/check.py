"""The result of a model check (``stability check``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stability.model.result import AnalysisResult

if TYPE_CHECKING:
    from rich.console import RenderableType

    from stability.analysis.check import CheckReport, Finding
    from stability.model.scenario import Scenario

__all__ = ["CheckResult"]


@dataclass(frozen=True)
class CheckResult(AnalysisResult):
    """What makes a scenario's conclusions fragile or empty (``stability check``).

    ``report`` holds the findings (``report.findings``, each with its kind, severity,
    subject, exact evidence and hint) and the basis of the checks.
    """

    scenario: Scenario
    report: CheckReport

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, most serious first."""
        return self.report.findings

    def to_dict(self) -> dict[str, Any]:
        return self.report.document()

    def rows(self) -> list[dict[str, Any]]:
        """One row per finding."""
        return [
            {
                "severity": f.severity,
                "kind": f.kind,
                "subject": f.subject,
                "evidence": f.evidence,
                "hint": f.hint,
            }
            for f in self.report.findings
        ]

    def renderable(self) -> RenderableType:
        from rich.console import Group

        from stability.present.check import render_check

        return Group(*render_check(self.report))
