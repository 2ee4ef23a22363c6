"""The plain answer to the mission's question, for a scenario at its current values.

"Which payoff shifts push the militias toward a partition deal?" — asked of the
scenario's *alternative* outcome (by default the first declared outcome that is
not the coalition outcome), in policy terms:

- whether it is an equilibrium now (strict, or only by a tie: who is
  indifferent), the only one, selected by learning;
- the smallest shift for each goal (:mod:`stability.analysis.tipping`), each
  parameter named as a lever (:func:`~stability.analysis.levers.lever_name`) with
  its change in the scenario's units, exact with a decimal beside it, and said
  plainly when the shifted point is only a weak equilibrium or lies past the
  timeline's end;
- each actor's own condition for its part of the outcome (its deviation margins
  there: for Mosul, IS's condition for accepting the partition deal);
- the time window in which the outcome is an equilibrium on the timeline;
- who has to move first (:mod:`stability.analysis.path`);
- the parameters that matter most, by the one ranking of
  :mod:`stability.analysis.ranking`;
- the findings of ``stability check`` about the outcome and the levers
  (:mod:`stability.analysis.findings`).

``paragraph`` says it all; ``points`` is the short form ``analyze`` opens with.

>>> from stability.io.scenario import read_scenario
>>> answer = plain_answer(read_scenario("games/two-allies.toml"), share=False)
>>> answer.target, answer.equilibrium, answer.unique
('Split', True, False)
>>> [lever.parameter for lever in answer.levers]
['threat', 'dispute']
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from stability.analysis.findings import Concern, concerning_findings
from stability.analysis.levers import (
    Acceptance,
    Indifference,
    LeverMove,
    TimeWindow,
    acceptance,
    indifferences,
    lever_moves,
    lever_name,
    parameter_words,
    time_window,
)
from stability.analysis.path import PathResult, find_paths
from stability.analysis.ranking import ParameterRanking, parameter_ranking
from stability.analysis.tipping import Goal, MinimalShift, minimal_shift
from stability.analysis.tipping.margins import Context
from stability.errors import InputError
from stability.model.exact import number_text
from stability.model.scenario import Scenario

if TYPE_CHECKING:
    from stability.analysis.durability import TimelineDurability
    from stability.analysis.selection import Basins

#: The goals the paragraph gives an exact smallest shift for.
EXACT_GOALS: tuple[Goal, ...] = ("equilibrium", "unique", "breaks")
LEVERS = 3


@dataclass(frozen=True)
class Lever:
    """A parameter that matters, with the measure it was ranked by (the share of its
    range to its nearest threshold: :mod:`stability.analysis.ranking`)."""

    parameter: str
    words: str
    measure: float


@dataclass(frozen=True)
class PlainAnswer:
    """The mission's question answered for one scenario at its current values.

    ``weak`` names the ties when the target is an equilibrium now only by a tie;
    ``moves`` are each goal's smallest shift in policy terms; ``acceptance`` each
    actor's condition for its part of the target; ``window`` when the target is an
    equilibrium on the timeline (``None`` without a timeline); ``findings`` what
    ``stability check`` says about the target and the levers.
    """

    target: str
    coalition: str | None
    equilibrium: bool
    unique: bool
    share: float | None
    dynamic: str
    shifts: dict[str, MinimalShift | None]
    holds: dict[str, bool]
    path: PathResult | None
    levers: tuple[Lever, ...]
    lever_method: str
    paragraph: str
    weak: tuple[Indifference, ...] | None = None
    moves: dict[str, tuple[LeverMove, ...]] | None = None
    acceptance: tuple[Acceptance, ...] = ()
    window: TimeWindow | None = None
    findings: tuple[Concern, ...] = ()
    ranking: ParameterRanking | None = None
    points: tuple[str, ...] = ()
    #: The basins ``share`` was read from (their step bound and how many starts it
    #: stopped), when ``share`` was asked for.
    basins: Basins | None = None

    def document(self) -> dict[str, Any]:
        """JSON form (the ``answer`` key of ``stability/analyze/v1``)."""
        return {
            "target": self.target,
            "coalition": self.coalition,
            "equilibrium": self.equilibrium,
            "unique": self.unique,
            "basin_share": self.share,
            "dynamic": self.dynamic,
            "shifts": {
                goal: None if shift is None else shift.document()
                for goal, shift in self.shifts.items()
            },
            "holds_now": dict(self.holds),
            "first_mover": None
            if self.path is None or self.path.cheapest is None
            else self.path.cheapest.first_mover,
            "path": None if self.path is None else self.path.summary(),
            "levers": [
                {"parameter": lever.parameter, "words": lever.words, "measure": lever.measure}
                for lever in self.levers
            ],
            "lever_method": self.lever_method,
            "text": self.paragraph,
            # added: the answer in policy terms
            "weak": None
            if self.weak is None
            else [{"actor": i.actor, "strategy": i.strategy, "to": i.to} for i in self.weak],
            "moves": {
                goal: [m.document() for m in moves] for goal, moves in (self.moves or {}).items()
            },
            "acceptance": [a.document() for a in self.acceptance],
            "window": None if self.window is None else self.window.document(),
            "findings": [f.document() for f in self.findings],
            "points": list(self.points),
            # added: the basins' step bound and how many starts it stopped
            "basin_max_steps": None if self.basins is None else self.basins.max_steps,
            "basin_at_step_bound": None if self.basins is None else self.basins.bounded,
        }


def words(scenario: Scenario, name: str) -> str:
    """A parameter in the scenario's words: the first clause of its doc.

    >>> from stability.io.scenario import read_scenario
    >>> words(read_scenario("games/two-allies.toml"), "threat")
    'strength of the common enemy'
    """
    return parameter_words(scenario, name)


def default_target(scenario: Scenario) -> str | None:
    """The first declared outcome that is not the coalition outcome."""
    return next((o.name for o in scenario.outcomes if o.name != scenario.coalition_outcome), None)


def timeline_race(scenario: Scenario) -> TimelineDurability | None:
    """The coalition along the timeline (no sensitivity), when there is one to follow."""
    if scenario.timeline is None or scenario.coalition_outcome is None:
        return None
    from stability.analysis.durability import timeline_durability

    try:
        return timeline_durability(scenario, sensitivity=False)
    except InputError:
        return None


def plain_answer(
    scenario: Scenario,
    target: str | None = None,
    *,
    share: bool = True,
    dynamic: str = "replicator",
    starts: int = 1000,
    seed: int = 0,
    race: TimelineDurability | None = None,
    ranking: ParameterRanking | None = None,
) -> PlainAnswer | None:
    """The mission's question answered (see module docstring); ``None`` without two outcomes.

    ``race`` (the coalition along the timeline, ``durability``'s result) and
    ``ranking`` are computed when not given.
    """
    chosen = target if target is not None else default_target(scenario)
    if chosen is None:
        return None
    coalition = scenario.coalition_outcome
    holds: dict[str, bool] = {}
    shifts: dict[str, MinimalShift | None] = {}
    for goal in EXACT_GOALS:
        outcome = coalition if goal == "breaks" else chosen
        if outcome is None:
            continue
        holds[goal] = Context(scenario, outcome, goal).holds_at_baseline()
        shifts[goal] = None if holds[goal] else minimal_shift(scenario, outcome, goal)
    basin: float | None = None
    basin_result: Basins | None = None
    if share:
        from stability.analysis.selection import outcome_basins

        found_share, basin_result = outcome_basins(
            scenario, chosen, dynamic=dynamic, starts=starts, seed=seed
        )
        basin = float(found_share)
    path = None
    if coalition is not None and coalition != chosen:
        path = find_paths(scenario, chosen)
    if race is None:
        race = timeline_race(scenario)
    if ranking is None:
        ranking = parameter_ranking(scenario)
    levers = tuple(
        Lever(e.parameter, words(scenario, e.parameter), float(e.distance or 0))
        for e in ranking.top(LEVERS)
    )
    moves = {
        goal: lever_moves(
            scenario, chosen if goal != "breaks" or coalition is None else coalition, shift,
            race, check_weak=goal != "breaks",
        )
        for goal, shift in shifts.items()
        if shift is not None
    }
    moved = sorted({m.parameter for found in moves.values() for m in found})
    answer = PlainAnswer(
        target=chosen,
        coalition=coalition,
        equilibrium=holds["equilibrium"],
        unique=holds["unique"],
        share=basin,
        dynamic=dynamic,
        shifts=shifts,
        holds=holds,
        path=path,
        levers=levers,
        lever_method=ranking.basis,
        paragraph="",
        weak=indifferences(scenario, chosen) if holds["equilibrium"] else None,
        moves=moves,
        acceptance=acceptance(scenario, chosen),
        window=None if race is None else time_window(race, chosen),
        findings=concerning_findings(
            scenario,
            outcomes=tuple(o for o in (chosen, coalition) if o is not None),
            parameters=tuple(dict.fromkeys([*moved, *(lever.parameter for lever in levers)])),
        ),
        ranking=ranking,
        basins=basin_result,
    )
    return replace(
        answer,
        paragraph=_paragraph(scenario, answer, starts, seed),
        points=_points(scenario, answer),
    )


_PHRASES = {
    "equilibrium": "to make it an equilibrium",
    "unique": "to make it the only one",
}


_SHORT_PHRASES = {
    "equilibrium": "an equilibrium",
    "unique": "the only one",
    "breaks": "to break the coalition",
}


def _phrase(goal: str, answer: PlainAnswer, *, short: bool = False) -> str:
    if short:
        return _SHORT_PHRASES[goal]
    return _PHRASES.get(goal, f"to break {answer.coalition!r}")


def _status(answer: PlainAnswer) -> str:
    target = answer.target
    if answer.unique:
        status = f"{target!r} is the only pure equilibrium"
    elif answer.equilibrium:
        status = f"{target!r} is a pure equilibrium, but not the only one"
    else:
        status = f"{target!r} is not an equilibrium"
    if answer.weak:
        status += (
            " — only by a tie, a weak equilibrium ("
            + "; ".join(i.sentence() for i in answer.weak)
            + ")"
        )
    if answer.coalition is not None and answer.coalition != target:
        status += (
            f"; {answer.coalition!r} "
            + ("is no longer one" if answer.holds.get("breaks") else "still is")
        )
    return status


def _weak_note(moves: tuple[LeverMove, ...], goal: str, *, short: bool) -> str:
    """The tie a shifted point rests on (the same for every parameter of one shift)."""
    weak = moves[0].weak if moves else None
    if not weak or goal == "breaks":
        return ""
    if short:
        return "weak there: " + ", ".join(f"{i.actor} indifferent" for i in weak)
    ties = "; ".join(i.sentence() for i in weak)
    return f"at exactly that point only a weak equilibrium ({ties})"


def _past_end_note(moves: tuple[LeverMove, ...], *, short: bool) -> str:
    over = moves[0].past_end if moves else ""
    if not over:
        return ""
    if short:
        return "past the end"
    return f"that point lies past the campaign's end: there {over}"


def _goal_text(answer: PlainAnswer, goal: str, *, short: bool) -> str:
    phrase = _phrase(goal, answer, short=short)
    if answer.holds.get(goal):
        return f"{phrase}: nothing (it already holds)"
    found = (answer.moves or {}).get(goal)
    if not found:
        return f"{phrase}: no shift within the parameters' ranges"
    shift = answer.shifts[goal]
    kind = "" if shift is None else {
        "global": "global optimum", "local": "local search", "search": "search"
    }[shift.optimality]
    text = f"{phrase}: " + (", " if short else " and ").join(
        move.text(short=short) for move in found
    )
    notes = [
        n for n in (_past_end_note(found, short=short), _weak_note(found, goal, short=short)) if n
    ]
    if notes:
        text += f" ({'; '.join(notes)})" if short else " — " + "; ".join(notes)
    return text + ("" if short else f" [{kind}]")


def _paragraph(scenario: Scenario, answer: PlainAnswer, starts: int, seed: int) -> str:
    target = answer.target
    sentences = [f"At the current values, {_status(answer)}."]
    if answer.share is not None:
        verdict = "selected" if answer.share > 0.5 else "not selected"
        sentences.append(
            f"Under {answer.dynamic} dynamics it is {verdict}: {answer.share:.0%} of "
            f"{starts} random starting beliefs (seed {seed}) end in it."
        )
        if answer.basins is not None and answer.basins.bounded:
            sentences.append(answer.basins.bound_sentence().capitalize() + ".")
    parts = [_goal_text(answer, goal, short=False) for goal in answer.shifts]
    if parts:
        sentences.append(
            "The smallest shifts (L1 over range-normalised parameters, within their ranges, "
            "each re-checked exactly) are " + "; ".join(parts) + "."
        )
    if answer.acceptance:
        sentences.append(
            f"Each actor's own condition for its part of {target!r}: "
            + "; ".join(a.sentence() for a in answer.acceptance)
            + "."
        )
    if answer.window is not None:
        sentences.append(answer.window.sentence())
    sentences.append(
        "For it to be selected by learning, `stability tipping SCENARIO --target "
        f"{target!r} --goal selected` searches by simulation (not an exact bound)."
    )
    if answer.path is not None:
        sentences.append(answer.path.summary())
    if answer.levers:
        sentences.append(
            "The parameters that matter most: "
            + ", ".join(lever_name(scenario, lever.parameter) for lever in answer.levers)
            + f", ranked by {answer.lever_method}."
        )
    if answer.findings:
        sentences.append(
            "`stability check` finds (its evidence and what to do: `stability check "
            "SCENARIO`): "
            + "; ".join(f.short() for f in answer.findings)
            + "."
        )
    return " ".join(sentences)


def _points(scenario: Scenario, answer: PlainAnswer) -> tuple[str, ...]:
    """The short form: a few lines for the opening of ``analyze`` (whose verdict lines
    already say whether the target is an equilibrium, strict or weak)."""
    points = []
    goals = [_goal_text(answer, goal, short=True) for goal in answer.shifts]
    late = any(m.past_end for found in (answer.moves or {}).values() for m in found)
    end = scenario.timeline.end if scenario.timeline is not None else None
    if goals:
        text = "Smallest shifts to make it " + "; ".join(goals)
        if late and end is not None:
            text += f". Past the end: there {end.when} <= {end.falls_to} already at t = 0"
        points.append(text + ".")
    if answer.acceptance:
        def verdict(a: Acceptance) -> str:
            if a.now == 0:
                return "indifferent"
            return "accepts" if a.accepts else "refuses"

        points.append(
            "Each side's condition for it (now): "
            + "; ".join(
                f"{scenario.actor(a.actor).label or a.actor} ({a.to} → {a.strategy}) "
                f"{a.margin} ≥ 0 ({number_text(a.now)}: {verdict(a)})"
                for a in sorted(answer.acceptance, key=lambda a: (a.accepts, a.now != 0))
            )
            + "."
        )
    if answer.window is not None:
        points.append(answer.window.sentence(short=True))
    if answer.levers:
        points.append(
            "Matter most: " + ", ".join(lever.parameter for lever in answer.levers)
            + " (nearest threshold within range)."
        )
    if answer.findings:
        kinds = list(dict.fromkeys(f.kind for f in answer.findings))
        shown = ", ".join(kinds[:2]) + (", …" if len(kinds) > 2 else "")
        many = len(answer.findings) > 1
        points.append(
            f"`stability check`: {len(answer.findings)} {'findings' if many else 'finding'} "
            f"({shown})."
        )
    return tuple(points)
