"""Presentation of equilibrium selection: rich tables, a plain summary and the
``stability/select/v1`` document."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from stability.analysis.selection import (
    NASH_PRODUCT,
    Basins,
    GameComparisons,
    Profile,
    RiskComparison,
    Selection,
)
from stability.model.exact import format_fraction
from stability.present.text import number_text


def profile_label(selection: Selection, profile: Profile | None) -> str:
    """An equilibrium in the scenario's words: its outcomes, else its strategies.

    ``None`` reads "no pure equilibrium".
    """
    if profile is None:
        return "no pure equilibrium"
    outcomes = selection.scenario.outcomes_of(profile)
    if outcomes:
        return " / ".join(outcomes)
    names = selection.scenario.profile_names(profile)
    return ", ".join(f"{actor}: {strategy}" for actor, strategy in names.items())


def _game_profile_label(comparisons: GameComparisons, profile: Profile) -> str:
    game = comparisons.game
    return ", ".join(
        f"{player}: {game.strategies[i][s]}" for i, (player, s) in enumerate(
            zip(game.players, profile, strict=True)
        )
    )


def payoff_sentence(selection: Selection) -> str:
    """Payoff dominance among the joint game's pure equilibria, in one sentence,
    with the payoffs that decide it (empty with fewer than two pure equilibria).

    Says plainly when no equilibrium payoff-dominates, and why: for each
    equilibrium, an actor who gets more at another one.
    """
    found = selection.joint.dominance
    if len(found.considered) < 2:
        return ""
    players = selection.joint.game.players
    if found.dominant is not None:
        return (
            f"“{profile_label(selection, found.dominant)}” payoff-dominates: every actor "
            "gets at least as much there as in every other pure equilibrium, and some "
            "actor more."
        )
    reasons = [
        f"{players[c.player]} gets {number_text(c.here)} in "
        f"“{profile_label(selection, c.profile)}” but {number_text(c.there)} in "
        f"“{profile_label(selection, c.other)}”"
        for c in found.counter
    ]
    if not reasons:  # every equilibrium pays every actor the same
        return "No equilibrium payoff-dominates: every pure equilibrium pays each actor the same."
    return "No equilibrium payoff-dominates: " + "; ".join(reasons) + "."


def summary(selection: Selection) -> str:
    """One plain paragraph: what each criterion selects and whether they agree."""
    equilibria = len(selection.equilibria)
    if equilibria == 0:
        return "The joint game has no pure equilibrium at these values: nothing to select."
    if equilibria == 1:
        only = profile_label(selection, selection.equilibria[0])
        shares = "; ".join(
            f"{b.dynamic} dynamics end there from {b.share_of(selection.equilibria):.1%} of starts"
            for b in selection.basins
        )
        return f"“{only}” is the only pure equilibrium: nothing to select ({shares})."
    groups: dict[str, list[str]] = {}
    undecided: list[str] = []
    for verdict in selection.verdicts:
        if verdict.profile is None:
            undecided.append(verdict.criterion)
        else:
            label = profile_label(selection, verdict.profile)
            groups.setdefault(label, []).append(verdict.criterion)
    parts = [
        f"{_and(criteria)} {'select' if len(criteria) > 1 else 'selects'} “{label}”"
        for label, criteria in groups.items()
    ]
    if undecided:
        parts.append(f"{_and(undecided)} {'select' if len(undecided) > 1 else 'selects'} none")
    if len(groups) == 1 and not undecided:
        (label,) = groups
        return f"Every criterion selects “{label}”."
    if len(groups) > 1:
        return "The criteria disagree: " + "; ".join(parts) + "."
    return "The criteria that decide agree: " + "; ".join(parts) + "."


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _risk_row(
    selection: Selection, comparisons: GameComparisons, comparison: RiskComparison
) -> list[str]:
    if comparisons is selection.joint:
        first = profile_label(selection, comparison.first)
        second = profile_label(selection, comparison.second)
    else:
        first = _game_profile_label(comparisons, comparison.first)
        second = _game_profile_label(comparisons, comparison.second)
    side = comparison.risk_dominant
    verdict = first if side == "first" else second if side == "second" else "neither (tie)"
    return [
        first,
        " × ".join(number_text(v) for v in comparison.first_losses)
        + f" = {number_text(comparison.first_product)}",
        second,
        " × ".join(number_text(v) for v in comparison.second_losses)
        + f" = {number_text(comparison.second_product)}",
        verdict,
    ]


def _risk_table(selection: Selection) -> Table | None:
    table = Table(
        "game", "e", "losses at e", "f", "losses at f", "dominant",
        title="Risk dominance: Nash product of deviation losses (exact)",
        title_justify="left",
        caption="e, f: the two strict equilibria compared; dominant: the risk-dominant one",
        caption_justify="left",
    )
    rows = 0
    for comparisons in (*selection.pairs, selection.joint):
        for comparison in comparisons.risk:
            cells = [comparisons.name, *_risk_row(selection, comparisons, comparison)]
            table.add_row(*(Text(c) for c in cells))
            rows += 1
    return table if rows else None


def _basins_table(selection: Selection, result: Basins) -> Table:
    how = f"{result.dynamic} dynamics"
    if result.precision is not None:
        how += f", precision {result.precision:g} per deviation range"
    table = Table(
        "ends in", "share of starts", "95% interval",
        title=f"Basins of attraction: {how}; {result.starts:,} starts drawn {result.drawn}, "
        f"seed {result.seed}",
        title_justify="left",
        caption=result.bound_sentence().capitalize() + ".",
        caption_justify="left",
    )
    for share in result.shares:
        low, high = share.ci
        table.add_row(
            Text(profile_label(selection, share.profile)), f"{share.share:.1%}",
            f"{low:.1%} to {high:.1%}",
        )
    return table


def render_selection(selection: Selection) -> Iterator[RenderableType]:
    """The renderables ``select`` prints, top to bottom."""
    strict = len(selection.strict)
    yield Text(
        f"{len(selection.equilibria)} pure equilibria in the joint game, {strict} strict.",
    )
    risk = _risk_table(selection)
    if risk is not None:
        yield risk
        yield Text(f"Joint game: {NASH_PRODUCT}.", style="dim")
    for result in selection.basins:
        yield _basins_table(selection, result)
    verdicts = Table("criterion", "selects", title="Selected outcome", title_justify="left")
    for verdict in selection.verdicts:
        verdicts.add_row(
            verdict.criterion,
            Text(profile_label(selection, verdict.profile) if verdict.profile else "—"),
        )
    yield verdicts
    payoff = payoff_sentence(selection)
    if payoff:
        yield Text(payoff)
    yield Text(summary(selection), style="bold")


def _exact(value: Fraction) -> dict[str, Any]:
    return {"value": float(value), "exact": format_fraction(value)}


def _comparisons_document(comparisons: GameComparisons) -> dict[str, Any]:
    game = comparisons.game

    def named(profile: Profile | None) -> dict[str, str] | None:
        if profile is None:
            return None
        return {
            player: game.strategies[i][s]
            for i, (player, s) in enumerate(zip(game.players, profile, strict=True))
        }

    return {
        "game": comparisons.name,
        "players": list(game.players),
        "strict_equilibria": [named(p) for p in comparisons.strict],
        "comparisons": [
            {
                "first": named(c.first),
                "second": named(c.second),
                "players": [game.players[i] for i in c.players],
                "first_losses": [_exact(v) for v in c.first_losses],
                "second_losses": [_exact(v) for v in c.second_losses],
                "first_product": _exact(c.first_product),
                "second_product": _exact(c.second_product),
                "risk_dominant": c.risk_dominant,
                "payoff_dominant": payoff,
            }
            for c, payoff in zip(comparisons.risk, comparisons.payoff, strict=True)
        ],
        "risk_dominant": named(comparisons.risk_dominant),
        "payoff_dominant": named(comparisons.payoff_dominant),
    }


def basins_document(selection: Selection, result: Basins) -> dict[str, Any]:
    """One dynamic's basins as JSON."""
    scenario = selection.scenario
    return {
        "dynamic": result.dynamic,
        "starts": result.starts,
        "seed": result.seed,
        "precision": result.precision,
        # added: the step bound and how many starts it stopped (counted in shares)
        "max_steps": result.max_steps,
        "at_step_bound": result.bounded,
        "shares": [
            {
                "profile": None if s.profile is None else scenario.profile_names(s.profile),
                "outcomes": [] if s.profile is None else scenario.outcomes_of(s.profile),
                "count": s.count,
                "share": s.share,
                "ci": list(s.ci),
            }
            for s in result.shares
        ],
    }


def selection_document(selection: Selection) -> dict[str, Any]:
    """The ``stability/select/v1`` document."""
    scenario = selection.scenario
    return {
        "schema": "stability/select/v1",
        "scenario": scenario.title,
        "parameters": {p.name: float(p.value) for p in scenario.parameters},
        "equilibria": [
            {
                "profile": scenario.profile_names(p),
                "outcomes": scenario.outcomes_of(p),
                "strict": p in selection.strict,
            }
            for p in selection.equilibria
        ],
        "risk_dominance": {
            "definition": NASH_PRODUCT,
            "pairs": [_comparisons_document(c) for c in selection.pairs],
            "joint": _comparisons_document(selection.joint),
        },
        "basins": [basins_document(selection, b) for b in selection.basins],
        "selected": [
            {
                "criterion": v.criterion,
                "profile": None if v.profile is None else scenario.profile_names(v.profile),
                "outcomes": list(v.outcomes),
            }
            for v in selection.verdicts
        ],
        "agree": selection.agree,
        "summary": summary(selection),
        "payoff_dominance": payoff_dominance_document(selection),
    }


def payoff_dominance_document(selection: Selection) -> dict[str, Any]:
    """Payoff dominance among every pure equilibrium of the joint game (additive key
    ``payoff_dominance`` of ``stability/select/v1``)."""
    scenario = selection.scenario
    found = selection.joint.dominance
    players = selection.joint.game.players
    return {
        "considered": [
            {
                "profile": scenario.profile_names(p),
                "outcomes": scenario.outcomes_of(p),
                "payoffs": {a: float(v) for a, v in zip(players, pay, strict=True)},
                "exact_payoffs": {
                    a: format_fraction(v) for a, v in zip(players, pay, strict=True)
                },
            }
            for p, pay in zip(found.considered, found.payoffs, strict=True)
        ],
        "dominant": None
        if selection.joint.payoff_dominant is None
        else scenario.profile_names(selection.joint.payoff_dominant),
        "text": payoff_sentence(selection),
    }
