"""N-player `auto`: every pure equilibrium plus verified mixed ones."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.model.game import Game
from stability.solvers import solve
from stability.solvers.nplayer import RELATIVE_TOLERANCE, gambit_available, solve_pure_and_mixed
from stability.solvers.pure import pure_equilibria
from stability.solvers.regret import float_regrets, is_exact_equilibrium, payoff_scale
from stability.solvers.result import SolveResult

HALF = Fraction(1, 2)

#: The mixed search of ``solve_pure_and_mixed`` runs Gambit (the optional extra).
needs_gambit = pytest.mark.skipif(not gambit_available(), reason="pygambit not installed")


def three_player_coordination() -> Game:
    """Unanimity game: everyone gets 1 when all three choose the same strategy, else 0."""
    s = np.indices((2, 2, 2))
    same = ((s[0] == s[1]) & (s[1] == s[2])).astype(int)
    return Game.from_integers([same, same, same])


def mckelvey_mclennan() -> Game:
    """Gambit's contrib/games/2x2x2.nfg: McKelvey and McLennan (1997), "The maximal
    number of regular totally mixed Nash equilibria", J. Econ. Theory 72:411-425."""
    payoffs = {(0, 0, 0): (9, 8, 12), (1, 1, 0): (9, 8, 2), (1, 0, 1): (3, 4, 6),
               (0, 1, 1): (3, 4, 6)}
    tables = [np.zeros((2, 2, 2), dtype=np.int64) for _ in range(3)]
    for profile, values in payoffs.items():
        for player, value in enumerate(values):
            tables[player][profile] = value
    return Game.from_integers(tables)


def jordan() -> Game:
    """Jordan (1993), "Three problems in learning mixed-strategy Nash equilibria",
    Games Econ. Behav. 5:368-386: player 1 wants to match player 2, player 2 to
    match player 3, player 3 to mismatch player 1; unique equilibrium all 1/2."""
    s = np.indices((2, 2, 2))
    return Game.from_integers([
        np.where(s[0] == s[1], 1, -1),
        np.where(s[1] == s[2], 1, -1),
        np.where(s[2] != s[0], 1, -1),
    ])


def assert_sound(result: SolveResult) -> None:
    """Nothing reported may be a non-equilibrium; pure ones come first, all of them."""
    game = result.game
    tolerance = RELATIVE_TOLERANCE * payoff_scale(game)
    pure = [e.pure_profile for e in result.equilibria if e.pure]
    assert pure == pure_equilibria(game)
    assert all(e.pure for e in result.equilibria[: len(pure)])
    mixed = [e for e in result.equilibria if not e.pure]
    for equilibrium in mixed:
        if equilibrium.exact is not None:
            assert is_exact_equilibrium(game, equilibrium.exact)
        else:
            assert equilibrium.regret <= tolerance
        assert float(np.max(float_regrets(game, equilibrium.profile))) <= tolerance
        assert all(abs(sum(p) - 1) < 1e-9 and min(p) >= 0 for p in equilibrium.profile)
    assert result.method == "auto" and result.degenerate is None
    assert any("not exhaustive" in note for note in result.notes)


@needs_gambit
def test_jordan_exact() -> None:
    result = solve_pure_and_mixed(jordan())
    assert_sound(result)
    assert [e.exact for e in result.equilibria] == [((HALF, HALF),) * 3]
    assert result.equilibria[0].payoffs == (0.0, 0.0, 0.0)


@needs_gambit
def test_mckelvey_mclennan_mixed_equilibria_are_known_ones() -> None:
    # The nine equilibria of McKelvey and McLennan (1997), J. Econ. Theory 72:411-425
    # (Gambit's contrib/games/2x2x2.nfg), as Gambit's enumpoly lists them.
    f = Fraction
    known_mixed = {
        ((HALF, HALF), (HALF, HALF), (f(1), f(0))),
        ((f(1, 3), f(2, 3)), (f(1), f(0)), (f(1, 4), f(3, 4))),
        ((f(0), f(1)), (f(1, 4), f(3, 4)), (f(1, 3), f(2, 3))),
        ((HALF, HALF), (f(2, 5), f(3, 5)), (f(1, 4), f(3, 4))),
        ((f(2, 5), f(3, 5)), (HALF, HALF), (f(1, 3), f(2, 3))),
    }
    result = solve_pure_and_mixed(mckelvey_mclennan())
    assert_sound(result)
    mixed = [e.exact for e in result.equilibria if not e.pure]
    assert mixed and all(m in known_mixed for m in mixed)
    assert len(set(mixed)) == len(mixed)


@needs_gambit
def test_coordination_lists_pure_first_and_no_duplicates() -> None:
    result = solve_pure_and_mixed(three_player_coordination(), time_budget=2)
    assert_sound(result)
    assert [e.pure_profile for e in result.equilibria[:2]] == [(0, 0, 0), (1, 1, 1)]


def test_huge_game_skips_mixed_search() -> None:
    rng = np.random.default_rng(0)
    game = Game.from_integers([rng.integers(0, 9, size=(8,) * 6) for _ in range(6)])
    result = solve_pure_and_mixed(game)
    assert all(e.pure for e in result.equilibria)
    assert any("not searched" in note for note in result.notes)


@st.composite
def small_games(draw: Any) -> Game:
    shape = tuple(draw(st.lists(st.integers(2, 3), min_size=3, max_size=3)))
    size = int(np.prod(shape))
    values = st.one_of(st.integers(-3, 3),
                       st.fractions(min_value=-2, max_value=2, max_denominator=4))
    return Game.from_payoffs([
        np.array(draw(st.lists(values, min_size=size, max_size=size)), dtype=object)
        .reshape(shape).tolist()
        for _ in shape
    ])


@needs_gambit
@settings(max_examples=6, deadline=None)
@given(small_games())
def test_reported_mixed_equilibria_have_tiny_regret(game: Game) -> None:
    assert_sound(solve_pure_and_mixed(game, time_budget=1.5))


def test_without_gambit_the_note_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import stability.solvers.nplayer as nplayer

    monkeypatch.setattr(nplayer, "gambit_available", lambda: False)
    result = solve_pure_and_mixed(three_player_coordination())
    assert [e.pure_profile for e in result.equilibria] == [(0, 0, 0), (1, 1, 1)]
    assert any('pip install ".[gambit]"' in note for note in result.notes)


def test_auto_is_enumerate_for_small_games() -> None:
    result = solve(jordan())
    assert result.method == "enumerate" and result.complete
