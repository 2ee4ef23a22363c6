"""Presentation of a scenario analysis: rich terminal output and the analyze JSON."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from stability.analysis.levers import past_end_note
from stability.analysis.overview import (
    JointEquilibrium,
    OutcomeStatus,
    PairAnalysis,
    ScenarioAnalysis,
)
from stability.analysis.prior_frequencies import (
    frequency_text,
    prior_frequencies_json,
    prior_sentence,
)
from stability.model.exact import format_fraction
from stability.present.equilibria import describe_mixture, equilibrium_json, solve_json
from stability.present.pair_matrices import matrix_json, render_game_matrices
from stability.present.text import number_text, profile_text, words, yes_no
from stability.solvers.result import SolveResult

CONCEPT_NAMES = {
    "nash": "Nash",
    "strict": "strict",
    "strong": "strong",
    "coalition_proof": "coalition-proof",
    "gmr": "GMR",
    "smr": "SMR",
    "seq": "SEQ",
}


def outcome_reason(status: OutcomeStatus) -> str:
    """Why an outcome is not an equilibrium, in the scenario's words."""
    if status.equilibrium:
        return "equilibrium"
    if status.closest is None:
        return "no profile of the joint game belongs to it"
    reasons = [
        f"{m.actor} would switch from {m.strategy} to {m.to} (gains {number_text(m.gain)})"
        for m in status.moves
    ]
    return "; ".join(reasons)


def stability_sentence(analysis: ScenarioAnalysis, equilibrium: JointEquilibrium) -> str:
    """``"… is strict, strong and coalition-proof"`` or what breaks it, in words."""
    name = " / ".join(equilibrium.outcomes) or profile_text(equilibrium.profile, ", ")
    stability = equilibrium.stability
    refinements = ("strict", "strong", "coalition_proof")
    holds = [CONCEPT_NAMES[c] for c in refinements if stability.stable[c]]
    fails = [c for c in refinements if not stability.stable[c]]
    graph = [CONCEPT_NAMES[c] for c in ("gmr", "smr", "seq") if stability.stable[c]]
    parts = [f"{name} is a Nash equilibrium"]
    if holds:
        parts.append("that is " + ", ".join(holds))
    sentence = " ".join(parts)
    if fails:
        broken = []
        for concept in fails:
            deviation = stability.deviations.get(concept)
            if deviation is None:
                broken.append(f"not {CONCEPT_NAMES[concept]}")
            else:
                broken.append(
                    f"not {CONCEPT_NAMES[concept]} ({deviation.describe(analysis.joint)})"
                )
        sentence += "; it is " + "; ".join(broken)
    if graph:
        sentence += f"; Graph-Model stable for every actor under {', '.join(graph)}"
    return sentence + "."


def _parameters_table(analysis: ScenarioAnalysis) -> Table:
    table = Table(title="Parameters", title_justify="left", expand=True)
    table.add_column("parameter", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("range", justify="center", no_wrap=True)
    # the meaning gets what width is left, cut to one line (the full text is in
    # the scenario file and in `stability report`)
    table.add_column("meaning", overflow="ellipsis", no_wrap=True, ratio=1)
    for parameter in analysis.scenario.parameters:
        low, high = parameter.range
        table.add_row(
            parameter.name,
            number_text(parameter.value),
            f"[{number_text(low)}, {number_text(high)}]",
            words(parameter.doc),
        )
    return table


def _pair_equilibria(pair: PairAnalysis) -> list[str]:
    lines = []
    for equilibrium in pair.solution.equilibria:
        source: Sequence[Sequence[Fraction | float]] = (
            equilibrium.exact if equilibrium.exact is not None else equilibrium.profile
        )
        lines.append(
            " / ".join(
                describe_mixture(names, mixture)
                for names, mixture in zip(pair.exact.strategies, source, strict=True)
            )
        )
    return lines


def _pair_matrices(analysis: ScenarioAnalysis) -> Iterator[RenderableType]:
    """Each game's layers as payoff matrices (symbolic and at these values)."""
    for pair in analysis.pairs:
        if pair.matrices is None:
            continue
        labels = [analysis.scenario.actor(p).label for p in pair.game.players]
        yield render_game_matrices(pair.matrices, labels, _pair_equilibria(pair))


def _pairs_table(analysis: ScenarioAnalysis) -> Table:
    table = Table(
        title="Games between actors, each on its own (equilibria: exact, all extreme points)",
        title_justify="left",
        show_lines=True,
    )
    table.add_column("game")
    table.add_column("issue layers", overflow="fold")
    table.add_column("equilibria", overflow="fold")
    table.add_column("patience δ*", justify="right")
    for pair in analysis.pairs:
        layers = "\n".join(
            layer.name if str(layer.weight) == "1" else f"{layer.name} (× {layer.weight})"
            for layer in pair.game.layers
        )
        lines = _pair_equilibria(pair)
        if pair.solution.degenerate:
            lines.append("[degenerate: continua of equilibria possible]")
        patience = "–"
        if pair.repeated is not None:
            patience = (
                "never"
                if pair.repeated.critical is None
                else number_text(pair.repeated.critical)
            )
        table.add_row(pair.game.name, layers, "\n".join(lines) or "none", patience)
    return table


def _equilibria_table(analysis: ScenarioAnalysis) -> Table:
    table = Table(
        title="Pure equilibria of the coalition (joint) game", title_justify="left", show_lines=True
    )
    table.add_column("profile")
    table.add_column("outcome", overflow="fold")
    table.add_column("stable as", overflow="fold")
    table.add_column("balanced")
    for equilibrium in analysis.equilibria:
        stable = [CONCEPT_NAMES[c] for c in equilibrium.stability.concepts()]
        table.add_row(
            "\n".join(f"{a}: {s}" for a, s in equilibrium.profile.items()),
            ", ".join(equilibrium.outcomes) or "(unnamed)",
            ", ".join(stable),
            yes_no(equilibrium.balance.balanced),
        )
    return table


def _outcomes_table(analysis: ScenarioAnalysis) -> Table:
    table = Table(title="Outcomes", title_justify="left", show_lines=True)
    table.add_column("outcome")
    table.add_column("equilibrium")
    priors = analysis.prior_frequencies
    if priors is not None:  # beside the verdict: how often under the priors
        table.add_column("under priors", overflow="fold")
    table.add_column("balanced graph")
    table.add_column("why not / what breaks it", overflow="fold")
    for status in analysis.outcomes:
        balanced = "–" if status.balance is None else yes_no(status.balance.balanced)
        reason = "" if status.equilibrium else outcome_reason(status)
        found = None if priors is None else priors.of(status.name)
        share = [] if priors is None else [frequency_text(found) if found else "–"]
        table.add_row(status.name, yes_no(status.equilibrium), *share, balanced, reason)
    return table


def tipping_sentence(analysis: ScenarioAnalysis, outcome: str) -> str:
    """What would tip ``outcome`` into being an equilibrium, in one sentence."""
    threshold = analysis.tipping.get(outcome)
    if threshold is None:
        return "no single parameter within or beyond its range makes it an equilibrium"
    parameter = analysis.scenario.parameter(threshold.parameter)
    move = "rises to" if threshold.direction == "increase" else "falls to"
    where = "within its range" if threshold.within_range else "outside its range"
    sentence = (
        f"{threshold.parameter} {move} {number_text(threshold.value)} "
        f"(now {number_text(parameter.value)}; {where})"
    )
    if threshold.binding:
        sentence += ": " + threshold.binding[0].sentence
    late = past_end_note(analysis.scenario, threshold.parameter, threshold.value, analysis.race)
    if late:
        sentence += f". That value lies past the campaign's end: {late}"
    return sentence


def _tipping_table(analysis: ScenarioAnalysis) -> Table | None:
    if not analysis.tipping:
        return None
    table = Table(
        title="What would tip it: the nearest single-parameter threshold per outcome",
        title_justify="left",
        show_lines=True,
    )
    table.add_column("outcome")
    table.add_column("becomes an equilibrium when", overflow="fold")
    for outcome, _ in analysis.tipping.items():
        table.add_row(outcome, tipping_sentence(analysis, outcome))
    return table


def render_analysis(analysis: ScenarioAnalysis, *, brief: bool = False) -> Iterator[RenderableType]:
    """The renderables ``analyze`` prints, top to bottom: the opening (verdicts, the
    plain answer, durability: :mod:`stability.present.opening`), then the details;
    ``brief``: the opening only."""
    from stability.present.opening import render_opening

    yield from render_opening(analysis)
    if brief:
        return
    yield Text("Details", style="bold underline")
    scenario = analysis.scenario
    intro = Text(words(scenario.description))
    if scenario.source:
        intro.append("\nSource: " + " ".join(scenario.source), style="dim")
    yield Panel(intro, title=Text(scenario.title), title_align="left")
    yield _parameters_table(analysis)
    yield _pairs_table(analysis)
    yield from _pair_matrices(analysis)
    if analysis.equilibria:
        yield _equilibria_table(analysis)
        yield Group(*(Text("• " + stability_sentence(analysis, e)) for e in analysis.equilibria))
    else:
        yield Text("The joint game has no pure equilibrium at these values.")
    yield from _mixed_renderables(analysis)
    if analysis.outcomes:
        yield _outcomes_table(analysis)
    else:
        yield Text("The scenario names no outcomes ([[outcomes]]): results are by profile only.")
    tipping = _tipping_table(analysis)
    if tipping is not None:
        yield tipping
    if analysis.selection is not None:
        from stability.present.selection import render_selection

        yield Text("Equilibrium selection", style="bold")
        yield from render_selection(analysis.selection)
    coalition = scenario.coalition_outcome
    if coalition is not None:
        status = next((s for s in analysis.outcomes if s.name == coalition), None)
        if status is not None:
            verdict = "holds (an equilibrium)" if status.equilibrium else "does not hold"
            yield Text(f"Coalition outcome “{coalition}” {verdict} at these values.", style="bold")
            found = analysis.prior_frequencies and analysis.prior_frequencies.of(coalition)
            if found and analysis.prior_frequencies:
                yield Text(prior_sentence(analysis.prior_frequencies, found))
    if analysis.answer is not None:
        yield Panel(
            Text(analysis.answer.paragraph),
            title=f"The answer: what pushes toward {analysis.answer.target!r}",
            title_align="left",
        )
    from stability.present.coalitions import coalitions_brief

    yield coalitions_brief(scenario)


def _layers_json(pair: PairAnalysis) -> list[dict[str, Any]]:
    """Each layer's name and weight, and its payoffs (expressions and exact values)."""
    layers: list[dict[str, Any]] = [
        {"name": layer.name, "weight": str(layer.weight)} for layer in pair.game.layers
    ]
    if pair.matrices is not None:
        for document, matrix in zip(layers, pair.matrices.layers, strict=True):
            document["payoffs"] = matrix_json(matrix)
    return layers


def _mixed_only(analysis: ScenarioAnalysis) -> SolveResult | None:
    if analysis.mixed is None:
        return None
    mixed = tuple(e for e in analysis.mixed.equilibria if not e.pure)
    samples = [s for s in analysis.mixed.sets if not s.sample.pure]
    sets = tuple(replace(s, index=mixed.index(s.sample)) for s in samples)
    return replace(analysis.mixed, equilibria=mixed, sets=sets)


def _mixed_renderables(analysis: ScenarioAnalysis) -> Iterator[RenderableType]:
    """The joint game's mixed equilibria (every one, from method ``enumerate``)."""
    from stability.present.equilibria import equilibria_table, sets_lines

    mixed = _mixed_only(analysis)
    if mixed is None:
        yield Text("Mixed equilibria of the joint game: not searched (too large to enumerate).")
        return
    if mixed.equilibria:
        table = equilibria_table(mixed)
        table.title = "Mixed equilibria of the coalition (joint) game"
        yield table
        for line in sets_lines(mixed):
            yield Text("• " + line)
    elif mixed.complete:
        yield Text("The joint game has no mixed equilibrium at these values.")
    if not mixed.complete:
        yield Text("Mixed equilibria: the search is incomplete (" + mixed.notes[-1] + ").")


def _mixed_json(analysis: ScenarioAnalysis) -> dict[str, Any]:
    """``joint.mixed_equilibria`` (as in ``solve``'s JSON; ``null`` when the joint game
    is too large to enumerate) and ``joint.mixed_complete``."""
    mixed = _mixed_only(analysis)
    if mixed is None:
        return {"mixed_equilibria": None, "mixed_complete": False}
    document = solve_json(mixed)
    out = {"mixed_equilibria": document["equilibria"], "mixed_complete": mixed.complete}
    if "sets" in document:
        out["mixed_sets"] = document["sets"]
    return out


def analysis_json(analysis: ScenarioAnalysis) -> dict[str, Any]:
    """The ``stability/analyze/v1`` document."""
    scenario = analysis.scenario
    joint = analysis.joint

    def equilibrium_document(equilibrium: JointEquilibrium) -> dict[str, Any]:
        stability = equilibrium.stability
        return {
            "profile": equilibrium.profile,
            "outcomes": list(equilibrium.outcomes),
            "strict": equilibrium.strict,
            "payoffs": {
                actor: float(v)
                for actor, v in zip(joint.players, equilibrium.payoffs, strict=True)
            },
            "exact_payoffs": {
                actor: format_fraction(v)
                for actor, v in zip(joint.players, equilibrium.payoffs, strict=True)
            },
            "stability": dict(stability.stable),
            "breaking_deviations": {
                concept: deviation.to_json(joint)
                for concept, deviation in stability.deviations.items()
            },
            "balanced": equilibrium.balance.balanced,
            "text": stability_sentence(analysis, equilibrium),
        }

    def outcome_document(status: OutcomeStatus) -> dict[str, Any]:
        return {
            "name": status.name,
            "equilibrium": status.equilibrium,
            "closest_profile": status.closest,
            "deviations": [
                {
                    "actor": m.actor,
                    "from": m.strategy,
                    "to": m.to,
                    "gain": float(m.gain),
                    "exact_gain": format_fraction(m.gain),
                }
                for m in status.moves
            ],
            "balanced": None if status.balance is None else status.balance.balanced,
            "text": outcome_reason(status),
        }

    return {
        "schema": "stability/analyze/v1",
        "complete": analysis.mixed is None or analysis.mixed.complete,
        "scenario": {
            "title": scenario.title,
            "description": words(scenario.description),
            "source": list(scenario.source),
            "actors": [{"name": a.name, "strategies": list(a.strategies)} for a in scenario.actors],
            "coalition_outcome": scenario.coalition_outcome,
        },
        "parameters": {p.name: float(p.value) for p in scenario.parameters},
        "exact_parameters": {p.name: format_fraction(p.value) for p in scenario.parameters},
        "ranges": {
            p.name: [float(p.range[0]), float(p.range[1])] for p in scenario.parameters
        },
        "outcomes": [outcome_document(s) for s in analysis.outcomes],
        "joint": {
            "equilibria": [equilibrium_document(e) for e in analysis.equilibria],
            **_mixed_json(analysis),
        },
        "games": [
            {
                "name": pair.game.name,
                "players": list(pair.game.players),
                "layers": _layers_json(pair),
                "strategies": [list(s) for s in pair.exact.strategies],
                "payoffs": None if pair.matrices is None else matrix_json(pair.matrices.total),
                "degenerate": pair.solution.degenerate,
                "equilibria": [equilibrium_json(e) for e in pair.solution.equilibria],
                "repeated": None
                if pair.repeated is None
                else {
                    "cooperate": pair.repeated.cooperate,
                    "critical_discount": None
                    if pair.repeated.critical is None
                    else float(pair.repeated.critical),
                    "exact": None
                    if pair.repeated.critical is None
                    else format_fraction(pair.repeated.critical),
                },
            }
            for pair in analysis.pairs
        ],
        "tipping": [
            {
                "outcome": outcome,
                "threshold": None if threshold is None else threshold.summary(),
                "text": tipping_sentence(analysis, outcome),
            }
            for outcome, threshold in analysis.tipping.items()
        ],
        "warnings": list(analysis.warnings),
        "selection": None if analysis.selection is None else _selection_json(analysis),
        "prior_frequencies": prior_frequencies_json(analysis.prior_frequencies),
        "answer": None if analysis.answer is None else analysis.answer.document(),
        # added: the opening's lines, the one parameter ranking, the durability verdict
        "opening": _opening_lines(analysis),
        "ranking": None if analysis.ranking is None else analysis.ranking.document(),
        "durability": _durability_json(analysis),
    }


def _opening_lines(analysis: ScenarioAnalysis) -> list[str]:
    from stability.present.opening import opening_lines

    return opening_lines(analysis)


def _durability_json(analysis: ScenarioAnalysis) -> dict[str, Any] | None:
    """The coalition along the timeline: ``durability``'s v2 fields, without its schema."""
    if analysis.race is None:
        return None
    from stability.analysis.durability import durability_v2_document

    document = dict(durability_v2_document(analysis.race))
    document.pop("schema", None)
    return document


def _selection_json(analysis: ScenarioAnalysis) -> dict[str, Any]:
    """The ``stability/select/v1`` document of the analysis's selection, schema key kept."""
    from stability.present.selection import selection_document

    assert analysis.selection is not None
    return selection_document(analysis.selection)
