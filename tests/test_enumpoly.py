"""Method ``enumerate``: every equilibrium of small N-player games, exactly.

Known answers (hand-solved or published), then property tests against
brute-force checks on tiny games.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from test_nplayer import jordan, mckelvey_mclennan

from stability.errors import TooLargeError
from stability.model.game import Game
from stability.solvers import auto_method, solve
from stability.solvers.budget import Budget
from stability.solvers.enumpoly import enumerate_equilibria, too_large
from stability.solvers.pure import pure_equilibria
from stability.solvers.regret import float_regrets, is_exact_equilibrium, payoff_scale
from stability.solvers.result import Equilibrium, SolveResult

F = Fraction
HALF = F(1, 2)


def cyclic_game(differences: dict[tuple[int, int], int]) -> Game:
    """A 2x2x2 game in which player ``i`` gets ``differences[(a, b)]`` from its first
    strategy when the next two players (cyclically) play ``a`` and ``b``, and 0 from
    its second: the indifference condition of player 1 is then bilinear in the next
    two players' probabilities."""
    tables = [np.zeros((2, 2, 2), dtype=np.int64) for _ in range(3)]
    for profile in itertools.product(range(2), repeat=3):
        for i in range(3):
            if profile[i] == 0:
                a, b = profile[(i + 1) % 3], profile[(i + 2) % 3]
                tables[i][profile] = differences[(a, b)]
    return Game.from_integers(tables)


def two_totally_mixed() -> Game:
    """Hand-solved. With ``q, r`` the next players' probabilities of their first
    strategy, player 1 gains ``q + r - 2qr - 3/8`` (times 8) from its first strategy.
    The map ``q -> (3/8 - q) / (1 - 2q)`` is an involution with fixed points 1/4 and
    3/4, so the totally mixed equilibria are everyone at 1/4 and everyone at 3/4;
    player 1 plays its first strategy purely exactly when the others differ, giving
    four pure equilibria; and one player at its first strategy with the others at
    5/8 gives three more (at 3/8 the first player would deviate): nine in all."""
    return cyclic_game({(0, 0): -3, (0, 1): 5, (1, 0): 5, (1, 1): -3})


def irrational_game() -> Game:
    """As :func:`two_totally_mixed` with ``q + r - 2qr - 1/4``: the totally mixed
    equilibria have everyone at ``(2 -+ sqrt 2) / 4``, roots of ``x^2 - x + 1/8``."""
    return cyclic_game({(0, 0): -1, (0, 1): 3, (1, 0): 3, (1, 1): -1})


def continuum_game() -> Game:
    """A Prisoner's Dilemma between players 1 and 2 that player 3 watches with zero
    payoffs: (Defect, Defect) with any mixture of player 3 is an equilibrium."""
    pd = [np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]])]
    tables = [np.repeat(t[:, :, None], 2, axis=2) for t in pd]
    return Game.from_integers([*tables, np.zeros((2, 2, 2), dtype=np.int64)])


def exact_profiles(result: SolveResult) -> set[tuple[tuple[Fraction, ...], ...]]:
    return {e.exact for e in result.equilibria if e.exact is not None}


def assert_verified(result: SolveResult) -> None:
    """Every reported point is an equilibrium: exactly (rational) or, for algebraic
    ones, to float precision here (they were verified exactly in the solver)."""
    game = result.game
    for equilibrium in result.equilibria:
        if equilibrium.exact is not None:
            assert is_exact_equilibrium(game, equilibrium.exact)
        else:
            assert equilibrium.algebraic is not None
            regret = float(np.max(float_regrets(game, equilibrium.profile)))
            assert regret <= 1e-9 * payoff_scale(game)
    pure = [e.pure_profile for e in result.equilibria if e.pure]
    assert pure == pure_equilibria(game)


def test_jordan_unique_equilibrium() -> None:
    # Jordan (1993): the unique equilibrium has every player mixing 1/2, 1/2
    result = enumerate_equilibria(jordan())
    assert_verified(result)
    assert [e.exact for e in result.equilibria] == [((HALF, HALF),) * 3]
    assert result.complete and not result.sets


def test_jordan_file_default_method() -> None:
    from stability.io import read_game

    game = read_game("games/jordan-matching-pennies.nfg")
    result = solve(game)
    assert result.method == "enumerate"
    assert [e.exact for e in result.equilibria] == [((HALF, HALF),) * 3]


def test_mckelvey_mclennan_all_nine() -> None:
    # McKelvey and McLennan (1997), J. Econ. Theory 72:411-425 (Gambit's
    # contrib/games/2x2x2.nfg): nine equilibria, two of them totally mixed
    result = enumerate_equilibria(mckelvey_mclennan())
    assert_verified(result)
    expected = {
        ((F(1), F(0)), (F(1), F(0)), (F(1), F(0))),
        ((F(1), F(0)), (F(0), F(1)), (F(0), F(1))),
        ((F(0), F(1)), (F(1), F(0)), (F(0), F(1))),
        ((F(0), F(1)), (F(0), F(1)), (F(1), F(0))),
        ((HALF, HALF), (HALF, HALF), (F(1), F(0))),
        ((F(1, 3), F(2, 3)), (F(1), F(0)), (F(1, 4), F(3, 4))),
        ((F(0), F(1)), (F(1, 4), F(3, 4)), (F(1, 3), F(2, 3))),
        ((HALF, HALF), (F(2, 5), F(3, 5)), (F(1, 4), F(3, 4))),
        ((F(2, 5), F(3, 5)), (HALF, HALF), (F(1, 3), F(2, 3))),
    }
    assert exact_profiles(result) == expected
    assert len(result.equilibria) == 9


def test_hand_solved_two_totally_mixed() -> None:
    result = enumerate_equilibria(two_totally_mixed())
    assert_verified(result)

    def first(*ps: Fraction) -> tuple[tuple[Fraction, ...], ...]:
        return tuple((p, 1 - p) for p in ps)

    one, zero, five = F(1), F(0), F(5, 8)
    expected = {
        first(one, one, zero), first(one, zero, one), first(zero, one, one),
        first(zero, zero, zero),
        first(one, five, five), first(five, one, five), first(five, five, one),
        first(F(1, 4), F(1, 4), F(1, 4)), first(F(3, 4), F(3, 4), F(3, 4)),
    }  # fmt: skip
    assert exact_profiles(result) == expected
    totally = [e for e in result.equilibria if all(len(s) == 2 for s in e.support)]
    assert len(totally) == 2


def test_irrational_equilibria_are_exact_algebraic_numbers() -> None:
    game = irrational_game()
    result = enumerate_equilibria(game)
    assert_verified(result)
    algebraic = [e for e in result.equilibria if e.algebraic is not None]
    assert len(algebraic) == 2
    root2 = sympy.sqrt(2)
    for equilibrium, value in zip(
        sorted(algebraic, key=lambda e: e.profile[0][0]),
        [(2 - root2) / 4, (2 + root2) / 4],
        strict=True,
    ):
        assert equilibrium.algebraic is not None
        for mixture in equilibrium.algebraic:
            assert mixture[0].polynomial == "x**2 - x + 1/8"
            assert abs(mixture[0].value - float(value)) < 1e-12
            low, high = (sympy.Rational(b.numerator, b.denominator)
                         for b in (mixture[0].low, mixture[0].high))
            assert low <= value <= high and high - low < sympy.Rational(1, 10**11)
        # an independent exact check: at p = q = r = value every player is indifferent
        q = value
        assert sympy.simplify(q + q - 2 * q * q - sympy.Rational(1, 4)) == 0


def test_continuum_reported_with_a_verified_sample() -> None:
    result = enumerate_equilibria(continuum_game())
    assert_verified(result)
    assert [e.pure_profile for e in result.equilibria if e.pure] == [(1, 1, 0), (1, 1, 1)]
    assert len(result.sets) == 1
    continuum = result.sets[0]
    assert continuum.support == ((1,), (1,), (0, 1)) and continuum.dimension == 1
    sample = result.equilibria[continuum.index]
    assert sample is continuum.sample and sample.exact is not None
    assert 0 < sample.exact[2][0] < 1
    assert is_exact_equilibrium(continuum_game(), sample.exact)


def test_size_limit_refused_with_the_limit() -> None:
    rng = np.random.default_rng(0)
    game = Game.from_integers([rng.integers(0, 9, size=(5, 5, 5)) for _ in range(3)])
    assert too_large(game.shape) is not None
    with pytest.raises(TooLargeError, match="limited to games with at most"):
        enumerate_equilibria(game)
    assert auto_method(game) == "pure+mixed"


def test_time_limit_marks_the_result_incomplete() -> None:
    rng = np.random.default_rng(1)
    game = Game.from_integers([rng.integers(0, 100, size=(3, 3, 3)) for _ in range(3)])
    result = enumerate_equilibria(game, Budget(seconds=0))
    assert not result.complete
    assert any("incomplete" in note for note in result.notes)
    assert_verified_subset(result)


def assert_verified_subset(result: SolveResult) -> None:
    for equilibrium in result.equilibria:
        if equilibrium.exact is not None:
            assert is_exact_equilibrium(result.game, equilibrium.exact)


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    enumerate_equilibria(jordan(), Budget(progress=lambda d, t: calls.append((d, t))))
    assert calls and calls[0][1] == 27


# -- properties against brute-force checks --------------------------------------------


@st.composite
def tiny_games(draw: Any) -> Game:
    players = draw(st.integers(2, 3))
    shape = tuple(draw(st.lists(st.integers(1, 2), min_size=players, max_size=players)))
    size = int(np.prod(shape))
    tables = [
        np.array(draw(st.lists(st.integers(-3, 3), min_size=size, max_size=size))).reshape(shape)
        for _ in shape
    ]
    return Game.from_integers(tables)


def _key(equilibrium: Equilibrium) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(round(p, 9) for p in mixture) for mixture in equilibrium.profile)


def _isolated(result: SolveResult) -> set[tuple[tuple[float, ...], ...]]:
    samples = {s.index for s in result.sets}
    return {_key(e) for k, e in enumerate(result.equilibria) if k not in samples}


@settings(max_examples=40, deadline=None)
@given(tiny_games())
def test_every_point_verified_and_pure_ones_complete(game: Game) -> None:
    result = enumerate_equilibria(game)
    assert_verified(result)
    # complete, or (degenerate games only) a support left unsettled, said so
    unsettled = any("not settled" in note for note in result.notes)
    assert result.complete != unsettled


@settings(max_examples=25, deadline=None)
@given(tiny_games(), st.data())
def test_relabelling_strategies_permutes_the_answer(game: Game, data: Any) -> None:
    player = data.draw(st.integers(0, game.n_players - 1))
    order = data.draw(st.permutations(range(game.shape[player])))
    tables = [np.take(t, order, axis=player) for t in game.numerators]
    relabelled = Game.from_integers(tables)
    original = _isolated(enumerate_equilibria(game))
    permuted = set()
    for profile in _isolated(enumerate_equilibria(relabelled)):
        back = list(profile)
        mixture = [0.0] * len(order)
        for new, old in enumerate(order):
            mixture[old] = profile[player][new]
        back[player] = tuple(mixture)
        permuted.add(tuple(back))
    assert permuted == original


@settings(max_examples=25, deadline=None)
@given(tiny_games(), st.integers(-5, 5), st.data())
def test_adding_a_constant_changes_nothing(game: Game, constant: int, data: Any) -> None:
    player = data.draw(st.integers(0, game.n_players - 1))
    tables = [t + (constant if i == player else 0) for i, t in enumerate(game.numerators)]
    shifted = Game.from_integers(tables)
    assert _isolated(enumerate_equilibria(shifted)) == _isolated(enumerate_equilibria(game))


@settings(max_examples=25, deadline=None)
@given(
    st.integers(2, 3).flatmap(
        lambda m: st.lists(st.integers(-9, 9), min_size=2 * m * m, max_size=2 * m * m).map(
            lambda v, m=m: Game.from_integers([np.array(v[: m * m]).reshape(m, m),
                                               np.array(v[m * m :]).reshape(m, m)])
        )
    )
)
def test_two_players_nondegenerate_same_as_all(game: Game) -> None:
    # for a nondegenerate bimatrix game every equilibrium is extreme and isolated:
    # the support enumeration and the vertex enumeration ('all') must agree
    reference = solve(game, "all")
    if reference.degenerate:
        return
    result = enumerate_equilibria(game)
    assert not result.sets
    assert exact_profiles(result) == exact_profiles(reference)
