"""``stability repeated GAME --cooperate PROFILE``: grim-trigger discount thresholds."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from stability.analysis.repeated import GrimTriggerResult, PlayerThreshold, grim_trigger
from stability.cli.app import app
from stability.cli.common import (
    GameNameOption,
    JsonOption,
    SetOption,
    console,
    emit_json,
    load_game,
)
from stability.errors import InputError
from stability.model.exact import format_fraction
from stability.model.game import Game
from stability.present.equilibria import game_header

SCHEMA = "stability/repeated/v1"


def parse_profile(game: Game, text: str, option: str) -> tuple[int, ...]:
    """``"Cooperate,Defect"`` (strategy names in player order) as strategy indices."""
    names = [part.strip() for part in text.split(",")]
    if len(names) != game.n_players:
        raise InputError(
            f"{option} {text!r}: expected {game.n_players} comma-separated strategy names, "
            f"one per player ({', '.join(game.players)})"
        )
    try:
        return tuple(game.strategy_index(i, name) for i, name in enumerate(names))
    except InputError as err:
        raise InputError(f"{option} {text!r}: {err.message}") from None


def _exact(value: Any) -> str | None:
    return None if value is None else format_fraction(value)


def repeated_json(result: GrimTriggerResult) -> dict[str, Any]:
    """The ``stability/repeated/v1`` document."""
    game = result.game
    critical = result.critical
    return {
        "schema": SCHEMA,
        "game": game_header(game),
        "cooperate": {
            "profile": [game.strategies[i][s] for i, s in enumerate(result.cooperate)],
            "payoffs": [float(t.cooperative) for t in result.thresholds],
        },
        "players": [
            {
                "player": game.players[t.player],
                "cooperative": float(t.cooperative),
                "deviation": {
                    "strategy": game.strategies[t.player][t.deviation],
                    "payoff": float(t.deviation_payoff),
                    "exact": format_fraction(t.deviation_payoff),
                },
                "punishment": {
                    "profile": [[float(p) for p in s] for s in t.punishment.profile],
                    "text": t.punishment.describe(game),
                    "payoff": float(t.punishment.payoffs[t.player]),
                    "exact": format_fraction(t.punishment.payoffs[t.player]),
                },
                "critical_discount": None if t.critical is None else float(t.critical),
                "exact": _exact(t.critical),
                "sustainable": t.sustainable,
            }
            for t in result.thresholds
        ],
        "critical_discount": None if critical is None else float(critical),
        "exact": _exact(critical),
        "sustainable": result.sustainable,
    }


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
        emit_json(repeated_json(result))
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
