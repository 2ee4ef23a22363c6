"""``stability solve GAME``: the equilibria of one game."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import (
    GameArgument,
    GameNameOption,
    JsonOption,
    SetOption,
    TimeLimitOption,
    console,
    emit_json,
    load_game,
    solve_budget,
)
from stability.errors import InputError
from stability.solvers import METHODS, solve


@app.command("solve")
def solve_command(
    game_source: GameArgument,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            "-m",
            metavar="M",
            help=f"One of: {', '.join(METHODS)}. 'auto' is 'all' for two players, "
            "'enumerate' (every equilibrium, exact) for small games of more players, "
            "and every pure equilibrium plus some mixed ones for larger ones.",
        ),
    ] = "auto",
    game_name: GameNameOption = None,
    sets: SetOption = None,
    time_limit: TimeLimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """Equilibria of one game, exact where possible."""
    game = load_game(game_source, game_name, sets)
    with solve_budget(time_limit, "solving") as budget:
        try:
            result = solve(game, method=method, budget=budget)
        except InputError as err:
            raise err.located(game_source) from None
    from stability.results import EquilibriaResult

    found = EquilibriaResult(game, result)
    if as_json:
        emit_json(found.to_dict())
        return
    console.print(found.renderable())
