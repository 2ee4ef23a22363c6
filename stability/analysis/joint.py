"""The joint (coalition) game of a scenario: exact, by name, and vectorised over grids.

- :func:`joint_game`, :func:`pair_game` and :func:`joint_payoff_expressions` are
  built on the model alone, in :mod:`stability.model.joint` (re-exported here, their
  earlier home); :func:`scenario_game` reads a scenario (or takes one), applies
  ``--set`` values and gives the joint game or one named game.
- :class:`CompiledScenario` — every distinct payoff expression lambdified once
  to numpy, evaluated over whole parameter grids: ``payoffs``,
  ``pure_equilibrium_mask``, ``outcome_mask`` and ``outcome_equilibria``.

>>> from stability.io.scenario import read_scenario
>>> scenario = read_scenario("games/two-allies.toml")
>>> joint_game(scenario).payoff(0, (0, 0))
Fraction(2, 1)
>>> import numpy as np
>>> compiled = CompiledScenario(scenario)
>>> holds = compiled.outcome_equilibria({"threat": np.array([1.0, 2.0, 3.0])})["Alliance"]
>>> holds.tolist()
[False, True, True]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from stability.errors import InputError
from stability.io.scenario import apply_sets, read_scenario
from stability.model.game import Game
from stability.model.joint import ParameterValues as ParameterValues
from stability.model.joint import joint_game as joint_game
from stability.model.joint import joint_payoff_expressions as joint_payoff_expressions
from stability.model.joint import named_game
from stability.model.joint import pair_game as pair_game
from stability.model.scenario import BoolArray, Outcome, Scenario

FloatArray = npt.NDArray[np.float64]

#: Relative tolerance for float ties in :meth:`CompiledScenario.pure_equilibrium_mask`:
#: a strategy is a best response when its payoff is within
#: ``RELATIVE_TOLERANCE * max(1, |best|)`` of the best payoff.
RELATIVE_TOLERANCE = 1e-9


def scenario_game(
    path: str | Path | Scenario,
    *,
    game: str | None = None,
    sets: Mapping[str, str] | None = None,
) -> Game:
    """The joint game (``game`` None or ``"joint"``) or one named game of a scenario.

    Parameter values are the defaults with ``sets`` applied (range warnings are
    dropped here; commands that want them call
    :func:`~stability.io.scenario.apply_sets` themselves).

    >>> scenario_game("games/two-allies.toml").describe()
    'Two allies against a common threat: 2 players, 2x2, 4 profiles'
    """
    scenario = path if isinstance(path, Scenario) else read_scenario(path)
    scenario, _ = apply_sets(scenario, sets or {})
    return named_game(scenario, game)


@lru_cache(maxsize=32)
def _lambdified(symbols: tuple[sympy.Symbol, ...], expressions: tuple[sympy.Expr, ...]) -> Any:
    """One numpy function of ``symbols`` for all ``expressions``, compiled once per process.

    The expressions do not depend on the parameters' values, so ``analyze`` and
    ``report`` (robustness, sensitivity, tipping, sweep) and every ``--set`` of a
    scenario share one compilation (about a quarter of a second for Mosul).
    """
    function: Callable[..., Any] = sympy.lambdify(
        symbols, list(expressions), modules="numpy", dummify=True, cse=True
    )
    return function


class CompiledScenario:
    """A scenario's joint payoffs compiled to numpy, for whole parameter grids at once.

    Values are given per parameter as numbers or numpy arrays; arrays broadcast
    against each other (``np.meshgrid`` output, or ``x[:, None]`` and ``y[None, :]``)
    and parameters left out keep the scenario's values. Results put the grid's
    broadcast shape first and the joint profile axes (one per actor) last.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.names = [p.name for p in scenario.parameters]
        symbols = [p.symbol for p in scenario.parameters]
        tables = joint_payoff_expressions(scenario)
        distinct: dict[sympy.Expr, int] = {}
        self.indices: list[npt.NDArray[np.intp]] = []
        for table in tables:
            index = np.empty(table.shape, dtype=np.intp)
            for position, expression in np.ndenumerate(table):
                index[position] = distinct.setdefault(expression, len(distinct))
            self.indices.append(index)
        self.expressions: list[sympy.Expr] = list(distinct)
        # One function for all distinct expressions; dummify guards against
        # parameter names that clash with names in the generated code.
        self._function = _lambdified(tuple(symbols), tuple(self.expressions))

    def _arguments(self, values: Mapping[str, Any]) -> tuple[list[Any], tuple[int, ...]]:
        defaults = self.scenario.values
        unknown = [name for name in values if name not in defaults]
        if unknown:
            raise InputError(
                f"unknown parameter {unknown[0]!r} (expected one of: {', '.join(self.names)})"
            )
        arguments = [
            np.asarray(values[name], dtype=np.float64) if name in values else float(defaults[name])
            for name in self.names
        ]
        shape = np.broadcast_shapes(*(np.shape(a) for a in arguments))
        return arguments, shape

    def _profile_first(self, values: Mapping[str, Any] | None) -> tuple[list[FloatArray], int]:
        """Payoffs with the profile axes first (fast to gather), and the grid's ndim.

        Undefined payoffs (a division by zero) and overflows are NaN or infinite.
        """
        arguments, grid = self._arguments(values or {})
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            results = self._function(*arguments)
            stacked = np.empty((len(self.expressions), *grid), dtype=np.float64)
            for k, result in enumerate(results):
                stacked[k] = result
        return [stacked[index] for index in self.indices], len(grid)

    def _defined(
        self, values: Mapping[str, Any] | None
    ) -> tuple[list[FloatArray], int, BoolArray]:
        """As :meth:`_profile_first`, with the grid points where every payoff is a finite
        number; elsewhere (undefined or overflowing) the payoffs are set to 0 so that no
        comparison of NaNs happens (callers mark those points undefined)."""
        tables, grid_ndim = self._profile_first(values)
        actors = len(self.scenario.actors)
        defined: BoolArray = np.ones(tables[0].shape[actors:], dtype=bool)
        for table in tables:
            finite = np.isfinite(table)
            if not finite.all():
                defined &= finite.all(axis=tuple(range(actors)))
                table[~finite] = 0.0
        return tables, grid_ndim, defined

    def defined_mask(self, values: Mapping[str, Any] | None = None) -> BoolArray:
        """Grid points at which every joint payoff is a finite number (grid shape).

        >>> from stability.io.scenario import parse_scenario
        >>> compiled = CompiledScenario(parse_scenario(
        ...     "[parameters.d]\\nvalue = 1\\nrange = [-1, 1]\\n"
        ...     "[[actors]]\\nname = 'A'\\nstrategies = ['a']\\n"
        ...     "[[actors]]\\nname = 'B'\\nstrategies = ['b']\\n"
        ...     "[[games]]\\nname = 'g'\\nplayers = ['A', 'B']\\n"
        ...     "[[games.layers]]\\nname = 'L'\\npayoffs = [[['1/d', 0]]]\\n"))
        >>> compiled.defined_mask({"d": np.array([-1.0, 0.0, 1.0])}).tolist()
        [True, False, True]
        """
        return self._defined(values)[2]

    def payoffs(self, values: Mapping[str, Any] | None = None) -> list[FloatArray]:
        """One float array per actor, of shape ``grid + scenario.shape``."""
        tables, grid_ndim = self._profile_first(values)
        return [self._grid_first(table, grid_ndim) for table in tables]

    def profile_first_payoffs(self, values: Mapping[str, Any] | None = None) -> list[FloatArray]:
        """As :meth:`payoffs` with the profile axes first and the grid's last: shape
        ``scenario.shape + grid``, fresh arrays (for reductions over profiles)."""
        return self._profile_first(values)[0]

    def _grid_first(self, array: npt.NDArray[Any], grid_ndim: int) -> npt.NDArray[Any]:
        actors = len(self.scenario.actors)
        return np.moveaxis(array, tuple(range(actors)), tuple(range(grid_ndim, grid_ndim + actors)))

    def pure_equilibrium_mask(self, values: Mapping[str, Any] | None = None) -> BoolArray:
        """Which joint profiles are pure Nash equilibria, at every grid point at once.

        Shape ``grid + scenario.shape``. A strategy counts as a best response when
        its payoff is within :data:`RELATIVE_TOLERANCE` (relative, at least
        absolute for payoffs below 1) of the best, so float ties and weak
        equilibria are included.
        """
        return self._pure_mask(*self._defined(values))

    def _pure_mask(self, tables: list[FloatArray], grid_ndim: int, defined: BoolArray) -> BoolArray:
        mask: BoolArray = np.broadcast_to(defined, tables[0].shape).copy()
        for actor, table in enumerate(tables):
            best = table.max(axis=actor, keepdims=True)
            tolerance = RELATIVE_TOLERANCE * np.maximum(1.0, np.abs(best))
            with np.errstate(over="ignore", invalid="ignore"):
                mask &= table >= best - tolerance
        return self._grid_first(mask, grid_ndim)

    def strict_equilibrium_mask(self, values: Mapping[str, Any] | None = None) -> BoolArray:
        """Which joint profiles are strict pure equilibria (every deviation loses more
        than the tolerance), at every grid point; shape ``grid + scenario.shape``."""
        tables, grid_ndim, defined = self._defined(values)
        mask = np.broadcast_to(defined, tables[0].shape).copy()
        for actor, table in enumerate(tables):
            best = table.max(axis=actor, keepdims=True)
            tolerance = RELATIVE_TOLERANCE * np.maximum(1.0, np.abs(best))
            with np.errstate(over="ignore", invalid="ignore"):
                responds = table >= best - tolerance
            mask &= responds & (responds.sum(axis=actor, keepdims=True) == 1)
        return self._grid_first(mask, grid_ndim)

    def outcome_mask(self, outcome: str | Outcome) -> BoolArray:
        """Which joint profiles belong to ``outcome`` (bool array of ``scenario.shape``)."""
        try:
            return self.scenario.outcome_mask(outcome)
        except KeyError:
            names = ", ".join(o.name for o in self.scenario.outcomes) or "none declared"
            raise InputError(f"no outcome {outcome!r} (expected one of: {names})") from None

    def outcome_equilibria(
        self, values: Mapping[str, Any] | None = None, *, strict: bool = False
    ) -> dict[str, BoolArray]:
        """For each outcome, where some profile of it is a pure equilibrium (grid shape).

        At grid points where a payoff is undefined (see :meth:`defined_mask`) no
        outcome is an equilibrium; :meth:`outcomes_and_defined` says which they are.
        """
        return self.outcomes_and_defined(values, strict=strict)[0]

    def outcomes_and_defined(
        self, values: Mapping[str, Any] | None = None, *, strict: bool = False
    ) -> tuple[dict[str, BoolArray], BoolArray]:
        """:meth:`outcome_equilibria` and :meth:`defined_mask` from one evaluation."""
        if strict:
            mask = self.strict_equilibrium_mask(values)
            defined = self.defined_mask(values)
        else:
            tables, grid_ndim, defined = self._defined(values)
            mask = self._pure_mask(tables, grid_ndim, defined)
        profile_axes = tuple(range(mask.ndim - len(self.scenario.actors), mask.ndim))
        found = {
            outcome.name: np.asarray(
                (mask & self.scenario.outcome_mask(outcome)).any(axis=profile_axes), dtype=bool
            )
            for outcome in self.scenario.outcomes
        }
        return found, defined
