"""Iterated strict dominance exercises, re-checked step by step and against analysis.dominance."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from stability.analysis.exercises.common import (
    Exercise,
    Rng,
    _draw,
    _equilibria_answer,
    _has_ties,
    _random_game,
    _require,
    _titled,
)
from stability.model.game import Game
from stability.solvers.result import Equilibrium


def _strictly_dominates(
    game: Game, remaining: Sequence[Sequence[int]], player: int, better: int, worse: int
) -> bool:
    others = [remaining[k] if k != player else [0] for k in range(game.n_players)]
    for profile in itertools.product(*others):
        high = list(profile)
        low = list(profile)
        high[player] = better
        low[player] = worse
        if game.payoff(player, high) <= game.payoff(player, low):
            return False
    return True


def dominance_exercise(rng: Rng, level: int) -> Exercise:
    """Iterated elimination of strictly dominated strategies."""
    from stability.analysis.explain import iterated_strict_dominance
    from stability.solvers import solve

    def rounds(game: Game) -> tuple[int, bool]:
        steps, surviving = iterated_strict_dominance(game, mixed=False)
        return len(steps), all(len(s) == 1 for s in surviving)

    if level == 1:
        game = _draw(
            rng,
            lambda r: _random_game(r, (2, 2), 0, 5),
            lambda g: rounds(g) == (2, True),
        )
    elif level == 2:
        game = _draw(
            rng,
            lambda r: _random_game(r, (3, 3), 0, 9),
            lambda g: rounds(g)[1] and rounds(g)[0] == 4 and not _has_ties(g),
        )
    else:

        def partial(g: Game) -> bool:
            count, solved = rounds(g)
            return count >= 2 and not solved and _has_ties(g)

        game = _draw(rng, lambda r: _random_game(r, (3, 3), 0, 4), partial)
    game = _titled(game, f"Iterated dominance, level {level}")
    steps, surviving = iterated_strict_dominance(game, mixed=False)
    remaining = [list(range(n)) for n in game.shape]
    for step in steps:
        _require(
            _strictly_dominates(game, remaining, step.player, step.dominating, step.dominated),
            "an elimination that is not strict dominance",
        )
        remaining[step.player].remove(step.dominated)
    for player in range(game.n_players):
        for worse in remaining[player]:
            for better in remaining[player]:
                _require(
                    better == worse
                    or not _strictly_dominates(game, remaining, player, better, worse),
                    "a survivor is strictly dominated",
                )
    pure = [e.pure_profile for e in solve(game, "pure").equilibria]
    _require(
        all(p is not None and all(s in r for s, r in zip(p, remaining, strict=True)) for p in pure),
        "a pure equilibrium was eliminated",
    )
    checks = [
        "each elimination re-checked in the reduced game",
        "no survivor strictly dominated",
        "every pure equilibrium survives",
    ]
    checks.extend(_compare_with_dominance_module(game, surviving))
    answer: dict[str, Any] = {
        "eliminated": [
            {
                "player": game.players[s.player],
                "strategy": game.strategies[s.player][s.dominated],
                "dominated_by": game.strategies[s.player][s.dominating],
            }
            for s in steps
        ],
        "surviving": [[game.strategies[i][k] for k in r] for i, r in enumerate(surviving)],
    }
    if all(len(r) == 1 for r in surviving):
        answer["equilibria"] = _equilibria_answer(
            [Equilibrium.from_pure(game, tuple(r[0] for r in surviving))]
        )["equilibria"]
    return Exercise(
        kind="dominance",
        level=level,
        question=(
            "Eliminate strictly dominated strategies (dominated by another pure strategy), "
            "one at a time, until none is left. Which strategies survive, and which strategy "
            "dominates each one you remove?"
        ),
        game=game,
        answer=answer,
        checks=tuple(checks),
    )


def _compare_with_dominance_module(game: Game, surviving: Sequence[Sequence[int]]) -> list[str]:
    """Cross-check with :mod:`stability.analysis.dominance`, which also eliminates
    strategies dominated by mixtures: its survivors must be among ours (iterated
    strict elimination does not depend on the order)."""
    from stability.analysis.dominance import eliminate

    theirs = eliminate(game).surviving
    _require(
        all(set(t) <= set(o) for t, o in zip(theirs, surviving, strict=True)),
        "the dominance module keeps a strategy that pure dominance removed",
    )
    return ["survivors contain those of stability.analysis.dominance (mixed dominance)"]
