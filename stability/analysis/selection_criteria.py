"""Exact criteria of equilibrium selection: payoff dominance and risk dominance by
the Nash product of deviation losses (see :mod:`stability.analysis.selection` for
the definitions and their sources; it re-exports everything here).

>>> from stability.model.game import Game
>>> stag_hunt = Game.from_payoffs([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
>>> risk_comparison(stag_hunt, (0, 0), (1, 1)).risk_dominant
'second'
>>> payoff_dominance(stag_hunt, (0, 0), (1, 1))
'first'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from stability.errors import InputError
from stability.model.game import Game
from stability.solvers.pure import pure_equilibria

Side = Literal["first", "second"]
Profile = tuple[int, ...]

#: Wording of the joint-game risk-dominance definition (for people and JSON).
NASH_PRODUCT = (
    "Nash product of deviation losses over the players whose strategies differ "
    "(Harsanyi and Selten 1988, section 3.9; exact for 2x2 games and unanimity games)"
)


# -- exact criteria ---------------------------------------------------------------------


def strict_equilibria(game: Game) -> list[Profile]:
    """The strict pure equilibria of ``game`` (every deviation loses), exactly.

    >>> strict_equilibria(Game.from_payoffs([[[1, 0], [0, 1]], [[1, 0], [0, 1]]]))
    [(0, 0), (1, 1)]
    """
    found = []
    for profile in pure_equilibria(game):
        strict = True
        for player in range(game.n_players):
            here = game.payoff(player, profile)
            for other in range(game.shape[player]):
                if other == profile[player]:
                    continue
                moved = profile[:player] + (other,) + profile[player + 1 :]
                if game.payoff(player, moved) >= here:
                    strict = False
        if strict:
            found.append(tuple(int(s) for s in profile))
    return found


@dataclass(frozen=True)
class RiskComparison:
    """Two pure equilibria compared by the Nash product of deviation losses.

    ``players`` are those whose strategies differ; ``first_losses[k]`` is what
    player ``players[k]`` loses at ``first`` by switching to its strategy in
    ``second`` (and conversely).
    """

    first: Profile
    second: Profile
    players: tuple[int, ...]
    first_losses: tuple[Fraction, ...]
    second_losses: tuple[Fraction, ...]

    @property
    def first_product(self) -> Fraction:
        return math.prod(self.first_losses, start=Fraction(1))

    @property
    def second_product(self) -> Fraction:
        return math.prod(self.second_losses, start=Fraction(1))

    @property
    def risk_dominant(self) -> Side | None:
        """``"first"``, ``"second"`` or ``None`` (equal products)."""
        if self.first_product > self.second_product:
            return "first"
        if self.second_product > self.first_product:
            return "second"
        return None


def _switch(profile: Profile, player: int, strategy: int) -> Profile:
    return profile[:player] + (strategy,) + profile[player + 1 :]


def risk_comparison(game: Game, first: Profile, second: Profile) -> RiskComparison:
    """Compare two pure profiles (normally strict equilibria) by the Nash product."""
    players = tuple(i for i in range(game.n_players) if first[i] != second[i])
    if not players:
        raise InputError("risk dominance: the two profiles are the same")

    def losses(at: Profile, toward: Profile) -> tuple[Fraction, ...]:
        return tuple(
            game.payoff(i, at) - game.payoff(i, _switch(at, i, toward[i])) for i in players
        )

    return RiskComparison(first, second, players, losses(first, second), losses(second, first))


def payoff_dominance(game: Game, first: Profile, second: Profile) -> Side | None:
    """Which profile payoff-dominates (Pareto) the other, or ``None``."""
    a = [game.payoff(i, first) for i in range(game.n_players)]
    b = [game.payoff(i, second) for i in range(game.n_players)]
    if a != b and all(x >= y for x, y in zip(a, b, strict=True)):
        return "first"
    if a != b and all(y >= x for x, y in zip(a, b, strict=True)):
        return "second"
    return None


@dataclass(frozen=True)
class Advantage:
    """Why ``profile`` does not payoff-dominate: ``player`` gets more at ``other``."""

    profile: Profile
    other: Profile
    player: int
    here: Fraction
    there: Fraction


@dataclass(frozen=True)
class PayoffDominance:
    """Payoff dominance over every pure equilibrium of a game, compared exactly.

    ``considered`` are the pure equilibria (strict and weak) with their payoffs;
    ``dominant`` the one that gives every player at least as much as each other
    one, and someone more, or ``None``; ``counter`` gives, for each equilibrium
    that does not dominate, one player who gets more at another equilibrium.

    >>> stag_hunt = Game.from_payoffs([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
    >>> payoff_comparison(stag_hunt).dominant
    (0, 0)
    >>> chicken = Game.from_payoffs([[[0, -1], [1, -5]], [[0, 1], [-1, -5]]])
    >>> found = payoff_comparison(chicken)
    >>> found.dominant, [(c.profile, c.player) for c in found.counter]
    (None, [((0, 1), 0), ((1, 0), 1)])
    """

    considered: tuple[Profile, ...]
    payoffs: tuple[tuple[Fraction, ...], ...]
    dominant: Profile | None
    counter: tuple[Advantage, ...]


def payoff_comparison(game: Game, equilibria: Sequence[Profile] | None = None) -> PayoffDominance:
    """Payoff dominance among ``equilibria`` (default: every pure equilibrium of ``game``)."""
    found = (
        [tuple(int(s) for s in p) for p in pure_equilibria(game)]
        if equilibria is None
        else [tuple(p) for p in equilibria]
    )
    payoffs = [tuple(game.payoff(i, p) for i in range(game.n_players)) for p in found]
    dominant: Profile | None = None
    counter: list[Advantage] = []
    for k, profile in enumerate(found):
        against = [j for j in range(len(found)) if j != k]
        if all(payoff_dominance(game, profile, found[j]) == "first" for j in against):
            dominant = profile
            continue
        for j in against:  # the first player who gets more elsewhere
            better = next(
                (i for i in range(game.n_players) if payoffs[j][i] > payoffs[k][i]), None
            )
            if better is not None:
                counter.append(
                    Advantage(profile, found[j], better, payoffs[k][better], payoffs[j][better])
                )
                break
    return PayoffDominance(tuple(found), tuple(payoffs), dominant, tuple(counter))


def _dominant(
    candidates: Sequence[Profile], beats: dict[tuple[Profile, Profile], bool]
) -> Profile | None:
    """The candidate that beats every other one, if any."""
    for e in candidates:
        if len(candidates) > 1 and all(beats[(e, f)] for f in candidates if f != e):
            return e
    return None


@dataclass(frozen=True)
class GameComparisons:
    """Every pair of strict pure equilibria of one game, compared."""

    name: str
    game: Game
    strict: tuple[Profile, ...]
    risk: tuple[RiskComparison, ...]
    payoff: tuple[Side | None, ...]
    #: Payoff dominance among every pure equilibrium (strict and weak).
    dominance: PayoffDominance

    def _beats(self, risk: bool) -> dict[tuple[Profile, Profile], bool]:
        beats: dict[tuple[Profile, Profile], bool] = {}
        for comparison, payoff in zip(self.risk, self.payoff, strict=True):
            side = comparison.risk_dominant if risk else payoff
            beats[(comparison.first, comparison.second)] = side == "first"
            beats[(comparison.second, comparison.first)] = side == "second"
        return beats

    @property
    def risk_dominant(self) -> Profile | None:
        """The strict equilibrium that risk-dominates every other one, if any."""
        return _dominant(self.strict, self._beats(risk=True))

    @property
    def payoff_dominant(self) -> Profile | None:
        """The pure equilibrium (strict or weak) that payoff-dominates every other pure
        equilibrium, if any (``None`` also when there is only one: nothing to compare)."""
        found = self.dominance
        return found.dominant if len(found.considered) > 1 else None


def compare_equilibria(game: Game, name: str) -> GameComparisons:
    """Risk dominance between every two strict pure equilibria of ``game``, and payoff
    dominance among all of its pure equilibria."""
    strict = strict_equilibria(game)
    pairs = [(e, f) for k, e in enumerate(strict) for f in strict[k + 1 :]]
    return GameComparisons(
        name=name,
        game=game,
        strict=tuple(strict),
        risk=tuple(risk_comparison(game, e, f) for e, f in pairs),
        payoff=tuple(payoff_dominance(game, e, f) for e, f in pairs),
        dominance=payoff_comparison(game),
    )
