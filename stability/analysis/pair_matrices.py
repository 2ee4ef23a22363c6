"""A scenario game's layers as payoff matrices: symbolic and at the current values.

For each game of a scenario (usually a pair of actors) this gives every layer's
table with its weight multiplied in, as sympy expressions turned to text (such as
``threat/4``), and the same table evaluated exactly at the scenario's current
parameter values; plus the game's total (the sum of its layers). ``analyze``
shows them as matrices (:mod:`stability.present.pair_matrices`) and puts them in
its JSON under ``games[].layers[].payoffs`` and ``games[].payoffs``.

>>> from stability.io.scenario import read_scenario
>>> allies = read_scenario("games/two-allies.toml")
>>> matrices = game_matrices(allies, allies.games[0])
>>> matrices.total.expressions[0][0]
('threat - dispute', 'threat - dispute')
>>> matrices.total.values[0][0]
(Fraction(2, 1), Fraction(2, 1))
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from stability.io.expressions import exact_value
from stability.model.scenario import ExprArray, Scenario, ScenarioGame
from stability.model.symbolic import as_sympy

#: A payoff table as nested tuples: ``cells[s1][s2]...[sN]`` is one entry per player.
Cells = Any


@dataclass(frozen=True)
class PayoffMatrix:
    """One table of a game: ``expressions`` (text) and ``values`` (exact) per cell.

    Both are nested tuples indexed like the scenario's payoff tables:
    ``expressions[r][c] == ("threat/4", "threat/4")`` for two players.
    """

    name: str
    weight: str
    expressions: Cells
    values: Cells

    def cell(self, profile: tuple[int, ...]) -> tuple[tuple[str, ...], tuple[Fraction, ...]]:
        """The expressions and values at one profile of the game."""
        expressions: Any = self.expressions
        values: Any = self.values
        for index in profile:
            expressions = expressions[index]
            values = values[index]
        return tuple(expressions), tuple(values)


@dataclass(frozen=True)
class GameMatrices:
    """A game's layer matrices and their total, with the players' strategy names."""

    name: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    layers: tuple[PayoffMatrix, ...]
    total: PayoffMatrix

    @property
    def profiles(self) -> list[tuple[int, ...]]:
        """Every profile of the game, in row-major order."""
        return list(itertools.product(*(range(len(s)) for s in self.strategies)))


def expression_text(expression: sympy.Expr) -> str:
    """A payoff expression as text, gains before costs: ``threat/4 - w_assad``.

    >>> a, t = sympy.symbols("a_cost threat")
    >>> expression_text(t / 4 - a - sympy.Rational(1, 2))
    'threat/4 - a_cost - 1/2'
    >>> expression_text(sympy.Integer(0)), expression_text(-t / 2)
    ('0', '-threat/2')
    """
    expanded = sympy.expand(as_sympy(expression))
    terms = sympy.Add.make_args(expanded)
    if len(terms) == 1:
        return str(expanded)
    gains = [term for term in terms if not term.could_extract_minus_sign() and not term.is_number]
    costs = [term for term in terms if term.could_extract_minus_sign() and not term.is_number]
    numbers = [term for term in terms if term.is_number]
    text = ""
    for term in gains + costs + numbers:
        negative = term.could_extract_minus_sign()
        body = str(-term if negative else term)
        if not text:
            text = f"-{body}" if negative else body
        else:
            text += f" - {body}" if negative else f" + {body}"
    return text




def _nest(array: ExprArray, leaf: Any) -> Any:
    """Nested tuples of ``leaf(cell)`` over all axes but the last."""
    if array.ndim == 1:
        return tuple(leaf(entry) for entry in array)
    return tuple(_nest(sub, leaf) for sub in array)


def _matrix(
    name: str,
    weight: str,
    table: ExprArray,
    substitution: Mapping[sympy.Symbol, sympy.Rational],
) -> PayoffMatrix:
    return PayoffMatrix(
        name=name,
        weight=weight,
        expressions=_nest(table, expression_text),
        values=_nest(table, lambda e: exact_value(as_sympy(e), substitution)),
    )


def game_matrices(scenario: Scenario, game: ScenarioGame) -> GameMatrices:
    """The layers of ``game`` and its total as matrices at ``scenario``'s values."""
    substitution = scenario.substitution()
    layers = tuple(
        _matrix(layer.name, expression_text(layer.weight), layer.weighted(), substitution)
        for layer in game.layers
    )
    total = _matrix("Total", "1", game.expressions(), substitution)
    return GameMatrices(
        name=game.name,
        players=game.players,
        strategies=tuple(scenario.actor(p).strategies for p in game.players),
        layers=layers,
        total=total,
    )
