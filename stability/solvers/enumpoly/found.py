"""What one support profile yields (kept free of sympy, so that supports settled by
interval arithmetic never import it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from stability.model.game import Game
from stability.solvers.result import Equilibrium
from stability.solvers.supports import Support


@dataclass
class Found:
    """A support's isolated equilibria, its continuum (support, dimension, sample)
    if any, and why it was not settled (if it was not)."""

    points: list[Equilibrium]
    sets: list[tuple[Support, int, Equilibrium]]
    unresolved: list[str]


def _float_payoffs(game: Game, profile: Sequence[Sequence[float]]) -> list[float]:
    """Expected payoffs in floating point (for display; the exactness is in the profile),
    with rounding noise below 1e-12 of the payoff range shown as 0."""
    out = []
    for table in game.payoffs:
        value: Any = table
        for axis in reversed(range(game.n_players)):
            value = np.tensordot(value, np.asarray(profile[axis]), axes=([axis], [0]))
        span = max(float(np.ptp(table)), 1.0)
        out.append(0.0 if abs(float(value)) < 1e-12 * span else float(value))
    return out
