"""``stability sweep SCENARIO --x NAME``: which outcomes are equilibria over a grid."""

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
    picture_path,
)
from stability.errors import InputError


def check_outputs(out: Path | None, csv: Path | None) -> None:
    """Refuse, before any work and before any file is written, a ``--csv`` that does
    not end in ``.csv``, two options naming one file, and a destination the writer
    would refuse: a refusal then touches nothing."""
    from stability.io.files import check_destination

    if csv is not None and csv.suffix.lower() != ".csv":
        raise InputError("expected a file name ending in .csv", source=str(csv), item="--csv")
    if out is not None and csv is not None and out.resolve() == csv.resolve():
        raise InputError("--out and --csv name the same file: give two", source=str(out))
    for path, item in ((out, "--out"), (csv, "--csv")):
        if path is not None:
            check_destination(path, item=item)


@app.command("sweep")
def sweep_command(
    scenario_source: ScenarioArgument,
    x: Annotated[
        str,
        typer.Option("--x", metavar="NAME[=LO:HI]",
                     help="The parameter along the x axis, over its range or LO:HI."),
    ],
    y: Annotated[
        str | None,
        typer.Option("--y", metavar="NAME[=LO:HI]", help="A second parameter, along the y axis."),
    ] = None,
    points: Annotated[
        int,
        typer.Option("--points", "-n", metavar="N", help="Grid points per axis, ends included."),
    ] = 101,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", callback=picture_path,
                     help="Draw the map to FILE.png, FILE.svg or FILE.pdf."),
    ] = None,
    dpi: DpiOption = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            metavar="FILE",
            help="Export the grid to FILE.csv: one row per point, its parameter values, "
            "the regime and one true/false column per outcome.",
        ),
    ] = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which outcomes are pure equilibria of the joint game over a grid of one or two
    parameters (the others at their values). Every grid point is evaluated at once
    with numpy; --out draws the map with the regimes named, the current point marked
    and the exact thresholds through it drawn as lines.

    Example: stability sweep mosul --x threat --y alienation --points 400 --out map.png
    """
    from stability.analysis.scale import cluster
    from stability.analysis.sweep import Axis, regime_label, sweep

    scenario = load_scenario(scenario_source, sets)
    check_outputs(out=out, csv=csv)
    if csv is not None:
        from stability.analysis.sweep import check_csv_rows

        check_csv_rows(points, y is not None)
    try:
        x_axis = Axis.parse(scenario, x)
        y_axis = Axis.parse(scenario, y) if y is not None else None
        with cluster(workers, scheduler) as client, cluster_progress(client, "grid blocks") as bar:
            result = sweep(scenario, x_axis, y_axis, points=points, client=client, progress=bar)
    except InputError as err:
        raise err.located(scenario_source) from None
    written = None
    csv_text = None
    if csv is not None:
        from stability.analysis.sweep import sweep_csv

        csv_text = sweep_csv(result, [o.name for o in scenario.outcomes])
    new_picture = out is not None and not out.exists()
    if out is not None:
        from stability.present.sweep_map import write_sweep_map

        written = write_sweep_map(result, scenario, out, dpi=dpi)
    if csv is not None and csv_text is not None:
        from stability.io import write_atomically

        try:
            write_atomically(csv, csv_text, item="--csv")
        except BaseException:
            # the CSV could not be written (a full disk, say): a picture this run
            # created goes too, so a failed command leaves no half of its output
            if new_picture and written is not None:
                Path(written).unlink(missing_ok=True)
            raise
    if as_json:
        from stability.results import SweepResult

        emit_json(SweepResult(scenario, result).to_dict())
        return
    import numpy as np
    from rich.table import Table
    from rich.text import Text

    codes = result.grid.ravel()
    cells = np.bincount(codes[codes >= 0], minlength=len(result.regimes))
    total = codes.size
    shape = f"{points} x {points}" if y_axis is not None else f"{points}"
    console.print(f"{scenario.title}: sweep of {shape} points", markup=False)
    table = Table("regime (pure equilibria)", "cells", "share")
    for k, regime in enumerate(result.regimes):
        table.add_row(
            Text(regime_label(regime)), str(int(cells[k])), f"{cells[k] / total:.1%}"
        )
    if result.undefined:
        table.add_row(
            "undefined (a payoff divides by zero or overflows)",
            str(result.undefined),
            f"{result.undefined / total:.1%}",
        )
    console.print(table)
    if y_axis is None:
        from stability.analysis.sweep import regime_intervals

        console.print(f"Regimes along {x_axis.name}, exactly (the others at their values):")
        for stretch in regime_intervals(scenario, x_axis):
            console.print(
                Text(f"  {x_axis.name} in {stretch.describe()}: {regime_label(stretch.regime)}")
            )
    for path in (written, csv):
        if path is not None:
            console.print(f"wrote {path}", markup=False)
