"""What a coalition structure yields: its equilibria when each coalition chooses jointly.

Within a structure every coalition picks its members' strategies together. A pure
profile is an *equilibrium of the structure* when no coalition of the structure
can change its own members' strategies (the others' held fixed) so that

- every member gains strictly (non-transferable utility, the default): the
  equilibrium of a coalition structure of Hart and Kurz (1983, "Endogenous
  formation of coalitions", *Econometrica* 51(4): 1047-1064), and the first step of
  Ray and Vohra's equilibrium binding agreements (1997, *J. Econ. Theory* 73: 30-78);
- the members' summed payoff rises strictly (``transferable``: members can share
  gains, so a coalition acts as one player maximising its sum).

Singletons are coalitions, so the all-singletons structure's equilibria are the pure
Nash equilibria and the grand coalition's are the weakly Pareto-optimal profiles (NTU:
no other profile is better for every actor).

Everything is decided on exact integers: each player's payoffs replaced by dense
ranks (NTU compares a player with itself only) or, for sums, scaled to one common
denominator.

>>> from stability.model.game import Game
>>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
>>> from stability.analysis.coalitions.partitions import Structures
>>> table = structure_equilibria(pd, Structures.of(2))
>>> [np.flatnonzero(row).tolist() for row in table.equilibria]  # flat profile indices
[[0, 1, 2], [3]]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache, reduce

import numpy as np
import numpy.typing as npt

from stability.analysis.coalitions.partitions import Structures, members
from stability.analysis.states import dense_ranks
from stability.errors import TooLargeError
from stability.model.game import Game

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

#: Most pairwise comparisons (profiles times joint alternatives, summed over every
#: coalition) one game may need: beyond it the command refuses (about 2 s of work).
MAX_COMPARISONS = 70_000_000

_ROWS = 4096  # profiles handled at once when comparing joint deviations (bounds memory)

#: Most (coalition, profile, profile) triples compared at once by :func:`_blocked_pairwise`
#: (about 16 MB of int64); larger games take the coalition-by-coalition path.
_PAIRWISE_CELLS = 2_000_000


def comparisons(shape: tuple[int, ...]) -> int:
    """How many (profile, joint alternative) pairs the deviation checks of every
    coalition take: ``K * (prod(1 + k_i) - 1)`` for ``K`` profiles.

    >>> comparisons((2, 2, 2, 2))
    1280
    """
    profiles = math.prod(shape)
    return profiles * (math.prod(1 + k for k in shape) - 1)


def check_game_size(shape: tuple[int, ...]) -> None:
    """Refuse a game whose coalition deviations are too many to check."""
    needed = comparisons(shape)
    if needed > MAX_COMPARISONS:
        raise TooLargeError(
            f"game too large for coalition structures: {needed:,} joint deviations to check "
            f"(the limit is {MAX_COMPARISONS:,}); use fewer strategies or actors"
        )


def _summed(game: Game, coalition: tuple[int, ...]) -> npt.NDArray[np.object_] | IntArray:
    """The coalition's summed payoff, scaled to integers (exact)."""
    common = reduce(math.lcm, (game.denominators[i] for i in coalition), 1)
    total: npt.NDArray[np.object_] | IntArray = sum(  # type: ignore[assignment]
        game.numerators[i].astype(object) * (common // game.denominators[i]) for i in coalition
    )
    return total


def blocked_profiles(game: Game, coalition: tuple[int, ...], *, transferable: bool) -> BoolArray:
    """Profiles some joint change of ``coalition``'s strategies improves (see the module).

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> blocked_profiles(pd, (0, 1), transferable=False).tolist()
    [[False, False], [False, True]]
    """
    shape = game.shape
    n = len(shape)
    others = tuple(i for i in range(n) if i not in coalition)
    order = others + coalition
    rest = math.prod(shape[i] for i in others)
    width = math.prod(shape[i] for i in coalition)
    moved_shape = tuple(shape[i] for i in order)
    if transferable:
        total = _summed(game, coalition)
        if len(coalition) == 1:
            total = game.numerators[coalition[0]]
        table = dense_ranks(np.transpose(np.asarray(total), order).reshape(rest, width))
        out = table < table.max(axis=1, keepdims=True)
    else:
        ranks = [dense_ranks(game.numerators[i]) for i in coalition]
        values = np.stack([np.transpose(r, order).reshape(rest, width) for r in ranks])
        if len(coalition) == 1:
            out = values[0] < values[0].max(axis=1, keepdims=True)
        else:
            out = np.zeros((rest, width), dtype=bool)
            step = max(1, _ROWS // max(1, width))
            for start in range(0, rest, step):
                block = values[:, start : start + step, :]  # (members, rows, width)
                better = np.all(block[:, :, None, :] > block[:, :, :, None], axis=0)
                out[start : start + step] = better.any(axis=2)
    inverse = np.argsort(order)
    return np.transpose(out.reshape(moved_shape), inverse)


@lru_cache(maxsize=16)
def _differing(shape: tuple[int, ...]) -> IntArray:
    """``d[p, q]``: the bitmask of actors whose strategies differ between flat profiles
    ``p`` and ``q`` (read-only; cached per shape)."""
    digits = np.array(list(np.ndindex(*shape)), dtype=np.int64).reshape(-1, len(shape))
    weights = np.int64(1) << np.arange(len(shape), dtype=np.int64)
    out = ((digits[:, None, :] != digits[None, :, :]) * weights).sum(axis=2)
    out.flags.writeable = False
    return np.asarray(out, dtype=np.int64)


def _blocked_pairwise(game: Game) -> BoolArray | None:
    """Without transfers, every coalition's blocked profiles at once (``None`` when the
    game is too large for it): ``m`` blocks ``p`` when some ``q`` differs from ``p`` only
    in ``m``'s strategies and every member of ``m`` is strictly better off at ``q``.

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> _blocked_pairwise(pd)[3].tolist()  # the pair {0, 1}
    [False, False, False, True]
    """
    n = game.n_players
    profiles = math.prod(game.shape)
    if (1 << n) * profiles * profiles > _PAIRWISE_CELLS:
        return None
    differ = _differing(game.shape)
    better = np.zeros((profiles, profiles), dtype=np.int64)
    for i in range(n):
        ranks = dense_ranks(game.numerators[i]).ravel()
        better |= (ranks[None, :] > ranks[:, None]).astype(np.int64) << i
    masks = np.arange(1 << n, dtype=np.int64)[:, None, None]
    inside = (differ[None, :, :] & ~masks) == 0
    gain = (better[None, :, :] & masks) == masks
    return np.asarray(((differ != 0)[None, :, :] & inside & gain).any(axis=2), dtype=bool)


@dataclass(frozen=True, eq=False)
class EquilibriumTable:
    """Every structure's equilibria, as a boolean matrix over flat profile indices.

    ``equilibria[s, p]``: profile ``p`` (``np.unravel_index(p, game.shape)``) is an
    equilibrium of structure ``s``; ``blocked[m]`` (a coalition bitmask) flags the
    profiles coalition ``m`` improves on.
    """

    game: Game
    structures: Structures
    transferable: bool
    blocked: tuple[BoolArray, ...]
    equilibria: BoolArray

    def profiles(self, structure: int) -> list[tuple[int, ...]]:
        """The equilibrium profiles of one structure, in lexicographic order."""
        return [
            tuple(int(s) for s in np.unravel_index(int(p), self.game.shape))
            for p in np.flatnonzero(self.equilibria[structure])
        ]


def structure_equilibria(
    game: Game, structures: Structures, *, transferable: bool = False
) -> EquilibriumTable:
    """The equilibria of every structure in ``structures`` (one per row)."""
    n = game.n_players
    check_game_size(game.shape)
    profiles = math.prod(game.shape)
    pairwise = None if transferable else _blocked_pairwise(game)
    if pairwise is not None:
        stacked = pairwise
        blocked = list(pairwise)
    else:
        blocked = [np.zeros(profiles, dtype=bool)]  # mask 0: no coalition
        for mask in range(1, 1 << n):
            coalition = members(mask, n)
            blocked.append(blocked_profiles(game, coalition, transferable=transferable).ravel())
        stacked = np.stack(blocked)  # (2**n, profiles)
    labels = structures.labels
    count = len(structures)
    masks = np.zeros((count, n), dtype=np.int64)  # masks[s, j]: coalition labelled j
    for i in range(n):
        masks[np.arange(count), labels[:, i]] += 1 << i
    equilibria = np.ones((count, profiles), dtype=bool)
    for j in range(n):
        equilibria &= ~stacked[masks[:, j]]
    equilibria.flags.writeable = False
    return EquilibriumTable(game, structures, transferable, tuple(blocked), equilibria)


@dataclass(frozen=True, eq=False)
class StructureValues:
    """Each actor's worst and best payoff over each structure's equilibria.

    ``low[i, s]`` and ``high[i, s]`` are dense ranks (exact order) of actor ``i``'s
    payoff, ``-1`` for a structure without a pure equilibrium; ``exact_low`` and
    ``exact_high`` hold the payoffs themselves (``None`` without an equilibrium).
    """

    low: IntArray
    high: IntArray
    exact_low: tuple[tuple[Fraction | None, ...], ...]
    exact_high: tuple[tuple[Fraction | None, ...], ...]


def structure_ranks(table: EquilibriumTable) -> tuple[IntArray, IntArray]:
    """``(low, high)``: each actor's worst and best payoff rank over each structure's
    equilibria (``-1`` without one), as :class:`StructureValues` holds them."""
    game = table.game
    n = game.n_players
    count = table.equilibria.shape[0]
    low = np.full((n, count), -1, dtype=np.int64)
    high = np.full((n, count), -1, dtype=np.int64)
    has = table.equilibria.any(axis=1)
    big = np.iinfo(np.int64).max
    for i in range(n):
        ranks = dense_ranks(game.numerators[i]).ravel()
        for start in range(0, count, _ROWS):
            eq = table.equilibria[start : start + _ROWS]
            low[i, start : start + _ROWS] = np.where(eq, ranks, big).min(axis=1)
            high[i, start : start + _ROWS] = np.where(eq, ranks, -1).max(axis=1)
        low[i] = np.where(has, low[i], -1)
    return low, high


def structure_values(table: EquilibriumTable) -> StructureValues:
    """The worst and best equilibrium payoff of every actor in every structure."""
    game = table.game
    n = game.n_players
    low, high = structure_ranks(table)
    exact_low: list[tuple[Fraction | None, ...]] = []
    exact_high: list[tuple[Fraction | None, ...]] = []
    for i in range(n):
        ranks = dense_ranks(game.numerators[i]).ravel()
        # exact payoffs from one representative profile per distinct rank
        numerators = game.numerators[i].ravel()
        by_rank: dict[int, Fraction] = {}
        for rank, value in zip(ranks.tolist(), numerators.tolist(), strict=True):
            by_rank.setdefault(rank, Fraction(int(value), game.denominators[i]))
        exact_low.append(tuple(by_rank[r] if r >= 0 else None for r in low[i].tolist()))
        exact_high.append(tuple(by_rank[r] if r >= 0 else None for r in high[i].tolist()))
    low.flags.writeable = False
    high.flags.writeable = False
    return StructureValues(low, high, tuple(exact_low), tuple(exact_high))
