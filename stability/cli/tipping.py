"""``stability tipping SCENARIO --target OUTCOME [--goal G]``: what tips an outcome."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stability.cli.app import app
from stability.cli.common import (
    DpiOption,
    JsonOption,
    SetOption,
    console,
    emit_json,
    load_scenario,
    outcome_name,
    picture_path,
)
from stability.errors import InputError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from stability.analysis.tipping import TippingResult
    from stability.model.scenario import Scenario


@app.command("tipping")
def tipping_command(
    scenario_source: Annotated[
        str, typer.Argument(metavar="SCENARIO", help="A scenario .toml file or a bundled name.")
    ],
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            "-t",
            metavar="OUTCOME",
            help="The outcome to tip towards (for --goal breaks: the one to break; "
            "default there: the coalition outcome).",
        ),
    ] = None,
    goal: Annotated[
        str,
        typer.Option(
            "--goal",
            "-g",
            metavar="GOAL",
            help="equilibrium (OUTCOME is a pure equilibrium), unique (the only one), breaks "
            "(OUTCOME stops being one) or selected (its basin share under --dynamic passes 1/2).",
        ),
    ] = "equilibrium",
    unique: Annotated[
        bool,
        typer.Option("--unique", help="Same as --goal unique."),
    ] = False,
    dynamic: Annotated[
        str,
        typer.Option("--dynamic", metavar="D", help="For --goal selected: replicator or logit."),
    ] = "replicator",
    starts: Annotated[
        int,
        typer.Option("--starts", metavar="N", help="For --goal selected: starting beliefs."),
    ] = 1000,
    seed: Annotated[
        int, typer.Option("--seed", metavar="S", help="For --goal selected: the random seed.")
    ] = 0,
    sets: SetOption = None,
    as_json: JsonOption = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", callback=picture_path,
            help="Also draw a tornado chart: FILE.png, FILE.svg or FILE.pdf.",
        ),
    ] = None,
    dpi: DpiOption = None,
) -> None:
    """Which parameter shifts meet a goal for OUTCOME in the joint game.

    For each parameter (the others at their values): the exact set of values where
    the goal holds, the nearest threshold and which actor's deviation it turns on;
    then the smallest combined shift of all parameters (L1 over range-normalised
    parameters, within their ranges), re-checked by the exact code `analyze` runs,
    with its guarantee (global optimum, local search, or search by simulation for
    `selected`); and the payoff cells that carry the binding margins.

    Example: stability tipping mosul --target "The Road to U.S. Defeat in Iraq" --goal unique
    """
    from stability.analysis.tipping import GOALS, Goal, tipping_analysis

    scenario = load_scenario(scenario_source, sets)
    target = outcome_name(scenario, target, "--target")
    chosen = "unique" if unique else goal
    if chosen not in GOALS:
        raise InputError(
            f"unknown goal {chosen!r} (expected one of: {', '.join(GOALS)})", item="--goal"
        )
    goal_name: Goal = chosen  # type: ignore[assignment,unused-ignore]
    if target is None:
        if goal_name != "breaks" or scenario.coalition_outcome is None:
            raise InputError("--target OUTCOME is required (except with --goal breaks "
                             "in a scenario that names its coalition_outcome)", item="--target")
        target = scenario.coalition_outcome
    from stability.cli.cluster import cluster_progress

    # the simulations of --goal selected report their chunks: a bar on a terminal
    with cluster_progress(None, "chunks of simulations"):
        try:
            result = tipping_analysis(
                scenario, target, goal=goal_name, dynamic=dynamic, starts=starts, seed=seed
            )
        except InputError as err:
            raise err.located(scenario_source) from None
    if out is not None:
        from stability.present.tornado import write_tornado

        write_tornado(result, out, dpi=dpi)
    if as_json:
        from stability.results import TippingResult

        emit_json(TippingResult(scenario, target, unique, result).to_dict())
        return
    from stability.present.tipping import render_tipping

    for renderable in render_tipping(result):
        console.print(renderable)
    for renderable in _check_notes(scenario, result):
        console.print(renderable)
    if out is not None:
        console.print(f"wrote {out}", markup=False)


def _check_notes(scenario: Scenario, result: TippingResult) -> list[RenderableType]:
    """What ``stability check`` finds about the target and the printed levers (prior
    draws skipped), and whether the smallest shift lies past the timeline's end."""
    from stability.analysis.check import check_scenario, tipping_findings
    from stability.analysis.check.levers import shift_past_end
    from stability.errors import TooLargeError
    from stability.present.check import render_concerning

    try:
        report = check_scenario(scenario, draws=0, shifts=False)
    except TooLargeError:
        return []
    levers = [entry.parameter for entry, _ in result.thresholds]
    found = tipping_findings(report, result.target, result.goal, levers)
    shown: list[RenderableType] = list(
        render_concerning(found, "What stability check finds about this target and these levers:")
    )
    shift = result.minimal_shift
    if shift is not None:
        note = shift_past_end(scenario, shift.point(scenario))
        if note is not None:
            from rich.text import Text

            shown.append(Text(f"Smallest combined shift: {note}"))
    return shown
