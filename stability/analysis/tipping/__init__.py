"""What tips an outcome: exact thresholds, the smallest combined shift, key payoff cells.

A joint profile is a pure equilibrium when no actor gains by deviating: for each
actor ``a`` and each other strategy ``s'`` of it, the *margin*
``u_a(profile) - u_a(profile with a playing s')`` is ``>= 0``. Margins are sympy
expressions over the parameters, so the set of values of one parameter (the
others at their values) where a goal holds is a finite union of intervals, found
exactly. The goals (:data:`GOALS`):

- ``equilibrium``: some profile of the target outcome is a pure equilibrium;
- ``unique``: the target's profiles are the only pure equilibria;
- ``breaks``: the target (by default the coalition outcome) stops being one;
- ``selected``: the target's basin share under a learning dynamic passes one half
  (a simulation-checked search; its thresholds are those of ``equilibrium``).

One module per job: :mod:`.sets` (exact sets of reals), :mod:`.margins` (the
joint game's margins and the goals), :mod:`.thresholds` (one parameter at a
time), :mod:`.shift`, :mod:`.exclusive` and :mod:`.selected` (the smallest
combined shift), :mod:`.cells` (key payoff cells), :mod:`.verify` (every point
re-checked by ``analyze``'s code), :mod:`.results` (result types and JSON).

>>> from stability.io.scenario import read_scenario
>>> scenario = read_scenario("games/two-allies.toml")
>>> result = tipping_analysis(scenario.with_values({"threat": 1}), "Alliance")
>>> entry = result.parameter("threat").nearest
>>> entry.direction, entry.exact, entry.within_range
('increase', '2', True)
>>> str(result.parameter("dispute").holds)
'(-inf, 0]'
>>> broken = tipping_analysis(scenario, "Alliance", goal="breaks")
>>> broken.minimal_shift.parameters[0].exact, broken.minimal_shift.recheck.outcomes
(Fraction(1999, 1000), ('Split',))
"""

from __future__ import annotations

from fractions import Fraction

from stability.analysis.tipping.cells import binding_margins, key_cells
from stability.analysis.tipping.margins import (
    GOALS,
    Context,
    Deviation,
    Goal,
    GoalCondition,
    LinearForm,
    deviations,
    equilibrium_profiles,
    goal_condition,
    goal_phrase,
)
from stability.analysis.tipping.results import (
    CELL_UNIT,
    KEY_CELLS_SHOWN,
    NORM,
    SCHEMA,
    BindingConstraint,
    KeyCell,
    MinimalShift,
    ParameterTipping,
    Recheck,
    ShiftedParameter,
    Threshold,
    TippingResult,
)
from stability.analysis.tipping.sets import Interval, RealSet, nonnegative_set
from stability.analysis.tipping.shift import (
    DEFAULT_MARGIN,
    describe_shift,
    minimal_shift,
    shift_for,
)
from stability.analysis.tipping.thresholds import (
    _parameter_tipping,
    holding_set,
    nearest_thresholds,
    witnessed,
)
from stability.analysis.tipping.verify import recheck
from stability.errors import InputError
from stability.model.scenario import Scenario

__all__ = [
    "CELL_UNIT",
    "DEFAULT_MARGIN",
    "GOALS",
    "KEY_CELLS_SHOWN",
    "NORM",
    "SCHEMA",
    "BindingConstraint",
    "Context",
    "Deviation",
    "Goal",
    "GoalCondition",
    "Interval",
    "KeyCell",
    "LinearForm",
    "MinimalShift",
    "ParameterTipping",
    "RealSet",
    "Recheck",
    "ShiftedParameter",
    "Threshold",
    "TippingResult",
    "binding_margins",
    "describe_shift",
    "deviations",
    "equilibrium_profiles",
    "goal_condition",
    "goal_phrase",
    "holding_set",
    "key_cells",
    "minimal_shift",
    "nearest_thresholds",
    "nonnegative_set",
    "recheck",
    "shift_for",
    "tipping_analysis",
]


def tipping_analysis(
    scenario: Scenario,
    target: str,
    *,
    goal: Goal | None = None,
    unique: bool = False,
    shift: bool = True,
    cells: bool = True,
    margin: Fraction = DEFAULT_MARGIN,
    dynamic: str = "replicator",
    starts: int = 1000,
    seed: int = 0,
) -> TippingResult:
    """Everything that tips ``target`` (an outcome name) toward ``goal`` at the scenario's values.

    Per parameter (others at their values): the exact set where the goal holds and
    the nearest threshold each way with the binding deviations; the smallest
    combined shift (``shift``, re-checked by ``analyze``'s code) and the key payoff
    cells (``cells``). ``unique=True`` is the old spelling of ``goal="unique"``.
    For ``selected``, ``dynamic``, ``starts`` and ``seed`` fix the simulation.
    """
    chosen: Goal = goal if goal is not None else ("unique" if unique else "equilibrium")
    if chosen not in GOALS:
        raise InputError(
            f"unknown goal {chosen!r} (expected one of: {', '.join(GOALS)})", item="--goal"
        )
    exact_goal: Goal = "equilibrium" if chosen == "selected" else chosen
    context = Context(scenario, target, exact_goal)
    holds = context.holds_at_baseline()
    equilibria = equilibrium_profiles(scenario)
    outcomes = tuple(
        o.name
        for o in scenario.outcomes
        if any(o.name in scenario.outcomes_of(p) for p in equilibria)
    )
    parameters = tuple(
        witnessed(context, _parameter_tipping(context, p.name)) for p in scenario.parameters
    )
    shifted: MinimalShift | None = None
    share: float | None = None
    if chosen == "selected":
        from stability.analysis.tipping.selected import basin_share_function, selected_search

        function = basin_share_function(dynamic, starts, seed)
        found = selected_search(
            scenario,
            target,
            function,
            method=f"{dynamic} dynamics, {starts} starts, seed {seed}",
        )
        share = found.baseline_share
        holds = found.baseline_share > 0.5
        if shift and found.candidate is not None:
            shifted = describe_shift(context, found.candidate, found.share)
            if shifted.recheck is not None and found.share is not None:
                shifted = _with_share_met(shifted, found.share)
    elif shift:
        shifted = shift_for(context, margin)
    return TippingResult(
        scenario=scenario,
        target=target,
        goal=chosen,
        holds_at_baseline=holds,
        baseline_outcomes=outcomes,
        baseline_equilibria=tuple(scenario.profile_names(p) for p in equilibria),
        parameters=parameters,
        minimal_shift=shifted,
        key_cells=key_cells(context, None if shifted is None else shifted.point(scenario))
        if cells and chosen != "selected"
        else (),
        dynamic=dynamic if chosen == "selected" else None,
        share=share,
    )


def _with_share_met(shift: MinimalShift, share: float) -> MinimalShift:
    """For ``selected``: the re-check also requires the simulated share above one half."""
    from dataclasses import replace

    assert shift.recheck is not None
    checked = replace(shift.recheck, share=share, met=shift.recheck.met and share > 0.5)
    return replace(shift, recheck=checked, verified=shift.verified and checked.met)
