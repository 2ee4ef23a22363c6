"""Tests of method ``all``: every extreme equilibrium of a two-player game, exactly."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import permutations_of, permuted, two_player_games

from stability.errors import InputError, TooLargeError
from stability.model.game import Game
from stability.solvers import enummixed
from stability.solvers.enummixed import enumerate_extreme_equilibria, maximal_bicliques
from stability.solvers.regret import exact_regrets

try:
    import pygambit as gbt
except ImportError:  # the optional gambit extra: its cross-checks skip without it
    gbt = None
needs_gambit = pytest.mark.skipif(
    gbt is None, reason='pygambit not installed (the gambit extra: pip install ".[gambit]")'
)

Profile = tuple[tuple[F, ...], ...]


def profiles(game: Game) -> set[Profile]:
    return {e.exact for e in enumerate_extreme_equilibria(game).equilibria if e.exact}


def frac(*values: str | int) -> tuple[F, ...]:
    return tuple(F(v) for v in values)


def gambit_profiles(game: Game) -> set[Profile]:
    """Gambit's exact enummixed: the reference implementation of the same set."""
    tables = [np.asarray(t, dtype=object).tolist() for t in game.numerators]
    reference = gbt.Game.from_arrays(*tables)
    result = gbt.nash.enummixed_solve(reference, rational=True)
    players = list(reference.players)
    return {
        tuple(tuple(F(str(eq[s])) for s in player.strategies) for player in players)
        for eq in result.equilibria
    }


# -- known answers ---------------------------------------------------------------------


def test_prisoners_dilemma_has_only_mutual_defection() -> None:
    # Osborne, An Introduction to Game Theory (OUP 2004), section 2.2
    game = Game.from_payoffs([[[2, 0], [3, 1]], [[2, 3], [0, 1]]])
    result = enumerate_extreme_equilibria(game)
    assert profiles(game) == {(frac(0, 1), frac(0, 1))}
    assert result.degenerate is False


def test_battle_of_the_sexes_has_three_equilibria() -> None:
    # Osborne (2004), section 4.3: two pure equilibria and one mixed (2/3, 1/3), (1/3, 2/3)
    game = Game.from_payoffs([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    assert profiles(game) == {
        (frac(1, 0), frac(1, 0)),
        (frac(0, 1), frac(0, 1)),
        (frac("2/3", "1/3"), frac("1/3", "2/3")),
    }


def test_matching_pennies_and_rock_paper_scissors_are_uniform() -> None:
    # Osborne (2004), sections 4.1 and 4.7 (Exercise on rock-paper-scissors)
    pennies = Game.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    assert profiles(pennies) == {(frac("1/2", "1/2"), frac("1/2", "1/2"))}
    rps_a = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    rps = Game.from_payoffs([rps_a, [[-v for v in row] for row in rps_a]])
    third = frac("1/3", "1/3", "1/3")
    assert profiles(rps) == {(third, third)}


def test_von_stengel_nondegenerate_example() -> None:
    # von Stengel, "Equilibrium computation for two-player games in strategic and
    # extensive form", ch. 3 of Algorithmic Game Theory (2007), game (3.3)
    game = Game.from_payoffs([[[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]])
    result = enumerate_extreme_equilibria(game)
    assert profiles(game) == {
        (frac(1, 0, 0), frac(1, 0)),
        (frac("4/5", "1/5", 0), frac("2/3", "1/3")),
        (frac(0, "1/3", "2/3"), frac("1/3", "2/3")),
    }
    assert result.degenerate is False
    assert all(len(c.row_strategies) == len(c.column_strategies) == 1 for c in result.components)


def test_von_stengel_degenerate_example_has_a_continuum() -> None:
    # von Stengel (2007), AGT ch. 3, degenerate game (3.7): against the top row both
    # columns are best responses, and the top row meets a segment of column mixtures
    game = Game.from_payoffs([[[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]])
    result = enumerate_extreme_equilibria(game)
    assert result.degenerate is True
    assert profiles(game) == {
        (frac(1, 0, 0), frac(1, 0)),
        (frac(1, 0, 0), frac("2/3", "1/3")),
        (frac(0, "1/3", "2/3"), frac("1/3", "2/3")),
    }
    components = {(c.row_strategies, c.column_strategies) for c in result.components}
    assert components == {
        ((frac(1, 0, 0),), (frac("2/3", "1/3"), frac(1, 0))),
        ((frac(0, "1/3", "2/3"),), (frac("1/3", "2/3"),)),
    } or components == {
        ((frac(1, 0, 0),), (frac(1, 0), frac("2/3", "1/3"))),
        ((frac(0, "1/3", "2/3"),), (frac("1/3", "2/3"),)),
    }


def test_shapley_game_has_only_the_uniform_equilibrium() -> None:
    # Shapley, "Some topics in two-person games" (1964), Advances in Game Theory
    game = Game.from_payoffs([[[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 1, 0], [0, 0, 1], [1, 0, 0]]])
    third = frac("1/3", "1/3", "1/3")
    assert profiles(game) == {(third, third)}


def test_issue_3x3_game_has_three_equilibria() -> None:
    # the nondegenerate game of issue 3 on which nashpy's support enumeration finds one
    game = Game.from_payoffs(
        [
            [[889, 300, 663], [615, 632, 116], [933, 392, 840]],
            [[172, 284, 395], [635, 628, 288], [301, 589, 843]],
        ]
    )
    result = enumerate_extreme_equilibria(game)
    assert result.degenerate is False
    assert profiles(game) == {
        (frac(0, 0, 1), frac(0, 0, 1)),
        (frac(0, "127/297", "170/297"), frac(0, "181/241", "60/241")),
        (frac(0, "288/295", "7/295"), frac("40/93", "53/93", 0)),
    }


def test_zero_game_is_degenerate_with_one_component() -> None:
    game = Game.from_payoffs([[[0, 0], [0, 0]], [[0, 0], [0, 0]]])
    result = enumerate_extreme_equilibria(game)
    assert result.degenerate is True
    assert len(result.equilibria) == 4
    assert len(result.components) == 1


def test_maximal_bicliques() -> None:
    assert maximal_bicliques([(0, 0), (1, 0), (1, 1)]) == [([0, 1], [0]), ([1], [0, 1])]
    assert maximal_bicliques([]) == []


def test_refuses_three_players_and_huge_enumerations() -> None:
    three = Game.from_integers([np.zeros((2, 2, 2), dtype=int)] * 3)
    with pytest.raises(InputError, match="two-player"):
        enumerate_extreme_equilibria(three)
    game = Game.from_integers(list(np.random.default_rng(0).integers(0, 9, (2, 5, 5))))
    with pytest.raises(TooLargeError, match="feasible bases"):
        enumerate_extreme_equilibria(game, max_bases=3)


def test_progress_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(enummixed, "PROGRESS_EVERY", 2)
    seen: list[int] = []
    game = Game.from_integers(list(np.random.default_rng(1).integers(0, 9, (2, 4, 4))))
    enumerate_extreme_equilibria(game, progress=seen.append)
    assert seen and seen == sorted(seen)


# -- against Gambit ------------------------------------------------------------------


@needs_gambit
@pytest.mark.parametrize("high", [2, 3, 10, 1000])
def test_same_set_as_gambit_on_random_games(high: int) -> None:
    rng = np.random.default_rng(high)
    for _ in range(25):
        m, n = (int(k) for k in rng.integers(1, 6, size=2))
        game = Game.from_integers(list(rng.integers(0, high, size=(2, m, n))))
        assert profiles(game) == gambit_profiles(game), game.numerators


@needs_gambit
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_player_games(max_strategies=4, degenerate_ok=True))
def test_same_set_as_gambit_on_degenerate_games(game: Game) -> None:
    assert profiles(game) == gambit_profiles(game)


# -- properties ----------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(two_player_games(max_strategies=4, degenerate_ok=True))
def test_every_reported_equilibrium_has_zero_exact_regret(game: Game) -> None:
    result = enumerate_extreme_equilibria(game)
    assert result.equilibria  # every finite game has one (Nash 1951)
    for equilibrium in result.equilibria:
        assert equilibrium.exact is not None
        assert exact_regrets(game, equilibrium.exact) == (0, 0)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_relabelling_strategies_permutes_the_answer(data: st.DataObject) -> None:
    game = data.draw(two_player_games(max_strategies=4, degenerate_ok=True))
    orders = data.draw(permutations_of(game))
    relabelled = permuted(game, orders)
    expected = {
        tuple(tuple(s[k] for k in order) for s, order in zip(p, orders, strict=True))
        for p in profiles(game)
    }
    assert profiles(relabelled) == expected
    assert (
        enumerate_extreme_equilibria(relabelled).degenerate
        == enumerate_extreme_equilibria(game).degenerate
    )


@settings(max_examples=40, deadline=None)
@given(
    two_player_games(max_strategies=4, degenerate_ok=True),
    st.integers(min_value=0, max_value=1),
    st.fractions(min_value=F(1, 100), max_value=100),
    st.fractions(min_value=-100, max_value=100),
)
def test_positive_affine_transformation_changes_nothing(
    game: Game, player: int, scale: F, shift: F
) -> None:
    tables = [game.exact_payoffs(i) for i in range(2)]
    tables[player] = tables[player] * scale + shift
    transformed = game.with_payoffs(tables)
    assert profiles(transformed) == profiles(game)
    assert (
        enumerate_extreme_equilibria(transformed).degenerate
        == enumerate_extreme_equilibria(game).degenerate
    )


@settings(max_examples=40, deadline=None)
@given(two_player_games(max_strategies=4, degenerate_ok=True))
def test_pure_equilibria_are_among_all(game: Game) -> None:
    pure = pytest.importorskip("stability.solvers.pure")
    extreme = profiles(game)
    for profile in pure.pure_equilibria(game):
        as_mixed = tuple(
            tuple(F(int(k == s)) for k in range(size))
            for s, size in zip(profile, game.shape, strict=True)
        )
        assert as_mixed in extreme


def test_payoffs_beyond_floating_point_products() -> None:
    # The tableau's integers outgrow int64 and the size bound outgrows a float:
    # found by hypothesis (a rescaled game); the solver must stay exact.
    big = 10**160
    game = Game.from_payoffs(
        [[[3 * big, 0], [5 * big, big]], [[3, 5], [0, 1]]],
        players=["Row", "Column"],
        strategies=[["C", "D"], ["C", "D"]],
    )
    assert profiles(game) == {((F(0), F(1)), (F(0), F(1)))}
