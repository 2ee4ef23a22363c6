"""Timelines: how a scenario's parameters change over time (``[timeline]``, the older
``[dynamics]``), and the play-following state of ``[timeline.play]``.

Re-exported by :mod:`stability.model.scenario`, where they were first defined.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import sympy

#: The symbol of time in timeline expressions (a reserved name).
TIME = sympy.Symbol("t")


@dataclass(frozen=True)
class Dynamics:
    """How the common threat fades: ``threat * (1 - rate)**t`` or ``threat - rate*t``."""

    threat: str
    rate: sympy.Expr
    model: Literal["exponential", "linear"] = "exponential"

    def threat_expression(self, t: sympy.Expr | int) -> sympy.Expr:
        """The threat after ``t`` periods, in terms of the parameters.

        >>> d = Dynamics("threat", sympy.Symbol("rate"), "linear")
        >>> d.threat_expression(sympy.Symbol("t"))
        -rate*t + threat
        """
        threat = sympy.Symbol(self.threat)
        if self.model == "linear":
            result: sympy.Expr = threat - self.rate * t
        else:
            result = threat * (1 - self.rate) ** t
        return result


    def timeline(self) -> Timeline:
        """The equivalent :class:`Timeline` (unit ``"periods"``, horizon
        :data:`DYNAMICS_HORIZON`, no end condition).

        >>> d = Dynamics("threat", sympy.Symbol("rate"), "exponential")
        >>> dict(d.timeline().parameters)
        {'threat': threat*(1 - rate)**t}
        """
        return Timeline(
            unit="periods",
            horizon=DYNAMICS_HORIZON,
            parameters={self.threat: self.threat_expression(TIME)},
        )


#: The horizon of a timeline translated from an old ``[dynamics]`` section.
DYNAMICS_HORIZON = Fraction(100)


class ExpressionMap(Mapping[str, sympy.Expr]):
    """A hashable, read-only mapping from names to sympy expressions (file order).

    >>> m = ExpressionMap({"threat": TIME})
    >>> dict(m), m == ExpressionMap([("threat", TIME)]), len({m, m})
    ({'threat': t}, True, 1)
    """

    __slots__ = ("_items",)

    def __init__(
        self, items: Mapping[str, sympy.Expr] | Sequence[tuple[str, sympy.Expr]] = ()
    ) -> None:
        pairs = tuple(items.items()) if isinstance(items, Mapping) else tuple(items)
        self._items: tuple[tuple[str, sympy.Expr], ...] = pairs

    def __getitem__(self, name: str) -> sympy.Expr:
        for key, expression in self._items:
            if key == name:
                return expression
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict(self._items) == dict(other.items())

    def __hash__(self) -> int:
        return hash(frozenset(self._items))

    def __repr__(self) -> str:
        return f"ExpressionMap({dict(self._items)!r})"


@dataclass(frozen=True)
class TimelineEnd:
    """When the campaign ends: the first ``t`` in ``[0, horizon]`` at which
    ``when(t) <= falls_to(t)``; in both expressions a time-varying parameter stands
    for its value at time ``t``."""

    when: sympy.Expr
    falls_to: sympy.Expr
    label: str = ""

    def describe(self) -> str:
        """``label`` or the condition itself.

        >>> TimelineEnd(sympy.Symbol("threat"), sympy.Integer(1)).describe()
        'threat <= 1'
        """
        return self.label or f"{self.when} <= {self.falls_to}"


@dataclass(frozen=True)
class TimelinePlay:
    """A state that follows play: it starts at 0 and grows at a rate that depends on
    the outcome being played (``[timeline.play]``).

    ``rates`` pairs outcome names with rates (expressions in the parameters only),
    in file order: a profile's rate is that of the first listed outcome it belongs
    to, ``default`` when it belongs to none. The state is therefore piecewise
    linear in time; timeline expressions may use it (by ``state``'s name) beside
    :data:`TIME`.

    >>> play = TimelinePlay("progress", sympy.Integer(1), (("Split", sympy.Rational(1, 2)),))
    >>> play.rate_for(["Split"]), play.rate_for([]), play.symbol
    (1/2, 1, progress)
    """

    state: str
    default: sympy.Expr
    rates: tuple[tuple[str, sympy.Expr], ...] = ()
    doc: str = ""

    @property
    def symbol(self) -> sympy.Symbol:
        """The state's symbol in timeline expressions."""
        return sympy.Symbol(self.state)

    def rate_for(self, outcomes: Sequence[str]) -> sympy.Expr:
        """The rate while a profile belonging to ``outcomes`` is played."""
        for name, rate in self.rates:
            if name in outcomes:
                return rate
        return self.default

    def varies(self) -> bool:
        """True when some listed rate differs from the default (as expressions)."""
        return any(sympy.simplify(rate - self.default) != 0 for _, rate in self.rates)


@dataclass(frozen=True)
class Timeline:
    """How parameters change over time ``t`` in ``[0, horizon]`` (in ``unit``).

    ``parameters`` maps each time-varying parameter to an expression in
    :data:`TIME` and the parameters, where a parameter's name means its scenario
    value (so ``threat - rate*t`` starts from the scenario's ``threat``).
    Parameters not listed are constant. With ``play`` (:class:`TimelinePlay`) the
    expressions may also use the play-following state.
    """

    unit: str
    horizon: Fraction
    parameters: Mapping[str, sympy.Expr] = field(default_factory=ExpressionMap)
    end: TimelineEnd | None = None
    play: TimelinePlay | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.parameters, ExpressionMap):
            object.__setattr__(self, "parameters", ExpressionMap(self.parameters))

    @property
    def follows_play(self) -> bool:
        """True when some timeline quantity depends on which outcome is played: a
        parameter or the end condition reads the play state, and the state's rate is
        not the same for every outcome.

        >>> Timeline("months", Fraction(12)).follows_play
        False
        """
        if self.play is None or not self.play.varies():
            return False
        state = self.play.symbol
        expressions = list(self.parameters.values())
        if self.end is not None:
            expressions += [self.end.when, self.end.falls_to]
        return any(state in expression.free_symbols for expression in expressions)
