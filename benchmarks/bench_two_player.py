"""Two-player equilibrium enumeration, side by side: ours vs nashpy vs Gambit.

Random n x n games with integer payoffs drawn uniformly from 0..99 (fixed seeds).
Columns: method ``all`` (exact), nashpy's ``vertex_enumeration`` (float), Gambit's
``enummixed`` in floating point and in exact rationals. Slow references are
skipped above a size (see the options); the table says so.

Run:  .venv/bin/python benchmarks/bench_two_player.py
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import warnings
from collections.abc import Callable

import nashpy
import numpy as np
import pygambit as gbt

from stability.model.game import Game
from stability.solvers.enummixed import enumerate_extreme_equilibria


def timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    count = run()
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 10, 12])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--nashpy-max", type=int, default=8, help="largest size for nashpy")
    parser.add_argument(
        "--gambit-rational-max", type=int, default=10, help="largest size for Gambit rational"
    )
    options = parser.parse_args()
    warnings.simplefilter("ignore")
    versions = f"nashpy {nashpy.__version__}, pygambit {gbt.__version__}"
    print(f"python {platform.python_version()}, {versions}")
    header = (
        f"{'size':>5} {'seed':>4} {'eq':>4} {'ours (exact)':>13} {'nashpy vertex':>14} "
        f"{'gambit float':>13} {'gambit rational':>16}"
    )
    print(header)
    summary: dict[tuple[int, str], list[float]] = {}
    for size in options.sizes:
        for seed in range(options.seeds):
            rng = np.random.default_rng(seed)
            row, column = rng.integers(0, 100, size=(2, size, size))
            game = Game.from_integers([row, column])
            reference = gbt.Game.from_arrays(row.tolist(), column.tolist())
            cells: dict[str, str] = {}
            ours, count = timed(lambda: len(enumerate_extreme_equilibria(game).equilibria))  # noqa: B023
            summary.setdefault((size, "ours"), []).append(ours)
            cells["ours"] = f"{ours:.3f}"
            runs: dict[str, tuple[bool, Callable[[], int]]] = {
                "nashpy": (
                    size <= options.nashpy_max,
                    lambda: len(list(nashpy.Game(row, column).vertex_enumeration())),  # noqa: B023
                ),
                "float": (
                    True,
                    lambda: len(gbt.nash.enummixed_solve(reference, rational=False).equilibria),  # noqa: B023
                ),
                "rational": (
                    size <= options.gambit_rational_max,
                    lambda: len(gbt.nash.enummixed_solve(reference, rational=True).equilibria),  # noqa: B023
                ),
            }
            for name, (enabled, run) in runs.items():
                if not enabled:
                    cells[name] = "skipped"
                    continue
                seconds, found = timed(run)
                summary.setdefault((size, name), []).append(seconds)
                mark = "" if found == count or name == "nashpy" else f" ({found} eq!)"
                cells[name] = f"{seconds:.3f}{mark}"
            print(
                f"{size:>5} {seed:>4} {count:>4} {cells['ours']:>13} {cells['nashpy']:>14} "
                f"{cells['float']:>13} {cells['rational']:>16}"
            )
    print("\nmedian seconds per game")
    for size in options.sizes:
        parts = []
        for name in ("ours", "nashpy", "float", "rational"):
            values = summary.get((size, name))
            parts.append(f"{name} {statistics.median(values):.3f}" if values else f"{name} skipped")
        print(f"{size}x{size}: " + ", ".join(parts))


if __name__ == "__main__":
    main()
