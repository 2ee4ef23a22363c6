"""Terminal rendering of a model check (``stability check``) and of the findings that
other commands show beside their own results.

Labels and evidence come from scenario files: they are always :class:`rich.text.Text`,
never markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.console import RenderableType
from rich.text import Text

from stability.analysis.check import SEVERITIES, CheckReport, Finding

#: How each severity is drawn.
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary_line(report: CheckReport) -> str:
    """``2 errors, 3 warnings, 1 info``, or ``no findings``."""
    counts = report.counts()
    if not report.findings:
        return "no findings"
    return ", ".join(
        f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}"
        for s in SEVERITIES
        if counts[s]
    )


def finding_text(finding: Finding, *, hint: bool = True) -> Text:
    """One finding: its severity and kind, its subject, the evidence and the hint."""
    text = Text()
    text.append(f"{finding.severity} ", style=SEVERITY_STYLE[finding.severity])
    text.append(f"{finding.kind}", style="bold")
    text.append(f" — {finding.subject}\n", style="bold")
    text.append(f"  {finding.evidence}")
    if hint:
        text.append("\n  → ", style="dim")
        text.append(finding.hint, style="dim")
    return text


def render_check(report: CheckReport) -> Iterator[RenderableType]:
    """The renderables ``stability check`` prints, top to bottom."""
    yield Text(report.title, style="bold")
    yield Text(f"Model check of {report.scenario}: {summary_line(report)}.")
    for finding in report.findings:
        yield Text("")
        yield finding_text(finding)


def render_concerning(findings: Iterable[Finding], heading: str) -> Iterator[RenderableType]:
    """The findings another command shows under ``heading`` (nothing when there are none)."""
    found = list(findings)
    if not found:
        return
    yield Text(heading, style="bold")
    for finding in found:
        yield finding_text(finding, hint=False)
