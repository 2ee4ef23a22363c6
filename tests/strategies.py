"""Hypothesis strategies for games, shared by every test module.

``games`` draws N-player games, ``two_player_games`` bimatrix games. With
``degenerate_ok=True`` payoffs are small integers (0..2), so ties and
degenerate games are common; otherwise payoffs are drawn from a wide integer
range, where degenerate games are rare (filter with ``assume`` when a test
needs a nondegenerate game for certain).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from stability.model.game import Game

SMALL_PAYOFFS = st.integers(min_value=0, max_value=2)
WIDE_PAYOFFS = st.integers(min_value=-1000, max_value=1000)


def payoff_values(degenerate_ok: bool = True) -> st.SearchStrategy[int]:
    """Single payoffs: small integers (many ties) or a wide range (few ties)."""
    return SMALL_PAYOFFS if degenerate_ok else WIDE_PAYOFFS


@st.composite
def games_of_shape(draw: st.DrawFn, shape: tuple[int, ...], degenerate_ok: bool = True) -> Game:
    """A game of the given shape with integer payoffs."""
    size = int(np.prod(shape))
    tables = [
        np.array(draw(st.lists(payoff_values(degenerate_ok), min_size=size, max_size=size)),
                 dtype=np.int64).reshape(shape)
        for _ in shape
    ]  # fmt: skip
    return Game.from_integers(tables)


@st.composite
def games(
    draw: st.DrawFn,
    min_players: int = 2,
    max_players: int = 3,
    max_strategies: int = 3,
    degenerate_ok: bool = True,
    min_strategies: int = 1,
) -> Game:
    """An N-player game with integer payoffs, ``min_players <= N <= max_players``."""
    players = draw(st.integers(min_value=min_players, max_value=max_players))
    shape = tuple(
        draw(st.integers(min_value=min_strategies, max_value=max_strategies))
        for _ in range(players)
    )
    return draw(games_of_shape(shape, degenerate_ok))


def two_player_games(
    max_strategies: int = 4, degenerate_ok: bool = True, min_strategies: int = 1
) -> st.SearchStrategy[Game]:
    """A bimatrix game with integer payoffs."""
    return games(
        min_players=2,
        max_players=2,
        max_strategies=max_strategies,
        degenerate_ok=degenerate_ok,
        min_strategies=min_strategies,
    )


@st.composite
def permutations_of(draw: st.DrawFn, game: Game) -> tuple[list[int], ...]:
    """One permutation of each player's strategies."""
    return tuple(draw(st.permutations(list(range(size)))) for size in game.shape)


def permuted(game: Game, orders: tuple[list[int], ...]) -> Game:
    """``game`` with strategies reordered: player i's new strategy k is old ``orders[i][k]``."""
    index = np.ix_(*orders)
    return Game(
        title=game.title,
        players=game.players,
        strategies=tuple(tuple(names[k] for k in order)
                         for names, order in zip(game.strategies, orders, strict=True)),
        numerators=tuple(np.array(table[index]) for table in game.numerators),
        denominators=game.denominators,
    )  # fmt: skip
