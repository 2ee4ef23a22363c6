"""Unilateral deviations from a pure profile: who gains by moving, and how much.

>>> from stability.model.game import Game
>>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
...                        players=["Row", "Column"], strategies=[["C", "D"], ["C", "D"]])
>>> [(m.actor, m.to, m.gain) for m in profitable_moves(pd, (0, 0))]
[('Column', 'D', Fraction(2, 1)), ('Row', 'D', Fraction(2, 1))]
>>> total_regret(pd, (0, 0)), total_regret(pd, (1, 1))
(Fraction(4, 1), Fraction(0, 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from stability.model.game import Game


@dataclass(frozen=True)
class Move:
    """One actor's unilateral deviation from a joint profile and what it gains (or loses)."""

    actor: str
    strategy: str
    to: str
    gain: Fraction


def unilateral_moves(game: Game, profile: tuple[int, ...]) -> list[tuple[int, int, Move]]:
    """Every unilateral move from ``profile``: ``(player, new strategy, move)``.

    ``move.gain`` is the mover's payoff change (negative for a costly move). This is
    the one implementation of moves in a strategic-form game: profitable moves,
    the stability concepts' sanctions and the paths of ``stability path`` use it.

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...                        players=["Row", "Column"], strategies=[["C", "D"], ["C", "D"]])
    >>> [(p, s, m.gain) for p, s, m in unilateral_moves(pd, (1, 1))]
    [(0, 0, Fraction(-1, 1)), (1, 0, Fraction(-1, 1))]
    """
    moves = []
    for player in range(game.n_players):
        here = game.payoff(player, profile)
        for strategy in range(game.shape[player]):
            if strategy == profile[player]:
                continue
            there = game.payoff(player, profile[:player] + (strategy,) + profile[player + 1 :])
            moves.append(
                (
                    player,
                    strategy,
                    Move(
                        actor=game.players[player],
                        strategy=game.strategies[player][profile[player]],
                        to=game.strategies[player][strategy],
                        gain=there - here,
                    ),
                )
            )
    return moves


def profitable_moves(game: Game, profile: tuple[int, ...]) -> list[Move]:
    """Every unilateral deviation from ``profile`` that strictly gains, largest first."""
    moves = [move for _, _, move in unilateral_moves(game, profile) if move.gain > 0]
    return sorted(moves, key=lambda m: (-m.gain, m.actor, m.to))


def best_moves(moves: list[Move]) -> list[Move]:
    """Each actor's most profitable deviation only."""
    best: dict[str, Move] = {}
    for move in moves:
        if move.actor not in best or move.gain > best[move.actor].gain:
            best[move.actor] = move
    return sorted(best.values(), key=lambda m: (-m.gain, m.actor))


def total_regret(game: Game, profile: tuple[int, ...]) -> Fraction:
    """What all players together would gain by each taking its best deviation."""
    return sum((m.gain for m in best_moves(profitable_moves(game, profile))), Fraction(0))
