"""One parameter at a time: the exact set where a goal holds, and its nearest thresholds.

Margins linear in the parameters (the usual case) are solved with rationals;
others (a weight times a parameter, powers, ``min``/``max``/``abs``) with sympy over
the whole real line (see :func:`~stability.analysis.tipping.sets.nonnegative_set`).

>>> from stability.io.scenario import read_scenario
>>> str(holding_set(read_scenario("games/two-allies.toml"), "Alliance", "threat"))
'[2, inf)'
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Literal

import sympy

from stability.analysis.tipping.margins import (
    Context,
    Deviation,
    Goal,
    Profile,
    holds,
    shared,
)
from stability.analysis.tipping.results import (
    BindingConstraint,
    Direction,
    ParameterTipping,
    Threshold,
)
from stability.analysis.tipping.sets import (
    RealSet,
    _rational,
    compare,
    nonnegative_set,
)
from stability.model.exact import number_text
from stability.model.scenario import Scenario


def _deviation_set_for(context: Context, name: str) -> Callable[[Deviation], RealSet]:
    """Each deviation's set of values of ``name`` (the others at the scenario's values)
    where its margin is ``>= 0``: the same for every target and goal, so kept once per
    scenario object and parameter (:func:`~.margins.shared`)."""
    symbol = sympy.Symbol(name)
    others = {sympy.Symbol(k): _rational(v) for k, v in context.values.items() if k != name}
    cache: dict[Deviation, RealSet] = shared(context.scenario).setdefault(("sets", name), {})

    def deviation_set(deviation: Deviation) -> RealSet:
        found = cache.get(deviation)
        if found is not None:
            return found
        linear = deviation.linear
        if linear is not None:
            # the margin is slope * x + intercept, the intercept its value at the
            # scenario's values less the parameter's own term (as _linear_nonnegative)
            slope = linear.coefficients.get(name, Fraction(0))
            intercept = context.baseline_margin[deviation] - slope * context.values[name]
            if slope == 0:
                found = RealSet.everything() if intercept >= 0 else RealSet()
            else:
                root = _rational(-intercept / slope)
                found = RealSet.at_least(root) if slope > 0 else RealSet.at_most(root)
        else:
            found = nonnegative_set(deviation.margin.xreplace(others), symbol)
        cache[deviation] = found
        return found

    return deviation_set


def binding(
    context: Context,
    profile: Profile,
    deviation: Deviation,
    change: Literal["stops preferring", "starts preferring", "indifferent"],
    sentence: str,
) -> BindingConstraint:
    """The constraint ``deviation`` puts on ``profile``: what changes, and in words."""
    actor = context.scenario.actors[deviation.actor]
    return BindingConstraint(
        actor=actor.name,
        from_strategy=actor.strategies[deviation.strategy],
        to_strategy=actor.strategies[deviation.to],
        profile=context.describe(profile),
        expression=f"{deviation.margin} >= 0",
        change=change,
        sentence=sentence,
    )


def _singular(label: str) -> bool:
    """A rough guess for verb agreement: "Shi'i militias stop", "Iran stops"."""
    return not (label.endswith("s") and not label.endswith(("ss", ".")))


def _binding(
    context: Context,
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
                f"{number_text(point)}{where}"
            )
            found.append(binding(context, profile, deviation, change, sentence))
    return tuple(found)


def _parameter_tipping(context: Context, name: str, *, binding: bool = True) -> ParameterTipping:
    """The exact set where the context's goal holds as ``name`` alone moves, and its
    nearest threshold each way (with the binding constraints with ``binding``); once
    per scenario object, target, goal and parameter (:func:`~.margins.shared`)."""
    memo = shared(context.scenario)
    key = ("tipping", context.target, context.goal, name, binding)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _tipping(context, name, binding=binding)
    assert isinstance(found, ParameterTipping)
    return found


def _tipping(context: Context, name: str, *, binding: bool) -> ParameterTipping:
    parameter = context.scenario.parameter(name)
    deviation_set = _deviation_set_for(context, name)
    holding = holds(context.condition, context.table, deviation_set)
    baseline = _rational(parameter.value)
    low, high = (_rational(v) for v in parameter.range)
    width = float(parameter.range[1] - parameter.range[0]) or 1.0
    at_baseline = holding.contains(baseline)
    thresholds: dict[str, tuple[sympy.Expr | None, Callable[[], bool]]]
    if at_baseline:
        component = next(i for i in holding.intervals if RealSet((i,)).contains(baseline))
        up = component.high if component.high.is_finite else None
        down = component.low if component.low.is_finite else None
        fails = holding.complement()
        thresholds = {
            "increase": (up, lambda: fails.meets(baseline, high, False, True)),
            "decrease": (down, lambda: fails.meets(low, baseline, True, False)),
        }
        kind: Literal["becomes", "stops"] = "stops"
    else:
        above = [i for i in holding.intervals if compare(i.low, baseline) >= 0]
        below = [i for i in holding.intervals if compare(i.high, baseline) <= 0]
        thresholds = {
            "increase": (
                above[0].low if above else None,
                lambda: holding.meets(baseline, high, False, True),
            ),
            "decrease": (
                below[-1].high if below else None,
                lambda: holding.meets(low, baseline, True, False),
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
        holds=holding,
        increase=made["increase"],
        decrease=made["decrease"],
    )


def holding_set(
    scenario: Scenario,
    target: str,
    parameter: str,
    *,
    unique: bool = False,
    goal: Goal | None = None,
) -> RealSet:
    """The exact set of values of ``parameter`` (others at their values) where ``target``
    is a pure equilibrium of the joint game (the only one with ``unique``; any
    :data:`~stability.analysis.tipping.margins.GOALS` condition with ``goal``).

    >>> from stability.io.scenario import read_scenario
    >>> str(holding_set(read_scenario("games/two-allies.toml"), "Alliance", "threat"))
    '[2, inf)'
    """
    chosen: Goal = goal if goal is not None else ("unique" if unique else "equilibrium")
    context = Context(scenario, target, chosen)
    return holds(context.condition, context.table, _deviation_set_for(context, parameter))


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
        context = Context(scenario, outcome.name, "equilibrium")
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


def witnessed(context: Context, entry: ParameterTipping) -> ParameterTipping:
    """The entry with each threshold re-checked by ``analyze``'s code at a witness value:
    a rational just past the threshold, inside the set where the goal holds (past a
    ``becomes`` threshold) or outside it (past a ``stops`` one)."""
    from dataclasses import replace

    from stability.analysis.tipping.verify import recheck

    low, high = entry.range
    width = (high - low) or Fraction(1)
    made: dict[str, Threshold | None] = {}
    for direction in ("increase", "decrease"):
        threshold = entry.increase if direction == "increase" else entry.decrease
        if threshold is None:
            made[direction] = None
            continue
        wanted = entry.holds if threshold.kind == "becomes" else entry.holds.complement()
        sign = 1 if direction == "increase" else -1
        start = Fraction(threshold.float).limit_denominator(10**9)
        witness = None
        for step in (Fraction(0), width / 10**6, width / 10**4, width / 100):
            value = start + sign * step
            if wanted.contains(value) and (
                step or not threshold.value.is_Rational or value == _as_fraction(threshold.value)
            ):
                witness = value
                break
        if witness is None:
            made[direction] = threshold
            continue
        checked = recheck(
            context.scenario, {entry.parameter: witness}, context.target, context.goal
        )
        made[direction] = replace(threshold, witness=witness, recheck=checked)
    return replace(entry, increase=made["increase"], decrease=made["decrease"])


def _as_fraction(value: sympy.Expr) -> Fraction:
    return Fraction(int(value.p), int(value.q))
