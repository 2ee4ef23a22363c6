"""Key payoff cells: which single entries of the scenario's games carry the binding margins.

The *binding margins* are the deviations whose sign must change for the goal: those
the smallest shift flips (or, with no shift to go by, the target's violated
deviations and the weakest deviation of each equilibrium to break). A cell of a
game's layer enters an actor's margin ``u(profile) - u(deviated)`` with its
weighted value ``weight * entry``, positively when the cell is played at the
profile and negatively when it is played after the deviation. Its *share* is that
contribution divided by the margin: a share of 1 or more means the cell alone
holds the margin's sign. Cells are ranked by share, largest first; ``before``,
``after`` and ``change`` are in :data:`~stability.analysis.tipping.results.CELL_UNIT`
(weighted, so the columns add up), ``change`` being the smallest change of that
one cell that meets the goal, solved exactly.

>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.tipping.margins import Context
>>> allies = read_scenario("games/two-allies.toml")
>>> cells = key_cells(Context(allies, "Alliance", "breaks"), None)
>>> first = cells[0]
>>> first.layer, first.actor, first.before, first.change, first.share
('Common enemy', 'Alpha', Fraction(3, 1), Fraction(-1, 1), Fraction(3, 1))
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction

import sympy

from stability.analysis.tipping.margins import Context, Deviation, Profile, _margin_at, holds
from stability.analysis.tipping.results import KeyCell
from stability.analysis.tipping.sets import RealSet, _linear_nonnegative, _rational, compare
from stability.errors import InputError
from stability.io.expressions import exact_value


def binding_margins(context: Context, shifted: Mapping[str, Fraction] | None) -> list[Deviation]:
    """The deviations whose sign the goal needs changed (see module docstring)."""
    base = context.baseline_margin
    relevant = [d for p in context.relevant_profiles() for d in context.table[p]]
    if shifted is not None:
        try:
            flipped = [
                d
                for d in relevant
                if (base[d] >= 0) != (_margin_at(d, context.scenario, shifted) >= 0)
            ]
        except InputError:
            flipped = []
        if flipped:
            return flipped
    found: list[Deviation] = []
    hold = context.condition.hold
    if hold:

        def violation(profile: Profile) -> Fraction:
            return sum((-base[d] for d in context.table[profile] if base[d] < 0), Fraction(0))

        closest = min(hold, key=violation)
        if violation(closest) > 0:
            found += [d for d in context.table[closest] if base[d] < 0]
        else:
            found += [d for d in context.table[closest] if base[d] > 0]
    for profile in context.condition.broken:
        margins = context.table[profile]
        if margins and all(base[d] >= 0 for d in margins):
            weakest = min(margins, key=lambda d: base[d])
            found += [d for d in margins if base[d] == base[weakest] and base[d] > 0]
    return found


def key_cells(context: Context, shifted: Mapping[str, Fraction] | None) -> tuple[KeyCell, ...]:
    """The cells carrying the binding margins, largest share first."""
    scenario = context.scenario
    substitution = scenario.substitution()
    binding = [d for d in binding_margins(context, shifted) if context.baseline_margin[d] != 0]
    if not binding:
        return ()
    profiles = context.relevant_profiles()
    holds_at_baseline = context.holds_at_baseline()
    best: dict[tuple[str, str, Profile, int], tuple[Fraction, KeyCell]] = {}
    order: list[tuple[str, str, Profile, int]] = []
    for game in scenario.games:
        seats = [scenario.actor_index(p) for p in game.players]
        for layer in game.layers:
            try:
                weight = exact_value(layer.weight, substitution)
            except InputError:
                continue
            if weight == 0:
                continue
            for cell in itertools.product(*(range(n) for n in game.shape)):
                for seat, actor_index in enumerate(seats):

                    def touches(profile: Profile) -> bool:
                        return all(
                            profile[s] == c
                            for s, c in zip(seats, cell, strict=True)  # noqa: B023
                        )

                    def effect(d: Deviation) -> int:
                        deviated = d.profile[: d.actor] + (d.to,) + d.profile[d.actor + 1 :]
                        return int(touches(d.profile)) - int(touches(deviated))

                    carried = [d for d in binding if d.actor == actor_index and effect(d)]
                    if not carried:
                        continue
                    try:
                        entry = exact_value(layer.payoffs[(*cell, seat)], substitution)
                    except InputError:
                        continue
                    value = weight * entry
                    shares = [(value * effect(d) / context.baseline_margin[d], d) for d in carried]
                    share, deviation = max(shares, key=lambda item: item[0])
                    if share <= 0:
                        continue
                    effects = {
                        d: effect(d)
                        for p in profiles
                        for d in context.table[p]
                        if d.actor == actor_index and effect(d)
                    }

                    def deviation_set(
                        d: Deviation, effects: dict[Deviation, int] = effects
                    ) -> RealSet:
                        return _linear_nonnegative(
                            _rational(effects.get(d, 0)), _rational(context.baseline_margin[d])
                        )

                    change = _smallest_change(
                        holds(context.condition, context.table, deviation_set), holds_at_baseline
                    )
                    actor = scenario.actors[actor_index]
                    own = actor.strategies[deviation.strategy]
                    other = actor.strategies[deviation.to]
                    key = (game.name, layer.name, cell, seat)
                    found = KeyCell(
                        game=game.name,
                        layer=layer.name,
                        cell={
                            scenario.actors[s].name: scenario.actors[s].strategies[c]
                            for s, c in zip(seats, cell, strict=True)
                        },
                        actor=actor.name,
                        entry=str(layer.payoffs[(*cell, seat)]),
                        weight=weight,
                        before=value,
                        change=change,
                        share=share,
                        margin=context.baseline_margin[deviation],
                        deviation=f"{actor.name}: {own} -> {other} at "
                        + ", ".join(context.describe(deviation.profile).values()),
                    )
                    if key not in best:
                        order.append(key)
                    if key not in best or share > best[key][0]:
                        best[key] = (share, found)
    ranked = sorted(order, key=lambda k: (-best[k][0], order.index(k)))
    return tuple(best[k][1] for k in ranked)


def _smallest_change(region: RealSet, holds_at_zero: bool) -> Fraction | None:
    """The change of least size that enters ``region`` (or, holding at 0, leaves it)."""
    zero = sympy.Integer(0)
    candidates: list[sympy.Expr] = []
    if holds_at_zero:
        for interval in region.intervals:
            if RealSet((interval,)).contains(zero):
                candidates = [e for e in (interval.low, interval.high) if e.is_finite]
    else:
        for interval in region.intervals:
            if compare(interval.low, zero) >= 0:
                candidates.append(interval.low)
            elif compare(interval.high, zero) <= 0:
                candidates.append(interval.high)
    candidates = [c for c in candidates if c.is_Rational]
    if not candidates:
        return None
    best = min(candidates, key=lambda c: abs(c))
    return Fraction(int(best.p), int(best.q))
