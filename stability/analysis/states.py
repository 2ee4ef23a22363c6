"""Stability of every pure profile under several solution concepts.

For a strategic-form :class:`~stability.model.game.Game` this module decides, for
each pure profile, whether it is

- ``nash``: no player gains by changing its own strategy;
- ``strict``: every player loses by any change of its own strategy;
- ``strong``: no coalition has a joint pure deviation making every member strictly
  better off (Aumann 1959);
- ``coalition_proof``: a coalition-proof Nash equilibrium (Bernheim, Peleg and
  Whinston 1987, "Coalition-proof Nash equilibria I. Concepts", J. Econ. Theory
  42:1-12), with pure deviations that make every deviating member strictly better
  off, defined recursively over sub-coalitions;
- ``gmr``, ``smr``, ``seq``: the Graph Model's general metarationality, symmetric
  metarationality and sequential stability for every player (Fang, Hipel and
  Kilgour 1993, *Interactive Decision Making: The Graph Model for Conflict
  Resolution*, Wiley, ch. 3), where a player's unilateral moves change only its own
  strategy and its payoff order is its preference. A sanction against player ``i``
  is a legal sequence of unilateral moves (unilateral improvements for ``seq``) by
  the other players in which no player moves twice in a row.

Because a player's moves here change only its own strategy, two consecutive moves
by one player amount to one move (and two consecutive improvements to one
improvement), so the states reachable by legal sequences are exactly those
reachable by any non-empty sequence, except possibly the starting state itself,
which can never serve as a sanction. That is what lets the computation run as a
vectorised fixed point over the whole profile array.

>>> from stability.model.game import Game
>>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
...                        strategies=[["C", "D"], ["C", "D"]])
>>> table = stability_table(pd)
>>> [(p, table.concepts(p)) for p in table.profiles() if table.nash[p]]
[((1, 1), ('nash', 'strict', 'coalition_proof', 'gmr', 'smr', 'seq'))]
>>> profile_stability(pd, (1, 1)).deviations["strong"].describe(pd)
'Player 1 and Player 2 together to (C, C): Player 1 gains 2, Player 2 gains 2'
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.analysis.sanctions import (
    best_moves_of,
    graph_model_stability,
    player_floor,
)
from stability.errors import InputError, TooLargeError
from stability.model.exact import format_fraction
from stability.model.game import Game, game_header

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

#: The concepts, in the order tables and JSON documents list them.
CONCEPTS = ("nash", "strict", "strong", "coalition_proof", "gmr", "smr", "seq")

_BLOCK = 512  # rows of a pairwise comparison handled at once (bounds memory)
#: Coalitions x pure profiles the coalition-proof recursion may visit (every
#: coalition holds a boolean array over the profiles): beyond it the recursion
#: would not end within a minute or fit in 1 GB.
MAX_COALITION_CELLS = 20_000_000
#: Coalition-member steps of that recursion (n * 2**(n-1) array operations, whatever
#: the profiles): 14 players take about 1 s, 16 about 4 s, 20 over a minute.
MAX_COALITION_STEPS = 16 * 2**15
#: Pure profiles x strategies of one player compared at once (the moves of every
#: profile to every strategy of a player, in the Graph Model concepts and the best
#: moves): beyond it one comparison array would pass 1 GB.
MAX_MOVE_CELLS = 20_000_000


def dense_ranks(table: npt.NDArray[Any]) -> IntArray:
    """Each payoff replaced by its rank among the table's distinct values (0 = lowest).

    Ranks keep the exact order of integer (or big-integer) payoffs in int64.

    >>> dense_ranks(np.array([[5, 1], [5, 9]])).tolist()
    [[1, 0], [1, 2]]
    """
    _, inverse = np.unique(table.ravel(), return_inverse=True)
    return np.asarray(inverse, dtype=np.int64).reshape(table.shape)


@dataclass(frozen=True)
class Deviation:
    """A move that breaks a profile: who moves, the profile reached, what each gains.

    ``gains[k]`` is the exact payoff change of ``players[k]`` (for ``strict`` it may
    be zero: an equally good alternative).
    """

    concept: str
    players: tuple[int, ...]
    profile: tuple[int, ...]
    gains: tuple[Fraction, ...]

    def describe(self, game: Game) -> str:
        """The deviation in the game's own names, ready for a sentence."""
        who = " and ".join(game.players[i] for i in self.players)
        if len(self.players) > 1:
            who += " together"
        if len(self.players) == 1:
            i = self.players[0]
            target = game.strategies[i][self.profile[i]]
        else:
            # only the movers' strategies: the others stay where they are
            target = "(" + ", ".join(
                game.strategies[i][self.profile[i]] for i in self.players
            ) + ")"
        gains = ", ".join(
            f"{game.players[i]} {_gain_words(g)}"
            for i, g in zip(self.players, self.gains, strict=True)
        )
        return f"{who} to {target}: {gains}"

    def to_json(self, game: Game) -> dict[str, Any]:
        """The deviation as a JSON object (names, profile indices, exact gains)."""
        return {
            "players": [game.players[i] for i in self.players],
            "profile": list(self.profile),
            "strategies": [game.strategies[i][s] for i, s in enumerate(self.profile)],
            "gains": [float(g) for g in self.gains],
            "exact_gains": [format_fraction(g) for g in self.gains],
            "text": self.describe(game),
        }


def _gain_words(gain: Fraction) -> str:
    if gain > 0:
        return f"gains {format_fraction(gain)}"
    if gain == 0:
        return "does as well"
    return f"loses {format_fraction(-gain)}"


@dataclass(frozen=True)
class ProfileStability:
    """One pure profile's stability under every concept, with breaking deviations.

    ``deviations[concept]`` exists for each concept the profile fails: the move
    that breaks it (for ``gmr``/``smr``/``seq``, an improvement no sanction deters).
    """

    profile: tuple[int, ...]
    payoffs: tuple[Fraction, ...]
    stable: dict[str, bool]
    deviations: dict[str, Deviation] = field(default_factory=dict)

    def concepts(self) -> tuple[str, ...]:
        """The concepts under which the profile is stable."""
        return tuple(c for c in CONCEPTS if self.stable[c])


@dataclass(frozen=True, eq=False)
class StabilityTable:
    """Boolean arrays (indexed by pure profile) of stability under each concept.

    ``per_player[concept][i]`` holds player ``i``'s own stability for the concepts
    defined player by player (nash, strict, gmr, smr, seq).
    """

    game: Game
    nash: BoolArray
    strict: BoolArray
    strong: BoolArray
    coalition_proof: BoolArray
    gmr: BoolArray
    smr: BoolArray
    seq: BoolArray
    per_player: dict[str, tuple[BoolArray, ...]]
    self_enforcing: dict[int, BoolArray] = field(repr=False)
    coalition_proof_masks: dict[int, BoolArray] = field(repr=False)

    def by_concept(self, concept: str) -> BoolArray:
        """The stability array of one concept."""
        if concept not in CONCEPTS:
            raise InputError(
                f"unknown concept {concept!r} (expected one of {', '.join(CONCEPTS)})"
            )
        array: BoolArray = getattr(self, concept)
        return array

    def profiles(self) -> Iterator[tuple[int, ...]]:
        """Every pure profile in lexicographic order."""
        for profile in np.ndindex(*self.game.shape):
            yield tuple(int(s) for s in profile)

    def concepts(self, profile: Sequence[int]) -> tuple[str, ...]:
        """The concepts under which ``profile`` is stable."""
        index = tuple(profile)
        return tuple(c for c in CONCEPTS if bool(self.by_concept(c)[index]))

    @cached_property
    def ranks(self) -> tuple[IntArray, ...]:
        return tuple(dense_ranks(table) for table in self.game.numerators)

    @cached_property
    def _floors(self) -> dict[tuple[str, int], IntArray]:
        return {}

    @cached_property
    def _moves(self) -> dict[tuple[str, int], tuple[IntArray, BoolArray]]:
        return {}

    def best_moves(self, concept: str, player: int) -> tuple[IntArray, BoolArray]:
        """For every profile, ``player``'s best move that breaks ``concept`` (nash, strict,
        gmr, smr or seq) and whether there is one: the strategy of greatest payoff
        (the first of equals) among the moves that gain (``strict``: that lose
        nothing) and, for gmr/smr/seq, that no sanction deters."""
        key = (concept, player)
        if key not in self._moves:
            floor = None if concept in ("nash", "strict") else self.sanction_floor(concept, player)
            self._moves[key] = best_moves_of(self.ranks[player], floor, player, concept == "strict")
        return self._moves[key]

    def sanction_floor(self, concept: str, player: int) -> IntArray:
        """The least rank of ``player`` the others can force after its move (gmr/smr/seq)."""
        key = (concept, player)
        if key not in self._floors:
            self._floors[key] = player_floor(self.ranks, player, concept)
        return self._floors[key]


def stability_table(game: Game) -> StabilityTable:
    """Every pure profile's stability under each concept of :data:`CONCEPTS`.

    >>> from stability.model.game import Game
    >>> chicken = Game.from_payoffs([[[0, -1], [1, -10]], [[0, 1], [-1, -10]]])
    >>> np.argwhere(stability_table(chicken).nash).tolist()
    [[0, 1], [1, 0]]
    """
    n = game.n_players
    cells = (2**n - 1) * math.prod(game.shape)
    if cells > MAX_COALITION_CELLS:
        raise TooLargeError(
            f"states of a game of {n} players and {math.prod(game.shape):,} pure profiles "
            f"would check {cells:,} coalition-profile pairs (the limit is "
            f"{MAX_COALITION_CELLS:,}); use 'solve --method pure' for the Nash profiles"
        )
    steps = n * 2 ** (n - 1)
    if steps > MAX_COALITION_STEPS:
        raise TooLargeError(
            f"states of a game of {n} players would take {steps:,} coalition steps in "
            f"the coalition-proof recursion (the limit is {MAX_COALITION_STEPS:,}: 16 "
            "players); use 'solve --method pure' for the Nash profiles"
        )
    moves = math.prod(game.shape) * max(game.shape)
    if moves > MAX_MOVE_CELLS:
        raise TooLargeError(
            f"states of a game of shape {'x'.join(map(str, game.shape))} would compare "
            f"{moves:,} profile-strategy pairs at once (the limit is {MAX_MOVE_CELLS:,}); "
            "use 'solve --method pure' for the Nash profiles"
        )
    ranks = tuple(dense_ranks(table) for table in game.numerators)
    nash_i: list[BoolArray] = []
    strict_i: list[BoolArray] = []
    for i, rank in enumerate(ranks):
        best = rank.max(axis=i, keepdims=True)
        is_best = rank == best
        nash_i.append(is_best)
        strict_i.append(is_best & (is_best.sum(axis=i, keepdims=True) == 1))
    nash = np.logical_and.reduce(nash_i)
    strict = np.logical_and.reduce(strict_i)
    strong = _strong(ranks, nash)
    self_enforcing, cp_masks = _coalition_proof_masks(ranks, game.shape)
    coalition_proof = cp_masks[(1 << n) - 1]
    gmr_i, smr_i, seq_i = [], [], []
    for i in range(n):
        gmr, smr, seq = graph_model_stability(ranks, i)
        gmr_i.append(gmr)
        smr_i.append(smr)
        seq_i.append(seq)
    return StabilityTable(
        game=game,
        nash=nash,
        strict=strict,
        strong=strong,
        coalition_proof=coalition_proof,
        gmr=np.logical_and.reduce(gmr_i),
        smr=np.logical_and.reduce(smr_i),
        seq=np.logical_and.reduce(seq_i),
        per_player={
            "nash": tuple(nash_i),
            "strict": tuple(strict_i),
            "gmr": tuple(gmr_i),
            "smr": tuple(smr_i),
            "seq": tuple(seq_i),
        },
        self_enforcing=self_enforcing,
        coalition_proof_masks=cp_masks,
    )


# -- strong Nash -----------------------------------------------------------------


def _strong(ranks: Sequence[IntArray], nash: BoolArray) -> BoolArray:
    """Profiles no coalition can leave to a profile better for each of its movers.

    A coalition ``C`` breaks ``p`` by moving to ``q`` when ``q`` differs from ``p``
    only in ``C``'s strategies and every member of ``C`` is strictly better off;
    taking ``C`` = the players whose strategy differs loses nothing, so ``p`` is
    strong exactly when no ``q != p`` has every changed player strictly better.
    Singletons are coalitions, so only Nash profiles need checking.
    """
    out = np.zeros(nash.shape, dtype=bool)
    for index in np.argwhere(nash):
        out[tuple(index)] = _strong_breaker(ranks, tuple(int(s) for s in index)) is None
    return out


def _strong_breaker(ranks: Sequence[IntArray], profile: tuple[int, ...]) -> tuple[int, ...] | None:
    """A profile reached by a strictly improving coalition deviation (fewest movers)."""
    shape = ranks[0].shape
    grids = np.indices(shape)
    ok = np.ones(shape, dtype=bool)
    changed = np.zeros(shape, dtype=np.int64)
    for i, rank in enumerate(ranks):
        differs = grids[i] != profile[i]
        ok &= ~differs | (rank > rank[profile])
        changed += differs
    ok &= changed > 0
    if not ok.any():
        return None
    fewest = np.where(ok, changed, np.iinfo(np.int64).max)
    flat = int(np.argmin(fewest))
    return tuple(int(s) for s in np.unravel_index(flat, shape))


# -- coalition-proof Nash ----------------------------------------------------------


def _members(coalition: int, n: int) -> tuple[int, ...]:
    return tuple(i for i in range(n) if coalition >> i & 1)


def _coalition_proof_masks(
    ranks: Sequence[IntArray], shape: tuple[int, ...]
) -> tuple[dict[int, BoolArray], dict[int, BoolArray]]:
    """Bernheim-Peleg-Whinston's recursion, for every coalition at once.

    ``cp[J][s]`` is true when ``s_J`` is coalition-proof in the game that ``J``
    plays with the others held at ``s_-J``: it is self-enforcing (``s_K`` is
    coalition-proof for every proper sub-coalition ``K``; checking the largest
    ones suffices, as theirs imply the smaller ones) and no other self-enforcing
    ``s'_J`` makes every member of ``J`` strictly better off.
    """
    n = len(shape)
    self_enforcing: dict[int, BoolArray] = {}
    cp: dict[int, BoolArray] = {}
    for size in range(1, n + 1):
        for members in combinations(range(n), size):
            coalition = sum(1 << i for i in members)
            se = np.ones(shape, dtype=bool)
            if size > 1:
                for i in members:
                    se &= cp[coalition & ~(1 << i)]
            self_enforcing[coalition] = se
            if size == 1:
                i = members[0]
                cp[coalition] = ranks[i] == ranks[i].max(axis=i, keepdims=True)
            else:
                cp[coalition] = se & ~_dominated(ranks, members, se)
    return self_enforcing, cp


def _dominated(ranks: Sequence[IntArray], members: tuple[int, ...], se: BoolArray) -> BoolArray:
    """Profiles for which some self-enforcing ``s'_J`` (same ``s_-J``) is better for all of J."""
    n = len(ranks[0].shape)
    others = tuple(i for i in range(n) if i not in members)
    order = others + members
    moved_shape = tuple(ranks[0].shape[i] for i in order)
    rest = int(np.prod([ranks[0].shape[i] for i in others], dtype=np.int64)) if others else 1
    width = int(np.prod([ranks[0].shape[i] for i in members], dtype=np.int64))
    values = np.stack([np.transpose(ranks[i], order).reshape(rest, width) for i in members])
    candidates = np.transpose(se, order).reshape(rest, width)
    out = np.zeros((rest, width), dtype=bool)
    for row in range(rest):
        columns = np.flatnonzero(candidates[row])
        if columns.size < 2:
            continue
        block = values[:, row, columns]  # (members, k)
        for start in range(0, columns.size, _BLOCK):
            stop = min(start + _BLOCK, columns.size)
            better = np.all(block[:, None, :] > block[:, start:stop, None], axis=0)
            out[row, columns[start:stop]] = better.any(axis=1)
    inverse = np.argsort(order)
    return np.transpose(out.reshape(moved_shape), inverse)


def _coalition_proof_breaker(
    table: StabilityTable, profile: tuple[int, ...]
) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """The smallest coalition that breaks ``profile`` and the profile it moves to."""
    n = table.game.n_players
    ranks = table.ranks
    for i in range(n):  # a single player: coalition-proof is a best response
        if not table.coalition_proof_masks[1 << i][profile]:
            moves, _ = table.best_moves("nash", i)
            return (i,), profile[:i] + (int(moves[profile]),) + profile[i + 1 :]
    for size in range(2, n + 1):
        for members in combinations(range(n), size):
            coalition = sum(1 << i for i in members)
            if table.coalition_proof_masks[coalition][profile]:
                continue
            se = table.self_enforcing[coalition]
            best: tuple[int, ...] | None = None
            best_gain = -1
            for target in _coalition_targets(table.game.shape, profile, members):
                if not se[target]:
                    continue
                gains = [int(ranks[i][target]) - int(ranks[i][profile]) for i in members]
                if min(gains) > 0 and sum(gains) > best_gain:
                    best, best_gain = target, sum(gains)
            if best is not None:
                return members, best
    return None


def _coalition_targets(
    shape: tuple[int, ...], profile: tuple[int, ...], members: tuple[int, ...]
) -> Iterator[tuple[int, ...]]:
    for choice in np.ndindex(*(shape[i] for i in members)):
        target = list(profile)
        for i, s in zip(members, choice, strict=True):
            target[i] = int(s)
        if tuple(target) != profile:
            yield tuple(target)


def _unsanctioned_move(
    table: StabilityTable, concept: str, profile: tuple[int, ...]
) -> Deviation | None:
    """The best improvement of the first player for whom ``profile`` fails ``concept``."""
    for i, stable in enumerate(table.per_player[concept]):
        if stable[profile]:
            continue
        best, valid = table.best_moves(concept, i)
        if valid[profile]:
            target = profile[:i] + (int(best[profile]),) + profile[i + 1 :]
            gain = table.game.payoff(i, target) - table.game.payoff(i, profile)
            return Deviation(concept, (i,), target, (gain,))
    return None


# -- one profile, in words ----------------------------------------------------------


def profile_stability(
    game: Game, profile: Sequence[int], table: StabilityTable | None = None
) -> ProfileStability:
    """One pure profile's stability under each concept and the deviation breaking each failure.

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...                        players=["Row", "Column"],
    ...                        strategies=[["C", "D"], ["C", "D"]])
    >>> result = profile_stability(pd, (0, 0))
    >>> result.concepts()
    ('gmr', 'smr', 'seq')
    >>> result.deviations["nash"].describe(pd)
    'Row to D: Row gains 2'
    """
    if table is None:
        table = stability_table(game)
    index = tuple(int(s) for s in profile)
    if len(index) != game.n_players or any(
        not 0 <= s < k for s, k in zip(index, game.shape, strict=True)
    ):
        raise InputError(f"profile {list(profile)} does not fit a game of shape {game.shape}")
    stable = {c: bool(table.by_concept(c)[index]) for c in CONCEPTS}
    deviations: dict[str, Deviation] = {}
    payoffs = tuple(game.payoff(i, index) for i in range(game.n_players))
    for concept in ("nash", "strict", "gmr", "smr", "seq"):
        if not stable[concept]:
            found = _unsanctioned_move(table, concept, index)
            if found is not None:
                deviations[concept] = found
    if not stable["strong"]:
        if not stable["nash"]:
            deviations["strong"] = Deviation("strong", *_tail(deviations["nash"]))
        else:
            target = _strong_breaker(table.ranks, index)
            if target is not None:
                deviations["strong"] = _coalition_deviation(game, "strong", index, target)
    if not stable["coalition_proof"]:
        found_cp = _coalition_proof_breaker(table, index)
        if found_cp is not None:
            deviations["coalition_proof"] = _coalition_deviation(
                game, "coalition_proof", index, found_cp[1], members=found_cp[0]
            )
    return ProfileStability(index, payoffs, stable, deviations)


def _tail(deviation: Deviation) -> tuple[tuple[int, ...], tuple[int, ...], tuple[Fraction, ...]]:
    return deviation.players, deviation.profile, deviation.gains


def _coalition_deviation(
    game: Game,
    concept: str,
    profile: tuple[int, ...],
    target: tuple[int, ...],
    members: tuple[int, ...] | None = None,
) -> Deviation:
    if members is None:
        members = tuple(i for i in range(game.n_players) if target[i] != profile[i])
    gains = tuple(game.payoff(i, target) - game.payoff(i, profile) for i in members)
    return Deviation(concept, members, target, gains)


def all_profile_stability(game: Game) -> list[ProfileStability]:
    """:func:`profile_stability` for every pure profile, sharing one table."""
    table = stability_table(game)
    return [profile_stability(game, p, table) for p in table.profiles()]


STATES_SCHEMA = "stability/states/v1"


def states_json(game: Game, rows: list[ProfileStability], only: list[str]) -> dict[str, Any]:
    """The ``stability/states/v1`` document for the rows of :func:`all_profile_stability`."""
    document: dict[str, Any] = {
        "schema": STATES_SCHEMA,
        "game": game_header(game),
        "states": [],
    }
    if only:
        document["only"] = only
    for row in rows:
        entry: dict[str, Any] = {
            "profile": list(row.profile),
            "payoffs": [float(v) for v in row.payoffs],
            "exact_payoffs": [format_fraction(v) for v in row.payoffs],
        }
        entry.update({c: row.stable[c] for c in CONCEPTS})
        entry["deviations"] = {c: d.to_json(game) for c, d in row.deviations.items()}
        document["states"].append(entry)
    return document


def parse_concepts(only: Sequence[str] | None) -> list[str]:
    """``["nash,strict", "cpne"]`` (as ``--only`` takes them) as concept names."""
    concepts = []
    for item in only or []:
        for name in item.split(","):
            name = name.strip().lower().replace("-", "_")
            if name == "cpne":
                name = "coalition_proof"
            if name not in CONCEPTS:
                raise InputError(
                    f"--only {item!r}: unknown concept (expected one of {', '.join(CONCEPTS)})"
                )
            concepts.append(name)
    return concepts
