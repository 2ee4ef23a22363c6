"""The report's sections as plain views for the templates: games, tipping, breaking,
sweep, durability, robustness and sensitivity."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy

from stability.analysis.durability import exact_string
from stability.analysis.report import Report
from stability.analysis.tipping import CELL_UNIT
from stability.present.equilibria import describe_mixture
from stability.present.overview import outcome_reason
from stability.present.report.pictures import Picture
from stability.present.report.tables import (
    TableView,
    game_tables,
    influence_table,
    layer_tables,
    thresholds_table,
    weight_text,
)
from stability.present.text import (
    KEY_CELL_COLUMNS,
    exact_or_float,
    exact_text,
    key_cell_row,
    number_text,
    percent,
    profile_text,
    quoted,
    shifted_parameter_row,
    time_text,
    words,
)

#: Key payoff cells listed per target outcome.
KEY_CELLS_LISTED = 5


#: Robustness regimes listed.
REGIMES_LISTED = 6


def games_view(report: Report) -> list[dict[str, Any]]:
    scenario = report.scenario
    games = []
    for pair in report.analysis.pairs:
        exact = pair.exact
        equilibria = []
        for equilibrium in pair.solution.equilibria:
            parts = []
            for k, player in enumerate(exact.players):
                mixture: Sequence[Fraction] | Sequence[float] = (
                    equilibrium.exact[k]
                    if equilibrium.exact is not None
                    else equilibrium.profile[k]
                )
                parts.append(f"{player}: {describe_mixture(exact.strategies[k], mixture)}")
            strategies = "; ".join(parts)
            if equilibrium.exact_payoffs is not None:
                payoffs = ", ".join(number_text(v) for v in equilibrium.exact_payoffs)
            else:
                payoffs = ", ".join(f"{v:.6g}" for v in equilibrium.payoffs)
            equilibria.append(("pure" if equilibrium.pure else "mixed", strategies, payoffs))
        order = ", ".join(f"to {p}" for p in exact.players)
        equilibria_table = TableView(
            f"Equilibria of {pair.game.name} on its own"
            + (" (every extreme equilibrium, exact)" if exact.n_players == 2 else " (pure)"),
            ("kind", "strategies", f"payoffs ({order})"),
            tuple(equilibria),
            frozenset({2}),
        )
        patience = None
        if pair.repeated is not None:
            who = profile_text(pair.repeated.cooperate)
            if pair.repeated.critical is None:
                patience = (
                    f"Repeated play: no discount factor sustains cooperation ({who}) "
                    "under grim trigger."
                )
            else:
                patience = (
                    f"Repeated play: cooperation ({who}) is sustainable under grim trigger "
                    f"when both discount the future by at least δ* = "
                    f"{number_text(pair.repeated.critical)}."
                )
        games.append(
            {
                "name": pair.game.name,
                "players": list(pair.game.players),
                "doc": words(pair.game.doc),
                "layers": [
                    {
                        "name": layer.name,
                        "weight": weight_text(scenario, layer),
                        "doc": words(layer.doc),
                        "tables": layer_tables(scenario, pair.game, layer),
                    }
                    for layer in pair.game.layers
                ],
                "totals": game_tables(pair.game, exact),
                "equilibria": equilibria_table,
                "degenerate": bool(pair.solution.degenerate),
                "patience": patience,
            }
        )
    return games


def tipping_view(report: Report, pictures: dict[str, list[Picture]]) -> list[dict[str, Any]]:
    views = []
    for number, result in enumerate(report.tipping):
        sentences: list[str] = []
        for _, threshold in result.thresholds:
            sentences += [b.sentence for b in threshold.binding]
        shift = result.minimal_shift
        shift_view: dict[str, Any] | None = None
        if shift is not None:
            distance = exact_or_float(shift.distance_exact, shift.distance, 4)
            moves = TableView(
                f"Smallest combined shift: distance {distance} ({shift.norm})",
                ("parameter", "now", "new value"),
                tuple(shifted_parameter_row(moved) for moved in shift.parameters),
                frozenset({1, 2}),
            )
            shift_view = {
                "table": moves,
                "profile": "—" if shift.profile is None else profile_text(shift.profile),
                "method": shift.method,
                "guarantee": shift.guarantee,
                "binding": list(dict.fromkeys(b.sentence for b in shift.binding)),
            }
        cells = None
        if result.key_cells:
            cells = TableView(
                "Key payoff cells, by share of the binding margin they carry "
                f"(payoffs in {CELL_UNIT})",
                KEY_CELL_COLUMNS,
                tuple(key_cell_row(cell) for cell in result.key_cells[:KEY_CELLS_LISTED]),
                frozenset({4, 5, 6, 7}),
            )
        status = next(s for s in report.analysis.outcomes if s.name == result.target)
        views.append(
            {
                "target": result.target,
                "doc": words(report.scenario.outcome(result.target).doc),
                "reason": outcome_reason(status),
                "thresholds": thresholds_table(result, becomes=True),
                "unreachable": list(result.unreachable),
                "binding": list(dict.fromkeys(sentences)),
                "picture": pictures["tornado"][number],
                "shift": shift_view,
                "cells": cells,
            }
        )
    return views


def breaking_view(report: Report) -> list[dict[str, Any]]:
    views = []
    for result in report.breaking:
        sentences: list[str] = []
        for _, threshold in result.thresholds:
            sentences += [b.sentence for b in threshold.binding]
        views.append(
            {
                "target": result.target,
                "thresholds": thresholds_table(result, becomes=False),
                "unreachable": list(result.unreachable),
                "binding": list(dict.fromkeys(sentences)),
            }
        )
    return views


def sweep_view(report: Report, pictures: dict[str, list[Picture]]) -> dict[str, Any] | None:
    result = report.sweep
    if result is None:
        return None
    from stability.analysis.sweep import regime_label

    cells = result.grid.size
    counts = [int((result.grid == k).sum()) for k in range(len(result.regimes))]
    undefined = (
        (("undefined (a payoff divides by zero or overflows)", percent(result.undefined / cells)),)
        if result.undefined
        else ()
    )
    regimes = TableView(
        "Share of the map covered by each regime",
        ("pure equilibria of the joint game", "share of the map"),
        tuple(
            (regime_label(regime), percent(count / cells))
            for regime, count in sorted(
                zip(result.regimes, counts, strict=True), key=lambda pair: -pair[1]
            )
        )
        + undefined,
        frozenset({1}),
    )
    axes = [result.x] + ([result.y] if result.y is not None else [])
    grid = " × ".join(str(len(axis.values)) for axis in axes)
    return {
        "parameters": list(report.sweep_parameters),
        "reason": report.sweep_reason,
        "grid": grid,
        "picture": pictures["sweep"][0],
        "regimes": regimes,
        "ranking": influence_table(report),
    }


def _periods(periods: int | None, note: str) -> str:
    if periods is not None:
        return str(periods)
    return note or "–"


def race_facts(report: Report) -> list[str]:
    """The coalition along the timeline, in sentences (empty without a timeline race)."""
    race = report.race
    if race is None:
        return []
    unit = race.unit
    facts = []
    if race.end is not None:
        facts.append(
            f"On the timeline, the campaign ends ({race.end_condition}) at t = "
            f"{time_text(race.end)} {unit}."
        )
    if not race.holds_at_start:
        facts.append(f"{quoted(race.outcome)} is not an equilibrium at the start of the timeline.")
    elif race.breaks is None:
        facts.append(f"{quoted(race.outcome)} stays an equilibrium throughout the timeline.")
    else:
        facts.append(
            f"{quoted(race.outcome)} stops being an equilibrium at "
            f"t = {time_text(race.breaks)} {unit}."
        )
    if race.margin is not None:
        sign = "+" if race.margin.value >= 0 else ""
        facts.append(
            f"Verdict: {race.verdict} "
            f"(margin: breaks - end = {sign}{time_text(race.margin)} {unit})."
        )
    for entry in race.outcomes:
        spans = ", ".join(
            f"[{exact_string(i.low)}, {exact_string(i.high)}]" for i in entry.intervals
        )
        facts.append(f"{quoted(entry.name)} is an equilibrium during: {spans or 'never'}.")
    return facts


def durability_view(
    report: Report, pictures: dict[str, list[Picture]] | None = None
) -> dict[str, Any] | None:
    result = report.durability
    race = race_facts(report)
    drawn = (pictures or {}).get("race") or []
    picture = drawn[0] if drawn else None
    if result is None:
        if not race:
            return None
        return {
            "outcome": report.race.outcome if report.race else None,
            "threat": None,
            "facts": race,
            "sensitivity": None,
            "picture": picture,
        }
    facts = []
    now = number_text(result.baseline)
    if not result.holds:
        facts.append(
            f"{quoted(result.outcome)} is not an equilibrium at the current {result.threat} "
            f"({now}), so there is no margin to measure."
        )
    elif result.threshold is None:
        facts.append(
            f"{quoted(result.outcome)} stays an equilibrium however low {result.threat} falls "
            "within its range."
        )
    else:
        edge = "below" if result.holds_at_threshold else "to or below"
        facts.append(
            f"{quoted(result.outcome)} stops being an equilibrium once {result.threat} falls "
            f"{edge} {exact_text(result.threshold)} (now {now})."
        )
    pieces = ", ".join(
        ("(" if p.low_open or p.low == -sympy.oo else "[")
        + ("−∞" if p.low == -sympy.oo else exact_string(p.low))
        + ", "
        + ("∞" if p.high == sympy.oo else exact_string(p.high))
        + (")" if p.high_open or p.high == sympy.oo else "]")
        for p in result.pieces
    )
    if pieces:
        facts.append(f"Values of {result.threat} at which it holds: {pieces}.")
    sensitivity = None
    decay = result.decay
    if decay is not None:
        dynamics = report.scenario.dynamics
        assert dynamics is not None
        law = str(dynamics.threat_expression(sympy.Symbol("t")))
        facts.append(
            f"The threat decays ({decay.model}): {result.threat}(t) = {law}, "
            f"with {dynamics.rate} = {exact_text(decay.rate)}."
        )
        if decay.time is not None and decay.periods is not None:
            facts.append(
                f"At that rate the outcome lasts {decay.periods} whole periods "
                f"(it ends at t = {exact_text(decay.time)})."
            )
        elif decay.note:
            facts.append(f"Decay: {decay.note}.")
        if result.sensitivity:
            sensitivity = TableView(
                "Periods the outcome lasts with one other parameter at each end of its range",
                ("parameter", "low end", "periods", "high end", "periods"),
                tuple(
                    (
                        s.parameter,
                        number_text(s.ends[0]),
                        _periods(s.periods[0], s.notes[0]),
                        number_text(s.ends[1]),
                        _periods(s.periods[1], s.notes[1]),
                    )
                    for s in result.sensitivity
                ),
                frozenset({1, 2, 3, 4}),
            )
    return {
        "outcome": result.outcome,
        "threat": result.threat,
        "facts": race + facts,
        "sensitivity": sensitivity,
        "picture": picture,
    }


#: Rows of a sensitivity table, and the smallest total index shown.
SENSITIVITY_ROWS = 6
SENSITIVITY_SHOWN = 0.01


def robustness_view(report: Report) -> dict[str, Any] | None:
    result = report.robustness
    if result is None:
        return None
    from stability.analysis.sweep import regime_label

    outcomes = TableView(
        f"How often each outcome is a pure equilibrium ({result.samples:,} samples, seed "
        f"{result.seed})",
        ("outcome", "frequency", "95% interval (Wilson)", "samples"),
        tuple(
            (
                o.name,
                percent(o.frequency),
                f"{percent(o.ci[0])} – {percent(o.ci[1])}",
                f"{o.count:,}",
            )
            for o in result.outcomes
        ),
        frozenset({1, 2, 3}),
    )
    regimes = TableView(
        "Most frequent regimes (sets of outcomes that are equilibria together)",
        ("pure equilibria of the joint game", "frequency"),
        tuple(
            (regime_label(names), percent(count / result.samples))
            for names, count in result.regimes[:REGIMES_LISTED]
        ),
        frozenset({1}),
    )
    sampling = (
        f"Each parameter is drawn uniformly and independently over its declared range; "
        f"{result.samples:,} samples with seed {result.seed} (the same seed gives the same "
        "figures). Change them with --samples and --seed."
    )
    return {"outcomes": outcomes, "regimes": regimes, "sampling": sampling}


def sensitivity_view(report: Report) -> dict[str, Any] | None:
    """One table per outcome: the parameters by total Sobol index, largest first."""
    if not report.sensitivity:
        return None
    first = report.sensitivity[0]
    tables = []
    for result in report.sensitivity:
        shown = [i for i in result.indices if i.total >= SENSITIVITY_SHOWN][:SENSITIVITY_ROWS]
        effects = {e.parameter: e for e in result.morris}
        tables.append(
            TableView(
                f"Which parameters decide whether {quoted(result.outcome)} is a pure "
                f"equilibrium (it is in {percent(result.mean)} of the draws)",
                ("parameter", "first-order index", "total index", "Morris μ*"),
                tuple(
                    (
                        i.parameter,
                        f"{i.first:.2f} [{i.first_ci[0]:.2f}, {i.first_ci[1]:.2f}]",
                        f"{i.total:.2f} [{i.total_ci[0]:.2f}, {i.total_ci[1]:.2f}]",
                        f"{effects[i.parameter].mu_star:.2f}",
                    )
                    for i in shown
                ),
                frozenset({1, 2, 3}),
            )
        )
    method = (
        f"Sobol indices of the indicator “the outcome is a pure equilibrium of the joint "
        f"game”, with parameters drawn from {first.sampling}: {first.samples:,} base samples, "
        f"{first.evaluations:,} model evaluations per outcome, seed {first.seed}; 95% "
        "bootstrap intervals in brackets. The first-order index is the share of the "
        "indicator's variance a parameter explains alone, the total index the share it has "
        f"any part in; parameters with a total index below {SENSITIVITY_SHOWN} are left out. "
        f"Morris μ* ({first.morris_evaluations:,} evaluations) is the mean absolute effect "
        "of moving a parameter, per unit of its range, a cheaper screening that should rank "
        "parameters alike. Reproduce with: stability sensitivity SCENARIO --outcome NAME."
    )
    return {"method": method, "tables": tables}


def coalitions_view(report: Report) -> dict[str, Any] | None:
    """Every coalition structure with its verdicts, and the facts about the outcomes'
    structures, the first mover and the timeline (``stability coalitions``)."""
    study = report.coalitions
    if study is None:
        return None
    from stability.analysis.coalitions.concepts import CONCEPTS
    from stability.analysis.coalitions.preferences import NO_EQUILIBRIUM_TEXT, RULE_TEXT
    from stability.analysis.coalitions.study import EQUILIBRIUM_TEXT
    from stability.present.coalitions import coalition_facts

    analysis = study.analysis
    outcome_of: dict[int, list[str]] = {}
    for item in study.outcomes:
        outcome_of.setdefault(item.structure, []).append(item.outcome)
    headings = ("Core", "Nash", "IS", "CIS", "LCS")
    table = TableView(
        f"Every partition of the {len(analysis.names)} actors into coalitions "
        f"({len(analysis.structures)} structures): ✓ stable, · not",
        ("structure", "outcomes", "equilibria", *headings),
        tuple(
            (
                analysis.structure_text(s),
                ", ".join(outcome_of.get(s, [])),
                str(len(analysis.equilibria(s))),
                *("✓" if analysis.verdicts[c][s] else "·" for c in CONCEPTS),
            )
            for s in range(len(analysis.structures))
        ),
        frozenset({2}),
    )
    method = (
        "Within a structure, " + EQUILIBRIUM_TEXT[analysis.transferable] + "; "
        + RULE_TEXT[analysis.rule] + f" ({analysis.rule} rule); " + NO_EQUILIBRIUM_TEXT + ". "
        "Core: no group gains by forming a coalition of its own (the rest keep theirs); "
        "Nash: no actor gains by moving; IS/CIS: individual and contractual individual "
        "stability (Bogomolnaia and Jackson 2002); LCS: Chwe's largest consistent set "
        "(1994). Reproduce with: stability coalitions SCENARIO --timeline."
    )
    return {"method": method, "table": table, "facts": coalition_facts(study)}
