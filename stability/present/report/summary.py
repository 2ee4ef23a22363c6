"""The report's executive summary and its footer line."""

from __future__ import annotations

from stability.analysis.levers import past_end_note
from stability.analysis.report import Report
from stability.present.overview import CONCEPT_NAMES, outcome_reason
from stability.present.report.tables import direction_word
from stability.present.text import (
    exact_or_float,
    exact_text,
    listing,
    number_text,
    percent,
    quoted,
    time_text,
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
            f"({where}; now {number_text(best.baseline)})"
        )
        late = past_end_note(scenario, best.parameter, best.value, report.race)
        if late:
            sentence += f", a value past the campaign's end: there {late}"
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
            else f"stops being an equilibrium at t = {time_text(race.breaks)}"
        )
        sentences.append(
            f"Along the timeline ({race.unit}), the campaign ends at t = {time_text(race.end)} "
            f"({race.end_condition}) and {quoted(race.outcome)} {when}: "
            f"it {race.verdict}."
        )
    lasting = report.durability
    if lasting is not None and lasting.holds and lasting.threshold is not None:
        sentence = (
            f"{quoted(lasting.outcome)} stops being an equilibrium if {lasting.threat} falls "
            f"below {exact_text(lasting.threshold)} (now {number_text(lasting.baseline)})"
        )
        decay = lasting.decay
        if decay is not None and decay.periods is not None:
            sentence += f"; at the stated rate of decline that takes {decay.periods} periods"
        sentences.append(sentence + ".")
    sentences += answer_sentences(report)
    sampled = report.robustness
    if sampled is not None and sampled.outcomes:
        shares = ", ".join(f"{quoted(o.name)} {percent(o.frequency)}" for o in sampled.outcomes)
        sentences.append(
            f"Over {sampled.samples:,} random draws of the parameters ({sampled.summary()}, "
            f"seed {sampled.seed}), each outcome is an equilibrium this often: {shares}."
        )
    return sentences


def answer_sentences(report: Report) -> list[str]:
    """The plain answer in policy terms, short (as ``analyze`` opens with it): each
    goal's smallest shift with its caveats, each side's condition, the time window,
    the parameters that matter most (with the ranking's basis), ``check``'s findings."""
    answer = report.analysis.answer
    if answer is None:
        return []
    found = []
    for point in answer.points:
        if point.startswith(("Matter most:", "`stability check`")):
            continue  # said below: the ranking with its basis, the findings one by one
        found.append(f"For {quoted(answer.target)}: {point[0].lower()}{point[1:]}")
    if answer.levers:
        found.append(
            "The parameters that matter most: "
            + listing([lever.parameter for lever in answer.levers])
            + f" (ranked by {answer.lever_method})."
        )
    if answer.findings:
        found.append(
            "`stability check` finds, about this answer: "
            + "; ".join(f.short() for f in answer.findings)
            + " (the evidence and what to do: in the answer above, or `stability check`)."
        )
    return found


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
