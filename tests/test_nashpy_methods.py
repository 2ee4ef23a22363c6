"""Tests of methods ``support``, ``vertex`` and ``lemke-howson`` (nashpy, checked exactly)."""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import assume, given, settings
from strategies import two_player_games

from stability.errors import InputError
from stability.model.game import Game
from stability.solvers.enummixed import enumerate_extreme_equilibria
from stability.solvers.nashpy_methods import solve_with_nashpy
from stability.solvers.regret import exact_regrets

Profile = tuple[tuple[F, ...], ...]

ISSUE_GAME = Game.from_payoffs(
    [
        [[889, 300, 663], [615, 632, 116], [933, 392, 840]],
        [[172, 284, 395], [635, 628, 288], [301, 589, 843]],
    ]
)


def found(game: Game, method: str) -> set[Profile]:
    return {e.exact for e in solve_with_nashpy(game, method).equilibria if e.exact}


def extreme(game: Game) -> set[Profile]:
    return {e.exact for e in enumerate_extreme_equilibria(game).equilibria if e.exact}


def test_support_enumeration_finds_all_three_equilibria_of_the_issue_game() -> None:
    # nashpy 0.0.43's own support_enumeration finds only ((0,0,1), (0,0,1)) here
    assert found(ISSUE_GAME, "support") == extreme(ISSUE_GAME)
    assert len(extreme(ISSUE_GAME)) == 3


def test_vertex_enumeration_on_a_badly_scaled_game() -> None:
    # nashpy 0.0.43's vertex_enumeration returns 49 profiles here, 43 of them not
    # equilibria (its label tolerance is absolute); the game has 12 extreme equilibria
    rng = np.random.default_rng(0)
    tables = [rng.integers(1, 10, (6, 6)) * 10**7, rng.integers(1, 10, (6, 6)) * 10**7]
    game = Game.from_integers(tables)
    assert found(game, "vertex") == extreme(game)
    assert len(extreme(game)) == 12


def test_lemke_howson_terminates_on_a_game_where_nashpy_cycles() -> None:
    # nashpy 0.0.43: Game([[2],[4],[4]], [[1],[9],[4]]).lemke_howson(0) never returns
    game = Game.from_payoffs([[[2], [4], [4]], [[1], [9], [4]]])
    result = solve_with_nashpy(game, "lemke-howson")
    assert {e.exact for e in result.equilibria} <= extreme(game)


def test_methods_on_textbook_games() -> None:
    # Battle of the Sexes, Osborne (2004) section 4.3; von Stengel (2007) AGT game (3.3)
    sexes = Game.from_payoffs([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    stengel = Game.from_payoffs([[[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]])
    for game in (sexes, stengel, ISSUE_GAME):
        assert found(game, "support") == extreme(game)
        assert found(game, "vertex") == extreme(game)
        assert found(game, "lemke-howson") <= extreme(game)
        assert found(game, "lemke-howson")


def test_bad_method_and_player_count() -> None:
    with pytest.raises(InputError, match="unknown"):
        solve_with_nashpy(ISSUE_GAME, "simplex")
    three = Game.from_integers([np.zeros((2, 2, 2), dtype=int)] * 3)
    with pytest.raises(InputError, match="two-player"):
        solve_with_nashpy(three, "support")


@settings(max_examples=40, deadline=None)
@given(two_player_games(max_strategies=4, degenerate_ok=False))
def test_support_vertex_and_all_agree_on_nondegenerate_games(game: Game) -> None:
    assume(enumerate_extreme_equilibria(game).degenerate is False)
    everything = extreme(game)
    assert found(game, "support") == everything
    assert found(game, "vertex") == everything
    lemke_howson = found(game, "lemke-howson")
    assert lemke_howson and lemke_howson <= everything


@settings(max_examples=40, deadline=None)
@given(two_player_games(max_strategies=4, degenerate_ok=True))
def test_no_method_reports_a_non_equilibrium(game: Game) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nashpy's warnings must not leak
        for method in ("support", "vertex", "lemke-howson"):
            for equilibrium in solve_with_nashpy(game, method).equilibria:
                assert equilibrium.exact is not None
                assert exact_regrets(game, equilibrium.exact) == (0, 0)


@settings(max_examples=30, deadline=None)
@given(two_player_games(max_strategies=4, degenerate_ok=True))
def test_vertex_finds_every_extreme_equilibrium_even_when_degenerate(game: Game) -> None:
    assert found(game, "vertex") == extreme(game)
