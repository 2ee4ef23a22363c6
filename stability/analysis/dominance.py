"""Iterated elimination of dominated strategies, step by step, verified exactly.

A strategy is strictly dominated when some other strategy, or some mixture of the
player's other remaining strategies, pays strictly more against every remaining
profile of the others. Pure domination is checked exactly; domination by a
mixture is found with a linear program (scipy's HiGHS) and then verified with
Fractions, so every step shown is exact.

Strict elimination removes, round by round, every strictly dominated strategy of
every player; the surviving game does not depend on the order. With ``weak=True``
a strategy is removed when another strategy or mixture pays at least as much
against every remaining profile and strictly more against one; then the result
can depend on the order of elimination, so strategies are removed one at a time
in a fixed order (players in order, a player's strategies in order).

>>> from stability.model.game import Game
>>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
...                        strategies=[["C", "D"], ["C", "D"]])
>>> result = eliminate(pd)
>>> [step.describe(pd) for step in result.steps]  # doctest: +NORMALIZE_WHITESPACE
['round 1: Player 1 drops C (strictly dominated by D)',
 'round 1: Player 2 drops C (strictly dominated by D)']
>>> result.surviving
((1,), (1,))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.model.exact import format_fraction
from stability.model.game import Game

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class EliminationStep:
    """One dominated strategy removed: by whom, in which round, dominated by what.

    ``dominator`` maps strategy indices of the same player to exact probabilities
    (one entry with probability 1 for a pure dominator).
    """

    round: int
    player: int
    strategy: int
    dominator: tuple[tuple[int, Fraction], ...]
    weak: bool
    #: the smallest exact gain of the dominator over the strategy against the
    #: others' profiles remaining in its round (0 is possible for weak dominance)
    margin: Fraction = Fraction(0)

    @property
    def by_mixture(self) -> bool:
        return len(self.dominator) > 1

    def dominator_text(self, game: Game) -> str:
        names = game.strategies[self.player]
        if not self.by_mixture:
            return names[self.dominator[0][0]]
        return " + ".join(f"{format_fraction(p)} {names[k]}" for k, p in self.dominator)

    def describe(self, game: Game) -> str:
        kind = "weakly" if self.weak else "strictly"
        return (
            f"round {self.round}: {game.players[self.player]} drops "
            f"{game.strategies[self.player][self.strategy]} ({kind} dominated by "
            f"{self.dominator_text(game)})"
        )


@dataclass(frozen=True)
class EliminationResult:
    """The steps of an elimination and the strategies that survive it."""

    game: Game
    weak: bool
    steps: tuple[EliminationStep, ...]
    surviving: tuple[tuple[int, ...], ...]

    def reduced_game(self) -> Game:
        """The game restricted to the surviving strategies."""
        index = np.ix_(*self.surviving)
        return Game.from_integers(
            [table[index] for table in self.game.numerators],
            denominators=self.game.denominators,
            players=self.game.players,
            strategies=[[self.game.strategies[i][k] for k in keep]
                        for i, keep in enumerate(self.surviving)],
            title=self.game.title,
        )


def eliminate(game: Game, *, weak: bool = False, mixed: bool = True) -> EliminationResult:
    """Iteratively eliminate dominated strategies (strict by default).

    ``mixed=False`` considers only domination by another pure strategy (as taught
    first); the default also removes strategies dominated by a mixture.
    """
    alive = [list(range(k)) for k in game.shape]
    steps: list[EliminationStep] = []
    round_number = 0
    while True:
        round_number += 1
        found: list[EliminationStep] = []
        for player in range(game.n_players):
            for strategy in alive[player]:
                if weak and found:
                    break
                if len(alive[player]) < 2:
                    break
                dominator = dominating(game, alive, player, strategy, weak=weak, mixed=mixed)
                if dominator is not None:
                    margin = _margin(game, alive, player, strategy, dominator)
                    found.append(
                        EliminationStep(round_number, player, strategy, dominator, weak, margin)
                    )
        if not found:
            break
        # strict: every dominated strategy at once (order-free); weak: only the first
        for step in found:
            alive[step.player].remove(step.strategy)
        steps.extend(found)
    return EliminationResult(game, weak, tuple(steps), tuple(tuple(a) for a in alive))


def _payoff_rows(
    game: Game, alive: Sequence[Sequence[int]], player: int
) -> npt.NDArray[Any]:
    """The player's integer payoffs, one row per own strategy, one column per others' profile."""
    index = np.ix_(*[range(k) if i == player else alive[i] for i, k in enumerate(game.shape)])
    table = np.moveaxis(game.numerators[player][index], player, 0)
    return table.reshape(table.shape[0], -1)


def dominating(
    game: Game,
    alive: Sequence[Sequence[int]],
    player: int,
    strategy: int,
    *,
    weak: bool = False,
    mixed: bool = True,
) -> tuple[tuple[int, Fraction], ...] | None:
    """A pure strategy or (unless ``mixed=False``) an exact mixture dominating
    ``strategy``, or ``None``.

    Only the remaining strategies (``alive``) of every player are considered.
    """
    rows = _payoff_rows(game, alive, player)
    target = [int(v) for v in rows[strategy]]
    others = [k for k in alive[player] if k != strategy]
    for k in others:
        candidate = [int(v) for v in rows[k]]
        if _dominates(candidate, target, weak):
            return ((k, Fraction(1)),)
    if len(others) < 2 or not mixed:
        return None
    mixture = _mixed_dominator(rows, others, target, weak)
    if mixture is None:
        return None
    return tuple((k, p) for k, p in zip(others, mixture, strict=True) if p)


def _margin(
    game: Game,
    alive: Sequence[Sequence[int]],
    player: int,
    strategy: int,
    dominator: Sequence[tuple[int, Fraction]],
) -> Fraction:
    """The dominator's smallest exact gain over ``strategy`` against the others' remaining
    profiles, in the player's payoff units."""
    rows = _payoff_rows(game, alive, player)
    gains = (
        sum((p * int(rows[k][c]) for k, p in dominator), Fraction(0)) - int(rows[strategy][c])
        for c in range(rows.shape[1])
    )
    return min(gains) / game.denominators[player]


def _dominates(candidate: Sequence[Any], target: Sequence[int], weak: bool) -> bool:
    differences = [c - t for c, t in zip(candidate, target, strict=True)]
    if weak:
        return all(d >= 0 for d in differences) and any(d > 0 for d in differences)
    return all(d > 0 for d in differences)


def _mixed_dominator(
    rows: npt.NDArray[Any], others: list[int], target: list[int], weak: bool
) -> list[Fraction] | None:
    from scipy.optimize import linprog

    payoffs = np.array([[float(v) for v in rows[k]] for k in others])  # (m, columns)
    goal = np.array(target, dtype=float)
    m, columns = payoffs.shape
    scale = max(1.0, float(np.abs(payoffs).max()), float(np.abs(goal).max()))
    payoffs, goal = payoffs / scale, goal / scale
    if weak:
        # maximise the total surplus subject to no loss anywhere
        result = linprog(
            -payoffs.sum(axis=1),
            A_ub=-payoffs.T,
            b_ub=-goal,
            A_eq=np.ones((1, m)),
            b_eq=[1.0],
            bounds=[(0, None)] * m,
            method="highs",
        )
        if result.status != 0 or -result.fun - goal.sum() <= _TOLERANCE:
            return None
        weights = result.x
    else:
        # variables: the mixture and the margin e; maximise e with mixture . payoff >= goal + e
        cost = np.zeros(m + 1)
        cost[-1] = -1.0
        bound = np.hstack([-payoffs.T, np.ones((columns, 1))])
        result = linprog(
            cost,
            A_ub=bound,
            b_ub=-goal,
            A_eq=np.hstack([np.ones((1, m)), np.zeros((1, 1))]),
            b_eq=[1.0],
            bounds=[(0, None)] * m + [(None, 1.0)],
            method="highs",
        )
        if result.status != 0 or -result.fun <= _TOLERANCE:
            return None
        weights = result.x[:m]
    return _exact_mixture(weights, rows, others, target, weak)


def _exact_mixture(
    weights: npt.NDArray[np.float64],
    rows: npt.NDArray[Any],
    others: list[int],
    target: list[int],
    weak: bool,
) -> list[Fraction] | None:
    """Round the LP's mixture to nearby fractions until one verifies exactly."""
    for limit in (1, 2, 4, 10, 100, 1000, 10**4, 10**6, 10**9):
        probabilities = [
            max(Fraction(0), Fraction(float(w)).limit_denominator(limit)) for w in weights
        ]
        total = sum(probabilities, Fraction(0))
        if total == 0:
            continue
        probabilities = [p / total for p in probabilities]
        mixed = [
            sum((p * int(rows[k][c]) for p, k in zip(probabilities, others, strict=True)),
                Fraction(0))
            for c in range(len(target))
        ]
        if _dominates(mixed, target, weak):
            return probabilities
    return None


def order_note(weak: bool) -> str:
    """A sentence on whether the elimination order matters."""
    if weak:
        return (
            "weak dominance: the surviving strategies can depend on the order of "
            "elimination; strategies were removed one at a time, players in order and "
            "each player's strategies in order"
        )
    return (
        "strict dominance: the surviving strategies do not depend on the order of "
        "elimination; each round removes every strictly dominated strategy"
    )
