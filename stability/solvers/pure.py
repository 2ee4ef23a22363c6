"""Every pure Nash equilibrium of an N-player game, by one vectorised pass of best responses.

A pure profile is an equilibrium when each player's payoff there equals the
largest payoff it could get by changing only its own strategy: for player ``i``
that is the maximum of its payoff table along its own axis ``i``. The comparison
uses the game's exact integer numerators (scaling a player's payoffs by its
positive common denominator changes no best response), never floats.

>>> from stability.model.game import Game
>>> stag_hunt = Game.from_payoffs([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
>>> pure_equilibria(stag_hunt)
[(0, 0), (1, 1)]

Large games stream: :func:`pure_equilibria_gen` works through the profiles in
chunks of about ``chunk_profiles`` profiles, so that temporary arrays stay small,
and reports progress after each chunk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.model.game import Game

#: ``progress(done, total)``: called with the number of profiles examined so far.
Progress = Callable[[int, int], None]

#: Profiles examined per chunk by default (a few megabytes of temporaries).
DEFAULT_CHUNK_PROFILES = 1 << 20


def _best_response_mask(
    table: npt.NDArray[Any], best: npt.NDArray[Any]
) -> npt.NDArray[np.bool_]:
    """Where ``table`` attains ``best`` (broadcast), as a boolean array."""
    if table.dtype == object or best.dtype == object:
        # Python ints: exact at any size, compared element by element
        return np.asarray(np.equal(table, best), dtype=bool)
    equal: npt.NDArray[np.bool_] = table == best
    return equal


def _chunk_plan(shape: tuple[int, ...], chunk_profiles: int) -> tuple[int, int]:
    """How to cut the profile space: ``(k, rows)``.

    Chunks fix the strategies of players ``0 .. k-2`` and take ``rows`` strategies
    of player ``k-1`` together with every strategy of players ``k ..``; ``k`` is the
    smallest number of leading players for which one such row fits the budget.
    """
    for k in range(1, len(shape) + 1):
        row = math.prod(shape[k:])
        if row <= chunk_profiles:
            return k, max(1, min(shape[k - 1], chunk_profiles // row))
    return len(shape), 1  # pragma: no cover - k = len(shape) always fits


def pure_equilibria_gen(
    game: Game,
    *,
    chunk_profiles: int = DEFAULT_CHUNK_PROFILES,
    progress: Progress | None = None,
) -> Iterator[tuple[int, ...]]:
    """Yield every pure equilibrium of ``game`` in lexicographic order, chunk by chunk.

    Parameters
    ----------
    game:
        Any strategic-form game (any number of players).
    chunk_profiles:
        About how many profiles to examine at once; bounds the temporaries.
    progress:
        Optional ``progress(done, total)`` callback, called after each chunk.

    >>> from stability.model.game import Game
    >>> coordination = Game.from_payoffs([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    >>> list(pure_equilibria_gen(coordination, chunk_profiles=1))
    [(0, 0), (1, 1)]
    """
    if chunk_profiles < 1:
        raise ValueError("chunk_profiles must be positive")
    shape = game.shape
    total = game.n_profiles
    k, rows = _chunk_plan(shape, chunk_profiles)
    # Players 0..k-1 have their own axis cut by the chunks, so their best-response
    # values (the maximum along their own axis, one value per opponents' profile)
    # are computed once over the whole table; the others' are found inside each chunk.
    leading_best = [game.numerators[i].max(axis=i, keepdims=True) for i in range(k)]
    done = 0
    if progress is not None:
        progress(0, total)
    for prefix in np.ndindex(*shape[: k - 1]):
        for low in range(0, shape[k - 1], rows):
            high = min(low + rows, shape[k - 1])
            index = tuple(slice(a, a + 1) for a in prefix) + (slice(low, high),)
            mask: npt.NDArray[np.bool_] | None = None
            for player, table in enumerate(game.numerators):
                chunk = table[index]
                if player < k:
                    best_index = list(index)
                    best_index[player] = slice(None)
                    best = leading_best[player][tuple(best_index)]
                else:
                    best = chunk.max(axis=player, keepdims=True)
                responds = _best_response_mask(chunk, best)
                mask = responds if mask is None else np.logical_and(mask, responds, out=mask)
                if not mask.any():
                    break
            assert mask is not None
            offset = np.array(prefix + (low,) + (0,) * (len(shape) - k), dtype=np.int64)
            for position in np.argwhere(mask):
                yield tuple(int(v) for v in position + offset)
            done += mask.size
            if progress is not None:
                progress(done, total)


def pure_equilibria(
    game: Game,
    *,
    chunk_profiles: int = DEFAULT_CHUNK_PROFILES,
    progress: Progress | None = None,
) -> list[tuple[int, ...]]:
    """Every pure equilibrium of ``game`` (strategy indices), in lexicographic order.

    Exact: compares the game's integer payoff numerators. If interrupted (for
    example by Ctrl-C) the exception propagates and nothing partial is returned.

    >>> from stability.model.game import Game
    >>> pennies = Game.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> pure_equilibria(pennies)
    []
    """
    return list(pure_equilibria_gen(game, chunk_profiles=chunk_profiles, progress=progress))
