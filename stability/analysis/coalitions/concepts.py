"""Stability of coalition structures, each concept decided for every structure at once.

Actors rank structures as :mod:`~stability.analysis.coalitions.preferences` says;
"gains" below means "strictly prefers the structure reached", "does not object"
means "weakly prefers it" (is not made worse off).

- **Core** (group deviations; Hart and Kurz 1983's delta model): a group ``T`` blocks
  ``P`` when every member of ``T`` gains in the structure where ``T`` forms one
  coalition and every other coalition of ``P`` stays as it was, minus ``T``'s members.
  ``P`` is core-stable when no group blocks it.
- **Nash stability** (Bogomolnaia and Jackson 2002, "The stability of hedonic
  coalition structures", *Games Econ. Behav.* 38: 201-230): no actor gains by moving
  from its coalition to another coalition of ``P`` or to being alone.
- **Individual stability** (same paper): no actor gains by such a move that no
  member of the coalition it joins objects to.
- **Contractual individual stability** (same paper): no actor gains by such a move
  that neither the members of the coalition it joins nor those of the one it
  leaves object to.
- **Farsighted stability**: Chwe's largest consistent set (1994, "Farsighted
  coalitional stability", *J. Econ. Theory* 63: 299-325), with the moves of
  Diamantoudi and Xue (2003, "Farsighted stability in hedonic games", *Soc. Choice
  Welfare* 21: 39-61): a group ``T`` can turn ``P`` into any ``P'`` in which the
  other actors' coalitions are those of ``P`` minus ``T``'s members and ``T``'s
  members are grouped among themselves in any way. Computed by Chwe's iterative
  deletion from the set of all structures.

Every Nash-stable structure is individually stable and every individually stable
one is contractually individually stable (each adds a condition to the moves that
count); the core neither implies nor follows from Nash stability.

>>> import numpy as np
>>> from stability.analysis.coalitions.partitions import Structures
>>> from stability.analysis.coalitions.preferences import Preferences
>>> # two actors who each prefer being together (structure 0) to apart (structure 1)
>>> low = np.array([[1, 0], [1, 0]])
>>> verdicts = stability_verdicts(Structures.of(2), Preferences(low, low, "pessimistic"))
>>> [concept for concept in CONCEPTS if verdicts[concept].tolist() == [True, False]]
['core', 'nash', 'individual', 'contractual', 'farsighted']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations

import numpy as np
import numpy.typing as npt

from stability.analysis.coalitions.partitions import Structures, bell, growth_strings, members
from stability.analysis.coalitions.preferences import Preferences
from stability.errors import TooLargeError

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

#: The concepts, in the order tables and documents list them.
CONCEPTS = ("core", "nash", "individual", "contractual", "farsighted")

#: Each concept's name for people.
CONCEPT_NAMES = {
    "core": "core",
    "nash": "Nash",
    "individual": "individual",
    "contractual": "contractual individual",
    "farsighted": "farsighted (largest consistent set)",
}

#: Most actors the farsighted concept takes: the largest consistent set compares
#: every structure with every move of every group (B(n) * (B(n + 1) - 1) moves).
MAX_FARSIGHTED_ACTORS = 6

#: Most actors for the farsighted concept over drawn structures (``--limit``): each
#: drawn structure's B(n + 1) - 1 regroupings (4,139 for seven actors) are listed.
MAX_SAMPLED_FARSIGHTED_ACTORS = 7


@dataclass(frozen=True, eq=False)
class IndividualMoves:
    """Every move of one actor to another coalition or alone, for every structure.

    Arrays of shape ``(structures, actors, n + 1)``: ``target[s, i, c]`` is the
    structure reached when actor ``i`` of ``s`` joins the coalition labelled ``c``
    (``c == n``: it goes alone); ``valid`` marks real moves.
    """

    target: IntArray
    valid: BoolArray
    gains: BoolArray
    welcome: BoolArray
    consent: BoolArray


def _rows(structures: Structures, rows: IntArray | None) -> IntArray:
    return np.arange(len(structures)) if rows is None else np.asarray(rows, dtype=np.int64)


def individual_moves(
    structures: Structures, preferences: Preferences, rows: IntArray | None = None
) -> IndividualMoves:
    """Each actor's moves in each structure (or in ``rows`` only, in that order), with
    who gains, welcomes and consents. A move to a structure not held (``-1``, in a
    :meth:`~Structures.subset`) is not a move."""
    n = structures.n
    chosen = _rows(structures, rows)
    labels = structures.labels[chosen]
    count = len(chosen)
    actors = np.arange(n)
    choices = np.arange(n + 1)
    moved = np.broadcast_to(labels[:, None, None, :], (count, n, n + 1, n)).copy()
    own = labels[:, :, None]  # (S, n, 1)
    moved[:, actors, :, actors] = np.broadcast_to(choices, (n, count, n + 1))
    highest = labels.max(axis=1)[:, None, None]
    alone = (labels[:, :, None] == labels[:, None, :]).sum(axis=2)[:, :, None] == 1
    valid = (choices[None, None, :] != own) & (
        (choices[None, None, :] <= highest) | ((choices[None, None, :] == n) & ~alone)
    )
    target = structures.index(moved)
    valid &= target >= 0
    target = np.maximum(target, 0)
    start = chosen[:, None, None]
    gains = np.zeros(valid.shape, dtype=bool)
    welcome = np.ones(valid.shape, dtype=bool)
    consent = np.ones(valid.shape, dtype=bool)
    for i in range(n):
        gains[:, i, :] = preferences.prefers(i, target[:, i, :], start[:, 0, :])
    for j in range(n):
        objects = preferences.prefers(j, start, target)  # j strictly prefers staying
        in_target = labels[:, None, None, j] == choices[None, None, :]
        in_source = labels[:, None, None, j] == own
        not_mover = actors[None, :, None] != j
        welcome &= ~(objects & in_target & not_mover)
        consent &= ~(objects & in_source & not_mover)
    return IndividualMoves(target, valid, gains & valid, welcome, consent)


def group_targets(structures: Structures, rows: IntArray | None = None) -> IntArray:
    """``t[s, m]``: the structure reached when group ``m`` (bitmask) of ``s`` forms one
    coalition and the rest keep theirs minus its members (``m = 0``: ``s`` itself);
    for ``rows`` only when given (for every structure: computed once, read-only)."""
    if rows is None:
        return _every_group_target(structures)
    return _group_targets(structures, rows)


@lru_cache(maxsize=16)
def _every_group_target(structures: Structures) -> IntArray:
    found = _group_targets(structures, None)
    found.flags.writeable = False
    return found


def _group_targets(structures: Structures, rows: IntArray | None) -> IntArray:
    n = structures.n
    groups = np.arange(1 << n)
    inside = (groups[:, None] >> np.arange(n)[None, :]) & 1  # (2**n, n)
    labels = structures.labels[_rows(structures, rows)][:, None, :]
    moved = np.where(inside[None, :, :] == 1, n, labels)
    return structures.index(moved)


def neighbour_labels(labels: IntArray) -> IntArray:
    """Every labelling one move away from each row of ``labels``: an actor joining
    another coalition or going alone, and a group forming a coalition of its own."""
    count, n = labels.shape
    actors = np.arange(n)
    moved = np.broadcast_to(labels[:, None, None, :], (count, n, n + 1, n)).copy()
    moved[:, actors, :, actors] = np.broadcast_to(np.arange(n + 1), (n, count, n + 1))
    groups = np.arange(1 << n)
    inside = (groups[:, None] >> actors[None, :]) & 1
    formed = np.where(inside[None, :, :] == 1, n, labels[:, None, :])
    return np.concatenate([moved.reshape(-1, n), formed.reshape(-1, n)])


def blocking_groups(
    structures: Structures, preferences: Preferences, rows: IntArray | None = None
) -> BoolArray:
    """``b[s, m]``: every member of group ``m`` gains when it forms its own coalition
    (for ``rows`` only when given)."""
    n = structures.n
    targets = group_targets(structures, rows)
    start = _rows(structures, rows)[:, None]
    blocks = targets >= 0
    targets = np.maximum(targets, 0)  # a copy: the shared array stays as it is
    blocks[:, 0] = False
    groups = np.arange(1 << n)
    for i in range(n):
        member = (groups >> i & 1) == 1
        blocks[:, member] &= preferences.prefers(i, targets[:, member], start)
    return blocks


@dataclass(frozen=True, eq=False)
class FarsightedMoves:
    """Every Diamantoudi-Xue move of every group: ``start[k] -> end[k]`` by ``group[k]``;
    ``escapes[s]``: structure ``s`` has a move to a structure not held (only a
    :meth:`~Structures.subset` has any)."""

    start: IntArray
    end: IntArray
    group: IntArray
    escapes: BoolArray


#: Structures whose regroupings are listed at once (bounds memory for seven actors).
_CHUNK = 64


@lru_cache(maxsize=16)
def farsighted_moves(structures: Structures) -> FarsightedMoves:
    """All moves by which a group regroups its members among themselves (no-op moves
    left out, and moves to a structure not held; computed once per set of structures)."""
    n = structures.n
    templates: list[list[int]] = []
    owners: list[int] = []
    for size in range(1, n + 1):
        for group in combinations(range(n), size):
            for inner in growth_strings(size):
                row = [-1] * n
                for actor, label in zip(group, inner, strict=True):
                    row[actor] = n + label
                templates.append(row)
                owners.append(sum(1 << a for a in group))
    template = np.array(templates, dtype=np.int64)
    owner = np.array(owners, dtype=np.int64)
    starts, ends, groups = [], [], []
    escapes = np.zeros(len(structures), dtype=bool)
    for first in range(0, len(structures), _CHUNK):
        labels = structures.labels[first : first + _CHUNK, None, :]
        moved = np.where(template[None, :, :] >= 0, template[None, :, :], labels)
        end = structures.index(moved)
        start = np.broadcast_to(np.arange(first, first + len(labels))[:, None], end.shape)
        mover = np.broadcast_to(owner[None, :], end.shape)
        escapes[first : first + len(labels)] = (end < 0).any(axis=1)
        real = (end != start) & (end >= 0)
        starts.append(start[real])
        ends.append(end[real])
        groups.append(mover[real])
    return FarsightedMoves(np.concatenate(starts), np.concatenate(ends),
                           np.concatenate(groups), escapes)


@dataclass(frozen=True, eq=False)
class Farsighted:
    """Chwe's largest consistent set and the indirect dominance it rests on."""

    moves: FarsightedMoves
    better: BoolArray  # better[m, e, a]: every member of group m strictly prefers e to a
    dominates: BoolArray  # dominates[e, d]: e indirectly dominates d
    stable: BoolArray

    @cached_property
    def size(self) -> int:
        return int(self.stable.sum())


def largest_consistent_set(
    structures: Structures, preferences: Preferences, *, sound: bool = False
) -> Farsighted:
    """Chwe's largest consistent set over coalition structures (see the module).

    Over a :meth:`~Structures.subset` the moves and chains are those among its
    structures: the largest consistent set of the game restricted to them. With
    ``sound``, a structure with a move out of the subset (which nothing held can
    deter) is left out from the start: what remains is then consistent in the whole
    game too, so inside its largest consistent set (Chwe 1994: that set contains every
    consistent set).

    ``e`` indirectly dominates ``d`` when a chain of moves leads from ``d`` to ``e``
    and each moving group strictly prefers ``e`` to the structure it moves from.
    A set ``Y`` is consistent when for every ``a`` in ``Y`` and every move of a group
    ``T`` from ``a`` to ``d`` some ``e`` in ``Y`` (``d`` itself or one that indirectly
    dominates it) leaves some member of ``T`` no better off than at ``a``.
    """
    n = structures.n
    whole = len(structures) == bell(n)
    if n > (MAX_FARSIGHTED_ACTORS if whole else MAX_SAMPLED_FARSIGHTED_ACTORS):
        raise TooLargeError(
            f"farsighted stability takes at most {MAX_FARSIGHTED_ACTORS} actors "
            f"(this game has {n})"
        )
    count = len(structures)
    moves = farsighted_moves(structures)
    prefer = np.stack([preferences.matrix(i) for i in range(n)])  # (n, e, a)
    better = np.ones((1 << n, count, count), dtype=bool)
    for mask in range(1, 1 << n):
        for i in members(mask, n):
            better[mask] &= prefer[i]
    # indirect dominance by a fixed point over chains (moves sorted by start); arrays
    # are (moves, e) so that each reduction runs over contiguous rows
    order = np.argsort(moves.start, kind="stable")
    start, end, group = moves.start[order], moves.end[order], moves.group[order]
    firsts = np.searchsorted(start, np.arange(count))
    has_moves = np.bincount(start, minlength=count) > 0
    starts = np.minimum(firsts, max(len(start) - 1, 0))
    valid = better[group, :, start]  # (moves, e): e is better for the movers than start
    identity = np.eye(count, dtype=bool)
    dominated_by = np.zeros((count, count), dtype=bool)  # [d, e]: e indirectly dominates d
    while len(start):
        reached = dominated_by[end] | identity[end]  # (moves, e)
        step = np.logical_or.reduceat(valid & reached, starts, axis=0)  # (starts, e)
        new = dominated_by.copy()
        new[has_moves] |= step[has_moves]
        if np.array_equal(new, dominated_by):
            break
        dominated_by = new
    dominates = dominated_by.T
    # Chwe's iterative deletion
    stable = ~moves.escapes if sound else np.ones(count, dtype=bool)
    while len(start):
        candidates = stable[None, :] & (identity[end] | dominated_by[end])  # (moves, e)
        deterred = (candidates & ~valid).any(axis=1)  # some e leaves a mover no better off
        failing = np.zeros(count, dtype=bool)
        np.logical_or.at(failing, start, ~deterred)
        new_stable = stable & ~failing
        if np.array_equal(new_stable, stable):
            break
        stable = new_stable
    stable.flags.writeable = False
    return Farsighted(moves, better, dominates, stable)


def _none(found: BoolArray, axis: int | tuple[int, ...]) -> BoolArray:
    return np.asarray(~found.any(axis=axis), dtype=bool)


def verdicts_from(
    moves: IndividualMoves, blocks: BoolArray, farsighted: BoolArray | None
) -> dict[str, BoolArray]:
    """Each concept's verdict from the moves, the blocking groups and the LCS (if given)."""
    gains = moves.gains
    verdicts = {
        "core": _none(blocks, 1),
        "nash": _none(gains, (1, 2)),
        "individual": _none(gains & moves.welcome, (1, 2)),
        "contractual": _none(gains & moves.welcome & moves.consent, (1, 2)),
    }
    if farsighted is not None:
        verdicts["farsighted"] = farsighted
    for verdict in verdicts.values():
        verdict.flags.writeable = False
    return verdicts


def stability_verdicts(
    structures: Structures, preferences: Preferences, *, farsighted: bool = True
) -> dict[str, BoolArray]:
    """Each concept's verdict (a boolean per structure); ``farsighted`` False skips the LCS."""
    lcs = largest_consistent_set(structures, preferences).stable if farsighted else None
    return verdicts_from(
        individual_moves(structures, preferences), blocking_groups(structures, preferences), lcs
    )
