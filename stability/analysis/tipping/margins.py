"""The joint game's equilibrium conditions as margins, and what each goal asks of them.

A joint profile is a pure equilibrium when no actor gains by deviating: for each
actor ``a`` and each other strategy ``s'`` of it, the *margin*
``u_a(profile) - u_a(profile with a playing s')`` is ``>= 0``. A goal is a
condition on which profiles are equilibria (:class:`GoalCondition`):

- ``equilibrium``: some profile of the target outcome is a pure equilibrium;
- ``unique``: that, and no profile outside the target is one;
- ``breaks``: no profile of the target outcome (by default the coalition's) is one;
- ``selected``: the target is selected by a learning dynamic (basin share above
  one half); its exact part is the ``equilibrium`` condition, which it needs.

>>> from stability.io.scenario import read_scenario
>>> allies = read_scenario("games/two-allies.toml")
>>> context = Context(allies, "Alliance", "unique")
>>> context.holds_at_baseline(), Context(allies, "Alliance", "equilibrium").holds_at_baseline()
(False, True)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import sympy

from stability.analysis.joint import joint_payoff_expressions
from stability.analysis.tipping.sets import RealSet
from stability.errors import InputError
from stability.io.expressions import exact_value
from stability.model.scenario import Scenario

Profile = tuple[int, ...]
Goal = Literal["equilibrium", "unique", "breaks", "selected"]
#: The goals, in the order the CLI and the plain answer list them.
GOALS: tuple[Goal, ...] = ("equilibrium", "unique", "breaks", "selected")


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


def _deviations(scenario: Scenario) -> dict[Profile, tuple[Deviation, ...]]:
    """The deviations depend on the payoff expressions, not on the parameters'
    values: scenarios that differ only in values (``--set``, the model checker's
    points) share one expansion."""
    tables = joint_payoff_expressions(scenario)
    names = tuple(p.name for p in scenario.parameters)
    shape = tuple(scenario.shape)
    return _expanded(names, shape, tuple(tuple(t.ravel().tolist()) for t in tables))


@lru_cache(maxsize=16)
def _expanded(
    names: tuple[str, ...], shape: tuple[int, ...], flat: tuple[tuple[Any, ...], ...]
) -> dict[Profile, tuple[Deviation, ...]]:
    tables = [np.array(t, dtype=object).reshape(shape) for t in flat]
    deviations: dict[Profile, tuple[Deviation, ...]] = {}
    for profile in itertools.product(*(range(n) for n in shape)):
        found = []
        for actor, table in enumerate(tables):
            for to in range(shape[actor]):
                if to == profile[actor]:
                    continue
                other = profile[:actor] + (to,) + profile[actor + 1 :]
                margin = sympy.expand(table[profile] - table[other])
                found.append(
                    Deviation(profile, actor, to, margin, _linear_form(margin, list(names)))
                )
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


def goal_phrase(goal: Goal, target: str, dynamic: str = "replicator") -> str:
    """What the goal asks, in words.

    >>> goal_phrase("unique", "Partition")
    "'Partition' is the only pure equilibrium"
    """
    return {
        "equilibrium": f"{target!r} is a pure equilibrium",
        "unique": f"{target!r} is the only pure equilibrium",
        "breaks": f"{target!r} is no longer a pure equilibrium",
        "selected": f"{target!r} is selected: its basin share under {dynamic} dynamics "
        "passes one half",
    }[goal]


@dataclass(frozen=True)
class GoalCondition:
    """A goal as a condition on the joint profiles.

    ``hold`` lists profiles of which at least one must be an equilibrium (``None``:
    no such requirement); ``broken`` lists profiles none of which may be one.
    """

    hold: tuple[Profile, ...] | None
    broken: tuple[Profile, ...]

    def met(self, equilibria: Sequence[Profile]) -> bool:
        """Whether the goal holds when exactly ``equilibria`` are pure equilibria."""
        found = set(equilibria)
        if self.hold is not None and not found.intersection(self.hold):
            return False
        return not found.intersection(self.broken)


def goal_condition(scenario: Scenario, target: str, goal: Goal) -> GoalCondition:
    """The condition ``goal`` puts on the joint profiles (exact part only for ``selected``)."""
    profiles = tuple(_target_profiles(scenario, target))
    if goal in ("equilibrium", "selected"):
        return GoalCondition(profiles, ())
    if goal == "unique":
        chosen = set(profiles)
        others = tuple(
            p for p in itertools.product(*(range(n) for n in scenario.shape)) if p not in chosen
        )
        return GoalCondition(profiles, others)
    if goal == "breaks":
        return GoalCondition(None, profiles)
    raise InputError(f"unknown goal {goal!r} (expected one of: {', '.join(GOALS)})", item="--goal")


def holds(
    condition: GoalCondition,
    table: Mapping[Profile, tuple[Deviation, ...]],
    deviation_set: Callable[[Deviation], RealSet],
) -> RealSet:
    """Where the goal's condition holds, given each deviation's set of ``margin >= 0``."""
    if condition.hold is None:
        region = RealSet.everything()
    else:
        region = RealSet()
        for profile in condition.hold:
            part = RealSet.everything()
            for deviation in table[profile]:
                part = part.intersection(deviation_set(deviation))
                if not part:
                    break
            region = region.union(part)
    for profile in condition.broken:
        if not region:
            break
        broken = RealSet()
        for deviation in table[profile]:
            broken = broken.union(deviation_set(deviation).complement())
        region = region.intersection(broken)
    return region


#: Work shared by every analysis of one scenario object (scenarios are immutable):
#: ``analyze`` and ``report`` ask for the same margins and one-parameter thresholds
#: from several places (the plain answer, the ranking, the checker, ``tipping``).
#: Keyed by ``id``, holding the scenario so that the id is not reused.
_SHARED: dict[int, tuple[Scenario, dict[Any, Any]]] = {}
#: How many scenarios :data:`_SHARED` keeps.
SHARED = 8


def shared(scenario: Scenario) -> dict[Any, Any]:
    """The memo of work on ``scenario`` (this object, at its values).

    >>> from stability.io.scenario import read_scenario
    >>> allies = read_scenario("games/two-allies.toml")
    >>> shared(allies) is shared(allies), shared(allies) is shared(allies.with_values({}))
    (True, False)
    """
    found = _SHARED.get(id(scenario))
    if found is not None and found[0] is scenario:
        return found[1]
    if len(_SHARED) >= SHARED:
        del _SHARED[next(iter(_SHARED))]
    memo: dict[Any, Any] = {}
    _SHARED[id(scenario)] = (scenario, memo)
    return memo


class Context:
    """What every analysis of one scenario, target and goal shares (the deviations and
    their margins at the scenario's values are computed once per scenario object)."""

    def __init__(self, scenario: Scenario, target: str, goal: Goal) -> None:
        memo = shared(scenario)
        self.scenario = scenario
        self.target = target
        self.goal = goal
        if "table" not in memo:
            table = deviations(scenario)
            memo["table"] = table
            memo["baseline"] = {
                d: _margin_at(d, scenario, scenario.values)
                for found in table.values()
                for d in found
            }
        self.table: dict[Profile, tuple[Deviation, ...]] = memo["table"]
        key = ("condition", target, goal)
        if key not in memo:
            memo[key] = (_target_profiles(scenario, target), goal_condition(scenario, target, goal))
        self.target_profiles: list[Profile] = list(memo[key][0])
        self.condition: GoalCondition = memo[key][1]
        self.values = scenario.values
        self.baseline_margin: dict[Deviation, Fraction] = memo["baseline"]

    def relevant_profiles(self) -> list[Profile]:
        """The profiles whose equilibrium status the goal depends on."""
        hold = list(self.condition.hold or ())
        return hold + [p for p in self.condition.broken if p not in set(hold)]

    def holds_at_baseline(self) -> bool:
        """Whether the goal's exact condition holds at the scenario's values."""
        equilibria = [
            p
            for p in self.relevant_profiles()
            if all(self.baseline_margin[d] >= 0 for d in self.table[p])
        ]
        return self.condition.met(equilibria)

    def describe(self, profile: Profile) -> dict[str, str]:
        """A profile in the scenario's words."""
        return self.scenario.profile_names(profile)
