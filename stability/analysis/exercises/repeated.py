"""Repeated prisoner's dilemma exercises: the critical discount factor of grim trigger."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from stability.analysis.exercises.common import CHECK_STEP, Exercise, Rng, _require
from stability.model.exact import format_fraction
from stability.model.game import Game

# -- repeated prisoner's dilemma ---------------------------------------------------------------


def critical_discount(temptation: Fraction, reward: Fraction, punishment: Fraction) -> Fraction:
    """The smallest discount factor at which grim trigger sustains cooperation: (T-R)/(T-P).

    >>> critical_discount(Fraction(5), Fraction(3), Fraction(1))
    Fraction(1, 2)
    """
    return (temptation - reward) / (temptation - punishment)


def _cooperation_pays(t: Fraction, r: Fraction, p: Fraction, delta: Fraction) -> bool:
    # cooperating forever against grim trigger vs. defecting once and being punished forever
    return r / (1 - delta) >= t + delta * p / (1 - delta)


def repeated_exercise(rng: Rng, level: int) -> Exercise:
    """The critical discount factor of grim trigger in an infinitely repeated prisoner's dilemma."""
    high = {1: 6, 2: 12, 3: 20}[level]
    while True:
        s, p, r, t = sorted(int(v) for v in rng.choice(np.arange(0, high + 1), 4, replace=False))
        if 2 * r > t + s:  # a prisoner's dilemma: T > R > P > S and 2R > T + S
            break
    temptation, reward, punishment, sucker = (Fraction(v) for v in (t, r, p, s))
    payoffs = [[[r, s], [t, p]], [[r, t], [s, p]]]
    game = Game.from_payoffs(
        payoffs,
        players=["Row", "Column"],
        strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
        title=f"Repeated prisoner's dilemma, level {level}",
    )
    delta = critical_discount(temptation, reward, punishment)
    _require(0 < delta < 1, "the critical discount factor lies outside (0, 1)")
    _require(_cooperation_pays(temptation, reward, punishment, delta), "at the threshold")
    _require(_cooperation_pays(temptation, reward, punishment, delta + CHECK_STEP), "just past")
    _require(
        not _cooperation_pays(temptation, reward, punishment, delta - CHECK_STEP), "just short"
    )
    checks = [
        "grim trigger's one-shot deviation checked at, just past and just short of the threshold"
    ]
    checks.extend(_compare_with_repeated_module(game, delta))
    return Exercise(
        kind="repeated",
        level=level,
        question=(
            "The prisoner's dilemma below is repeated indefinitely and both players discount "
            "future payoffs by a factor δ per round. Each plays grim trigger: cooperate until "
            "the other defects, then defect forever. For which δ is mutual cooperation an "
            "equilibrium? Give the critical δ as a fraction."
        ),
        game=game,
        answer={"critical_discount": float(delta), "exact": format_fraction(delta)},
        checks=tuple(checks),
        details={"T": temptation, "R": reward, "P": punishment, "S": sucker},
    )


def _compare_with_repeated_module(game: Game, delta: Fraction) -> list[str]:
    try:
        from stability.analysis import repeated as repeated_module
    except ImportError:  # pragma: no cover - the module comes with another issue
        return []
    function = getattr(repeated_module, "critical_discount", None)
    if function is None:  # pragma: no cover
        return []
    reward, temptation, punishment = (game.payoff(0, p) for p in ((0, 0), (1, 0), (1, 1)))
    _require(
        function(reward, temptation, punishment) == delta, "the repeated-game module disagrees"
    )
    return ["the same value as stability.analysis.repeated.critical_discount"]
