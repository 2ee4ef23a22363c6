"""Goal ``selected``: the smallest shift at which a learning dynamic picks the target.

The target is *selected* when its basin share (the share of random starting
beliefs from which the dynamic in the joint game ends in one of its pure
equilibria, :func:`stability.analysis.selection.outcome_basin_share`) passes one
half. Shares come from simulation, so this is a **search, not an exact bound**:

1. candidates: the exact smallest shifts for ``unique`` and ``equilibrium`` (a
   dynamic can only end in a pure equilibrium, so the target must be one), and
   points further out along the segment from the current values to each;
2. the nearest candidate where the share passes one half is pulled back toward
   the current values by bisection on the segment (on exact rational points);
3. then each moved parameter in turn is moved back toward its current value by
   halving the step while the share stays above one half.

Every candidate point is exact and checked by simulation with the same seed and
number of starts (common random numbers), so the search is reproducible.

>>> from stability.io.scenario import read_scenario
>>> allies = read_scenario("games/two-allies.toml")
>>> def share(scenario, outcome):  # a stand-in: "Split" wins when threat < 5/2
...     return 1.0 if scenario.values["threat"] < Fraction(5, 2) else 0.0
>>> found = selected_search(allies, "Split", share)
>>> found.candidate.point["threat"] < Fraction(5, 2), found.evaluations <= 60
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from stability.analysis.tipping.exclusive import Candidate
from stability.analysis.tipping.lp import Point, bounds, distance
from stability.analysis.tipping.margins import Context
from stability.analysis.tipping.shift import DEFAULT_MARGIN, _equilibrium_shift
from stability.errors import StabilityError
from stability.model.scenario import Scenario

ShareFunction = Callable[[Scenario, str], float]

#: Bisection steps along a segment, and halvings per parameter.
BISECTIONS = 6
HALVINGS = 3


@dataclass(frozen=True)
class SelectedSearch:
    """What the search found: the point (or ``None``), the share there and at the start."""

    candidate: Candidate | None
    share: float | None
    baseline_share: float
    evaluations: int


def basin_share_function(dynamic: str, starts: int, seed: int) -> ShareFunction:
    """``outcome_basin_share`` with the dynamic, starts and seed fixed."""
    try:
        from stability.analysis.selection import (  # type: ignore[import-not-found,unused-ignore]
            outcome_basin_share,
        )
    except ImportError as err:  # pragma: no cover - present once select-sensitivity lands
        raise StabilityError(
            "goal 'selected' needs stability.analysis.selection (equilibrium selection)"
        ) from err

    def share(scenario: Scenario, outcome: str) -> float:
        return float(
            outcome_basin_share(scenario, outcome, dynamic=dynamic, starts=starts, seed=seed)
        )

    return share


def selected_search(
    scenario: Scenario,
    target: str,
    share: ShareFunction,
    *,
    method: str = "basin share by simulation",
) -> SelectedSearch:
    """Search for the smallest shift where ``share(scenario, target) > 1/2`` (see above)."""
    from stability.analysis.tipping.exclusive import exclusive_shift

    baseline = dict(scenario.values)
    evaluations = 0
    cache: dict[tuple[Fraction, ...], float] = {}

    def evaluate(point: Point) -> float:
        nonlocal evaluations
        key = tuple(point[name] for name in baseline)
        if key not in cache:
            evaluations += 1
            cache[key] = share(scenario.with_values(point), target)
        return cache[key]

    start_share = evaluate(baseline)
    if start_share > 0.5 or not baseline:
        return SelectedSearch(None, start_share, start_share, evaluations)
    box = dict(zip(baseline, bounds(scenario), strict=True))

    def along(far: Point, t: Fraction) -> Point:
        return {
            n: min(box[n][1], max(box[n][0], baseline[n] + t * (far[n] - baseline[n])))
            for n in baseline
        }

    seeds: list[Point] = []
    for goal in ("unique", "equilibrium"):
        goal_context = Context(scenario, target, goal)
        found = (
            exclusive_shift(goal_context, DEFAULT_MARGIN)
            if goal_context.goal == "unique"
            else _equilibrium_shift(goal_context)
        )
        if found is not None and found.verified:
            seeds.append(found.point)
    candidates = [along(p, t) for p in seeds for t in (Fraction(1), Fraction(3, 2), Fraction(2))]
    candidates += [
        {**baseline, **{n: box[n][k] for n in p if p[n] != baseline[n]}}
        for p in seeds
        for k in (0, 1)
        if all(
            (box[n][k] - baseline[n]) * (p[n] - baseline[n]) > 0 for n in p if p[n] != baseline[n]
        )
    ]
    candidates.sort(key=lambda c: distance(scenario, c))
    feasible = [c for c in candidates if evaluate(c) > 0.5]
    if not feasible:
        return SelectedSearch(None, None, start_share, evaluations)
    best = feasible[0]
    # 2. bisection on the segment from the current values
    low, high = Fraction(0), Fraction(1)
    for _ in range(BISECTIONS):
        middle = (low + high) / 2
        if evaluate(along(best, middle)) > 0.5:
            high = middle
        else:
            low = middle
    best = along(best, high)
    # 3. each moved parameter back toward its current value
    for name in baseline:
        step = (best[name] - baseline[name]) / 2
        for _ in range(HALVINGS):
            if step == 0:
                break
            trial = {**best, name: best[name] - step}
            if evaluate(trial) > 0.5:
                best = trial
            else:
                step /= 2
    final = evaluate(best)
    return SelectedSearch(
        Candidate(
            point=best,
            verified=True,
            profile=None,
            method=f"search ({method}): the exact 'unique' and 'equilibrium' shifts and "
            "points beyond them, then bisection toward the current values and "
            f"per-parameter halving; {evaluations} points simulated",
            guarantee="a search, not an exact bound: each point is exact and its basin share "
            "is estimated by simulation with a fixed seed; a smaller shift may exist",
            optimality="search",
            margin=None,
        ),
        final,
        start_share,
        evaluations,
    )
