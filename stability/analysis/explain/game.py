"""The whole explanation of a game, with continua of equilibria noted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from stability.analysis.explain.data import MAX_EXPLAINED_PROFILES, Explanation, MixedExplanation
from stability.analysis.explain.mixed import explain_mixed
from stability.analysis.explain.pure import (
    best_responses,
    check_profile,
    iterated_strict_dominance,
    mutual_best_responses,
)
from stability.errors import TooLargeError
from stability.model.game import Game
from stability.solvers.result import Component

# -- the whole explanation -----------------------------------------------------------------


def explain_game(
    game: Game, *, profile: Sequence[int] | None = None, solve_mixed: bool = True
) -> Explanation:
    """The step-by-step explanation of ``game`` (see the module docstring).

    Mixed equilibria are explained for two-player games: every extreme
    equilibrium found by ``solve(game, "all")`` that is not pure.
    """
    if game.n_profiles > MAX_EXPLAINED_PROFILES:
        raise TooLargeError(
            f"game too large to explain step by step: {game.n_profiles:,} pure profiles "
            f"(the limit is {MAX_EXPLAINED_PROFILES:,}); use 'stability solve'"
        )
    responses = best_responses(game)
    steps, surviving = iterated_strict_dominance(game)
    pure = mutual_best_responses(game, responses)
    mixed: list[MixedExplanation] = []
    degenerate: bool | None = None
    components: tuple[Component, ...] = ()
    notes: list[str] = []
    if solve_mixed and game.n_players == 2:
        from stability.solvers import solve

        result = solve(game, "all")
        degenerate = result.degenerate
        components = result.components
        for equilibrium in result.equilibria:
            if not equilibrium.pure and equilibrium.exact is not None:
                explained = explain_mixed(game, equilibrium)
                mixed.append(_with_continuum(explained, components))
        notes.extend(result.notes)
    elif game.n_players > 2:
        notes.append("mixed equilibria are explained for two-player games only")
    return Explanation(
        game=game,
        best_responses=responses,
        dominance=steps,
        surviving=surviving,
        pure_equilibria=pure,
        mixed=tuple(mixed),
        degenerate=degenerate,
        profile=check_profile(game, profile) if profile is not None else None,
        components=tuple(c for c in components if _is_continuum(c)),
        notes=tuple(notes),
    )


def _is_continuum(component: Component) -> bool:
    return len(component.row_strategies) * len(component.column_strategies) > 1


def _with_continuum(mixed: MixedExplanation, components: Sequence[Component]) -> MixedExplanation:
    """``mixed`` with the continuum (if any) that it is an extreme point of.

    A maximal convex set is a product: every mixture of the row vertices with every
    mixture of the column vertices. Holding this equilibrium's strategy of one player,
    the other's probabilities range over the convex hull of its vertices, whose
    projection on each strategy is ``[min, max]`` over the vertices.
    """
    continua = [c for c in components if _is_continuum(c)]
    row, column = mixed.mixtures
    for number, component in enumerate(continua, start=1):
        if row not in component.row_strategies or column not in component.column_strategies:
            continue
        ranges = []
        for player, vertices in enumerate((component.row_strategies, component.column_strategies)):
            if len(vertices) < 2:
                continue
            for strategy in range(len(vertices[0])):
                values = [v[strategy] for v in vertices]
                if min(values) != max(values):
                    ranges.append((player, strategy, min(values), max(values)))
        return replace(mixed, component=number, ranges=tuple(ranges))
    return mixed
