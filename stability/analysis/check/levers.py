"""One-parameter levers: the exact thresholds ``stability tipping`` prints, and what is
wrong with them.

For each outcome and each goal (``equilibrium``: some profile of the outcome is a
pure equilibrium; ``unique``: only its profiles are), each parameter alone (the
others at their defaults) has an exact set of values where the goal holds
(:func:`stability.analysis.tipping.thresholds._parameter_tipping`). Its nearest
threshold each way is a *lever*. The checker reports levers that rest on a tie
(:func:`tie_levers`), levers and smallest shifts at which the timeline's end
condition already holds (:func:`past_end`), outcomes tipped only from outside the
ranges (:func:`out_of_range`), and parameters no threshold of which lies within
their range (:func:`inert`).

>>> from stability.io.scenario import read_scenario
>>> table = lever_table(read_scenario("games/two-allies.toml"))
>>> [t.exact for t in table[("Alliance", "equilibrium")].within("threat")]
['2']
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy

from stability.analysis.check.conditions import Conditions
from stability.analysis.check.findings import Finding, approx, range_text
from stability.analysis.check.verdicts import KNIFE_EDGE
from stability.analysis.tipping.margins import Context, Goal
from stability.analysis.tipping.results import ParameterTipping, Threshold
from stability.analysis.tipping.sets import _rational, compare
from stability.analysis.tipping.thresholds import _parameter_tipping
from stability.model.exact import exact_string
from stability.model.scenario import TIME, Scenario

#: The goals whose levers the checker examines.
LEVER_GOALS: tuple[Goal, ...] = ("equilibrium", "unique")


@dataclass(frozen=True)
class Levers:
    """Every parameter's thresholds for one outcome and goal, others at their defaults."""

    outcome: str
    goal: Goal
    holds: bool
    entries: tuple[ParameterTipping, ...]

    def entry(self, name: str) -> ParameterTipping:
        """The entry of parameter ``name``."""
        return next(e for e in self.entries if e.parameter == name)

    def thresholds(self, name: str) -> Iterator[Threshold]:
        """The parameter's nearest threshold each way (increase first)."""
        entry = self.entry(name)
        yield from (t for t in (entry.increase, entry.decrease) if t is not None)

    def within(self, name: str) -> list[Threshold]:
        """The parameter's thresholds that lie within its declared range."""
        return [t for t in self.thresholds(name) if t.within_range]

    @property
    def tipping_goal(self) -> str:
        """The ``stability tipping --goal`` these levers answer."""
        return "breaks" if self.holds and self.goal == "equilibrium" else self.goal

    def aim(self) -> str:
        """What the levers do, in words: ``"make 'X' become a pure equilibrium"``."""
        verb = "stop being" if self.holds else "become"
        what = "the only pure equilibrium" if self.goal == "unique" else "a pure equilibrium"
        return f"make {self.outcome!r} {verb} {what}"


def levers(scenario: Scenario, outcome: str, goal: Goal) -> Levers:
    """The levers of ``outcome`` for ``goal`` at the scenario's values."""
    context = Context(scenario, outcome, goal)
    return Levers(
        outcome,
        goal,
        context.holds_at_baseline(),
        tuple(_parameter_tipping(context, p.name, binding=False) for p in scenario.parameters),
    )


def lever_table(
    scenario: Scenario, outcomes: Collection[str] | None = None
) -> dict[tuple[str, Goal], Levers]:
    """The levers of every outcome (or of ``outcomes``) and goal of :data:`LEVER_GOALS`."""
    return {
        (o.name, goal): levers(scenario, o.name, goal)
        for o in scenario.outcomes
        if outcomes is None or o.name in outcomes
        for goal in LEVER_GOALS
    }


class LazyLevers:
    """One outcome and goal's parameter entries, each computed when first asked for
    (the same entries as :func:`levers`: :func:`inert` reads only some of them).

    >>> from stability.io.scenario import read_scenario
    >>> lazy = LazyLevers(read_scenario("games/two-allies.toml"), "Alliance", "equilibrium")
    >>> str(lazy.entry("threat").holds)
    '[2, inf)'
    """

    def __init__(self, scenario: Scenario, outcome: str, goal: Goal) -> None:
        self.context = Context(scenario, outcome, goal)

    def entry(self, name: str) -> ParameterTipping:
        """The entry of parameter ``name``."""
        return _parameter_tipping(self.context, name, binding=False)


def lazy_lever_table(scenario: Scenario) -> dict[tuple[str, Goal], LazyLevers]:
    """:func:`lever_table`'s keys, each entry computed when asked for."""
    return {
        (o.name, goal): LazyLevers(scenario, o.name, goal)
        for o in scenario.outcomes
        for goal in LEVER_GOALS
    }


def _threshold_text(threshold: Threshold) -> str:
    return f"{threshold.parameter} {threshold.direction}d to {approx(threshold.value)}"


# -- levers resting on a tie ------------------------------------------------------------


def tie_levers(conditions: Conditions, table: dict[tuple[str, Goal], Levers]) -> list[Finding]:
    """Levers within range that vanish when a parameter of a tied condition moves by
    1/1000 of its range.

    A condition of the outcome's profiles that holds with equality at the defaults
    (an actor gains exactly 0) and that a lever does not read stays tied as the lever
    moves, so the lever works only as long as the tie lasts. Each parameter of the
    tie is moved each way by 1/1000 of its range and the levers recomputed exactly.
    """
    scenario = conditions.scenario
    base = conditions.default_margins
    findings: list[Finding] = []
    for (outcome, goal), found in table.items():
        if found.holds:
            continue
        within = {p.name: found.within(p.name) for p in scenario.parameters}
        available = [name for name, ts in within.items() if ts]
        if not available:
            continue
        ties = [
            d
            for profile in conditions.outcome_profiles[outcome]
            for d in conditions.table[profile]
            if base[d] == 0 and conditions.reads(d)
        ]
        movers = [n for n in conditions.names if any(n in conditions.reads(d) for d in ties)]
        losses: list[str] = []
        lost_names: set[str] = set()
        exact: list[tuple[str, str]] = []
        for name in movers:
            parameter = scenario.parameter(name)
            low, high = parameter.range
            step = (high - low) * KNIFE_EDGE
            for direction in (-1, 1):
                value = parameter.value + direction * step
                inside = min(low, parameter.value) <= value <= max(high, parameter.value)
                if step == 0 or not inside:
                    continue
                moved = scenario.with_values({name: value})
                context = Context(moved, outcome, goal)
                if context.holds_at_baseline():
                    continue  # the verdict itself flips: a knife-edge of its own
                gone = []
                for lever in available:
                    if lever == name:
                        continue
                    entry = _parameter_tipping(context, lever, binding=False)
                    if not any(
                        t.within_range for t in (entry.increase, entry.decrease) if t is not None
                    ):
                        nearest = entry.nearest
                        gone.append(
                            f"{lever}'s nearest threshold becomes {approx(nearest.value)}, "
                            f"outside {range_text(*scenario.parameter(lever).range)}"
                            if nearest is not None
                            else f"no value of {lever} works"
                        )
                        lost_names.add(lever)
                if gone:
                    losses.append(
                        f"{name} {'up' if direction > 0 else 'down'} to {approx(value)}: "
                        + ", ".join(gone)
                    )
                    exact.append((f"{name}_moved", exact_string(value)))
        if not losses:
            continue
        tie_text = "; ".join(
            f"at ({conditions.profile_text(d.profile)}) {conditions.indifference_text(d)}: "
            f"{conditions.condition_text(d)}"
            for d in ties
        )
        lever_text = ", ".join(
            f"{name} (threshold {' or '.join(approx(t.value) for t in within[name])})"
            for name in available
            if name in lost_names
        )
        for name in available:
            if name in lost_names:
                exact += [(f"{name}_threshold", t.exact) for t in within[name]]
        findings.append(
            Finding(
                kind="knife-edge",
                severity="warning",
                subject=outcome,
                evidence=(
                    f"To {found.aim()}, the "
                    + ("levers " if len(lost_names) > 1 else "lever ")
                    + f"{lever_text} "
                    + ("rest" if len(lost_names) > 1 else "rests")
                    + f" on an exact tie at the defaults: {tie_text}. Moving "
                    "one parameter of the tie by 1/1000 of its range removes "
                    + ("them: " if len(lost_names) > 1 else "it: ")
                    + "; ".join(losses)
                    + "."
                ),
                hint=(
                    "A lever that rests on a tie exists only because an actor is exactly "
                    "indifferent: "
                    "move the defaults off the tie (or give the actor a reason to prefer one "
                    "side) before reading anything into them."
                ),
                parameters=tuple(
                    dict.fromkeys(
                        [*movers, *sorted(lost_names, key=conditions.names.index)]
                    )
                ),
                outcomes=(outcome,),
                exact=tuple(exact),
                goal=found.tipping_goal,
            )
        )
    return findings


# -- levers past the timeline's end ----------------------------------------------------


def campaign_over(scenario: Scenario, values: dict[str, Fraction]) -> tuple[bool, str] | None:
    """Whether the timeline's end condition already holds at ``t = 0`` with ``values``
    (``None`` without an end condition), and both sides in words."""
    ends = scenario.end_expressions(values)
    if ends is None:
        return None
    start: dict[sympy.Symbol, sympy.Expr] = {TIME: sympy.Integer(0)}
    play = getattr(scenario.timeline, "play", None)
    if play is not None:  # a state that follows play starts at 0
        start[sympy.Symbol(play.state)] = sympy.Integer(0)
    when, falls_to = (e.xreplace(start) for e in ends)
    if not (when.is_number and falls_to.is_number):
        return None
    over = compare(when, falls_to) <= 0
    return over, f"{approx(when)} <= {approx(falls_to)}"


def shift_past_end(scenario: Scenario, point: dict[str, Fraction]) -> str | None:
    """A sentence when the timeline's end condition already holds at ``point`` (a smallest
    shift, say) at ``t = 0``; ``None`` otherwise or without an end condition.

    >>> from stability.io.scenario import read_scenario
    >>> allies = read_scenario("games/two-allies.toml")
    >>> print(shift_past_end(allies, {"threat": Fraction(0)}))  # doctest: +NORMALIZE_WHITESPACE
    There the timeline's end condition already holds at t = 0 (0 <= 0: The common enemy
    is defeated): this shift lies past the story's end.
    >>> shift_past_end(allies, {"threat": Fraction(1)}) is None
    True
    """
    checked = campaign_over(scenario, point)
    if checked is None or not checked[0]:
        return None
    assert scenario.timeline is not None and scenario.timeline.end is not None
    return (
        f"There the timeline's end condition already holds at t = 0 ({checked[1]}: "
        f"{scenario.timeline.end.describe()}): this shift lies past the story's end."
    )


def past_end(
    conditions: Conditions,
    table: dict[tuple[str, Goal], Levers],
    shifts: dict[tuple[str, Goal], dict[str, Fraction] | None],
) -> list[Finding]:
    """Thresholds within range, and smallest shifts, at which the campaign is already over.

    The timeline ends at the first ``t`` where ``when(t) <= falls_to(t)``; a lever whose
    value makes that hold at ``t = 0`` describes a world in which the story has ended.
    """
    scenario = conditions.scenario
    timeline = scenario.timeline
    if timeline is None or timeline.end is None:
        return []
    end = timeline.end
    findings: list[Finding] = []
    for (outcome, goal), found in table.items():
        past: list[str] = []
        names: list[str] = []
        exact: list[tuple[str, str]] = []
        for parameter in scenario.parameters:
            for threshold in found.within(parameter.name):
                if not threshold.value.is_Rational:
                    continue
                value = Fraction(int(threshold.value.p), int(threshold.value.q))
                checked = campaign_over(scenario, {parameter.name: value})
                if checked is None or not checked[0]:
                    continue
                past.append(f"{_threshold_text(threshold)} (there {checked[1]})")
                names.append(parameter.name)
                exact.append((f"{parameter.name}_threshold", threshold.exact))
        point = shifts.get((outcome, goal))
        if point is not None:
            moved = {k: v for k, v in point.items() if v != scenario.values[k]}
            checked = campaign_over(scenario, point)
            if moved and checked is not None and checked[0]:
                listed = ", ".join(f"{k} to {approx(v)}" for k, v in moved.items())
                past.append(f"the smallest combined shift ({listed}; there {checked[1]})")
                names += list(moved)
                exact += [(f"shift_{k}", exact_string(v)) for k, v in moved.items()]
        if not past:
            continue
        findings.append(
            Finding(
                kind="lever-past-end",
                severity="warning",
                subject=outcome,
                evidence=(
                    f"To {found.aim()}: "
                    + "; ".join(past)
                    + f". At each of these the timeline's end condition ({end.when} <= "
                    f"{end.falls_to}: {end.describe()}) already holds at t = 0, so the lever "
                    "describes a world in which the story has ended."
                ),
                hint=(
                    "A lever past the end of the story is not an answer: say so where it is "
                    "reported, bound the parameter's range by the end condition, or model "
                    "what happens after the end."
                ),
                parameters=tuple(dict.fromkeys(names)),
                outcomes=(outcome,),
                exact=tuple(exact),
                goal=found.tipping_goal,
            )
        )
    return findings


def out_of_range(scenario: Scenario, table: dict[tuple[str, Goal], Levers]) -> list[Finding]:
    """Outcomes (and goals) that no parameter within its range tips, though one outside does."""
    findings: list[Finding] = []
    for (outcome, _goal), found in table.items():
        if any(found.within(p.name) for p in scenario.parameters):
            continue
        outside = [t for p in scenario.parameters for t in found.thresholds(p.name)]
        if not outside:
            continue
        listed = "; ".join(
            f"{_threshold_text(t)} (range {range_text(*scenario.parameter(t.parameter).range)})"
            for t in outside
        )
        findings.append(
            Finding(
                kind="lever-out-of-range",
                severity="info",
                subject=outcome,
                evidence=(
                    f"No single parameter within its declared range (others at their defaults) "
                    f"can {found.aim()}; outside "
                    f"the ranges: {listed}."
                ),
                hint=(
                    "If these values are plausible, widen the ranges; otherwise the outcome "
                    "needs several parameters to move at once (see the smallest combined "
                    "shift of stability tipping)."
                ),
                parameters=tuple(dict.fromkeys(t.parameter for t in outside)),
                outcomes=(outcome,),
                exact=tuple((f"{t.parameter}_threshold", t.exact) for t in outside),
                goal=found.tipping_goal,
            )
        )
    return findings


# -- inert parameters ----------------------------------------------------------------


def inert(
    conditions: Conditions, table: Mapping[tuple[str, Goal], Levers | LazyLevers]
) -> list[Finding]:
    """Parameters read by some condition that decide no outcome's verdict within range.

    Basis: for every outcome and goal (``equilibrium``, ``unique``), the exact set of
    the parameter's values (others at their defaults) where the goal holds either
    contains the whole declared range or misses it entirely.
    """
    scenario = conditions.scenario
    findings: list[Finding] = []
    read = {n for d in conditions.all for n in conditions.reads(d)}
    for parameter in scenario.parameters:
        name = parameter.name
        if name not in read or parameter.range[0] == parameter.range[1]:
            continue
        low, high = (_rational(v) for v in parameter.range)
        decisive = False
        ends: dict[str, tuple[sympy.Expr, list[str]]] = {}
        for (outcome, _goal), found in table.items():
            holding = found.entry(name).holds
            if holding.meets(low, high, True, True) and holding.complement().meets(
                low, high, True, True
            ):
                decisive = True
                break
            for interval in holding.intervals:
                for end in (interval.low, interval.high):
                    if end.is_finite:
                        ends.setdefault(exact_string(end), (end, []))[1].append(outcome)
        if decisive:
            continue
        readers = sum(1 for d in conditions.all if name in conditions.reads(d))
        if ends:
            where = "; ".join(
                f"{approx(value)} ({', '.join(dict.fromkeys(outcomes))})"
                for value, outcomes in ends.values()
            )
            thresholds = f"its thresholds all lie outside {range_text(*parameter.range)}: {where}"
        else:
            thresholds = "no value of it changes any verdict"
        findings.append(
            Finding(
                kind="inert-parameter",
                severity="warning",
                subject=name,
                evidence=(
                    f"{name} is read by {readers} condition{'s' if readers != 1 else ''}, but "
                    f"with the other parameters at their defaults no value of it within "
                    f"{range_text(*parameter.range)} changes whether any outcome is a pure "
                    f"equilibrium, or the only one: {thresholds}."
                ),
                hint=(
                    f"Either {name} matters only jointly with other parameters (say so in its "
                    "doc), or its range or its weight in the payoffs is too small to matter: "
                    "widen the range if the evidence allows, or drop the parameter."
                ),
                parameters=(name,),
                outcomes=tuple(dict.fromkeys(o for _, os in ends.values() for o in os)),
                exact=tuple((f"threshold_{i + 1}", v) for i, v in enumerate(ends)),
            )
        )
    return findings
