"""``stability check SCENARIO``: a model checker for scenario authors."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import (
    JsonOption,
    ScenarioArgument,
    SetOption,
    console,
    emit_json,
    load_scenario,
)
from stability.errors import InputError

#: Kept here so that ``--help`` needs no analysis import (the same as
#: ``stability.analysis.check.DEFAULT_DRAWS``; a test checks they agree).
DEFAULT_DRAWS = 4096


@app.command("check")
def check_command(
    scenario_source: ScenarioArgument,
    draws: Annotated[
        int,
        typer.Option(
            "--draws",
            metavar="N",
            help="Prior draws for the check that each verdict at the defaults holds in most "
            "of the prior (0 skips it).",
        ),
    ] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help="Seed of the draws.")] = 0,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find what makes a scenario's conclusions fragile or empty.

    Knife-edge verdicts and levers that rest on an exact tie, weak equilibria, dead,
    inert and aliased parameters, outcomes never or always an equilibrium within the
    ranges (exact linear programmes), levers past the timeline's end or outside the
    ranges, a timeline that ignores play, and verdicts that most prior draws do not
    share. Each finding has a severity (error, warning, info), its exact evidence and
    what to do about it. Exit 0 when the check ran, whatever it found.

    Example: stability check mosul --json
    """
    from stability.analysis.check import check_scenario

    scenario = load_scenario(scenario_source, sets)
    try:
        report = check_scenario(scenario, draws=draws, seed=seed, name=scenario_source)
    except InputError as err:
        raise err.located(scenario_source) from None
    if as_json:
        emit_json(report.document())
        return
    from stability.present.check import render_check

    for renderable in render_check(report):
        console.print(renderable)
