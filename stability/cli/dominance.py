"""``stability dominance GAME``: iterated elimination of dominated strategies."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.analysis.dominance import dominance_json, eliminate
from stability.cli.app import app
from stability.cli.common import (
    GameArgument,
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
    game_source: GameArgument,
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
    from stability.present.game_tables import render_dominance

    console.print(render_dominance(result))
