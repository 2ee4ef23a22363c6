"""The ``stability/solve/v1`` document of a solver result: the one implementation that
``stability solve --json``, ``stability.solve(...).to_dict()``, ``analyze`` (its mixed
equilibria and pairwise games) and the exercises' answer keys use.

>>> from stability.io import read_game
>>> from stability.solvers import solve
>>> document = solve_document(solve(read_game("matching-pennies"), method="all"))
>>> document["schema"], document["equilibria"][0]["exact"]
('stability/solve/v1', [['1/2', '1/2'], ['1/2', '1/2']])
"""

from __future__ import annotations

from typing import Any

from stability.model.exact import format_fraction
from stability.model.game import game_header
from stability.solvers.result import Equilibrium, SolveResult

__all__ = ["equilibrium_document", "solve_document"]


def equilibrium_document(equilibrium: Equilibrium) -> dict[str, Any]:
    """One equilibrium as in ``stability/solve/v1``."""
    document: dict[str, Any] = {
        "profile": [list(p) for p in equilibrium.profile],
        "exact": (
            [[format_fraction(p) for p in mixture] for mixture in equilibrium.exact]
            if equilibrium.exact is not None
            else None
        ),
        "payoffs": list(equilibrium.payoffs),
        "pure": equilibrium.pure,
    }
    if equilibrium.exact_payoffs is not None:
        document["exact_payoffs"] = [format_fraction(v) for v in equilibrium.exact_payoffs]
    if equilibrium.exact is None:
        document["regret"] = equilibrium.regret
    if equilibrium.algebraic is not None:
        document["algebraic"] = [
            [
                {
                    "value": number.value,
                    "polynomial": number.polynomial,
                    "interval": [format_fraction(number.low), format_fraction(number.high)],
                }
                for number in mixture
            ]
            for mixture in equilibrium.algebraic
        ]
    return document


def solve_document(result: SolveResult) -> dict[str, Any]:
    """The whole ``stability/solve/v1`` document."""
    document: dict[str, Any] = {
        "schema": "stability/solve/v1",
        "game": game_header(result.game),
        "method": result.method,
        "degenerate": result.degenerate,
        "equilibria": [equilibrium_document(e) for e in result.equilibria],
        "complete": result.complete,
    }
    if result.sets:
        document["sets"] = [
            {
                "support": [
                    [result.game.strategies[i][k] for k in chosen]
                    for i, chosen in enumerate(equilibrium_set.support)
                ],
                "dimension": equilibrium_set.dimension,
                "sample": equilibrium_set.index,
                "members": list(equilibrium_set.members),
                "supports": [
                    [[result.game.strategies[i][k] for k in chosen] for i, chosen in enumerate(s)]
                    for s in equilibrium_set.supports
                ],
            }
            for equilibrium_set in result.sets
        ]
    if result.components:
        document["components"] = [
            {
                "strategies": [
                    [[format_fraction(p) for p in s] for s in component.row_strategies],
                    [[format_fraction(p) for p in s] for s in component.column_strategies],
                ]
            }
            for component in result.components
        ]
    if result.notes:
        document["notes"] = list(result.notes)
    return document
