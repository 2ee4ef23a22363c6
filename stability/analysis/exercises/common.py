"""What every exercise kind shares: the Exercise type, random games and the brute-force check."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from stability.analysis.solve_document import equilibrium_document
from stability.errors import StabilityError
from stability.model.game import Game
from stability.solvers.result import Equilibrium

KINDS = ("pure", "mixed", "dominance", "tipping", "repeated", "gmcr", "coalitions")
LEVELS = (1, 2, 3)

#: Random draws tried per exercise before giving up (the filters keep a few percent).
MAX_ATTEMPTS = 20_000

#: How far "just past" and "just short" of a threshold the checks evaluate.
CHECK_STEP = Fraction(1, 1000)

Rng = np.random.Generator


class VerificationError(StabilityError):
    """An answer key failed its independent check (a bug: never shown to students)."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: its question, its game and its verified answer (JSON-ready).

    ``parameter`` describes, for a ``tipping`` exercise, which payoffs depend on
    the parameter: ``{"name": "x", "value": "1", "payoffs": [...]}`` where each
    entry gives a player, a profile and the payoff's constant and slope.
    ``checks`` names the independent checks the answer passed.
    """

    kind: str
    level: int
    question: str
    game: Game | None
    answer: dict[str, Any]
    checks: tuple[str, ...]
    parameter: dict[str, Any] | None = None
    target: tuple[int, ...] | None = None
    conflict: dict[str, Any] | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False)


# -- independent checks -------------------------------------------------------------------


def brute_force_pure_equilibria(game: Game) -> list[tuple[int, ...]]:
    """Every pure equilibrium by checking every unilateral deviation (exact, no numpy tricks).

    >>> from stability.model.game import Game
    >>> brute_force_pure_equilibria(Game.from_payoffs([[[4, 0], [3, 3]], [[4, 3], [0, 3]]]))
    [(0, 0), (1, 1)]
    """
    found = []
    for profile in itertools.product(*(range(n) for n in game.shape)):
        stable = True
        for player in range(game.n_players):
            here = game.payoff(player, profile)
            for alternative in range(game.shape[player]):
                moved = list(profile)
                moved[player] = alternative
                if game.payoff(player, moved) > here:
                    stable = False
                    break
            if not stable:
                break
        if stable:
            found.append(tuple(profile))
    return found


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise VerificationError(f"answer key failed its check: {message}")


# -- random games --------------------------------------------------------------------------------


def _random_game(
    rng: Rng, shape: tuple[int, ...], low: int, high: int, *, players: Sequence[str] | None = None
) -> Game:
    tables = [rng.integers(low, high + 1, size=shape).tolist() for _ in shape]
    names = list(players) if players is not None else _PLAYER_NAMES[len(shape)]
    return Game.from_payoffs(
        tables,
        players=names,
        strategies=[_strategy_names(i, n) for i, n in enumerate(shape)],
    )


_PLAYER_NAMES = {2: ["Row", "Column"], 3: ["Row", "Column", "Layer"]}
_STRATEGY_NAMES = [
    {2: ["Top", "Bottom"], 3: ["Top", "Middle", "Bottom"]},
    {2: ["Left", "Right"], 3: ["Left", "Centre", "Right"]},
    {2: ["Front", "Back"], 3: ["Front", "Middle", "Back"]},
]


def _strategy_names(player: int, size: int) -> list[str]:
    return _STRATEGY_NAMES[player][size]


def _has_ties(game: Game) -> bool:
    """True when some player has two equally good replies to some profile of the others."""
    for player in range(game.n_players):
        table = np.moveaxis(np.asarray(game.numerators[player]), player, -1)
        for values in table.reshape(-1, game.shape[player]):
            if len(set(values.tolist())) < len(values):
                return True
    return False


def _draw(rng: Rng, make: Callable[[Rng], Game], accept: Callable[[Game], bool]) -> Game:
    for _ in range(MAX_ATTEMPTS):
        game = make(rng)
        if accept(game):
            return game
    raise StabilityError("could not generate an exercise of this kind and level; try another seed")


def _titled(game: Game, title: str) -> Game:
    return Game(
        title=title,
        players=game.players,
        strategies=game.strategies,
        numerators=game.numerators,
        denominators=game.denominators,
    )


# -- equilibria answers -------------------------------------------------------------------------


def _equilibria_answer(equilibria: Sequence[Equilibrium]) -> dict[str, Any]:
    return {"equilibria": [equilibrium_document(e) for e in equilibria]}
