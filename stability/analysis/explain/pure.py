"""Pure-strategy reasoning: best responses, iterated strict dominance, checking a profile."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from stability.analysis.explain.data import BestResponses, Deviation, DominanceStep, ProfileCheck
from stability.errors import InputError
from stability.model.game import Game

# -- best responses -----------------------------------------------------------------


def _others(game: Game, player: int) -> list[int]:
    return [k for k in range(game.n_players) if k != player]


def _full_profile(player: int, own: int, against: Sequence[int]) -> tuple[int, ...]:
    profile = list(against)
    profile.insert(player, own)
    return tuple(profile)


def best_responses(game: Game) -> tuple[BestResponses, ...]:
    """Each player's best replies to every pure profile of the others (exact).

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> [(r.player, r.against, r.best) for r in best_responses(pd)]
    [(0, (0,), (1,)), (0, (1,), (1,)), (1, (0,), (1,)), (1, (1,), (1,))]
    """
    out = []
    for player in range(game.n_players):
        others = _others(game, player)
        for against in itertools.product(*(range(game.shape[k]) for k in others)):
            payoffs = tuple(
                game.payoff(player, _full_profile(player, s, against))
                for s in range(game.shape[player])
            )
            top = max(payoffs)
            out.append(
                BestResponses(
                    player=player,
                    against=tuple(against),
                    payoffs=payoffs,
                    best=tuple(s for s, v in enumerate(payoffs) if v == top),
                )
            )
    return tuple(out)


def mutual_best_responses(
    game: Game, responses: Sequence[BestResponses]
) -> tuple[tuple[int, ...], ...]:
    """The pure profiles in which every player's strategy is a best reply: the pure equilibria."""
    best = {(r.player, r.against): set(r.best) for r in responses}
    found = []
    for profile in game.profiles():
        if all(
            profile[i] in best[(i, tuple(profile[k] for k in _others(game, i)))]
            for i in range(game.n_players)
        ):
            found.append(tuple(int(s) for s in profile))
    return tuple(found)


# -- dominance ------------------------------------------------------------------------


def iterated_strict_dominance(
    game: Game, *, mixed: bool = True
) -> tuple[tuple[DominanceStep, ...], tuple[tuple[int, ...], ...]]:
    """Iterated elimination of strictly dominated strategies, one step per elimination.

    The steps are those of :func:`stability.analysis.dominance.eliminate` (one
    implementation for ``dominance``, ``explain`` and the exercises): round by round,
    every strategy strictly dominated by another pure strategy or (unless
    ``mixed=False``) by a mixture is removed; the result does not depend on the order.

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> steps, surviving = iterated_strict_dominance(pd)
    >>> [(s.player, s.dominated, s.dominating, s.margin) for s in steps], surviving
    ([(0, 0, 1, Fraction(1, 1)), (1, 0, 1, Fraction(1, 1))], ((1,), (1,)))
    """
    from stability.analysis.dominance import eliminate

    result = eliminate(game, mixed=mixed)
    remaining = [list(range(n)) for n in game.shape]
    steps: list[DominanceStep] = []
    for step in result.steps:
        remaining[step.player].remove(step.strategy)
        steps.append(
            DominanceStep(
                player=step.player,
                dominated=step.strategy,
                dominator=step.dominator,
                margin=step.margin,
                remaining=tuple(tuple(r) for r in remaining),
                round=step.round,
            )
        )
    return tuple(steps), result.surviving


# -- pure profile check -----------------------------------------------------------------


def check_profile(game: Game, profile: Sequence[int]) -> ProfileCheck:
    """Each player's payoff at ``profile`` and its best deviation from it.

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> check = check_profile(pd, (0, 0))
    >>> check.is_equilibrium, [(d.player, d.strategy, d.payoff) for d in check.profitable]
    (False, [(0, 1, Fraction(5, 1)), (1, 1, Fraction(5, 1))])
    """
    profile = tuple(profile)
    payoffs = tuple(game.payoff(i, profile) for i in range(game.n_players))
    best: list[Deviation | None] = []
    for player in range(game.n_players):
        against = tuple(profile[k] for k in _others(game, player))
        options = [
            Deviation(player, s, game.payoff(player, _full_profile(player, s, against)))
            for s in range(game.shape[player])
            if s != profile[player]
        ]
        best.append(max(options, key=lambda d: d.payoff) if options else None)
    return ProfileCheck(profile=profile, payoffs=payoffs, best=tuple(best))


def parse_profile(game: Game, text: str) -> tuple[int, ...]:
    """A pure profile given as comma-separated strategy names (or 1-based numbers).

    >>> from stability.model.game import Game
    >>> pd = Game.from_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...                        strategies=[["C", "D"], ["C", "D"]])
    >>> parse_profile(pd, "C, D")
    (0, 1)
    """
    names = [part.strip() for part in text.split(",")]
    if len(names) != game.n_players:
        raise InputError(
            f"expected {game.n_players} comma-separated strategy names "
            f"(one per player: {', '.join(game.players)}), got {len(names)}",
            item="--profile",
        )
    try:
        return tuple(game.strategy_index(i, name) for i, name in enumerate(names))
    except InputError as err:
        raise InputError(err.message, item="--profile") from err
