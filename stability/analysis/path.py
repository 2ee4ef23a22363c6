"""The path from one outcome to another: who moves first, and what each step costs.

In the joint game at the current values, a *state* is a pure profile and a *move*
is one actor changing its own strategy (:func:`stability.analysis.deviations.unilateral_moves`,
the one implementation of moves); sequences are found by the Graph Model's search
(:func:`stability.analysis.gmcr.shortest_paths`). From a starting profile (by
default the coalition outcome's equilibrium profile) to any profile of the target:

- ``improving``: a shortest sequence of unilateral *improvements* (each mover
  strictly gains), the way the Graph Model lets a conflict evolve on its own;
  none exists when the start is an equilibrium;
- ``shortest``: a shortest sequence of *any* unilateral moves (ties: ending in an
  equilibrium, then fewest moves at a loss, then least total loss);
- ``cheapest``: the sequence with the fewest moves at a loss, then the least total
  loss to the movers, then the fewest steps (ties: ending in an equilibrium).

Each step gives every actor's payoff change, and whether the profile reached is a
pure equilibrium. ``first_moves`` says, for each actor, what moving first from the
start gains now and, for margins linear in the parameters, the most it could gain
anywhere within the parameter ranges (exactly), so that "the militias never defect
on their own within the ranges" is a checked statement.

>>> from stability.io.scenario import read_scenario
>>> allies = read_scenario("games/two-allies.toml")
>>> result = find_paths(allies, "Split")
>>> result.improving is None, [s.mover for s in result.cheapest.steps]
(True, ['Alpha', 'Beta'])
>>> result.cheapest.steps[0].gains["Alpha"], result.cheapest.ends_in_equilibrium
(Fraction(-1, 1), True)
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from stability.analysis.deviations import unilateral_moves
from stability.analysis.gmcr import PathStep, shortest_paths
from stability.analysis.joint import joint_game
from stability.errors import InputError
from stability.model.exact import format_fraction, number_text
from stability.model.game import Game
from stability.model.scenario import Scenario
from stability.solvers.pure import pure_equilibria

SCHEMA = "stability/path/v1"
Profile = tuple[int, ...]
Kind = Literal["improving", "shortest", "cheapest"]


@dataclass(frozen=True)
class Step:
    """One unilateral move: who, from what to what, where it leads, what each actor gains."""

    mover: str
    label: str
    from_strategy: str
    to_strategy: str
    profile: Mapping[str, str]
    outcomes: tuple[str, ...]
    gains: Mapping[str, Fraction]
    equilibrium: bool

    @property
    def mover_gain(self) -> Fraction:
        """What the mover gains (negative: what it loses)."""
        return self.gains[self.mover]

    def sentence(self) -> str:
        """The step in words."""
        gain = self.mover_gain
        effect = (
            f"gains {number_text(gain)}"
            if gain > 0
            else ("does as well" if gain == 0 else f"loses {number_text(-gain)}")
        )
        verb = "switch" if _plural(self.label) else "switches"
        return f"{self.label} {verb} from {self.from_strategy} to {self.to_strategy} ({effect})"

    def document(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "mover": self.mover,
            "from": self.from_strategy,
            "to": self.to_strategy,
            "profile": dict(self.profile),
            "outcomes": list(self.outcomes),
            "gains": {a: float(g) for a, g in self.gains.items()},
            "exact_gains": {a: format_fraction(g) for a, g in self.gains.items()},
            "mover_gain": float(self.mover_gain),
            "improving": self.mover_gain > 0,
            "equilibrium": self.equilibrium,
            "text": self.sentence(),
        }


def _plural(label: str) -> bool:
    return label.endswith("s") and not label.endswith(("ss", "."))


@dataclass(frozen=True)
class Path:
    """A sequence of unilateral moves from the start to the target."""

    kind: Kind
    steps: tuple[Step, ...]
    ends_in_equilibrium: bool
    alternatives: int

    @property
    def first_mover(self) -> str | None:
        """Who moves first (``None`` for an empty path)."""
        return self.steps[0].mover if self.steps else None

    @property
    def costly(self) -> tuple[Step, ...]:
        """The steps at which the mover loses."""
        return tuple(s for s in self.steps if s.mover_gain < 0)

    @property
    def total_loss(self) -> Fraction:
        """What the movers lose in total over the costly steps."""
        return sum((-s.mover_gain for s in self.costly), Fraction(0))

    def sentence(self) -> str:
        """The path in words."""
        if not self.steps:
            return "the start already belongs to the target"
        text = ", then ".join(s.sentence() for s in self.steps)
        end = (
            "it ends in an equilibrium"
            if self.ends_in_equilibrium
            else "the profile it ends in is not an equilibrium"
        )
        return f"{text}; {end}"

    def document(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "kind": self.kind,
            "length": len(self.steps),
            "first_mover": self.first_mover,
            "steps": [s.document() for s in self.steps],
            "ends_in_equilibrium": self.ends_in_equilibrium,
            "costly_moves": len(self.costly),
            "total_loss": float(self.total_loss),
            "exact_total_loss": format_fraction(self.total_loss),
            "alternatives": self.alternatives,
            "text": self.sentence(),
        }


@dataclass(frozen=True)
class FirstMove:
    """An actor's move away from the start: its gain now, and its best within the ranges.

    ``best_in_ranges`` is ``None`` when the margin is not linear in the parameters.
    """

    actor: str
    label: str
    to_strategy: str
    gain: Fraction
    best_in_ranges: Fraction | None

    def document(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "actor": self.actor,
            "to": self.to_strategy,
            "gain": float(self.gain),
            "exact_gain": format_fraction(self.gain),
            "best_in_ranges": None
            if self.best_in_ranges is None
            else format_fraction(self.best_in_ranges),
        }


@dataclass(frozen=True)
class PathResult:
    """Everything ``stability path`` reports."""

    scenario: Scenario
    start: Mapping[str, str]
    start_outcomes: tuple[str, ...]
    start_equilibrium: bool
    target: str
    improving: Path | None
    shortest: Path | None
    cheapest: Path | None
    first_moves: tuple[FirstMove, ...]

    def summary(self) -> str:
        """Plain words: who has to move first, and at what cost."""
        if self.cheapest is None:
            return f"No sequence of unilateral moves reaches {self.target!r} from the start."
        if not self.cheapest.steps:
            return f"The start already belongs to {self.target!r}."
        if self.improving is not None:
            return (
                f"{self.target!r} can come about on its own: "
                + self.improving.sentence()
                + "."
            )
        start = " / ".join(self.start_outcomes) or "the start"
        parts = [
            f"no actor gains by leaving {start}"
            if self.start_equilibrium
            else f"no sequence of improving moves leads from {start} to {self.target!r}"
        ]
        never = [
            m for m in self.first_moves if m.best_in_ranges is not None and m.best_in_ranges <= 0
        ]
        first_mover = self.cheapest.steps[0].mover
        never_targets = [
            m for m in never if _leads_toward(m, self) and m.actor != first_mover
        ]
        if never_targets:
            names = sorted({m.label for m in never_targets})
            parts.append(
                " and ".join(names)
                + (" never gains" if len(names) == 1 and not _plural(names[0]) else " never gain")
                + " by moving first, anywhere within the parameters' ranges"
            )
        first = self.cheapest.steps[0]
        parts.append(
            f"the cheapest path needs {first.label} to move first: " + self.cheapest.sentence()
        )
        text = "; ".join(parts)
        return f"{text[0].upper()}{text[1:]}."

    def document(self) -> dict[str, Any]:
        """The ``stability/path/v1`` document."""
        return {
            "schema": SCHEMA,
            "scenario": self.scenario.title,
            "parameters": {p.name: float(p.value) for p in self.scenario.parameters},
            "from": {
                "profile": dict(self.start),
                "outcomes": list(self.start_outcomes),
                "equilibrium": self.start_equilibrium,
            },
            "target": self.target,
            "improving": None if self.improving is None else self.improving.document(),
            "shortest": None if self.shortest is None else self.shortest.document(),
            "cheapest": None if self.cheapest is None else self.cheapest.document(),
            "first_moves": [m.document() for m in self.first_moves],
            "text": self.summary(),
        }


def _leads_toward(move: FirstMove, result: PathResult) -> bool:
    """Whether the actor's move is one the target needs (it changes the actor's strategy)."""
    if result.cheapest is None or not result.cheapest.steps:
        return False
    return any(
        s.mover == move.actor and s.to_strategy == move.to_strategy for s in result.cheapest.steps
    )


def _profiles(scenario: Scenario, outcome: str, what: str) -> list[Profile]:
    try:
        mask = scenario.outcome_mask(outcome)
    except KeyError:
        names = ", ".join(o.name for o in scenario.outcomes) or "none declared"
        raise InputError(f"no outcome {outcome!r} (expected one of: {names})", item=what) from None
    return [tuple(int(i) for i in p) for p in zip(*np.nonzero(mask), strict=True)]


def find_paths(
    scenario: Scenario, target: str, start: str | None = None, *, limit: int = 50
) -> PathResult:
    """The paths from ``start`` (an outcome; default the coalition outcome) to ``target``."""
    game = joint_game(scenario)
    equilibria = {tuple(int(s) for s in p) for p in pure_equilibria(game)}
    origin_name = start if start is not None else scenario.coalition_outcome
    if origin_name is None:
        raise InputError(
            "--from OUTCOME is needed: the scenario names no coalition_outcome", item="--from"
        )
    origins = _profiles(scenario, origin_name, "--from")
    if not origins:
        raise InputError(f"outcome {origin_name!r} has no profile", item="--from")
    origin = next((p for p in origins if p in equilibria), origins[0])
    targets = set(_profiles(scenario, target, "--target"))
    shape = game.shape
    states = list(itertools.product(*(range(n) for n in shape)))
    index = {p: k for k, p in enumerate(states)}
    moves = {
        p: [(player, p[:player] + (s,) + p[player + 1 :], m.gain)
            for player, s, m in unilateral_moves(game, p)]
        for p in states
    }

    def successors(improving: bool) -> Any:
        def found(state: int) -> Iterable[tuple[int, int]]:
            for player, target_profile, gain in moves[states[state]]:
                if gain > 0 or not improving:
                    yield player, index[target_profile]

        return found

    def is_target(state: int) -> bool:
        return states[state] in targets

    def build(kind: Kind, path: tuple[PathStep, ...], alternatives: int) -> Path:
        steps = tuple(_step(scenario, game, states, step, equilibria) for step in path)
        end = states[path[-1].target] if path else origin
        return Path(kind, steps, end in equilibria, alternatives)

    def rank(path: Path) -> tuple[bool, int, Fraction]:
        return (not path.ends_in_equilibrium, len(path.costly), path.total_loss)

    improving_paths = [
        build("improving", p, 0)
        for p in shortest_paths(index[origin], successors(True), is_target, limit=limit)
    ]
    any_paths = [
        build("shortest", p, 0)
        for p in shortest_paths(index[origin], successors(False), is_target, limit=limit)
    ]
    improving = _best(improving_paths, rank)
    shortest = _best(any_paths, rank)
    cheapest = _cheapest(scenario, game, states, index, moves, origin, targets, equilibria)
    return PathResult(
        scenario=scenario,
        start=scenario.profile_names(origin),
        start_outcomes=tuple(scenario.outcomes_of(origin)),
        start_equilibrium=origin in equilibria,
        target=target,
        improving=improving,
        shortest=shortest,
        cheapest=cheapest,
        first_moves=_first_moves(scenario, game, origin),
    )


def _best(paths: list[Path], rank: Any) -> Path | None:
    if not paths:
        return None
    best = min(paths, key=rank)
    return Path(best.kind, best.steps, best.ends_in_equilibrium, len(paths))


def _step(
    scenario: Scenario,
    game: Game,
    states: list[Profile],
    step: PathStep,
    equilibria: set[Profile],
) -> Step:
    before, after = states[step.source], states[step.target]
    actor = scenario.actors[step.decision_maker]
    return Step(
        mover=actor.name,
        label=actor.label or actor.name,
        from_strategy=actor.strategies[before[step.decision_maker]],
        to_strategy=actor.strategies[after[step.decision_maker]],
        profile=scenario.profile_names(after),
        outcomes=tuple(scenario.outcomes_of(after)),
        gains={
            name: game.payoff(i, after) - game.payoff(i, before)
            for i, name in enumerate(game.players)
        },
        equilibrium=after in equilibria,
    )


def _cheapest(
    scenario: Scenario,
    game: Game,
    states: list[Profile],
    index: dict[Profile, int],
    moves: dict[Profile, list[tuple[int, Profile, Fraction]]],
    origin: Profile,
    targets: set[Profile],
    equilibria: set[Profile],
) -> Path | None:
    """Dijkstra on (moves at a loss, total loss, steps) over any unilateral moves."""
    Cost = tuple[int, Fraction, int]
    best: dict[Profile, Cost] = {origin: (0, Fraction(0), 0)}
    parent: dict[Profile, tuple[int, Profile]] = {}
    counter = itertools.count()
    queue: list[tuple[Cost, int, Profile]] = [(best[origin], next(counter), origin)]
    done: set[Profile] = set()
    while queue:
        cost, _, state = heapq.heappop(queue)
        if state in done:
            continue
        done.add(state)
        for player, after, gain in moves[state]:
            loss = -gain if gain < 0 else Fraction(0)
            new = (cost[0] + (1 if gain < 0 else 0), cost[1] + loss, cost[2] + 1)
            if after not in best or new < best[after]:
                best[after] = new
                parent[after] = (player, state)
                heapq.heappush(queue, (new, next(counter), after))
    reached = [t for t in targets if t in best]
    if not reached:
        return None
    end = min(reached, key=lambda t: (best[t], t not in equilibria, t))
    path: list[PathStep] = []
    state = end
    while state != origin:
        player, source = parent[state]
        path.insert(0, PathStep(player, index[source], index[state]))
        state = source
    steps = tuple(_step(scenario, game, states, s, equilibria) for s in path)
    return Path("cheapest", steps, end in equilibria, 1)


def _first_moves(scenario: Scenario, game: Game, origin: Profile) -> tuple[FirstMove, ...]:
    """Each actor's move away from the start, its gain now and its best within the ranges."""
    from stability.analysis.tipping import deviations
    from stability.analysis.tipping.lp import bounds, linear_range

    table = deviations(scenario)
    box = dict(zip((p.name for p in scenario.parameters), bounds(scenario), strict=True))
    found = []
    for player, strategy, move in unilateral_moves(game, origin):
        deviation = next(
            d for d in table[origin] if d.actor == player and d.to == strategy
        )
        best = None
        if deviation.linear is not None:
            low, _ = linear_range(deviation, box)
            best = -low
        actor = scenario.actors[player]
        found.append(
            FirstMove(
                actor=actor.name,
                label=actor.label or actor.name,
                to_strategy=move.to,
                gain=move.gain,
                best_in_ranges=best,
            )
        )
    return tuple(found)
