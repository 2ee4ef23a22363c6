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
    assert error.startswith("error: --scheduler: cannot reach") and error.count("\n") == 1
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
