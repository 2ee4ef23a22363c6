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

``--degenerate`` runs the degenerate table instead (issue 24 goal 4): 0/1 payoffs
(``rng.integers(0, 2)``) at 6x6, 8x8, 10x10 and payoffs in [-5, 5] at 10x10, seeds
0, 1, 2; CPU seconds of ``stability solve GAME.nfg --method all --json`` as a
whole process (the CLI's start-up counted), of the solver alone in this process,
and of lrsnash (a process, repeated ``--repeat`` times and averaged); with
``--before DIR`` (a checkout of an older commit, e.g. ``git worktree add
/tmp/twoplayer-before main``) the older solver is timed too, in a child process.
Each row checks that every column finds the same number of equilibria.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
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


DEGENERATE_GAMES = [("0/1", 6, 0, 2), ("0/1", 8, 0, 2), ("0/1", 10, 0, 2), ("[-5, 5]", 10, -5, 6)]

_IN_PROCESS = """
import sys, time, numpy as np
from stability.model.game import Game
from stability.solvers.enummixed import enumerate_extreme_equilibria
low, high, size, seed = (int(v) for v in sys.argv[1:5])
row, column = np.random.default_rng(seed).integers(low, high, size=(2, size, size))
game = Game.from_integers([row, column])
enumerate_extreme_equilibria(Game.from_integers([row[:2, :2], column[:2, :2]]))  # warm up
cpu = time.process_time()
count = len(enumerate_extreme_equilibria(game).equilibria)
print(time.process_time() - cpu, count)
"""


def write_nfg(path: Path, row: Any, column: Any) -> None:
    m, n = row.shape
    payoffs = " ".join(f"{int(row[i, j])} {int(column[i, j])}" for j in range(n) for i in range(m))
    path.write_text(f'NFG 1 R "bench" {{ "1" "2" }} {{ {m} {n} }}\n\n{payoffs}\n')


def in_process(checkout: Path, low: int, high: int, size: int, seed: int) -> tuple[float, int]:
    """Solver CPU seconds and equilibria, in a child process running ``checkout``'s code."""
    environment = dict(os.environ, PYTHONPATH=str(checkout))
    output = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS, str(low), str(high), str(size), str(seed)],
        capture_output=True, text=True, check=True, env=environment, cwd=checkout,
    ).stdout.split()  # fmt: skip
    return float(output[0]), int(output[1])


def cli_run(checkout: Path, path: Path) -> tuple[float, int]:
    """CPU seconds of a whole ``stability solve --method all --json`` process."""
    environment = dict(os.environ, PYTHONPATH=str(checkout))
    cpu = children_cpu()
    output = subprocess.run(
        [sys.executable, "-m", "stability", "solve", str(path), "--method", "all", "--json"],
        capture_output=True, text=True, check=True, env=environment, cwd=checkout,
    ).stdout  # fmt: skip
    return children_cpu() - cpu, len(json.loads(output)["equilibria"])


def degenerate(options: argparse.Namespace) -> None:
    """The degenerate table: ours (CLI and in-process), before, lrsnash."""
    here = Path(__file__).resolve().parent.parent
    print(f"python {platform.python_version()}, lrsnash: {LRSNASH or 'not installed'}")
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.1f}")
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for label, size, low, high in DEGENERATE_GAMES:
            cells: dict[str, list[float]] = {}
            counts = []
            for seed in range(options.seeds):
                row, column = np.random.default_rng(seed).integers(low, high, size=(2, size, size))
                path = folder / f"game-{size}-{low}-{seed}.nfg"
                write_nfg(path, row, column)
                cli, count = cli_run(here, path)
                solver, count_solver = in_process(here, low, high, size, seed)
                found = {count, count_solver}
                cells.setdefault("cli", []).append(cli)
                cells.setdefault("solver", []).append(solver)
                if options.before:
                    before, count_before = in_process(Path(options.before), low, high, size, seed)
                    cells.setdefault("before", []).append(before)
                    before_cli, count_before_cli = cli_run(Path(options.before), path)
                    cells.setdefault("before cli", []).append(before_cli)
                    found |= {count_before, count_before_cli}
                if LRSNASH:
                    lrs = 0.0
                    for _ in range(options.repeat):
                        _, lrs_cpu, count_lrs = lrsnash_run(row, column, folder)
                        lrs += lrs_cpu / options.repeat
                    cells.setdefault("lrsnash", []).append(lrs)
                    cells.setdefault("ratio cli", []).append(cli / max(lrs, 1e-4))
                    cells.setdefault("ratio solver", []).append(solver / max(lrs, 1e-4))
                    found.add(count_lrs)
                counts.append(count if len(found) == 1 else -1)
                differ = "" if len(found) == 1 else f" (counts differ: {found}!)"
                times = "".join(f", {k} {v[-1]:.4f}" for k, v in cells.items())
                print(f"{label} {size}x{size} seed {seed}: {count} equilibria{differ}{times}")
            rows.append((f"{label} {size}x{size}", counts, cells))
    print("\nmedians over the seeds (CPU seconds; ratios per game, then the median)")
    names = ["before", "before cli", "solver", "cli", "lrsnash", "ratio solver", "ratio cli"]
    print("| game | equilibria | " + " | ".join(names) + " |")
    print("| --- " * (len(names) + 2) + "|")
    for game, counts, cells in rows:
        values = [median(cells.get(name)) for name in names]
        print(f"| {game} | {', '.join(map(str, counts))} | " + " | ".join(values) + " |")


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
    parser.add_argument("--degenerate", action="store_true", help="the degenerate table")
    parser.add_argument("--before", help="a checkout of an older commit, timed too")
    parser.add_argument("--repeat", type=int, default=10, help="lrsnash runs averaged")
    options = parser.parse_args()
    warnings.simplefilter("ignore")
    if options.degenerate:
        degenerate(options)
        return
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
