"""The whole coalition-structure analysis of one game: structures, equilibria, verdicts, moves.

>>> from stability.model.game import Game
>>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], players=["Row", "Column"])
>>> result = coalition_analysis(pd)
>>> [result.structure_text(s) for s in range(len(result.structures))]
['{Row, Column}', '{Row} {Column}']
>>> result.stable_structures("core")  # pessimistic: the grand coalition may end at 0
[1]
>>> coalition_analysis(pd, rule="optimistic").stable_structures("core")
[0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.analysis.coalitions.concepts import (
    CONCEPTS,
    MAX_FARSIGHTED_ACTORS,
    MAX_SAMPLED_FARSIGHTED_ACTORS,
    blocking_groups,
    farsighted_moves,
    group_targets,
    individual_moves,
    largest_consistent_set,
    neighbour_labels,
    verdicts_from,
)
from stability.analysis.coalitions.equilibria import (
    EquilibriumTable,
    StructureValues,
    structure_equilibria,
    structure_ranks,
    structure_values,
)
from stability.analysis.coalitions.moves import (
    ActorMove,
    GroupMove,
    Move,
    coalition_text,
    shortest_chain,
)
from stability.analysis.coalitions.partitions import (
    Structures,
    bell,
    members,
    sample_growth_strings,
)
from stability.analysis.coalitions.preferences import (
    Preferences,
    RankingRule,
    gain,
)
from stability.errors import InputError, TooLargeError
from stability.model.game import Game

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

#: Most actors accepted: beyond it the structures (Bell numbers) and their moves are
#: too many to evaluate in a few seconds (docs/performance.md has the measurements).
MAX_ACTORS = MAX_FARSIGHTED_ACTORS

#: Most actors accepted when sampling structures (``limit``): each drawn structure
#: brings its 2**n group deviations along.
MAX_SAMPLED_ACTORS = 10

#: Most structures drawn when sampling (500 of ten actors: about 11 s, 480 MB).
MAX_SAMPLE = 500

#: Most (regrouping, structure) pairs the farsighted step over drawn structures compares
#: (seven actors: 100 drawn take 0.3 s, 200 about 4 s; 500 would take a minute and 3 GB).
MAX_SAMPLED_MOVE_CELLS = 40_000_000


@dataclass(frozen=True, eq=False)
class SampledFarsighted:
    """Chwe's largest consistent set when only some structures were drawn (``limit``).

    ``restricted[s]``: ``s`` is in the largest consistent set of the game restricted to
    the drawn structures (moves and chains among them only; nothing certain about the
    whole game). ``proven[s]``: ``s`` is in the whole game's largest consistent set:
    it belongs to a set of drawn structures none of which has a move out of the drawn
    ones and each of whose moves is deterred within the set, so the set is consistent
    in the whole game, and Chwe's largest consistent set contains every consistent
    set. ``escaping``: drawn structures with a regrouping that leads out of the draw;
    ``regroupings``: how many regroupings each structure has (``B(n + 1) - 1``).
    """

    restricted: BoolArray
    proven: BoolArray
    escaping: int
    regroupings: int


@dataclass(frozen=True, eq=False)
class CoalitionAnalysis:
    """Every coalition structure of a game: equilibria, verdicts under each concept, moves.

    ``verdicts[concept][s]`` says whether structure ``s`` is stable; ``actor_moves[s]``
    lists each actor's profitable moves out of ``s`` (welcome or not) and
    ``group_moves[s]`` the smallest groups that block it (core).
    """

    game: Game
    structures: Structures
    rule: RankingRule
    transferable: bool
    table: EquilibriumTable
    values: StructureValues
    verdicts: dict[str, BoolArray]
    actor_moves: tuple[tuple[ActorMove, ...], ...]
    group_moves: tuple[tuple[GroupMove, ...], ...]
    all_group_moves: tuple[tuple[GroupMove, ...], ...] = field(repr=False)
    rows: tuple[int, ...] | None = None
    seed: int | None = None
    sampled_farsighted: SampledFarsighted | None = None
    sampled_farsighted_note: str | None = None

    @property
    def sampled(self) -> bool:
        """Whether only some structures were drawn and evaluated (``limit``)."""
        return self.rows is not None

    def shown(self) -> list[int]:
        """The structures evaluated: every one, or the drawn ones."""
        return list(range(len(self.structures))) if self.rows is None else list(self.rows)

    @property
    def concepts_computed(self) -> tuple[str, ...]:
        """The concepts decided (the farsighted one is not, when sampling)."""
        return tuple(c for c in CONCEPTS if c in self.verdicts)

    def stable(self, concept: str, structure: int) -> bool | None:
        """The verdict, or ``None`` for a concept not computed."""
        verdict = self.verdicts.get(concept)
        return None if verdict is None else bool(verdict[structure])

    @property
    def names(self) -> tuple[str, ...]:
        return self.game.players

    def structure_text(self, structure: int) -> str:
        """The structure in the game's names: ``{A, B} {C}``."""
        return " ".join(
            coalition_text(self.names, group) for group in self.structures.coalitions(structure)
        )

    def stable_structures(self, concept: str) -> list[int]:
        """The (evaluated) structures stable under ``concept`` (none when not computed)."""
        verdict = self.verdicts.get(concept)
        if verdict is None:
            return []
        return [int(s) for s in np.flatnonzero(verdict)]

    def concepts(self, structure: int) -> tuple[str, ...]:
        """The concepts under which ``structure`` is stable."""
        return tuple(c for c in self.concepts_computed if bool(self.verdicts[c][structure]))

    def equilibria(self, structure: int) -> list[tuple[int, ...]]:
        """The structure's equilibrium profiles (strategy indices)."""
        return self.table.profiles(structure)

    def payoffs(self, profile: Sequence[int]) -> tuple[Fraction, ...]:
        """Each actor's exact payoff at a profile."""
        return tuple(self.game.payoff(i, tuple(profile)) for i in range(self.game.n_players))

    def value(self, actor: int, structure: int) -> tuple[Fraction | None, Fraction | None]:
        """The actor's worst and best payoff over the structure's equilibria."""
        return self.values.exact_low[actor][structure], self.values.exact_high[actor][structure]

    def profitable_moves(self, structure: int) -> list[Move]:
        """Every profitable move out of ``structure``: actors' moves, then groups' of two
        or more (a group of one going alone is an actor's move already)."""
        groups = (g for g in self.all_group_moves[structure] if len(g.group) > 1)
        return [*self.actor_moves[structure], *groups]

    def chain(self, source: int, target: int) -> list[Move] | None:
        """The shortest chain of profitable moves from ``source`` to ``target``."""
        return shortest_chain(
            [self.profitable_moves(s) for s in range(len(self.structures))], source, target
        )

    def find(self, groups: Sequence[Sequence[str]]) -> int:
        """A structure's index from its coalitions given by actor names."""
        position = {name: i for i, name in enumerate(self.names)}
        indices: list[list[int]] = []
        seen: set[str] = set()
        for group in groups:
            row = []
            for name in group:
                if name not in position:
                    raise InputError(
                        f"unknown actor {name!r} (expected one of: {', '.join(self.names)})",
                        item="--target",
                    )
                if name in seen:
                    raise InputError(f"actor {name!r} is in two coalitions", item="--target")
                seen.add(name)
                row.append(position[name])
            indices.append(row)
        missing = [name for name in self.names if name not in seen]
        if missing:
            raise InputError(
                f"the structure leaves out {', '.join(missing)} (every actor must be in one "
                "coalition)",
                item="--target",
            )
        return self.structures.find(indices)


def check_actors(n: int, limit: int | None = None) -> None:
    """Refuse more actors than :data:`MAX_ACTORS` (:data:`MAX_SAMPLED_ACTORS` when
    sampling with ``limit``)."""
    if n > MAX_SAMPLED_ACTORS:
        raise TooLargeError(
            f"too many actors for coalition structures: {n} actors have {bell(n):,} "
            f"structures (the limit is {MAX_ACTORS} actors for all of them, "
            f"{MAX_SAMPLED_ACTORS} when sampling with --limit)"
        )
    if n > MAX_ACTORS and limit is None:
        raise TooLargeError(
            f"too many actors for coalition structures: {n} actors have {bell(n):,} "
            f"structures (the limit is {MAX_ACTORS} actors, {bell(MAX_ACTORS):,} structures); "
            "use --limit N to evaluate N of them drawn at random"
        )
    if limit is not None and not 1 <= limit <= MAX_SAMPLE:
        raise InputError(f"--limit must be between 1 and {MAX_SAMPLE:,}, got {limit}",
                         item="--limit")


def coalition_analysis(
    game: Game,
    *,
    rule: RankingRule = "pessimistic",
    transferable: bool = False,
    limit: int | None = None,
    seed: int = 0,
) -> CoalitionAnalysis:
    """Every coalition structure of ``game`` with its equilibria, verdicts and moves.

    With ``limit`` (below the number of structures), ``limit`` structures drawn
    uniformly at random (``seed``) are evaluated instead, each with every structure
    one move away, so that their core, Nash, individual and contractual verdicts are
    exact; the farsighted one, which needs every structure, is not computed.
    """
    n = game.n_players
    check_actors(n, limit)
    rows: IntArray | None = None
    if limit is not None and limit < bell(n):
        drawn = np.array(sample_growth_strings(n, limit, seed), dtype=np.int64)
        structures = Structures.subset(n, np.concatenate([drawn, neighbour_labels(drawn)]))
        rows = structures.index(drawn)
    else:
        structures = Structures.of(n)
    table = structure_equilibria(game, structures, transferable=transferable)
    values = structure_values(table)
    preferences = Preferences(values.low, values.high, rule)
    moves = individual_moves(structures, preferences, rows)
    blocks = blocking_groups(structures, preferences, rows)
    targets = group_targets(structures, rows)
    farsighted = None if rows is not None else largest_consistent_set(structures, preferences)
    sampled: SampledFarsighted | str | None = None
    if rows is not None and n <= MAX_SAMPLED_FARSIGHTED_ACTORS:
        sampled = _sampled_farsighted(structures, values, rule, rows)
    elif rows is not None:
        sampled = (f"each structure of {n} actors has {bell(n + 1) - 1:,} regroupings to follow "
                   f"(at most {MAX_SAMPLED_FARSIGHTED_ACTORS} actors when sampling)")
    local = verdicts_from(moves, blocks, None if farsighted is None else farsighted.stable)
    chosen = list(range(len(structures))) if rows is None else [int(r) for r in rows]
    verdicts: dict[str, BoolArray] = {}
    for concept, verdict in local.items():
        full = np.zeros(len(structures), dtype=bool)
        full[chosen] = verdict if concept != "farsighted" else verdict[chosen]
        full.flags.writeable = False
        verdicts[concept] = full
    actor_moves: list[tuple[ActorMove, ...]] = [()] * len(structures)
    group_moves: list[tuple[GroupMove, ...]] = [()] * len(structures)
    all_groups: list[tuple[GroupMove, ...]] = [()] * len(structures)
    for k, s in enumerate(chosen):
        labels = structures.labels[s].tolist()
        found: list[ActorMove] = []
        for i, c in zip(*np.nonzero(moves.gains[k]), strict=True):
            i, c = int(i), int(c)
            target = int(moves.target[k, i, c])
            found.append(
                ActorMove(
                    actor=i,
                    start=s,
                    target=target,
                    joins=tuple(j for j in range(n) if labels[j] == c and j != i),
                    leaves=tuple(j for j in range(n) if labels[j] == labels[i] and j != i),
                    gain=_gain(values, rule, i, s, target),
                    welcome=bool(moves.welcome[k, i, c]),
                    consent=bool(moves.consent[k, i, c]),
                )
            )
        actor_moves[s] = tuple(found)
        groups = [
            GroupMove(
                group=members(int(m), n),
                start=s,
                target=int(targets[k, m]),
                gains=tuple(
                    _gain(values, rule, i, s, int(targets[k, m])) for i in members(int(m), n)
                ),
            )
            for m in np.flatnonzero(blocks[k])
        ]
        groups.sort(key=lambda g: (len(g.group), g.group))
        all_groups[s] = tuple(groups)
        smallest = len(groups[0].group) if groups else 0
        group_moves[s] = tuple(g for g in groups if len(g.group) == smallest)
    return CoalitionAnalysis(
        game=game,
        structures=structures,
        rule=rule,
        transferable=transferable,
        table=table,
        values=values,
        verdicts=verdicts,
        actor_moves=tuple(actor_moves),
        group_moves=tuple(group_moves),
        all_group_moves=tuple(all_groups),
        rows=None if rows is None else tuple(chosen),
        seed=None if rows is None else seed,
        sampled_farsighted=sampled if isinstance(sampled, SampledFarsighted) else None,
        sampled_farsighted_note=sampled if isinstance(sampled, str) else None,
    )


def _sampled_farsighted(
    structures: Structures, values: StructureValues, rule: RankingRule, rows: IntArray
) -> SampledFarsighted | str:
    """The farsighted verdicts over the drawn structures (see :class:`SampledFarsighted`)."""
    n = structures.n
    drawn = Structures.subset(n, structures.labels[rows])
    moves = farsighted_moves(drawn)
    if len(moves.start) * len(drawn) > MAX_SAMPLED_MOVE_CELLS:
        return (f"the {len(drawn):,} drawn structures have {len(moves.start):,} regroupings "
                f"among them, too many to compare with each of them (at most "
                f"{MAX_SAMPLED_MOVE_CELLS:,} pairs; draw fewer)")
    position = drawn.index(structures.labels[rows])  # drawn row of each of ``rows``
    order = np.empty(len(drawn), dtype=np.int64)
    order[position] = rows
    preferences = Preferences(values.low[:, order], values.high[:, order], rule)
    restricted = largest_consistent_set(drawn, preferences)
    proven = largest_consistent_set(drawn, preferences, sound=True)
    full_restricted = np.zeros(len(structures), dtype=bool)
    full_proven = np.zeros(len(structures), dtype=bool)
    full_restricted[order] = restricted.stable
    full_proven[order] = proven.stable
    return SampledFarsighted(full_restricted, full_proven, int(proven.moves.escapes.sum()),
                             bell(n + 1) - 1)


#: A cache of verdicts by the order of the actors' structure values (see
#: :func:`coalition_verdicts`).
VerdictCache = dict[tuple[str, bytes, bytes], dict[str, BoolArray]]


def coalition_verdicts(
    game: Game,
    *,
    rule: RankingRule = "pessimistic",
    transferable: bool = False,
    cache: VerdictCache | None = None,
    chain: tuple[int, int] | None = None,
) -> dict[str, BoolArray]:
    """Only the verdicts of :func:`coalition_analysis` (every structure, every concept):
    what sweeps need at each of their points, without the moves and exact gains.

    The verdicts depend on the payoffs only through how each actor orders its worst and
    best equilibrium payoffs across structures; ``cache`` (a dict the caller keeps)
    reuses them between points where that order is the same. With ``chain``
    (``(source, target)``), ``"first_movers"`` also marks who moves first on the
    shortest chain between them (1 per such actor; every entry -1 when no chain leads
    there; see :func:`chain_first_movers`).

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], players=["Row", "Column"])
    >>> coalition_verdicts(pd)["core"].tolist()
    [False, True]
    """
    n = game.n_players
    check_actors(n)
    structures = Structures.of(n)
    table = structure_equilibria(game, structures, transferable=transferable)
    low, high = structure_ranks(table)
    key = None
    if cache is not None:
        order = np.empty((2, n, low.shape[1]), dtype=np.int64)
        for i in range(n):  # the order of low and high together, per actor
            _, inverse = np.unique(np.concatenate([low[i], high[i]]), return_inverse=True)
            order[:, i, :] = inverse.reshape(2, -1)
        key = (rule, order[0].tobytes(), order[1].tobytes())
        if key in cache:
            return cache[key]
    preferences = Preferences(low, high, rule)
    moves = individual_moves(structures, preferences)
    blocks = blocking_groups(structures, preferences)
    verdicts = verdicts_from(moves, blocks,
                             largest_consistent_set(structures, preferences).stable)
    if chain is not None:
        verdicts = dict(verdicts)
        first = chain_first_movers(structures, moves, blocks, *chain)
        # the first movers as a boolean per actor; "no chain": every actor marked -1
        verdicts["first_movers"] = (np.full(n, -1, dtype=np.int64) if first is None else
                                    np.isin(np.arange(n), first).astype(np.int64))
    if cache is not None and key is not None:
        cache[key] = verdicts
    return verdicts


def chain_first_movers(
    structures: Structures, moves: Any, blocks: BoolArray, source: int, target: int
) -> tuple[int, ...] | None:
    """Who moves first on the shortest chain of profitable moves from ``source`` to
    ``target`` (the chain :meth:`CoalitionAnalysis.chain` finds: actors' moves, then
    groups' of two or more, breadth first); ``()`` when they are the same structure,
    ``None`` when no chain leads there."""
    if source == target:
        return ()
    n = structures.n
    targets = group_targets(structures)
    first: dict[int, tuple[int, ...]] = {source: ()}
    queue = [source]
    for here in queue:
        found: list[tuple[int, tuple[int, ...]]] = []
        for i, c in zip(*np.nonzero(moves.gains[here]), strict=True):
            found.append((int(moves.target[here, i, c]), (int(i),)))
        groups = [members(int(m), n) for m in np.flatnonzero(blocks[here])]
        groups = sorted((g for g in groups if len(g) > 1), key=lambda g: (len(g), g))
        for group in groups:
            found.append((int(targets[here, sum(1 << i for i in group)]), group))
        for reached, who in found:
            if reached in first:
                continue
            first[reached] = first[here] or who
            if reached == target:
                return first[reached]
            queue.append(reached)
    return None


def _gain(
    values: StructureValues, rule: RankingRule, actor: int, start: int, target: int
) -> Fraction | None:
    return gain(rule, values.exact_low[actor], values.exact_high[actor], start, target)
