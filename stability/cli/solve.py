"""``stability solve GAME``: the equilibria of one game."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import (
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
from stability.present.equilibria import (
    algebraic_lines,
    components_lines,
    equilibria_table,
    sets_lines,
    solve_json,
)
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
    if as_json:
        emit_json(solve_json(result))
        return
    console.print(game.describe())
    if result.degenerate is not None:
        console.print("degenerate: " + ("yes" if result.degenerate else "no"))
    if not result.equilibria:
        console.print("No equilibrium of this kind exists." if result.complete else "None found.")
    else:
        console.print(equilibria_table(result))
    lines = components_lines(game, result.components)
    if lines:
        console.print("Maximal convex sets of equilibria (continua):")
        for line in lines:
            console.print("  " + line, markup=False)
    lines = sets_lines(result)
    if lines:
        console.print("Continua of equilibria (one sample each in the table):")
        for line in lines:
            console.print("  " + line, markup=False)
    lines = algebraic_lines(result)
    if lines:
        console.print("Irrational probabilities, exactly:")
        for line in lines:
            console.print("  " + line, markup=False)
    for note in result.notes:
        console.print(f"note: {note}", markup=False)
    if not result.complete:
        console.print("incomplete: stopped before the search finished", markup=False)
