"""Every analysis of the command line, as a Python function returning a result object.

Why this module is long: one function per command, each with its docstring and
example, forms the one API surface that the reference page is generated from.

Each function takes what the command takes: a scenario (a :class:`Scenario`, a
``.toml`` path or a bundled name such as ``"mosul"``) or a game (a :class:`Game`, a
``.nfg``/``.json``/``.toml`` path or a bundled name), ``sets=`` for ``--set`` and the
command's options as keyword arguments. Each returns an immutable result object
(:mod:`stability.results`) whose ``to_dict()`` is the command's ``--json`` document.

>>> import stability
>>> result = stability.dominance("prisoners-dilemma")
>>> [step["eliminated"] for step in result.to_dict()["steps"]]
['Cooperate', 'Cooperate']
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stability.errors import InputError
from stability.model.checks import check_name, check_sets, check_source, check_time_limit
from stability.model.game import Game
from stability.model.scenario import Scenario
from stability.results import (
    AnalyzeResult,
    CheckResult,
    DominanceResult,
    DurabilityResult,
    EquilibriaResult,
    ExerciseResult,
    ExplainResult,
    ExploreResult,
    GMCRResult,
    PathResult,
    RepeatedResult,
    RobustnessResult,
    SelectResult,
    SensitivityResult,
    StatesResult,
    SweepResult,
    TippingResult,
)

if TYPE_CHECKING:
    from stability.model.conflict import Conflict
    from stability.results.coalitions import CoalitionsResult

ScenarioSource = Scenario | str | Path
#: A game: a Game, a scenario, a file or bundled name, or payoff tables ``(A, B)``.
GameSource = Game | Scenario | str | Path | Sequence[Any]
Sets = Mapping[str, str | int | Fraction] | None

# The analyses this module offers are listed once, in ``stability.ANALYSES`` (the
# package root, which loads them from here on first use): no ``__all__`` beside it.


def _sets(sets: Sets) -> dict[str, str]:
    return check_sets(sets)


def _scenario(source: ScenarioSource | None, sets: Sets) -> Scenario:
    """The scenario ``source`` names (default: Mosul), with ``sets`` applied.

    Values outside a parameter's declared range are warned about (``UserWarning``),
    as the command line warns on standard error.
    """
    from stability.io.scenario import apply_sets, open_scenario

    if isinstance(source, Scenario):
        scenario = source
    else:
        scenario = open_scenario("mosul" if source is None else check_source(source, "scenario"))
    _sets(sets)
    if sets:
        scenario, messages = apply_sets(scenario, _sets(sets))
        for message in messages:
            warnings.warn(message, UserWarning, stacklevel=3)
    return scenario


def _game(source: GameSource, game: str | None, sets: Sets) -> Game:
    """The game ``source`` names; for a scenario, its game ``game`` (default: the joint one)."""
    from stability.analysis.joint import scenario_game
    from stability.io import read_game

    _sets(sets)
    if game is not None:
        check_name(game, "game")
    tables = isinstance(source, list | tuple) or hasattr(source, "__array__")
    if not isinstance(source, Game | Scenario) and not tables:
        check_source(source, "game")
    if isinstance(source, Game):
        if sets or game is not None:
            raise InputError("sets= and game= apply to scenarios, not to a Game object")
        return source
    if not isinstance(source, str | Path | Scenario):  # payoff tables, nashpy style
        if sets or game is not None:
            raise InputError("sets= and game= apply to scenarios, not to payoff tables")
        return Game.from_tables(source)
    if isinstance(source, Scenario) or (sets and _names_scenario(source)):
        return scenario_game(_scenario(source, sets), game=game)
    return read_game(source, game=game, sets=_sets(sets))


def _names_scenario(source: str | Path) -> bool:
    """Whether ``source`` is a scenario file or a bundled scenario (not a game or conflict)."""
    from stability.io.bundled import bundled_file

    text = str(source)
    path = Path(text)
    if isinstance(source, Path) or path.is_file() or path.suffix or "/" in text:
        return path.suffix.lower() == ".toml" and not text.endswith(".gmcr.toml")
    entry = bundled_file(text)
    return entry is not None and entry.name.endswith(".toml") and ".gmcr." not in entry.name


def analyze(scenario: ScenarioSource | None = None, *, sets: Sets = None) -> AnalyzeResult:
    """The whole analysis of a scenario (``stability analyze``; default: Mosul).

    >>> from stability import analyze
    >>> result = analyze("two-allies", sets={"threat": 3})
    >>> [(row["outcome"], row["equilibrium"]) for row in result.rows()]
    [('Alliance', True), ('Split', True), ('Betrayal', False)]
    """
    from stability.analysis.overview import analyze_scenario

    loaded = _scenario(scenario, sets)
    return AnalyzeResult(loaded, analyze_scenario(loaded))


def check(
    scenario: ScenarioSource | None = None,
    *,
    draws: int = 4096,
    seed: int = 0,
    sets: Sets = None,
) -> CheckResult:
    """A model check of a scenario (``stability check``; default: Mosul): knife-edges,
    weak equilibria, dead, inert and aliased parameters, outcomes never or always an
    equilibrium, levers past the timeline's end, a timeline that ignores play, and
    verdicts most of the ``draws`` prior draws (seed ``seed``) do not share.

    >>> from stability import check
    >>> result = check("two-allies", draws=256)
    >>> [(f.severity, f.kind) for f in result.findings][:2]
    [('warning', 'aliased-parameters'), ('warning', 'timeline-ignores-play')]
    """
    from stability.analysis.check import check_scenario

    loaded = _scenario(scenario, sets)
    name = str(scenario) if scenario is not None else None
    return CheckResult(loaded, check_scenario(loaded, draws=draws, seed=seed, name=name))


def tipping(
    scenario: ScenarioSource, target: str, *, unique: bool = False, sets: Sets = None
) -> TippingResult:
    """Which parameter shifts make ``target`` a pure equilibrium (``stability tipping``).

    >>> from stability import tipping
    >>> result = tipping("two-allies", "Alliance", sets={"threat": "1/2"})
    >>> [(row["parameter"], row["threshold"], row["direction"]) for row in result.rows()]
    [('threat', '2', 'increase'), ('dispute', '-1/2', 'decrease')]
    """
    from stability.analysis.tipping import tipping_analysis

    check_name(target, "target")
    loaded = _scenario(scenario, sets)
    return TippingResult(loaded, target, unique, tipping_analysis(loaded, target, unique=unique))


def sweep(
    scenario: ScenarioSource,
    x: str,
    y: str | None = None,
    *,
    points: int = 101,
    sets: Sets = None,
    client: Any | None = None,
) -> SweepResult:
    """Which outcomes are pure equilibria over a grid of one or two parameters
    (``stability sweep``); ``x`` and ``y`` are ``"NAME"`` or ``"NAME=LO:HI"``.
    With ``client`` (a ``dask.distributed.Client``) the grid is evaluated on its
    cluster, with the same result.

    >>> from stability import sweep
    >>> result = sweep("two-allies", "threat=0:2", points=3)
    >>> [(row["threat"], row["regime"]) for row in result.rows()]
    [(0.0, 'Split'), (1.0, 'Split'), (2.0, 'Alliance + Split')]
    """
    from stability.analysis.sweep import Axis
    from stability.analysis.sweep import sweep as sweep_grid

    loaded = _scenario(scenario, sets)
    x_axis = Axis.parse(loaded, x)
    y_axis = Axis.parse(loaded, y) if y is not None else None
    return SweepResult(
        loaded, sweep_grid(loaded, x_axis, y_axis, points=points, client=client)
    )


def robustness(
    scenario: ScenarioSource,
    *,
    samples: int = 100_000,
    seed: int | None = None,
    spread: str | int | Fraction | None = None,
    uniform: bool = False,
    noise: float = 0.0,
    batch: int = 65_536,
    sets: Sets = None,
    client: Any | None = None,
) -> RobustnessResult:
    """How often each outcome is a pure equilibrium when the parameters are uncertain
    (``stability robustness``); the same seed gives the same frequencies, also on the
    cluster of a ``dask.distributed.Client`` given as ``client``.

    >>> from stability import robustness
    >>> result = robustness("two-allies", samples=1000, seed=1)
    >>> [row["outcome"] for row in result.rows()]
    ['Alliance', 'Split', 'Betrayal']
    """
    from stability.analysis.robustness import DEFAULT_SEED
    from stability.analysis.robustness import robustness as sample
    from stability.model.exact import parse_number

    loaded = _scenario(scenario, sets)
    relative = None
    if spread is not None:
        try:
            relative = parse_number(str(spread))
        except ValueError as err:
            raise InputError(str(err), item="spread") from err
    found = sample(
        loaded, samples, DEFAULT_SEED if seed is None else seed,
        spread=relative, uniform=uniform, noise=noise, batch=batch, client=client,
    )
    return RobustnessResult(loaded, found)


def select(
    scenario: ScenarioSource,
    *,
    dynamics: Sequence[str] | None = None,
    starts: int = 1000,
    seed: int = 0,
    precision: float = 20.0,
    sets: Sets = None,
    client: Any | None = None,
) -> SelectResult:
    """Equilibrium selection in the joint game (``stability select``): payoff dominance,
    risk dominance and the basins of ``dynamics`` (default: replicator and logit) from
    ``starts`` random beliefs; with ``client`` (a ``dask.distributed.Client``) the
simulations run on its cluster, with the same result.

    >>> from stability import select
    >>> result = select("two-allies", starts=200)
    >>> result.to_dict()["schema"]
    'stability/select/v1'
    """
    from stability.analysis.learning import DYNAMICS
    from stability.analysis.selection import select as select_equilibria

    loaded = _scenario(scenario, sets)
    found = select_equilibria(
        loaded, dynamics=tuple(dynamics or DYNAMICS), starts=starts, seed=seed,
        precision=precision, client=client,
    )
    return SelectResult(loaded, found)


def durability(
    scenario: ScenarioSource,
    *,
    outcomes: Sequence[str] | None = None,
    coalition: str | None = None,
    threat: str | None = None,
    v1: bool = False,
    sensitivity: bool = True,
    sets: Sets = None,
) -> DurabilityResult:
    """Does the coalition outlast the campaign (``stability durability``)?

    Along the scenario's ``[timeline]``; with ``threat=`` (or ``v1=True``, or a
    scenario without a timeline) the threat-threshold analysis, following
    ``outcomes[0]`` (default: the coalition outcome).

    >>> from stability import durability
    >>> result = durability("mosul")
    >>> result.to_dict()["schema"], result.timeline is not None
    ('stability/durability/v2', True)
    """
    loaded = _scenario(scenario, sets)
    if threat is not None or v1 or loaded.timeline is None:
        from stability.analysis.threat_durability import durability as threshold

        outcome = outcomes[0] if outcomes else None
        return DurabilityResult(loaded, threshold=threshold(loaded, threat, outcome))
    from stability.analysis.durability import timeline_durability

    found = timeline_durability(
        loaded, coalition, list(outcomes) if outcomes else None, sensitivity=sensitivity
    )
    return DurabilityResult(loaded, timeline=found)


def sensitivity(
    scenario: ScenarioSource,
    outcome: str | None = None,
    *,
    goal: str = "equilibrium",
    samples: int | None = None,
    seed: int = 0,
    uniform: bool = False,
    parameters: Sequence[str] | None = None,
    trajectories: int | None = None,
    dynamic: str = "replicator",
    starts: int = 50,
    client: Any | None = None,
    sets: Sets = None,
) -> SensitivityResult:
    """Global sensitivity of whether ``outcome`` (default: the coalition outcome) is a
    pure equilibrium of the joint game, or with ``goal="selected"`` of its basin share
    under ``dynamic`` (``stability sensitivity``): Sobol first-order and total indices
    with bootstrap intervals, and Morris screening. ``samples`` defaults to 4096 (32
    with ``goal="selected"``), ``trajectories`` to 50 (10); ``parameters`` is
    ``--parameter``. With a Dask ``client`` (``dask.distributed.Client``) the model
    evaluations run on its cluster, with the same indices for the same seed.

    >>> from stability import sensitivity
    >>> result = sensitivity("two-allies", "Alliance", samples=256)
    >>> result.analysis.top, result.to_dict()["schema"]
    (('threat', 'dispute'), 'stability/sensitivity/v1')
    """
    from stability.analysis.sensitivity import sensitivity as indices

    loaded = _scenario(scenario, sets)
    name = outcome or loaded.coalition_outcome
    if name is None:
        raise InputError("--outcome: this scenario declares no coalition outcome; name one")
    selected = goal == "selected"
    found = indices(
        loaded, name, goal=goal,
        samples=samples if samples is not None else (32 if selected else 4096),
        seed=seed, uniform=uniform, parameters=parameters,
        trajectories=trajectories if trajectories is not None else (10 if selected else 50),
        dynamic=dynamic, starts=starts, client=client,
    )
    return SensitivityResult(loaded, found)


def path(
    scenario: ScenarioSource, target: str, *, start: str | None = None, sets: Sets = None
) -> PathResult:
    """Sequences of unilateral moves from ``start`` (``--from``; default: the coalition
    outcome) to ``target`` in the joint game (``stability path``): the shortest of
    improving moves, the shortest of any moves and the cheapest, with each step's gains.

    >>> from stability import path
    >>> result = path("two-allies", "Split", start="Alliance")
    >>> [(row["path"], row["mover"], row["to"]) for row in result.rows()][:1]
    [('shortest', 'Alpha', 'Defect')]
    """
    from stability.analysis.path import find_paths

    loaded = _scenario(scenario, sets)
    return PathResult(loaded, find_paths(loaded, target, start))


def solve(
    source: GameSource,
    method: str = "auto",
    *,
    time_limit: float | None = None,
    game: str | None = None,
    sets: Sets = None,
) -> EquilibriaResult:
    """The equilibria of a game, exact where possible (``stability solve``); ``method``
    is ``--method`` (``auto``, ``pure``, ``all``, ``enumerate``, …), ``time_limit`` stops
    the search after that many seconds (``complete`` then says so). The result is also
    the sequence of its equilibria (``result[0].exact``, ``len(result)``).

    >>> from stability import solve
    >>> result = solve("battle-of-the-sexes", method="all")
    >>> len(result), [str(p) for p in result[1].exact[0]]
    (3, ['2/3', '1/3'])
    >>> result.to_dict()["schema"]
    'stability/solve/v1'

    Payoff tables work as in nashpy: ``solve((A, B))``, ``solve([A, B, C])`` (see
    ``Game.from_payoffs``).
    """
    from stability.solvers import solve as solve_game

    check_name(method, "method")
    time_limit = check_time_limit(time_limit)
    loaded = _game(source, game, sets)
    return EquilibriaResult(loaded, solve_game(loaded, method=method, time_limit=time_limit))


def states(
    source: GameSource,
    *,
    only: Sequence[str] | None = None,
    game: str | None = None,
    sets: Sets = None,
) -> StatesResult:
    """Every pure profile's stability: Nash, strict, strong, coalition-proof, GMR, SMR
    and SEQ (``stability states``); ``only`` keeps the profiles stable under those
    concepts; ``game`` picks a scenario's game (``--game``; default: the joint one).

    >>> from stability import states
    >>> result = states("prisoners-dilemma", only=["nash"])
    >>> [(row["Row"], row["Column"]) for row in result.rows()]
    [('Defect', 'Defect')]
    """
    from stability.analysis.states import all_profile_stability, parse_concepts

    concepts = parse_concepts(only)
    loaded = _game(source, game, sets)
    rows = tuple(r for r in all_profile_stability(loaded) if all(r.stable[c] for c in concepts))
    return StatesResult(loaded, rows, tuple(concepts))


def coalitions(
    source: GameSource,
    *,
    rule: str = "pessimistic",
    transferable: bool = False,
    time: str | int | Fraction | None = None,
    timeline: bool = False,
    tipping: Sequence[str] = (),
    source_structure: str | None = None,
    target: str | None = None,
    limit: int | None = None,
    seed: int = 0,
    game: str | None = None,
    sets: Sets = None,
) -> CoalitionsResult:
    """Every coalition structure of a scenario's actors (or a game's players): its
    equilibria when coalitions choose jointly, its core, Nash, individual, contractual
    individual and farsighted stability, the moves that break it and the shortest
    chain of profitable moves to ``target`` (``stability coalitions``); ``limit``
    evaluates that many structures drawn at random (``seed``) instead of all.

    >>> from stability import coalitions
    >>> coalitions("two-allies").stable("core")
    ['{Alpha, Beta}']
    """
    from stability.analysis.coalitions.preferences import parse_rule
    from stability.analysis.coalitions.study import coalition_study
    from stability.io.bundled import bundled_file
    from stability.model.exact import parse_number
    from stability.results.coalitions import CoalitionsResult

    subject: Scenario | Game
    if isinstance(source, Scenario | Game):
        subject = _scenario(source, sets) if isinstance(source, Scenario) else source
    elif not isinstance(source, str | Path):  # payoff tables
        subject = _game(source, game, sets)
    else:
        path = Path(source)
        entry = None if path.suffix or path.exists() else bundled_file(str(source))
        named = entry.name if entry is not None else path.name
        is_scenario = named.endswith(".toml") and not named.endswith(".gmcr.toml")
        subject = _scenario(source, sets) if is_scenario else _game(source, game, sets)
    try:
        at = None if time is None else parse_number(time)
    except ValueError as err:
        raise InputError(str(err), item="time") from None
    study = coalition_study(
        subject,
        game=game,
        rule=parse_rule(rule),
        transferable=transferable,
        time=at,
        source_structure=source_structure,
        target=target,
        timeline=timeline,
        parameters=tuple(tipping),
        limit=limit,
        seed=seed,
    )
    return CoalitionsResult(study)


def dominance(
    source: GameSource, *, weak: bool = False, game: str | None = None, sets: Sets = None
) -> DominanceResult:
    """Iterated elimination of strictly (or ``weak``-ly) dominated strategies, pure or
    mixed (``stability dominance``).

    >>> from stability import dominance
    >>> dominance("prisoners-dilemma").to_dict()["surviving"]
    [['Defect'], ['Defect']]
    """
    from stability.analysis.dominance import eliminate

    loaded = _game(source, game, sets)
    return DominanceResult(loaded, eliminate(loaded, weak=weak))


def repeated(
    source: GameSource,
    cooperate: str | Sequence[str],
    *,
    punish: str | Sequence[str] | None = None,
    game: str | None = None,
    sets: Sets = None,
) -> RepeatedResult:
    """The exact discount factor above which grim trigger sustains ``cooperate`` (strategy
    names in player order, ``"A,B"`` or ``["A", "B"]``) (``stability repeated``).

    >>> from stability import repeated
    >>> repeated("prisoners-dilemma", ["Cooperate", "Cooperate"]).to_dict()["exact"]
    '1/2'
    """
    from stability.analysis.repeated import grim_trigger, parse_profile

    loaded = _game(source, game, sets)

    def profile(value: str | Sequence[str], option: str) -> tuple[int, ...]:
        text = value if isinstance(value, str) else ",".join(value)
        return parse_profile(loaded, text, option)

    chosen = profile(cooperate, "cooperate")
    punishment = profile(punish, "punish") if punish is not None else None
    return RepeatedResult(loaded, grim_trigger(loaded, chosen, punishment))


def gmcr(
    conflict: Conflict | str | Path,
    *,
    coalitions: bool = False,
    status_quo: int | None = None,
    any_moves: bool = False,
) -> GMCRResult:
    """Nash, GMR, SMR, SEQ and SIM stability of every state of a conflict in the Graph
    Model (``stability gmcr``); ``status_quo`` is ``--from``.

    >>> from stability import gmcr
    >>> gmcr("elmira").to_dict()["equilibria"]["seq"]
    [8, 9, 18, 21, 24, 25]
    """
    from stability.analysis.gmcr import analyse
    from stability.io.conflict import load_conflict
    from stability.model.conflict import Conflict

    loaded = conflict if isinstance(conflict, Conflict) else load_conflict(str(conflict))
    if status_quo is not None and status_quo not in loaded.states:
        raise InputError(f"status_quo {status_quo}: not a feasible state of the conflict")
    return GMCRResult(
        analyse(loaded, coalitions=coalitions, status_quo=status_quo, any_moves=any_moves)
    )


def explain(
    source: GameSource,
    *,
    profile: str | Sequence[str] | None = None,
    game: str | None = None,
    sets: Sets = None,
) -> ExplainResult:
    """A step-by-step, exact explanation of a game's equilibria (``stability explain``);
    for a scenario, each pure profile's conditions in the scenario's parameters.

    >>> from stability import explain
    >>> print(explain("prisoners-dilemma").markdown().splitlines()[0])
    # Explanation: Prisoner's Dilemma
    """
    from stability.analysis.explain import explain_game, explain_scenario_game, parse_profile

    def chosen(loaded: Game) -> tuple[int, ...] | None:
        if profile is None:
            return None
        return parse_profile(loaded, profile if isinstance(profile, str) else ",".join(profile))

    if isinstance(source, Scenario) or (
        isinstance(source, str | Path) and _names_scenario(source)
    ):
        from stability.analysis.joint import scenario_game

        scenario = _scenario(source, sets)
        loaded = scenario_game(scenario, game=game)
        explanation = explain_scenario_game(scenario, game, profile=chosen(loaded))
        return ExplainResult(loaded, explanation)
    loaded = _game(source, game, sets)
    return ExplainResult(loaded, explain_game(loaded, profile=chosen(loaded)))


def explore(scenario: ScenarioSource | None = None, *, sets: Sets = None) -> ExploreResult:
    """An interactive page with a slider for every parameter (``stability explore``;
    default: Mosul); ``sets`` starts the sliders elsewhere.

    >>> from stability import explore
    >>> page = explore("two-allies")
    >>> page.html().startswith("<!DOCTYPE html>"), sorted(page.to_dict())[:3]
    (True, ['actors', 'coalition_outcome', 'coalitions'])
    """
    return ExploreResult(_scenario(scenario, sets))


def exercise(
    *, kind: str | None = None, level: int = 1, seed: int = 0, count: int = 1
) -> ExerciseResult:
    """Exercises whose answers are computed by the solvers and checked independently
    (``stability exercise``); the same seed gives the same exercises.

    >>> from stability import exercise
    >>> [row["kind"] for row in exercise(count=2).rows()]
    ['pure', 'mixed']
    """
    from stability.analysis.exercises import generate_exercises

    found = generate_exercises(kind=kind, level=level, seed=seed, count=count)
    return ExerciseResult(seed, tuple(found))
