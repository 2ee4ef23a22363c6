"""What ``stability check`` reports: findings, their kinds and severities, and the report.

>>> finding = Finding("dead-parameter", "error", "p", "p is read nowhere", "remove p",
...                   parameters=("p",))
>>> report = CheckReport("A scenario", "a.toml", (finding,), {})
>>> [f.kind for f in report.concerning(parameters=("p",))], report.concerning(outcomes=("X",))
(['dead-parameter'], ())
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from stability.model.exact import exact_string

SCHEMA = "stability/check/v1"

Severity = Literal["error", "warning", "info"]
#: Severities, most serious first (the report's order).
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

#: Every kind of finding, in the report's order within a severity, with what it means.
KINDS: dict[str, str] = {
    "dead-parameter": "no equilibrium condition and no timeline quantity reads the parameter",
    "aliased-parameters": "the parameters' coefficients are proportional in every condition",
    "knife-edge": "a verdict at the defaults (or a one-parameter lever) flips when one "
    "parameter moves by 1/1000 of its range",
    "weak-equilibrium": "an equilibrium at the defaults in which an actor gains exactly 0 "
    "by deviating",
    "timeline-ignores-play": "the timeline's state does not depend on which outcome is played",
    "lever-past-end": "a threshold or smallest shift at which the timeline's end condition "
    "already holds",
    "prior-fragile": "a verdict at the defaults that holds in under half of the prior draws",
    "inert-parameter": "a parameter the conditions read that decides no outcome's verdict "
    "within the ranges",
    "never-equilibrium": "an outcome that is a pure equilibrium nowhere within the ranges",
    "always-equilibrium": "an outcome that is a pure equilibrium everywhere within the ranges",
    "lever-out-of-range": "an outcome that no single parameter within its range tips, "
    "although one outside its range does",
    "not-exact": "conditions that are not linear in the parameters, checked by sampling "
    "instead of exactly",
    "draws-skipped": "the prior draws were not taken (the joint game is too large for them)",
}


def approx(value: Any) -> str:
    """An exact number for people: ``17/4 ≈ 4.25``, ``8``, ``sqrt(2) ≈ 1.414``.

    >>> approx(Fraction(17, 4)), approx(Fraction(8)), approx(Fraction(1, 3))
    ('17/4 ≈ 4.25', '8', '1/3 ≈ 0.3333')
    """
    text = exact_string(value)
    if isinstance(value, Fraction | int) and Fraction(value).denominator == 1:
        return text
    if getattr(value, "is_Integer", False) or getattr(value, "is_infinite", False):
        return text
    return f"{text} ≈ {float(value):.4g}"


def range_text(low: Fraction, high: Fraction) -> str:
    """``[0, 2]``: a declared range.

    >>> range_text(Fraction(1, 24), Fraction(1))
    '[1/24, 1]'
    """
    return f"[{exact_string(low)}, {exact_string(high)}]"


@dataclass(frozen=True)
class Finding:
    """One thing ``stability check`` found, in the scenario's words.

    ``subject`` is the outcome, parameter or actor concerned; ``evidence`` the exact
    values behind the finding (with decimals beside them); ``hint`` what the author
    should do; ``parameters`` and ``outcomes`` every parameter and outcome it concerns
    (for :meth:`CheckReport.concerning`); ``exact`` the key exact values by name;
    ``goal`` the tipping goal a lever finding is about (``equilibrium``, ``unique`` or
    ``breaks``; ``None`` for the others).
    """

    kind: str
    severity: Severity
    subject: str
    evidence: str
    hint: str
    parameters: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    exact: tuple[tuple[str, str], ...] = ()
    goal: str | None = None

    def document(self) -> dict[str, Any]:
        """JSON form (one entry of ``findings`` in ``stability/check/v1``)."""
        return {
            "kind": self.kind,
            "severity": self.severity,
            "subject": self.subject,
            "evidence": self.evidence,
            "hint": self.hint,
            "parameters": list(self.parameters),
            "outcomes": list(self.outcomes),
            "exact": dict(self.exact),
            "goal": self.goal,
        }

    def line(self) -> str:
        """The finding in one line of plain text (no markup)."""
        return f"{self.severity} {self.kind}: {self.subject}: {self.evidence}"


def ordered(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings by severity, then kind (:data:`KINDS` order), then as found (stable)."""
    kinds = list(KINDS)
    return tuple(
        sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), kinds.index(f.kind)))
    )


@dataclass(frozen=True)
class CheckReport:
    """Everything ``stability check`` found in one scenario.

    ``basis`` says how it was computed (the move that counts as a knife-edge, the
    prior draws and their seed, which conditions are linear); JSON in :meth:`document`.
    """

    title: str
    scenario: str
    findings: tuple[Finding, ...]
    basis: Mapping[str, Any] = field(default_factory=dict)

    def concerning(
        self, outcomes: Iterable[str] = (), parameters: Iterable[str] = ()
    ) -> tuple[Finding, ...]:
        """The findings that concern any of ``outcomes`` or ``parameters`` (in report order).

        With neither given, every finding.
        """
        wanted_outcomes, wanted_parameters = set(outcomes), set(parameters)
        if not wanted_outcomes and not wanted_parameters:
            return self.findings
        return tuple(
            f
            for f in self.findings
            if wanted_outcomes.intersection(f.outcomes)
            or wanted_parameters.intersection(f.parameters)
        )

    def counts(self) -> dict[str, int]:
        """How many findings of each severity."""
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def document(self) -> dict[str, Any]:
        """The ``stability/check/v1`` JSON document."""
        return {
            "schema": SCHEMA,
            "scenario": self.scenario,
            "title": self.title,
            "findings": [f.document() for f in self.findings],
            "summary": self.counts(),
            "basis": dict(self.basis),
        }
