"""Coalition structures: every partition of the actors, as restricted growth strings.

A structure of ``n`` actors is stored as a restricted growth string (RGS): a tuple
``labels`` with ``labels[0] == 0`` and ``labels[i] <= max(labels[:i]) + 1``; actors
with the same label are in the same coalition. Each partition has exactly one RGS,
so the ``B(n)`` structures (the Bell numbers: 1, 2, 5, 15, 52, 203, ...) are
enumerated once each (Knuth, *TAOCP* 4A, 7.2.1.5, Algorithm H's order).

:class:`Structures` holds them as an ``(B(n), n)`` integer array with a vectorised
:meth:`Structures.index` that maps any labelling (not necessarily canonical) back to
its structure's row, which is how moves between structures are computed for all
structures at once.

>>> structures = Structures.of(3)
>>> len(structures), structures.labels.tolist()
(5, [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [0, 1, 2]])
>>> structures.index(np.array([[2, 2, 7]])).tolist()
[1]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


def bell(n: int) -> int:
    """The Bell number ``B(n)``: how many partitions ``n`` actors have.

    >>> [bell(n) for n in range(11)]
    [1, 1, 2, 5, 15, 52, 203, 877, 4140, 21147, 115975]
    """
    row = [1]
    for _ in range(n):
        nxt = [row[-1]]
        for value in row:
            nxt.append(nxt[-1] + value)
        row = nxt
    return row[0]


def growth_strings(n: int) -> Iterator[tuple[int, ...]]:
    """Every restricted growth string of length ``n`` in lexicographic order.

    >>> list(growth_strings(3))
    [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (0, 1, 2)]
    """
    if n == 0:
        yield ()
        return
    labels = [0] * n
    highest = [0] * n  # highest[i] = max(labels[:i + 1])

    def extend(i: int) -> Iterator[tuple[int, ...]]:
        if i == n:
            yield tuple(labels)
            return
        for label in range(highest[i - 1] + 2):
            labels[i] = label
            highest[i] = max(highest[i - 1], label)
            yield from extend(i + 1)

    yield from extend(1)


def canonical(labels: npt.ArrayLike) -> IntArray:
    """Relabel rows of coalition labels to restricted growth strings (first seen = 0, ...).

    >>> canonical([[5, 5, 3], [1, 0, 1]]).tolist()
    [[0, 0, 1], [0, 1, 0]]
    """
    array = np.asarray(labels, dtype=np.int64)
    if array.ndim == 1:
        array = array[None, :]
    n = array.shape[1]
    same = array[:, :, None] == array[:, None, :]  # same[r, j, k]: j and k together
    first = np.argmax(same, axis=2)  # first position holding j's label
    new = first == np.arange(n)
    order = np.cumsum(new, axis=1) - 1
    return np.take_along_axis(order, first, axis=1).astype(np.int64)


@dataclass(frozen=True, eq=False)
class Structures:
    """Every coalition structure of ``n`` actors (rows of :attr:`labels`)."""

    n: int
    labels: IntArray

    @staticmethod
    def of(n: int) -> Structures:
        """All ``bell(n)`` structures of ``n`` actors, in lexicographic RGS order (one
        shared, read-only object per ``n``)."""
        return _every_structure(n)

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    @cached_property
    def _keys(self) -> IntArray:
        return self._encode(self.labels)

    def _encode(self, canonical_labels: IntArray) -> IntArray:
        weights = (self.n + 1) ** np.arange(self.n - 1, -1, -1, dtype=np.int64)
        return np.asarray(canonical_labels @ weights, dtype=np.int64)

    @staticmethod
    def subset(n: int, labels: npt.ArrayLike) -> Structures:
        """Some structures of ``n`` actors (any labellings; duplicates merged), in
        lexicographic order."""
        rows = np.unique(canonical(np.asarray(labels, dtype=np.int64).reshape(-1, n)), axis=0)
        rows.flags.writeable = False
        return Structures(n, rows)

    def index(self, labels: npt.ArrayLike) -> IntArray:
        """The row of each labelling's structure (labels need not be canonical); ``-1``
        for a structure not held (only a :meth:`subset` lacks some).

        Rows come in lexicographic order, which is the order of their keys, so a
        binary search finds them.
        """
        array = np.asarray(labels, dtype=np.int64)
        shape = array.shape[:-1]
        keys = self._encode(canonical(array.reshape(-1, self.n)))
        found = np.minimum(np.searchsorted(self._keys, keys), len(self) - 1)
        found = np.where(self._keys[found] == keys, found, -1)
        return found.reshape(shape).astype(np.int64)

    @cached_property
    def masks(self) -> tuple[tuple[int, ...], ...]:
        """Each structure's coalitions as bitmasks (bit ``i`` = actor ``i``), by label."""
        out = []
        for row in self.labels.tolist():
            coalitions = [0] * (max(row) + 1 if row else 0)
            for actor, label in enumerate(row):
                coalitions[label] |= 1 << actor
            out.append(tuple(coalitions))
        return tuple(out)

    @cached_property
    def incidence(self) -> npt.NDArray[np.bool_]:
        """``incidence[s, m]``: coalition ``m`` (a bitmask, 1..2**n - 1) is in structure ``s``."""
        out = np.zeros((len(self), 1 << self.n), dtype=bool)
        for row, coalitions in enumerate(self.masks):
            out[row, list(coalitions)] = True
        return out

    def coalitions(self, structure: int) -> tuple[tuple[int, ...], ...]:
        """The coalitions of one structure as tuples of actor indices."""
        return tuple(members(mask, self.n) for mask in self.masks[structure])

    def find(self, groups: Sequence[Sequence[int]]) -> int:
        """The row of the structure whose coalitions are ``groups`` (actor indices)."""
        labels = np.full(self.n, -1, dtype=np.int64)
        for label, group in enumerate(groups):
            for actor in group:
                labels[actor] = label
        if (labels < 0).any():
            raise ValueError("the groups do not cover every actor")
        return int(self.index(labels[None, :])[0])


@lru_cache(maxsize=16)
def _every_structure(n: int) -> Structures:
    rows = list(growth_strings(n))
    labels = np.array(rows, dtype=np.int64).reshape(len(rows), n)
    labels.flags.writeable = False
    return Structures(n, labels)


def members(mask: int, n: int) -> tuple[int, ...]:
    """The actors of a coalition bitmask.

    >>> members(0b101, 3)
    (0, 2)
    """
    return tuple(i for i in range(n) if mask >> i & 1)


def sample_growth_strings(n: int, count: int, seed: int) -> list[tuple[int, ...]]:
    """``count`` distinct structures of ``n`` actors drawn uniformly at random (all of
    them when there are fewer), in lexicographic order; the same seed, the same draw.

    Each draw picks labels position by position, weighted by how many partitions
    complete the prefix (``ways[r][k]``: ways to label ``r`` more actors when ``k``
    coalitions exist), so every partition is equally likely.

    >>> sample_growth_strings(3, 10, 0) == list(growth_strings(3))
    True
    >>> drawn = sample_growth_strings(10, 5, 1)
    >>> len(drawn), drawn == sample_growth_strings(10, 5, 1)
    (5, True)
    """
    import random

    total = bell(n)
    if count >= total:
        return list(growth_strings(n))
    ways = [[1] * (n + 2) for _ in range(n + 1)]
    for r in range(1, n + 1):
        for k in range(n + 1):
            ways[r][k] = k * ways[r - 1][k] + ways[r - 1][k + 1]
    draw = random.Random(seed)
    found: set[tuple[int, ...]] = set()
    while len(found) < count:
        labels = [0]
        blocks = 1
        for position in range(1, n):
            left = n - position - 1
            pick = draw.randrange(ways[left + 1][blocks])
            existing = ways[left][blocks]
            if pick < blocks * existing:
                labels.append(pick // existing)
            else:
                labels.append(blocks)
                blocks += 1
        found.add(tuple(labels))
    return sorted(found)
