"""Run independent chunks of work locally or on a Dask cluster, with the same result.

Work is split into chunks by the caller, each a call of one module-level function
on picklable arguments (the chunk's random stream comes from its index, never from
the order chunks run in). :func:`map_chunks` runs them in order in this process,
or submits them to a ``dask.distributed.Client`` and gathers the results in the
order of the chunks: the result for a given seed is the same whatever the number
of workers. Dask is optional (``pip install "stability[dask]"``).

A lost worker makes Dask resubmit its chunks to the others (``allowed_failures``,
Dask's default 3); a chunk that keeps failing, or a scheduler that cannot be
reached, ends the run with an error, never with a partial count.

>>> map_chunks(pow, [(2, 3), (3, 2)])
[8, 9]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from stability.errors import InputError, StabilityError

T = TypeVar("T")
Progress = Callable[[int, int], None]

#: Seconds to wait for a scheduler before giving up.
CONNECT_TIMEOUT = 3

MISSING = (
    "--workers/--scheduler need Dask: pip install \"stability[dask]\" "
    "(dask[distributed])"
)


def map_chunks(
    function: Callable[..., T],
    chunks: Sequence[tuple[Any, ...]],
    client: Any | None = None,
    progress: Progress | None = None,
) -> list[T]:
    """``[function(*chunk) for chunk in chunks]``, locally or on ``client``'s cluster."""
    if client is None:
        results = []
        for done, chunk in enumerate(chunks, start=1):
            results.append(function(*chunk))
            if progress is not None:
                progress(done, len(chunks))
        return results
    distributed = _distributed()
    as_completed = distributed.as_completed
    futures = [client.submit(function, *chunk, pure=False) for chunk in chunks]
    try:
        for done, future in enumerate(as_completed(futures), start=1):
            if future.status == "error":
                error = future.exception()
                raise StabilityError(f"a chunk failed on the cluster: {error}")
            if progress is not None:
                progress(done, len(chunks))
        gathered: list[T] = client.gather(futures)
        return gathered
    except BaseException:
        client.cancel(futures)
        raise


def _distributed() -> Any:
    """The ``distributed`` module (untyped), or bad input naming the extra."""
    import importlib

    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise InputError(MISSING) from None


@contextmanager
def cluster(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any | None]:
    """A Dask client: ``workers`` local processes, or the scheduler at ``scheduler``;
    ``None`` (run locally) when neither is given."""
    if workers is None and scheduler is None:
        yield None
        return
    if workers is not None and scheduler is not None:
        raise InputError("--workers and --scheduler: give one or the other")
    if workers is not None and workers < 1:
        raise InputError(f"--workers: expected at least 1, got {workers}")
    distributed = _distributed()
    Client, LocalCluster = distributed.Client, distributed.LocalCluster  # noqa: N806
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as err:
            raise InputError(
                f"--scheduler: cannot reach a Dask scheduler at {scheduler!r} ({err})"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    local = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    )
    client = Client(local)
    try:
        yield client
    finally:
        client.close()
        local.close()
