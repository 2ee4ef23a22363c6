"""The batched exact lexicographic vertex search (``stability.solvers.lex_search``).

Method ``all`` uses it for small-integer payoffs (0/1 games, payoffs in [-5, 5]),
where almost every basis is degenerate. It is checked against the interval search
of :mod:`stability.solvers.polytope` (an independent implementation: float
intervals with a one-basis-at-a-time exact fallback), against itself in Python
integers only, and against lrsnash where it is installed.
"""

from __future__ import annotations

import shutil
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import games_of_shape, two_player_games

from stability.errors import TooLargeError
from stability.model.game import Game
from stability.solvers import lex_search
from stability.solvers.budget import Budget
from stability.solvers.enummixed import enumerate_extreme_equilibria
from stability.solvers.polytope import vertex_bases
from stability.solvers.result import SolveResult

LRSNASH = shutil.which("lrsnash")


def summary(result: SolveResult) -> tuple[set[object], set[object], bool | None]:
    equilibria = {e.exact for e in result.equilibria}
    components = {
        (frozenset(c.row_strategies), frozenset(c.column_strategies)) for c in result.components
    }
    return equilibria, components, result.degenerate


def interval_summary(game: Game, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(lex_search, "suits_lex_search", lambda matrix: False)
        return summary(enumerate_extreme_equilibria(game))


def small_games(seed: int, count: int, low: int, high: int, largest: int) -> list[Game]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        m, n = (int(k) for k in rng.integers(1, largest + 1, size=2))
        out.append(Game.from_integers(list(rng.integers(low, high, size=(2, m, n)))))
    return out


def test_small_integer_games_take_the_batched_search() -> None:
    assert lex_search.suits_lex_search(np.full((10, 10), 11, dtype=object))
    assert not lex_search.suits_lex_search(np.full((10, 10), 100, dtype=object))
    assert not lex_search.suits_lex_search(np.ones((40, 40), dtype=object))


def test_known_vertices_of_the_unit_square() -> None:
    found = lex_search.lex_vertex_bases(np.array([[2, 1], [1, 2]], dtype=object), [0, 1], [2, 3])
    # the origin, the two axis points and the middle vertex (1/3, 1/3)
    assert sorted(found) == [3, 6, 9, 12]
    assert found.weights(np.array([[2, 1], [1, 2]], dtype=object), 12) == (1, 1)


def test_zero_game_has_one_component() -> None:
    result = enumerate_extreme_equilibria(Game.from_integers([np.zeros((3, 3))] * 2))
    assert result.degenerate
    assert len(result.equilibria) == 9
    assert len(result.components) == 1


@pytest.mark.parametrize(("low", "high", "largest"), [(0, 2, 7), (0, 3, 6), (-5, 6, 7)])
def test_same_answer_as_the_interval_search(
    low: int, high: int, largest: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    for game in small_games(high - low, 25, low, high, largest):
        assert summary(enumerate_extreme_equilibria(game)) == interval_summary(game, monkeypatch)


def test_python_integers_alone_give_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    # with the 64-bit bound at 2, every pivot past the first runs on Python integers
    games = small_games(11, 15, -5, 6, 6)
    answers = [summary(enumerate_extreme_equilibria(game)) for game in games]
    monkeypatch.setattr(lex_search, "SAFE", 2)
    assert [summary(enumerate_extreme_equilibria(game)) for game in games] == answers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_player_games(max_strategies=6, degenerate_ok=True))
def test_degenerate_games_agree_with_the_interval_search(game: Game) -> None:
    with pytest.MonkeyPatch.context() as patch:
        expected = interval_summary(game, patch)
    assert summary(enumerate_extreme_equilibria(game)) == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 5).flatmap(lambda k: games_of_shape((k, k))))
def test_every_equilibrium_plays_only_best_responses(game: Game) -> None:
    for equilibrium in enumerate_extreme_equilibria(game).equilibria:
        assert equilibrium.exact is not None
        x, y = equilibrium.exact
        a, b = (np.asarray(t, dtype=object) for t in game.numerators)
        rows = a.dot(np.array(y, dtype=object))
        columns = np.array(x, dtype=object).dot(b)
        assert all(p == 0 or v == max(rows) for p, v in zip(x, rows, strict=True))
        assert all(p == 0 or v == max(columns) for p, v in zip(y, columns, strict=True))


def test_a_spent_time_limit_returns_an_incomplete_answer() -> None:
    game = small_games(3, 1, 0, 2, 1)[0]
    matrix = np.ones((8, 8), dtype=object) + np.eye(8, dtype=object)
    found = vertex_bases(matrix, range(8), range(8, 16), budget=Budget(seconds=0))
    assert not found.complete and found.stopped_by == "time"
    assert enumerate_extreme_equilibria(game).complete


def test_too_many_bases_is_refused_without_a_time_limit() -> None:
    rng = np.random.default_rng(1)
    game = Game.from_integers(list(rng.integers(0, 2, size=(2, 9, 9))))
    with pytest.raises(TooLargeError, match="more than 50 feasible bases"):
        enumerate_extreme_equilibria(game, max_bases=50)
    stopped = enumerate_extreme_equilibria(game, max_bases=50, budget=Budget(seconds=60))
    assert not stopped.complete


@pytest.mark.skipif(LRSNASH is None, reason="lrsnash not installed (apt-get install lrslib)")
@pytest.mark.parametrize(("low", "high"), [(0, 2), (-5, 6)])
def test_same_set_as_lrsnash_on_10x10_games(low: int, high: int) -> None:
    from test_enummixed_reference import lrsnash_profiles

    for seed in range(3):
        rng = np.random.default_rng(seed)
        game = Game.from_integers(list(rng.integers(low, high, size=(2, 10, 10))))
        ours = {e.exact for e in enumerate_extreme_equilibria(game).equilibria}
        assert ours == lrsnash_profiles(game)
        assert all(sum(s) == F(1) for profile in ours for s in profile)
