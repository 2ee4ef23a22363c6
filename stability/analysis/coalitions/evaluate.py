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

import numpy as np
import numpy.typing as npt

from stability.analysis.coalitions.concepts import (
    CONCEPTS,
    MAX_FARSIGHTED_ACTORS,
    blocking_groups,
    group_targets,
    individual_moves,
    largest_consistent_set,
    verdicts_from,
)
from stability.analysis.coalitions.equilibria import (
    EquilibriumTable,
    StructureValues,
    structure_equilibria,
    structure_values,
)
from stability.analysis.coalitions.moves import (
    ActorMove,
    GroupMove,
    Move,
    coalition_text,
    shortest_chain,
)
from stability.analysis.coalitions.partitions import Structures, bell, members
from stability.analysis.coalitions.preferences import (
    Preferences,
    RankingRule,
    gain,
)
from stability.errors import InputError, TooLargeError
from stability.model.game import Game

BoolArray = npt.NDArray[np.bool_]

#: Most actors accepted: beyond it the structures (Bell numbers) and their moves are
#: too many to evaluate in a few seconds (docs/performance.md has the measurements).
MAX_ACTORS = MAX_FARSIGHTED_ACTORS


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

    @property
    def names(self) -> tuple[str, ...]:
        return self.game.players

    def structure_text(self, structure: int) -> str:
        """The structure in the game's names: ``{A, B} {C}``."""
        return " ".join(
            coalition_text(self.names, group) for group in self.structures.coalitions(structure)
        )

    def stable_structures(self, concept: str) -> list[int]:
        """The structures stable under ``concept``."""
        return [int(s) for s in np.flatnonzero(self.verdicts[concept])]

    def concepts(self, structure: int) -> tuple[str, ...]:
        """The concepts under which ``structure`` is stable."""
        return tuple(c for c in CONCEPTS if bool(self.verdicts[c][structure]))

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
        """Every profitable move out of ``structure``: actors' moves, then groups'."""
        return [*self.actor_moves[structure], *self.all_group_moves[structure]]

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


def check_actors(n: int) -> None:
    """Refuse more actors than :data:`MAX_ACTORS`."""
    if n > MAX_ACTORS:
        raise TooLargeError(
            f"too many actors for coalition structures: {n} actors have {bell(n):,} "
            f"structures (the limit is {MAX_ACTORS} actors, {bell(MAX_ACTORS):,} structures)"
        )


def coalition_analysis(
    game: Game, *, rule: RankingRule = "pessimistic", transferable: bool = False
) -> CoalitionAnalysis:
    """Every coalition structure of ``game`` with its equilibria, verdicts and moves."""
    n = game.n_players
    check_actors(n)
    structures = Structures.of(n)
    table = structure_equilibria(game, structures, transferable=transferable)
    values = structure_values(table)
    preferences = Preferences(values.low, values.high, rule)
    moves = individual_moves(structures, preferences)
    blocks = blocking_groups(structures, preferences)
    targets = group_targets(structures)
    verdicts = verdicts_from(
        moves, blocks, largest_consistent_set(structures, preferences).stable
    )
    actor_moves: list[tuple[ActorMove, ...]] = []
    group_moves: list[tuple[GroupMove, ...]] = []
    all_groups: list[tuple[GroupMove, ...]] = []
    for s in range(len(structures)):
        labels = structures.labels[s].tolist()
        found: list[ActorMove] = []
        for i, c in zip(*np.nonzero(moves.gains[s]), strict=True):
            i, c = int(i), int(c)
            target = int(moves.target[s, i, c])
            found.append(
                ActorMove(
                    actor=i,
                    start=s,
                    target=target,
                    joins=tuple(j for j in range(n) if labels[j] == c and j != i),
                    leaves=tuple(j for j in range(n) if labels[j] == labels[i] and j != i),
                    gain=_gain(values, rule, i, s, target),
                    welcome=bool(moves.welcome[s, i, c]),
                    consent=bool(moves.consent[s, i, c]),
                )
            )
        actor_moves.append(tuple(found))
        groups = [
            GroupMove(
                group=members(int(m), n),
                start=s,
                target=int(targets[s, m]),
                gains=tuple(
                    _gain(values, rule, i, s, int(targets[s, m])) for i in members(int(m), n)
                ),
            )
            for m in np.flatnonzero(blocks[s])
        ]
        groups.sort(key=lambda g: (len(g.group), g.group))
        all_groups.append(tuple(groups))
        smallest = len(groups[0].group) if groups else 0
        group_moves.append(tuple(g for g in groups if len(g.group) == smallest))
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
    )


def _gain(
    values: StructureValues, rule: RankingRule, actor: int, start: int, target: int
) -> Fraction | None:
    return gain(rule, values.exact_low[actor], values.exact_high[actor], start, target)
