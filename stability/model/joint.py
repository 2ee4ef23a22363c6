"""Exact games from a scenario: the joint (coalition) game and each named game.

Each actor's payoff at a joint profile is the sum, over the games it plays, of
its payoff in that game (a polymatrix game, plus any N-actor games); each game's
payoff is the sum of its layers' ``weight * payoffs``.

- :func:`joint_payoff_expressions` — the symbolic joint payoffs, one object array
  of sympy expressions per actor, indexed by joint profile.
- :func:`joint_game` / :func:`pair_game` — exact :class:`~stability.model.game.Game`
  objects at given parameter values (defaults otherwise); :func:`named_game` picks
  one of them as ``--game`` does.

These compute on the model only (no reading, no analysis), so that both
``stability.io.read_game`` and the analyses can build on them; they are
re-exported from :mod:`stability.analysis.joint`, their earlier home.

>>> from stability.io.scenario import read_scenario
>>> scenario = read_scenario("games/two-allies.toml")
>>> joint_game(scenario).payoff(0, (0, 0))
Fraction(2, 1)
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from stability.errors import InputError
from stability.model.game import Game
from stability.model.scenario import ExprArray, Scenario
from stability.model.symbolic import exact_value

ParameterValues = Mapping[str, Fraction | int | str]


def _expand_to_joint(scenario: Scenario, players: tuple[str, ...], table: ExprArray) -> ExprArray:
    """A game's table (axes in ``players`` order) as an array broadcastable to the joint shape."""
    positions = [scenario.actor_index(p) for p in players]
    order = np.argsort(positions)
    moved = np.transpose(table, order)  # axes now in joint (actor) order
    shape = [1] * len(scenario.actors)
    for axis, position in enumerate(sorted(positions)):
        shape[position] = moved.shape[axis]
    return moved.reshape(shape)


@lru_cache(maxsize=64)
def _joint_expressions(scenario: Scenario) -> tuple[ExprArray, ...]:
    shape = scenario.shape
    totals: list[ExprArray] = []
    for actor in scenario.actors:
        total = np.empty(shape, dtype=object)
        total.fill(sympy.Integer(0))
        for game in scenario.games:
            if actor.name not in game.players:
                continue
            seat = game.players.index(actor.name)
            table = game.expressions()[..., seat]
            total = total + _expand_to_joint(scenario, game.players, table)
        total = np.broadcast_to(total, shape).copy()
        total.flags.writeable = False
        totals.append(total)
    return tuple(totals)


def joint_payoff_expressions(scenario: Scenario) -> list[ExprArray]:
    """The symbolic joint payoffs: one read-only object array per actor, of shape
    ``scenario.shape``, holding sympy expressions over the parameters.

    >>> from stability.io.scenario import read_scenario
    >>> joint_payoff_expressions(read_scenario("games/two-allies.toml"))[0][0, 0]
    -dispute + threat
    """
    return list(_joint_expressions(scenario))


def _substitution(scenario: Scenario, values: ParameterValues | None) -> dict[Any, Any]:
    exact: dict[str, Fraction] = {}
    for name, value in (values or {}).items():
        try:
            scenario.parameter(name)
        except KeyError:
            names = ", ".join(p.name for p in scenario.parameters) or "none"
            raise InputError(f"unknown parameter {name!r} (expected one of: {names})") from None
        exact[name] = Fraction(value)
    return scenario.substitution(exact)


def _evaluate(
    tables: list[ExprArray], substitution: dict[Any, Any], players: tuple[str, ...]
) -> list[npt.NDArray[Any]]:
    cache: dict[sympy.Expr, Fraction] = {}
    evaluated = []
    for player, table in zip(players, tables, strict=True):
        out = np.empty(table.shape, dtype=object)
        for index, expression in np.ndenumerate(table):
            value = cache.get(expression)
            if value is None:
                try:
                    value = exact_value(expression, substitution)
                except InputError as err:
                    raise InputError(
                        f"payoff of {player!r} at profile {list(index)} is undefined at these "
                        f"parameter values: {expression}"
                    ) from err
                cache[expression] = value
            out[index] = value
        evaluated.append(out)
    return evaluated


def joint_game(scenario: Scenario, values: ParameterValues | None = None) -> Game:
    """The joint game, exactly, at the scenario's values updated by ``values``.

    Players are the actors (in file order) with their strategies; the title is
    the scenario's.
    """
    tables = joint_payoff_expressions(scenario)
    players = tuple(a.name for a in scenario.actors)
    payoffs = _evaluate(tables, _substitution(scenario, values), players)
    return Game.from_payoffs(
        payoffs,
        players=players,
        strategies=[a.strategies for a in scenario.actors],
        title=scenario.title,
    )


def pair_game(scenario: Scenario, name: str, values: ParameterValues | None = None) -> Game:
    """The scenario's game called ``name`` (pairwise or N-actor), exactly.

    >>> from stability.io.scenario import read_scenario
    >>> pair_game(read_scenario("games/two-allies.toml"), "Alpha-Beta").players
    ('Alpha', 'Beta')
    """
    try:
        game = scenario.game(name)
    except KeyError:
        names = ", ".join(g.name for g in scenario.games)
        raise InputError(f"no game {name!r} in this scenario (expected one of: {names})") from None
    expressions = game.expressions()
    tables = [expressions[..., seat] for seat in range(len(game.players))]
    payoffs = _evaluate(tables, _substitution(scenario, values), game.players)
    return Game.from_payoffs(
        payoffs,
        players=game.players,
        strategies=[scenario.actor(p).strategies for p in game.players],
        title=game.name,
    )


def named_game(scenario: Scenario, game: str | None = None) -> Game:
    """The joint game (``game`` None or ``"joint"``) or one named game, at the scenario's values.

    An unknown name is an :class:`InputError` naming ``--game`` and the choices.

    >>> from stability.io.scenario import read_scenario
    >>> named_game(read_scenario("games/two-allies.toml"), "Alpha-Beta").players
    ('Alpha', 'Beta')
    """
    if game is None or game == "joint":
        return joint_game(scenario)
    try:
        scenario.game(game)
    except KeyError:
        names = ", ".join(["joint", *(g.name for g in scenario.games)])
        raise InputError(
            f"no game {game!r} in this scenario (expected one of: {names})",
            source=str(scenario.path) if scenario.path else None,
            item="--game",
        ) from None
    return pair_game(scenario, game)
