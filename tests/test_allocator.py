"""The malloc settings: taken by this process, and given to the workers of --workers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from stability.analysis import allocator
from stability.analysis.scale import cluster


def _glibc() -> bool:
    try:
        version = os.confstr("CS_GNU_LIBC_VERSION") or ""
        return sys.platform.startswith("linux") and "glibc" in version
    except (ValueError, OSError):
        return False


@pytest.mark.skipif(not _glibc(), reason="mallopt is glibc's")
def test_tune_is_taken_by_glibc() -> None:
    assert allocator.tune() is True


def test_the_environment_matches_the_settings() -> None:
    """The how-to's line for workers started by hand gives the same settings."""
    how_to = (Path(__file__).parent.parent / "docs/how-to/scale-out.md").read_text()
    assert (
        f"MALLOC_TRIM_THRESHOLD_={allocator.TRIM_THRESHOLD} "
        f"MALLOC_MMAP_THRESHOLD_={allocator.MMAP_THRESHOLD}"
    ) in how_to
    # glibc refuses a mmap threshold above HEAP_MAX_SIZE / 2 (32 MiB on 64-bit)
    assert allocator.MMAP_THRESHOLD <= 32 << 20 < allocator.TRIM_THRESHOLD


def test_workers_started_by_the_cluster_take_the_settings() -> None:
    """Also when this process already ran a Dask cluster, whose nannies left Dask's
    ``MALLOC_TRIM_THRESHOLD_=65536`` in this process's environment (which overrides
    configuration, so only ``mallopt`` in the worker can do it)."""
    distributed = pytest.importorskip("distributed")
    if not _glibc():
        pytest.skip("mallopt is glibc's")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
    ) as plain, distributed.Client(plain) as client:
        assert list(client.run(allocator.tuned).values()) == [False]
    with cluster(workers=2) as client:
        assert list(client.run(allocator.tuned).values()) == [True, True]
