"""The report's tables as text (:class:`TableView`): payoff matrices, parameters,
actors, equilibria, profiles, outcomes, thresholds and influence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from stability.analysis.ranking import BASIS
from stability.analysis.report import Report
from stability.analysis.tipping import Threshold, TippingResult
from stability.model.game import Game
from stability.model.scenario import Layer, Scenario, ScenarioGame
from stability.model.symbolic import as_sympy
from stability.present.overview import CONCEPT_NAMES, outcome_reason
from stability.present.text import (
    exact_text,
    number_text,
    profile_text,
    quoted,
    words,
    yes_no,
)

#: The concepts shown as columns of the equilibrium table, in order.
SHOWN_CONCEPTS = ("nash", "strict", "strong", "coalition_proof", "gmr", "smr", "seq")


@dataclass(frozen=True)
class TableView:
    """A table as text: a caption, a header row, rows, and which columns are numbers."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = field(default_factory=frozenset)


def _others(players: Sequence[str], shape: Sequence[int]) -> list[tuple[int, ...]]:
    """Every combination of strategies of the players after the first two."""
    import itertools

    return list(itertools.product(*(range(n) for n in shape[2:])))


def _matrices(
    caption: str,
    players: Sequence[str],
    strategies: Sequence[Sequence[str]],
    cell: Any,
) -> list[TableView]:
    """Payoff matrices: rows the first player's strategies, columns the second's,
    one matrix per combination of the other players' strategies."""
    shape = [len(s) for s in strategies]
    tables = []
    for rest in _others(players, shape):
        title = caption
        if rest:
            title += " — when " + ", ".join(
                f"{players[2 + k]} plays {strategies[2 + k][s]}" for k, s in enumerate(rest)
            )
        header = (f"{players[0]} \\ {players[1]}", *strategies[1])
        rows = tuple(
            (row_name, *(cell((r, c, *rest)) for c in range(shape[1])))
            for r, row_name in enumerate(strategies[0])
        )
        tables.append(TableView(title, header, rows, frozenset(range(1, shape[1] + 1))))
    return tables


def game_tables(game: ScenarioGame, exact: Game) -> list[TableView]:
    order = ", ".join(f"to {p}" for p in exact.players)

    def cell(profile: tuple[int, ...]) -> str:
        return ", ".join(number_text(exact.payoff(i, profile)) for i in range(exact.n_players))

    return _matrices(
        f"{game.name}: payoffs at the current values ({order})",
        exact.players,
        exact.strategies,
        cell,
    )


def layer_tables(scenario: Scenario, game: ScenarioGame, layer: Layer) -> list[TableView]:
    strategies = [scenario.actor(p).strategies for p in game.players]

    def cell(profile: tuple[int, ...]) -> str:
        return ", ".join(str(e) for e in layer.payoffs[profile])

    weight = as_sympy(layer.weight)
    title = layer.name if weight == 1 else f"{layer.name} (× {weight})"
    return _matrices(title, game.players, strategies, cell)


def weight_text(scenario: Scenario, layer: Layer) -> str:
    weight = as_sympy(layer.weight)
    if weight == 1:
        return "1"
    value = weight.xreplace(scenario.substitution())
    shown = exact_text(value) if value.is_number else str(value)
    if str(weight) == shown:
        return shown
    return f"{weight} = {shown}"


def parameters_table(report: Report) -> TableView:
    rows = []
    for parameter in report.scenario.parameters:
        low, high = parameter.range
        value = number_text(parameter.value)
        if parameter.value.denominator != 1:
            value += f" ≈ {float(parameter.value):.4g}"
        rows.append(
            (
                parameter.name,
                value,
                f"[{number_text(low)}, {number_text(high)}]",
                words(parameter.doc),
            )
        )
    return TableView(
        "Parameters (current values, with any --set applied)",
        ("parameter", "value", "range", "meaning"),
        tuple(rows),
        frozenset({1}),
    )


def actors_table(report: Report) -> TableView:
    return TableView(
        "Actors",
        ("actor", "strategies", "who they are"),
        tuple(
            (
                actor.name if actor.label in ("", actor.name) else f"{actor.name} ({actor.label})",
                " / ".join(actor.strategies),
                words(actor.doc),
            )
            for actor in report.scenario.actors
        ),
    )


def joint_equilibria_table(report: Report) -> TableView:
    analysis = report.analysis
    actors = analysis.joint.players
    rows = []
    for equilibrium in analysis.equilibria:
        rows.append(
            (
                ", ".join(equilibrium.outcomes) or "(no named outcome)",
                profile_text(equilibrium.profile),
                ", ".join(number_text(v) for v in equilibrium.payoffs),
                *(yes_no(equilibrium.stability.stable[c]) for c in SHOWN_CONCEPTS),
                yes_no(equilibrium.balance.balanced),
            )
        )
    order = ", ".join(f"to {a}" for a in actors)
    return TableView(
        "Pure equilibria of the joint (coalition) game and their stability",
        (
            "outcome",
            "profile",
            f"payoffs ({order})",
            *(CONCEPT_NAMES[c] for c in SHOWN_CONCEPTS),
            "balanced",
        ),
        tuple(rows),
        frozenset({2}),
    )


def profiles_table(report: Report) -> TableView | None:
    if not report.profiles:
        return None
    actors = report.analysis.joint.players
    rows = tuple(
        (
            *(entry.profile[a] for a in actors),
            ", ".join(entry.outcomes) or "–",
            *(number_text(v) for v in entry.payoffs),
            ", ".join(CONCEPT_NAMES[c] for c in entry.concepts) or "–",
        )
        for entry in report.profiles
    )
    n = len(actors)
    return TableView(
        "Every pure profile of the joint game: exact payoffs and the concepts it is stable under",
        (*actors, "outcome", *(f"payoff to {a}" for a in actors), "stable as"),
        rows,
        frozenset(range(n + 1, 2 * n + 1)),
    )


def outcomes_table(report: Report) -> TableView:
    rows = []
    for status in report.analysis.outcomes:
        rows.append(
            (
                status.name,
                yes_no(status.equilibrium),
                "–" if status.balance is None else yes_no(status.balance.balanced),
                "" if status.equilibrium else outcome_reason(status),
            )
        )
    return TableView(
        "Outcomes at the current values",
        ("outcome", "equilibrium", "balanced graph", "what breaks its closest profile"),
        tuple(rows),
    )


def _set_text(text: str) -> str:
    """A set of reals as people write it: ``[3/4, ∞)``."""
    return re.sub(r"(-?)\binf\b", lambda m: "−∞" if m.group(1) else "∞", text)


def direction_word(threshold: Threshold) -> str:
    return "rises to" if threshold.direction == "increase" else "falls to"


def thresholds_table(result: TippingResult, *, becomes: bool) -> TableView:
    rows = []
    for entry, threshold in result.thresholds:
        rows.append(
            (
                entry.parameter,
                number_text(entry.baseline),
                f"{direction_word(threshold)} {exact_text(threshold.value)}",
                yes_no(threshold.within_range),
                f"{threshold.distance:.3g}",
                _set_text(str(entry.holds)),
            )
        )
    verb = "becomes" if becomes else "stops being"
    return TableView(
        f"One parameter at a time (the others at their values): where "
        f"{quoted(result.target)} {verb} a pure equilibrium",
        ("parameter", "now", "threshold", "in range", "share of range", "holds on"),
        tuple(rows),
        frozenset({1, 4}),
    )


def influence_table(report: Report) -> TableView:
    rows = []
    for entry in report.influence:
        if entry.threshold is None or entry.outcome is None:
            rows.append((entry.parameter, "–", "none within its range", ""))
            continue
        threshold = entry.threshold
        verb = "becomes" if threshold.kind == "becomes" else "stops being"
        rows.append(
            (
                entry.parameter,
                number_text(entry.exact_distance)
                if entry.exact_distance is not None
                else f"{entry.distance:.3g}",
                f"{direction_word(threshold)} {exact_text(threshold.value)}",
                f"{quoted(entry.outcome)} {verb} an equilibrium",
            )
        )
    return TableView(
        f"The parameters that matter most, ranked by {BASIS}",
        ("parameter", "share of range", "threshold", "effect"),
        tuple(rows),
        frozenset({1}),
    )
