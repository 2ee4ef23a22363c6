"""The model checker's findings that concern what a command prints.

A small adapter over :mod:`stability.analysis.check` (``check_scenario(scenario)``
returns a report whose ``concerning(outcomes=..., parameters=...)`` gives the
findings about those outcomes and parameters). When the checker is not installed
(an older tree) it finds nothing, so ``analyze`` and ``report`` still run; the
findings are copied into plain :class:`Concern` values so that nothing downstream
depends on the checker's types.

>>> concerning_findings(None, outcomes=("Deal",), parameters=(), checker=lambda s: None)
()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from stability.errors import StabilityError
from stability.model.scenario import Scenario

__all__ = ["Concern", "concerning_findings"]


@dataclass(frozen=True)
class Concern:
    """One finding of ``stability check``, as the answer and the report show it."""

    kind: str
    severity: str
    subject: str
    evidence: str
    hint: str

    def document(self) -> dict[str, str]:
        """JSON form (the keys of ``stability/check/v1``'s findings)."""
        return {
            "kind": self.kind,
            "severity": self.severity,
            "subject": self.subject,
            "evidence": self.evidence,
            "hint": self.hint,
        }

    def sentence(self) -> str:
        """``[warning] subject: evidence (hint)``."""
        hint = f" ({self.hint})" if self.hint else ""
        return f"[{self.severity}] {self.subject}: {self.evidence}{hint}"

    def short(self) -> str:
        """``knife-edge (warning): subject`` (the evidence and the hint are in ``stability
        check`` and in the JSON)."""
        return f"{self.kind} ({self.severity}): {self.subject}"


def _installed_checker(outcomes: Sequence[str] = ()) -> Callable[[Scenario], Any] | None:
    try:
        from stability.analysis.check import check_scenario
    except ImportError:  # the checker is not part of this tree
        return None

    def run(scenario: Scenario) -> Any:
        # without the smallest combined shifts' own programmes (shifts=False): the
        # answer checks its shifts against the timeline's end itself (levers.py), and
        # they cost most of check's time; only the per-outcome checks of ``outcomes``
        # (the findings kept below are the same as a full check's)
        return check_scenario(scenario, shifts=False, outcomes=tuple(outcomes) or None)

    return run


def concerning_findings(
    scenario: Scenario | None,
    *,
    outcomes: Sequence[str],
    parameters: Sequence[str],
    checker: Callable[[Scenario], Any] | None = None,
) -> tuple[Concern, ...]:
    """The findings about ``outcomes``, and those about ``parameters`` that concern no
    other outcome (none without a checker).

    ``checker`` replaces :func:`stability.analysis.check.check_scenario` (tests); a
    checker that returns ``None`` finds nothing.
    """
    run = checker if checker is not None else _installed_checker(outcomes)
    if run is None or scenario is None:
        return ()
    try:
        report = run(scenario)
    except StabilityError:  # e.g. a model too large to check: the answer stands without
        return ()
    if report is None:
        return ()
    wanted = set(outcomes)
    found = [
        f
        for f in report.concerning(outcomes=tuple(outcomes), parameters=tuple(parameters))
        # a finding about another outcome is not about this answer, even when it
        # names one of its parameters
        if not tuple(getattr(f, "outcomes", ()) or ()) or wanted.intersection(f.outcomes)
    ]
    return tuple(
        Concern(
            kind=str(f.kind),
            severity=str(f.severity),
            subject=str(f.subject),
            evidence=str(f.evidence),
            hint=str(f.hint or ""),
        )
        for f in found
    )
