"""``stability repeated GAME --cooperate PROFILE``: grim-trigger discount thresholds."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.analysis.repeated import (
    grim_trigger,
    parse_profile,
    repeated_json,
)
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

__all__ = ["parse_profile", "repeated_json"]


@app.command("repeated")
def repeated_command(
    game_source: GameArgument,
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
    from stability.present.game_tables import render_repeated

    console.print(render_repeated(result))
