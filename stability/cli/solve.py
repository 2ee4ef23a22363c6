"""``stability solve GAME``: the equilibria of one game."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import (
    GameNameOption,
    JsonOption,
    SetOption,
    console,
    emit_json,
    load_game,
    progress_bar,
)
from stability.errors import InputError
from stability.present.equilibria import components_lines, equilibria_table, solve_json
from stability.solvers import METHODS, solve


@app.command("solve")
def solve_command(
    game_source: Annotated[
        str, typer.Argument(metavar="GAME", help="A .nfg, .json or .toml file, or a bundled name.")
    ],
    method: Annotated[
        str,
        typer.Option(
            "--method",
            "-m",
            metavar="M",
            help=f"One of: {', '.join(METHODS)}. 'auto' is 'all' for two players, "
            "'pure' plus one mixed equilibrium for more.",
        ),
    ] = "auto",
    game_name: GameNameOption = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Equilibria of one game, exact where possible."""
    game = load_game(game_source, game_name, sets)
    with progress_bar("pure profiles") as progress:
        try:
            result = solve(game, method=method, progress=progress)
        except InputError as err:
            raise err.located(game_source) from None
    if as_json:
        emit_json(solve_json(result))
        return
    console.print(game.describe())
    if result.degenerate is not None:
        console.print("degenerate: " + ("yes" if result.degenerate else "no"))
    if not result.equilibria:
        console.print("No equilibrium of this kind exists.")
    else:
        console.print(equilibria_table(result))
    lines = components_lines(game, result.components)
    if lines:
        console.print("Maximal convex sets of equilibria (continua):")
        for line in lines:
            console.print("  " + line, markup=False)
    for note in result.notes:
        console.print(f"note: {note}", markup=False)

