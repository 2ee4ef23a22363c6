"""What tips an outcome: exact thresholds, the smallest combined shift, key payoff cells.

A joint profile is a pure equilibrium when no actor gains by deviating: for each
actor ``a`` and each other strategy ``s'`` of it, the *margin*
``u_a(profile) - u_a(profile with a playing s')`` is ``>= 0``. Margins are sympy
expressions over the parameters, so the set of values of one parameter (the
others at their values) where a target outcome holds is a finite union of
intervals, found exactly:

- margins linear in the parameters (the usual case) are solved with rationals;
- others (a weight times a parameter, powers, ``min``/``max``/``abs``) are solved
  with sympy over the whole real line, ``min``/``max``/``abs`` by rewriting them
  as piecewise expressions.

- :func:`tipping_analysis` — everything for one target outcome
  (:class:`TippingResult`; ``.document()`` is the ``stability/tipping/v1`` JSON).
- :func:`nearest_thresholds` — for each outcome that is not an equilibrium, the
  nearest single-parameter threshold (cheap; for ``analyze``).
- :func:`holding_set` — the exact set of values of one parameter where the target
  holds (a :class:`RealSet`).

>>> from stability.io.scenario import read_scenario
>>> scenario = read_scenario("games/two-allies.toml")
>>> result = tipping_analysis(scenario.with_values({"threat": 1}), "Alliance")
>>> entry = result.parameter("threat").nearest
>>> entry.direction, entry.exact, entry.within_range
('increase', '2', True)
>>> str(result.parameter("dispute").holds)
'(-inf, 0]'
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import sympy

from stability.analysis.joint import CompiledScenario, joint_payoff_expressions
from stability.errors import InputError, StabilityError
from stability.io.expressions import exact_value
from stability.model.scenario import Scenario
from stability.model.symbolic import as_sympy

Direction = Literal["increase", "decrease"]
Profile = tuple[int, ...]

SCHEMA = "stability/tipping/v1"
NORM = "L1 over range-normalised parameters: sum of |new - current| / (high - low)"
#: How many key payoff cells the JSON document and the table list.
KEY_CELLS_SHOWN = 20

# -- exact sets of reals --------------------------------------------------------------


def _compare(a: sympy.Expr, b: sympy.Expr) -> int:
    """-1, 0 or 1 as ``a`` is below, equal to or above ``b`` (exactly)."""
    if a == b:
        return 0
    if a.is_Rational and b.is_Rational:
        return -1 if a < b else 1
    difference = sympy.nsimplify(a - b) if not (a.is_infinite or b.is_infinite) else a - b
    if difference.is_zero:
        return 0
    if difference.is_positive:
        return 1
    if difference.is_negative:
        return -1
    value = sympy.N(difference, 60)
    if value == 0:
        return 0 if sympy.simplify(difference) == 0 else (1 if sympy.N(difference, 200) > 0 else -1)
    return 1 if value > 0 else -1


def _exact_string(value: sympy.Expr) -> str:
    if value is sympy.oo:
        return "inf"
    if value is sympy.S.NegativeInfinity:
        return "-inf"
    return str(value)


def _rational(value: Fraction | int) -> sympy.Rational:
    value = Fraction(value)
    return sympy.Rational(value.numerator, value.denominator)


@dataclass(frozen=True)
class Interval:
    """An interval of reals with exact ends (``-oo``/``oo`` allowed, then open)."""

    low: sympy.Expr
    high: sympy.Expr
    low_closed: bool = True
    high_closed: bool = True

    def __str__(self) -> str:
        left = "[" if self.low_closed and self.low.is_finite else "("
        right = "]" if self.high_closed and self.high.is_finite else ")"
        return f"{left}{_exact_string(self.low)}, {_exact_string(self.high)}{right}"

    def is_empty(self) -> bool:
        """True when no real lies in the interval."""
        order = _compare(self.low, self.high)
        return order > 0 or (order == 0 and not (self.low_closed and self.high_closed))


@functools.total_ordering
class _Key:
    __slots__ = ("interval",)

    def __init__(self, interval: Interval) -> None:
        self.interval = interval

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.interval == other.interval

    def __lt__(self, other: _Key) -> bool:
        order = _compare(self.interval.low, other.interval.low)
        if order:
            return order < 0
        return self.interval.low_closed and not other.interval.low_closed


@dataclass(frozen=True)
class RealSet:
    """A finite union of disjoint intervals, sorted, exact.

    >>> half = RealSet.at_least(sympy.Rational(7, 2))
    >>> str(half), str(half.complement()), half.contains(4)
    ('[7/2, inf)', '(-inf, 7/2)', True)
    """

    intervals: tuple[Interval, ...] = ()

    @staticmethod
    def of(intervals: Iterable[Interval]) -> RealSet:
        """The union of any intervals, normalised."""
        pieces = sorted(
            (
                Interval(
                    i.low,
                    i.high,
                    i.low_closed and i.low.is_finite is True,
                    i.high_closed and i.high.is_finite is True,
                )
                for i in intervals
            ),
            key=_Key,
        )
        merged: list[Interval] = []
        for piece in pieces:
            if piece.is_empty():
                continue
            if merged:
                last = merged[-1]
                order = _compare(piece.low, last.high)
                if order < 0 or (order == 0 and (piece.low_closed or last.high_closed)):
                    top = _compare(piece.high, last.high)
                    if top > 0:
                        merged[-1] = Interval(
                            last.low, piece.high, last.low_closed, piece.high_closed
                        )
                    elif top == 0:
                        merged[-1] = Interval(
                            last.low,
                            last.high,
                            last.low_closed,
                            last.high_closed or piece.high_closed,
                        )
                    continue
            merged.append(piece)
        return RealSet(tuple(merged))

    @staticmethod
    def everything() -> RealSet:
        """The whole real line."""
        return RealSet((Interval(sympy.S.NegativeInfinity, sympy.oo, False, False),))

    @staticmethod
    def at_least(value: sympy.Expr) -> RealSet:
        """``[value, oo)``."""
        return RealSet((Interval(value, sympy.oo, True, False),))

    @staticmethod
    def at_most(value: sympy.Expr) -> RealSet:
        """``(-oo, value]``."""
        return RealSet((Interval(sympy.S.NegativeInfinity, value, False, True),))

    def __str__(self) -> str:
        return " ∪ ".join(str(i) for i in self.intervals) or "∅"

    def __bool__(self) -> bool:
        return bool(self.intervals)

    def union(self, other: RealSet) -> RealSet:
        """The union of two sets."""
        return RealSet.of(self.intervals + other.intervals)

    def intersection(self, other: RealSet) -> RealSet:
        """The intersection of two sets."""
        pieces = []
        for a in self.intervals:
            for b in other.intervals:
                low_order = _compare(a.low, b.low)
                low, low_closed = (
                    (a.low, a.low_closed and b.low_closed)
                    if low_order == 0
                    else ((a.low, a.low_closed) if low_order > 0 else (b.low, b.low_closed))
                )
                high_order = _compare(a.high, b.high)
                high, high_closed = (
                    (a.high, a.high_closed and b.high_closed)
                    if high_order == 0
                    else ((a.high, a.high_closed) if high_order < 0 else (b.high, b.high_closed))
                )
                pieces.append(Interval(low, high, low_closed, high_closed))
        return RealSet.of(pieces)

    def complement(self) -> RealSet:
        """The reals not in the set."""
        pieces = []
        low, low_closed = sympy.S.NegativeInfinity, False
        for interval in self.intervals:
            pieces.append(Interval(low, interval.low, low_closed, not interval.low_closed))
            low, low_closed = interval.high, not interval.high_closed
        pieces.append(Interval(low, sympy.oo, low_closed, False))
        return RealSet.of(pieces)

    def contains(self, value: sympy.Expr | Fraction | int) -> bool:
        """Whether ``value`` lies in the set."""
        point = value if isinstance(value, sympy.Basic) else _rational(value)
        for interval in self.intervals:
            low, high = _compare(point, interval.low), _compare(point, interval.high)
            if (low > 0 or (low == 0 and interval.low_closed)) and (
                high < 0 or (high == 0 and interval.high_closed)
            ):
                return True
        return False

    def just_above(self, value: sympy.Expr) -> bool:
        """Whether the set holds every point just above ``value``."""
        return any(
            _compare(i.low, value) <= 0 and _compare(i.high, value) > 0 for i in self.intervals
        )

    def just_below(self, value: sympy.Expr) -> bool:
        """Whether the set holds every point just below ``value``."""
        return any(
            _compare(i.low, value) < 0 and _compare(i.high, value) >= 0 for i in self.intervals
        )

    def meets(self, low: sympy.Expr, high: sympy.Expr, low_closed: bool, high_closed: bool) -> bool:
        """Whether the set meets the interval given by its ends."""
        return bool(self.intersection(RealSet.of([Interval(low, high, low_closed, high_closed)])))


def _from_sympy_set(found: sympy.Set) -> RealSet:
    if found is sympy.S.EmptySet:
        return RealSet()
    if found is sympy.S.Reals:
        return RealSet.everything()
    if isinstance(found, sympy.Interval):
        return RealSet.of(
            [Interval(found.start, found.end, not found.left_open, not found.right_open)]
        )
    if isinstance(found, sympy.Union):
        result = RealSet()
        for part in found.args:
            result = result.union(_from_sympy_set(part))
        return result
    if isinstance(found, sympy.FiniteSet):
        return RealSet.of(
            [Interval(point, point) for point in found.args if point.is_extended_real]
        )
    raise StabilityError(f"cannot represent the solution set {found} exactly")


def _linear_nonnegative(slope: sympy.Rational, intercept: sympy.Rational) -> RealSet:
    """Where ``slope * x + intercept >= 0``."""
    if slope == 0:
        return RealSet.everything() if intercept >= 0 else RealSet()
    root = -intercept / slope
    return RealSet.at_least(root) if slope > 0 else RealSet.at_most(root)


def nonnegative_set(expression: sympy.Expr, symbol: sympy.Symbol) -> RealSet:
    """The exact set of reals where ``expression >= 0`` (``symbol`` its only symbol).

    ``min``, ``max`` and ``abs`` are rewritten as piecewise expressions; points
    where the expression is undefined (a zero denominator) are left out.

    >>> x = sympy.Symbol("x")
    >>> str(nonnegative_set(x**2 - 2, x)), str(nonnegative_set(sympy.Min(x, 3) - 1, x))
    ('(-inf, -sqrt(2)] ∪ [sqrt(2), inf)', '[1, inf)')
    """
    expression = as_sympy(expression)
    if symbol not in expression.free_symbols:
        return RealSet.everything() if bool(expression >= 0) else RealSet()
    if expression.has(sympy.Abs):
        expression = expression.replace(
            lambda node: isinstance(node, sympy.Abs),
            lambda node: sympy.Max(node.args[0], -node.args[0]),
        )
    if expression.has(sympy.Min, sympy.Max):
        expression = sympy.piecewise_fold(expression.rewrite(sympy.Piecewise))
    if isinstance(expression, sympy.Piecewise):
        result, remaining = RealSet(), RealSet.everything()
        for piece, condition in expression.args:
            region = (
                remaining
                if condition is sympy.true
                else remaining.intersection(_from_sympy_set(condition.as_set()))
            )
            if region:
                result = result.union(region.intersection(nonnegative_set(piece, symbol)))
            remaining = remaining.intersection(region.complement())
        return result
    try:
        found = sympy.solve_univariate_inequality(
            expression >= 0, symbol, relational=False, domain=sympy.S.Reals
        )
    except (NotImplementedError, ValueError, TypeError) as err:
        raise StabilityError(f"cannot solve {expression} >= 0 exactly: {err}") from err
    return _from_sympy_set(found)


# -- margins of the joint game -----------------------------------------------------------


@dataclass(frozen=True)
class LinearForm:
    """``constant + sum(coefficient * parameter)``, exactly."""

    constant: Fraction
    coefficients: Mapping[str, Fraction]

    def at(self, values: Mapping[str, Fraction]) -> Fraction:
        """The value at the given parameter values."""
        return self.constant + sum(
            (c * values[name] for name, c in self.coefficients.items()), Fraction(0)
        )


def _linear_form(expression: sympy.Expr, names: Sequence[str]) -> LinearForm | None:
    """The linear form of an expression, or ``None`` when it is not linear."""
    if expression.has(sympy.Min, sympy.Max, sympy.Abs, sympy.Piecewise):
        return None
    expanded = sympy.expand(expression)
    constant = Fraction(0)
    coefficients: dict[str, Fraction] = {}
    known = set(names)
    for term in sympy.Add.make_args(expanded):
        coefficient, rest = term.as_coeff_Mul()
        if not coefficient.is_Rational:
            return None
        value = Fraction(int(coefficient.p), int(coefficient.q))
        if rest == 1:
            constant += value
        elif isinstance(rest, sympy.Symbol) and rest.name in known:
            coefficients[rest.name] = coefficients.get(rest.name, Fraction(0)) + value
        else:
            return None
    return LinearForm(constant, {k: v for k, v in coefficients.items() if v != 0})


@dataclass(frozen=True, eq=False)
class Deviation:
    """One way an actor can leave a joint profile, and what it costs the actor.

    ``margin`` is the actor's payoff at ``profile`` minus its payoff after
    switching to strategy ``to``: the profile is an equilibrium when every margin
    is ``>= 0``. ``linear`` is the margin's linear form, when it has one.
    """

    profile: Profile
    actor: int
    to: int
    margin: sympy.Expr
    linear: LinearForm | None

    @property
    def strategy(self) -> int:
        """The actor's strategy in the profile (the one it deviates from)."""
        return self.profile[self.actor]


@lru_cache(maxsize=16)
def _deviations(scenario: Scenario) -> dict[Profile, tuple[Deviation, ...]]:
    tables = joint_payoff_expressions(scenario)
    names = [p.name for p in scenario.parameters]
    deviations: dict[Profile, tuple[Deviation, ...]] = {}
    for profile in itertools.product(*(range(n) for n in scenario.shape)):
        found = []
        for actor, table in enumerate(tables):
            for to in range(scenario.shape[actor]):
                if to == profile[actor]:
                    continue
                other = profile[:actor] + (to,) + profile[actor + 1 :]
                margin = sympy.expand(table[profile] - table[other])
                found.append(Deviation(profile, actor, to, margin, _linear_form(margin, names)))
        deviations[profile] = tuple(found)
    return deviations


def deviations(scenario: Scenario) -> dict[Profile, tuple[Deviation, ...]]:
    """Every joint profile's deviations (cached per scenario)."""
    return _deviations(scenario)


def _margin_at(
    deviation: Deviation, scenario: Scenario, values: Mapping[str, Fraction]
) -> Fraction:
    if deviation.linear is not None:
        return deviation.linear.at(values)
    return exact_value(deviation.margin, scenario.substitution(dict(values)))


def _target_profiles(scenario: Scenario, target: str) -> list[Profile]:
    try:
        mask = scenario.outcome_mask(target)
    except KeyError:
        names = ", ".join(o.name for o in scenario.outcomes) or "none declared"
        raise InputError(
            f"no outcome {target!r} (expected one of: {names})", item="--target"
        ) from None
    return [tuple(int(i) for i in index) for index in zip(*np.nonzero(mask), strict=True)]


def equilibrium_profiles(
    scenario: Scenario, values: Mapping[str, Fraction] | None = None
) -> list[Profile]:
    """The pure equilibria of the joint game at the scenario's values (exactly)."""
    point = dict(scenario.values) | dict(values or {})
    return [
        profile
        for profile, found in deviations(scenario).items()
        if all(_margin_at(d, scenario, point) >= 0 for d in found)
    ]


def _holds(
    target: Sequence[Profile],
    others: Sequence[Profile],
    table: Mapping[Profile, tuple[Deviation, ...]],
    deviation_set: Callable[[Deviation], RealSet],
    unique: bool,
) -> RealSet:
    """Where some target profile is an equilibrium (and, if ``unique``, no other is)."""
    holds = RealSet()
    for profile in target:
        region = RealSet.everything()
        for deviation in table[profile]:
            region = region.intersection(deviation_set(deviation))
            if not region:
                break
        holds = holds.union(region)
    if unique:
        for profile in others:
            if not holds:
                break
            broken = RealSet()
            for deviation in table[profile]:
                broken = broken.union(deviation_set(deviation).complement())
            holds = holds.intersection(broken)
    return holds


# -- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BindingConstraint:
    """An actor that starts or stops gaining by a deviation where the outcome changes."""

    actor: str
    from_strategy: str
    to_strategy: str
    profile: Mapping[str, str]
    expression: str
    change: Literal["stops preferring", "starts preferring", "indifferent"]
    sentence: str

    def document(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "actor": self.actor,
            "from": self.from_strategy,
            "to": self.to_strategy,
            "profile": dict(self.profile),
            "expression": self.expression,
            "change": self.change,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Threshold:
    """The nearest value of one parameter where the target starts (or stops) holding."""

    parameter: str
    baseline: Fraction
    value: sympy.Expr
    direction: Direction
    within_range: bool
    kind: Literal["becomes", "stops"]
    distance: float  # |value - baseline| / range width
    binding: tuple[BindingConstraint, ...] = ()

    @property
    def exact(self) -> str:
        """The threshold as an exact string (``"7/2"``, ``"sqrt(2) + 1"``)."""
        return _exact_string(self.value)

    @property
    def float(self) -> float:
        """The threshold as a float."""
        return float(sympy.N(self.value, 30))

    def sentence(self, target: str) -> str:
        """One line in words."""
        verb = "becomes" if self.kind == "becomes" else "stops being"
        move = "rises to" if self.direction == "increase" else "falls to"
        return f"{target!r} {verb} a pure equilibrium once {self.parameter} {move} {self.exact}"


@dataclass(frozen=True)
class ParameterTipping:
    """What one parameter alone (others at their values) does to the target."""

    parameter: str
    baseline: Fraction
    range: tuple[Fraction, Fraction]
    holds: RealSet
    increase: Threshold | None
    decrease: Threshold | None

    @property
    def nearest(self) -> Threshold | None:
        """The nearer threshold of the two directions (ties: within range, then increase)."""
        candidates = [t for t in (self.increase, self.decrease) if t is not None]
        if not candidates:
            return None
        return min(
            candidates, key=lambda t: (not t.within_range, t.distance, t.direction != "increase")
        )

    @property
    def opposite(self) -> Threshold | None:
        """The threshold in the other direction than :attr:`nearest`."""
        nearest = self.nearest
        if nearest is None:
            return None
        return self.decrease if nearest.direction == "increase" else self.increase


@dataclass(frozen=True)
class ShiftedParameter:
    """One parameter that the smallest combined shift moves."""

    parameter: str
    baseline: Fraction
    value: float
    exact: Fraction | None


@dataclass(frozen=True)
class MinimalShift:
    """The smallest combined shift of parameters (within ranges) that makes the target hold."""

    profile: Mapping[str, str]
    parameters: tuple[ShiftedParameter, ...]
    distance: float
    distance_exact: Fraction | None
    verified: bool
    method: str
    guarantee: str
    binding: tuple[BindingConstraint, ...]
    norm: str = NORM

    def document(self) -> dict[str, Any]:
        """JSON form (the contract's ``minimal_shift``, extended)."""
        document: dict[str, Any] = {
            "parameters": {p.parameter: p.value for p in self.parameters},
            "distance": self.distance,
            "norm": self.norm,
        }
        if all(p.exact is not None for p in self.parameters):
            document["exact"] = {
                p.parameter: _fraction_string(p.exact)
                for p in self.parameters
                if p.exact is not None
            }
        if self.distance_exact is not None:
            document["distance_exact"] = _fraction_string(self.distance_exact)
        document["baseline"] = {p.parameter: float(p.baseline) for p in self.parameters}
        document["profile"] = dict(self.profile)
        document["verified"] = self.verified
        document["method"] = self.method
        document["guarantee"] = self.guarantee
        document["binding"] = [b.document() for b in self.binding]
        return document


@dataclass(frozen=True)
class KeyCell:
    """A payoff cell of one of the scenario's games whose change alone tips the target."""

    game: str
    layer: str
    cell: Mapping[str, str]
    actor: str
    current: str
    weight: Fraction
    change: Fraction  # to the cell's entry (before the layer's weight)
    effect: Literal["makes it hold", "breaks it"]

    @property
    def payoff_change(self) -> Fraction:
        """The change in the actor's joint payoff: ``weight * change``."""
        return self.weight * self.change

    @property
    def new_value(self) -> str:
        """The cell's new entry, exactly."""
        try:
            current = Fraction(self.current)
        except ValueError:
            sign = "+" if self.change >= 0 else "-"
            return f"{self.current} {sign} {_fraction_string(abs(self.change))}"
        return _fraction_string(current + self.change)

    def document(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "game": self.game,
            "layer": self.layer,
            "cell": dict(self.cell),
            "actor": self.actor,
            "current": self.current,
            "new": self.new_value,
            "change": float(self.change),
            "change_exact": _fraction_string(self.change),
            "weight": _fraction_string(self.weight),
            "payoff_change": float(self.payoff_change),
            "payoff_change_exact": _fraction_string(self.payoff_change),
            "effect": self.effect,
        }


def _fraction_string(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def _threshold_document(
    scenario: Scenario, threshold: Threshold, entry: ParameterTipping
) -> dict[str, Any]:
    low, high = entry.range
    return {
        "parameter": threshold.parameter,
        "baseline": float(threshold.baseline),
        "threshold": threshold.float,
        "exact": threshold.exact,
        "direction": threshold.direction,
        "within_range": threshold.within_range,
        "intervals": [[_exact_string(i.low), _exact_string(i.high)] for i in entry.holds.intervals],
        "interval_details": [
            {
                "low": _exact_string(i.low),
                "high": _exact_string(i.high),
                "low_closed": i.low_closed,
                "high_closed": i.high_closed,
                "within_range": entry.holds.intersection(
                    RealSet.of([Interval(i.low, i.high, i.low_closed, i.high_closed)])
                ).meets(_rational(low), _rational(high), True, True),
            }
            for i in entry.holds.intervals
        ],
        "set": str(entry.holds),
        "range": [float(low), float(high)],
        "distance": threshold.distance,
        "binding": [b.document() for b in threshold.binding],
    }


@dataclass(frozen=True)
class TippingResult:
    """Everything :func:`tipping_analysis` finds for one target outcome."""

    scenario: Scenario
    target: str
    unique: bool
    holds_at_baseline: bool
    baseline_outcomes: tuple[str, ...]
    baseline_equilibria: tuple[Mapping[str, str], ...]
    parameters: tuple[ParameterTipping, ...]
    minimal_shift: MinimalShift | None
    key_cells: tuple[KeyCell, ...] = field(default=())

    def parameter(self, name: str) -> ParameterTipping:
        """The entry of one parameter."""
        for entry in self.parameters:
            if entry.parameter == name:
                return entry
        raise KeyError(name)

    @property
    def thresholds(self) -> list[tuple[ParameterTipping, Threshold]]:
        """Each parameter's nearest threshold, nearest first (normalised distance)."""
        found = [(e, e.nearest) for e in self.parameters if e.nearest is not None]
        pairs = [(e, t) for e, t in found if t is not None]
        return sorted(pairs, key=lambda pair: (not pair[1].within_range, pair[1].distance))

    @property
    def unreachable(self) -> list[str]:
        """Parameters no value of which alone changes whether the target holds."""
        return [e.parameter for e in self.parameters if e.nearest is None]

    def document(self) -> dict[str, Any]:
        """The ``stability/tipping/v1`` JSON document."""
        entries = []
        for entry, threshold in self.thresholds:
            item = _threshold_document(self.scenario, threshold, entry)
            opposite = entry.opposite
            item["opposite"] = (
                None
                if opposite is None
                else {
                    "threshold": opposite.float,
                    "exact": opposite.exact,
                    "direction": opposite.direction,
                    "within_range": opposite.within_range,
                    "binding": [b.document() for b in opposite.binding],
                }
            )
            entries.append(item)
        values = self.scenario.values
        document: dict[str, Any] = {
            "schema": SCHEMA,
            "target": self.target,
            "unique": self.unique,
            "holds_at_baseline": self.holds_at_baseline,
            "baseline": {
                "parameters": {name: float(v) for name, v in values.items()},
                "exact": {name: _fraction_string(v) for name, v in values.items()},
                "ranges": {
                    p.name: [float(p.range[0]), float(p.range[1])] for p in self.scenario.parameters
                },
                "outcomes": list(self.baseline_outcomes),
                "equilibria": [dict(p) for p in self.baseline_equilibria],
            },
            "thresholds": [] if self.holds_at_baseline else entries,
            "breaks": entries if self.holds_at_baseline else [],
            "unreachable": self.unreachable,
            "minimal_shift": None if self.minimal_shift is None else self.minimal_shift.document(),
            "key_cells": [c.document() for c in self.key_cells[:KEY_CELLS_SHOWN]],
        }
        return document


# -- one parameter at a time ------------------------------------------------------------


class _Context:
    """What every analysis of one scenario and target shares."""

    def __init__(self, scenario: Scenario, target: str, unique: bool) -> None:
        self.scenario = scenario
        self.target = target
        self.unique = unique
        self.table = deviations(scenario)
        self.target_profiles = _target_profiles(scenario, target)
        chosen = set(self.target_profiles)
        self.other_profiles = [p for p in self.table if p not in chosen]
        self.values = scenario.values
        self.baseline_margin = {
            d: _margin_at(d, scenario, self.values) for found in self.table.values() for d in found
        }

    def relevant_profiles(self) -> list[Profile]:
        return self.target_profiles + (self.other_profiles if self.unique else [])

    def holds_at_baseline(self) -> bool:
        def is_equilibrium(profile: Profile) -> bool:
            return all(self.baseline_margin[d] >= 0 for d in self.table[profile])

        holds = any(is_equilibrium(p) for p in self.target_profiles)
        if holds and self.unique:
            holds = not any(is_equilibrium(p) for p in self.other_profiles)
        return holds

    def describe(self, profile: Profile) -> dict[str, str]:
        return self.scenario.profile_names(profile)


def _deviation_set_for(context: _Context, name: str) -> Callable[[Deviation], RealSet]:
    symbol = sympy.Symbol(name)
    others = {sympy.Symbol(k): _rational(v) for k, v in context.values.items() if k != name}
    cache: dict[Deviation, RealSet] = {}

    def deviation_set(deviation: Deviation) -> RealSet:
        found = cache.get(deviation)
        if found is not None:
            return found
        linear = deviation.linear
        if linear is not None:
            slope = linear.coefficients.get(name, Fraction(0))
            intercept = linear.constant + sum(
                (c * context.values[k] for k, c in linear.coefficients.items() if k != name),
                Fraction(0),
            )
            found = _linear_nonnegative(_rational(slope), _rational(intercept))
        else:
            found = nonnegative_set(deviation.margin.xreplace(others), symbol)
        cache[deviation] = found
        return found

    return deviation_set


def _singular(label: str) -> bool:
    """A rough guess for verb agreement: "Shi'i militias stop", "Iran stops"."""
    return not (label.endswith("s") and not label.endswith(("ss", ".")))


def _binding(
    context: _Context,
    deviation_set: Callable[[Deviation], RealSet],
    point: sympy.Expr,
    direction: Direction,
    parameter: str,
    reached: bool,
) -> tuple[BindingConstraint, ...]:
    """The deviations whose standing flips at ``point`` where a profile's standing flips."""
    scenario = context.scenario

    def short(s: RealSet) -> bool:
        return s.just_below(point) if direction == "increase" else s.just_above(point)

    def beyond(s: RealSet) -> bool:
        return s.just_above(point) if direction == "increase" else s.just_below(point)

    found: list[BindingConstraint] = []
    single = len(context.target_profiles) == 1
    for profile in context.relevant_profiles():
        sets = [deviation_set(d) for d in context.table[profile]]
        region = RealSet.everything()
        for s in sets:
            region = region.intersection(s)
        if short(region) == beyond(region) and not (
            reached and region.contains(point) and not short(region)
        ):
            continue
        for deviation, s in zip(context.table[profile], sets, strict=True):
            before = short(s)
            after = beyond(s) or (s.contains(point) and not before)
            if before == after:
                continue
            actor = scenario.actors[deviation.actor]
            change: Literal["stops preferring", "starts preferring"] = (
                "stops preferring" if after else "starts preferring"
            )
            label = actor.label or actor.name
            verb = (
                change
                if _singular(label)
                else change.replace("stops", "stop").replace("starts", "start")
            )
            own, other = actor.strategies[deviation.strategy], actor.strategies[deviation.to]
            moves = (
                ("rises to" if s.contains(point) else "exceeds")
                if direction == "increase"
                else ("falls to" if s.contains(point) else "falls below")
            )
            where = ""
            if not (single and profile in context.target_profiles):
                others = [
                    f"{a}: {st}" for a, st in context.describe(profile).items() if a != actor.name
                ]
                where = f" (when {', '.join(others)})" if others else ""
            sentence = (
                f"{label} {verb} {other} to {own} once {parameter} {moves} "
                f"{_exact_string(point)}{where}"
            )
            found.append(
                BindingConstraint(
                    actor=actor.name,
                    from_strategy=own,
                    to_strategy=other,
                    profile=context.describe(profile),
                    expression=f"{deviation.margin} >= 0",
                    change=change,
                    sentence=sentence,
                )
            )
    return tuple(found)


def _parameter_tipping(context: _Context, name: str, *, binding: bool = True) -> ParameterTipping:
    parameter = context.scenario.parameter(name)
    deviation_set = _deviation_set_for(context, name)
    holds = _holds(
        context.target_profiles,
        context.other_profiles,
        context.table,
        deviation_set,
        context.unique,
    )
    baseline = _rational(parameter.value)
    low, high = (_rational(v) for v in parameter.range)
    width = float(parameter.range[1] - parameter.range[0]) or 1.0
    at_baseline = holds.contains(baseline)
    thresholds: dict[str, tuple[sympy.Expr | None, Callable[[], bool]]]
    if at_baseline:
        component = next(i for i in holds.intervals if RealSet((i,)).contains(baseline))
        up = component.high if component.high.is_finite else None
        down = component.low if component.low.is_finite else None
        fails = holds.complement()
        thresholds = {
            "increase": (up, lambda: fails.meets(baseline, high, False, True)),
            "decrease": (down, lambda: fails.meets(low, baseline, True, False)),
        }
        kind: Literal["becomes", "stops"] = "stops"
    else:
        above = [i for i in holds.intervals if _compare(i.low, baseline) >= 0]
        below = [i for i in holds.intervals if _compare(i.high, baseline) <= 0]
        thresholds = {
            "increase": (
                above[0].low if above else None,
                lambda: holds.meets(baseline, high, False, True),
            ),
            "decrease": (
                below[-1].high if below else None,
                lambda: holds.meets(low, baseline, True, False),
            ),
        }
        kind = "becomes"
    made: dict[str, Threshold | None] = {}
    for direction, (point, within) in thresholds.items():
        if point is None:
            made[direction] = None
            continue
        chosen: Direction = "increase" if direction == "increase" else "decrease"
        made[direction] = Threshold(
            parameter=name,
            baseline=parameter.value,
            value=point,
            direction=chosen,
            within_range=within(),
            kind=kind,
            distance=abs(float(sympy.N(point - baseline, 30))) / width,
            binding=_binding(context, deviation_set, point, chosen, name, not at_baseline)
            if binding
            else (),
        )
    return ParameterTipping(
        parameter=name,
        baseline=parameter.value,
        range=parameter.range,
        holds=holds,
        increase=made["increase"],
        decrease=made["decrease"],
    )


def holding_set(
    scenario: Scenario, target: str, parameter: str, *, unique: bool = False
) -> RealSet:
    """The exact set of values of ``parameter`` (others at their values) where ``target``
    is a pure equilibrium of the joint game (the only one with ``unique``).

    >>> from stability.io.scenario import read_scenario
    >>> str(holding_set(read_scenario("games/two-allies.toml"), "Alliance", "threat"))
    '[2, inf)'
    """
    context = _Context(scenario, target, unique)
    return _holds(
        context.target_profiles,
        context.other_profiles,
        context.table,
        _deviation_set_for(context, parameter),
        unique,
    )


# -- the smallest combined shift ---------------------------------------------------------


def _bounds(scenario: Scenario) -> list[tuple[Fraction, Fraction]]:
    return [(min(p.range[0], p.value), max(p.range[1], p.value)) for p in scenario.parameters]


def _widths(scenario: Scenario) -> list[Fraction]:
    return [(p.range[1] - p.range[0]) or Fraction(1) for p in scenario.parameters]


def _l1_linprog(
    rows: list[list[float]],
    limits: list[float],
    baseline: list[float],
    widths: list[float],
    bounds: list[tuple[float, float]],
) -> Any:
    """minimise sum |x - baseline| / widths subject to rows @ x <= limits and bounds."""
    from scipy.optimize import linprog

    n = len(baseline)
    cost = np.concatenate([np.zeros(n), 1.0 / np.asarray(widths)])
    identity = np.eye(n)
    a_abs = np.block([[identity, -identity], [-identity, -identity]])
    b_abs = np.concatenate([np.asarray(baseline), -np.asarray(baseline)])
    if rows:
        a_rows = np.hstack([np.asarray(rows, dtype=float), np.zeros((len(rows), n))])
        a_ub = np.vstack([a_abs, a_rows])
        b_ub = np.concatenate([b_abs, np.asarray(limits, dtype=float)])
    else:
        a_ub, b_ub = a_abs, b_abs
    variable_bounds = list(bounds) + [(0.0, None)] * n
    return linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=variable_bounds, method="highs")


def _is_equilibrium_exactly(
    scenario: Scenario, profile: Profile, point: Mapping[str, Fraction]
) -> bool:
    try:
        return all(_margin_at(d, scenario, point) >= 0 for d in deviations(scenario)[profile])
    except InputError:
        return False


def _snap(
    scenario: Scenario, profile: Profile, floats: Sequence[float], tight: Sequence[Deviation]
) -> dict[str, Fraction] | None:
    """An exact point near the float solution that makes ``profile`` an equilibrium."""
    names = [p.name for p in scenario.parameters]
    bounds = _bounds(scenario)
    point: dict[str, Fraction] = {}
    free: list[str] = []
    for name, value, parameter, (low, high) in zip(
        names, floats, scenario.parameters, bounds, strict=True
    ):
        scale = 1e-9 * max(1.0, float(high - low))
        if abs(value - float(parameter.value)) <= scale:
            point[name] = parameter.value
        elif abs(value - float(low)) <= scale:
            point[name] = low
        elif abs(value - float(high)) <= scale:
            point[name] = high
        else:
            point[name] = Fraction(value).limit_denominator(10**6)
            free.append(name)
    if _is_equilibrium_exactly(scenario, profile, point):
        return point
    linear = [d for d in tight if d.linear is not None]
    if free and linear:
        symbols = [sympy.Symbol(n) for n in free]
        equations = [
            d.margin.xreplace(
                {sympy.Symbol(k): _rational(v) for k, v in point.items() if k not in free}
            )
            for d in linear
        ]
        solutions = sympy.linsolve(equations, symbols)
        for solution in solutions:
            candidate = dict(point)
            exact = True
            for name, value in zip(free, solution, strict=True):
                value = value.xreplace({sympy.Symbol(n): _rational(point[n]) for n in free})
                if not value.is_Rational:
                    exact = False
                    break
                candidate[name] = Fraction(int(value.p), int(value.q))
            if exact and _is_equilibrium_exactly(scenario, profile, candidate):
                return candidate
    return None


def _distance(scenario: Scenario, point: Mapping[str, Fraction]) -> Fraction:
    return sum(
        (
            abs(point[p.name] - p.value) / w
            for p, w in zip(scenario.parameters, _widths(scenario), strict=True)
        ),
        Fraction(0),
    )


def _tight_binding(
    context: _Context, profile: Profile, point: Mapping[str, Fraction]
) -> tuple[BindingConstraint, ...]:
    scenario = context.scenario
    found = []
    for deviation in context.table[profile]:
        if _margin_at(deviation, scenario, point) != 0:
            continue
        actor = scenario.actors[deviation.actor]
        own, other = actor.strategies[deviation.strategy], actor.strategies[deviation.to]
        label = actor.label or actor.name
        found.append(
            BindingConstraint(
                actor=actor.name,
                from_strategy=own,
                to_strategy=other,
                profile=context.describe(profile),
                expression=f"{deviation.margin} >= 0",
                change="indifferent",
                sentence=f"{label} {'is' if _singular(label) else 'are'} indifferent "
                f"between {own} and {other}",
            )
        )
    return tuple(found)


def _linear_shift(
    context: _Context, profile: Profile
) -> tuple[dict[str, Fraction], bool, list[float]] | None:
    scenario = context.scenario
    names = [p.name for p in scenario.parameters]
    rows, limits = [], []
    for deviation in context.table[profile]:
        assert deviation.linear is not None
        rows.append([-float(deviation.linear.coefficients.get(n, 0)) for n in names])
        limits.append(float(deviation.linear.constant))
    bounds = [(float(lo), float(hi)) for lo, hi in _bounds(scenario)]
    result = _l1_linprog(
        rows,
        limits,
        [float(v) for v in scenario.values.values()],
        [float(w) for w in _widths(scenario)],
        bounds,
    )
    if result.status != 0:
        return None
    floats = list(result.x[: len(names)])
    tight = [
        d
        for d, row, limit in zip(context.table[profile], rows, limits, strict=True)
        if abs(float(np.dot(row, floats)) - limit) <= 1e-7 * max(1.0, abs(limit))
    ]
    point = _snap(scenario, profile, floats, tight)
    if point is None:
        return {n: Fraction(v) for n, v in zip(names, floats, strict=True)}, False, floats
    return point, True, floats


def _nonlinear_shift(
    context: _Context, profile: Profile, seed: int = 0
) -> tuple[dict[str, Fraction], bool, list[float]] | None:
    """Sequential linear programming from several starts; the answer is verified exactly."""
    scenario = context.scenario
    names = [p.name for p in scenario.parameters]
    symbols = [sympy.Symbol(n) for n in names]
    margins = [d.margin for d in context.table[profile]]
    function = sympy.lambdify(symbols, margins, modules="numpy", dummify=True)
    bounds = np.array([(float(lo), float(hi)) for lo, hi in _bounds(scenario)])
    widths = np.array([float(w) for w in _widths(scenario)])
    baseline = np.array([float(v) for v in scenario.values.values()])

    def evaluate(x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(function(*x), dtype=float).reshape(len(margins))

    def gradient(x: np.ndarray) -> np.ndarray:
        columns = []
        for k in range(len(x)):
            step = 1e-6 * widths[k]
            up, down = x.copy(), x.copy()
            up[k] += step
            down[k] -= step
            columns.append((evaluate(up) - evaluate(down)) / (2 * step))
        return np.array(columns).T

    # Starting points: the baseline, and the nearest feasible points of a random sample.
    rng = np.random.default_rng(seed)
    sample = bounds[:, 0] + rng.random((4000, len(names))) * (bounds[:, 1] - bounds[:, 0])
    compiled = CompiledScenario(scenario)
    mask = compiled.pure_equilibrium_mask({n: sample[:, k] for k, n in enumerate(names)})
    chosen: tuple[Any, ...] = (slice(None), *profile)
    feasible = sample[mask[chosen]]
    starts = [baseline]
    if len(feasible):
        order = np.argsort(np.abs((feasible - baseline) / widths).sum(axis=1))
        starts += [feasible[i] for i in order[:4]]
    best: tuple[float, dict[str, Fraction], list[float]] | None = None
    for start in starts:
        x = start.copy()
        radius = 0.25
        for _ in range(60):
            values, jacobian = evaluate(x), gradient(x)
            # values + J (y - x) >= 0  <=>  -J y <= values - J x
            rows = (-jacobian).tolist()
            limits = (values - jacobian @ x).tolist()
            box = [
                (
                    max(bounds[k, 0], x[k] - radius * widths[k]),
                    min(bounds[k, 1], x[k] + radius * widths[k]),
                )
                for k in range(len(names))
            ]
            result = _l1_linprog(rows, limits, baseline.tolist(), widths.tolist(), box)
            if result.status != 0:
                if radius >= 1:
                    break
                radius = min(1.0, radius * 2)
                continue
            y = np.asarray(result.x[: len(names)])
            moved = np.abs(y - x).max() / max(widths.max(), 1e-12)
            x = y
            if moved < 1e-10 and evaluate(x).min() >= -1e-12:
                break
            radius = max(radius * 0.7, 1e-6)
        for nudge in (0.0, 1e-9, 1e-6, 1e-4, 1e-2):
            trial = np.clip(x + nudge * (x - baseline), bounds[:, 0], bounds[:, 1])
            point = _snap(scenario, profile, trial.tolist(), [])
            if point is not None:
                distance = float(_distance(scenario, point))
                if best is None or distance < best[0]:
                    best = (distance, point, trial.tolist())
                break
    if best is None:
        return None
    return best[1], True, best[2]


def minimal_shift(scenario: Scenario, target: str) -> MinimalShift | None:
    """The smallest L1 range-normalised shift of all parameters (within their ranges)
    that makes some profile of ``target`` a pure equilibrium; ``None`` when none does.

    >>> from stability.io.scenario import read_scenario
    >>> allies = read_scenario("games/two-allies.toml").with_values({"threat": 1})
    >>> shift = minimal_shift(allies, "Alliance")
    >>> [(p.parameter, p.exact) for p in shift.parameters], shift.distance_exact
    ([('threat', Fraction(2, 1))], Fraction(1, 10))
    """
    return _minimal_shift(_Context(scenario, target, unique=False))


def _minimal_shift(context: _Context) -> MinimalShift | None:
    scenario = context.scenario
    best: tuple[Fraction | float, Profile, dict[str, Fraction], bool, str, str] | None = None
    for profile in context.target_profiles:
        linear = all(d.linear is not None for d in context.table[profile])
        if linear:
            found = _linear_shift(context, profile)
            method = "linear program (scipy linprog, HiGHS), one per target profile"
            guarantee = (
                "global optimum: the equilibrium conditions are linear in the parameters; "
                "the point is verified exactly"
            )
        else:
            found = _nonlinear_shift(context, profile)
            method = (
                "sequential linear programming (HiGHS) from the baseline and the nearest "
                "feasible points of a random sample"
            )
            guarantee = (
                "feasible: the point is verified exactly; locally optimal for the linearised "
                "conditions, not proven globally optimal"
            )
        if found is None:
            continue
        point, verified, floats = found
        distance: Fraction | float = (
            _distance(scenario, point)
            if verified
            else sum(
                abs(f - float(p.value)) / float(w)
                for f, p, w in zip(floats, scenario.parameters, _widths(scenario), strict=True)
            )
        )
        if not verified:
            guarantee = "not verified exactly (rounding); the float point is HiGHS's answer"
        if best is None or (float(distance), not verified) < (float(best[0]), not best[3]):
            best = (distance, profile, point, verified, method, guarantee)
    if best is None:
        return None
    distance, profile, point, verified, method, guarantee = best
    moved = tuple(
        ShiftedParameter(
            parameter=p.name,
            baseline=p.value,
            value=float(point[p.name]),
            exact=point[p.name] if verified else None,
        )
        for p in scenario.parameters
        if point[p.name] != p.value
    )
    return MinimalShift(
        profile=context.describe(profile),
        parameters=moved,
        distance=float(distance),
        distance_exact=distance if isinstance(distance, Fraction) else None,
        verified=verified,
        method=method,
        guarantee=guarantee,
        binding=_tight_binding(context, profile, point) if verified else (),
    )


# -- key payoff cells ------------------------------------------------------------------------


def _key_cells(context: _Context, holds_at_baseline: bool) -> tuple[KeyCell, ...]:
    scenario = context.scenario
    substitution = scenario.substitution()
    profiles = context.relevant_profiles()
    found: list[tuple[Fraction, int, KeyCell]] = []
    order = 0
    for game in scenario.games:
        seats = [scenario.actor_index(p) for p in game.players]
        for layer in game.layers:
            try:
                weight = exact_value(layer.weight, substitution)
            except InputError:
                continue
            if weight == 0:
                continue
            for cell in itertools.product(*(range(n) for n in game.shape)):
                for seat, actor_index in enumerate(seats):

                    def touches(
                        profile: Profile, seats: list[int] = seats, cell: Profile = cell
                    ) -> bool:
                        return all(profile[s] == c for s, c in zip(seats, cell, strict=True))

                    effects: dict[Deviation, int] = {}
                    for profile in profiles:
                        for d in context.table[profile]:
                            if d.actor != actor_index:
                                continue
                            deviated = profile[: d.actor] + (d.to,) + profile[d.actor + 1 :]
                            effect = int(touches(profile)) - int(touches(deviated))
                            if effect:
                                effects[d] = effect
                    if not effects:
                        continue

                    def deviation_set(
                        d: Deviation,
                        effects: dict[Deviation, int] = effects,
                        weight: Fraction = weight,
                    ) -> RealSet:
                        slope = weight * effects.get(d, 0)
                        return _linear_nonnegative(
                            _rational(slope), _rational(context.baseline_margin[d])
                        )

                    holds = _holds(
                        context.target_profiles,
                        context.other_profiles,
                        context.table,
                        deviation_set,
                        context.unique,
                    )
                    change = _smallest_change(holds, holds_at_baseline)
                    if change is None:
                        continue
                    actor = scenario.actors[actor_index]
                    key = KeyCell(
                        game=game.name,
                        layer=layer.name,
                        cell={
                            scenario.actors[s].name: scenario.actors[s].strategies[c]
                            for s, c in zip(seats, cell, strict=True)
                        },
                        actor=actor.name,
                        current=str(layer.payoffs[(*cell, seat)]),
                        weight=weight,
                        change=change,
                        effect="breaks it" if holds_at_baseline else "makes it hold",
                    )
                    found.append((abs(weight * change), order, key))
                    order += 1
    found.sort(key=lambda item: (item[0], item[1]))
    return tuple(item[2] for item in found)


def _smallest_change(holds: RealSet, holds_at_zero: bool) -> Fraction | None:
    """The change of least size that enters ``holds`` (or, holding at 0, leaves it)."""
    zero = sympy.Integer(0)
    candidates: list[sympy.Expr] = []
    if holds_at_zero:
        for interval in holds.intervals:
            if RealSet((interval,)).contains(zero):
                candidates = [e for e in (interval.low, interval.high) if e.is_finite]
    else:
        for interval in holds.intervals:
            if _compare(interval.low, zero) >= 0:
                candidates.append(interval.low)
            elif _compare(interval.high, zero) <= 0:
                candidates.append(interval.high)
    candidates = [c for c in candidates if c.is_Rational]
    if not candidates:
        return None
    best = min(candidates, key=lambda c: abs(c))
    return Fraction(int(best.p), int(best.q))


# -- the public entry points --------------------------------------------------------------------


def tipping_analysis(
    scenario: Scenario,
    target: str,
    *,
    unique: bool = False,
    shift: bool = True,
    cells: bool = True,
) -> TippingResult:
    """Everything that tips ``target`` (an outcome name) at the scenario's values.

    Per parameter (others at their values): the exact set where the target is a
    pure equilibrium of the joint game (with ``unique``: the only one), and the
    nearest threshold each way with the binding deviations; the smallest combined
    shift (``shift``) and the key payoff cells (``cells``).
    """
    context = _Context(scenario, target, unique)
    holds = context.holds_at_baseline()
    equilibria = equilibrium_profiles(scenario)
    outcomes = tuple(
        o.name
        for o in scenario.outcomes
        if any(o.name in scenario.outcomes_of(p) for p in equilibria)
    )
    parameters = tuple(_parameter_tipping(context, p.name) for p in scenario.parameters)
    shifted = None
    if shift:
        shifted = _minimal_shift(context)
    return TippingResult(
        scenario=scenario,
        target=target,
        unique=unique,
        holds_at_baseline=holds,
        baseline_outcomes=outcomes,
        baseline_equilibria=tuple(scenario.profile_names(p) for p in equilibria),
        parameters=parameters,
        minimal_shift=shifted,
        key_cells=_key_cells(context, holds) if cells else (),
    )


def nearest_thresholds(scenario: Scenario) -> dict[str, Threshold | None]:
    """For each outcome that is NOT a pure equilibrium at the scenario's values, the
    nearest single-parameter threshold that makes it one (within range first, then by
    range-normalised distance), or ``None`` when no single parameter does.
    Outcomes that already hold are left out.

    >>> from stability.io.scenario import read_scenario
    >>> allies = read_scenario("games/two-allies.toml").with_values({"threat": 1})
    >>> found = nearest_thresholds(allies)
    >>> entry = found["Alliance"]
    >>> entry.parameter, entry.exact, entry.direction
    ('threat', '2', 'increase')
    """
    found: dict[str, Threshold | None] = {}
    for outcome in scenario.outcomes:
        context = _Context(scenario, outcome.name, unique=False)
        if context.holds_at_baseline():
            continue
        best: Threshold | None = None
        for parameter in scenario.parameters:
            nearest = _parameter_tipping(context, parameter.name, binding=False).nearest
            if nearest is not None and (
                best is None
                or (not nearest.within_range, nearest.distance)
                < (not best.within_range, best.distance)
            ):
                best = nearest
        if best is not None:
            entry = _parameter_tipping(context, best.parameter)
            best = entry.increase if best.direction == "increase" else entry.decrease
        found[outcome.name] = best
    return found
