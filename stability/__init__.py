"""stability: a game-theoretic coalition stability analyzer.

The Python API mirrors the command line:

>>> import stability
>>> game = stability.read_game("prisoners-dilemma")
>>> [e.profile for e in stability.solve(game, method="all")]
[((0.0, 1.0), (0.0, 1.0))]
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from stability.errors import InputError, StabilityError
from stability.model.game import Game
from stability.solvers.result import Component, Equilibrium, SolveResult

if TYPE_CHECKING:
    from collections.abc import Mapping

    from stability.model.scenario import Scenario

__version__ = "0.1.0"

__all__ = [
    "Component",
    "Equilibrium",
    "Game",
    "InputError",
    "SolveResult",
    "StabilityError",
    "read_game",
    "read_scenario",
    "solve",
    "solve_game",
]


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
    """Equilibria of ``game`` with what is known about degeneracy (see ``stability solve``);
    with ``time_limit`` (seconds) the search stops then, and ``complete`` says so."""
    from stability.solvers import solve as _solve

    return _solve(game, method=method, time_limit=time_limit)


def solve(
    game: Game, method: str = "auto", *, time_limit: float | None = None
) -> list[Equilibrium]:
    """The equilibria of ``game`` found by ``method`` (``auto``, ``pure``, ``all``,
    ``enumerate``, …)."""
    return list(solve_game(game, method, time_limit=time_limit).equilibria)
