"""Options shared by the commands that can run on a Dask cluster."""

from __future__ import annotations

from typing import Annotated

import typer

WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", metavar="N",
                 help="Run the simulations on N local Dask worker processes (needs the "
                 "'dask' extra); the result is the same as without."),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option("--scheduler", metavar="ADDRESS",
                 help="Run on an existing Dask cluster, e.g. tcp://host:8786 (needs the "
                 "'dask' extra)."),
]
