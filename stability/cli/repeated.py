"""``stability repeated GAME --cooperate PROFILE``: grim-trigger discount thresholds."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from stability.analysis.repeated import (
    PlayerThreshold,
    grim_trigger,
    parse_profile,
    repeated_json,
)
from stability.cli.app import app
from stability.cli.common import (
    GameNameOption,
    JsonOption,
    SetOption,
    console,
    emit_json,
    load_game,
)
from stability.model.exact import format_fraction

__all__ = ["parse_profile", "repeated_json"]


def _critical_cell(threshold: PlayerThreshold) -> str:
    """The critical δ of one player, or why there is none."""
    if threshold.critical is None:
        return "never (δ < 1)"
    if threshold.deviation_payoff <= threshold.cooperative:
        return "any δ (no gain)"
    return format_fraction(threshold.critical)


@app.command("repeated")
def repeated_command(
    game_source: Annotated[
        str, typer.Argument(metavar="GAME", help="A .nfg, .json or .toml file, or a bundled name.")
    ],
    cooperate: Annotated[
        str,
        typer.Option(
            "--cooperate",
            metavar="PROFILE",
            help="The cooperative profile: strategy names in player order, "
            "e.g. Cooperate,Cooperate.",
        ),
    ],
    punish: Annotated[
        str | None,
        typer.Option(
            "--punish",
            metavar="PROFILE",
            help="A stage equilibrium to revert to (default: the worst one for each deviator).",
        ),
    ] = None,
    game_name: GameNameOption = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """The exact discount factor above which grim trigger sustains a cooperative profile."""
    game = load_game(game_source, game_name, sets)
    profile = parse_profile(game, cooperate, "--cooperate")
    punishment = parse_profile(game, punish, "--punish") if punish is not None else None
    result = grim_trigger(game, profile, punishment)
    if as_json:
        from stability.results import RepeatedResult

        emit_json(RepeatedResult(game, result).to_dict())
        return
    console.print(game.describe(), markup=False)
    table = Table()
    for heading in ("player", "cooperate c", "best deviation d", "punishment p", "critical δ"):
        table.add_column(heading)
    for t in result.thresholds:
        table.add_row(
            game.players[t.player],
            format_fraction(t.cooperative),
            f"{game.strategies[t.player][t.deviation]}: {format_fraction(t.deviation_payoff)}",
            f"{t.punishment.describe(game)}: {format_fraction(t.punishment.payoffs[t.player])}",
            _critical_cell(t),
        )
    console.print(table)
    if result.critical is None:
        console.print("Grim trigger cannot sustain this profile at any discount factor below 1.")
    elif all(t.deviation_payoff <= t.cooperative for t in result.thresholds):
        console.print(
            "No player gains by deviating: the profile is already an equilibrium of the "
            "one-shot game, so any discount factor δ works."
        )
    else:
        console.print(
            f"Cooperation is sustained by grim trigger for every discount factor δ ≥ "
            f"{format_fraction(result.critical)} (δ_i = (d - c) / (d - p)).",
            markup=False,
        )
