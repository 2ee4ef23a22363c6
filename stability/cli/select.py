"""``stability select SCENARIO``: which equilibrium is the likely result."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.cluster import SchedulerOption, WorkersOption, cluster_progress
from stability.cli.common import (
    JsonOption,
    ScenarioArgument,
    SetOption,
    console,
    emit_json,
    load_scenario,
)
from stability.errors import InputError


@app.command("select")
def select_command(
    scenario_source: ScenarioArgument,
    dynamic: Annotated[
        list[str] | None,
        typer.Option(
            "--dynamic",
            metavar="D",
            help="Learning dynamic for the basins: replicator or logit (repeatable; "
            "default: both).",
        ),
    ] = None,
    starts: Annotated[
        int,
        typer.Option("--starts", metavar="N",
                     help="Starting beliefs, uniform on the product of simplices."),
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help="Random seed.")] = 0,
    precision: Annotated[
        float,
        typer.Option("--precision", metavar="L",
                     help="Logit precision per deviation range of the joint game, above 0 and at "
                     "most 1,000,000."),
    ] = 20.0,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Equilibrium selection in the joint game: payoff dominance, risk dominance
    (Nash product of deviation losses, exact) for each pair game and the joint
    game, and the basins of attraction of replicator and logit dynamics from
    random starting beliefs, with 95% Wilson intervals. Says plainly where the
    criteria disagree.

    Example: stability select mosul --set alienation=3 --starts 5000 --seed 1
    """
    from stability.analysis.learning import DYNAMICS
    from stability.analysis.selection import select
    from stability.present.selection import render_selection

    scenario = load_scenario(scenario_source, sets)
    from stability.analysis.scale import cluster

    with cluster(workers, scheduler) as client, cluster_progress(client, "chunks of starts"):
        try:
            selection = select(
                scenario, dynamics=tuple(dynamic or DYNAMICS), starts=starts, seed=seed,
                precision=precision, client=client,
            )
        except InputError as err:
            raise err.located(scenario_source) from None
    if as_json:
        from stability.results import SelectResult

        emit_json(SelectResult(scenario, selection).to_dict())
        return
    console.print(scenario.title, markup=False)
    for renderable in render_selection(selection):
        console.print(renderable)
