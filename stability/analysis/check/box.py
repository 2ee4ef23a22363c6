"""Outcomes that are never, or always, a pure equilibrium within the declared ranges.

Where a profile's margins are linear in the parameters, "the profile is a pure
equilibrium somewhere in the box of the ranges" is a linear programme: maximise
the slack ``s`` with every margin ``>= s``; the profile is an equilibrium
somewhere iff the optimum is ``>= 0``. A floating-point solver (HiGHS, through
scipy) proposes a point that is then checked with exact margins; where it cannot
produce one, an exact simplex (:mod:`stability.analysis.exact_lp`) decides and gives
the exact optimum. An outcome
is *never* an equilibrium when none of its profiles is one anywhere; it is
*always* one when some profile has every margin ``>= 0`` over the whole box (each
margin's least value is exact), or, for an outcome of several profiles, when no
point makes every profile fail (one linear programme per way of picking a failing
condition in each profile, at most :data:`MAX_FAILURE_PICKS`).

>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.check.conditions import Conditions
>>> conditions = Conditions(read_scenario("games/two-allies.toml"))
>>> [(f.kind, f.subject) for f in box_findings(conditions)[0]]
[('always-equilibrium', 'Split'), ('never-equilibrium', 'Betrayal')]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Sequence
from fractions import Fraction

from stability.analysis.check.conditions import Conditions
from stability.analysis.check.findings import Finding, approx
from stability.analysis.tipping.lp import bounds, linear_range
from stability.analysis.tipping.margins import Deviation, LinearForm, Profile

#: The most ways of making every profile of an outcome fail that "always" examines.
MAX_FAILURE_PICKS = 4096


def _slack(
    forms: Sequence[LinearForm], names: Sequence[str], box: Sequence[tuple[Fraction, Fraction]]
) -> tuple[Fraction, dict[str, Fraction]]:
    """The exact ``max over the box of min(form)`` (capped at 1) and a point attaining it."""
    from scipy.optimize import linprog

    n = len(names)
    rows = [[-float(f.coefficients.get(x, 0)) for x in names] + [1.0] for f in forms]
    limits = [float(f.constant) for f in forms]
    cost = [0.0] * n + [-1.0]
    variable_bounds = [(float(lo), float(hi)) for lo, hi in box] + [(None, 1.0)]
    found = linprog(cost, A_ub=rows, b_ub=limits, bounds=variable_bounds, method="highs")
    if found.status == 0 and -found.fun > 1e-7:
        point = {
            name: min(max(Fraction(value).limit_denominator(10**6), lo), hi)
            for name, value, (lo, hi) in zip(names, found.x[:n], box, strict=True)
        }
        least = min(f.at(point) for f in forms)
        if least > 0:
            return min(least, Fraction(1)), point
    return _exact_slack(forms, names, box)


def _exact_slack(
    forms: Sequence[LinearForm], names: Sequence[str], box: Sequence[tuple[Fraction, Fraction]]
) -> tuple[Fraction, dict[str, Fraction]]:
    from stability.analysis.exact_lp import minimise

    # standard form, every variable >= 0: x = low + y with y <= high - low, and the
    # slack s = 1 - u (an exact simplex with Bland's rule: sympy's can cycle here)
    n = len(names)
    rows = [[-f.coefficients.get(x, Fraction(0)) for x in names] + [Fraction(-1)] for f in forms]
    limits = [
        f.constant
        + sum((c * box[names.index(x)][0] for x, c in f.coefficients.items()), Fraction(0))
        - 1
        for f in forms
    ]
    for i, (low, high) in enumerate(box):
        rows.append([Fraction(1 if j == i else 0) for j in range(n)] + [Fraction(0)])
        limits.append(high - low)
    optimum, solution = minimise([Fraction(0)] * n + [Fraction(1)], rows, limits)
    point = {
        name: low + v for name, v, (low, _) in zip(names, solution[:-1], box, strict=True)
    }
    return 1 - optimum, point


def _negated(form: LinearForm) -> LinearForm:
    return LinearForm(-form.constant, {k: -v for k, v in form.coefficients.items()})


def box_findings(
    conditions: Conditions, outcomes: Collection[str] | None = None
) -> tuple[list[Finding], list[str]]:
    """Never/always findings (only about ``outcomes`` when given), and the outcomes left
    undecided (a non-linear condition; all of them, whatever ``outcomes`` says)."""
    scenario = conditions.scenario
    names = list(conditions.names)
    box = bounds(scenario)
    named_box = dict(zip(names, box, strict=True))
    base = conditions.default_margins
    equilibria = set(conditions.equilibria(base))
    findings: list[Finding] = []
    undecided: list[str] = []
    for outcome in scenario.outcomes:
        profiles = conditions.outcome_profiles[outcome.name]
        if not profiles:
            continue
        table = [conditions.table[p] for p in profiles]
        if any(d.linear is None for ds in table for d in ds):
            undecided.append(outcome.name)
            continue
        if outcomes is not None and outcome.name not in outcomes:
            continue
        if not equilibria.intersection(profiles):
            best = {p: _slack([d.linear for d in conditions.table[p] if d.linear], names, box)
                    for p in profiles}
            if all(s < 0 for s, _ in best.values()):
                findings.append(_never(conditions, outcome.name, best))
                continue
        always = _always(conditions, profiles, named_box, names, box)
        if always is not None:
            findings.append(_always_finding(conditions, outcome.name, always))
    return findings, undecided


def _always(
    conditions: Conditions,
    profiles: Sequence[Profile],
    named_box: dict[str, tuple[Fraction, Fraction]],
    names: list[str],
    box: Sequence[tuple[Fraction, Fraction]],
) -> tuple[Profile | None, Deviation | None, Fraction] | None:
    """``(profile, tightest condition, its least value)`` when the outcome always holds
    (profile ``None`` for a union of profiles), else ``None``."""
    base = conditions.default_margins
    if not set(conditions.equilibria(base)).intersection(profiles):
        return None
    for profile in profiles:
        found = conditions.table[profile]
        if not found:
            return profile, None, Fraction(0)
        lows = [(linear_range(d, named_box)[0], k) for k, d in enumerate(found)]
        least, k = min(lows)
        if least >= 0:
            return profile, found[k], least
    if len(profiles) == 1:
        return None
    picks = math.prod(len(conditions.table[p]) for p in profiles)
    if picks > MAX_FAILURE_PICKS:
        return None
    for choice in itertools.product(*(conditions.table[p] for p in profiles)):
        forms = [_negated(d.linear) for d in choice if d.linear is not None]
        slack, _ = _slack(forms, names, box)
        if slack > 0:
            return None
    return None, None, Fraction(0)


def _never(
    conditions: Conditions, outcome: str, best: dict[Profile, tuple[Fraction, dict[str, Fraction]]]
) -> Finding:
    parts = []
    for profile, (slack, point) in best.items():
        short = [d for d in conditions.table[profile] if d.linear and d.linear.at(point) == slack]
        who = f" ({conditions.move_text(short[0])})" if short else ""
        parts.append(
            f"at {conditions.profile_text(profile)} the weakest condition falls short by at "
            f"least {approx(-slack)} everywhere{who}"
        )
    return Finding(
        kind="never-equilibrium",
        severity="info",
        subject=outcome,
        evidence=(
            f"{outcome!r} is a pure equilibrium nowhere within the declared ranges (exact "
            f"linear programme over the box of all {len(conditions.names)} parameters' "
            "ranges): " + "; ".join(parts) + "."
        ),
        hint=(
            "If the outcome is meant to be impossible here, say so in its doc; otherwise "
            "revisit the payoffs of the actor whose condition always fails, or the ranges. "
            "No tipping toward it has an answer within the ranges."
        ),
        outcomes=(outcome,),
        exact=tuple(
            (f"shortfall at {conditions.profile_text(p)}", str(-s)) for p, (s, _) in best.items()
        ),
    )


def _always_finding(
    conditions: Conditions,
    outcome: str,
    found: tuple[Profile | None, Deviation | None, Fraction],
) -> Finding:
    profile, tightest, least = found
    if profile is None:
        why = (
            "at every point of the box one of its profiles is a pure equilibrium (exact linear "
            "programmes over every way of making all of its profiles fail: none is possible)"
        )
        exact: tuple[tuple[str, str], ...] = ()
    elif tightest is None:
        why = f"its profile {conditions.profile_text(profile)} has no deviation to check"
        exact = ()
    else:
        why = (
            f"every condition of its profile {conditions.profile_text(profile)} holds at every "
            f"point of the box; the tightest, {conditions.move_text(tightest)}, is at least "
            f"{approx(least)} there"
        )
        exact = (("least_margin", str(least)),)
    return Finding(
        kind="always-equilibrium",
        severity="info",
        subject=outcome,
        evidence=f"{outcome!r} is a pure equilibrium everywhere within the declared ranges: "
        f"{why}.",
        hint=(
            "No parameter within range can break this outcome: if it is meant to be robust, "
            "say so; if the story says it can break, some payoff or range is missing."
        ),
        outcomes=(outcome,),
        exact=exact,
    )
