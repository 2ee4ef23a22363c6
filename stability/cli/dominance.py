"""``stability dominance GAME``: iterated elimination of dominated strategies."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from stability.analysis.dominance import dominance_json, eliminate, order_note
from stability.cli.app import app
from stability.cli.common import (
    GameNameOption,
    JsonOption,
    SetOption,
    console,
    emit_json,
    load_game,
)

__all__ = ["dominance_json"]


@app.command("dominance")
def dominance_command(
    game_source: Annotated[
        str, typer.Argument(metavar="GAME", help="A .nfg, .json or .toml file, or a bundled name.")
    ],
    weak: Annotated[
        bool,
        typer.Option("--weak", help="Eliminate weakly dominated strategies (order-dependent)."),
    ] = False,
    game_name: GameNameOption = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Iterated elimination of strictly (or weakly) dominated strategies, pure or mixed."""
    game = load_game(game_source, game_name, sets)
    result = eliminate(game, weak=weak)
    if as_json:
        from stability.results import DominanceResult

        emit_json(DominanceResult(game, result).to_dict())
        return
    console.print(game.describe(), markup=False)
    if not result.steps:
        console.print("No strategy is " + ("weakly" if weak else "strictly") + " dominated.")
    else:
        table = Table()
        for heading in ("round", "player", "drops", "dominated by"):
            table.add_column(heading)
        for step in result.steps:
            table.add_row(
                str(step.round),
                game.players[step.player],
                game.strategies[step.player][step.strategy],
                step.dominator_text(game),
            )
        console.print(table)
    for i, keep in enumerate(result.surviving):
        names = ", ".join(game.strategies[i][k] for k in keep)
        console.print(f"{game.players[i]} keeps: {names}", markup=False)
    console.print(f"note: {order_note(weak)}", markup=False)
