"""Support profiles of an N-player game, in the order of Porter, Nudelman and Shoham.

Every Nash equilibrium has exactly one support profile (the strategies each
player plays with positive probability), so enumerating support profiles and
solving each one's indifference equations finds every equilibrium. Porter,
Nudelman and Shoham (2008, "Simple search methods for finding a Nash
equilibrium", *Games and Economic Behavior* 63, 642-662) order the profiles by
total size, then by how unbalanced the sizes are, and prune with *conditional
dominance*: while supports are chosen player by player, a strategy that is
strictly dominated by another strategy still available, against every profile
the others can still play, can be in no equilibrium with those supports; when a
chosen strategy is removed that way the whole branch is skipped. The pruning
never loses an equilibrium, so the enumeration stays complete. Once every
support is chosen, a support is also skipped when one of its strategies is
weakly beaten by another strategy against the others' supports (each of those
profiles has positive probability, so the beaten strategy earns strictly less).

>>> from stability import read_game
>>> jordan = read_game("jordan-matching-pennies")  # three players, each +1/-1
>>> count_support_profiles(jordan.shape)
27
>>> list(support_profiles(jordan))  # the only support with an equilibrium
[((0, 1), (0, 1), (0, 1))]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.model.game import Game

Support = tuple[tuple[int, ...], ...]


def count_support_profiles(shape: Sequence[int]) -> int:
    """How many support profiles a game of this shape has (before pruning).

    >>> count_support_profiles((3, 3, 3))
    343
    """
    return math.prod(2**m - 1 for m in shape)


def size_profiles(shape: Sequence[int]) -> list[tuple[int, ...]]:
    """Support sizes in the search order: smaller total first, then more balanced.

    >>> size_profiles((2, 2))[:3]
    [(1, 1), (1, 2), (2, 1)]
    """
    sizes = list(itertools.product(*(range(1, m + 1) for m in shape)))
    return sorted(sizes, key=lambda x: (sum(x), max(x) - min(x), x))


def _dominated(table: npt.NDArray[Any], player: int, domains: Sequence[Sequence[int]]) -> set[int]:
    """Strategies of ``player`` in its domain strictly dominated by another in it,
    against every profile of the others' domains."""
    own = list(domains[player])
    if len(own) < 2:
        return set()
    sub = table[np.ix_(*[list(d) for d in domains])]
    rows = np.moveaxis(sub, player, 0).reshape(len(own), -1)
    out = set()
    for a in range(len(own)):
        for b in range(len(own)):
            if a != b and b not in out and bool(np.all(rows[b] > rows[a])):
                out.add(own[a])
                break
    return out


def _prune(
    tables: Sequence[npt.NDArray[Any]], domains: list[list[int]], fixed: int
) -> list[list[int]] | None:
    """Iterated removal of conditionally dominated strategies (``None``: a fixed
    support lost a strategy, or a domain became empty)."""
    domains = [list(d) for d in domains]
    changed = True
    while changed:
        changed = False
        for player, table in enumerate(tables):
            gone = _dominated(table, player, domains)
            if not gone:
                continue
            if player < fixed:
                return None
            domains[player] = [k for k in domains[player] if k not in gone]
            if not domains[player]:
                return None
            changed = True
    return domains


def _beaten(tables: Sequence[npt.NDArray[Any]], support: Sequence[Sequence[int]]) -> bool:
    """True when some strategy in a support is weakly beaten by another strategy of the
    same player (in the support or not): never worse against the others' supports and
    better against one of their profiles. Every profile of the others' supports has
    positive probability, so the beaten strategy would earn strictly less: the
    support carries no equilibrium."""
    for player, table in enumerate(tables):
        axes = [
            list(range(table.shape[player])) if j == player else list(chosen)
            for j, chosen in enumerate(support)
        ]
        rows = np.moveaxis(table[np.ix_(*axes)], player, 0).reshape(table.shape[player], -1)
        for a in support[player]:
            better = np.all(rows >= rows[a], axis=1) & np.any(rows > rows[a], axis=1)
            if bool(better.any()):
                return True
    return False


def support_profiles(game: Game) -> Iterator[Support]:
    """Every support profile that may carry an equilibrium, in the PNS order."""
    tables = game.numerators
    full = [list(range(m)) for m in game.shape]
    start = _prune(tables, full, 0)
    if start is None:  # pragma: no cover - a full game always keeps a strategy
        return
    for sizes in size_profiles(game.shape):
        if any(x > len(d) for x, d in zip(sizes, start, strict=True)):
            continue
        yield from _extend(tables, sizes, start, 0)


def _extend(
    tables: Sequence[npt.NDArray[Any]],
    sizes: tuple[int, ...],
    domains: list[list[int]],
    player: int,
) -> Iterator[Support]:
    if player == len(sizes):
        if not _beaten(tables, domains):
            yield tuple(tuple(d) for d in domains)
        return
    for chosen in itertools.combinations(domains[player], sizes[player]):
        trial = [*domains[:player], list(chosen), *domains[player + 1 :]]
        pruned = _prune(tables, trial, player + 1)
        if pruned is None:
            continue
        if any(x > len(d) for x, d in zip(sizes, pruned, strict=True)):
            continue
        yield from _extend(tables, sizes, pruned, player + 1)
