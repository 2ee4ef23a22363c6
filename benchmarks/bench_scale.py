"""``robustness`` on Dask against the local run, and a very long run's memory.

- rate: samples per second for ``robustness mosul`` locally (the same chunks, one
  after the other) and on a ``LocalCluster`` of 2 worker processes, each with the
  C library's (and Dask's) default ``malloc`` settings and with those of
  :mod:`stability.analysis.allocator` (what the command line and ``--workers``
  use): four fresh processes, each timed after a warm-up of 10^5 samples (cluster
  start-up not counted); the four JSON documents must be equal.
- long: ``python -m stability robustness mosul --samples N --workers 2 --json`` as
  a subprocess, its wall time and the peak resident memory of the whole process
  tree (the command, the scheduler in it, the nannies and the workers), sampled
  every 0.5 s with psutil: the sum over the tree, and the largest single process.

Run: ``python benchmarks/bench_scale.py [--samples N] [--long N [--deadline S]]``
(``--deadline`` stops the long run with Ctrl-C after S seconds, reporting the
memory so far; defaults:
``--samples 4000000``, no long run; the figures in docs/performance.md used
``--long 1000000000``).
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import subprocess
import sys
import time

import psutil

RUN = """
import sys, time
from stability.analysis import allocator
from stability.analysis.robustness import robustness, robustness_document
from stability.analysis.scale import cluster
from stability.cli.common import load_scenario


def timed(client=None):
    scenario = load_scenario("mosul", None)
    robustness(scenario, 100_000, seed=1, client=client)
    begin = time.perf_counter()
    result = robustness(scenario, int(sys.argv[1]), seed=1, client=client)
    print(time.perf_counter() - begin)
    print(robustness_document(result))


if __name__ == "__main__":
    mode = sys.argv[2]
    if mode == "local, malloc tuned":
        allocator.tune()
    if mode.startswith("local"):
        timed()
    elif mode == "2 workers, as --workers 2 starts them":
        with cluster(workers=2) as client:
            timed(client)
    else:
        from dask.distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address=None) as plain, Client(plain) as client:
            timed(client)
"""
MODES = ("local, malloc default", "local, malloc tuned",
         "2 workers, Dask's malloc settings", "2 workers, as --workers 2 starts them")


def rate(samples: int) -> None:
    """Samples per second locally and on 2 workers, each with the C library's (and
    Dask's) default ``malloc`` settings and with those of
    :mod:`stability.analysis.allocator`; each run in a fresh process, after a warm-up
    of 10^5 samples."""
    documents = set()
    for mode in MODES:
        run = subprocess.run([sys.executable, "-c", RUN, str(samples), mode],
                             capture_output=True, text=True, check=True)
        seconds, document = run.stdout.split("\n", 1)
        documents.add(document.strip())
        print(f"{mode}: {samples:,} samples in {float(seconds):.1f} s, "
              f"{samples / float(seconds):,.0f} samples/s")
    print(f"documents equal: {len(documents) == 1}")
    if len(documents) != 1:
        raise SystemExit("the runs' results differ")


def tree_rss(process: psutil.Process) -> tuple[int, int]:
    """The resident memory of ``process`` and its descendants: (sum, largest)."""
    sizes = []
    for member in [process, *process.children(recursive=True)]:
        try:
            sizes.append(member.memory_info().rss)
        except psutil.Error:
            pass
    return sum(sizes), max(sizes, default=0)


def long_run(samples: int, deadline: float) -> None:
    command = [sys.executable, "-m", "stability", "robustness", "mosul", "--samples",
               str(samples), "--workers", "2", "--json"]
    print("command:", " ".join(command[1:]))
    print("load before:", os.getloadavg())
    begin = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    watched = psutil.Process(child.pid)
    peak_sum = peak_one = 0
    last_report = begin
    while child.poll() is None:
        total, largest = tree_rss(watched)
        peak_sum, peak_one = max(peak_sum, total), max(peak_one, largest)
        now = time.perf_counter()
        if now - last_report > 60:
            last_report = now
            print(f"  {now - begin:.0f} s: tree RSS {total / 2**20:,.0f} MiB "
                  f"(peak {peak_sum / 2**20:,.0f} MiB), load {os.getloadavg()[0]:.2f}",
                  flush=True)
        if deadline and now - begin > deadline:
            child.send_signal(signal.SIGINT)  # Ctrl-C: the command cancels its chunks
            child.wait()
            print(f"NOT FINISHED: stopped after {now - begin:.0f} s (--deadline); peak RSS "
                  f"of the process tree so far {peak_sum / 2**20:,.0f} MiB (largest process "
                  f"{peak_one / 2**20:,.0f} MiB)")
            return
        time.sleep(0.5)
    out, err = child.communicate()
    wall = time.perf_counter() - begin
    print("load after:", os.getloadavg())
    if child.returncode != 0:
        raise SystemExit(f"exit {child.returncode}: {err.decode()}")
    print(f"{samples:,} samples on 2 workers: {wall:.0f} s ({wall / 60:.1f} min), "
          f"{samples / wall:,.0f} samples/s; peak RSS of the process tree "
          f"{peak_sum / 2**20:,.0f} MiB (largest process {peak_one / 2**20:,.0f} MiB)")
    print(out.decode()[:400])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=4_000_000)
    parser.add_argument("--long", type=int, default=0)
    parser.add_argument("--deadline", type=float, default=0,
                        help="stop the long run (Ctrl-C) after this many seconds")
    options = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()}")
    if options.samples:
        rate(options.samples)
    if options.long:
        long_run(options.long, options.deadline)


if __name__ == "__main__":
    main()
