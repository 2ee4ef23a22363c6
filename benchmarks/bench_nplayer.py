"""N-player equilibrium enumeration, side by side: method ``enumerate`` vs Gambit's enumpoly.

Random games of the given shapes with integer payoffs drawn uniformly from 0..99
(fixed seeds), plus the bundled Mosul scenario's joint game. Columns: method
``enumerate`` (every equilibrium, exact: rational or algebraic numbers), and, when
pygambit is installed, Gambit's ``enumpoly_solve`` (floating point) in the same
run, with a check that every point Gambit reports is among ours. Times are CPU
seconds (this process and its children: the exact algebra may run in a child), so
that a loaded machine inflates them less. ``--limit`` stops each of our solves
(``--time-limit``); a stopped solve is marked "(stopped)".

Run:  python benchmarks/bench_nplayer.py [--shapes 2x2x2x2x2 3x3x3 5x4x3] [--seeds 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import resource
import statistics
from collections.abc import Callable
from typing import Any

import numpy as np

from stability.errors import TooLargeError
from stability.model.game import Game
from stability.solvers.budget import Budget
from stability.solvers.enumpoly import enumerate_equilibria
from stability.solvers.result import SolveResult


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = cpu()
    value = run()
    return cpu() - start, value


def gambit_points(game: Game) -> list[list[list[float]]]:
    import pygambit as gbt

    g = gbt.Game.from_arrays(*[np.asarray(t, dtype=object) for t in game.numerators])
    result = gbt.nash.enumpoly_solve(g)
    return [
        [[float(p[s]) for s in player.strategies] for player in g.players]
        for p in result.equilibria
    ]


def covers(ours: SolveResult, theirs: list[list[list[float]]]) -> bool:
    def near(point: list[list[float]], profile: tuple[tuple[float, ...], ...]) -> bool:
        return all(
            abs(a - b) < 1e-6
            for x, y in zip(point, profile, strict=True)
            for a, b in zip(x, y, strict=True)
        )

    supports = {support for s in ours.sets for support in (s.supports or (s.support,))}
    for point in theirs:
        support = tuple(tuple(k for k, p in enumerate(m) if p > 1e-9) for m in point)
        if not any(near(point, e.profile) for e in ours.equilibria) and support not in supports:
            return False
    return True


def describe(result: SolveResult) -> str:
    pure = sum(e.pure for e in result.equilibria)
    algebraic = sum(e.algebraic is not None for e in result.equilibria)
    text = f"{len(result.equilibria)} ({pure} pure, {algebraic} irrational"
    if result.sets:
        text += f", {len(result.sets)} continua"
    return text + ")" + ("" if result.complete else " (stopped)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", default=["2x2x2", "2x2x2x2", "3x3x3"])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=None, help="time limit of our solves (s)")
    args = parser.parse_args()
    gambit = importlib.util.find_spec("pygambit") is not None
    print(f"Python {platform.python_version()}, {platform.machine()}, gambit: {gambit}")
    print()
    print(
        "| game | seed | equilibria (ours) | `enumerate` (ours, exact) | Gambit enumpoly | "
        "Gambit's points among ours |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    medians: dict[str, list[float]] = {}
    cases: list[tuple[str, str, Game]] = []
    for shape_text in args.shapes:
        shape = tuple(int(v) for v in shape_text.split("x"))
        for seed in range(args.seeds):
            rng = np.random.default_rng(seed)
            tables = [rng.integers(0, 100, size=shape) for _ in shape]
            cases.append((shape_text, str(seed), Game.from_integers(tables)))
    from stability.analysis.joint import joint_game
    from stability.cli.common import load_scenario

    cases.append(("Mosul joint game", "-", joint_game(load_scenario("mosul", None))))
    for name, seed, game in cases:
        try:
            ours_time, ours = timed(
                lambda game=game: enumerate_equilibria(game, Budget(seconds=args.limit))
            )
        except TooLargeError as refusal:
            print(f"| {name} | {seed} | refused: {str(refusal)[:60]}… | - | - | - |")
            continue
        medians.setdefault(name, []).append(ours_time)
        if gambit:
            gambit_time, theirs = timed(lambda game=game: gambit_points(game))
            gambit_text = f"{gambit_time:.3f} s ({len(theirs)} points)"
            check = "yes" if covers(ours, theirs) else "NO"
        else:
            gambit_text, check = "not installed", "-"
        print(
            f"| {name} | {seed} | {describe(ours)} | {ours_time:.2f} s | {gambit_text} | {check} |"
        )
    print()
    for name, times in medians.items():
        print(f"median {name}: {statistics.median(times):.2f} s (max {max(times):.2f} s)")


if __name__ == "__main__":
    main()
