"""The report's executive summary and its footer line."""

from __future__ import annotations

from stability.analysis.report import Report
from stability.present.overview import CONCEPT_NAMES, outcome_reason
from stability.present.report.tables import direction_word
from stability.present.text import (
    exact_or_float,
    exact_text,
    fraction_text,
    listing,
    percent,
    quoted,
)


def summary(report: Report) -> list[str]:
    """A few sentences for the top of the report, in the scenario's words."""
    analysis = report.analysis
    scenario = report.scenario
    statuses = {s.name: s for s in analysis.outcomes}
    sentences: list[str] = []
    coalition = scenario.coalition_outcome
    if coalition is not None and coalition in statuses:
        status = statuses[coalition]
        if status.equilibrium:
            found = [e for e in analysis.equilibria if coalition in e.outcomes]
            concepts = [
                CONCEPT_NAMES[c]
                for c in ("strict", "strong", "coalition_proof")
                if found and found[0].stability.stable[c]
            ]
            kind = (listing(concepts) + " ") if concepts else ""
            sentences.append(
                f"At the current values the coalition ({quoted(coalition)}) holds: it is a "
                f"{kind}pure equilibrium of the joint game."
            )
        else:
            sentences.append(
                f"At the current values the coalition ({quoted(coalition)}) does not hold: "
                f"{outcome_reason(status)}."
            )
    holding = [s.name for s in analysis.outcomes if s.equilibrium and s.name != coalition]
    if not analysis.equilibria:
        sentences.append("The joint game has no pure equilibrium at these values.")
    elif holding:
        sentences.append("Also pure equilibria now: " + listing([quoted(n) for n in holding]) + ".")
    elif coalition is not None and statuses.get(coalition) and statuses[coalition].equilibrium:
        unnamed = [e for e in analysis.equilibria if not e.outcomes]
        if not unnamed:
            sentences.append("No other named outcome is an equilibrium.")
    for result in report.tipping:
        best = result.thresholds[0][1] if result.thresholds else None
        if best is None:
            sentences.append(f"No single parameter makes {quoted(result.target)} an equilibrium.")
            continue
        where = "in range" if best.within_range else "outside the range"
        sentence = (
            f"{quoted(result.target)} becomes an equilibrium once {best.parameter} "
            f"{direction_word(best)} {exact_text(best.value)} "
            f"({where}; now {fraction_text(best.baseline)})"
        )
        shift = result.minimal_shift
        if shift is not None and len(shift.parameters) > 1:
            moved = ", ".join(
                f"{p.parameter} to " + exact_or_float(p.exact, p.value, 4) for p in shift.parameters
            )
            sentence += f"; the smallest combined shift moves {moved}"
        elif shift is None:
            sentence += "; no combination of parameters within their ranges reaches it"
        sentences.append(sentence + ".")
    race = report.race
    if race is not None and race.end is not None and race.holds_at_start:
        when = (
            "stays an equilibrium until then"
            if race.breaks is None
            else f"stops being an equilibrium at t = {race.breaks.text()}"
        )
        sentences.append(
            f"Along the timeline ({race.unit}), the campaign ends at t = {race.end.text()} "
            f"({race.end_condition}) and {quoted(race.outcome)} {when}: "
            f"it {race.verdict}."
        )
    lasting = report.durability
    if lasting is not None and lasting.holds and lasting.threshold is not None:
        sentence = (
            f"{quoted(lasting.outcome)} stops being an equilibrium if {lasting.threat} falls "
            f"below {exact_text(lasting.threshold)} (now {fraction_text(lasting.baseline)})"
        )
        decay = lasting.decay
        if decay is not None and decay.periods is not None:
            sentence += f"; at the stated rate of decline that takes {decay.periods} periods"
        sentences.append(sentence + ".")
    sampled = report.robustness
    if sampled is not None and sampled.outcomes:
        shares = ", ".join(f"{quoted(o.name)} {percent(o.frequency)}" for o in sampled.outcomes)
        sentences.append(
            f"Over {sampled.samples:,} random draws of the parameters ({sampled.summary()}, "
            f"seed {sampled.seed}), each outcome is an equilibrium this often: {shares}."
        )
    return sentences


def footer_text(report: Report) -> str:
    """Where the report comes from: the version, the command line, the date, the seeds."""
    parts = []
    made = report.provenance
    if made is not None:
        command = f" by the command: {made.command}" if made.command else ""
        parts.append(f"Produced by stability {made.version} on {made.date}{command}")
    if report.robustness is not None:
        parts.append(f"Monte Carlo: {report.samples:,} samples, seed {report.seed}")
    else:
        parts.append("no Monte Carlo figures (--samples 0)")
    return ". ".join(parts) + "."
