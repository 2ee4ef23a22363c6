"""Options shared by the commands that can run on a Dask cluster."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from stability.cli.common import progress_bar

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


@contextmanager
def cluster_progress(client: Any | None, what: str) -> Iterator[Callable[[int, int], None] | None]:
    """A bar over the completed chunks (on a terminal, on standard error), whether the
    work runs here or on a Dask ``client``: reported by chunked analyses that take no
    ``progress`` argument (:func:`stability.analysis.scale.reporting`)."""
    from stability.analysis.scale import reporting

    with progress_bar(what) as progress, reporting(progress):
        yield progress
