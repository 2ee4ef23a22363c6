"""``stability path SCENARIO --target OUTCOME [--from OUTCOME]``: who has to move first."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import (
    JsonOption,
    SetOption,
    console,
    emit_json,
    load_scenario,
    outcome_name,
)
from stability.errors import InputError


@app.command("path")
def path_command(
    scenario_source: Annotated[
        str, typer.Argument(metavar="SCENARIO", help="A scenario .toml file or a bundled name.")
    ],
    target: Annotated[
        str, typer.Option("--target", "-t", metavar="OUTCOME", help="The outcome to reach.")
    ],
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="OUTCOME",
            help="The outcome to start from (default: the scenario's coalition outcome).",
        ),
    ] = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Sequences of unilateral moves from one outcome to another in the joint game.

    At the current values: a shortest sequence of unilateral improvements (each
    mover gains), a shortest sequence of any unilateral moves, and the cheapest
    (fewest moves at a loss, then least loss), with what each step gains or costs
    each actor and whether the path ends in an equilibrium.

    Example: stability path mosul --target "The Road to U.S. Defeat in Iraq"
    """
    from stability.analysis.path import find_paths
    from stability.present.path import render_paths

    scenario = load_scenario(scenario_source, sets)
    target = outcome_name(scenario, target, "--target") or target
    start = outcome_name(scenario, start, "--from")
    try:
        result = find_paths(scenario, target, start)
    except InputError as err:
        raise err.located(scenario_source) from None
    if as_json:
        from stability.results import PathResult

        emit_json(PathResult(scenario, result).to_dict())
        return
    for renderable in render_paths(result):
        console.print(renderable)
