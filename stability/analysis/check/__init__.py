"""``stability check``: find what makes a scenario's conclusions fragile or empty.

Every check reads the joint game's equilibrium conditions (one margin per actor,
profile and alternative strategy: :mod:`stability.analysis.tipping.margins`) and is
exact wherever they are linear in the parameters:

- knife-edges and weak equilibria (:mod:`.verdicts`), and levers that rest on a tie
  (:func:`.levers.tie_levers`);
- dead and aliased parameters (:mod:`.parameters`) and inert ones
  (:func:`.levers.inert`);
- outcomes never or always a pure equilibrium within the ranges (:mod:`.box`);
- levers past the timeline's end or only outside the ranges (:mod:`.levers`);
- a timeline that ignores play, verdicts the priors do not support (:mod:`.story`).

>>> from stability.io.scenario import read_scenario
>>> report = check_scenario(read_scenario("games/two-allies.toml"), draws=256)
>>> [(f.severity, f.kind) for f in report.findings]  # doctest: +NORMALIZE_WHITESPACE
[('warning', 'aliased-parameters'), ('warning', 'timeline-ignores-play'),
 ('info', 'never-equilibrium'), ('info', 'always-equilibrium')]
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction

from stability.analysis.check.box import box_findings
from stability.analysis.check.conditions import Conditions, Verdict
from stability.analysis.check.findings import (
    KINDS,
    SCHEMA,
    SEVERITIES,
    CheckReport,
    Finding,
    Severity,
    approx,
    ordered,
)
from stability.analysis.check.levers import (
    Levers,
    inert,
    lazy_lever_table,
    lever_table,
    out_of_range,
    past_end,
    tie_levers,
)
from stability.analysis.check.parameters import aliased, dead
from stability.analysis.check.story import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    not_exact_findings,
    prior_findings,
    sampled_box,
    timeline_findings,
)
from stability.analysis.check.verdicts import KNIFE_EDGE, knife_edges, weak_equilibria
from stability.analysis.tipping.margins import Goal
from stability.errors import InputError, TooLargeError
from stability.model.scenario import Scenario

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "KINDS",
    "KNIFE_EDGE",
    "MAX_CHECKED_PROFILES",
    "MAX_DRAWS",
    "SCHEMA",
    "SEVERITIES",
    "CheckReport",
    "Finding",
    "Severity",
    "Verdict",
    "approx",
    "check_scenario",
    "tipping_findings",
]

#: The most joint profiles ``check`` examines (every profile's conditions are read).
MAX_CHECKED_PROFILES = 1024
#: The most prior draws ``check`` takes.
MAX_DRAWS = 1_000_000


def check_scenario(
    scenario: Scenario,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    shifts: bool = True,
    name: str | None = None,
    outcomes: Collection[str] | None = None,
) -> CheckReport:
    """Every finding of ``stability check`` on ``scenario`` at its current values.

    ``draws`` prior draws (seed ``seed``) test whether each verdict at the defaults
    holds in most of the prior (0: skip that check); ``shifts`` also checks the
    smallest combined shifts of the goals ``equilibrium`` and ``breaks`` against the
    timeline's end (a linear programme per outcome; the ``unique`` goal's shift, a
    mixed-integer programme, is left to ``stability tipping``). ``name`` is how the
    report names the scenario. With ``outcomes`` (the plain answer's path) only the
    findings about those outcomes, and those about no outcome, are sure to be there:
    the per-outcome checks of other outcomes are skipped (the findings given are the
    same as the full report's).

    Raises :class:`~stability.errors.TooLargeError` for a joint game of more than
    :data:`MAX_CHECKED_PROFILES` profiles.
    """
    if draws < 0 or draws > MAX_DRAWS:
        raise InputError(f"expected 0 to {MAX_DRAWS:,} draws, got {draws:,}", item="--draws")
    if seed < 0:
        raise InputError(f"expected a seed >= 0, got {seed}", item="--seed")
    if scenario.n_profiles > MAX_CHECKED_PROFILES:
        raise TooLargeError(
            f"check reads every joint profile's conditions: this scenario has "
            f"{scenario.n_profiles:,} profiles, at most {MAX_CHECKED_PROFILES:,} are checked "
            "(check the pairwise games, or fewer strategies, instead)"
        )
    conditions = Conditions(scenario)
    table = lever_table(scenario, outcomes)
    # inert parameters read every outcome's levers (each only as far as needed)
    every = lazy_lever_table(scenario) if outcomes is not None else table
    found: list[Finding] = []
    found += dead(conditions)
    found += aliased(conditions)
    found += knife_edges(conditions)
    found += tie_levers(conditions, table)
    found += weak_equilibria(conditions)
    found += timeline_findings(scenario)
    found += past_end(conditions, table, _shift_points(scenario, table) if shifts else {})
    boxed, undecided = box_findings(conditions, outcomes)
    if draws:
        try:
            found += prior_findings(conditions, draws, seed)
            found += sampled_box(conditions, undecided, draws, seed)
        except TooLargeError as err:
            found.append(_draws_skipped(draws, err.message.split("; use --samples")[0]))
    found += inert(conditions, every)
    found += boxed
    found += out_of_range(scenario, table)
    found += not_exact_findings(conditions, undecided)
    basis = {
        "knife_edge": f"a move of one parameter by {KNIFE_EDGE} of its declared range, "
        "the others at their defaults",
        "box": "the declared ranges (widened to include a default outside its range)",
        "linear": conditions.linear,
        "conditions": len(conditions.all),
        "draws": draws,
        "seed": seed,
        "shifts": shifts,
    }
    if outcomes is not None:
        basis["outcomes"] = sorted(outcomes)
    label = name or (scenario.path.name if scenario.path is not None else scenario.title)
    return CheckReport(scenario.title, label, ordered(found), basis)


def _draws_skipped(draws: int, reason: str) -> Finding:
    return Finding(
        kind="draws-skipped",
        severity="info",
        subject="prior draws",
        evidence=f"The {draws} prior draws were not taken: {reason}. The checks that need "
        "them (prior-fragile, and never/always for non-linear conditions) did not run.",
        hint="Check a smaller version of the scenario, or run stability robustness with "
        "fewer samples.",
    )


def _shift_points(
    scenario: Scenario, table: dict[tuple[str, Goal], Levers]
) -> dict[tuple[str, Goal], dict[str, Fraction] | None]:
    """The smallest combined shift's point for each outcome of the lever table, goal
    ``equilibrium`` (for an outcome that holds, the shift that breaks it)."""
    from stability.analysis.tipping.margins import Context
    from stability.analysis.tipping.shift import shift_for

    points: dict[tuple[str, Goal], dict[str, Fraction] | None] = {}
    for (outcome, goal), levers in table.items():
        if goal == "unique":
            continue  # a mixed-integer programme per outcome: too slow for a check
        chosen: Goal = "breaks" if levers.holds else goal
        try:
            shift = shift_for(Context(scenario, outcome, chosen))
        except InputError:
            shift = None
        points[(outcome, goal)] = None if shift is None else shift.point(scenario)
    return points


def tipping_findings(
    report: CheckReport, target: str, goal: str, levers: Sequence[str]
) -> tuple[Finding, ...]:
    """The findings ``stability tipping`` shows for ``target`` and ``goal`` with the
    printed ``levers``: those about the target (lever findings only for this goal;
    ``selected`` reads the ``equilibrium`` levers), and parameter findings (dead,
    aliased, inert) about a printed lever. The timeline's own finding is left to
    ``durability`` and ``check``.

    >>> from stability.io.scenario import read_scenario
    >>> report = check_scenario(read_scenario("games/two-allies.toml"), draws=0, shifts=False)
    >>> [f.kind for f in tipping_findings(report, "Alliance", "breaks", ["threat"])]
    ['aliased-parameters']
    >>> [f.kind for f in tipping_findings(report, "Betrayal", "equilibrium", [])]
    ['never-equilibrium']
    """
    wanted = "equilibrium" if goal == "selected" else goal
    printed = set(levers)
    return tuple(
        f
        for f in report.findings
        if f.kind != "timeline-ignores-play"
        and (f.goal is None or f.goal == wanted)
        and (
            target in f.outcomes
            if f.kind not in ("dead-parameter", "inert-parameter")
            and (f.outcomes or not f.parameters)
            else bool(printed.intersection(f.parameters))
        )
    )
