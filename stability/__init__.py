"""stability: a game-theoretic coalition stability analyzer.

The Python API mirrors the command line: every analysis is a function returning
an immutable result whose ``to_dict()`` is the command's ``--json`` document
(see :mod:`stability.api`, loaded on first use so that ``import stability`` stays light):

>>> import stability
>>> game = stability.read_game("prisoners-dilemma")
>>> [e.profile for e in stability.solve(game, method="all")]
[((0.0, 1.0), (0.0, 1.0))]
>>> stability.repeated(game, "Cooperate,Cooperate").to_dict()["exact"]
'1/2'
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from stability.errors import InputError, StabilityError
from stability.model.version import __version__ as __version__

if TYPE_CHECKING:
    from collections.abc import Mapping

    from stability.api import (
        analyze,
        coalitions,
        dominance,
        durability,
        exercise,
        explain,
        explore,
        gmcr,
        path,
        repeated,
        robustness,
        select,
        sensitivity,
        solve,
        states,
        sweep,
        tipping,
    )
    from stability.model.game import Game
    from stability.model.scenario import Scenario
    from stability.solvers.result import Component, Equilibrium, SolveResult

#: The analyses of :mod:`stability.api`, imported on first use (the one list of them).
ANALYSES = (
    "analyze",
    "check",
    "coalitions",
    "dominance",
    "durability",
    "exercise",
    "explain",
    "explore",
    "gmcr",
    "path",
    "repeated",
    "robustness",
    "select",
    "sensitivity",
    "solve",
    "states",
    "sweep",
    "tipping",
)

__all__ = [
    "Component",
    "Equilibrium",
    "Game",
    "InputError",
    "SolveResult",
    "StabilityError",
    "analyze",
    "check",
    "coalitions",
    "dominance",
    "durability",
    "exercise",
    "explain",
    "explore",
    "gmcr",
    "path",
    "read_game",
    "read_scenario",
    "repeated",
    "robustness",
    "select",
    "sensitivity",
    "solve",
    "solve_game",
    "states",
    "sweep",
    "tipping",
]


#: The result types, imported on first use too (they bring numpy).
_TYPES = {
    "Component": "stability.solvers.result",
    "Equilibrium": "stability.solvers.result",
    "Game": "stability.model.game",
    "SolveResult": "stability.solvers.result",
}


def __getattr__(name: str) -> object:
    """The analyses (``stability.analyze`` …), loaded from :mod:`stability.api` on first use,
    and the result types (``stability.Game`` …), loaded from their modules."""
    if name in ANALYSES:
        from stability import api

        return getattr(api, name)
    if name in _TYPES:
        import importlib

        value = getattr(importlib.import_module(_TYPES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'stability' has no attribute {name!r}")


def read_game(
    source: str | Path, *, game: str | None = None, sets: Mapping[str, str] | None = None
) -> Game:
    """A game from a ``.nfg``, ``.json`` or ``.toml`` file, or a bundled name.

    ``game`` selects a scenario's pairwise game (or ``"joint"``, the default);
    ``sets`` overrides scenario parameters (``{"threat": "3/2"}``).
    """
    from stability.io import read_game as _read_game

    return _read_game(source, game=game, sets=sets)


def read_scenario(source: str | Path, *, sets: Mapping[str, str] | None = None) -> Scenario:
    """A scenario from a ``.toml`` file or a bundled name, with ``sets`` applied.

    >>> from stability import read_scenario
    >>> scenario = read_scenario("two-allies", sets={"threat": "3"})
    >>> scenario.title, str(scenario.parameter("threat").value)
    ('Two allies against a common threat', '3')
    """
    from stability.io.scenario import apply_sets, open_scenario

    scenario = open_scenario(source)
    if sets:
        scenario, messages = apply_sets(scenario, sets)
        for message in messages:  # values outside a declared range, as the CLI warns
            warnings.warn(message, UserWarning, stacklevel=2)
    return scenario


def solve_game(
    game: Game, method: str = "auto", *, time_limit: float | None = None
) -> SolveResult:
    """Equilibria of ``game`` with what is known about degeneracy (see ``stability solve``):
    ``equilibria``, ``degenerate``, ``components`` (maximal convex sets) and ``notes``;
    with ``time_limit`` (seconds) the search stops then, and ``complete`` says so.

    >>> from stability import read_game, solve_game
    >>> result = solve_game(read_game("battle-of-the-sexes"), method="all")
    >>> result.degenerate, len(result.equilibria)
    (False, 3)
    >>> mixed = next(e for e in result.equilibria if not e.pure)
    >>> [str(p) for p in mixed.exact[0]], [str(v) for v in mixed.exact_payoffs]
    (['2/3', '1/3'], ['2/3', '2/3'])
    """
    from stability.solvers import solve as _solve

    return _solve(game, method=method, time_limit=time_limit)

