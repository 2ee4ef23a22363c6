"""``stability sensitivity SCENARIO``: which parameters decide whether an outcome holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.cluster import SchedulerOption, WorkersOption, cluster_progress
from stability.cli.common import (
    DpiOption,
    JsonOption,
    ScenarioArgument,
    SetOption,
    console,
    emit_json,
    load_scenario,
    outcome_name,
    picture_path,
)
from stability.errors import InputError


@app.command("sensitivity")
def sensitivity_command(
    scenario_source: ScenarioArgument,
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", metavar="NAME",
                     help="The outcome (default: the scenario's coalition outcome)."),
    ] = None,
    goal: Annotated[
        str,
        typer.Option("--goal", metavar="G",
                     help="equilibrium: the outcome is a pure equilibrium (0/1); selected: "
                     "its basin share under --dynamic."),
    ] = "equilibrium",
    samples: Annotated[
        int | None,
        typer.Option("--samples", "-n", metavar="N",
                     help="Base samples N: N·(D+2) model evaluations for D parameters "
                     "(default 4096; 32 with --goal selected)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help="Random seed.")] = 0,
    uniform: Annotated[
        bool,
        typer.Option("--uniform", help="Sample each parameter uniformly over its range, "
                     "not from its prior."),
    ] = False,
    parameter: Annotated[
        list[str] | None,
        typer.Option("--parameter", "-p", metavar="NAME",
                     help="Vary only these parameters (repeatable; default: all in the payoffs)."),
    ] = None,
    trajectories: Annotated[
        int | None,
        typer.Option("--trajectories", metavar="R",
                     help="Morris trajectories (default 50; 10 with --goal selected; at most "
                     "10,000)."),
    ] = None,
    dynamic: Annotated[
        str, typer.Option("--dynamic", metavar="D", help="With --goal selected: replicator "
                          "or logit.")
    ] = "replicator",
    starts: Annotated[
        int, typer.Option("--starts", metavar="N",
                          help="With --goal selected: starting beliefs per evaluation.")
    ] = 50,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", callback=picture_path,
                     help="Also draw a bar chart: FILE.png, "
                     "FILE.svg or FILE.pdf."),
    ] = None,
    dpi: DpiOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Global sensitivity of whether OUTCOME is a pure equilibrium of the joint game
    (or, with --goal selected, of its basin share): Sobol first-order and total
    indices with bootstrap intervals, and Morris elementary-effects screening, with
    the number of model evaluations.

    Example: stability sensitivity mosul --outcome "The Road to U.S. Defeat in Iraq"
    """
    from stability.analysis.sensitivity import require_salib, sensitivity

    require_salib()  # the optional extra, checked before any work
    scenario = load_scenario(scenario_source, sets)
    name = outcome_name(scenario, outcome, "--outcome") or scenario.coalition_outcome
    if name is None:
        raise InputError("--outcome: this scenario declares no coalition outcome; name one")
    selected = goal == "selected"
    from stability.analysis.scale import cluster

    with cluster(workers, scheduler) as client, cluster_progress(client, "chunks of points"):
        try:
            result = sensitivity(
                scenario, name, goal=goal,
                samples=samples if samples is not None else (32 if selected else 4096),
                seed=seed, uniform=uniform, parameters=parameter,
                trajectories=trajectories if trajectories is not None
                else (10 if selected else 50),
                dynamic=dynamic, starts=starts, client=client,
            )
        except InputError as err:
            raise err.located(scenario_source) from None
    if out is not None:
        from stability.present.sensitivity_chart import write_sensitivity_chart

        write_sensitivity_chart(result, out, dpi=dpi)
    from stability.results import SensitivityResult

    found = SensitivityResult(scenario, result)
    if as_json:
        emit_json(found.to_dict())
        return
    console.print(found.renderable())
    if out is not None:
        console.print(f"wrote {out}", markup=False)
