"""Method ``all`` against two independent references, on hundreds of games.

* the previous implementation (exact Bareiss pivots on every basis, no floating
  point: ``tests/legacy_enummixed.py``), on random and degenerate games;
* lrsnash (lrslib, Avis; exact GMP arithmetic), when the command is installed
  (``apt-get install lrslib``); those tests are skipped otherwise.

Every test compares whole sets: the extreme equilibria (exact rationals), and
against the previous implementation also the maximal convex sets and the
degeneracy flag.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from fractions import Fraction as F
from pathlib import Path

import legacy_enummixed
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import two_player_games

from stability.model.game import Game
from stability.solvers import polytope
from stability.solvers.enummixed import (
    complementary_label_pairs,
    enumerate_extreme_equilibria,
    maximal_bicliques,
)
from stability.solvers.result import SolveResult

Profile = tuple[tuple[F, ...], ...]
LRSNASH = shutil.which("lrsnash")
needs_lrsnash = pytest.mark.skipif(LRSNASH is None, reason="lrsnash not installed (lrslib)")


def summary(result: SolveResult) -> tuple[set[Profile], set[object], bool]:
    equilibria = {e.exact for e in result.equilibria if e.exact}
    components = {
        (frozenset(c.row_strategies), frozenset(c.column_strategies)) for c in result.components
    }
    return equilibria, components, result.degenerate


def random_games(seed: int, count: int, high: int, largest: int) -> list[Game]:
    rng = np.random.default_rng(seed)
    games = []
    for _ in range(count):
        m, n = (int(k) for k in rng.integers(1, largest + 1, size=2))
        games.append(Game.from_integers(list(rng.integers(0, high, size=(2, m, n)))))
    return games


# -- against the previous implementation -------------------------------------------


@pytest.mark.parametrize(("high", "largest"), [(2, 6), (3, 6), (5, 7), (100, 8), (10**6, 6)])
def test_same_as_previous_implementation(high: int, largest: int) -> None:
    for game in random_games(high, 40, high, largest):
        expected = summary(legacy_enummixed.enumerate_extreme_equilibria(game))
        assert summary(enumerate_extreme_equilibria(game)) == expected, game.numerators


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_player_games(max_strategies=5, degenerate_ok=True))
def test_same_as_previous_implementation_on_degenerate_games(game: Game) -> None:
    expected = summary(legacy_enummixed.enumerate_extreme_equilibria(game))
    assert summary(enumerate_extreme_equilibria(game)) == expected


def test_exact_fallback_alone_gives_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    # radii this wide decide nothing in floating point: every basis goes exact
    games = random_games(7, 30, 3, 5) + random_games(8, 10, 100, 6)
    answers = [summary(enumerate_extreme_equilibria(game)) for game in games]
    monkeypatch.setattr(polytope, "_ROUNDING", 1.0)
    assert [summary(enumerate_extreme_equilibria(game)) for game in games] == answers


def test_random_games_are_decided_in_floating_point() -> None:
    # the exact fallback is for ties; a game drawn from a wide range has almost none
    rng = np.random.default_rng(3)
    row, column = rng.integers(0, 10**6, size=(2, 9, 9))
    matrix = np.asarray(column - column.min() + 1, dtype=object).T
    search = polytope._Search(matrix, list(range(18)), 10**6, None, 2000, "P")
    vertices = search.run()
    assert len(vertices) > 100
    assert search.exact_bases <= len(vertices) // 20


def test_huge_payoffs_stay_exact() -> None:
    # payoffs near the 1e300 limit: ratios of tableau entries leave double range
    big = 10**290
    game = Game.from_payoffs([[[3 * big, 0], [5 * big, big]], [[3, 5], [0, 1]]])
    assert summary(enumerate_extreme_equilibria(game))[0] == {((F(0), F(1)), (F(0), F(1)))}
    rng = np.random.default_rng(5)
    tables = [t * 10**290 + 1 for t in rng.integers(0, 50, size=(2, 4, 4)).astype(object)]
    wide = Game.from_integers(tables)
    expected = summary(legacy_enummixed.enumerate_extreme_equilibria(wide))
    assert summary(enumerate_extreme_equilibria(wide)) == expected


# -- against lrsnash -------------------------------------------------------------------


def lrsnash_profiles(game: Game) -> set[Profile]:
    """Every extreme equilibrium by lrsnash: each output block pairs one or more
    player-2 lines ``2 y... payoff`` with player-1 lines ``1 x... payoff``."""
    m, n = game.shape
    tables = ["\n".join(" ".join(str(int(v)) for v in row) for row in t) for t in game.numerators]
    text = f"{m} {n}\n\n{tables[0]}\n\n{tables[1]}\n"
    assert LRSNASH is not None
    with tempfile.TemporaryDirectory() as folder:  # lrsnash reads files only
        path = Path(folder) / "game.txt"
        path.write_text(text)
        output = subprocess.run(
            [LRSNASH, str(path)], capture_output=True, text=True, check=True, timeout=120
        ).stdout
    found: set[Profile] = set()
    for block in output.split("\n\n"):
        rows, columns = [], []
        for line in block.splitlines():
            fields = line.split()
            if not fields or fields[0] not in ("1", "2"):
                continue
            strategy = tuple(F(v) for v in fields[1:-1])
            (rows if fields[0] == "1" else columns).append(strategy)
        found |= {(x, y) for x in rows for y in columns}
    return found


@needs_lrsnash
@pytest.mark.parametrize(("high", "largest"), [(2, 5), (3, 6), (10, 7), (100, 9)])
def test_same_set_as_lrsnash(high: int, largest: int) -> None:
    for game in random_games(100 + high, 50, high, largest):
        ours = {e.exact for e in enumerate_extreme_equilibria(game).equilibria}
        assert ours == lrsnash_profiles(game), game.numerators


@needs_lrsnash
def test_same_set_as_lrsnash_on_larger_games() -> None:
    for size in (10, 11, 12):
        rng = np.random.default_rng(size)
        game = Game.from_integers(list(rng.integers(0, 100, size=(2, size, size))))
        ours = {e.exact for e in enumerate_extreme_equilibria(game).equilibria}
        assert ours == lrsnash_profiles(game)


@needs_lrsnash
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_player_games(max_strategies=5, degenerate_ok=True))
def test_same_set_as_lrsnash_on_degenerate_games(game: Game) -> None:
    ours = {e.exact for e in enumerate_extreme_equilibria(game).equilibria}
    assert ours == lrsnash_profiles(game)


# -- the pairing of complementary vertices ---------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_complementary_pairs_are_every_covering_pair(data: st.DataObject) -> None:
    n_labels = data.draw(st.integers(min_value=1, max_value=70))
    masks = st.integers(min_value=0, max_value=(1 << n_labels) - 1)
    rows = data.draw(st.lists(masks, max_size=8))
    columns = data.draw(st.lists(masks, max_size=8))  # repeats allowed
    full = (1 << n_labels) - 1
    expected = [
        (i, j)
        for i in range(len(rows))
        for j in range(len(columns))
        if rows[i] | columns[j] == full
    ]
    assert complementary_label_pairs(rows, columns, n_labels) == expected


def test_maximal_bicliques_with_far_apart_indices() -> None:
    edges = [(0, 10**6), (1, 10**6), (1, 5)]
    assert maximal_bicliques(edges) == [([0, 1], [10**6]), ([1], [5, 10**6])]
