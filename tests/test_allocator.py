"""The malloc settings: taken by this process, and given to the workers of --workers."""

from __future__ import annotations

import os
import sys

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
    assert allocator.ENVIRONMENT == {
        "MALLOC_TRIM_THRESHOLD_": str(allocator.TRIM_THRESHOLD),
        "MALLOC_MMAP_THRESHOLD_": str(allocator.MMAP_THRESHOLD),
    }
    # glibc refuses a mmap threshold above HEAP_MAX_SIZE / 2 (32 MiB on 64-bit)
    assert allocator.MMAP_THRESHOLD <= 32 << 20 < allocator.TRIM_THRESHOLD


def test_workers_started_by_the_cluster_get_the_settings() -> None:
    pytest.importorskip("distributed")
    import dask

    before = dask.config.get("distributed.nanny.pre-spawn-environ")
    with cluster(workers=1) as client:
        seen = client.run(lambda: {k: os.environ.get(k) for k in allocator.ENVIRONMENT})
        # Dask's own settings for its workers are kept (threads of BLAS libraries)
        threads = client.run(lambda: os.environ.get("OMP_NUM_THREADS"))
    assert list(seen.values()) == [allocator.ENVIRONMENT]
    assert list(threads.values()) == [str(before.get("OMP_NUM_THREADS"))]
    # the setting is scoped to starting our cluster: Dask's configuration is unchanged
    assert dask.config.get("distributed.nanny.pre-spawn-environ") == before
