"""The results of a tipping analysis and their ``stability/tipping/v1`` JSON form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import sympy

from stability.analysis.tipping.margins import Goal, goal_phrase
from stability.analysis.tipping.sets import Interval, RealSet, _rational
from stability.model.exact import exact_string
from stability.model.scenario import Scenario

Direction = Literal["increase", "decrease"]

SCHEMA = "stability/tipping/v1"
NORM = "L1 over range-normalised parameters: sum of |new - current| / (high - low)"
#: How many key payoff cells the JSON document and the table list.
KEY_CELLS_SHOWN = 20


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
class Recheck:
    """A point re-checked by the code ``analyze`` runs (the exact joint game's pure equilibria).

    ``outcomes`` are the outcomes with a pure equilibrium there, ``equilibria`` the
    equilibrium profiles, ``met`` whether the goal's exact condition holds, and
    ``share`` (goal ``selected`` only) the simulated basin share of the target.
    """

    outcomes: tuple[str, ...]
    equilibria: tuple[Mapping[str, str], ...]
    met: bool
    share: float | None = None

    def document(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "outcomes": list(self.outcomes),
            "equilibria": [dict(p) for p in self.equilibria],
            "met": self.met,
            "share": self.share,
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
    #: A rational value just past the threshold, and ``analyze``'s verdict there
    #: (``recheck.met`` is True past a ``becomes`` threshold, False past a ``stops`` one).
    witness: Fraction | None = None
    recheck: Recheck | None = None

    @property
    def exact(self) -> str:
        """The threshold as an exact string (``"7/2"``, ``"sqrt(2) + 1"``)."""
        return exact_string(self.value)

    @property
    def float(self) -> float:
        """The threshold as a float."""
        return float(sympy.N(self.value, 30))

    def summary(self) -> dict[str, Any]:
        """The threshold's fields as JSON (the part every document shares)."""
        return {
            "parameter": self.parameter,
            "baseline": float(self.baseline),
            "threshold": self.float,
            "exact": self.exact,
            "direction": self.direction,
            "within_range": self.within_range,
        }

    def sentence(self, target: str, goal: Goal = "equilibrium") -> str:
        """One line in words."""
        move = "rises to" if self.direction == "increase" else "falls to"
        condition = goal_phrase("equilibrium" if goal == "selected" else goal, target)
        if self.kind == "stops":
            return f"it stops being true that {condition} once {self.parameter} {move} {self.exact}"
        return f"{condition} once {self.parameter} {move} {self.exact}"


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
    """The smallest combined shift of parameters (within ranges) that meets the goal.

    ``guarantee`` is ``"global"`` (an optimum of a linear or mixed-integer linear
    program over exactly linear conditions), ``"local"`` (a local search, the
    method named in ``method``) or ``"search"`` (simulation-checked, goal
    ``selected``). ``margin`` is the payoff margin by which deviations that must
    break an equilibrium are made strictly unprofitable (``None`` when no such
    strictness is needed); ``infimum`` the exact distance of the closure's optimum
    (shifts just beyond it work, it itself may leave a weak equilibrium standing).
    """

    profile: Mapping[str, str] | None
    parameters: tuple[ShiftedParameter, ...]
    distance: float
    distance_exact: Fraction | None
    verified: bool
    method: str
    guarantee: str
    binding: tuple[BindingConstraint, ...]
    norm: str = NORM
    optimality: Literal["global", "local", "search"] = "global"
    margin: Fraction | None = None
    infimum: Fraction | None = None
    recheck: Recheck | None = None

    def point(self, scenario: Scenario) -> dict[str, Fraction]:
        """Every parameter's value at the shift (exact where known)."""
        values = dict(scenario.values)
        for moved in self.parameters:
            values[moved.parameter] = (
                moved.exact if moved.exact is not None else Fraction(moved.value)
            )
        return values

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
        document["profile"] = None if self.profile is None else dict(self.profile)
        document["verified"] = self.verified
        document["optimality"] = self.optimality
        document["method"] = self.method
        document["guarantee"] = self.guarantee
        document["margin"] = None if self.margin is None else _fraction_string(self.margin)
        document["infimum"] = None if self.infimum is None else _fraction_string(self.infimum)
        document["recheck"] = None if self.recheck is None else self.recheck.document()
        document["binding"] = [b.document() for b in self.binding]
        return document


#: The unit of the key cells' before/after/change columns.
CELL_UNIT = (
    "the actor's payoff in the joint game: the cell's entry times its layer's weight, "
    "at the current values"
)


@dataclass(frozen=True)
class KeyCell:
    """A payoff cell of one of the scenario's games that carries part of a binding margin.

    ``share`` is the cell's contribution to the binding deviation's margin divided by
    the margin (1 or more: the cell alone holds the margin's sign). ``before``,
    ``after`` and ``change`` are in :data:`CELL_UNIT`; ``change`` is the smallest
    change of this one cell that meets the goal (``None``: no change of it alone
    does), ``after`` is ``None`` then too.
    """

    game: str
    layer: str
    cell: Mapping[str, str]
    actor: str
    entry: str
    weight: Fraction
    before: Fraction
    change: Fraction | None
    share: Fraction
    margin: Fraction
    deviation: str

    @property
    def after(self) -> Fraction | None:
        """The weighted payoff after the change."""
        return None if self.change is None else self.before + self.change

    def document(self) -> dict[str, Any]:
        """JSON form (payoffs in :data:`CELL_UNIT`)."""
        after = self.after
        return {
            "game": self.game,
            "layer": self.layer,
            "cell": dict(self.cell),
            "actor": self.actor,
            "entry": self.entry,
            "weight": _fraction_string(self.weight),
            "before": float(self.before),
            "before_exact": _fraction_string(self.before),
            "after": None if after is None else float(after),
            "after_exact": None if after is None else _fraction_string(after),
            "change": None if self.change is None else float(self.change),
            "change_exact": None if self.change is None else _fraction_string(self.change),
            "share": float(self.share),
            "share_exact": _fraction_string(self.share),
            "margin_exact": _fraction_string(self.margin),
            "deviation": self.deviation,
            "unit": CELL_UNIT,
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
        **threshold.summary(),
        "intervals": [[exact_string(i.low), exact_string(i.high)] for i in entry.holds.intervals],
        "interval_details": [
            {
                "low": exact_string(i.low),
                "high": exact_string(i.high),
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
        "witness": None if threshold.witness is None else _fraction_string(threshold.witness),
        "recheck": None if threshold.recheck is None else threshold.recheck.document(),
    }


@dataclass(frozen=True)
class TippingResult:
    """Everything :func:`tipping_analysis` finds for one target outcome."""

    scenario: Scenario
    target: str
    goal: Goal
    holds_at_baseline: bool
    baseline_outcomes: tuple[str, ...]
    baseline_equilibria: tuple[Mapping[str, str], ...]
    parameters: tuple[ParameterTipping, ...]
    minimal_shift: MinimalShift | None
    key_cells: tuple[KeyCell, ...] = field(default=())
    dynamic: str | None = None
    share: float | None = None

    @property
    def unique(self) -> bool:
        """Whether the goal is ``unique`` (the old ``--unique`` flag)."""
        return self.goal == "unique"

    @property
    def _stops(self) -> bool:
        """Whether the thresholds say where the (exact) goal stops holding."""
        if self.goal != "selected":
            return self.holds_at_baseline
        return any(t.kind == "stops" for _, t in self.thresholds)

    @property
    def condition(self) -> str:
        """What the goal asks, in words."""
        return goal_phrase(self.goal, self.target, self.dynamic or "replicator")

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
            "goal": self.goal,
            "condition": self.condition,
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
            "thresholds": [] if self._stops else entries,
            "breaks": entries if self._stops else [],
            "unreachable": self.unreachable,
            "minimal_shift": None if self.minimal_shift is None else self.minimal_shift.document(),
            "key_cells": [c.document() for c in self.key_cells[:KEY_CELLS_SHOWN]],
            "key_cells_unit": CELL_UNIT,
        }
        if self.goal == "selected":
            document["dynamic"] = self.dynamic
            document["share_at_baseline"] = self.share
        return document
