"""Method ``enumerate``'s routes (issue 24): interval subdivision before any algebra,
continua as maximal connected components, the time limit inside the algebra, the
certified fallback, and ``auto``'s fallback to pure plus verified mixed equilibria."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_enumpoly import irrational_game, two_totally_mixed

from stability.model.game import Game
from stability.solvers import solve
from stability.solvers.budget import Budget
from stability.solvers.enumpoly import enumerate_equilibria, route
from stability.solvers.enumpoly.interval import exact_point, search
from stability.solvers.enumpoly.search import _solve_system
from stability.solvers.enumpoly.system import _system
from stability.solvers.regret import is_exact_equilibrium
from stability.solvers.supports import support_profiles


def random_game(shape: tuple[int, ...], seed: int, high: int = 100) -> Game:
    rng = np.random.default_rng(seed)
    return Game.from_integers([rng.integers(0, high, size=shape) for _ in shape])


# -- continua as maximal connected components -----------------------------------------


def test_every_profile_an_equilibrium_is_one_component() -> None:
    """All payoffs equal in a 3x3x3 game: the whole cube of mixed profiles is one
    6-dimensional component; its 27 pure corners lie on it (never isolated)."""
    game = Game.from_integers([np.zeros((3, 3, 3), dtype=int)] * 3)
    result = enumerate_equilibria(game)
    assert result.complete
    assert len(result.sets) == 1
    (cube,) = result.sets
    assert cube.dimension == 6
    assert cube.support == ((0, 1, 2),) * 3
    assert sorted(result.equilibria[m].pure_profile for m in cube.members) == sorted(
        np.ndindex(3, 3, 3)
    )
    assert len(result.equilibria) == 28  # the corners and one representative point
    assert is_exact_equilibrium(game, result.equilibria[cube.index].exact)


def indifferent_first_player() -> Game:
    """Player 1's payoff is constant; players 2 and 3 play matching pennies whatever
    player 1 does. The equilibria are player 1 at any mixture with the others at
    1/2-1/2: one segment, whose end points have player 1 pure."""
    s = np.indices((2, 2, 2))
    return Game.from_integers(
        [
            np.zeros((2, 2, 2), dtype=int),
            np.where(s[1] == s[2], 1, -1),
            np.where(s[1] != s[2], 1, -1),
        ]
    )


def test_end_points_of_a_segment_are_not_isolated() -> None:
    result = enumerate_equilibria(indifferent_first_player())
    assert len(result.sets) == 1
    (segment,) = result.sets
    assert segment.dimension == 1
    ends = sorted(result.equilibria[m].exact for m in segment.members)
    half = (Fraction(1, 2), Fraction(1, 2))
    assert ends == [((0, 1), half, half), ((1, 0), half, half)]
    isolated = [
        i for i in range(len(result.equilibria)) if i != segment.index and i not in segment.members
    ]
    assert isolated == []


# -- the interval route agrees with the exact algebra ---------------------------------


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(2, 2, 2), (2, 2, 3), (3, 2, 2)]))
def test_interval_roots_match_the_algebra(seed: int, shape: tuple[int, ...]) -> None:
    """Every support the subdivision settles has as many certified roots as the exact
    algebra finds equilibria on it, and each rational root is an exact equilibrium."""
    game = random_game(shape, seed, high=10)
    for support in support_profiles(game):
        if all(len(s) == 1 for s in support):
            continue
        outcome = search(game, support)
        if not outcome.settled:
            continue
        exact = _solve_system(game, _system(game, support))
        assert not exact.sets
        assert len(outcome.roots) == len(exact.points), support
        for box in outcome.roots:
            point = exact_point(game, support, box)
            if point is not None:
                assert is_exact_equilibrium(game, point)


def test_two_totally_mixed_through_the_interval_route() -> None:
    outcome = search(two_totally_mixed(), ((0, 1), (0, 1), (0, 1)))
    assert outcome.settled
    points = sorted(exact_point(two_totally_mixed(), ((0, 1),) * 3, b) for b in outcome.roots)
    quarter, three = (Fraction(3, 4), Fraction(1, 4)), (Fraction(1, 4), Fraction(3, 4))
    assert points == [(three,) * 3, (quarter,) * 3]


def test_certified_fallback_when_the_algebra_gives_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the algebra, an irrational equilibrium is still reported: the box proves
    it, and its interval holds the true value (2 -+ sqrt 2) / 4."""
    monkeypatch.setattr(route, "_algebra", lambda *args: None)
    result = enumerate_equilibria(irrational_game())
    certified = [e for e in result.equilibria if e.algebraic is not None]
    assert len(certified) == 2
    assert any("interval arithmetic" in note for note in result.notes)
    roots = sorted([(2 - 2**0.5) / 4, (2 + 2**0.5) / 4])
    for equilibrium, root in zip(
        sorted(certified, key=lambda e: e.profile[0][0]), roots, strict=True
    ):
        number = equilibrium.algebraic[0][0]
        assert number.polynomial is None
        assert number.low <= Fraction(root) <= number.high
        assert abs(number.value - root) < 1e-12


# -- the time limit inside the algebra ------------------------------------------------


def _stuck(*args: object) -> None:
    time.sleep(600)


def test_time_limit_stops_the_algebra(monkeypatch: pytest.MonkeyPatch) -> None:
    """The algebra runs in a child process that the time limit ends."""
    monkeypatch.setattr(route, "INLINE_UNKNOWNS", 0)
    monkeypatch.setattr(route, "_exact", _stuck)
    budget = Budget(seconds=1.0)
    found = route._algebra(random_game((3, 3, 3), 2), ((0, 1, 2),) * 3, budget, 6)
    assert found is None and budget.stopped


def test_time_limit_gives_an_incomplete_verified_answer() -> None:
    game = random_game((2, 2, 2, 2, 2), 3)
    result = enumerate_equilibria(game, Budget(seconds=0.2))
    assert not result.complete
    for equilibrium in result.equilibria:
        if equilibrium.exact is not None:
            assert is_exact_equilibrium(game, equilibrium.exact)


# -- held-out shapes of issue 24 ------------------------------------------------------


@pytest.mark.parametrize("seed", [5])
def test_five_players_two_strategies(seed: int) -> None:
    game = random_game((2, 2, 2, 2, 2), seed)
    result = enumerate_equilibria(game)
    assert result.complete
    for equilibrium in result.equilibria:
        if equilibrium.exact is not None:
            assert is_exact_equilibrium(game, equilibrium.exact)
        else:
            assert equilibrium.algebraic is not None


# -- auto ------------------------------------------------------------------------------


def test_auto_falls_back_to_pure_and_verified_mixed(monkeypatch: pytest.MonkeyPatch) -> None:
    import stability.solvers as solvers

    monkeypatch.setattr(solvers, "AUTO_ENUMERATE_SECONDS", 0.0)
    game = random_game((3, 3, 3), 1)
    result = solve(game, "auto")
    assert not result.complete
    assert "did not finish" in result.notes[0]
    full = enumerate_equilibria(game)
    assert {e.pure_profile for e in result.equilibria if e.pure} == {
        e.pure_profile for e in full.equilibria if e.pure
    }


def test_auto_enumerates_when_it_finishes() -> None:
    result = solve(two_totally_mixed(), "auto")
    assert result.method == "enumerate" and result.complete
    assert len(result.equilibria) == 9
