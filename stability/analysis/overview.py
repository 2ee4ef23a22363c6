"""The whole analysis of a scenario, as data: what ``stability analyze`` shows.

Inputs flow one way: a :class:`~stability.model.scenario.Scenario` (with its
parameter values) → exact games → equilibria, stability and balance →
:class:`ScenarioAnalysis`, which the presentation layer renders.

>>> from stability.io.scenario import read_scenario
>>> analysis = analyze_scenario(read_scenario("games/two-allies.toml"))
>>> [(o.name, o.equilibrium) for o in analysis.outcomes]
[('Alliance', True), ('Split', True), ('Betrayal', False)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from stability.analysis.answer import PlainAnswer, plain_answer, timeline_race
from stability.analysis.balance import Balance, profile_balance
from stability.analysis.deviations import Move, best_moves, profitable_moves
from stability.analysis.joint import joint_game, pair_game
from stability.analysis.pair_matrices import GameMatrices, game_matrices
from stability.analysis.prior_frequencies import PriorFrequencies, prior_frequencies
from stability.analysis.ranking import ParameterRanking, parameter_ranking
from stability.analysis.selection import Selection, select
from stability.analysis.states import ProfileStability, stability_table
from stability.analysis.tipping import Threshold, nearest_thresholds
from stability.errors import InputError, TooLargeError
from stability.model.game import Game
from stability.model.scenario import Scenario, ScenarioGame
from stability.solvers.budget import Budget
from stability.solvers.result import SolveResult

if TYPE_CHECKING:
    from stability.analysis.durability import TimelineDurability


@dataclass(frozen=True)
class JointEquilibrium:
    """A pure equilibrium of the joint game, in the scenario's words."""

    profile: dict[str, str]
    indices: tuple[int, ...]
    outcomes: tuple[str, ...]
    payoffs: tuple[Fraction, ...]
    stability: ProfileStability
    balance: Balance

    @property
    def strict(self) -> bool:
        return self.stability.stable["strict"]


@dataclass(frozen=True)
class OutcomeStatus:
    """Whether an outcome is an equilibrium and, if not, what breaks its best profile.

    ``closest`` is the outcome's profile with the least total gain from deviating
    (an equilibrium profile when there is one); ``moves`` the profitable deviations
    from it, largest gain first.
    """

    name: str
    equilibrium: bool
    closest: dict[str, str] | None
    moves: tuple[Move, ...]
    balance: Balance | None


@dataclass(frozen=True)
class PairRepeated:
    """Grim-trigger patience for a pair's cooperative profile (the ``repeated`` analysis)."""

    cooperate: dict[str, str]
    critical: Fraction | None
    per_actor: dict[str, Fraction | None]


@dataclass(frozen=True)
class PairAnalysis:
    """One game of the scenario (usually a pair of actors) at the current values."""

    game: ScenarioGame
    exact: Game
    solution: SolveResult
    repeated: PairRepeated | None = None
    matrices: GameMatrices | None = None


@dataclass(frozen=True)
class ScenarioAnalysis:
    """Everything ``analyze`` reports about a scenario at one point of parameter space.

    ``tipping`` maps each outcome that is not an equilibrium to the nearest
    single-parameter threshold that makes it one (``None``: no single parameter does).
    """

    scenario: Scenario
    joint: Game
    pairs: tuple[PairAnalysis, ...]
    equilibria: tuple[JointEquilibrium, ...]
    outcomes: tuple[OutcomeStatus, ...]
    tipping: dict[str, Threshold | None] = field(default_factory=dict)
    warnings: tuple[str, ...] = field(default=())
    #: Equilibrium selection (:mod:`stability.analysis.selection`), when the joint
    #: game has two or more pure equilibria.
    selection: Selection | None = None
    prior_frequencies: PriorFrequencies | None = None
    #: Every equilibrium of the joint game, mixed ones included (method ``enumerate``);
    #: ``None`` when the joint game is too large to enumerate.
    mixed: SolveResult | None = None
    #: The plain answer to the mission's question (:mod:`stability.analysis.answer`).
    answer: PlainAnswer | None = None
    #: The coalition followed along the timeline (``durability``'s result, without its
    #: sensitivity table), when the scenario has a timeline and a coalition outcome.
    race: TimelineDurability | None = None
    #: The parameters that matter most (:mod:`stability.analysis.ranking`).
    ranking: ParameterRanking | None = None


def _pair_repeated(scenario: Scenario, game: ScenarioGame, exact: Game) -> PairRepeated | None:
    """Critical discount factor for the pair's first declared cooperative profile."""
    from stability.analysis.repeated import grim_trigger

    if len(game.players) != 2:
        return None
    relation = scenario.relation(*game.players)
    if relation is None or not relation.cooperate:
        return None
    partial = relation.cooperate[0]
    if any(actor not in partial for actor in game.players):
        return None
    cooperate = tuple(
        scenario.actor(actor).strategy_index(partial[actor]) for actor in game.players
    )
    try:
        result = grim_trigger(exact, cooperate)
    except InputError:  # no stage equilibrium to revert to: nothing to say
        return None
    return PairRepeated(
        cooperate={actor: partial[actor] for actor in game.players},
        critical=result.critical,
        per_actor={
            exact.players[t.player]: t.critical for t in result.thresholds
        },
    )


def _prior_frequencies(scenario: Scenario) -> PriorFrequencies | None:
    """The frequencies under the priors, or ``None`` (no outcomes, or a joint game too
    large for the Monte Carlo to fit in memory: the rest of the analysis stands)."""
    if not scenario.outcomes:
        return None
    try:
        return prior_frequencies(scenario)
    except TooLargeError:
        return None


def scenario_verdicts(
    scenario: Scenario,
) -> tuple[Game, tuple[JointEquilibrium, ...], tuple[OutcomeStatus, ...]]:
    """The joint game, its pure equilibria and each outcome's verdict: the part of
    :func:`analyze_scenario` that the explorer page recomputes at every point.

    >>> from stability.io.scenario import read_scenario
    >>> _, equilibria, outcomes = scenario_verdicts(read_scenario("games/two-allies.toml"))
    >>> [(o.name, o.equilibrium) for o in outcomes], len(equilibria)
    ([('Alliance', True), ('Split', True), ('Betrayal', False)], 2)
    """
    from stability.analysis.states import profile_stability
    from stability.solvers.pure import pure_equilibria

    joint = joint_game(scenario)
    table = stability_table(joint)
    found = [tuple(int(s) for s in p) for p in pure_equilibria(joint)]

    equilibria = tuple(
        JointEquilibrium(
            profile=scenario.profile_names(p),
            indices=p,
            outcomes=tuple(scenario.outcomes_of(p)),
            payoffs=tuple(joint.payoff(i, p) for i in range(joint.n_players)),
            stability=profile_stability(joint, p, table),
            balance=profile_balance(scenario, p),
        )
        for p in found
    )

    statuses = []
    stable_set = set(found)
    for outcome in scenario.outcomes:
        mask = scenario.outcome_mask(outcome.name)
        members = [tuple(int(i) for i in p) for p in zip(*mask.nonzero(), strict=True)]
        stable = [p for p in members if p in stable_set]
        if stable:
            statuses.append(
                OutcomeStatus(
                    name=outcome.name,
                    equilibrium=True,
                    closest=scenario.profile_names(stable[0]),
                    moves=(),
                    balance=profile_balance(scenario, stable[0]),
                )
            )
            continue
        if not members:
            statuses.append(OutcomeStatus(outcome.name, False, None, (), None))
            continue
        candidates = [(profitable_moves(joint, p), p) for p in members]
        moves, closest = min(
            candidates, key=lambda c: (sum(m.gain for m in best_moves(c[0])), c[1])
        )
        statuses.append(
            OutcomeStatus(
                name=outcome.name,
                equilibrium=False,
                closest=scenario.profile_names(closest),
                moves=tuple(moves),
                balance=profile_balance(scenario, closest),
            )
        )
    return joint, equilibria, tuple(statuses)


def analyze_scenario(
    scenario: Scenario,
    warnings: tuple[str, ...] = (),
    budget: Budget | None = None,
    *,
    answer: bool = True,
) -> ScenarioAnalysis:
    """Analyse ``scenario`` at its current parameter values (see module docstring).

    ``budget`` bounds (and reports the progress of) the search for the joint game's
    mixed equilibria; ``answer=False`` leaves out the plain answer (which runs the
    tipping and sensitivity analyses).
    """
    from stability.solvers import solve
    from stability.solvers.enumpoly import too_large

    pairs = []
    for game in scenario.games:
        exact = pair_game(scenario, game.name)
        method = "all" if exact.n_players == 2 else "pure"
        pairs.append(
            PairAnalysis(
                game=game,
                exact=exact,
                solution=solve(exact, method),
                repeated=_pair_repeated(scenario, game, exact),
                matrices=game_matrices(scenario, game),
            )
        )

    joint, equilibria, statuses = scenario_verdicts(scenario)
    race = timeline_race(scenario)
    ranking = parameter_ranking(scenario)
    return ScenarioAnalysis(
        scenario=scenario,
        joint=joint,
        pairs=tuple(pairs),
        equilibria=equilibria,
        outcomes=statuses,
        tipping=nearest_thresholds(scenario),
        warnings=warnings,
        selection=select(scenario) if len(equilibria) > 1 else None,
        prior_frequencies=_prior_frequencies(scenario),
        mixed=solve(joint, "enumerate", budget=budget) if too_large(joint.shape) is None else None,
        answer=plain_answer(scenario, race=race, ranking=ranking) if answer else None,
        race=race,
        ranking=ranking,
    )
