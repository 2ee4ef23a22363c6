"""The joint game's equilibrium conditions, as the checker reads them.

One condition per deviation (an actor at a profile switching to another of its
strategies): its *margin* ``u(profile) - u(after the switch)`` must be ``>= 0``
(see :mod:`stability.analysis.tipping.margins`, whose deviations these are). Here
they are held in file order with their margins at the defaults, and verdicts are
read off any set of margins.

>>> from stability.io.scenario import read_scenario
>>> conditions = Conditions(read_scenario("games/two-allies.toml"))
>>> conditions.verdict("Alliance", conditions.default_margins).text()
'a strict pure equilibrium, not the only one'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import sympy

from stability.analysis.tipping.margins import Deviation, Profile, _margin_at, deviations
from stability.model.scenario import Scenario

Status = Literal["not", "weak", "strict"]


@dataclass(frozen=True)
class Verdict:
    """An outcome's standing at one point: not / a weak / a strict pure equilibrium,
    and whether its profiles are the only pure equilibria."""

    status: Status
    unique: bool

    def text(self) -> str:
        """In words: ``'a weak pure equilibrium, the only one'``."""
        if self.status == "not":
            return "not a pure equilibrium"
        only = "the only one" if self.unique else "not the only one"
        return f"a {self.status} pure equilibrium, {only}"


class Conditions:
    """Every deviation condition of a scenario's joint game, with margins at the defaults."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.table: dict[Profile, tuple[Deviation, ...]] = deviations(scenario)
        self.profiles: tuple[Profile, ...] = tuple(self.table)
        self.all: tuple[Deviation, ...] = tuple(d for ds in self.table.values() for d in ds)
        self.linear = all(d.linear is not None for d in self.all)
        self.names = tuple(p.name for p in scenario.parameters)
        self.values = scenario.values
        self.default_margins: dict[Deviation, Fraction] = self.margins_at(self.values)
        self.outcome_profiles: dict[str, tuple[Profile, ...]] = {
            o.name: tuple(p for p in self.profiles if o.name in scenario.outcomes_of(p))
            for o in scenario.outcomes
        }

    def margins_at(self, values: Mapping[str, Fraction]) -> dict[Deviation, Fraction]:
        """Every margin at ``values`` (missing names at their defaults), exactly."""
        point = dict(self.scenario.values) | dict(values)
        return {d: _margin_at(d, self.scenario, point) for d in self.all}

    def reads(self, deviation: Deviation) -> frozenset[str]:
        """The parameters a deviation's margin depends on."""
        if deviation.linear is not None:
            return frozenset(deviation.linear.coefficients)
        return frozenset(s.name for s in deviation.margin.free_symbols)

    def equilibria(self, margins: Mapping[Deviation, Fraction]) -> tuple[Profile, ...]:
        """The profiles all of whose margins are ``>= 0``."""
        return tuple(p for p in self.profiles if all(margins[d] >= 0 for d in self.table[p]))

    def verdict(
        self,
        outcome: str,
        margins: Mapping[Deviation, Fraction],
        equilibria: tuple[Profile, ...] | None = None,
    ) -> Verdict:
        """The outcome's verdict given every margin (and the equilibria they make, when
        already known)."""
        mine = self.outcome_profiles[outcome]
        if equilibria is None:
            equilibria = self.equilibria(margins)
        held = [p for p in mine if p in equilibria]
        if not held:
            return Verdict("not", False)
        strict = any(all(margins[d] > 0 for d in self.table[p]) for p in held)
        unique = set(equilibria) <= set(mine)
        return Verdict("strict" if strict else "weak", unique)

    def profile_text(self, profile: Profile) -> str:
        """``United States: Go it alone, Iran: Coordinate, ...``"""
        return ", ".join(f"{a}: {s}" for a, s in self.scenario.profile_names(profile).items())

    def move_text(self, deviation: Deviation) -> str:
        """``United States, from Go it alone to Coordinate``."""
        actor = self.scenario.actors[deviation.actor]
        return (
            f"{actor.name}, from {actor.strategies[deviation.strategy]} "
            f"to {actor.strategies[deviation.to]}"
        )

    def indifference_text(self, deviation: Deviation) -> str:
        """``United States is indifferent between Go it alone and Coordinate (gains
        exactly 0 by switching)``."""
        actor = self.scenario.actors[deviation.actor]
        return (
            f"{actor.name} is indifferent between {actor.strategies[deviation.strategy]} and "
            f"{actor.strategies[deviation.to]} (gains exactly 0 by switching)"
        )

    def condition_text(self, deviation: Deviation) -> str:
        """The condition ``margin >= 0`` with each side positive:
        ``threat/8 <= friendly_fire/2 + w_assad/2 + w_saudi/2``, and both sides at
        the defaults (``1 = 1``)."""
        left, right = _sides(deviation.margin)
        values = self.scenario.substitution()
        at_left, at_right = left.xreplace(values), right.xreplace(values)
        relation = "=" if at_left == at_right else ("<" if _below(at_left, at_right) else ">")
        return (
            f"{left} <= {right} "
            f"(at the defaults {_number(at_left)} {relation} {_number(at_right)})"
        )


def _sides(margin: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """``margin >= 0`` as ``left <= right`` with the negative terms on the left."""
    left: list[sympy.Expr] = []
    right: list[sympy.Expr] = []
    for term in sympy.Add.make_args(sympy.expand(margin)):
        coefficient, _ = term.as_coeff_Mul()
        (left if coefficient.is_negative else right).append(term)
    return sympy.Add(*[-t for t in left]), sympy.Add(*right)


def _below(a: sympy.Expr, b: sympy.Expr) -> bool:
    from stability.analysis.tipping.sets import compare

    return compare(a, b) < 0


def _number(value: sympy.Expr) -> str:
    from stability.analysis.check.findings import approx

    return approx(value) if value.is_number else str(value)


def zeros_along(
    deviations_: Sequence[Deviation],
    name: str,
    values: Mapping[str, Fraction],
    margins: Mapping[Deviation, Fraction],
) -> dict[Deviation, Fraction]:
    """Where each linear margin that reads ``name`` is 0, the other parameters at
    ``values`` (``margins``: every margin at ``values``)."""
    found: dict[Deviation, Fraction] = {}
    for d in deviations_:
        if d.linear is None:
            continue
        slope = d.linear.coefficients.get(name)
        if not slope:
            continue
        found[d] = values[name] - margins[d] / slope
    return found
