"""Parameters that do nothing, and parameters no analysis can tell apart.

- *dead*: no equilibrium condition reads it, and neither does the timeline (the
  expressions of the time-varying parameters the conditions read, and the end
  condition), directly or through another timeline parameter;
- *aliased*: two or more parameters whose coefficients are proportional in every
  condition (every margin is linear and reads them only through one combination
  such as ``w_assad + false_flag``), so that no equilibrium analysis can separate
  them. Conditions that are not linear in a parameter are not compared (the
  parameter is left out of this check, and the docs say so).

>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.check.conditions import Conditions
>>> conditions = Conditions(read_scenario("games/two-allies.toml"))
>>> [f.subject for f in dead(conditions)], [f.subject for f in aliased(conditions)]
([], ['threat, dispute'])
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy

from stability.analysis.check.conditions import Conditions
from stability.analysis.check.findings import Finding, Severity
from stability.analysis.tipping.margins import Deviation
from stability.model.scenario import TIME, Scenario
from stability.model.symbolic import as_sympy


def timeline_reads(scenario: Scenario, read: set[str]) -> set[str]:
    """Every parameter the timeline reads, starting from the time-varying parameters in
    ``read``, the end condition and the rates of a state that follows play, through the
    timeline's expressions."""
    timeline = scenario.timeline
    if timeline is None:
        return set()
    expressions = dict(timeline.parameters)
    found: set[str] = set()
    pending: list[sympy.Expr] = [expressions[n] for n in read if n in expressions]
    if timeline.end is not None:
        pending += [timeline.end.when, timeline.end.falls_to]
    # a state that follows play (``[timeline.play]``): its rates read parameters too
    play = getattr(timeline, "play", None)
    if play is not None:
        pending += [play.default, *(rate for _, rate in play.rates)]
    seen: set[str] = set()
    while pending:
        expression = pending.pop()
        for symbol in expression.free_symbols:
            name = symbol.name
            if symbol == TIME or name in found:
                continue
            found.add(name)
            if name in expressions and name not in seen:
                seen.add(name)
                pending.append(expressions[name])
    return found


def dead(conditions: Conditions) -> list[Finding]:
    """One finding per parameter read by no condition and no timeline quantity."""
    scenario = conditions.scenario
    read = {n for d in conditions.all for n in conditions.reads(d)}
    timed = timeline_reads(scenario, read)
    in_payoffs = {
        s.name
        for game in scenario.games
        for expression in game.expressions().flat
        for s in as_sympy(expression).free_symbols
    }
    findings = []
    for parameter in scenario.parameters:
        name = parameter.name
        if name in read or name in timed:
            continue
        if name in in_payoffs:
            why = (
                f"{name} appears in the payoffs but cancels from all {len(conditions.all)} "
                "equilibrium conditions (it adds the same amount to each of an actor's "
                "strategies wherever it appears)"
            )
        else:
            why = f"{name} appears in no payoff, so in none of the {len(conditions.all)} " \
                "equilibrium conditions"
        timeline = (
            "and the timeline reads it nowhere (neither in the expressions of the parameters "
            "the conditions read nor in its end condition)"
            if scenario.timeline is not None
            else "and the scenario has no timeline"
        )
        findings.append(
            Finding(
                kind="dead-parameter",
                severity="error",
                subject=name,
                evidence=f"{why}, {timeline}. No analysis result can depend on it.",
                hint=(
                    f"Make {name} do what its doc says (enter it in the payoff of a choice it "
                    "should affect, or in the timeline), or remove it."
                ),
                parameters=(name,),
            )
        )
    return findings


def _direction(vector: tuple[Fraction, ...]) -> tuple[Fraction, tuple[Fraction, ...]]:
    """The vector divided by its first non-zero entry, and that entry."""
    first = next(v for v in vector if v != 0)
    return first, tuple(v / first for v in vector)


def _groups(
    conditions: Conditions, rows: Sequence[Deviation]
) -> list[list[tuple[str, Fraction]]]:
    """Parameters whose coefficient vectors over ``rows`` are proportional (non-zero)."""
    nonlinear = {n for d in conditions.all if d.linear is None for n in conditions.reads(d)}
    groups: dict[tuple[Fraction, ...], list[tuple[str, Fraction]]] = {}
    for name in conditions.names:
        if name in nonlinear:
            continue
        vector = tuple(
            d.linear.coefficients.get(name, Fraction(0)) if d.linear is not None else Fraction(0)
            for d in rows
        )
        if not any(vector):
            continue
        scale, direction = _direction(vector)
        groups.setdefault(direction, []).append((name, scale))
    return [members for members in groups.values() if len(members) > 1]


def _combination(names: Sequence[str], ratios: Sequence[Fraction]) -> str:
    terms = []
    for name, ratio in zip(names, ratios, strict=True):
        size = abs(ratio)
        term = name if size == 1 else f"{size}*{name}"
        terms.append(("- " if ratio < 0 else "+ ") + term)
    return " ".join(terms).removeprefix("+ ")


def aliased(conditions: Conditions) -> list[Finding]:
    """One finding per group of parameters with proportional coefficients in every
    condition (an error, or a warning when the timeline tells them apart), then per
    outcome, in every condition of the outcome's own profiles (a warning: no analysis
    of whether that outcome is an equilibrium can tell them apart)."""
    findings = []
    everywhere: set[frozenset[str]] = set()
    for members in _groups(conditions, conditions.all):
        everywhere.add(frozenset(n for n, _ in members))
        findings.append(_aliased_finding(conditions, members, conditions.all, None))
    for outcome, profiles in conditions.outcome_profiles.items():
        rows = [d for p in profiles for d in conditions.table[p]]
        for members in _groups(conditions, rows):
            names = frozenset(n for n, _ in members)
            if any(names <= group for group in everywhere):
                continue
            findings.append(_aliased_finding(conditions, members, rows, outcome))
    return findings


def _aliased_finding(
    conditions: Conditions,
    members: list[tuple[str, Fraction]],
    rows: Sequence[Deviation],
    outcome: str | None,
) -> Finding:
    scenario = conditions.scenario
    names = [n for n, _ in members]
    first_scale = members[0][1]
    ratios = [scale / first_scale for _, scale in members]
    readers = [
        d for d in rows if d.linear is not None and d.linear.coefficients.get(names[0])
    ]
    example = readers[0]
    where = (
        f"every one of the {len(readers)} conditions that read them"
        if outcome is None
        else f"every one of the {len(readers)} conditions of the profiles of {outcome!r} that "
        "read them"
    )
    evidence = (
        f"In {where}, {', '.join(names)} enter only as {_combination(names, ratios)} "
        f"(coefficients in the ratio {' : '.join(str(r) for r in ratios)}); e.g. "
        f"{conditions.move_text(example)} at {conditions.profile_text(example.profile)}: "
        f"{conditions.condition_text(example)}."
    )
    if outcome is None:
        timeline = scenario.timeline
        moved = {n: timeline.parameters[n] for n in names if timeline and n in timeline.parameters}
        end_reads = (
            {s.name for e in (timeline.end.when, timeline.end.falls_to) for s in e.free_symbols}
            if timeline is not None and timeline.end is not None
            else set()
        )
        told_apart = _timeline_tells_apart(names, moved) or bool(end_reads & set(names))
        if told_apart:
            evidence += (
                " Only the timeline treats them differently ("
                + "; ".join(
                    f"{n}(t) = {moved[n]}" if n in moved else f"{n} constant" for n in names
                )
                + "), so only durability can tell them apart."
            )
        else:
            evidence += " The timeline does not tell them apart either."
        severity: Severity = "warning" if told_apart else "error"
        hint = (
            "No equilibrium, threshold or shift can separate these parameters: merge them "
            "into one, or give each a role of its own in some payoff (an issue where one "
            "matters and the other does not)."
        )
    else:
        evidence += (
            f" Whether {outcome!r} is a pure equilibrium depends on them only through "
            "this combination (other outcomes' conditions do tell them apart)."
        )
        severity = "warning"
        hint = (
            f"Any analysis of {outcome!r} (its tipping, its durability, a sensitivity "
            "ranking) will treat these parameters as one: if they stand for different "
            "things, let each weigh differently on some actor of this outcome."
        )
    return Finding(
        kind="aliased-parameters",
        severity=severity,
        subject=", ".join(names),
        evidence=evidence,
        hint=hint,
        parameters=tuple(names),
        outcomes=() if outcome is None else (outcome,),
        exact=tuple((n, str(r)) for n, r in zip(names, ratios, strict=True)),
    )


def _timeline_tells_apart(names: list[str], moved: dict[str, sympy.Expr]) -> bool:
    """Whether the timeline moves the parameters by different laws."""
    if not moved:
        return False
    if len(moved) != len(names):
        return True
    stand_in = sympy.Dummy("x")
    laws = {moved[n].xreplace({sympy.Symbol(n): stand_in}) for n in names}
    return len(laws) > 1
