"""Tipping exercises: the exact threshold of a payoff parameter, checked on both sides."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from stability.analysis.exercises.common import (
    CHECK_STEP,
    MAX_ATTEMPTS,
    Exercise,
    Rng,
    _random_game,
    _require,
    _titled,
)
from stability.errors import StabilityError
from stability.model.exact import format_fraction
from stability.model.game import Game

# -- tipping -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearGame:
    """A game whose payoffs are ``constant + slope · x`` (exact), for tipping exercises."""

    base: Game
    constants: tuple[np.ndarray[Any, Any], ...]
    slopes: tuple[np.ndarray[Any, Any], ...]

    def at(self, x: Fraction) -> Game:
        return self.base.with_payoffs(
            [c + s * x for c, s in zip(self.constants, self.slopes, strict=True)]
        )


def _target_interval(
    linear: LinearGame, target: tuple[int, ...]
) -> tuple[Fraction | None, Fraction | None, bool]:
    """The interval ``[low, high]`` of x where ``target`` is a pure equilibrium (None: unbounded).

    The last value is False when no x makes it one.
    """
    low: Fraction | None = None
    high: Fraction | None = None
    for player in range(linear.base.n_players):
        for alternative in range(linear.base.shape[player]):
            if alternative == target[player]:
                continue
            moved = list(target)
            moved[player] = alternative
            a = linear.constants[player][target] - linear.constants[player][tuple(moved)]
            b = linear.slopes[player][target] - linear.slopes[player][tuple(moved)]
            # the deviation does not pay when a + b·x >= 0
            if b == 0:
                if a < 0:
                    return None, None, False
            elif b > 0:
                bound = -a / b
                low = bound if low is None else max(low, bound)
            else:
                bound = -a / b
                high = bound if high is None else min(high, bound)
    if low is not None and high is not None and low > high:
        return low, high, False
    return low, high, True


def tipping_exercise(rng: Rng, level: int) -> Exercise:
    """The threshold of a payoff parameter ``x`` at which a profile becomes an equilibrium."""
    from stability.solvers.pure import pure_equilibria

    shape = (2, 2) if level == 1 else (3, 3)
    high_value = 5 if level == 1 else 9
    for _ in range(MAX_ATTEMPTS):
        game = _random_game(rng, shape, 0, high_value)
        constants = tuple(game.exact_payoffs(i) for i in range(2))
        slopes = tuple(np.full(shape, Fraction(0), dtype=object) for _ in range(2))
        target = tuple(int(v) for v in rng.integers(0, shape[0], size=2))
        # x is Row's payoff at the target; at level 2 also (halved) in another Row
        # payoff of the column; at level 3 also in Column's payoff at the target
        constants[0][target] = Fraction(0)
        slopes[0][target] = Fraction(1)
        if level >= 2:
            other = (int((target[0] + 1) % shape[0]), target[1])
            slopes[0][other] = Fraction(1, 2)
        if level == 3:
            constants[1][target] = Fraction(int(rng.integers(-4, 1)))
            slopes[1][target] = Fraction(1)
        linear = LinearGame(game, constants, slopes)
        low, high, possible = _target_interval(linear, target)
        if not possible or low is None:
            continue
        baseline = Fraction(math.floor(low) - int(rng.integers(1, 3)))
        if target in pure_equilibria(linear.at(baseline)):
            continue
        break
    else:  # pragma: no cover - the draws above almost always succeed
        raise StabilityError("could not generate a tipping exercise; try another seed")
    names = game.strategies
    target_names = tuple(names[i][s] for i, s in enumerate(target))
    shown = _titled(linear.at(baseline), f"Tipping point, level {level}")
    linear = LinearGame(shown, linear.constants, linear.slopes)
    threshold = low
    past = pure_equilibria(linear.at(threshold + CHECK_STEP))
    short = pure_equilibria(linear.at(threshold - CHECK_STEP))
    at = pure_equilibria(linear.at(threshold))
    _require(target in past, "the target is not an equilibrium just past the threshold")
    _require(target not in short, "the target is an equilibrium just short of the threshold")
    _require(target in at, "the target is not an equilibrium at the threshold")
    checks = [
        "solver: pure at the threshold + 1/1000 (equilibrium)",
        "solver: pure at the threshold - 1/1000 (not an equilibrium)",
        "solver: pure at the threshold itself (equilibrium, by a tie)",
    ]
    if high is not None:
        _require(target in pure_equilibria(linear.at(high)), "the interval's upper end")
        _require(target not in pure_equilibria(linear.at(high + CHECK_STEP)), "past the upper end")
        checks.append("solver: pure at and just past the upper end")
    payoffs = [
        {
            "player": game.players[player],
            "profile": [names[i][s] for i, s in enumerate(profile)],
            "constant": format_fraction(linear.constants[player][profile]),
            "slope": format_fraction(linear.slopes[player][profile]),
        }
        for player in range(2)
        for profile in (tuple(int(v) for v in p) for p in np.ndindex(*shape))
        if linear.slopes[player][profile] != 0
    ]
    cells = "; ".join(
        f"{p['player']}'s payoff at ({', '.join(p['profile'])}) is "
        + _linear_text(Fraction(str(p["constant"])), Fraction(str(p["slope"])))
        for p in payoffs
    )
    question = (
        f"In the game below {cells}; the table shows x = {format_fraction(baseline)}. "
        f"Raising x from {format_fraction(baseline)}, at what value of x does "
        f"({', '.join(target_names)}) become a pure Nash equilibrium"
        + (", and up to what value does it stay one?" if high is not None else "?")
    )
    answer: dict[str, Any] = {
        "parameter": "x",
        "target": list(target_names),
        "baseline": float(baseline),
        "threshold": float(threshold),
        "exact": format_fraction(threshold),
        "direction": "increase",
        "interval": [
            format_fraction(threshold),
            format_fraction(high) if high is not None else None,
        ],
    }
    return Exercise(
        kind="tipping",
        level=level,
        question=question,
        game=shown,
        answer=answer,
        checks=tuple(checks),
        parameter={"name": "x", "value": format_fraction(baseline), "payoffs": payoffs},
        target=target,
        details={"linear": linear},
    )


def _linear_text(constant: Fraction, slope: Fraction) -> str:
    """``"x"``, ``"x/2 + 3"``, ``"x - 2"``."""
    term = "x" if slope == 1 else f"{format_fraction(slope)}·x"
    if slope.denominator != 1 and slope.numerator == 1:
        term = f"x/{slope.denominator}"
    if constant == 0:
        return term
    sign = "+" if constant > 0 else "-"
    return f"{term} {sign} {format_fraction(abs(constant))}"
