"""Does the coalition outlast the campaign? Durability over a scenario's timeline.

With a ``[timeline]`` (or an old ``[dynamics]`` section, read as one), every
parameter is a function of time ``t`` in ``[0, horizon]``, so every deviation
margin of the joint game is an expression in ``t``. :func:`timeline_durability`
finds, exactly where the roots are rational or square roots and otherwise within
horizon/2**48 by halving on the exact sign (:mod:`stability.analysis.time_sets`,
which says which):

- ``end``: when the campaign ends, the first ``t`` where the end condition
  ``when(t) <= falls_to(t)`` holds (the horizon when the timeline declares none);
- ``breaks``: the first time the followed outcome (the coalition) stops being a
  pure equilibrium of the joint game;
- for each named outcome, every interval of time in which it is a pure
  equilibrium;
- the verdict: the coalition *outlasts* the campaign when it is an equilibrium
  from ``t = 0`` through the end time, else it *breaks first*; ``margin`` is
  ``breaks - end`` (positive: how much longer it holds; negative: how long
  before the end it breaks);
- the same verdict and margin with each parameter at each end of its range.

:func:`durability_v2_document` is the ``stability/durability/v2`` JSON. The
threat-threshold analysis of ``stability/durability/v1`` lives in
:mod:`stability.analysis.threat_durability`; its names are re-exported here.

>>> from stability.io.scenario import read_scenario
>>> scenario = read_scenario("games/two-allies.toml")
>>> result = timeline_durability(scenario, sensitivity=False)
>>> result.breaks.value, result.outlasts, result.verdict
(2, False, 'breaks first')
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from fractions import Fraction

import numpy as np
import sympy

from stability.analysis.piecewise_time import PiecewiseLinearSolver
from stability.analysis.play_path import PathPiece, PlayedPath, played_path
from stability.analysis.threat_durability import (
    Durability,
    Piece,
    durability,
    durability_document,
    equilibrium_set,
    intervals,
)
from stability.analysis.time_sets import (
    BISECTIONS,
    TimeSolver,
    compare,
    contains,
    intersect,
    normalise,
)
from stability.analysis.tipping import Deviation, Interval, deviations
from stability.errors import InputError
from stability.model.exact import exact_string, format_fraction, json_number
from stability.model.scenario import TIME, Scenario

__all__ = [
    "Durability",
    "OutcomeTimeline",
    "Piece",
    "TimePoint",
    "TimelineDurability",
    "TimelineSensitivity",
    "durability",
    "durability_document",
    "durability_v2_document",
    "expression_text",
    "equilibrium_set",
    "exact_string",
    "intervals",
    "timeline_durability",
]

SCHEMA = "stability/durability/v2"
Profile = tuple[int, ...]


@dataclass(frozen=True)
class TimePoint:
    """A time (or a difference of times), exact unless found by bisection."""

    value: sympy.Expr
    exact: bool

    def __float__(self) -> float:
        return float(self.value)

    @property
    def exact_text(self) -> str | None:
        """The exact value as text (``"8"``, ``"log(2)/log(10/9)"``), ``None`` if not known."""
        return exact_string(self.value) if self.exact else None

    def text(self) -> str:
        """For people: ``8``, ``log(2)/log(10/9) ≈ 6.579`` or ``≈ 8.997 (bisection)``."""
        number = float(self.value)
        if not self.exact:
            return f"≈ {number:.6g} (bisection)"
        exact = exact_string(self.value)
        return exact if self.value.is_Rational else f"{exact} ≈ {number:.6g}"

    def short(self) -> str:
        """For tables: the exact value when short and rational, else ``≈ 6.579``."""
        if self.exact and self.value.is_Rational and len(exact_string(self.value)) <= 10:
            return exact_string(self.value)
        return f"≈ {float(self.value):.4g}"


def expression_text(expression: sympy.Expr) -> str:
    """An expression as the scenario format writes it (``max``, not ``Max``).

    >>> from stability.model.scenario import TIME
    >>> expression_text(sympy.Max(0, 8 - TIME / 2))
    'max(0, 8 - t/2)'
    """
    return re.sub(r"\b(Max|Min|Abs)\(", lambda m: m.group(1).lower() + "(", str(expression))


@dataclass(frozen=True)
class OutcomeTimeline:
    """When one outcome is a pure equilibrium: its intervals within ``[0, horizon]``.

    ``equilibrium_from`` is the first time it is one (``None``: never);
    ``equilibrium_until`` the end of that first interval (``None``: it lasts to
    the horizon, or is never one).
    """

    name: str
    intervals: tuple[Interval, ...]
    equilibrium_from: TimePoint | None
    equilibrium_until: TimePoint | None


@dataclass(frozen=True)
class TimelineSensitivity:
    """The verdict with one parameter at each end of its range (the others as given)."""

    parameter: str
    ends: tuple[Fraction, Fraction]
    outlasts: tuple[bool, bool]
    verdicts: tuple[str, str]
    margins: tuple[TimePoint | None, TimePoint | None]
    breaks: tuple[TimePoint | None, TimePoint | None]
    end: tuple[TimePoint | None, TimePoint | None]


@dataclass(frozen=True)
class _Verdict:
    """When an outcome holds along a timeline: the part of the result the timeline decides."""

    end: TimePoint | None
    holds_at_start: bool
    breaks: TimePoint | None
    holds_at_break: bool | None
    outlasts: bool
    verdict: str
    margin: TimePoint | None
    margin_at_least: bool
    margin_at_most: bool


@dataclass(frozen=True)
class TimelineDurability(_Verdict):
    """The result of :func:`timeline_durability` (times in the timeline's ``unit``): the
    verdict's fields (:class:`_Verdict`) and what the timeline and outcome are.

    With ``[timeline.play]``, ``path`` is the equilibrium path actually played
    (:mod:`stability.analysis.play_path`), from which the end, the break, the
    verdict and every outcome's intervals are found; ``follows_play`` is
    :attr:`~stability.model.scenario.Timeline.follows_play`.
    """

    outcome: str
    unit: str
    horizon: Fraction
    parameters: Mapping[str, sympy.Expr]
    end_condition: str
    end_declared: bool
    outcomes: tuple[OutcomeTimeline, ...]
    sensitivity: tuple[TimelineSensitivity, ...]
    bisected: tuple[str, ...]
    path: PlayedPath | None = None
    follows_play: bool = False

    @property
    def method(self) -> str:
        """``"exact"``, or ``"bisection"`` when some time is an irrational root (or one
        not found in closed form), given as a rational within :attr:`precision`."""
        return "bisection" if self.bisected else "exact"

    @property
    def precision(self) -> Fraction:
        """How far a time marked approximate may be from the true one:
        ``horizon / 2**48`` (exact halvings on the exact sign)."""
        return self.horizon / (1 << BISECTIONS)


# -- solving ---------------------------------------------------------------------------


def _profiles(scenario: Scenario, outcome: str) -> list[Profile]:
    mask = scenario.outcome_mask(outcome)
    return [tuple(int(i) for i in index) for index in zip(*np.nonzero(mask), strict=True)]


def _held(
    solver: TimeSolver,
    table: Mapping[Profile, tuple[Deviation, ...]],
    profiles: Sequence[Profile],
    substitution: Mapping[sympy.Symbol, sympy.Expr],
) -> tuple[Interval, ...]:
    """The times at which some profile is a pure equilibrium."""
    held: tuple[Interval, ...] = ()
    for profile in profiles:
        region: tuple[Interval, ...] = (solver.window,)
        for deviation in table[profile]:
            margin = deviation.margin.xreplace(dict(substitution))
            region = intersect(region, solver.nonnegative(margin))
            if not region:
                break
        held = normalise(held + region)
    return held


def _point(solver: TimeSolver, value: sympy.Expr) -> TimePoint:
    return TimePoint(value, solver.is_exact(value))


def _end(
    scenario: Scenario, solver: TimeSolver, values: Mapping[str, Fraction]
) -> TimePoint | None:
    ends = scenario.end_expressions(values)
    if ends is None:
        return TimePoint(solver.horizon, True)
    when, falls_to = ends
    reached = solver.nonnegative(falls_to - when)
    if not reached:
        return None
    return _point(solver, reached[0].low)


def _verdict(solver: TimeSolver, held: tuple[Interval, ...], end: TimePoint | None) -> _Verdict:
    zero = sympy.Integer(0)
    horizon = solver.horizon
    if not contains(held, zero):
        breaks: TimePoint | None = TimePoint(zero, True)
        holds_at_break: bool | None = False
        start = False
    else:
        start = True
        first = held[0]
        if compare(first.high, horizon) == 0 and first.high_closed:
            breaks, holds_at_break = None, None
        else:
            breaks, holds_at_break = _point(solver, first.high), first.high_closed
    if end is None:  # the campaign lasts beyond the horizon
        if not start:
            verdict = "not an equilibrium at the start"
        elif breaks is not None:  # it breaks within the horizon, so before the end
            margin = TimePoint(sympy.Add(breaks.value, -horizon), breaks.exact)
            return _Verdict(
                None, start, breaks, holds_at_break, False, "breaks first", margin, False, True
            )
        else:
            verdict = "the campaign does not end within the horizon"
        return _Verdict(None, start, breaks, holds_at_break, False, verdict, None, False, False)
    if not start:
        outlasts, verdict = False, "not an equilibrium at the start"
    elif breaks is None:
        outlasts, verdict = True, "outlasts"
    else:
        order = compare(breaks.value, end.value)
        outlasts = order > 0 or (order == 0 and bool(holds_at_break))
        verdict = "outlasts" if outlasts else "breaks first"
    last = breaks if breaks is not None else TimePoint(horizon, True)
    margin = TimePoint(sympy.Add(last.value, -end.value), last.exact and end.exact)
    return _Verdict(
        end, start, breaks, holds_at_break, outlasts, verdict, margin, breaks is None, False
    )


def _piece_substitution(
    scenario: Scenario, piece: PathPiece, values: Mapping[str, Fraction]
) -> dict[sympy.Symbol, sympy.Expr]:
    return scenario.time_substitution(values, piece.state_at(TIME))


def _path_end(
    scenario: Scenario, solver: TimeSolver, path: PlayedPath, values: Mapping[str, Fraction]
) -> TimePoint | None:
    """When the campaign ends under the path played (the horizon without a condition)."""
    if scenario.timeline is None or scenario.timeline.end is None:
        return TimePoint(solver.horizon, True)
    for piece in path.pieces:
        ends = scenario.end_expressions(values, piece.state_at(TIME))
        assert ends is not None
        when, falls_to = ends
        span = (Interval(piece.start, piece.stop),)
        reached = intersect(solver.nonnegative(falls_to - when), span)
        if reached:
            return _point(solver, reached[0].low)
    return None


def _path_followed(path: PlayedPath, profiles: Sequence[Profile]) -> tuple[Interval, ...]:
    """The first run of pieces, from 0, in which the followed outcome is played."""
    run: list[PathPiece] = []
    for piece in path.pieces:
        if tuple(piece.profile) not in profiles:
            break
        run.append(piece)
    if not run or run[0].start != 0:
        return ()
    return (Interval(sympy.Integer(0), run[-1].stop, True, run[-1].stop_closed),)


def _path_held(
    scenario: Scenario,
    solver: TimeSolver,
    table: Mapping[Profile, tuple[Deviation, ...]],
    path: PlayedPath,
    profiles: Sequence[Profile],
) -> tuple[Interval, ...]:
    """When some profile of an outcome is a pure equilibrium along the path played."""
    held: tuple[Interval, ...] = ()
    for piece in path.pieces:
        substitution = _piece_substitution(scenario, piece, {})
        span = (Interval(piece.start, piece.stop),)
        held = normalise(held + intersect(_held(solver, table, profiles, substitution), span))
    return held


def _path_verdict(
    scenario: Scenario,
    solver: TimeSolver,
    outcome: str,
    values: Mapping[str, Fraction],
) -> tuple[_Verdict, PlayedPath]:
    path = played_path(scenario, outcome, values, solver)
    end = _path_end(scenario, solver, path, values)
    held = _path_followed(path, _profiles(scenario, outcome))
    result = _verdict(solver, held, end)
    if not path.settled and end is None and result.holds_at_start and result.breaks is None:
        result = replace(result, verdict="no pure equilibrium is reached", outlasts=False)
    return result, path


def _outcome_timeline(solver: TimeSolver, name: str, held: tuple[Interval, ...]) -> OutcomeTimeline:
    if not held:
        return OutcomeTimeline(name, (), None, None)
    first = held[0]
    until = (
        None
        if compare(first.high, solver.horizon) == 0 and first.high_closed
        else _point(solver, first.high)
    )
    return OutcomeTimeline(name, held, _point(solver, first.low), until)


def _check_outcome(scenario: Scenario, name: str, option: str) -> str:
    try:
        scenario.outcome(name)
    except KeyError:
        names = ", ".join(o.name for o in scenario.outcomes) or "none declared"
        raise InputError(f"no outcome {name!r} (expected one of: {names})", item=option) from None
    return name


def timeline_durability(
    scenario: Scenario,
    outcome: str | None = None,
    outcomes: Sequence[str] | None = None,
    *,
    sensitivity: bool = True,
) -> TimelineDurability:
    """Follow ``outcome`` (default: the coalition outcome) along the scenario's
    timeline; ``outcomes`` (default: all) are the outcomes whose equilibrium
    intervals are listed.

    Raises :class:`InputError` when the scenario has no timeline or no such outcome.
    """
    timeline = scenario.timeline
    if timeline is None:
        raise InputError(
            "this scenario has no [timeline] (nor [dynamics]); add one, or give "
            "--threat NAME for the threat-threshold analysis"
        )
    outcome = outcome or scenario.coalition_outcome
    if outcome is None:
        raise InputError("this scenario names no coalition outcome; give one with --coalition NAME")
    _check_outcome(scenario, outcome, "--coalition")
    tracked = list(outcomes) if outcomes else [o.name for o in scenario.outcomes]
    for name in tracked:
        _check_outcome(scenario, name, "--outcome")
    solver = (
        PiecewiseLinearSolver(timeline.horizon)
        if timeline.play is not None
        else TimeSolver(timeline.horizon)
    )
    table = deviations(scenario)
    path: PlayedPath | None = None
    if timeline.play is not None:
        result, path = _path_verdict(scenario, solver, outcome, {})
        played = path
        listed = tuple(
            _outcome_timeline(
                solver,
                name,
                _path_held(scenario, solver, table, played, _profiles(scenario, name)),
            )
            for name in tracked
        )
    else:
        substitution = scenario.time_substitution()
        followed = _held(solver, table, _profiles(scenario, outcome), substitution)
        result = _verdict(solver, followed, _end(scenario, solver, {}))
        listed = tuple(
            _outcome_timeline(
                solver,
                name,
                followed
                if name == outcome
                else _held(solver, table, _profiles(scenario, name), substitution),
            )
            for name in tracked
        )
    entries: list[TimelineSensitivity] = []
    if sensitivity:
        profiles = _profiles(scenario, outcome)
        for parameter in scenario.parameters:
            at_ends = []
            for value in parameter.range:
                values = {parameter.name: value}
                if timeline.play is not None:
                    at_ends.append(_path_verdict(scenario, solver, outcome, values)[0])
                    continue
                held = _held(solver, table, profiles, scenario.time_substitution(values))
                at_ends.append(_verdict(solver, held, _end(scenario, solver, values)))
            low, high = at_ends
            entries.append(
                TimelineSensitivity(
                    parameter.name,
                    parameter.range,
                    (low.outlasts, high.outlasts),
                    (low.verdict, high.verdict),
                    (low.margin, high.margin),
                    (low.breaks, high.breaks),
                    (low.end, high.end),
                )
            )
    constants = scenario.substitution()
    end = timeline.end
    return TimelineDurability(
        outcome=outcome,
        unit=timeline.unit,
        horizon=timeline.horizon,
        parameters={n: e.xreplace(constants) for n, e in timeline.parameters.items()},
        end_condition=end.describe() if end is not None else "the horizon (no end condition)",
        end_declared=end is not None,
        outcomes=listed,
        sensitivity=tuple(entries),
        bisected=tuple(solver.bisected),
        path=path,
        follows_play=timeline.follows_play,
        **{f.name: getattr(result, f.name) for f in fields(_Verdict)},
    )


# -- JSON --------------------------------------------------------------------------------


def _time(point: TimePoint | None) -> float | None:
    return None if point is None else float(point)


def _interval(interval: Interval) -> dict[str, object]:
    return {
        "from": json_number(interval.low),
        "to": json_number(interval.high),
        "from_exact": exact_string(interval.low),
        "to_exact": exact_string(interval.high),
        "closed": [interval.low_closed, interval.high_closed],
    }


def _moment(point: TimePoint | None) -> dict[str, object] | None:
    return None if point is None else {"time": float(point), "exact": point.exact_text}


def durability_v2_document(result: TimelineDurability) -> dict[str, object]:
    """``stability/durability/v2`` for a :class:`TimelineDurability` result."""
    breaks = _moment(result.breaks)
    if breaks is not None:
        breaks["holds_at_break"] = result.holds_at_break
    end = _moment(result.end) or {"time": None, "exact": None}
    end.update(condition=result.end_condition, declared=result.end_declared)
    return {
        "schema": SCHEMA,
        "outcome": result.outcome,
        "unit": result.unit,
        "horizon": float(result.horizon),
        "horizon_exact": format_fraction(result.horizon),
        "parameters": {name: expression_text(e) for name, e in result.parameters.items()},
        "end": end,
        "holds_at_start": result.holds_at_start,
        "breaks": breaks,
        "outlasts": result.outlasts,
        "verdict": result.verdict,
        "margin": _time(result.margin),
        "margin_exact": result.margin.exact_text if result.margin else None,
        "margin_at_least": result.margin_at_least,
        "margin_at_most": result.margin_at_most,
        "outcomes": [
            {
                "name": o.name,
                "equilibrium_from": _time(o.equilibrium_from),
                "equilibrium_until": _time(o.equilibrium_until),
                "intervals": [_interval(i) for i in o.intervals],
            }
            for o in result.outcomes
        ],
        "sensitivity": [
            {
                "parameter": s.parameter,
                "range": [float(s.ends[0]), float(s.ends[1])],
                "ends": [
                    {
                        "value": float(s.ends[k]),
                        "outlasts": s.outlasts[k],
                        "verdict": s.verdicts[k],
                        "margin": _time(s.margins[k]),
                        "breaks": _time(s.breaks[k]),
                        "end": _time(s.end[k]),
                    }
                    for k in (0, 1)
                ],
            }
            for s in result.sensitivity
        ],
        "method": result.method,
        "bisected": list(result.bisected),
        "precision": float(result.precision),
        "precision_exact": str(result.precision),
        "follows_play": result.follows_play,
        "path": None if result.path is None else _path_document(result.path),
    }


def _path_document(path: PlayedPath) -> dict[str, object]:
    """The equilibrium path played (``[timeline.play]``), piece by piece."""
    return {
        "state": path.state,
        "settled": path.settled,
        "pieces": [
            {
                **_interval(Interval(p.start, p.stop, True, p.stop_closed)),
                "profile": dict(p.strategies),
                "outcomes": list(p.outcomes),
                "rate": json_number(p.rate),
                "rate_exact": exact_string(p.rate),
                "state_from": json_number(p.state_at_start),
                "state_from_exact": exact_string(p.state_at_start),
                "state_to": json_number(p.state_at(p.stop)),
                "state_to_exact": exact_string(sympy.expand(p.state_at(p.stop))),
                "moves": [
                    {"actor": m.actor, "from": m.from_strategy, "to": m.to_strategy}
                    for m in p.moves
                ],
            }
            for p in path.pieces
        ],
    }
