"""Cross-checks of method ``enumerate`` against Gambit's ``enumpoly`` (skipped without
pygambit, the optional ``gambit`` extra): on random 3x3x3 and 2x2x2x2 games and on the
Mosul coalition game at its defaults and at several other parameter points, every
equilibrium Gambit reports is among ours (ours may hold more: Gambit's enumpoly
misses some), and every one of ours is verified."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from stability.analysis.joint import scenario_game
from stability.cli.common import load_scenario
from stability.model.game import Game
from stability.solvers.enumpoly import enumerate_equilibria
from stability.solvers.regret import float_regrets, is_exact_equilibrium, payoff_scale
from stability.solvers.result import SolveResult

gbt = pytest.importorskip("pygambit")


#: Wall seconds given to Gambit's enumpoly at one game. It answers every game here in
#: under 3 s CPU but one Mosul point (``mosul_points(8)[3]``, where ours takes 0.1 s),
#: on which it gave no answer in 5 minutes of CPU.
GAMBIT_SECONDS = 20


def _gambit_child(numerators: list[object], connection: Any) -> None:
    tables = [np.asarray(t, dtype=object) for t in numerators]
    g = gbt.Game.from_arrays(*tables)
    result = gbt.nash.enumpoly_solve(g)
    connection.send([[[float(p[s]) for s in player.strategies] for player in g.players]
                     for p in result.equilibria])


def gambit_enumpoly(game: Game) -> list[list[list[float]]]:
    """Gambit's equilibria of ``game``, or an expected failure (xfail) naming the game
    when Gambit gives no answer within :data:`GAMBIT_SECONDS`.

    Gambit runs in a forked child: its C++ loop cannot be interrupted from Python.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_gambit_child, args=(game.numerators, send))
    child.start()
    send.close()
    try:
        if not receive.poll(GAMBIT_SECONDS):
            pytest.xfail(f"Gambit's enumpoly gave no answer in {GAMBIT_SECONDS} s on a "
                         f"{'x'.join(map(str, game.shape))} game (ours is checked above)")
        found: list[list[list[float]]] = receive.recv()
        return found
    finally:
        child.kill()
        child.join()
        receive.close()


def covered(point: list[list[float]], result: SolveResult) -> bool:
    """Gambit's point is one of our isolated equilibria, or lies on one of our continua
    (the same support, and an equilibrium)."""
    for equilibrium in result.equilibria:
        distance = max(abs(a - b) for x, y in zip(point, equilibrium.profile, strict=True)
                       for a, b in zip(x, y, strict=True))
        if distance < 1e-6:
            return True
    support = tuple(tuple(k for k, p in enumerate(m) if p > 1e-9) for m in point)
    regret = float(np.max(float_regrets(result.game, point)))
    return regret < 1e-7 * payoff_scale(result.game) and any(
        support in s.supports for s in result.sets
    )


def check_superset(game: Game) -> tuple[SolveResult, list[list[list[float]]]]:
    """Ours verified, then every one of Gambit's covered: (ours, Gambit's)."""
    result = enumerate_equilibria(game)
    assert result.complete, result.notes
    for equilibrium in result.equilibria:
        if equilibrium.exact is not None:
            assert is_exact_equilibrium(game, equilibrium.exact)
    theirs = gambit_enumpoly(game)
    missing = [p for p in theirs if not covered(p, result)]
    assert not missing
    return result, theirs


@pytest.mark.parametrize(
    ("shape", "seed"),
    [((3, 3, 3), 1), ((2, 2, 2, 2), 0), ((2, 2, 2, 2), 1), ((2, 2, 2, 2, 2), 1), ((4, 3, 2), 0)],
)
def test_random_games_superset_of_gambit(shape: tuple[int, ...], seed: int) -> None:
    rng = np.random.default_rng(seed)
    game = Game.from_integers([rng.integers(0, 100, size=shape) for _ in shape])
    result, theirs = check_superset(game)
    assert len(result.equilibria) >= len(theirs)


def mosul_points(count: int) -> list[list[str]]:
    """``--set`` lists: the defaults, then points drawn on a grid of each parameter's range."""
    scenario = load_scenario("mosul", None)
    rng = np.random.default_rng(0)
    points: list[list[str]] = [[]]
    for _ in range(count):
        sets = []
        for p in scenario.parameters:
            low, high = (Fraction(v) for v in p.range)
            sets.append(f"{p.name}={low + (high - low) * Fraction(int(rng.integers(0, 9)), 8)}")
        points.append(sets)
    return points


@pytest.mark.parametrize("sets", mosul_points(8))
def test_mosul_joint_game_superset_of_gambit(sets: list[str]) -> None:
    game = scenario_game(load_scenario("mosul", sets), game=None)
    check_superset(game)
