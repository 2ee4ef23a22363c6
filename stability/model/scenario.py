"""Coalition scenarios: actors, parameters, games as weighted issue layers, outcomes.

API summary (everything is immutable; payoffs are sympy expressions over the
parameters' symbols, ``sympy.Symbol(name)`` with no assumptions):

- :class:`Parameter` ``(name, value: Fraction, range: (lo, hi), doc)``; ``.symbol``.
- :class:`Actor` ``(name, label, strategies, doc)``.
- :class:`Layer` ``(name, weight, payoffs, doc)``: ``payoffs`` is a read-only object
  array of shape ``game shape + (n_players,)``; ``payoffs[s1, ..., sN]`` holds the
  N expressions (one per player of the game) at that profile.
- :class:`ScenarioGame` ``(name, players, layers, doc)``: any number >= 2 of actors;
  ``.expressions()`` is ``sum(weight * layer.payoffs)``, same shape as a layer's.
- :class:`PartialProfile`: a hashable ``Mapping[actor, strategy]``; actors left out
  match any strategy.
- :class:`Outcome` ``(name, profiles: tuple[PartialProfile, ...], doc)``.
- :class:`Relation` ``(actors: (A, B), cooperate, conflict, doc)``: which partial
  profiles of A and B count as cooperation or as conflict (coalition graph).
- :class:`Dynamics` ``(threat, rate, model)``: how the common threat decays (the old
  ``[dynamics]`` section); ``.threat_expression(t)``, ``.timeline()``.
- :data:`TIME`: the symbol ``t`` of timeline expressions (a reserved name).
- :class:`Timeline` ``(unit, horizon, parameters, end, play)``: each time-varying
  parameter as an expression in :data:`TIME` and the parameters (and the play
  state of :class:`TimelinePlay`, whose rate depends on the outcome played;
  ``Timeline.follows_play``);
  :class:`TimelineEnd` ``(when, falls_to, label)``: the campaign ends at the first
  ``t`` where ``when(t) <= falls_to(t)``.
- :class:`Prior` ``(dist, mode, mean, sd, shape)``: a parameter's distribution over
  its range (``Parameter.prior``; ``None`` means uniform), from
  :mod:`stability.model.priors` (re-exported here).
- :class:`Scenario` ``(title, description, source, parameters, actors, games,
  outcomes, relations, coalition_outcome, threat_parameter, dynamics, timeline,
  path)`` with
  look-ups ``parameter(name)``, ``actor(name)``, ``actor_index(name)``,
  ``game(name)``, ``outcome(name)``, ``relation(a, b)``; ``values`` (defaults as
  Fractions), ``symbols``, ``substitution(values)``, ``with_values(values)``;
  ``shape`` (of the joint game), ``outcome_mask(name)`` (bool array over joint
  profiles), ``outcomes_of(profile)`` (names of the outcomes a joint profile
  belongs to), ``profile_names(profile)``; over time ``time_substitution()``
  (each parameter as an expression in ``t``), ``at_time(t)`` (the scenario at one
  point of its timeline) and ``end_expressions()``.

Loading and validation live in :mod:`stability.io.scenario` (``read_scenario``,
``parse_scenario``, ``apply_sets``); the joint game and pairwise games in
:mod:`stability.model.joint` (``joint_game``, ``pair_game``,
``joint_payoff_expressions``); the vectorised evaluator in
:mod:`stability.analysis.joint` (``CompiledScenario``, ``scenario_game``).

>>> from fractions import Fraction
>>> threat = Parameter("threat", Fraction(3), (Fraction(0), Fraction(10)), "Common enemy.")
>>> threat.symbol, threat.value
(threat, Fraction(3, 1))
>>> PartialProfile({"Alpha": "Cooperate"})
PartialProfile({'Alpha': 'Cooperate'})
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import sympy

from stability.model.priors import DISTRIBUTIONS as DISTRIBUTIONS
from stability.model.priors import Distribution as Distribution
from stability.model.priors import Prior as Prior
from stability.model.timeline import DYNAMICS_HORIZON as DYNAMICS_HORIZON
from stability.model.timeline import TIME as TIME
from stability.model.timeline import Dynamics as Dynamics
from stability.model.timeline import ExpressionMap as ExpressionMap
from stability.model.timeline import Timeline as Timeline
from stability.model.timeline import TimelineEnd as TimelineEnd
from stability.model.timeline import TimelinePlay as TimelinePlay

ExprArray = npt.NDArray[Any]  # object array of sympy.Expr
BoolArray = npt.NDArray[np.bool_]


class PartialProfile(Mapping[str, str]):
    """A hashable mapping from some actors to one strategy each.

    >>> p = PartialProfile({"Beta": "Defect", "Alpha": "Cooperate"})
    >>> dict(p), p == {"Alpha": "Cooperate", "Beta": "Defect"}, len({p, p})
    ({'Beta': 'Defect', 'Alpha': 'Cooperate'}, True, 1)
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | Sequence[tuple[str, str]] = ()) -> None:
        pairs = tuple(items.items()) if isinstance(items, Mapping) else tuple(items)
        self._items: tuple[tuple[str, str], ...] = pairs

    def __getitem__(self, actor: str) -> str:
        for name, strategy in self._items:
            if name == actor:
                return strategy
        raise KeyError(actor)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items))

    def __repr__(self) -> str:
        return f"PartialProfile({dict(self._items)!r})"


@dataclass(frozen=True)
class Parameter:
    """A named quantity with a default value, a plausible range and its meaning.

    ``prior`` is its distribution over the range (``None``: uniform); ``lever``
    (optional) names in policy terms who moves it ("the U.S. sidelining the
    militias").
    """

    name: str
    value: Fraction
    range: tuple[Fraction, Fraction]
    doc: str = ""
    prior: Prior | None = None
    lever: str | None = None

    @property
    def symbol(self) -> sympy.Symbol:
        """The sympy symbol standing for this parameter in payoff expressions."""
        return sympy.Symbol(self.name)

    def in_range(self, value: Fraction) -> bool:
        """True when ``value`` lies within the declared range (ends included)."""
        low, high = self.range
        return low <= value <= high


@dataclass(frozen=True)
class Actor:
    """A party to the scenario with the strategies it uses in every game it plays."""

    name: str
    label: str
    strategies: tuple[str, ...]
    doc: str = ""

    def strategy_index(self, strategy: str) -> int:
        """The index of a strategy of this actor (``KeyError`` when it has none such)."""
        try:
            return self.strategies.index(strategy)
        except ValueError:
            raise KeyError(strategy) from None


def _freeze(array: ExprArray) -> ExprArray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class Layer:
    """One issue of a game: a weight times a table of payoff expressions.

    ``payoffs`` has shape ``game shape + (n_players,)``.
    """

    name: str
    weight: sympy.Expr
    payoffs: ExprArray = field(repr=False)
    doc: str = ""

    def __post_init__(self) -> None:
        _freeze(self.payoffs)

    def weighted(self) -> ExprArray:
        """``weight * payoffs`` (a new object array of the same shape)."""
        out: ExprArray = self.payoffs * self.weight
        return out

    def _key(self) -> tuple[Any, ...]:
        return (self.name, self.weight, self.payoffs.shape, tuple(self.payoffs.ravel()), self.doc)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Layer):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


@dataclass(frozen=True)
class ScenarioGame:
    """A game among two or more actors whose payoffs are the sum of weighted layers."""

    name: str
    players: tuple[str, ...]
    layers: tuple[Layer, ...]
    doc: str = ""

    @property
    def shape(self) -> tuple[int, ...]:
        """Strategies per player (the layer tables without their last axis)."""
        return tuple(self.layers[0].payoffs.shape[:-1])

    def expressions(self) -> ExprArray:
        """The game's payoff expressions: ``sum(weight * payoffs)`` over its layers."""
        total: ExprArray = self.layers[0].weighted()
        for layer in self.layers[1:]:
            total = total + layer.weighted()
        return total


@dataclass(frozen=True)
class Outcome:
    """A named set of joint profiles, each given as a partial profile."""

    name: str
    profiles: tuple[PartialProfile, ...]
    doc: str = ""


@dataclass(frozen=True)
class Relation:
    """Which strategy pairs of two actors count as cooperation and which as conflict."""

    actors: tuple[str, str]
    cooperate: tuple[PartialProfile, ...] = ()
    conflict: tuple[PartialProfile, ...] = ()
    doc: str = ""

    def kind(self, profile: Mapping[str, str]) -> Literal["cooperate", "conflict"] | None:
        """``"cooperate"``, ``"conflict"`` or ``None`` for a (joint) profile by names."""
        for kind, partials in (("cooperate", self.cooperate), ("conflict", self.conflict)):
            for partial in partials:
                if all(profile.get(a) == s for a, s in partial.items()):
                    return "cooperate" if kind == "cooperate" else "conflict"
        return None


def _matches(partial: Mapping[str, str], profile: Mapping[str, str]) -> bool:
    return all(profile.get(actor) == strategy for actor, strategy in partial.items())


@dataclass(frozen=True)
class Scenario:
    """A whole coalition scenario, validated (see :mod:`stability.io.scenario`)."""

    title: str
    description: str
    source: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    actors: tuple[Actor, ...]
    games: tuple[ScenarioGame, ...]
    outcomes: tuple[Outcome, ...] = ()
    relations: tuple[Relation, ...] = ()
    coalition_outcome: str | None = None
    threat_parameter: str | None = None
    dynamics: Dynamics | None = None
    timeline: Timeline | None = None
    path: Path | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        from stability.model.display import scenario_repr

        return scenario_repr(self)

    def _repr_html_(self) -> str:
        from stability.model.display import scenario_html

        return scenario_html(self)

    # -- look-ups --------------------------------------------------------------------

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name`` (``KeyError`` when there is none)."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)

    def actor(self, name: str) -> Actor:
        """The actor called ``name`` (``KeyError`` when there is none)."""
        return self.actors[self.actor_index(name)]

    def actor_index(self, name: str) -> int:
        """The position of an actor in the joint game."""
        for index, actor in enumerate(self.actors):
            if actor.name == name:
                return index
        raise KeyError(name)

    def game(self, name: str) -> ScenarioGame:
        """The game called ``name`` (``KeyError`` when there is none)."""
        for game in self.games:
            if game.name == name:
                return game
        raise KeyError(name)

    def outcome(self, name: str) -> Outcome:
        """The outcome called ``name`` (``KeyError`` when there is none)."""
        for outcome in self.outcomes:
            if outcome.name == name:
                return outcome
        raise KeyError(name)

    def relation(self, first: str, second: str) -> Relation | None:
        """The relation declared between two actors (in either order), if any."""
        for relation in self.relations:
            if set(relation.actors) == {first, second}:
                return relation
        return None

    # -- parameters ------------------------------------------------------------------

    @property
    def values(self) -> dict[str, Fraction]:
        """Each parameter's current value, by name."""
        return {p.name: p.value for p in self.parameters}

    @property
    def symbols(self) -> dict[str, sympy.Symbol]:
        """Each parameter's sympy symbol, by name."""
        return {p.name: p.symbol for p in self.parameters}

    def substitution(
        self, values: Mapping[str, Fraction | int] | None = None
    ) -> dict[sympy.Symbol, sympy.Rational]:
        """``{symbol: Rational}`` for every parameter: current values, then ``values``."""
        merged: dict[str, Fraction | int] = dict(self.values)
        for name, value in (values or {}).items():
            self.parameter(name)
            merged[name] = value
        return {
            sympy.Symbol(name): sympy.Rational(Fraction(v).numerator, Fraction(v).denominator)
            for name, v in merged.items()
        }

    def with_values(self, values: Mapping[str, Fraction | int]) -> Scenario:
        """The same scenario with some parameters at other values (ranges unchanged).

        Raises ``KeyError`` for a name that is not a parameter.
        """
        for name in values:
            self.parameter(name)
        parameters = tuple(
            replace(p, value=Fraction(values[p.name])) if p.name in values else p
            for p in self.parameters
        )
        return replace(self, parameters=parameters)

    # -- time ------------------------------------------------------------------------

    def time_substitution(
        self,
        values: Mapping[str, Fraction | int] | None = None,
        state: sympy.Expr | None = None,
    ) -> dict[sympy.Symbol, sympy.Expr]:
        """Each parameter's symbol mapped to its value as an expression in :data:`TIME`.

        Parameters that the timeline does not list map to their (rational) values;
        time-varying ones to their timeline expressions with every parameter at its
        scenario value (updated by ``values``). Without a timeline every value is
        constant. When the timeline follows play (``[timeline.play]``), its state is
        ``state`` (an expression in :data:`TIME`), by default the state as if the
        coalition outcome were played throughout; ``stability durability`` follows
        the path actually played instead.

        >>> from stability.io.scenario import read_scenario
        >>> scenario = read_scenario("games/two-allies.toml")
        >>> scenario.time_substitution()[sympy.Symbol("threat")]
        Max(0, 3 - t/2)
        """
        constants = self.substitution(values)
        result: dict[sympy.Symbol, sympy.Expr] = dict(constants)
        if self.timeline is not None:
            state = self._state_substitution(constants, state)
            for name, expression in self.timeline.parameters.items():
                result[sympy.Symbol(name)] = expression.xreplace(constants).xreplace(state)
        return result

    def coalition_rate(
        self, constants: Mapping[sympy.Symbol, sympy.Expr] | None = None
    ) -> sympy.Expr:
        """The play state's rate while the coalition outcome is played (the default
        rate without a coalition outcome); 0 without ``[timeline.play]``."""
        if self.timeline is None or self.timeline.play is None:
            return sympy.Integer(0)
        play = self.timeline.play
        outcomes = [self.coalition_outcome] if self.coalition_outcome else []
        rate = play.rate_for(outcomes)
        return rate.xreplace(dict(constants)) if constants is not None else rate

    def _state_substitution(
        self, constants: Mapping[sympy.Symbol, sympy.Expr], state: sympy.Expr | None
    ) -> dict[sympy.Symbol, sympy.Expr]:
        """``{state symbol: value}``: ``state`` when given, else the state as if the
        coalition outcome were played from ``t = 0`` (its rate times ``t``)."""
        if self.timeline is None or self.timeline.play is None:
            return {}
        if state is None:
            state = self.coalition_rate(constants) * TIME
        return {self.timeline.play.symbol: state}

    def end_expressions(
        self,
        values: Mapping[str, Fraction | int] | None = None,
        state: sympy.Expr | None = None,
    ) -> tuple[sympy.Expr, sympy.Expr] | None:
        """``(when(t), falls_to(t))`` as expressions in :data:`TIME` only, or ``None``
        when the scenario has no timeline end condition."""
        if self.timeline is None or self.timeline.end is None:
            return None
        substitution = self.time_substitution(values, state)
        end = self.timeline.end
        constants = self.substitution(values)
        extra = self._state_substitution(constants, state)
        return (
            end.when.xreplace(substitution).xreplace(extra),
            end.falls_to.xreplace(substitution).xreplace(extra),
        )

    def at_time(
        self,
        t: Fraction | int | sympy.Rational,
        *,
        exact: bool = True,
        state: Fraction | int | sympy.Rational | None = None,
    ) -> Scenario:
        """The scenario at time ``t`` of its timeline: every time-varying parameter's
        value replaced by its value at ``t`` (ranges unchanged).

        A value that is not rational at ``t`` (an exponential decay at a fractional
        time, say) raises :class:`~stability.errors.InputError`, unless ``exact`` is
        false: it is then the nearest fraction with a denominator up to 10**12.
        Without a timeline the scenario is returned unchanged. When the timeline
        follows play, ``state`` is the play state's value at ``t`` (default: as if
        the coalition outcome were played from 0).

        >>> from stability.io.scenario import read_scenario
        >>> scenario = read_scenario("games/two-allies.toml")
        >>> scenario.at_time(Fraction(3, 2)).values["threat"]
        Fraction(9, 4)
        """
        if self.timeline is None or not self.timeline.parameters:
            return self
        from stability.errors import InputError

        time = t if isinstance(t, sympy.Rational) else sympy.Rational(
            Fraction(t).numerator, Fraction(t).denominator
        )
        constants = self.substitution()
        at_state = self._state_substitution(
            constants,
            None if state is None else sympy.Rational(Fraction(state).numerator,
                                                      Fraction(state).denominator),
        )
        values: dict[str, Fraction] = {}
        for name, expression in self.timeline.parameters.items():
            result = expression.xreplace(constants).xreplace(at_state).xreplace({TIME: time})
            if not isinstance(result, sympy.Rational):
                result = sympy.simplify(result)
            if isinstance(result, sympy.Rational):
                values[name] = Fraction(int(result.p), int(result.q))
                continue
            if exact or not (result.is_real and result.is_finite):
                raise InputError(
                    f"{name} at t = {time} is {result}, not a rational number",
                    item=f"timeline.parameters.{name}",
                )
            approximate = Fraction(str(sympy.N(result, 40))).limit_denominator(10**12)
            values[name] = approximate
        return self.with_values(values)

    # -- joint profiles ----------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        """The joint game's shape: strategies per actor."""
        return tuple(len(actor.strategies) for actor in self.actors)

    @property
    def n_profiles(self) -> int:
        """The number of pure profiles of the joint game."""
        return math.prod(self.shape)

    def profile_names(self, profile: Sequence[int]) -> dict[str, str]:
        """A joint profile by index as ``{actor: strategy}``."""
        return {
            actor.name: actor.strategies[index]
            for actor, index in zip(self.actors, profile, strict=True)
        }

    def outcomes_of(self, profile: Sequence[int] | Mapping[str, str]) -> list[str]:
        """The names of the outcomes a joint profile belongs to, in file order."""
        names = profile if isinstance(profile, Mapping) else self.profile_names(profile)
        return [
            outcome.name
            for outcome in self.outcomes
            if any(_matches(partial, names) for partial in outcome.profiles)
        ]

    def outcome_mask(self, outcome: str | Outcome) -> BoolArray:
        """Which joint profiles belong to ``outcome`` (bool array of :attr:`shape`)."""
        chosen = self.outcome(outcome) if isinstance(outcome, str) else outcome
        mask = np.zeros(self.shape, dtype=bool)
        for partial in chosen.profiles:
            index: list[int | slice] = [slice(None)] * len(self.actors)
            for actor_name, strategy in partial.items():
                position = self.actor_index(actor_name)
                index[position] = self.actors[position].strategy_index(strategy)
            mask[tuple(index)] = True
        return mask
