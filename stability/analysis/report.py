"""Everything a scenario report says, gathered into one immutable structure.

:func:`build_report` runs every analysis the report draws on, at the scenario's
current parameter values (``--set`` already applied):

- the whole analysis of :func:`~stability.analysis.overview.analyze_scenario`
  (pairwise games, joint equilibria with their stability, outcome statuses);
- every pure profile of the joint game with the concepts it is stable under;
- the coalition graph of every outcome (equilibrium profiles, or the closest one);
- tipping toward each outcome that is not an equilibrium (thresholds, smallest
  combined shift, key cells) and, for each that is, where it stops holding;
- the two most influential parameters (the nearest in-range thresholds, as a share
  of their ranges) and a sweep over them;
- durability of the coalition outcome against its threat parameter, when the
  scenario names both;
- Monte Carlo robustness with a stated number of samples and seed;
- global sensitivity: Sobol indices and Morris screening of each outcome being an
  equilibrium (:mod:`stability.analysis.sensitivity`);
- the model's limits.

Nothing here prints or formats HTML: :mod:`stability.present.report` renders it.

>>> from stability.io.scenario import read_scenario
>>> report = build_report(read_scenario("games/two-allies.toml"), samples=500, sweep_points=11)
>>> [t.target for t in report.tipping], report.sweep_parameters
(['Betrayal'], ('threat', 'dispute'))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction

from stability.analysis.balance import OutcomeGraph, outcome_graphs
from stability.analysis.coalitions.study import CoalitionStudy
from stability.analysis.durability import (
    Durability,
    TimelineDurability,
    durability,
    timeline_durability,
)
from stability.analysis.overview import ScenarioAnalysis, analyze_scenario
from stability.analysis.ranking import ParameterRanking, parameter_ranking
from stability.analysis.robustness import DEFAULT_SEED as ROBUSTNESS_SEED
from stability.analysis.robustness import RobustnessResult, robustness
from stability.analysis.sensitivity import SensitivityResult, salib_available, sensitivity
from stability.analysis.states import stability_table
from stability.analysis.sweep import MAX_SWEEP_CELLS, Axis, SweepResult, sweep
from stability.analysis.time_sets import time_limit
from stability.analysis.tipping import Threshold, TippingResult, tipping_analysis
from stability.errors import InputError, StabilityError
from stability.model.scenario import Scenario
from stability.model.version import __version__
from stability.solvers.budget import Budget

#: Monte Carlo samples drawn by default (a few hundredths of a second on Mosul).
DEFAULT_SAMPLES = 20_000
#: The seed used by default, so that the same scenario gives the same report.
DEFAULT_SEED = ROBUSTNESS_SEED
#: Grid points per axis of the sweep map.
DEFAULT_SWEEP_POINTS = 201
#: Base samples of the sensitivity section: N (D + 2) evaluations per outcome.
SENSITIVITY_SAMPLES = 1024
#: Why the report has no sensitivity section without SALib, and how to add it.
SENSITIVITY_NEEDS = (
    "global sensitivity (Sobol indices and Morris screening) needs SALib, an optional "
    'extra that is not installed; add it with pip install ".[sensitivity]" '
    "(or pip install SALib)"
)
#: What the report says in place of its sensitivity section without SALib.
SENSITIVITY_LEFT_OUT = f"Left out: {SENSITIVITY_NEEDS}, and make the report again."
#: Most joint profiles listed one by one in the report.
MAX_LISTED_PROFILES = 64

GENERIC_LIMITS = (
    "The analysis is of pure equilibria of a one-shot game: it says which "
    "combinations of strategies no actor would leave on its own (or, for the "
    "coalition concepts, with others), not which one will happen, nor how actors "
    "get there. Mixed strategies of the joint game, learning and bargaining are "
    "outside it; the repeated-game patience figures assume grim-trigger punishment.",
    "Payoffs are judgements written as numbers. Only their differences and ratios "
    "matter, and every default value is an estimate: the thresholds, the sweep and "
    "the robustness figures say how much each judgement matters, not which is right.",
    "Each actor is treated as one decision maker with one strategy set and complete "
    "information about everyone's payoffs. Factions inside an actor, private "
    "information, misperception and actors left out of the model are not represented.",
)


def robustness_limit(sampled: RobustnessResult) -> str:
    """What the robustness frequencies measure, given how they were drawn.

    >>> from stability.analysis.robustness import robustness
    >>> from stability.io.scenario import read_scenario
    >>> s = read_scenario("games/two-allies.toml")
    >>> robustness_limit(robustness(s, 10, 1, uniform=True))[:60]
    'Robustness frequencies depend on the parameter ranges, which'
    """
    if sampled.summary() == "from their priors":
        return (
            "Robustness frequencies depend on the parameter ranges and the priors they are "
            "drawn from, independently: they measure how much of the stated belief about "
            "the parameters supports an outcome, not a probability that it happens."
        )
    return (
        "Robustness frequencies depend on the parameter ranges, which are drawn "
        f"{sampled.summary()} and independently: they measure how much of the stated "
        "range supports an outcome, not a probability that it happens."
    )


@dataclass(frozen=True)
class JointProfile:
    """One pure profile of the joint game: names, outcomes, exact payoffs, stability."""

    profile: dict[str, str]
    outcomes: tuple[str, ...]
    payoffs: tuple[Fraction, ...]
    concepts: tuple[str, ...]

    @property
    def equilibrium(self) -> bool:
        """True for a pure Nash equilibrium."""
        return "nash" in self.concepts


@dataclass(frozen=True)
class Influence:
    """A parameter's nearest in-range threshold over all outcomes, as a share of its range.

    ``distance`` is ``None`` when no outcome changes status within the range.
    """

    parameter: str
    distance: float | None
    outcome: str | None
    threshold: Threshold | None
    #: The distance exactly (a rational where the threshold is one).
    exact_distance: Fraction | float | None = None


@dataclass(frozen=True)
class Report:
    """Everything :func:`build_report` gathers (see the module docstring)."""

    scenario: Scenario
    analysis: ScenarioAnalysis
    profiles: tuple[JointProfile, ...]
    profiles_total: int
    graphs: tuple[OutcomeGraph, ...]
    tipping: tuple[TippingResult, ...]
    breaking: tuple[TippingResult, ...]
    influence: tuple[Influence, ...]
    sweep_parameters: tuple[str, ...]
    sweep_reason: str
    sweep: SweepResult | None
    durability: Durability | None
    durability_note: str
    robustness: RobustnessResult | None
    samples: int
    seed: int
    limits: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    #: Global sensitivity (Sobol, Morris) of each outcome being an equilibrium.
    sensitivity: tuple[SensitivityResult, ...] = ()
    #: Why the sensitivity section is empty, and how to add it, when it is.
    sensitivity_note: str = ""
    provenance: Provenance | None = None
    race: TimelineDurability | None = None
    coalitions: CoalitionStudy | None = None
    coalitions_note: str = ""


@dataclass(frozen=True)
class Provenance:
    """What made a report, for its footer: the program's version, the command line
    that ran it (when known), and the date (UTC). The seeds are the report's own."""

    version: str
    command: str
    date: str


DYNAMICS_LIMIT = (
    "The durability figures let only the threat change over time, at the stated rate, "
    "with every other payoff fixed; the actors are assumed to re-optimise each period "
    "as if the game were played afresh."
)


def _limits(scenario: Scenario, sampled: RobustnessResult | None) -> tuple[str, ...]:
    """The generic limits, plus what the scenario's own features and sampling add."""
    limits: tuple[str, ...] = GENERIC_LIMITS
    if sampled is not None:
        limits = (*limits, robustness_limit(sampled))
    if scenario.dynamics is not None:
        return (*limits, DYNAMICS_LIMIT)
    return limits


def _joint_profiles(analysis: ScenarioAnalysis) -> tuple[tuple[JointProfile, ...], int]:
    scenario, joint = analysis.scenario, analysis.joint
    total = joint.n_profiles
    if total > MAX_LISTED_PROFILES:
        return (), total
    table = stability_table(joint)
    listed = []
    for index in joint.profiles():
        profile = tuple(int(i) for i in index)
        listed.append(
            JointProfile(
                profile=scenario.profile_names(profile),
                outcomes=tuple(scenario.outcomes_of(profile)),
                payoffs=tuple(joint.payoff(i, profile) for i in range(joint.n_players)),
                concepts=tuple(table.concepts(profile)),
            )
        )
    return tuple(listed), total


def _influence(ranking: ParameterRanking) -> tuple[Influence, ...]:
    """Parameters ranked by their nearest in-range threshold over every outcome: the one
    ranking of :mod:`stability.analysis.ranking`, which ``analyze`` uses too."""
    return tuple(
        Influence(
            e.parameter,
            None if e.distance is None else float(e.distance),
            e.outcome,
            e.threshold,
            e.distance,
        )
        for e in ranking.entries
    )


def _sweep_choice(
    scenario: Scenario, influence: tuple[Influence, ...]
) -> tuple[tuple[str, ...], str]:
    """The (up to) two parameters to sweep, and why they were chosen."""
    reached = [i for i in influence if i.distance is not None]
    if not scenario.outcomes:
        return (), "The scenario names no outcomes, so there is no map of outcomes to draw."
    if not scenario.parameters:
        return (), "The scenario has no parameters, so there is nothing to sweep."
    widths = [p for p in scenario.parameters if p.range[1] > p.range[0]]
    if not widths:
        return (), "Every parameter's range is a single point, so there is nothing to sweep."
    chosen = [i.parameter for i in reached if scenario.parameter(i.parameter).range[1]
              > scenario.parameter(i.parameter).range[0]][:2]
    for parameter in widths:
        if len(chosen) == 2:
            break
        if parameter.name not in chosen:
            chosen.append(parameter.name)
    rule = (
        "the parameters whose nearest threshold within their range (toward or away "
        "from any outcome, the others at their current values) lies closest to their "
        "current value, measured as a share of the range"
    )
    named = [i for i in reached if i.parameter in chosen]
    if len(named) == len(chosen):
        reason = f"Chosen as {rule}."
    elif named:
        reason = (
            f"Chosen as {rule}; only {named[0].parameter} has such a threshold, so the "
            "next parameter in the scenario's order completes the map."
        )
    else:
        reason = (
            "No single parameter changes any outcome within its range, so the map shows "
            "the first parameters in the scenario's order."
        )
    return tuple(chosen), reason


def _race(scenario: Scenario) -> TimelineDurability | None:
    """The coalition followed along the scenario's timeline (``durability`` v2), when
    the scenario has a timeline with an end condition and names its coalition."""
    if scenario.timeline is None or scenario.timeline.end is None:
        return None
    if scenario.coalition_outcome is None:
        return None
    try:
        return timeline_durability(scenario, sensitivity=False)
    except InputError:
        return None


def _durability(scenario: Scenario) -> tuple[Durability | None, str]:
    if scenario.threat_parameter is None and scenario.dynamics is None:
        return None, "The scenario names no threat parameter, so durability is not computed."
    if scenario.coalition_outcome is None:
        return None, "The scenario names no coalition outcome, so durability is not computed."
    try:
        return durability(scenario), ""
    except InputError as err:
        return None, f"Durability could not be computed: {err}"


def build_report(
    scenario: Scenario,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    sweep_points: int = DEFAULT_SWEEP_POINTS,
    warnings: tuple[str, ...] = (),
    command: str = "",
    budget: Budget | None = None,
) -> Report:
    """Run every analysis of the report at the scenario's current values.

    ``samples`` 0 leaves the robustness section out; ``command`` (the command line
    that asked for the report) goes in the footer; ``budget`` bounds the search
    for the joint game's mixed equilibria.
    """
    if samples < 0:
        raise InputError(f"--samples: expected a number >= 0, got {samples}")
    analysis = analyze_scenario(scenario, warnings, budget=budget)
    profiles, total = _joint_profiles(analysis)
    graphs = tuple(outcome_graphs(scenario))
    tipping = tuple(
        tipping_analysis(scenario, status.name)
        for status in analysis.outcomes
        if not status.equilibrium and status.closest is not None
    )
    breaking = tuple(
        tipping_analysis(scenario, status.name, shift=False, cells=False)
        for status in analysis.outcomes
        if status.equilibrium
    )
    ranking = analysis.ranking if analysis.ranking is not None else parameter_ranking(scenario)
    influence = _influence(ranking)
    chosen, reason = _sweep_choice(scenario, influence)
    swept = None
    if chosen:
        axes = [Axis.of(scenario, name) for name in chosen]
        # a coarser map for a large joint game, within the sweep's limit
        cells = scenario.n_profiles * len(scenario.actors)
        fits = MAX_SWEEP_CELLS // cells
        points = min(sweep_points, max(2, int(fits**0.5) if len(axes) > 1 else fits))
        swept = sweep(scenario, axes[0], axes[1] if len(axes) > 1 else None, points=points)
    with time_limit(budget):  # the timeline's root-finding stops trying sympy at the limit
        lasting, note = _durability(scenario)
        # the race analyze already followed (the same call), when the timeline has an end
        race = (
            analysis.race
            if analysis.race is not None
            and scenario.timeline is not None
            and scenario.timeline.end is not None
            else _race(scenario)
        )
    coalitions, coalitions_note = _coalitions(scenario)
    sampled = robustness(scenario, samples, seed) if samples > 0 else None
    sensitivities: tuple[SensitivityResult, ...] = ()
    if samples == 0:
        sensitivity_note = "Not computed (--samples 0)."
    elif not salib_available():
        sensitivity_note = SENSITIVITY_LEFT_OUT
    else:
        sensitivities = _sensitivity(scenario, seed)
        sensitivity_note = (
            "" if sensitivities else "Not computed: no parameter appears in the payoffs "
            "with a range."
        )
    return Report(
        scenario=scenario,
        analysis=analysis,
        profiles=profiles,
        profiles_total=total,
        graphs=graphs,
        tipping=tipping,
        breaking=breaking,
        influence=influence,
        sweep_parameters=chosen,
        sweep_reason=reason,
        sweep=swept,
        durability=lasting,
        durability_note=note,
        race=race,
        coalitions=coalitions,
        coalitions_note=coalitions_note,
        robustness=sampled,
        samples=samples,
        seed=seed,
        limits=_limits(scenario, sampled),
        warnings=warnings,
        sensitivity=sensitivities,
        sensitivity_note=sensitivity_note,
        provenance=Provenance(
            version=__version__,
            command=command,
            date=datetime.now(UTC).date().isoformat(),
        ),
    )


#: Largest joint game whose coalition structures the report follows along the timeline.
REPORT_TIMELINE_PROFILES = 16


def _coalitions(scenario: Scenario) -> tuple[CoalitionStudy | None, str]:
    """The coalition structures (with the timeline when there is one), or why not."""
    from stability.analysis.coalitions import MAX_ACTORS
    from stability.analysis.coalitions.study import coalition_study

    if len(scenario.actors) > MAX_ACTORS:
        return None, (
            f"Not computed: {len(scenario.actors)} actors (coalition structures take at most "
            f"{MAX_ACTORS})."
        )
    # along the timeline the analysis runs once per piece (about 400 pieces, 20 s, for
    # the 54-profile Mosul): the report sweeps only small joint games
    sweep = scenario.timeline is not None and scenario.n_profiles <= REPORT_TIMELINE_PROFILES
    try:
        study = coalition_study(scenario, timeline=sweep)
    except StabilityError as err:
        return None, f"Not computed: {err}"
    note = "" if sweep or scenario.timeline is None else (
        "Along the timeline: not computed here (a large joint game); run stability "
        "coalitions SCENARIO --timeline."
    )
    return study, note


def _sensitivity(scenario: Scenario, seed: int) -> tuple[SensitivityResult, ...]:
    """Sobol indices of every outcome holding (none when no parameter can vary)."""
    from stability.analysis.joint import CompiledScenario
    from stability.analysis.sensitivity import varying_parameters

    compiled = CompiledScenario(scenario)
    if not varying_parameters(scenario, compiled)[0]:
        return ()
    return tuple(
        sensitivity(
            scenario, outcome.name, samples=SENSITIVITY_SAMPLES, seed=seed, compiled=compiled
        )
        for outcome in scenario.outcomes
    )
