"""Pure equilibria of N-player games: known answers and properties against brute force."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.model.game import Game
from stability.solvers import solve
from stability.solvers.pure import pure_equilibria, pure_equilibria_gen


def brute_force(game: Game) -> list[tuple[int, ...]]:
    """Every profile at which no player gains by a unilateral deviation (Fractions)."""
    found = []
    for profile in itertools.product(*(range(n) for n in game.shape)):
        stable = True
        for player in range(game.n_players):
            here = game.payoff(player, profile)
            for other in range(game.shape[player]):
                deviation = list(profile)
                deviation[player] = other
                if game.payoff(player, deviation) > here:
                    stable = False
        if stable:
            found.append(profile)
    return found


@st.composite
def games(draw: Any, max_players: int = 4, max_strategies: int = 3) -> Game:
    """Small N-player games with many ties and rational payoffs of mixed denominators."""
    players = draw(st.integers(1, max_players))
    shape = tuple(draw(st.lists(st.integers(1, max_strategies), min_size=players,
                                max_size=players)))
    size = int(np.prod(shape))
    values = st.one_of(
        st.integers(-2, 2),  # few values: ties and degenerate games
        st.fractions(min_value=-3, max_value=3, max_denominator=7),
    )
    tables = [
        np.array(draw(st.lists(values, min_size=size, max_size=size)), dtype=object)
        .reshape(shape)
        for _ in range(players)
    ]
    return Game.from_payoffs([t.tolist() for t in tables])


def three_player_coordination() -> Game:
    """Unanimity game: everyone gets 1 when all three choose the same strategy, else 0."""
    s = np.indices((2, 2, 2))
    same = ((s[0] == s[1]) & (s[1] == s[2])).astype(int)
    return Game.from_integers([same, same, same])


def mckelvey_mclennan() -> Game:
    """Gambit's contrib/games/2x2x2.nfg, the 2x2x2 example of McKelvey and McLennan.

    McKelvey and McLennan (1997), "The maximal number of regular totally mixed Nash
    equilibria", J. Econ. Theory 72:411-425; 9 equilibria, 2 of them totally mixed.
    """
    payoffs = {(0, 0, 0): (9, 8, 12), (1, 1, 0): (9, 8, 2), (1, 0, 1): (3, 4, 6),
               (0, 1, 1): (3, 4, 6)}
    tables = [np.zeros((2, 2, 2), dtype=np.int64) for _ in range(3)]
    for profile, values in payoffs.items():
        for player, value in enumerate(values):
            tables[player][profile] = value
    return Game.from_integers(tables)


# -- known answers ------------------------------------------------------------------


def test_three_player_coordination() -> None:
    # By hand: at a unanimous profile a deviation loses 1; elsewhere the player in
    # the minority gains 1 by joining the other two.
    assert pure_equilibria(three_player_coordination()) == [(0, 0, 0), (1, 1, 1)]


def test_mckelvey_mclennan_pure_equilibria() -> None:
    # The four pure ones among the nine equilibria (Gambit's enumpoly lists them).
    assert pure_equilibria(mckelvey_mclennan()) == [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)]


def test_jordan_has_no_pure_equilibrium() -> None:
    # Jordan (1993), "Three problems in learning mixed-strategy Nash equilibria",
    # Games Econ. Behav. 5:368-386: the game cycles, no pure equilibrium.
    s = np.indices((2, 2, 2))
    jordan = Game.from_integers([
        np.where(s[0] == s[1], 1, -1), np.where(s[1] == s[2], 1, -1),
        np.where(s[2] != s[0], 1, -1),
    ])
    assert pure_equilibria(jordan) == []


def test_gambit_coord3_two_players() -> None:
    # Gambit's contrib/games/coord3.nfg, "3x3 coordination game with 7 Nash
    # equilibria": 3 pure (the diagonal), cross-checked by brute force.
    game = Game.from_payoffs([[[3, 0, 0], [0, 2, 0], [0, 0, 1]],
                              [[2, 0, 0], [0, 2, 0], [0, 0, 4]]])
    assert pure_equilibria(game) == [(0, 0), (1, 1), (2, 2)] == brute_force(game)


def test_prisoners_dilemma_through_solve() -> None:
    pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    result = solve(pd, "pure")
    assert [e.pure_profile for e in result.equilibria] == [(1, 1)]


def test_huge_integers_compare_exactly() -> None:
    # 2**70 + 1 and 2**70 are equal as floats; the exact comparison must tell them apart.
    big = 2**70
    game = Game.from_payoffs([[[big], [big + 1]], [[0], [0]]])
    assert game.numerators[0].dtype == object
    assert pure_equilibria(game) == [(1, 0)]


def test_close_rationals_compare_exactly() -> None:
    third = Fraction(1, 3)
    near = Fraction(33333333333333333, 100000000000000000)  # equal to 1/3 as a float
    game = Game.from_payoffs([[[third], [near]], [[0], [0]]])
    assert pure_equilibria(game) == [(0, 0)]


def test_one_player_game() -> None:
    assert pure_equilibria(Game.from_payoffs([[2, 5, 5]])) == [(1,), (2,)]


# -- streaming, progress, interruption ---------------------------------------------


def test_chunks_and_progress() -> None:
    rng = np.random.default_rng(7)
    game = Game.from_integers([rng.integers(0, 3, size=(3, 4, 2, 3)) for _ in range(4)])
    expected = brute_force(game)
    calls: list[tuple[int, int]] = []
    for chunk in (1, 2, 5, 7, 24, 25, 72, 10_000):
        calls.clear()
        found = list(pure_equilibria_gen(game, chunk_profiles=chunk,
                                         progress=lambda d, t: calls.append((d, t))))
        assert found == expected
        assert calls[0] == (0, 72) and calls[-1] == (72, 72)
        assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:], strict=False))


def test_interrupt_propagates_and_returns_nothing() -> None:
    game = Game.from_integers([np.zeros((4, 4, 4), dtype=np.int64)] * 3)

    def stop(done: int, total: int) -> None:
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pure_equilibria(game, chunk_profiles=4, progress=stop)


def test_bad_chunk_size() -> None:
    with pytest.raises(ValueError):
        pure_equilibria(three_player_coordination(), chunk_profiles=0)


# -- properties ---------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(games(), st.integers(1, 12))
def test_equals_brute_force(game: Game, chunk: int) -> None:
    assert pure_equilibria(game, chunk_profiles=chunk) == brute_force(game)


@settings(max_examples=60, deadline=None)
@given(games(), st.randoms(use_true_random=False))
def test_relabelling_permutes_the_answer(game: Game, random: Any) -> None:
    orders = [random.sample(range(n), n) for n in game.shape]
    tables = [game.exact_payoffs(i)[np.ix_(*orders)] for i in range(game.n_players)]
    relabelled = game.with_payoffs(tables)
    # new strategy k of player i is old strategy orders[i][k]
    mapped = sorted(
        tuple(orders[i][k] for i, k in enumerate(profile))
        for profile in pure_equilibria(relabelled)
    )
    assert mapped == pure_equilibria(game)


@settings(max_examples=60, deadline=None)
@given(games(), st.data())
def test_positive_affine_transformation_changes_nothing(game: Game, data: Any) -> None:
    tables = []
    for i in range(game.n_players):
        factor = data.draw(st.fractions(min_value=Fraction(1, 9), max_value=9))
        shift = data.draw(st.fractions(min_value=-9, max_value=9, max_denominator=5))
        tables.append(game.exact_payoffs(i) * factor + shift)
    assert pure_equilibria(game.with_payoffs(tables)) == pure_equilibria(game)
