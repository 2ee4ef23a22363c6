"""Scale-out on Dask: a local cluster started by the test gives the local results."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stability.analysis.scale import map_chunks
from stability.analysis.selection import CHUNK, basins, select
from stability.analysis.sensitivity import sensitivity, sensitivity_document
from stability.cli.app import main
from stability.io.scenario import read_scenario

distributed = pytest.importorskip("distributed")

GAMES = Path(__file__).parent.parent / "games"
DATA = Path(__file__).parent / "data"
MOSUL = read_scenario(GAMES / "mosul.toml")
COORDINATION = read_scenario(DATA / "coordination.toml")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    )
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


def test_map_chunks_keeps_the_order(client: Any) -> None:
    chunks = [(k, 2) for k in range(7)]
    assert map_chunks(pow, chunks, client) == map_chunks(pow, chunks) == [k * k for k in range(7)]


def test_basins_on_the_cluster_equal_the_local_run(client: Any) -> None:
    starts = 3 * CHUNK + 5  # four chunks, the last one short
    local = basins(COORDINATION, "replicator", starts, seed=9)
    remote = basins(COORDINATION, "replicator", starts, seed=9, client=client)
    assert remote == local


def test_select_on_the_cluster_equals_the_local_run(client: Any) -> None:
    scenario = MOSUL.with_values({"alienation": 2})
    assert select(scenario, starts=1500, client=client) == select(scenario, starts=1500)


def test_sensitivity_on_the_cluster_equals_the_local_run(client: Any) -> None:
    outcome = MOSUL.outcomes[1].name
    local = sensitivity(MOSUL, outcome, samples=512, seed=3)
    remote = sensitivity(MOSUL, outcome, samples=512, seed=3, client=client)
    assert sensitivity_document(remote) == sensitivity_document(local)

    def basin_share(cluster: Any | None) -> dict[str, object]:
        result = sensitivity(COORDINATION, "Both high", goal="selected", samples=8,
                             trajectories=2, starts=20, seed=1, client=cluster)
        return sensitivity_document(result)

    assert basin_share(client) == basin_share(None)


def test_an_unreachable_scheduler_is_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    begin = time.monotonic()
    code = main(["select", "two-allies", "--scheduler", "tcp://127.0.0.1:9", "--starts", "10"])
    assert code == 2
    error = capsys.readouterr().err
    # one line that names the option and the address it could not reach
    assert error.startswith("error: --scheduler: ") and error.count("\n") == 1
    assert "'tcp://127.0.0.1:9'" in error
    assert time.monotonic() - begin < 30


def test_workers_and_scheduler_together_are_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sensitivity", "two-allies", "--workers", "2", "--scheduler", "tcp://x:1"])
    assert code == 2 and "give one or the other" in capsys.readouterr().err


def test_robustness_on_the_cluster_equals_the_local_run(client: Any) -> None:
    from stability.analysis.robustness import CHUNK as SAMPLES_CHUNK
    from stability.analysis.robustness import robustness, robustness_document

    samples = 5 * SAMPLES_CHUNK + 11
    local = robustness(MOSUL, samples, seed=4, batch=2 * SAMPLES_CHUNK)
    remote = robustness(MOSUL, samples, seed=4, batch=SAMPLES_CHUNK, client=client)
    assert robustness_document(remote) == robustness_document(local)


def _sweep_json(cluster: Any | None, points: int = 300) -> str:
    import json

    from stability.analysis.sweep import Axis, sweep, sweep_document

    x, y = Axis.of(MOSUL, "threat"), Axis.of(MOSUL, "alienation")
    return json.dumps(sweep_document(sweep(MOSUL, x, y, points=points, client=cluster)))


def test_sweep_on_the_cluster_equals_the_local_run(client: Any) -> None:
    from stability.analysis.sweep import Axis, grid_blocks, sweep, sweep_document

    assert len(grid_blocks(MOSUL, 300, 300)) > 2  # the work is really split
    assert _sweep_json(client) == _sweep_json(None)
    one_axis = Axis.of(MOSUL, "threat")
    remote = sweep(MOSUL, one_axis, points=40_000, client=client)  # pieces of one row
    assert sweep_document(remote) == sweep_document(sweep(MOSUL, one_axis, points=40_000))


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 3])
def test_one_and_three_workers_give_the_local_results(workers: int) -> None:
    from stability.analysis.robustness import CHUNK as SAMPLES_CHUNK
    from stability.analysis.robustness import robustness, robustness_document

    samples = 3 * SAMPLES_CHUNK + 7
    local = robustness_document(robustness(MOSUL, samples, seed=2, batch=SAMPLES_CHUNK))
    with distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0",
    ) as cluster, distributed.Client(cluster) as connected:
        assert len(connected.scheduler_info()["workers"]) == workers
        assert _sweep_json(connected, 200) == _sweep_json(None, 200)
        remote = robustness(MOSUL, samples, seed=2, batch=SAMPLES_CHUNK, client=connected)
        assert robustness_document(remote) == local
        assert select(MOSUL, starts=1500, client=connected) == select(MOSUL, starts=1500)


@pytest.mark.slow
def test_a_killed_worker_loses_no_chunk_and_counts_none_twice() -> None:
    """Dask resubmits the chunks of a worker that dies: the counts stay exact."""
    import os
    import signal

    from stability.analysis.robustness import CHUNK as SAMPLES_CHUNK
    from stability.analysis.robustness import robustness, robustness_document

    samples = 60 * SAMPLES_CHUNK + 5
    local = robustness_document(robustness(MOSUL, samples, seed=8, batch=SAMPLES_CHUNK))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0",
    ) as cluster, distributed.Client(cluster) as connected:
        before = set(connected.scheduler_info()["workers"])
        victim = sorted(before)[0]
        pid = connected.run(os.getpid, workers=[victim])[victim]
        killed: list[int] = []

        def kill_once(done: int, total: int) -> None:
            if not killed:  # after the first batch: the others are in flight
                killed.append(done)
                os.kill(pid, signal.SIGKILL)

        remote = robustness(MOSUL, samples, seed=8, batch=SAMPLES_CHUNK, client=connected,
                            progress=kill_once)
        assert killed and killed[0] < samples
        assert victim not in connected.scheduler_info()["workers"] or (
            set(connected.scheduler_info()["workers"]) != before
        )
        assert robustness_document(remote) == local


def test_chunks_are_read_lazily_on_the_cluster(client: Any) -> None:
    from stability.analysis.scale import IN_FLIGHT_MIN, IN_FLIGHT_PER_THREAD, each_chunk

    made: list[int] = []

    def chunks() -> Iterator[tuple[int, int]]:
        for k in range(100):
            made.append(k)
            yield (k, 2)

    stream = each_chunk(pow, chunks(), 100, client)
    first = next(stream)
    window = max(IN_FLIGHT_MIN, IN_FLIGHT_PER_THREAD * 2)
    assert len(made) <= window + 1  # never all 100 chunks at once
    results = dict([first, *stream])
    assert results == {k: k * k for k in range(100)}
    assert len(made) == 100


def test_cluster_progress_counts_every_chunk(client: Any) -> None:
    from stability.analysis.scale import reporting

    seen: list[tuple[int, int]] = []
    with reporting(lambda done, total: seen.append((done, total))):
        assert map_chunks(pow, [(k, 2) for k in range(9)], client) == [k * k for k in range(9)]
    assert [done for done, _ in seen] == list(range(1, 10)) and {t for _, t in seen} == {9}


@pytest.mark.slow
def test_sweep_with_workers_from_the_command_line() -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "stability", "sweep", "mosul", "--x", "threat", "--y",
               "alienation", "--points", "150", "--json"]
    local = subprocess.run(command, capture_output=True, text=True, check=True)
    remote = subprocess.run([*command, "--workers", "2"], capture_output=True, text=True,
                            check=True)
    assert remote.stdout == local.stdout and remote.stderr == ""


def test_a_billion_samples_are_accepted_and_more_than_the_bound_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from stability.analysis.robustness import MAX_SAMPLES, check_samples

    check_samples(MOSUL, 1_000_000_000)  # memory is bounded by the batch: no total cap
    code = main(["robustness", "mosul", "--samples", str(MAX_SAMPLES + 1)])
    error = capsys.readouterr().err
    assert code == 2 and error.startswith("error:") and error.count("\n") == 1


@pytest.mark.slow
def test_a_chunk_whose_worker_dies_with_no_retry_left_is_one_error() -> None:
    """With no failure allowed, killing a worker mid-run ends the run with bad input
    naming the cluster (exit 2 from the command), or, when the worker held no
    running chunk at that moment, an exact result: never a wrong count."""
    import os
    import signal

    import dask

    from stability.analysis.robustness import CHUNK as SAMPLES_CHUNK
    from stability.analysis.robustness import robustness, robustness_document
    from stability.errors import InputError

    samples = 60 * SAMPLES_CHUNK
    local = robustness_document(robustness(MOSUL, samples, seed=5, batch=SAMPLES_CHUNK))
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0",
    ) as cluster, distributed.Client(cluster) as connected:
        victim = sorted(connected.scheduler_info()["workers"])[0]
        pid = connected.run(os.getpid, workers=[victim])[victim]
        killed: list[int] = []

        def kill_once(done: int, total: int) -> None:
            if not killed:
                killed.append(done)
                os.kill(pid, signal.SIGKILL)

        try:
            remote = robustness(MOSUL, samples, seed=5, batch=SAMPLES_CHUNK,
                                client=connected, progress=kill_once)
        except InputError as err:
            message = str(err)
            assert message.startswith("a chunk failed on the cluster: the workers running it")
            assert "\n" not in message
        else:
            assert robustness_document(remote) == local
        assert killed
