"""Moves between coalition structures, in words, and the shortest chain of them.

A *move* is profitable when every actor who makes it gains (strictly prefers the
structure reached). Two kinds are listed for each structure:

- an actor leaves its coalition to join another one or to go alone (the moves of
  Nash, individual and contractual individual stability), with whether the
  coalition it joins welcomes it and the one it leaves lets it go;
- a group leaves together to form a coalition of its own (the core's deviations).

The shortest chain from one structure to another follows profitable moves of both
kinds (breadth-first search, so no chain with fewer moves exists).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from stability.model.exact import format_fraction


def value_text(value: Fraction | None) -> str:
    """An exact value with its decimal beside it (``3/2 ≈ 1.5``); ``no equilibrium`` for None.

    >>> value_text(Fraction(749, 625)), value_text(Fraction(2))
    ('749/625 ≈ 1.198', '2')
    """
    if value is None:
        return "no equilibrium"
    text = format_fraction(value)
    if value.denominator != 1:
        text += f" ≈ {float(value):.4g}"
    return text


def gain_text(value: Fraction | None) -> str:
    """``gains 3/2 ≈ 1.5``; a gain out of a structure without equilibrium says so."""
    if value is None:
        return "gains (it leaves a structure without an equilibrium)"
    if value < 0:
        return f"loses {value_text(-value)}"
    return f"gains {value_text(value)}"


def coalition_text(names: Sequence[str], members: Sequence[int]) -> str:
    """``{Iran, Militias}`` (``{}`` for nobody)."""
    return "{" + ", ".join(names[i] for i in members) + "}"


@dataclass(frozen=True)
class ActorMove:
    """Actor ``actor`` of structure ``start`` moves to ``target`` (a structure index),
    joining ``joins`` (members of an existing coalition; empty: it goes alone) and
    leaving ``leaves`` (the rest of its coalition)."""

    actor: int
    start: int
    target: int
    joins: tuple[int, ...]
    leaves: tuple[int, ...]
    gain: Fraction | None
    welcome: bool
    consent: bool

    def describe(self, names: Sequence[str]) -> str:
        """The move in the scenario's words."""
        who = names[self.actor]
        where = (
            f"joins {coalition_text(names, self.joins)}" if self.joins else "goes alone"
        )
        left = f"leaves {coalition_text(names, self.leaves)} and " if self.leaves else ""
        text = f"{who} {left}{where}: {gain_text(self.gain)}"
        conditions = []
        if self.joins and not self.welcome:
            conditions.append("not welcome")
        if self.leaves and not self.consent:
            conditions.append("its partners object")
        if conditions:
            text += " (" + "; ".join(conditions) + ")"
        return text


@dataclass(frozen=True)
class GroupMove:
    """Group ``group`` of structure ``start`` forms a coalition of its own (structure
    ``target``)."""

    group: tuple[int, ...]
    start: int
    target: int
    gains: tuple[Fraction | None, ...]

    def describe(self, names: Sequence[str]) -> str:
        """The move in the scenario's words."""
        gains = ", ".join(
            f"{names[i]} {gain_text(g)}" for i, g in zip(self.group, self.gains, strict=True)
        )
        if len(self.group) == 1:
            return f"{names[self.group[0]]} goes alone: {gains}"
        return f"{coalition_text(names, self.group)} form a coalition of their own: {gains}"


Move = ActorMove | GroupMove


def movers(move: Move) -> tuple[int, ...]:
    """The actors who make a move."""
    return (move.actor,) if isinstance(move, ActorMove) else move.group


def shortest_chain(
    moves: Sequence[Sequence[Move]], source: int, target: int
) -> list[Move] | None:
    """The fewest profitable moves leading from ``source`` to ``target`` (``[]`` when they
    are the same structure, ``None`` when no chain exists).

    ``moves[s]`` lists the profitable moves out of structure ``s``; among chains of
    equal length the one found first (moves in listed order) is returned.
    """
    if source == target:
        return []
    previous: dict[int, Move] = {}
    queue = deque([source])
    seen = {source}
    while queue:
        here = queue.popleft()
        for move in moves[here]:
            if move.target in seen:
                continue
            seen.add(move.target)
            previous[move.target] = move
            if move.target == target:
                chain = [move]
                while chain[-1].start != source:
                    chain.append(previous[chain[-1].start])
                return chain[::-1]
            queue.append(move.target)
    return None
