"""The Graph Model's sanctions over a game's pure profiles, and each player's best
moves: the vectorised part of :mod:`stability.analysis.states`.

A sanction against player ``i`` is a sequence of unilateral moves (improvements,
for SEQ) by the other players; :func:`sanction_floor` gives, for every profile,
the least rank the others can force, as a fixed point over the whole profile array.

>>> ranks = (np.array([[1, 0], [2, 0]]), np.array([[1, 2], [0, 0]]))
>>> sanction_floor(ranks[0], ranks, [1], improving=False).tolist()
[[0, 0], [0, 0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

_NO_SANCTION = np.iinfo(np.int64).max


# -- Graph Model concepts -----------------------------------------------------------


def sanction_floor(
    value: IntArray, ranks: Sequence[IntArray], movers: Sequence[int], *, improving: bool
) -> IntArray:
    """For each profile, the least ``value`` over profiles the ``movers`` can reach.

    Reachable means by a non-empty sequence of unilateral moves (improvements, when
    ``improving``) by the movers; profiles with nothing reachable get the int64
    maximum. Computed as a fixed point, one vectorised sweep per mover and round.
    """
    floor = np.full(value.shape, _NO_SANCTION, dtype=np.int64)
    while True:
        target = np.minimum(value, floor)
        new = floor.copy()
        for j in movers:
            moved = np.moveaxis(target, j, -1)
            k = moved.shape[-1]
            if improving:
                rank = np.moveaxis(ranks[j], j, -1)
                allowed = rank[..., None, :] > rank[..., :, None]
            else:
                allowed = np.broadcast_to(~np.eye(k, dtype=bool), moved.shape + (k,))
            best = np.where(allowed, moved[..., None, :], _NO_SANCTION).min(axis=-1)
            new = np.minimum(new, np.moveaxis(best, -1, j))
        if np.array_equal(new, floor):
            return floor
        floor = new


def graph_model_stability(
    ranks: Sequence[IntArray], i: int
) -> tuple[BoolArray, BoolArray, BoolArray]:
    """Player ``i``'s GMR, SMR and SEQ stability at every profile."""
    gmr, smr, seq = (
        _unsanctioned(ranks[i], player_floor(ranks, i, concept), i)
        for concept in ("gmr", "smr", "seq")
    )
    return gmr, smr, seq


def player_floor(ranks: Sequence[IntArray], i: int, concept: str) -> IntArray:
    """Player ``i``'s sanction floor for ``gmr``, ``smr`` or ``seq``."""
    others = [j for j in range(len(ranks)) if j != i]
    rank = ranks[i]
    if concept == "smr":
        # a sanction must leave i no reply better than the start: floor its best reply
        value = np.broadcast_to(rank.max(axis=i, keepdims=True), rank.shape).astype(np.int64)
    else:
        value = rank
    return sanction_floor(value, ranks, others, improving=concept == "seq")


def _unsanctioned(rank: IntArray, floor: IntArray, i: int) -> BoolArray:
    """True where every improvement of player ``i`` meets a sanction (floor <= own rank)."""
    own = np.moveaxis(rank, i, -1)
    after = np.moveaxis(floor, i, -1)
    improves = own[..., None, :] > own[..., :, None]
    escapes = after[..., None, :] > own[..., :, None]
    return np.moveaxis(~np.any(improves & escapes, axis=-1), -1, i)


def best_moves_of(
    rank: IntArray, floor: IntArray | None, i: int, strict: bool
) -> tuple[IntArray, BoolArray]:
    """:meth:`StabilityTable.best_moves`, vectorised over the profiles.

    Payoffs are compared through their dense ranks (the same order), so the move
    of greatest rank is the move of greatest gain.
    """
    own = np.moveaxis(rank, i, -1)  # [..., s]
    k = own.shape[-1]
    target = own[..., None, :]  # [..., s, s']: the rank after moving from s to s'
    if strict:
        allowed = (target >= own[..., :, None]) & ~np.eye(k, dtype=bool)
    else:
        allowed = target > own[..., :, None]
        if floor is not None:
            allowed &= np.moveaxis(floor, i, -1)[..., None, :] > own[..., :, None]
    score = np.where(allowed, target, -1)
    best = np.moveaxis(score.argmax(axis=-1), -1, i).astype(np.int64)
    valid: BoolArray = np.moveaxis(np.asarray(allowed.any(axis=-1), dtype=bool), -1, i)
    return best, valid
