"""Two-player equilibrium enumeration, side by side: ours vs lrsnash vs nashpy vs Gambit.

Random n x n games with integer payoffs drawn uniformly from 0..99 (fixed seeds).
Columns: method ``all`` (ours, exact); lrsnash (lrslib, exact; run when the
command is installed: ``apt-get install lrslib``); nashpy's ``vertex_enumeration``
(float); Gambit's ``enummixed`` in floating point and in exact rationals (run when
pygambit is installed: ``pip install ".[gambit]"``). Nothing is installed by this
script. Slow references are skipped above a size (see the options); the table
says so. Each time is given as wall-clock seconds and CPU seconds (ours: this
process; lrsnash: the child process), because on a shared machine the wall clock
also counts the time other jobs hold the cores; the ratio ours / lrsnash is
given for both, as the median over the seeds.

Run:  python benchmarks/bench_two_player.py [--sizes 8 10 12 14 16] [--seeds 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import nashpy
import numpy as np

from stability.model.game import Game
from stability.solvers.enummixed import enumerate_extreme_equilibria

try:
    import pygambit as gbt
except ImportError:  # the optional extra
    gbt = None

LRSNASH = shutil.which("lrsnash")


def timed(run: Callable[[], int]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of this process, and the count returned."""
    wall, cpu = time.perf_counter(), time.process_time()
    count = run()
    return time.perf_counter() - wall, time.process_time() - cpu, count


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def lrsnash_run(row: Any, column: Any, folder: Path) -> tuple[float, float, int]:
    """Time lrsnash on one game: wall seconds, its CPU seconds, distinct equilibria."""
    assert LRSNASH is not None
    m, n = row.shape
    path = folder / f"game-{m}x{n}.txt"
    tables = ["\n".join(" ".join(str(int(v)) for v in r) for r in t) for t in (row, column)]
    path.write_text(f"{m} {n}\n\n{tables[0]}\n\n{tables[1]}\n")
    wall, cpu = time.perf_counter(), children_cpu()
    output = subprocess.run([LRSNASH, str(path)], capture_output=True, text=True, check=True).stdout
    wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
    found = set()
    for block in output.split("\n\n"):
        rows, columns = [], []
        for line in block.splitlines():
            fields = line.split()
            if fields and fields[0] in ("1", "2"):
                strategy = tuple(Fraction(v) for v in fields[1:-1])
                (rows if fields[0] == "1" else columns).append(strategy)
        found |= {(x, y) for x in rows for y in columns}
    return wall, cpu, len(found)


def median(values: list[float] | None) -> str:
    return f"{statistics.median(values):.3f}" if values else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 10, 12, 14, 16])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--nashpy-max", type=int, default=6, help="largest size for nashpy")
    parser.add_argument(
        "--gambit-float-max", type=int, default=12, help="largest size for Gambit float"
    )
    parser.add_argument(
        "--gambit-rational-max", type=int, default=10, help="largest size for Gambit rational"
    )
    options = parser.parse_args()
    warnings.simplefilter("ignore")
    lrs = "lrsnash: " + (LRSNASH or "not installed (apt-get install lrslib)")
    gambit = f"pygambit {gbt.__version__}" if gbt else "pygambit not installed"
    print(f"python {platform.python_version()}, nashpy {nashpy.__version__}, {gambit}, {lrs}")
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.1f}")
    print(
        f"{'size':>5} {'seed':>4} {'eq':>4} {'ours wall/cpu':>15} {'lrsnash wall/cpu':>17} "
        f"{'nashpy':>8} {'gambit float':>13} {'gambit rational':>16}"
    )
    summary: dict[tuple[int, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for size in options.sizes:
            for seed in range(options.seeds):
                rng = np.random.default_rng(seed)
                row, column = rng.integers(0, 100, size=(2, size, size))
                game = Game.from_integers([row, column])
                cells: dict[str, str] = {}
                wall, cpu, count = timed(
                    lambda: len(enumerate_extreme_equilibria(game).equilibria)  # noqa: B023
                )
                summary.setdefault((size, "ours"), []).append(wall)
                summary.setdefault((size, "ours cpu"), []).append(cpu)
                cells["ours"] = f"{wall:.3f}/{cpu:.3f}"
                if LRSNASH:
                    lrs_wall, lrs_cpu, found = lrsnash_run(row, column, folder)
                    summary.setdefault((size, "lrsnash"), []).append(lrs_wall)
                    summary.setdefault((size, "lrsnash cpu"), []).append(lrs_cpu)
                    summary.setdefault((size, "ratio"), []).append(wall / lrs_wall)
                    summary.setdefault((size, "ratio cpu"), []).append(cpu / max(lrs_cpu, 1e-3))
                    mark = "" if found == count else f" ({found} eq!)"
                    cells["lrsnash"] = f"{lrs_wall:.3f}/{lrs_cpu:.3f}{mark}"
                else:
                    cells["lrsnash"] = "not installed"
                reference = gbt.Game.from_arrays(row.tolist(), column.tolist()) if gbt else None
                runs: dict[str, tuple[bool, Callable[[], int]]] = {
                    "nashpy": (
                        size <= options.nashpy_max,
                        lambda: len(list(nashpy.Game(row, column).vertex_enumeration())),  # noqa: B023
                    ),
                    "float": (
                        gbt is not None and size <= options.gambit_float_max,
                        lambda: len(gbt.nash.enummixed_solve(reference, rational=False).equilibria),  # noqa: B023
                    ),
                    "rational": (
                        gbt is not None and size <= options.gambit_rational_max,
                        lambda: len(gbt.nash.enummixed_solve(reference, rational=True).equilibria),  # noqa: B023
                    ),
                }
                for name, (enabled, run) in runs.items():
                    if not enabled:
                        cells[name] = "skipped"
                        continue
                    seconds, _, found = timed(run)
                    summary.setdefault((size, name), []).append(seconds)
                    mark = "" if found == count or name == "nashpy" else f" ({found} eq!)"
                    cells[name] = f"{seconds:.3f}{mark}"
                print(
                    f"{size:>5} {seed:>4} {count:>4} {cells['ours']:>15} {cells['lrsnash']:>17} "
                    f"{cells['nashpy']:>8} {cells['float']:>13} {cells['rational']:>16}",
                    flush=True,
                )
    print(f"\nmedians over {options.seeds} seeds (seconds; ratio = ours / lrsnash per game)")
    print(
        "| n | ours wall | ours CPU | lrsnash wall | lrsnash CPU | ratio wall | ratio CPU "
        "| nashpy | Gambit float | Gambit rational |"
    )
    print("| --- " * 10 + "|")
    for size in options.sizes:
        names = ["ours", "ours cpu", "lrsnash", "lrsnash cpu", "ratio", "ratio cpu"]
        names += ["nashpy", "float", "rational"]
        cells_out = [median(summary.get((size, name))) for name in names]
        print(f"| {size} | " + " | ".join(cells_out) + " |")


if __name__ == "__main__":
    main()
