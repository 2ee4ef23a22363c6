"""Expected payoffs and regret of mixed profiles, exact and in floating point.

The regret of player ``i`` at a profile is how much it could gain by switching to
its best pure strategy; a profile is an equilibrium when every regret is zero.

>>> from stability.model.game import Game
>>> pennies = Game.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
>>> half = (Fraction(1, 2), Fraction(1, 2))
>>> exact_regrets(pennies, (half, half))
(Fraction(0, 1), Fraction(0, 1))
>>> is_exact_equilibrium(pennies, (half, (Fraction(1), Fraction(0))))
False
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.model.game import Game

ExactProfile = Sequence[Sequence[Fraction]]


def _contract_exact(table: npt.NDArray[Any], profile: ExactProfile, keep: int | None) -> Any:
    """Contract every axis but ``keep`` of an integer table with the profile's mixtures."""
    result = table.astype(object)
    # contract from the last axis so that earlier axis numbers stay valid
    for axis in reversed(range(table.ndim)):
        if axis == keep:
            continue
        weights = np.array(list(profile[axis]), dtype=object)
        result = np.tensordot(result, weights, axes=([axis], [0]))
    return result


def exact_strategy_payoffs(game: Game, profile: ExactProfile, player: int) -> list[Fraction]:
    """Player ``player``'s exact payoff from each of its pure strategies against the others."""
    values = _contract_exact(game.numerators[player], profile, keep=player)
    denominator = game.denominators[player]
    return [Fraction(v) / denominator for v in np.atleast_1d(values)]


def exact_expected_payoffs(game: Game, profile: ExactProfile) -> tuple[Fraction, ...]:
    """Every player's exact expected payoff at a mixed profile."""
    out = []
    for player in range(game.n_players):
        values = exact_strategy_payoffs(game, profile, player)
        out.append(sum((p * v for p, v in zip(profile[player], values, strict=True)), Fraction(0)))
    return tuple(out)


def exact_regrets(game: Game, profile: ExactProfile) -> tuple[Fraction, ...]:
    """Each player's exact regret (best pure payoff minus expected payoff)."""
    out = []
    for player in range(game.n_players):
        values = exact_strategy_payoffs(game, profile, player)
        expected = sum((p * v for p, v in zip(profile[player], values, strict=True)), Fraction(0))
        out.append(max(values) - expected)
    return tuple(out)


def is_exact_equilibrium(game: Game, profile: ExactProfile) -> bool:
    """True when ``profile`` is a probability profile with zero regret, exactly."""
    for player, mixture in enumerate(profile):
        if len(mixture) != game.shape[player]:
            return False
        if any(p < 0 for p in mixture) or sum(mixture) != 1:
            return False
    return all(r == 0 for r in exact_regrets(game, profile))


def float_regrets(game: Game, profile: Sequence[Sequence[float]]) -> npt.NDArray[np.float64]:
    """Each player's regret at a float profile (fast, approximate)."""
    mixtures = [np.asarray(p, dtype=np.float64) for p in profile]
    regrets = np.empty(game.n_players)
    for player, table in enumerate(game.payoffs):
        values = table
        for axis in reversed(range(table.ndim)):
            if axis != player:
                values = np.tensordot(values, mixtures[axis], axes=([axis], [0]))
        regrets[player] = float(np.max(values) - mixtures[player] @ values)
    return regrets


def payoff_scale(game: Game) -> float:
    """The largest payoff range over players (for tolerances relative to payoffs)."""
    spans = [float(np.ptp(t)) if t.size else 0.0 for t in game.payoffs]
    return max(max(spans, default=0.0), 1.0)
