"""Stability analysis of a conflict in the Graph Model (Fang, Hipel and Kilgour 1993).

Everything is a boolean matrix over the feasible states: ``moves[i][s, t]`` when
decision maker ``i`` can move the conflict from ``s`` to ``t`` in one step (changing
only its own options, within the irreversibility rules, to a feasible state);
``improvements[i]`` keeps the moves to states ``i`` strictly prefers. For a focal
decision maker ``i`` at state ``s`` (Fang, Hipel and Kilgour 1993, *Interactive
Decision Making: The Graph Model for Conflict Resolution*, Wiley, ch. 3):

- ``nash``: ``i`` has no unilateral improvement from ``s``;
- ``gmr``: every improvement ``s1`` of ``i`` can be sanctioned: the others can
  reach, by a legal sequence of their unilateral moves, a state ``s2`` that ``i``
  does not prefer to ``s``;
- ``smr``: as ``gmr``, with a sanction ``s2`` from which no move of ``i`` reaches a
  state ``i`` prefers to ``s``;
- ``seq``: as ``gmr``, with sanctions made of the others' unilateral improvements;
- ``sim``: simultaneous sanctioning (Fraser and Hipel 1984, *Conflict Analysis:
  Models and Resolutions*): ``i``'s improvement, taken together with some
  combination of the others' simultaneous unilateral improvements from ``s``,
  reaches a (feasible) state ``i`` does not prefer to ``s``.

A legal sequence is one in which no decision maker moves twice in a row. Each
decision maker's moves are transitive here (two consecutive moves by one decision
maker are one move, or none), so legal reachability is ordinary reachability in
the union of the movers' graphs; the one difference, reaching the starting state
again, never matters for a sanction.

Coalition analysis (``coalitions=True``), after Kilgour, Hipel, Fang and Peng
(2001), "Coalition analysis in group decision support", Group Decision and
Negotiation 10:159-175. A coalition ``H`` (any non-empty set of decision makers)
moves jointly: its reachable states are those reached by legal sequences of its
members' unilateral moves, and a *coalition improvement* is a reachable state that
every member strictly prefers. For each coalition ``H`` and state ``s``:

- ``coalition_nash``: ``H`` has no coalition improvement from ``s``;
- ``coalition_gmr``: every coalition improvement ``s1`` can be sanctioned by the
  decision makers outside ``H`` (legal sequences of their unilateral moves) with a
  state ``s2`` that not every member of ``H`` strictly prefers to ``s``;
- ``coalition_smr``: as ``coalition_gmr``, and from ``s2`` no coalition move of
  ``H`` reaches a state every member strictly prefers to ``s``;
- ``coalition_seq``: as ``coalition_gmr``, with sanctions made of the outsiders'
  unilateral improvements.

A state is coalition stable for a decision maker when it is stable for every
coalition containing it, and a coalition equilibrium when it is stable for every
coalition. With ``H = {i}`` these reduce to the individual concepts.

>>> from stability.io.conflict import parse_conflict
>>> pd = parse_conflict('''
... [[decision_makers]]
... name = "Row"
... options = ["Row defects"]
... [[decision_makers]]
... name = "Column"
... options = ["Column defects"]
... [preferences]
... Row = [1, 0, 3, 2]
... Column = [2, 0, 3, 1]
... ''')
>>> result = analyse(pd)
>>> result.equilibrium_codes("nash"), result.equilibrium_codes("seq")
([3], [0, 3])
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import InputError
from stability.model.conflict import Conflict

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

CONCEPTS = ("nash", "gmr", "smr", "seq", "sim")
COALITION_CONCEPTS = ("coalition_nash", "coalition_gmr", "coalition_smr", "coalition_seq")

_NONE = np.iinfo(np.int64).max


@dataclass(frozen=True, eq=False)
class GraphModel:
    """The conflict's graph: per decision maker, move and improvement matrices."""

    conflict: Conflict
    codes: IntArray
    moves: tuple[BoolArray, ...]
    improvements: tuple[BoolArray, ...]

    @property
    def n(self) -> int:
        return len(self.codes)


def graph_model(conflict: Conflict) -> GraphModel:
    """Build the move and improvement matrices of a conflict.

    >>> from stability.io.conflict import parse_conflict
    >>> c = parse_conflict('[[decision_makers]]\\nname="A"\\noptions=["X"]\\n'
    ...                    '[irreversible]\\nX="forward"\\n[preferences]\\nA=[0, 1]\\n')
    >>> graph_model(c).moves[0].tolist()
    [[False, True], [False, False]]
    """
    codes = np.array(conflict.states, dtype=np.int64)
    difference = codes[:, None] ^ codes[None, :]
    moves = []
    improvements = []
    for i in range(len(conflict.decision_makers)):
        mask = conflict.option_mask(i)
        move = (difference != 0) & ((difference & ~mask) == 0)
        for k in conflict.controls[i]:
            direction = conflict.irreversible.get(k)
            if direction is None:
                continue
            before = (codes[:, None] >> k & 1).astype(bool)
            after = (codes[None, :] >> k & 1).astype(bool)
            if direction in ("forward", "both"):
                move &= ~(before & ~after)
            if direction in ("backward", "both"):
                move &= ~(~before & after)
        rank = conflict.ranks[i]
        moves.append(move)
        improvements.append(move & (rank[None, :] > rank[:, None]))
    return GraphModel(conflict, codes, tuple(moves), tuple(improvements))


def reach_floor(value: IntArray, adjacency: BoolArray) -> IntArray:
    """For each state, the least ``value`` over states reachable in one step or more.

    States that reach nothing get the int64 maximum.
    """
    none = np.iinfo(np.int32).max
    small = value.astype(np.int32)  # preference levels are below the state count
    floor = np.full(len(value), none, dtype=np.int32)
    while True:
        target = np.minimum(small, floor)
        new = np.where(adjacency, target[None, :], none).min(axis=1) if len(value) else floor
        if np.array_equal(new, floor):
            wide = floor.astype(np.int64)
            wide[floor == none] = _NONE
            return wide
        floor = new


def reachability(adjacency: BoolArray) -> BoolArray:
    """States reachable in one step or more (a state may count as reaching itself).

    A symmetric graph (no irreversible option) is closed through its connected
    components; otherwise by repeated squaring of the boolean matrix.
    """
    if not adjacency.any():
        return adjacency.copy()
    if np.array_equal(adjacency, adjacency.T):
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components

        _, found = connected_components(csr_matrix(adjacency), directed=False)
        labels = np.asarray(found, dtype=np.int64)
        same: BoolArray = np.equal.outer(labels, labels)
        moving: BoolArray = np.any(adjacency, axis=1)
        return same & moving[:, None]
    reach = adjacency.copy()
    while True:
        as_float = reach.astype(np.float32)
        new = reach | ((as_float @ as_float) > 0)
        if np.array_equal(new, reach):
            return reach
        reach = new


def _union(matrices: Sequence[BoolArray], n: int) -> BoolArray:
    out = np.zeros((n, n), dtype=bool)
    for matrix in matrices:
        out |= matrix
    return out


@dataclass(frozen=True)
class PathStep:
    """One unilateral improvement on the way from the status quo."""

    decision_maker: int
    source: int
    target: int


@dataclass(frozen=True)
class StatusQuoPath:
    """How the conflict can evolve from the status quo to one equilibrium.

    ``steps`` is a shortest legal sequence of unilateral improvements (no decision
    maker twice in a row), ``None`` when the equilibrium cannot be reached that way.
    """

    target: int
    concepts: tuple[str, ...]
    steps: tuple[PathStep, ...] | None


@dataclass(frozen=True, eq=False)
class GMCRResult:
    """Stability of every state for every decision maker, under each concept.

    ``stable[concept][i]`` is a boolean vector over :attr:`Conflict.states`;
    ``coalition_stable[concept][H]`` likewise for each coalition ``H`` (a tuple of
    decision-maker indices) when coalition analysis was asked for.
    """

    model: GraphModel
    stable: dict[str, tuple[BoolArray, ...]]
    coalition_stable: dict[str, dict[tuple[int, ...], BoolArray]] | None = None
    paths: tuple[StatusQuoPath, ...] | None = None
    status_quo: int | None = None

    @property
    def conflict(self) -> Conflict:
        return self.model.conflict

    def equilibria(self, concept: str) -> BoolArray:
        """States stable for every decision maker under ``concept``."""
        stable: BoolArray = np.logical_and.reduce(self.stable[concept])
        return stable

    def equilibrium_codes(self, concept: str) -> list[int]:
        return [int(c) for c in self.model.codes[self.equilibria(concept)]]

    def stable_codes(self, concept: str, decision_maker: int) -> list[int]:
        return [int(c) for c in self.model.codes[self.stable[concept][decision_maker]]]

    def coalition_stable_for(self, concept: str, decision_maker: int) -> BoolArray:
        """Stable for every coalition containing ``decision_maker``."""
        assert self.coalition_stable is not None
        vectors = [v for h, v in self.coalition_stable[concept].items() if decision_maker in h]
        stable: BoolArray = np.logical_and.reduce(vectors)
        return stable

    def coalition_equilibria(self, concept: str) -> list[int]:
        assert self.coalition_stable is not None
        stable = np.logical_and.reduce(list(self.coalition_stable[concept].values()))
        return [int(c) for c in self.model.codes[stable]]


#: Coalition analysis holds a few states x states matrices per coalition and keeps
#: each coalition's reachable states: its work and memory grow as coalitions x
#: states**2. Measured (benchmarks/bench_limits.py): 9 decision makers, 512 states
#: (511 x 262,144 = 134,000,000) take 9 s and 205 MB; 10 and 1,024 (1.07e9) about
#: 40 s and past 1 GB; 12 and 4,096 never finished.
COALITION_WORK = 150_000_000


def check_coalition_work(decision_makers: int, states: int) -> None:
    """Refuse coalition analysis beyond :data:`COALITION_WORK` (coalitions x states**2).

    >>> check_coalition_work(9, 512)
    >>> check_coalition_work(12, 4096)
    Traceback (most recent call last):
    ...
    stability.errors.InputError: --coalitions: 4,095 coalitions x 4,096 states squared ...
    """
    coalitions = 2**decision_makers - 1
    work = coalitions * states * states
    if work > COALITION_WORK:
        raise InputError(
            f"--coalitions: {coalitions:,} coalitions x {states:,} states squared is "
            f"{work:,}, more than the limit of {COALITION_WORK:,} (about 10 s and 200 MB); "
            f"run without --coalitions, or with fewer decision makers or feasible states"
        )


def analyse(
    conflict: Conflict,
    *,
    coalitions: bool = False,
    status_quo: int | None = None,
    any_moves: bool = False,
) -> GMCRResult:
    """Nash, GMR, SMR, SEQ and SIM stability for every decision maker and state.

    ``coalitions`` adds coalition stability; ``status_quo`` (a state code) adds the
    paths from it to each equilibrium, by unilateral improvements (or by any
    unilateral moves, with ``any_moves``).
    """
    n_dm = len(conflict.decision_makers)
    if coalitions:
        check_coalition_work(n_dm, len(conflict.states))
    model = graph_model(conflict)
    stable: dict[str, list[BoolArray]] = {c: [] for c in CONCEPTS}
    for i in range(n_dm):
        for concept, vector in _individual(model, i).items():
            stable[concept].append(vector)
    result = GMCRResult(model, {c: tuple(v) for c, v in stable.items()})
    coalition_stable = _coalitions(model) if coalitions else None
    paths = None
    if status_quo is not None:
        conflict.state_index(status_quo)
        paths = status_quo_paths(result, status_quo, any_moves=any_moves)
    return GMCRResult(model, result.stable, coalition_stable, paths, status_quo)


def _individual(model: GraphModel, i: int) -> dict[str, BoolArray]:
    n = model.n
    rank = model.conflict.ranks[i]
    others = [j for j in range(len(model.moves)) if j != i]
    improvement = model.improvements[i]
    other_moves = _union([model.moves[j] for j in others], n)
    other_improvements = _union([model.improvements[j] for j in others], n)
    # i's best outcome from s2, staying or moving: an SMR sanction must keep it low
    best_reply = np.maximum(rank, np.where(model.moves[i], rank[None, :], -1).max(axis=1)) \
        if n else rank
    floors = {
        "gmr": reach_floor(rank, other_moves),
        "smr": reach_floor(best_reply, other_moves),
        "seq": reach_floor(rank, other_improvements),
    }
    out: dict[str, BoolArray] = {"nash": np.logical_not(improvement.any(axis=1))}
    for concept, floor in floors.items():
        escapes = improvement & (floor[None, :] > rank[:, None])
        out[concept] = np.logical_not(escapes.any(axis=1))
    out["sim"] = _simultaneous(model, i)
    return {c: out[c] for c in CONCEPTS}


def _simultaneous(model: GraphModel, i: int) -> BoolArray:
    conflict = model.conflict
    codes = model.codes
    rank = conflict.ranks[i]
    lookup = np.full(1 << len(conflict.options), -1, dtype=np.int64)
    lookup[codes] = np.arange(len(codes))
    masks = [conflict.option_mask(j) for j in range(len(conflict.decision_makers))]
    out = np.ones(len(codes), dtype=bool)
    for s in range(len(codes)):
        targets = np.flatnonzero(model.improvements[i][s])
        if targets.size == 0:
            continue
        combined = np.zeros(1, dtype=np.int64)
        for j, mask in enumerate(masks):
            if j == i:
                continue
            parts = np.concatenate(
                ([codes[s] & mask], codes[np.flatnonzero(model.improvements[j][s])] & mask)
            )
            combined = (combined[:, None] + parts[None, :]).ravel()
        for t in targets:
            reached = lookup[combined + (codes[t] & masks[i])]
            reached = reached[reached >= 0]
            if not (rank[reached] <= rank[s]).any():
                out[s] = False
                break
    return out


def _coalitions(model: GraphModel) -> dict[str, dict[tuple[int, ...], BoolArray]]:
    ranks = model.conflict.ranks
    n = model.n
    n_dm = len(model.moves)
    closures: dict[tuple[int, ...], BoolArray] = {}

    def closure(members: tuple[int, ...]) -> BoolArray:
        if members not in closures:
            if len(members) == 1:
                closures[members] = model.moves[members[0]]  # one mover's moves are transitive
            else:
                closures[members] = reachability(_union([model.moves[j] for j in members], n))
        return closures[members]

    out: dict[str, dict[tuple[int, ...], BoolArray]] = {c: {} for c in COALITION_CONCEPTS}
    for size in range(1, n_dm + 1):
        for members in combinations(range(n_dm), size):
            outside = tuple(j for j in range(n_dm) if j not in members)
            unanimous = np.logical_and.reduce(
                [ranks[j][None, :] > ranks[j][:, None] for j in members]
            )
            own = closure(members)
            improvement = own & unanimous
            nash = np.logical_not(improvement.any(axis=1))
            out["coalition_nash"][members] = nash
            outside_moves = _union([model.moves[j] for j in outside], n)
            outside_up = _union([model.improvements[j] for j in outside], n)
            # a sanction s2 deters H when some member j does not strictly prefer it to s:
            # exists j, exists s2 reachable with rank_j(s2) <= rank_j(s), i.e. j's floor
            for concept, adjacency in (("coalition_gmr", outside_moves),
                                       ("coalition_seq", outside_up)):
                sanctioned = np.zeros((n, n), dtype=bool)
                for j in members:
                    floor = reach_floor(ranks[j], adjacency)
                    sanctioned |= floor[None, :] <= ranks[j][:, None]
                out[concept][members] = np.logical_not((improvement & ~sanctioned).any(axis=1))
            out["coalition_smr"][members] = _coalition_smr(
                improvement, unanimous, own, nash, out["coalition_gmr"][members],
                closure(outside) if outside else None,
            )
    return out


def _coalition_smr(
    improvement: BoolArray,
    unanimous: BoolArray,
    own: BoolArray,
    nash: BoolArray,
    gmr: BoolArray,
    sanctions: BoolArray | None,
) -> BoolArray:
    """SMR for a coalition, checked only where it can differ (GMR-stable, not Nash)."""
    smr = nash.copy()
    if sanctions is None:
        return smr
    candidates = np.flatnonzero(gmr & ~nash)
    if candidates.size == 0:
        return smr
    better = unanimous[candidates]
    # counter[s, s2]: from s2 the coalition can reach a state all members prefer to s
    counter = (better.astype(np.float32) @ own.T.astype(np.float32)) > 0
    deterrent = ~better & ~counter
    sanctioned = (deterrent.astype(np.float32) @ sanctions.T.astype(np.float32)) > 0  # [s, s1]
    smr[candidates] = np.logical_not((improvement[candidates] & ~sanctioned).any(axis=1))
    return smr


def status_quo_paths(
    result: GMCRResult, status_quo: int, *, any_moves: bool = False
) -> tuple[StatusQuoPath, ...]:
    """Shortest legal sequences of unilateral improvements to each equilibrium.

    An equilibrium here is a state that is an equilibrium under at least one
    individual concept. With ``any_moves`` the steps may be any unilateral moves
    (a decision maker may accept a worse state on the way).
    """
    model = result.model
    start = model.conflict.state_index(status_quo)
    n_dm = len(model.moves)
    # breadth-first search over (state, last mover); last mover n_dm = nobody yet
    parent: dict[tuple[int, int], tuple[int, int]] = {}
    first: dict[int, tuple[int, int]] = {start: (start, n_dm)}
    queue = deque([(start, n_dm)])
    seen = {(start, n_dm)}
    graph = model.moves if any_moves else model.improvements
    successors = [[np.flatnonzero(graph[i][s]) for s in range(model.n)]
                  for i in range(n_dm)]
    while queue:
        state, last = queue.popleft()
        for i in range(n_dm):
            if i == last:
                continue
            for target in successors[i][state]:
                node = (int(target), i)
                if node in seen:
                    continue
                seen.add(node)
                parent[node] = (state, last)
                first.setdefault(int(target), node)
                queue.append(node)
    paths = []
    for index, code in enumerate(model.codes):
        concepts = tuple(c for c in CONCEPTS if result.equilibria(c)[index])
        if not concepts:
            continue
        found = first.get(index)
        steps: tuple[PathStep, ...] | None = None
        if found is not None:
            node = found
            collected = []
            while node[1] != n_dm:
                before = parent[node]
                collected.append(
                    PathStep(node[1], int(model.codes[before[0]]), int(model.codes[node[0]]))
                )
                node = before
            steps = tuple(reversed(collected))
        paths.append(StatusQuoPath(int(code), concepts, steps))
    return tuple(paths)


def shortest_paths(
    start: int,
    successors: Callable[[int], Iterable[tuple[int, int]]],
    goal: Callable[[int], bool],
    *,
    limit: int = 50,
) -> list[tuple[PathStep, ...]]:
    """Every shortest sequence of moves from ``start`` to a state meeting ``goal``.

    ``successors(state)`` yields ``(mover, next state)`` for each allowed move (for
    example each unilateral improvement). Breadth first; at most ``limit`` paths,
    in a deterministic order; ``[]`` when no such state is reachable, ``[()]`` when
    ``start`` meets the goal. When each mover's moves are transitive (two moves by
    one mover in a row reach nothing one move cannot), a shortest sequence never has
    the same mover twice in a row, so every path returned is legal in the Graph
    Model's sense. ``PathStep`` holds state numbers as given here.

    >>> moves = {0: [(0, 1), (1, 2)], 1: [(1, 3)], 2: [(0, 3)], 3: []}
    >>> [[(s.decision_maker, s.target) for s in p]
    ...  for p in shortest_paths(0, lambda s: moves[s], lambda s: s == 3)]
    [[(0, 1), (1, 3)], [(1, 2), (0, 3)]]
    """
    if goal(start):
        return [()]
    parents: dict[int, list[tuple[int, int]]] = {start: []}
    frontier = [start]
    reached: list[int] = []
    while frontier and not reached:
        layer: dict[int, list[tuple[int, int]]] = {}
        for state in frontier:
            for mover, target in successors(state):
                if target in parents:
                    continue
                layer.setdefault(target, []).append((mover, state))
        parents.update(layer)
        frontier = list(layer)
        reached = [s for s in frontier if goal(s)]
    paths: list[tuple[PathStep, ...]] = []

    def back(state: int, tail: tuple[PathStep, ...]) -> None:
        if len(paths) >= limit:
            return
        if state == start:
            paths.append(tail)
            return
        for mover, source in parents[state]:
            back(source, (PathStep(mover, source, state), *tail))

    for state in reached:
        back(state, ())
    return paths


GMCR_SCHEMA = "stability/gmcr/v1"


def gmcr_json(result: GMCRResult) -> dict[str, Any]:
    """The ``stability/gmcr/v1`` document (with ``coalitions``/``status_quo`` when computed)."""
    conflict = result.conflict
    document: dict[str, Any] = {
        "schema": GMCR_SCHEMA,
        "title": conflict.title,
        "decision_makers": [
            {"name": name, "options": [conflict.options[k] for k in conflict.controls[i]]}
            for i, name in enumerate(conflict.decision_makers)
        ],
        "options": list(conflict.options),
        "states": list(conflict.states),
        "stable": {
            name: {c: result.stable_codes(c, i) for c in CONCEPTS}
            for i, name in enumerate(conflict.decision_makers)
        },
        "equilibria": {c: result.equilibrium_codes(c) for c in CONCEPTS},
    }
    if result.coalition_stable is not None:
        codes = result.model.codes
        document["coalitions"] = {
            "concepts": list(COALITION_CONCEPTS),
            "stable": {
                name: {
                    c: [int(x) for x in codes[result.coalition_stable_for(c, i)]]
                    for c in COALITION_CONCEPTS
                }
                for i, name in enumerate(conflict.decision_makers)
            },
            "equilibria": {c: result.coalition_equilibria(c) for c in COALITION_CONCEPTS},
            "by_coalition": [
                {
                    "members": [conflict.decision_makers[i] for i in members],
                    "stable": {
                        c: [int(x) for x in codes[result.coalition_stable[c][members]]]
                        for c in COALITION_CONCEPTS
                    },
                }
                for members in result.coalition_stable["coalition_nash"]
            ],
        }
    if result.paths is not None:
        document["status_quo"] = {
            "state": result.status_quo,
            "paths": [
                {
                    "to": path.target,
                    "concepts": list(path.concepts),
                    "reachable": path.steps is not None,
                    "moves": None
                    if path.steps is None
                    else [
                        {
                            "decision_maker": conflict.decision_makers[step.decision_maker],
                            "from": step.source,
                            "to": step.target,
                        }
                        for step in path.steps
                    ],
                }
                for path in result.paths
            ],
        }
    return document
