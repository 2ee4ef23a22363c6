"""Re-check a point with the code ``analyze`` runs: the exact joint game's pure equilibria.

The tipping searches use their own margins; a point they return is only reported
after :func:`recheck` has built the exact joint game at it
(:func:`~stability.analysis.joint.joint_game`) and listed its pure equilibria
(:func:`~stability.solvers.pure.pure_equilibria`), exactly as ``analyze`` does.

>>> from fractions import Fraction
>>> from stability.io.scenario import read_scenario
>>> allies = read_scenario("games/two-allies.toml")
>>> recheck(allies, {"threat": Fraction(3, 2)}, "Split", "unique").met
True
>>> recheck(allies, {}, "Split", "unique").outcomes
('Alliance', 'Split')
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from stability.analysis.joint import joint_game
from stability.analysis.tipping.margins import Goal, goal_condition
from stability.analysis.tipping.results import Recheck
from stability.model.scenario import Scenario


def recheck(scenario: Scenario, point: Mapping[str, Fraction], target: str, goal: Goal) -> Recheck:
    """The pure equilibria at ``point`` (other parameters at their values) and whether
    the goal's exact condition holds there (for ``selected``: its ``equilibrium`` part)."""
    from stability.solvers.pure import pure_equilibria

    at = scenario.with_values(dict(point))
    found = [tuple(int(s) for s in p) for p in pure_equilibria(joint_game(at))]
    outcomes = tuple(
        o.name for o in scenario.outcomes if any(o.name in scenario.outcomes_of(p) for p in found)
    )
    return Recheck(
        outcomes=outcomes,
        equilibria=tuple(scenario.profile_names(p) for p in found),
        met=goal_condition(scenario, target, goal).met(found),
    )
