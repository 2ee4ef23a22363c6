"""Verdicts at the defaults that rest on a hair: knife-edges and weak equilibria.

A *verdict* of an outcome is whether it is a pure equilibrium, strict or weak, and
whether its profiles are the only pure equilibria. It is a knife-edge when moving
one parameter (the others at their defaults) by at most 1/1000 of its declared
range changes it. Along one parameter every linear margin is a line, so the
verdict can only change where a margin is 0: those points are found exactly and
the verdict read just before, at and just after each (non-linear margins: the
verdict is compared at the two ends of the move only, and the finding says so).

>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.check.conditions import Conditions
>>> allies = read_scenario("games/two-allies.toml").with_values({"threat": 2})
>>> [(f.subject, f.parameters[0]) for f in knife_edges(Conditions(allies))]
[('Alliance', 'threat'), ('Alliance', 'dispute'), ('Split', 'threat'), ('Split', 'dispute')]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from stability.analysis.check.conditions import Conditions, Verdict, zeros_along
from stability.analysis.check.findings import Finding, approx, range_text
from stability.analysis.tipping.margins import Deviation
from stability.model.exact import exact_string

#: The move that counts as a knife-edge: this share of a parameter's declared range.
KNIFE_EDGE = Fraction(1, 1000)


@dataclass(frozen=True)
class Flip:
    """Where an outcome's verdict first changes in one direction of one parameter."""

    direction: int  # +1 up, -1 down
    threshold: Fraction | None  # None: not located (a non-linear condition)
    at_threshold: bool  # the new verdict holds at the threshold itself (else just past it)
    verdict: Verdict
    conditions: tuple[Deviation, ...]  # the conditions that are 0 at the threshold


def _samples(
    start: Fraction, end: Fraction, zeros: list[Fraction]
) -> list[tuple[Fraction, Fraction, bool]]:
    """Points from ``start`` toward ``end``: each zero and a point just past it, as
    ``(point, threshold, at_threshold)``; the first past-point is past ``start``."""
    sign = 1 if end > start else -1
    inside = sorted({z for z in zeros if 0 <= sign * (z - start) <= sign * (end - start)},
                    key=lambda z: sign * (z - start))
    samples: list[tuple[Fraction, Fraction, bool]] = []
    previous = start
    for z in inside:
        if z != start:
            samples.append(((previous + z) / 2, previous, False))
            samples.append((z, z, True))
        previous = z
    if previous != end:
        samples.append(((previous + end) / 2 if inside else end, previous, False))
    return samples


def _flips(conditions: Conditions, name: str) -> dict[str, list[Flip]]:
    """For each outcome, the first verdict change up and down ``name`` within the move."""
    scenario = conditions.scenario
    parameter = scenario.parameter(name)
    low, high = parameter.range
    width = high - low
    found: dict[str, list[Flip]] = {o.name: [] for o in scenario.outcomes}
    if width == 0:
        return found
    value = parameter.value
    step = width * KNIFE_EDGE
    readers = [d for d in conditions.all if name in conditions.reads(d)]
    if not readers:
        return found
    nonlinear = [d for d in readers if d.linear is None]
    base = conditions.default_margins
    zeros = zeros_along(readers, name, conditions.values, base)
    before = {o: conditions.verdict(o, base) for o in found}
    for direction in (1, -1):
        end = min(max(value + direction * step, min(low, value)), max(high, value))
        if end == value:
            continue
        points = [(end, None, False)] if nonlinear else _samples(value, end, list(zeros.values()))
        pending = set(found)
        for point, threshold, at in points:
            if not pending:
                break
            margins = dict(base)
            moved = dict(conditions.values) | {name: point}
            for d in readers:
                if d.linear is not None:
                    margins[d] = base[d] + d.linear.coefficients.get(name, Fraction(0)) * (
                        point - value
                    )
            if nonlinear:
                margins.update(conditions.margins_at(moved))
            equilibria = conditions.equilibria(margins)
            for outcome in sorted(pending):
                now = conditions.verdict(outcome, margins, equilibria)
                if now == before[outcome]:
                    continue
                pending.discard(outcome)
                tied = tuple(
                    d for d, z in zeros.items() if threshold is not None and z == threshold
                )
                found[outcome].append(Flip(direction, threshold, at, now, tied))
    return found


def knife_edges(conditions: Conditions) -> list[Finding]:
    """One finding per outcome and parameter whose move by 1/1000 of the range flips a verdict."""
    scenario = conditions.scenario
    base = conditions.default_margins
    findings: list[Finding] = []
    flips = {p.name: _flips(conditions, p.name) for p in scenario.parameters}
    for outcome in scenario.outcomes:
        verdict = conditions.verdict(outcome.name, base)
        for parameter in scenario.parameters:
            found = flips[parameter.name][outcome.name]
            if not found:
                continue
            findings.append(_knife_edge(conditions, outcome.name, verdict, parameter.name, found))
    return findings


def _knife_edge(
    conditions: Conditions, outcome: str, verdict: Verdict, name: str, flips: list[Flip]
) -> Finding:
    parameter = conditions.scenario.parameter(name)
    step = (parameter.range[1] - parameter.range[0]) * KNIFE_EDGE
    parts: list[str] = []
    exact: list[tuple[str, str]] = [("default", exact_string(parameter.value))]
    tied_default = False
    involved: set[str] = {name}
    for flip in flips:
        way = "up" if flip.direction > 0 else "down"
        if flip.threshold is None:
            parts.append(
                f"moved {way} by {approx(step)} it is {flip.verdict.text()} (where exactly "
                f"is not located: a condition reading {name} is not linear)"
            )
            continue
        exact.append((f"threshold_{way}", exact_string(flip.threshold)))
        if flip.threshold == parameter.value:
            tied_default = True
        where = (
            f"at {name} = {approx(flip.threshold)}"
            if flip.at_threshold
            else f"just {'above' if flip.direction > 0 else 'below'} {name} = "
            f"{approx(flip.threshold)}"
        )
        because = ""
        own = set(conditions.outcome_profiles[outcome])
        turning = [d for d in flip.conditions if d.profile in own] or list(flip.conditions)
        if turning:
            texts = dict.fromkeys(
                f"{conditions.move_text(d)}"
                + ("" if d.profile in own else f" at ({conditions.profile_text(d.profile)})")
                + f": {conditions.condition_text(d)}"
                for d in turning
            )
            listed = "; ".join(list(texts)[:2])
            more = f"; and {len(texts) - 2} more" if len(texts) > 2 else ""
            because = f" (there, with equality: {listed}{more})"
            for d in turning:
                involved |= conditions.reads(d)
        parts.append(f"{where} it is {flip.verdict.text()}{because}")
    evidence = (
        f"At the defaults {outcome!r} is {verdict.text()}. Moving {name} alone (default "
        f"{approx(parameter.value)}, range {range_text(*parameter.range)}; 1/1000 of the range "
        f"is {approx(step)}): " + "; ".join(parts) + "."
    )
    if tied_default:
        hint = (
            f"The default of {name} sits exactly on a threshold: move it off the tie (to the "
            "side the evidence supports) or, if the tie is structural, say so in the model's "
            "docs and report the verdict on each side."
        )
    else:
        hint = (
            f"The verdict changes within 1/1000 of {name}'s range from its default: say in "
            f"{name}'s doc why the evidence pins it this closely, or report both verdicts."
        )
    return Finding(
        kind="knife-edge",
        severity="warning",
        subject=outcome,
        evidence=evidence,
        hint=hint,
        parameters=(name, *sorted(involved - {name})),
        outcomes=(outcome,),
        exact=tuple(exact),
    )


def weak_equilibria(conditions: Conditions) -> list[Finding]:
    """One finding per pure equilibrium at the defaults in which an actor gains exactly 0."""
    scenario = conditions.scenario
    base = conditions.default_margins
    findings: list[Finding] = []
    for profile in conditions.equilibria(base):
        tied = [d for d in conditions.table[profile] if base[d] == 0]
        if not tied:
            continue
        outcomes = tuple(scenario.outcomes_of(profile))
        subject = " / ".join(outcomes) if outcomes else conditions.profile_text(profile)
        sentences = []
        structural = []
        for d in tied:
            reads = conditions.reads(d)
            if not reads and d.margin == 0:
                structural.append(d)
                sentences.append(
                    f"{conditions.indifference_text(d)}, for every parameter value (its "
                    "payoffs do not tell the two strategies apart here)"
                )
            else:
                sentences.append(
                    f"{conditions.indifference_text(d)}: {conditions.condition_text(d)}"
                )
        named = f" ({', '.join(repr(o) for o in outcomes)})" if outcomes else ""
        evidence = (
            f"At the defaults the profile {conditions.profile_text(profile)}{named} is a weak "
            "pure equilibrium: " + "; ".join(sentences) + "."
        )
        hint = (
            "The indifferent actor's payoffs never distinguish these strategies: give it a "
            "reason to prefer one, or merge them."
            if len(structural) == len(tied)
            else "An equilibrium that rests on an exact tie tips either way on any change: move "
            "a default off the tie (the side the evidence supports) or document why the tie "
            "is structural."
        )
        parameters = sorted({n for d in tied for n in conditions.reads(d)},
                            key=conditions.names.index)
        findings.append(
            Finding(
                kind="weak-equilibrium",
                severity="warning",
                subject=subject,
                evidence=evidence,
                hint=hint,
                parameters=tuple(parameters),
                outcomes=outcomes,
                exact=tuple((conditions.move_text(d), "0") for d in tied),
            )
        )
    return findings
