"""Grim trigger in the infinitely repeated game: how patient must the players be?

A cooperative pure profile ``c`` is sustained by grim trigger (play ``c`` until
someone deviates, then a stage equilibrium forever) when, for every player ``i``,

    c_i / (1 - delta) >= d_i + delta p_i / (1 - delta),

that is ``delta >= delta_i = (d_i - c_i) / (d_i - p_i)``, where ``c_i`` is the
cooperative payoff, ``d_i`` the best one-shot deviation payoff against ``c`` and
``p_i`` the punishment payoff: the stage equilibrium worst for ``i`` (Nash
reversion), or a chosen pure stage equilibrium. Edge cases: with no profitable
deviation (``d_i <= c_i``) ``delta_i = 0``; when cooperation pays no more than the
punishment (``c_i <= p_i``) while a deviation pays, no discount factor below 1
sustains it. The overall threshold is the largest ``delta_i``.

Stage equilibria here are the pure ones and, for two players, the extreme mixed
ones (their exact payoffs from the project's ``all`` solver), so the worst
punishment may be a mixed equilibrium.

>>> from stability.model.game import Game
>>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
...                        strategies=[["C", "D"], ["C", "D"]])
>>> result = grim_trigger(pd, (0, 0))
>>> [str(t.critical) for t in result.thresholds], str(result.critical)
(['1/2', '1/2'], '1/2')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from stability.errors import InputError
from stability.model.exact import format_fraction
from stability.model.game import Game, game_header


@dataclass(frozen=True)
class StageEquilibrium:
    """A stage-game equilibrium used as punishment, with exact payoffs."""

    profile: tuple[tuple[Fraction, ...], ...]
    payoffs: tuple[Fraction, ...]

    @property
    def pure_profile(self) -> tuple[int, ...] | None:
        if all(sum(1 for p in s if p) == 1 for s in self.profile):
            return tuple(next(k for k, p in enumerate(s) if p) for s in self.profile)
        return None

    def describe(self, game: Game) -> str:
        """``"(D, D)"`` or the mixture in words."""
        parts = []
        for i, mixture in enumerate(self.profile):
            support = [(k, p) for k, p in enumerate(mixture) if p]
            if len(support) == 1:
                parts.append(game.strategies[i][support[0][0]])
            else:
                parts.append(" + ".join(f"{p} {game.strategies[i][k]}" for k, p in support))
        return "(" + ", ".join(parts) + ")"


@dataclass(frozen=True)
class PlayerThreshold:
    """One player's side of the grim-trigger condition.

    ``critical`` is ``None`` when no discount factor below 1 sustains cooperation.
    """

    player: int
    cooperative: Fraction
    deviation: int
    deviation_payoff: Fraction
    punishment: StageEquilibrium
    critical: Fraction | None

    @property
    def sustainable(self) -> bool:
        return self.critical is not None


@dataclass(frozen=True)
class GrimTriggerResult:
    """Per player and overall critical discount factors for one cooperative profile."""

    game: Game
    cooperate: tuple[int, ...]
    thresholds: tuple[PlayerThreshold, ...]

    @property
    def sustainable(self) -> bool:
        return all(t.sustainable for t in self.thresholds)

    @property
    def critical(self) -> Fraction | None:
        """The least discount factor sustaining cooperation, ``None`` when none below 1 does."""
        if not self.sustainable:
            return None
        return max((t.critical for t in self.thresholds if t.critical is not None),
                   default=Fraction(0))


def critical_discount(cooperative: Fraction, deviation: Fraction,
                      punishment: Fraction) -> Fraction | None:
    """``(d - c) / (d - p)`` with its edge cases (see the module docstring).

    >>> critical_discount(Fraction(3), Fraction(5), Fraction(1))
    Fraction(1, 2)
    >>> critical_discount(Fraction(3), Fraction(3), Fraction(9)), critical_discount(1, 5, 2)
    (Fraction(0, 1), None)
    """
    if deviation <= cooperative:
        return Fraction(0)
    if cooperative <= punishment:
        return None
    return Fraction(deviation - cooperative) / Fraction(deviation - punishment)


def stage_equilibria(game: Game) -> list[StageEquilibrium]:
    """The stage game's pure equilibria, plus extreme mixed ones for two players."""
    found: dict[tuple[tuple[Fraction, ...], ...], StageEquilibrium] = {}
    for profile in game.profiles():
        pure = tuple(int(s) for s in profile)
        if _is_pure_equilibrium(game, pure):
            exact = _pure_mixture(game, pure)
            found[exact] = StageEquilibrium(exact, _payoffs(game, pure))
    if game.n_players == 2:
        try:
            from stability.errors import TooLargeError
            from stability.solvers import solve

            try:
                mixed = solve(game, "all").equilibria
            except TooLargeError:
                m, n = game.shape
                raise InputError(
                    f"the {m}x{n} stage game is too large to list its mixed equilibria "
                    "within a minute and 1 GB (see method 'all' in the limits); give "
                    "--punish PROFILE, a pure stage equilibrium to revert to"
                ) from None
            for equilibrium in mixed:
                if equilibrium.exact is None or equilibrium.exact_payoffs is None:
                    continue
                found.setdefault(
                    equilibrium.exact,
                    StageEquilibrium(equilibrium.exact, tuple(equilibrium.exact_payoffs)),
                )
        except ImportError:  # the mixed solver is optional here
            pass
    return list(found.values())


def _pure_mixture(game: Game, profile: Sequence[int]) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(
        tuple(Fraction(1) if k == s else Fraction(0) for k in range(n))
        for s, n in zip(profile, game.shape, strict=True)
    )


def _payoffs(game: Game, profile: Sequence[int]) -> tuple[Fraction, ...]:
    return tuple(game.payoff(i, profile) for i in range(game.n_players))


def _is_pure_equilibrium(game: Game, profile: tuple[int, ...]) -> bool:
    for i in range(game.n_players):
        own = game.numerators[i][profile]
        for s in range(game.shape[i]):
            if game.numerators[i][profile[:i] + (s,) + profile[i + 1 :]] > own:
                return False
    return True


def grim_trigger(
    game: Game, cooperate: Sequence[int], punish: Sequence[int] | None = None
) -> GrimTriggerResult:
    """Critical discount factors for sustaining ``cooperate`` by grim trigger.

    ``punish`` (a pure profile) must be a stage equilibrium; without it each
    deviator faces the stage equilibrium worst for it.
    """
    profile = tuple(int(s) for s in cooperate)
    if len(profile) != game.n_players:
        raise InputError(f"expected one strategy per player ({game.n_players})",
                         item="cooperative profile")
    if punish is not None:
        chosen = tuple(int(s) for s in punish)
        if len(chosen) != game.n_players:
            raise InputError(f"expected one strategy per player ({game.n_players})",
                             item="punishment profile")
        if not _is_pure_equilibrium(game, chosen):
            raise InputError(
                "the punishment must be a Nash equilibrium of the stage game; "
                f"({', '.join(game.strategies[i][s] for i, s in enumerate(chosen))}) is not",
                item="punishment profile",
            )
        equilibria = [StageEquilibrium(_pure_mixture(game, chosen), _payoffs(game, chosen))]
    else:
        equilibria = stage_equilibria(game)
        if not equilibria:
            raise InputError("the stage game has no equilibrium found to revert to; "
                             "choose a punishment profile")
    thresholds = []
    for i in range(game.n_players):
        cooperative = game.payoff(i, profile)
        deviation = max(
            (s for s in range(game.shape[i]) if s != profile[i]),
            key=lambda s: game.payoff(i, profile[:i] + (s,) + profile[i + 1 :]),
            default=profile[i],
        )
        deviation_payoff = game.payoff(i, profile[:i] + (deviation,) + profile[i + 1 :])
        worst = min(equilibria, key=lambda e: e.payoffs[i])
        thresholds.append(
            PlayerThreshold(
                player=i,
                cooperative=cooperative,
                deviation=deviation,
                deviation_payoff=deviation_payoff,
                punishment=worst,
                critical=critical_discount(cooperative, deviation_payoff, worst.payoffs[i]),
            )
        )
    return GrimTriggerResult(game, profile, tuple(thresholds))


REPEATED_SCHEMA = "stability/repeated/v1"


def parse_profile(game: Game, text: str, option: str) -> tuple[int, ...]:
    """``"Cooperate,Defect"`` (strategy names in player order) as strategy indices."""
    names = [part.strip() for part in text.split(",")]
    if len(names) != game.n_players:
        raise InputError(
            f"{option} {text!r}: expected {game.n_players} comma-separated strategy names, "
            f"one per player ({', '.join(game.players)})"
        )
    try:
        return tuple(game.strategy_index(i, name) for i, name in enumerate(names))
    except InputError as err:
        raise InputError(f"{option} {text!r}: {err.message}") from None


def _exact(value: Any) -> str | None:
    return None if value is None else format_fraction(value)


def repeated_json(result: GrimTriggerResult) -> dict[str, Any]:
    """The ``stability/repeated/v1`` document."""
    game = result.game
    critical = result.critical
    return {
        "schema": REPEATED_SCHEMA,
        "game": game_header(game),
        "cooperate": {
            "profile": [game.strategies[i][s] for i, s in enumerate(result.cooperate)],
            "payoffs": [float(t.cooperative) for t in result.thresholds],
        },
        "players": [
            {
                "player": game.players[t.player],
                "cooperative": float(t.cooperative),
                "deviation": {
                    "strategy": game.strategies[t.player][t.deviation],
                    "payoff": float(t.deviation_payoff),
                    "exact": format_fraction(t.deviation_payoff),
                },
                "punishment": {
                    "profile": [[float(p) for p in s] for s in t.punishment.profile],
                    "text": t.punishment.describe(game),
                    "payoff": float(t.punishment.payoffs[t.player]),
                    "exact": format_fraction(t.punishment.payoffs[t.player]),
                },
                "critical_discount": None if t.critical is None else float(t.critical),
                "exact": _exact(t.critical),
                "sustainable": t.sustainable,
            }
            for t in result.thresholds
        ],
        "critical_discount": None if critical is None else float(critical),
        "exact": _exact(critical),
        "sustainable": result.sustainable,
    }
