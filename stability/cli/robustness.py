"""``stability robustness SCENARIO``: Monte Carlo frequencies of each outcome."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated

import typer

from stability.analysis.robustness import DEFAULT_SEED
from stability.cli.app import app
from stability.cli.cluster import SchedulerOption, WorkersOption
from stability.cli.common import (
    JsonOption,
    ScenarioArgument,
    SetOption,
    console,
    emit_json,
    load_scenario,
    progress_bar,
)
from stability.errors import InputError
from stability.model.exact import parse_number


@app.command("robustness")
def robustness_command(
    scenario_source: ScenarioArgument,
    samples: Annotated[
        int, typer.Option("--samples", "-n", metavar="N", help="How many samples to draw.")
    ] = 100_000,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help="Random seed.")] = DEFAULT_SEED,
    spread: Annotated[
        str | None,
        typer.Option(
            "--spread",
            metavar="F",
            help="Draw each parameter uniformly within ±F·|value| of its value (within its "
            "range) instead of over its whole range; 0 samples the current point only.",
        ),
    ] = None,
    uniform: Annotated[
        bool,
        typer.Option("--uniform",
                     help="Draw each parameter uniformly over its range, ignoring declared "
                     "priors (the behaviour before priors, draw for draw)."),
    ] = False,
    noise: Annotated[
        float,
        typer.Option("--noise", metavar="F",
                     help="Add N(0, F·scale) to every joint payoff cell; scale is the largest "
                     "absolute joint payoff at the current point."),
    ] = 0.0,
    batch: Annotated[
        int,
        typer.Option("--batch", metavar="B",
                     help="Samples in one unit of work (one task on a cluster; memory)."),
    ] = 65_536,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """How often each outcome is a pure equilibrium of the joint game when the
    parameters are uncertain: drawn from their priors (uniform over the range where
    a parameter declares none), uniformly over their ranges with --uniform, or
    within a relative spread of their values, optionally with payoff noise.
    Frequencies come with 95% Wilson intervals; the same seed gives the same result
    whatever --batch is.

    Example: stability robustness mosul --samples 1000000 --seed 1
    """
    from rich.table import Table

    from stability.analysis.robustness import robustness

    if uniform and spread is not None:
        raise InputError("give either --uniform or --spread, not both", item="--uniform")
    scenario = load_scenario(scenario_source, sets)
    from stability.analysis.robustness import check_samples

    try:
        check_samples(scenario, samples)
    except InputError as err:
        raise err.located(scenario_source) from None
    relative: Fraction | None = None
    if spread is not None:
        try:
            relative = parse_number(spread)
        except ValueError as err:
            raise InputError(str(err), item="--spread") from err
    from stability.analysis.scale import cluster

    with cluster(workers, scheduler) as client, progress_bar("samples") as progress:
        try:
            result = robustness(
                scenario, samples, seed, spread=relative, uniform=uniform, noise=noise,
                batch=batch, progress=progress, client=client,
            )
        except InputError as err:
            raise err.located(scenario_source) from None
    if as_json:
        from stability.results import RobustnessResult

        emit_json(RobustnessResult(scenario, result).to_dict())
        return
    console.print(
        f"{scenario.title}: {result.samples:,} samples, seed {result.seed}", markup=False
    )
    console.print(result.how_sampled(), markup=False)
    table = Table("outcome", "pure equilibrium in", "95% interval")
    for outcome in result.outcomes:
        low, high = outcome.ci
        table.add_row(outcome.name, f"{outcome.frequency:.2%}", f"{low:.2%} to {high:.2%}")
    console.print(table)
    regimes = Table("equilibria together", "share")
    for names, count in result.regimes:
        regimes.add_row(" + ".join(names) or "no named outcome", f"{count / result.samples:.2%}")
    if result.undefined:
        regimes.add_row(
            "undefined (a payoff divides by zero or overflows)",
            f"{result.undefined / result.samples:.2%}",
        )
    console.print(regimes)
