"""glibc ``malloc`` settings for the vectorised kernels (Monte Carlo, sweeps).

A chunk of ``robustness`` allocates and frees a few megabytes of numpy arrays
thousands of times a second. With glibc's defaults each of those arrays above
128 KiB can be mapped and unmapped again, or the top of the heap returned to the
system after every chunk, so the kernel spends about a quarter of its time in
page faults (system time; docs/performance.md). Dask's worker processes are worse
off: they start with ``MALLOC_TRIM_THRESHOLD_=65536``, which trims the heap after
nearly every free. Keeping up to :data:`TRIM_THRESHOLD` of free heap, and serving
arrays up to :data:`MMAP_THRESHOLD` from the heap, removes that cost; the memory
kept is bounded by those two numbers, whatever the samples.

- :func:`tune` sets both in this process (``mallopt``), where glibc is the C
  library; elsewhere (macOS, musl) it does nothing and says so by returning False.
  The command line calls it once at start-up; the library never calls it in your
  process on its own.
- The workers of ``--workers`` call :func:`tune` when they start
  (:class:`stability.analysis.dask_plugins.TuneAllocator`), also when one is
  restarted.
- For ``dask worker`` started by hand, the same settings are the environment
  variables ``MALLOC_TRIM_THRESHOLD_`` and ``MALLOC_MMAP_THRESHOLD_`` (the line is
  in docs/how-to/scale-out.md).

>>> tune() in (True, False)
True
"""

from __future__ import annotations

import ctypes
import sys

#: Free memory at the top of the heap kept for reuse instead of returned (bytes).
TRIM_THRESHOLD = 64 << 20
#: Allocations at least this large are mapped on their own (bytes): glibc's
#: largest allowed value on 64-bit systems.
MMAP_THRESHOLD = 32 << 20

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_tuned = False


def tune() -> bool:
    """Apply :data:`TRIM_THRESHOLD` and :data:`MMAP_THRESHOLD` to this process's
    ``malloc``; True when glibc took both."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        # the C library the interpreter runs on (no search: this is on start-up)
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    global _tuned
    _tuned = bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)) and bool(
        mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    )
    return _tuned


def tuned() -> bool:
    """Whether :func:`tune` has taken effect in this process."""
    return _tuned
