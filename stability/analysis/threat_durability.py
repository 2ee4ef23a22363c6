"""How far the common threat can fade before an outcome stops being an equilibrium.

Two layers:

- :func:`equilibrium_set`: the set of values of one parameter (all others fixed)
  at which some profile of an outcome is a pure equilibrium of the joint game, as
  a sympy set, solved exactly by :mod:`stability.analysis.tipping`;
  :func:`intervals` lists the set's pieces (the sweep maps use them too).
- :func:`durability`: the threat threshold below which the outcome stops being
  an equilibrium and, when the scenario declares ``[dynamics]``, how many whole
  periods the outcome lasts as the threat decays, with the same at each end of
  every other parameter's range.

>>> from stability.io.scenario import read_scenario
>>> scenario = read_scenario("games/two-allies.toml")
>>> equilibrium_set(scenario, "Alliance", "threat")
Interval(2, oo)
>>> result = durability(scenario)
>>> result.threshold, result.decay  # no [dynamics]: see durability.timeline_durability
(2, None)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy

from stability.errors import InputError
from stability.model.exact import exact_string, json_number
from stability.model.scenario import Scenario
from stability.model.symbolic import as_sympy

Number = Fraction | int


@dataclass(frozen=True)
class Piece:
    """One connected piece of a set of parameter values: ``[low, high]`` with open ends
    where ``low_open`` / ``high_open``; ``low`` may be ``-oo`` and ``high`` ``oo``."""

    low: sympy.Expr
    high: sympy.Expr
    low_open: bool
    high_open: bool

    def contains(self, value: sympy.Expr) -> bool:
        """True when ``value`` lies in the piece (exact comparison)."""
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return bool(above) and bool(below)


def equilibrium_set(
    scenario: Scenario,
    outcome: str,
    parameter: str,
    values: Mapping[str, Number] | None = None,
) -> sympy.Set:
    """The exact set of values of ``parameter`` (others at the scenario's values,
    updated by ``values``) at which some profile of ``outcome`` is a pure equilibrium.

    The solving is :func:`stability.analysis.tipping.holding_set`'s; this returns
    its answer as a sympy set.

    >>> from stability.io.scenario import read_scenario
    >>> scenario = read_scenario("games/two-allies.toml")
    >>> equilibrium_set(scenario, "Alliance", "dispute", {"threat": 5})
    Interval(-oo, 4)
    """
    from stability.analysis.tipping import holding_set

    try:
        scenario.outcome_mask(outcome)
    except KeyError:
        names = ", ".join(o.name for o in scenario.outcomes) or "none declared"
        raise InputError(f"no outcome {outcome!r} (expected one of: {names})") from None
    try:
        scenario.parameter(parameter)
    except KeyError:
        names = ", ".join(p.name for p in scenario.parameters)
        raise InputError(f"unknown parameter {parameter!r} (expected one of: {names})") from None
    if values:
        scenario = scenario.with_values({k: Fraction(v) for k, v in values.items()})
    found = holding_set(scenario, outcome, parameter)
    return sympy.Union(
        *(
            sympy.Interval(i.low, i.high, not i.low_closed, not i.high_closed)
            for i in found.intervals
        )
    )


def intervals(values: sympy.Set) -> list[Piece]:
    """The connected pieces of a set of reals, in increasing order.

    >>> [(p.low, p.high) for p in intervals(sympy.Interval(0, 1) | sympy.FiniteSet(3))]
    [(0, 1), (3, 3)]
    """
    if values is sympy.S.EmptySet:
        return []
    if values is sympy.S.Reals:
        return [Piece(-sympy.oo, sympy.oo, True, True)]
    if isinstance(values, sympy.Interval):
        return [Piece(values.start, values.end, bool(values.left_open), bool(values.right_open))]
    if isinstance(values, sympy.FiniteSet):
        return [Piece(v, v, False, False) for v in sorted(values, key=float)]
    if isinstance(values, sympy.Union):
        pieces = [piece for part in values.args for piece in intervals(part)]
        return sorted(pieces, key=lambda p: (float(p.low), float(p.high)))
    raise InputError(f"cannot describe the set {values} as intervals")


def _rational(value: Number) -> sympy.Rational:
    fraction = Fraction(value)
    return sympy.Rational(fraction.numerator, fraction.denominator)


# -- durability ------------------------------------------------------------------------


@dataclass(frozen=True)
class Decay:
    """How long the outcome lasts as the threat decays (``None`` fields: it never ends)."""

    model: str
    rate: sympy.Expr
    time: sympy.Expr | None
    periods: int | None
    note: str = ""


@dataclass(frozen=True)
class Sensitivity:
    """The decay's periods and time with one other parameter at each end of its range."""

    parameter: str
    ends: tuple[Fraction, Fraction]
    periods: tuple[int | None, int | None]
    times: tuple[float | None, float | None]
    thresholds: tuple[sympy.Expr | None, sympy.Expr | None]
    notes: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Durability:
    """The result of :func:`durability`.

    ``boundary`` is the lower end (over all reals) of the piece of the equilibrium
    set that holds the baseline; ``threshold`` is that end where it lies above the
    bottom of the threat's range (the contract's value), else ``None``. When the
    outcome is not an equilibrium at the baseline (``holds`` false), ``threshold``
    is the lower end of the nearest piece that meets the range.
    """

    outcome: str
    threat: str
    baseline: Fraction
    holds: bool
    threshold: sympy.Expr | None
    boundary: sympy.Expr | None
    holds_at_threshold: bool | None
    pieces: tuple[Piece, ...]
    decay: Decay | None
    sensitivity: tuple[Sensitivity, ...] = ()


def _piece_at(pieces: list[Piece], value: sympy.Expr) -> Piece | None:
    for piece in pieces:
        if piece.contains(value):
            return piece
    return None


def _decay(
    scenario: Scenario, values: Mapping[str, Number], piece: Piece | None
) -> Decay | None:
    dynamics = scenario.dynamics
    if dynamics is None:
        return None
    substitution = scenario.substitution(values)
    rate = as_sympy(dynamics.rate.xreplace(substitution))
    threat0 = substitution[sympy.Symbol(dynamics.threat)]
    if piece is None:
        return Decay(dynamics.model, rate, None, None, "the outcome does not hold at the start")
    boundary, closed = piece.low, not piece.low_open
    if rate.is_zero:
        return Decay(dynamics.model, rate, None, None, "the threat does not decay (rate 0)")
    if rate.is_negative:
        return Decay(dynamics.model, rate, None, None, "the threat grows (negative rate)")
    if dynamics.model == "exponential":
        if rate >= 1:
            return Decay(dynamics.model, rate, None, None, "exponential decay needs a rate below 1")
        if threat0 <= 0 or boundary <= 0:
            note = "the threat never falls to the threshold"
            if threat0 <= 0:
                note = "threat not positive"
            return Decay(dynamics.model, rate, None, None, note)
        time = sympy.log(boundary / threat0) / sympy.log(1 - rate)
        simpler = sympy.simplify(time)
        time = simpler if simpler.is_Rational else time
    else:
        if boundary == -sympy.oo:
            return Decay(dynamics.model, rate, None, None, "the outcome holds at any threat below")
        time = (threat0 - boundary) / rate

    def holds(period: int) -> bool:
        level = dynamics.threat_expression(period).xreplace(substitution)
        return bool(level > boundary) or (closed and bool(sympy.Eq(level, boundary)))

    periods = max(0, math.floor(float(time)))
    while holds(periods + 1):
        periods += 1
    while periods > 0 and not holds(periods):
        periods -= 1
    return Decay(dynamics.model, rate, time, periods)


def _analyse(
    scenario: Scenario, outcome: str, threat: str, values: Mapping[str, Number]
) -> tuple[list[Piece], Piece | None, sympy.Expr | None, Decay | None]:
    pieces = intervals(equilibrium_set(scenario, outcome, threat, values))
    merged = {**scenario.values, **{k: Fraction(v) for k, v in values.items()}}
    baseline = _rational(merged[threat])
    piece = _piece_at(pieces, baseline)
    low, high = (_rational(end) for end in scenario.parameter(threat).range)
    # not an equilibrium now: report the nearest piece within the range instead,
    # so that "holds from 4 on" is still said when the threat is now 2
    nearest = piece or min(
        (p for p in pieces if bool(p.low <= high) and bool(p.high >= low)),
        key=lambda p: float(min(abs(p.low - baseline), abs(p.high - baseline))),
        default=None,
    )
    threshold = nearest.low if nearest is not None and nearest.low > low else None
    return pieces, piece, threshold, _decay(scenario, merged, piece)


def durability(
    scenario: Scenario,
    threat: str | None = None,
    outcome: str | None = None,
    *,
    sensitivity: bool = True,
) -> Durability:
    """The threat threshold of ``outcome`` and, with ``[dynamics]``, how long it lasts.

    ``threat`` defaults to the scenario's threat parameter (or its dynamics'),
    ``outcome`` to its coalition outcome.
    """
    threat = threat or scenario.threat_parameter
    if threat is None:
        raise InputError("this scenario names no threat parameter; give one with --threat NAME")
    try:
        scenario.parameter(threat)
    except KeyError:
        names = ", ".join(p.name for p in scenario.parameters)
        raise InputError(
            f"unknown parameter {threat!r} (expected one of: {names})", item="--threat"
        ) from None
    outcome = outcome or scenario.coalition_outcome
    if outcome is None:
        raise InputError("this scenario names no coalition outcome; give one with --outcome NAME")
    pieces, piece, threshold, decay = _analyse(scenario, outcome, threat, {})
    entries: list[Sensitivity] = []
    if sensitivity and decay is not None:
        for parameter in scenario.parameters:
            if parameter.name == threat:
                continue
            periods: list[int | None] = []
            times: list[float | None] = []
            thresholds: list[sympy.Expr | None] = []
            notes: list[str] = []
            for end in parameter.range:
                _, _, end_threshold, end_decay = _analyse(
                    scenario, outcome, threat, {parameter.name: end}
                )
                periods.append(end_decay.periods if end_decay else None)
                time = end_decay.time if end_decay else None
                times.append(float(time) if time is not None else None)
                thresholds.append(end_threshold)
                notes.append(end_decay.note if end_decay else "")
            entries.append(
                Sensitivity(
                    parameter.name,
                    parameter.range,
                    (periods[0], periods[1]),
                    (times[0], times[1]),
                    (thresholds[0], thresholds[1]),
                    (notes[0], notes[1]),
                )
            )
    return Durability(
        outcome=outcome,
        threat=threat,
        baseline=scenario.parameter(threat).value,
        holds=piece is not None,
        threshold=threshold,
        boundary=piece.low if piece is not None and piece.low != -sympy.oo else None,
        holds_at_threshold=(not piece.low_open) if piece is not None and threshold else None,
        pieces=tuple(pieces),
        decay=decay,
        sensitivity=tuple(entries),
    )


def _number(value: sympy.Expr | None) -> float | None:
    """A JSON number; ``null`` for none and for an infinite value (JSON has no infinity)."""
    return json_number(value)


def _exact(value: sympy.Expr | None) -> str | None:
    """The exact string (``"inf"``/``"-inf"`` for an infinite end); ``null`` for none."""
    return None if value is None else exact_string(value)


def durability_document(result: Durability, scenario: Scenario) -> dict[str, object]:
    """``stability/durability/v1`` for a :class:`Durability` result."""
    low, high = scenario.parameter(result.threat).range
    threat: dict[str, object] = {
        "name": result.threat,
        "baseline": float(result.baseline),
        "threshold": _number(result.threshold),
        "exact": _exact(result.threshold),
        "range": [float(low), float(high)],
        "holds_at_baseline": result.holds,
        "holds_at_threshold": result.holds_at_threshold,
        "boundary": _exact(result.boundary),
        "intervals": [[_exact(p.low), _exact(p.high)] for p in result.pieces],
    }
    decay: dict[str, object] | None = None
    if result.decay is not None and scenario.dynamics is not None:
        d = result.decay
        decay = {
            "model": d.model,
            "rate": {"expression": str(scenario.dynamics.rate), "value": float(d.rate),
                     "exact": exact_string(d.rate)},
            "threat_at": str(scenario.dynamics.threat_expression(sympy.Symbol("t"))),
            "time": _number(d.time),
            "time_exact": _exact(d.time),
            "periods": d.periods,
            "note": d.note or None,
            "sensitivity": [
                {
                    "parameter": s.parameter,
                    "range": [float(s.ends[0]), float(s.ends[1])],
                    "periods": list(s.periods),
                    "time": list(s.times),
                    "threshold": [_number(t) for t in s.thresholds],
                    "note": [n or None for n in s.notes],
                }
                for s in result.sensitivity
            ],
        }
        decay["ends"] = d.time is not None
    return {
        "schema": "stability/durability/v1",
        "outcome": result.outcome,
        "threat": threat,
        "decay": decay,
    }
