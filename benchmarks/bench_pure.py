"""Pure equilibria of a 7-player, 5-strategy game (78,125 profiles): ours against QuantEcon.

Writes a random game as a Gambit ``.nfg`` file, then times, in one run:

* ours: ``stability.read_game(path)`` + ``pure_equilibria`` (file parsing included),
  and the two parts on their own;
* QuantEcon's ``pure_nash_brute`` on a ``NormalFormGame`` built from the same
  payoffs: its first (cold) call includes numba's JIT compilation, later calls are warm.

Run: ``.venv/bin/python benchmarks/bench_pure.py [--players 7] [--strategies 5]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import stability
from stability.io.nfg import write_nfg
from stability.model.game import Game
from stability.solvers.pure import pure_equilibria


def timed(action: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """The median wall time of ``repeats`` calls, and the last result."""
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def random_game(players: int, strategies: int, seed: int) -> Game:
    """Integer payoffs 0..99 (many ties, so several pure equilibria are likely)."""
    rng = np.random.default_rng(seed)
    shape = (strategies,) * players
    return Game.from_integers([rng.integers(0, 100, size=shape) for _ in range(players)])


def quantecon_game(game: Game) -> Any:
    """The same game as QuantEcon's ``NormalFormGame`` (own action first, then cyclically)."""
    from quantecon.game_theory import NormalFormGame, Player

    seats = []
    for i, table in enumerate(game.payoffs):
        order = [(i + k) % game.n_players for k in range(game.n_players)]
        seats.append(Player(np.ascontiguousarray(np.transpose(table, order))))
    return NormalFormGame(seats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=7)
    parser.add_argument("--strategies", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()

    from quantecon.game_theory import pure_nash_brute

    game = random_game(options.players, options.strategies, options.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.nfg"
        path.write_text(write_nfg(game), encoding="utf-8")
        size = path.stat().st_size

        parse_time, parsed = timed(lambda: stability.read_game(path), options.repeats)
        solve_time, ours = timed(lambda: pure_equilibria(parsed), options.repeats)
        total_time, _ = timed(lambda: pure_equilibria(stability.read_game(path)), options.repeats)

        qe_game = quantecon_game(parsed)
        cold_start = time.perf_counter()
        theirs = pure_nash_brute(qe_game)
        cold_time = time.perf_counter() - cold_start
        warm_time, theirs = timed(lambda: pure_nash_brute(qe_game), options.repeats)

    assert parsed.same_payoffs(game), "the .nfg round trip changed the payoffs"
    assert sorted(map(tuple, theirs)) == ours, "QuantEcon and stability disagree"

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, numpy {np.__version__}")
    print(f"game: {options.players} players x {options.strategies} strategies = "
          f"{game.n_profiles:,} profiles; .nfg file {size / 1e6:.1f} MB; "
          f"{len(ours)} pure equilibria (both agree)")
    print(f"median of {options.repeats} runs (QuantEcon cold: one run)")
    rows = [
        ("stability: read .nfg + pure_equilibria", total_time),
        ("  of which: read .nfg", parse_time),
        ("  of which: pure_equilibria", solve_time),
        ("QuantEcon pure_nash_brute, cold (numba JIT)", cold_time),
        ("QuantEcon pure_nash_brute, warm", warm_time),
    ]
    for label, seconds in rows:
        print(f"{label:<46} {seconds * 1000:10.1f} ms")
    print(f"speed-up, ours incl. parsing vs QuantEcon warm: {warm_time / total_time:.1f}x; "
          f"vs cold: {cold_time / total_time:.1f}x")


if __name__ == "__main__":
    main()
