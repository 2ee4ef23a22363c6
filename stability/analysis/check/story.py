"""Checks against the story the scenario tells: a timeline that ignores play, verdicts
that the priors do not support, and conditions the exact checks cannot read.

>>> from stability.io.scenario import read_scenario
>>> [f.kind for f in timeline_findings(read_scenario("games/two-allies.toml"))]
['timeline-ignores-play']
"""

from __future__ import annotations

from stability.analysis.check.conditions import Conditions
from stability.analysis.check.findings import Finding
from stability.model.scenario import Scenario

#: Prior draws for the ``prior-fragile`` check, and their seed.
DEFAULT_DRAWS = 4096
DEFAULT_SEED = 0


def timeline_findings(scenario: Scenario) -> list[Finding]:
    """A timeline whose state does not follow the profile played.

    Until the timeline model says otherwise (``follows_play``), a timeline moves its
    parameters by time alone: every outcome faces the same future.
    """
    timeline = scenario.timeline
    if timeline is None or getattr(timeline, "follows_play", False):
        return []
    moved = ", ".join(timeline.parameters) or "no parameter"
    outcomes = tuple(o.name for o in scenario.outcomes)
    coalition = scenario.coalition_outcome
    consequence = (
        f"whether {coalition!r} holds or breaks, the future is the same"
        if coalition
        else "every outcome faces the same future"
    )
    return [
        Finding(
            kind="timeline-ignores-play",
            severity="warning",
            subject="timeline",
            evidence=(
                f"The timeline moves {moved} by time alone (over {timeline.horizon} "
                f"{timeline.unit}): none of its expressions depends on the profile being "
                f"played, so {consequence}; \"breaks first\" has no consequence on the "
                "timeline itself."
            ),
            hint=(
                "If what the actors do changes how the situation evolves (a broken coalition "
                "fights less well), make the timeline follow play; otherwise say in the "
                "model's docs why it does not."
            ),
            parameters=tuple(timeline.parameters),
            outcomes=outcomes,
        )
    ]


def prior_findings(
    conditions: Conditions, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED
) -> list[Finding]:
    """Verdicts at the defaults (an outcome is, or is not, a pure equilibrium) that hold
    in under half of ``draws`` draws from the priors (seed ``seed``)."""
    from stability.analysis.robustness import robustness

    scenario = conditions.scenario
    if not scenario.parameters or not scenario.outcomes or draws < 1:
        return []
    result = robustness(scenario, samples=draws, seed=seed)
    declared = sum(1 for p in scenario.parameters if p.prior is not None)
    basis = (
        f"{draws} draws from the priors, seed {seed}"
        + (
            f"; {len(scenario.parameters) - declared} parameter(s) without a prior drawn "
            "uniformly over the range"
            if declared < len(scenario.parameters)
            else ""
        )
    )
    findings = []
    base = conditions.default_margins
    for frequency in result.outcomes:
        now = conditions.verdict(frequency.name, base).status != "not"
        agreeing = frequency.count if now else result.samples - frequency.count
        share = agreeing / result.samples
        if 2 * agreeing >= result.samples:
            continue
        low, high = (frequency.ci if now else (1 - frequency.ci[1], 1 - frequency.ci[0]))
        verdict = "a pure equilibrium" if now else "not a pure equilibrium"
        findings.append(
            Finding(
                kind="prior-fragile",
                severity="warning",
                subject=frequency.name,
                evidence=(
                    f"At the defaults {frequency.name!r} is {verdict}, but it is so in only "
                    f"{agreeing} of {result.samples} draws ({share:.1%}; 95% interval "
                    f"{low:.1%} to {high:.1%}) ({basis})."
                ),
                hint=(
                    "The defaults sit in a minority region of the priors: either the defaults "
                    "or the priors misstate the evidence. Report the verdict with its "
                    "frequency (stability robustness), not the defaults alone."
                ),
                outcomes=(frequency.name,),
                exact=(("agreeing", str(agreeing)), ("draws", str(result.samples))),
            )
        )
    return findings


def not_exact_findings(conditions: Conditions, undecided: list[str]) -> list[Finding]:
    """Say which conditions are not linear, so that the exact checks passed them by."""
    nonlinear = [d for d in conditions.all if d.linear is None]
    if not nonlinear:
        return []
    reads = sorted(
        {n for d in nonlinear for n in conditions.reads(d)}, key=conditions.names.index
    )
    skipped = (
        f"; never/always is not decided exactly for {', '.join(repr(o) for o in undecided)} "
        "(only by uniform draws over the ranges, when draws are taken)"
        if undecided
        else ""
    )
    return [
        Finding(
            kind="not-exact",
            severity="info",
            subject="conditions",
            evidence=(
                f"{len(nonlinear)} of {len(conditions.all)} equilibrium conditions are not "
                f"linear in the parameters (they read {', '.join(reads) or 'no parameter'}): "
                "knife-edges along them are compared at the two ends of the move only, "
                "aliasing is not checked for these parameters" + skipped + "."
            ),
            hint="Linear payoffs make every check exact; otherwise read these checks as "
            "approximate.",
            parameters=tuple(reads),
            outcomes=tuple(undecided),
        )
    ]


def sampled_box(
    conditions: Conditions, undecided: list[str], draws: int, seed: int
) -> list[Finding]:
    """For outcomes whose conditions are not linear: never or always a pure equilibrium
    in ``draws`` uniform draws over the ranges (not exact, and the finding says so)."""
    from stability.analysis.robustness import robustness

    if not undecided or draws < 1:
        return []
    result = robustness(conditions.scenario, samples=draws, seed=seed, uniform=True)
    findings = []
    for frequency in result.outcomes:
        if frequency.name not in undecided or 0 < frequency.count < result.samples:
            continue
        never = frequency.count == 0
        findings.append(
            Finding(
                kind="never-equilibrium" if never else "always-equilibrium",
                severity="info",
                subject=frequency.name,
                evidence=(
                    f"{frequency.name!r} is a pure equilibrium in "
                    f"{'none' if never else 'all'} of {result.samples} draws uniform over the "
                    f"declared ranges (seed {seed}). Not exact: some of its conditions are not "
                    "linear in the parameters, so no linear programme decides it; a region "
                    "smaller than the draws' spacing may be missed."
                ),
                hint=(
                    "If the outcome is meant to be impossible (or certain) here, say so in "
                    "its doc; otherwise revisit its payoffs or the ranges."
                ),
                outcomes=(frequency.name,),
                exact=(("draws", str(result.samples)), ("count", str(frequency.count))),
            )
        )
    return findings
