"""Scenario games: the equilibrium conditions as inequalities in the parameters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any

import sympy as sp

from stability.analysis.explain.data import Condition, Explanation, SymbolicProfile
from stability.analysis.explain.game import explain_game
from stability.analysis.explain.mixed import _rational
from stability.model.game import Game
from stability.model.symbolic import as_sympy

# -- scenario games: conditions in the parameters -----------------------------------------------


def symbolic_conditions(
    game: Game,
    expressions: Sequence[Any],
    values: dict[str, Fraction],
) -> tuple[SymbolicProfile, ...]:
    """For each pure profile, the conditions in the parameters for it to be an equilibrium.

    ``expressions[i]`` is an object array (shaped like the game) of sympy
    expressions: player ``i``'s payoff in terms of the parameters; ``values`` the
    parameters' current values, used to say whether each condition holds now.

    >>> import numpy as np, sympy as sp
    >>> from stability.model.game import Game
    >>> v, t = sp.symbols("v t")
    >>> row = np.array([[v, 0], [2 * t, 1]], dtype=object)
    >>> column = np.array([[1, 0], [0, 1]], dtype=object)
    >>> game = Game.from_payoffs([[[3, 0], [2, 1]], [[1, 0], [0, 1]]])
    >>> conditions = symbolic_conditions(game, [row, column], {"v": Fraction(3), "t": Fraction(1)})
    >>> [str(c.difference) for c in conditions[0].conditions]
    ['-2*t + v', '1']
    """
    substitution = {sp.Symbol(name): _rational(value) for name, value in values.items()}
    out = []
    for profile in game.profiles():
        profile = tuple(int(s) for s in profile)
        conditions = []
        for player in range(game.n_players):
            here = as_sympy(expressions[player][profile])
            for alternative in range(game.shape[player]):
                if alternative == profile[player]:
                    continue
                moved = list(profile)
                moved[player] = alternative
                there = as_sympy(expressions[player][tuple(moved)])
                difference = sp.expand(here - there)
                current = as_sympy(difference).subs(substitution)
                conditions.append(
                    Condition(
                        player=player,
                        strategy=profile[player],
                        alternative=alternative,
                        difference=difference,
                        holds=bool(current >= 0),
                    )
                )
        out.append(
            SymbolicProfile(
                profile=profile,
                payoffs=tuple(as_sympy(expressions[i][profile]) for i in range(game.n_players)),
                conditions=tuple(conditions),
            )
        )
    return tuple(out)


def explain_scenario_game(
    scenario: Any,
    name: str | None = None,
    *,
    profile: Sequence[int] | None = None,
) -> Explanation:
    """The explanation of one game of a scenario (``name``; the joint game when ``None``),
    with each pure profile's equilibrium conditions written in the scenario's parameters.

    ``scenario`` is a :class:`~stability.model.scenario.Scenario` with its parameter
    values already set; mixed equilibria are explained at those values.

    >>> from stability.io.scenario import read_scenario
    >>> explanation = explain_scenario_game(read_scenario("games/two-allies.toml"))
    >>> [p.is_equilibrium for p in explanation.symbolic] == [
    ...     p in explanation.pure_equilibria for p in explanation.game.profiles()]
    True
    """
    from stability.analysis.joint import joint_game, joint_payoff_expressions, pair_game

    if name is None or name == "joint":
        game = joint_game(scenario)
        expressions: list[Any] = list(joint_payoff_expressions(scenario))
    else:
        game = pair_game(scenario, name)
        table = scenario.game(name).expressions()
        expressions = [table[..., i] for i in range(game.n_players)]
    explanation = explain_game(game, profile=profile)
    values = dict(scenario.values)
    return replace(
        explanation,
        components=(),
        symbolic=symbolic_conditions(game, expressions, values),
        parameters=values,
    )
