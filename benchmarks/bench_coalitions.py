"""Coalition structures: every structure of 4, 5 and 6 actors, against the plain reference.

For random games of ``n`` actors with two strategies each, the CPU time of
:func:`~stability.analysis.coalitions.coalition_analysis` (every structure's
equilibria, the five stability verdicts including Chwe's largest consistent set, and
the moves), beside the plainly written reference of ``tests/coalitions_reference.py``
(every deviation tried one at a time with Fractions) where it finishes quickly; then
8 and 10 actors with ``--limit`` (structures drawn at random, each with every
structure one move away).

Run: ``PYTHONPATH=. python benchmarks/bench_coalitions.py``.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

import numpy as np

from stability.analysis.coalitions import MAX_ACTORS, bell, coalition_analysis
from stability.analysis.coalitions.evaluate import MAX_SAMPLE
from stability.model.game import Game


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def random_game(n: int, seed: int) -> Game:
    rng = np.random.default_rng(seed)
    shape = (2,) * n
    return Game.from_payoffs([rng.integers(-5, 6, size=shape) for _ in range(n)])


def reference_seconds(game: Game) -> float:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from coalitions_reference import equilibria, partitions, strictly_prefers, verdicts

    start = cpu()
    n = game.n_players
    everyone = list(partitions(list(range(n))))
    eq = {p: equilibria(game.payoff, game.shape, p, False) for p in everyone}
    values = {i: {p: [game.payoff(i, q) for q in eq[p]] for p in everyone} for i in range(n)}
    verdicts(n, lambda i, to, start: strictly_prefers("pessimistic", values[i], to, start))
    return cpu() - start


def main() -> None:
    coalition_analysis(random_game(3, 0))  # imports and caches
    for n in range(3, MAX_ACTORS + 1):
        times = []
        for seed in range(3):
            game = random_game(n, seed)
            start = cpu()
            coalition_analysis(game)
            times.append(cpu() - start)
        line = f"{n} actors, {bell(n):>4} structures: {min(times):.3f} s CPU (best of 3)"
        if n <= 4:
            line += f"; plain reference {reference_seconds(random_game(n, 0)):.2f} s"
        print(line)
    for n, limit in ((8, 100), (10, 100), (10, MAX_SAMPLE)):
        game = random_game(n, 0)
        start = cpu()
        result = coalition_analysis(game, limit=limit)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"{n} actors, {limit} drawn (--limit): {len(result.structures):,} structures "
              f"evaluated, {cpu() - start:.2f} s CPU, peak {peak} MB so far")


if __name__ == "__main__":
    main()
