"""Run independent chunks of work locally or on a Dask cluster, with the same result.

Work is split into chunks by the caller, each a call of one module-level function
on picklable arguments (the chunk's random stream comes from its index, never from
the order chunks run in). :func:`map_chunks` runs them in order in this process,
or submits them to a ``dask.distributed.Client`` and gathers the results in the
order of the chunks (:func:`each_chunk` streams them, a few in flight per
worker, for work too large to hold): the result for a given seed is the same
whatever the number of workers. Dask is optional (``pip install "stability[dask]"``).

A lost worker makes Dask resubmit its chunks to the others, and each chunk's
result is taken once, when it is collected, so the counts stay exact; a chunk
whose workers keep dying (``distributed.scheduler.allowed-failures``, Dask's
default 3), or a scheduler that cannot be reached, ends the run with an error
(bad input: exit 2), never with a partial count.

>>> map_chunks(pow, [(2, 3), (3, 2)])
[8, 9]
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from stability.errors import InputError

T = TypeVar("T")
Progress = Callable[[int, int], None]

#: Chunks in flight on a cluster: this many per worker thread, at least IN_FLIGHT_MIN.
IN_FLIGHT_PER_THREAD = 4
IN_FLIGHT_MIN = 8
#: Seconds between two looks at the cluster's finished chunks (a Ctrl-C acts within it).
POLL = 0.05
_REPORT: ContextVar[Progress | None] = ContextVar("stability_chunk_progress", default=None)

#: Seconds to wait for a scheduler before giving up.
CONNECT_TIMEOUT = 3
#: Largest first message taken from a scheduler (Dask's handshake is about 300 bytes):
#: a server announcing more is not a scheduler, and its size is never allocated.
MAX_HANDSHAKE = 1 << 20
#: Local workers: at most this many per core, ...
WORKERS_PER_CORE = 4
#: ... each needing this much free memory (a worker holds about 110 MB at rest and
#: 200 MB running Mosul chunks: benchmarks/bench_limits.py) ...
WORKER_MEMORY = 250_000_000
#: ... and this many file descriptors of the process (sockets and pipes per worker).
WORKER_FILES = 32

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
    results: list[Any] = [None] * len(chunks)
    for index, result in each_chunk(function, chunks, len(chunks), client, progress):
        results[index] = result
    return results


def each_chunk(
    function: Callable[..., T],
    chunks: Iterable[tuple[Any, ...]],
    total: int,
    client: Any | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[int, T]]:
    """``(index, function(*chunk))`` for each of ``total`` chunks, as each completes.

    Locally the chunks run in order. On ``client``'s cluster at most a few chunks
    per worker thread are in flight (``chunks`` is read lazily), so memory is
    bounded by the size of a chunk, not by their number; results come in the order
    they complete, each exactly once. ``progress(done, total)`` is called after each
    chunk (by default the callback set with :func:`reporting`).

    >>> sorted(each_chunk(pow, iter([(2, 3), (3, 2)]), 2))
    [(0, 8), (1, 9)]
    """
    progress = progress if progress is not None else _REPORT.get()
    if client is None:
        for index, chunk in enumerate(chunks):
            result = function(*chunk)
            if progress is not None:
                progress(index + 1, total)
            yield index, result
        return
    distributed = _distributed()
    pending = iter(enumerate(chunks))
    in_flight: dict[str, tuple[int, Any]] = {}

    def submit(index: int, chunk: tuple[Any, ...]) -> Any:
        future = client.submit(function, *chunk, pure=False)
        in_flight[future.key] = (index, future)
        return future

    window = max(IN_FLIGHT_MIN, IN_FLIGHT_PER_THREAD * _threads(client))
    try:
        stream = distributed.as_completed(
            [submit(index, chunk) for index, chunk in itertools.islice(pending, window)]
        )
        done = 0
        while not stream.is_empty():
            if not stream.has_ready():
                # waiting in short sleeps, never in one blocking wait: a Ctrl-C delivered
                # to one of Dask's threads only interrupts this one when it runs Python
                time.sleep(POLL)
                continue
            future = next(stream)
            done += 1
            if future.status != "finished":
                _raise_failure(future)
            result = future.result()
            index, _ = in_flight.pop(future.key)
            following = next(pending, None)
            if following is not None:
                stream.add(submit(*following))
            if progress is not None:
                progress(done, total)
            yield index, result
    except BaseException:
        client.cancel([future for _, future in in_flight.values()])
        raise


def _raise_failure(future: Any) -> None:
    """Raise what went wrong with a chunk: its own error (bad input, or a bug), or
    an error naming the cluster when workers kept dying while running it."""
    if future.status != "error":
        raise InputError(f"a chunk was {future.status} on the cluster (the run is incomplete)")
    error = future.exception()
    if type(error).__name__ == "KilledWorker":
        raise InputError(
            "a chunk failed on the cluster: the workers running it died "
            f"({error}); Dask gives up after distributed.scheduler.allowed-failures"
        ) from None
    raise error


def _threads(client: Any) -> int:
    """Worker threads of ``client``'s cluster (at least 1)."""
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


@contextmanager
def reporting(progress: Progress | None) -> Iterator[None]:
    """Within the block, chunked work reports ``progress(done, total)`` per chunk
    (for analyses that take no ``progress`` argument themselves).

    >>> seen = []
    >>> with reporting(lambda done, total: seen.append((done, total))):
    ...     _ = map_chunks(pow, [(2, 3), (3, 2)])
    >>> seen
    [(1, 2), (2, 2)]
    """
    token = _REPORT.set(progress)
    try:
        yield
    finally:
        _REPORT.reset(token)


def _distributed() -> Any:
    """The ``distributed`` module (untyped), or bad input naming the extra."""
    import importlib

    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise InputError(MISSING) from None


def max_workers() -> int:
    """How many local workers this machine can start: the least of
    :data:`WORKERS_PER_CORE` per core, free memory over :data:`WORKER_MEMORY`, and
    the process's file limit over :data:`WORKER_FILES` (at least 1)."""
    import os
    import resource

    cores = os.cpu_count() or 1
    limits = [WORKERS_PER_CORE * cores]
    try:
        free = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        limits.append(free // WORKER_MEMORY)
    except (ValueError, OSError):
        pass
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY:
        limits.append(soft // WORKER_FILES)
    return max(1, min(limits))


def check_workers(workers: int) -> None:
    """Refuse a ``--workers`` below 1 or above what :func:`max_workers` allows.

    >>> check_workers(0)
    Traceback (most recent call last):
    ...
    stability.errors.InputError: --workers: expected at least 1, got 0
    """
    if workers < 1:
        raise InputError(f"--workers: expected at least 1, got {workers}")
    most = max_workers()
    if workers > most:
        raise InputError(
            f"--workers: {workers:,} is more than this machine can start (at most {most}: "
            f"{WORKERS_PER_CORE} a core, {WORKER_MEMORY // 1_000_000} MB of free memory and "
            f"{WORKER_FILES} open files each); use --scheduler for a larger cluster"
        )


def _from_dask(err: BaseException) -> bool:
    """Whether ``err`` was raised inside Dask (the client, the scheduler, the comms)."""
    if type(err).__module__.split(".")[0] in ("distributed", "dask", "tornado", "msgpack"):
        return True
    trace = err.__traceback__
    while trace is not None:
        if "/distributed/" in trace.tb_frame.f_code.co_filename:
            return True
        trace = trace.tb_next
    return False


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    line = text[0] if text else "no detail"
    return line if len(line) <= 200 else line[:197] + "..."


def probe_scheduler(address: str) -> None:
    """Refuse, naming ``address``, unless a Dask scheduler answers there within
    :data:`CONNECT_TIMEOUT` seconds.

    A Dask server speaks first: an 8-byte length, then its handshake. A port that
    accepts and stays silent (or an HTTP server, which waits for a request) is
    refused when the time is up; a server announcing more than
    :data:`MAX_HANDSHAKE` bytes is refused without reading them. Only ``tcp://``
    (or a bare ``host:port``) is accepted: ``tls://`` needs certificates, which
    these commands do not take.

    >>> try:
    ...     probe_scheduler("tls://127.0.0.1:1")
    ... except InputError as err:
    ...     print(str(err)[:68])
    --scheduler: cannot use 'tls://127.0.0.1:1': only tcp:// addresses a
    """
    import socket
    import struct
    import time

    scheme, separator, rest = address.rpartition("://")
    if separator and scheme != "tcp":
        hint = " (tls:// needs certificates, which this command does not take)" \
            if scheme == "tls" else ""
        raise InputError(
            f"--scheduler: cannot use {address!r}: only tcp:// addresses are supported{hint}"
        )
    host, colon, port = rest.rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise InputError(
            f"--scheduler: {address!r} is not an address: expected tcp://HOST:PORT"
        )
    host = host.strip("[]")
    deadline = time.monotonic() + CONNECT_TIMEOUT
    where = f"--scheduler: no Dask scheduler at {address!r}"
    try:
        with socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT) as sock:
            header = b""
            while len(header) < 8:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = sock.recv(8 - len(header))
                if not chunk:
                    raise InputError(f"{where}: it closed the connection without a word")
                header += chunk
    except TimeoutError:
        raise InputError(
            f"{where}: no answer within {CONNECT_TIMEOUT} s (a port that does not speak "
            f"Dask's protocol, such as an HTTP server, stays silent)"
        ) from None
    except OSError as err:
        raise InputError(f"{where}: {err.strerror or err}") from None
    (size,) = struct.unpack("<Q", header)
    if size > MAX_HANDSHAKE:
        raise InputError(
            f"{where}: the server announced a first message of {size:,} bytes (a Dask "
            f"handshake takes a few hundred); it is not a Dask scheduler"
        )


def _local_cluster(LocalCluster: Any, workers: int) -> Any:  # noqa: N803 - a class
    """``workers`` local worker processes, one thread each, no dashboard."""
    return LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
        # no dashboard; its HTTP server (health checks) on a free loopback port, not
        # on 8787 (taken by another cluster, it would warn on standard error)
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        # Dask's own log lines (a worker's heartbeat racing the shutdown) are not
        # for the command's user: failures reach them as one error: line
        silence_logs=logging.CRITICAL,
    )


@contextmanager
def cluster(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any | None]:
    """A Dask client: ``workers`` local processes, or the scheduler at ``scheduler``;
    ``None`` (run locally) when neither is given."""
    if workers is None and scheduler is None:
        yield None
        return
    if workers is not None and scheduler is not None:
        raise InputError("--workers and --scheduler: give one or the other")
    if workers is not None:
        check_workers(workers)
    if scheduler is not None:
        probe_scheduler(scheduler)
    distributed = _distributed()
    Client, LocalCluster = distributed.Client, distributed.LocalCluster  # noqa: N806
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (Exception, MemoryError) as err:  # any failure: one line naming the address
            raise InputError(
                f"--scheduler: cannot use the Dask scheduler at {scheduler!r} "
                f"({type(err).__name__}: {_first_line(err)})"
            ) from None
        try:
            yield client
        except (Exception, MemoryError) as err:
            if isinstance(err, InputError) or not _from_dask(err):
                raise
            raise InputError(
                f"--scheduler: the Dask scheduler at {scheduler!r} failed "
                f"({type(err).__name__}: {_first_line(err)})"
            ) from None
        finally:
            client.close()
        return
    # the workers start with their standard error on /dev/null: a Ctrl-C at the
    # terminal reaches the whole process group, and each worker would print its own
    # traceback (their failures reach this process through the futures, and Dask's
    # logs are silenced). Ctrl-C is not ignored while they start (an ignored one was
    # lost, and the command ran on), it is held until the cluster is up, then acted
    # on (a cluster interrupted half-started could not be closed)
    import os
    import signal
    import threading

    assert workers is not None
    held: list[int] = []
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: held.append(1)) if main else None
    saved = os.dup(2)
    quiet = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(quiet, 2)
        local = _local_cluster(LocalCluster, workers)
    except BaseException:
        if held:  # the workers were interrupted too, and failed to start
            raise KeyboardInterrupt from None
        raise
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(quiet)
        if main:
            signal.signal(signal.SIGINT, previous)
    if held:
        local.close()
        raise KeyboardInterrupt
    client = Client(local)
    try:
        # the workers keep freed memory for the next chunk (Dask starts them with a
        # heap trimmed after nearly every free: about 1.5 times slower on Mosul)
        from stability.analysis.dask_plugins import TuneAllocator

        client.register_plugin(TuneAllocator())
        yield client
    finally:
        client.close()
        local.close()
