"""The plain answer to the mission's question, for a scenario at its current values.

"Which payoff shifts push the militias toward a partition deal?" — asked of the
scenario's *alternative* outcome (by default the first declared outcome that is
not the coalition outcome): whether it is an equilibrium, the only one, selected
by learning; the smallest shift for each goal (:mod:`stability.analysis.tipping`),
with parameters named in the scenario's own words (the first clause of each
parameter's ``doc``); who has to move first (:mod:`stability.analysis.path`); and
the three parameters that matter most. ``analyze`` ends with this paragraph and
the report opens with it.

>>> from stability.io.scenario import read_scenario
>>> answer = plain_answer(read_scenario("games/two-allies.toml"), share=False)
>>> answer.target, answer.equilibrium, answer.unique
('Split', True, False)
>>> [lever.parameter for lever in answer.levers]
['threat', 'dispute']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stability.analysis.path import PathResult, find_paths
from stability.analysis.tipping import Goal, MinimalShift, minimal_shift
from stability.analysis.tipping.margins import Context
from stability.analysis.tipping.thresholds import _parameter_tipping
from stability.errors import InputError, StabilityError
from stability.model.exact import format_fraction
from stability.model.scenario import Scenario

#: The goals the paragraph gives an exact smallest shift for.
EXACT_GOALS: tuple[Goal, ...] = ("equilibrium", "unique", "breaks")
LEVERS = 3


@dataclass(frozen=True)
class Lever:
    """A parameter that matters, with the measure it was ranked by."""

    parameter: str
    words: str
    measure: float


@dataclass(frozen=True)
class PlainAnswer:
    """The mission's question answered for one scenario at its current values."""

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
        }


def words(scenario: Scenario, name: str) -> str:
    """A parameter in the scenario's words: the first clause of its doc.

    >>> from stability.io.scenario import read_scenario
    >>> words(read_scenario("games/two-allies.toml"), "threat")
    'strength of the common enemy'
    """
    doc = " ".join(scenario.parameter(name).doc.split())
    for mark in (": ", "; ", " (", ", "):
        doc = doc.split(mark)[0]
    doc = re.split(r"(?<=[a-z]{2})\. ", doc)[0]
    doc = doc.rstrip(".")
    if len(doc) > 80:
        doc = doc[:77].rsplit(" ", 1)[0] + "…"
    return doc[:1].lower() + doc[1:] if doc[1:2].islower() else doc


def default_target(scenario: Scenario) -> str | None:
    """The first declared outcome that is not the coalition outcome."""
    return next((o.name for o in scenario.outcomes if o.name != scenario.coalition_outcome), None)


def _shift_words(scenario: Scenario, shift: MinimalShift) -> str:
    moves = []
    for moved in shift.parameters:
        new = format_fraction(moved.exact) if moved.exact is not None else f"{moved.value:.4g}"
        moves.append(
            f"{_named(scenario, moved.parameter)} from {format_fraction(moved.baseline)} to {new}"
        )
    kind = {"global": "global optimum", "local": "local search", "search": "search"}[
        shift.optimality
    ]
    return " and ".join(moves) + f" [{kind}]"


def _named(scenario: Scenario, name: str) -> str:
    """``name (its words)``, or the bare name when the parameter has no doc."""
    said = words(scenario, name)
    return f"{name} ({said})" if said else name


def _levers(scenario: Scenario, target: str) -> tuple[tuple[Lever, ...], str]:
    from stability.analysis.sensitivity import sensitivity

    try:
        result = sensitivity(scenario, target, samples=1024, seed=0)
    except (InputError, StabilityError):
        result = None
    if result is not None and result.variance > 0 and result.indices:
        ranked = list(result.indices)[:LEVERS]
        return tuple(
            Lever(i.parameter, words(scenario, i.parameter), float(i.total)) for i in ranked
        ), (
            f"Sobol total index of whether {target!r} is an equilibrium "
            f"(SALib, {result.samples} base samples, {result.sampling}, seed 0)"
        )
    # the outcome never varies over the sample (or nothing can vary): say what the
    # exact one-parameter thresholds say instead
    distances: dict[str, float] = {}
    goals: list[tuple[str, Goal]] = [(target, "equilibrium"), (target, "unique")]
    if scenario.coalition_outcome is not None:
        goals.append((scenario.coalition_outcome, "breaks"))
    for outcome, goal in goals:
        context = Context(scenario, outcome, goal)
        for parameter in scenario.parameters:
            nearest = _parameter_tipping(context, parameter.name, binding=False).nearest
            if nearest is not None and nearest.within_range:
                distances[parameter.name] = min(
                    distances.get(parameter.name, float("inf")), nearest.distance
                )
    ranked_names = sorted(distances, key=lambda n: (distances[n], n))[:LEVERS]
    return tuple(
        Lever(n, words(scenario, n), distances[n]) for n in ranked_names
    ), (
        "nearest exact one-parameter threshold within the range, as a share of the range "
        "(over the goals equilibrium, unique and breaks)"
    )


def plain_answer(
    scenario: Scenario,
    target: str | None = None,
    *,
    share: bool = True,
    dynamic: str = "replicator",
    starts: int = 1000,
    seed: int = 0,
) -> PlainAnswer | None:
    """The mission's question answered (see module docstring); ``None`` without two outcomes."""
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
    if share:
        from stability.analysis.selection import outcome_basin_share

        basin = float(
            outcome_basin_share(scenario, chosen, dynamic=dynamic, starts=starts, seed=seed)
        )
    path = None
    if coalition is not None and coalition != chosen:
        path = find_paths(scenario, chosen)
    levers, method = _levers(scenario, chosen)
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
        lever_method=method,
        paragraph="",
    )
    from dataclasses import replace

    return replace(answer, paragraph=_paragraph(scenario, answer, starts, seed))


def _paragraph(scenario: Scenario, answer: PlainAnswer, starts: int, seed: int) -> str:
    target = answer.target
    sentences = []
    if answer.unique:
        status = f"{target!r} is the only pure equilibrium"
    elif answer.equilibrium:
        status = f"{target!r} is a pure equilibrium, but not the only one"
    else:
        status = f"{target!r} is not an equilibrium"
    if answer.coalition is not None and answer.coalition != target:
        status += (
            f"; {answer.coalition!r} "
            + ("is no longer one" if answer.holds.get("breaks") else "still is")
        )
    sentences.append(f"At the current values, {status}.")
    if answer.share is not None:
        verdict = "selected" if answer.share > 0.5 else "not selected"
        sentences.append(
            f"Under {answer.dynamic} dynamics it is {verdict}: {answer.share:.0%} of "
            f"{starts} random starting beliefs (seed {seed}) end in it."
        )
    phrases = {
        "equilibrium": "to make it an equilibrium",
        "unique": "to make it the only one",
        "breaks": f"to break {answer.coalition!r}",
    }
    parts = []
    for goal, shift in answer.shifts.items():
        if answer.holds.get(goal):
            parts.append(f"{phrases[goal]}: nothing (it already holds)")
        elif shift is None:
            parts.append(f"{phrases[goal]}: no shift within the parameters' ranges")
        else:
            parts.append(f"{phrases[goal]}: {_shift_words(scenario, shift)}")
    if parts:
        sentences.append(
            "The smallest shifts (L1 over range-normalised parameters, within their ranges, "
            "each re-checked exactly) are " + "; ".join(parts) + "."
        )
    sentences.append(
        "For it to be selected by learning, `stability tipping SCENARIO --target "
        f"{target!r} --goal selected` searches by simulation (not an exact bound)."
    )
    if answer.path is not None:
        sentences.append(answer.path.summary())
    if answer.levers:
        sentences.append(
            "The parameters that matter most: "
            + ", ".join(_named(scenario, lever.parameter) for lever in answer.levers)
            + f", ranked by {answer.lever_method}."
        )
    return " ".join(sentences)

