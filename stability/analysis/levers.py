"""The plain answer's pieces in policy terms: levers, ties, acceptance, the time window.

- :func:`lever_name`: a parameter as something an actor can do, from the
  parameter's optional ``lever`` phrase (``"the U.S. sidelining the militias"``),
  else from its name and the first clause of its doc;
- :func:`lever_moves`: each parameter a smallest shift moves, with its change in
  the scenario's units, whether the target is only a *weak* equilibrium there
  (who is indifferent between which strategies), and whether the new value lies
  past the timeline's end (the value the parameter has when the campaign ends);
- :func:`acceptance`: each actor's own condition for playing its part of the
  target outcome, rather than its strategy in the coalition (its deviation
  margins at the target profile, exact, and now);
- :func:`time_window`: the intervals of the timeline in which the target is a
  pure equilibrium, beside the campaign's end.

>>> from stability.io.scenario import read_scenario
>>> allies = read_scenario("games/two-allies.toml")
>>> lever_name(allies, "threat")
'threat (strength of the common enemy)'
>>> [(a.actor, a.to, a.accepts) for a in acceptance(allies, "Split")]
[('Alpha', 'Cooperate', True), ('Beta', 'Cooperate', True)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import sympy

from stability.analysis.tipping import Interval, MinimalShift, deviations
from stability.analysis.tipping.margins import Deviation, _margin_at
from stability.analysis.tipping.sets import compare
from stability.model.exact import exact_string, format_fraction, number_text
from stability.model.scenario import TIME, Scenario

if TYPE_CHECKING:
    from stability.analysis.durability import TimelineDurability

__all__ = [
    "Acceptance",
    "Indifference",
    "LeverMove",
    "TimeWindow",
    "acceptance",
    "indifferences",
    "lever_moves",
    "lever_name",
    "lever_phrase",
    "parameter_words",
    "past_end_note",
    "time_window",
]

Profile = tuple[int, ...]


def parameter_words(scenario: Scenario, name: str) -> str:
    """A parameter in the scenario's words: the first clause of its doc.

    >>> from stability.io.scenario import read_scenario
    >>> parameter_words(read_scenario("games/two-allies.toml"), "threat")
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


def lever_phrase(scenario: Scenario, name: str) -> str:
    """The parameter's optional ``lever`` phrase (what an actor does), else ``""``."""
    return " ".join(str(getattr(scenario.parameter(name), "lever", None) or "").split())


def lever_name(scenario: Scenario, name: str) -> str:
    """The parameter as a lever: its ``lever`` phrase and name when the scenario gives
    one (``the U.S. sidelining the militias (alienation)``), else ``name (its words)``,
    else the bare name."""
    phrase = lever_phrase(scenario, name)
    if phrase:
        return f"{phrase} ({name})"
    said = parameter_words(scenario, name)
    return f"{name} ({said})" if said else name


@dataclass(frozen=True)
class Indifference:
    """An actor that gains exactly nothing by switching: a weak equilibrium's tie."""

    actor: str
    strategy: str
    to: str

    def sentence(self) -> str:
        return f"{self.actor} is indifferent between {self.strategy} and {self.to}"


def _profiles(scenario: Scenario, outcome: str) -> list[Profile]:
    mask = scenario.outcome_mask(outcome)
    return [tuple(int(i) for i in p) for p in zip(*mask.nonzero(), strict=True)]


def _margins(
    scenario: Scenario, profile: Profile, values: Mapping[str, Fraction]
) -> list[tuple[Deviation, Fraction]]:
    table = deviations(scenario)
    return [(d, _margin_at(d, scenario, values)) for d in table[profile]]


def indifferences(
    scenario: Scenario, outcome: str, values: Mapping[str, Fraction] | None = None
) -> tuple[Indifference, ...] | None:
    """Whether ``outcome`` is an equilibrium only by a tie at ``values`` (default: the
    scenario's own): ``None`` when it is no equilibrium or some profile of it is a
    strict one; else the ties of its first equilibrium profile.

    >>> from stability.io.scenario import read_scenario
    >>> allies = read_scenario("games/two-allies.toml")
    >>> indifferences(allies, "Alliance") is None
    True
    >>> for tie in indifferences(allies, "Alliance", {"threat": 2}):
    ...     print(tie.sentence())
    Alpha is indifferent between Cooperate and Defect
    Beta is indifferent between Cooperate and Defect
    """
    at = dict(scenario.values)
    at.update(values or {})
    weak: tuple[Indifference, ...] | None = None
    for profile in _profiles(scenario, outcome):
        margins = _margins(scenario, profile, at)
        if any(m < 0 for _, m in margins):
            continue
        ties = [d for d, m in margins if m == 0]
        if not ties:
            return None
        if weak is None:
            weak = tuple(
                Indifference(
                    scenario.actors[d.actor].name,
                    scenario.actors[d.actor].strategies[d.strategy],
                    scenario.actors[d.actor].strategies[d.to],
                )
                for d in ties
            )
    return weak


@dataclass(frozen=True)
class LeverMove:
    """One parameter a smallest shift moves, in policy terms.

    ``new`` is exact when the shift is; ``weak`` the ties that leave the target only a
    weak equilibrium at the shifted values (``None``: not weak, or not known);
    ``past_end`` says, when the new value lies past the timeline's end, what value the
    parameter reaches by the end (else ``""``).
    """

    parameter: str
    lever: str
    baseline: Fraction
    new: Fraction | None
    value: float
    weak: tuple[Indifference, ...] | None
    past_end: str
    #: The scenario's own ``lever`` phrase for the parameter (``""``: none declared).
    phrase: str = ""

    @property
    def change(self) -> Fraction | None:
        return None if self.new is None else self.new - self.baseline

    def text(self, *, short: bool = False) -> str:
        """``threat (…) from 8 to 749/625 ≈ 1.20 (a change of -4251/625 ≈ -6.80)``;
        ``short``: ``threat 8 → 749/625 ≈ 1.20``."""
        new = number_text(self.new) if self.new is not None else f"≈ {self.value:.4g}"
        if short:
            name = f"{self.phrase} ({self.parameter})" if self.phrase else self.parameter
            return f"{name} {number_text(self.baseline)} → {new}"
        text = f"{self.lever} from {number_text(self.baseline)} to {new}"
        if self.change is not None:
            sign = "+" if self.change > 0 else ""
            text += f" (a change of {sign}{number_text(self.change)})"
        return text

    def document(self) -> dict[str, Any]:
        """JSON form (exact strings beside numbers)."""
        return {
            "parameter": self.parameter,
            "lever": self.lever,
            "from": float(self.baseline),
            "exact_from": format_fraction(self.baseline),
            "to": self.value,
            "exact_to": None if self.new is None else format_fraction(self.new),
            "exact_change": None if self.change is None else format_fraction(self.change),
            "weak": None
            if self.weak is None
            else [{"actor": i.actor, "strategy": i.strategy, "to": i.to} for i in self.weak],
            "past_end": self.past_end or None,
        }


def _past_end(
    scenario: Scenario, name: str, new: Fraction, race: TimelineDurability | None
) -> str:
    """Why ``name = new`` lies past the campaign's end on the timeline: the value the
    parameter reaches by then, which ``new`` lies beyond (else ``""``)."""
    if race is None or race.end is None or not race.end_declared:
        return ""
    expression = race.parameters.get(name)
    if expression is None:
        return ""
    at_end = sympy.nsimplify(expression.xreplace({TIME: race.end.value}))
    if not at_end.is_Rational:
        return ""
    end_value = Fraction(int(at_end.p), int(at_end.q))
    start = sympy.nsimplify(expression.xreplace({TIME: sympy.Integer(0)}))
    if not start.is_Rational:
        return ""
    begin = Fraction(int(start.p), int(start.q))
    if (begin - end_value) * (new - end_value) >= 0 or begin == end_value:
        return ""
    return (
        f"{name} is {number_text(end_value)} when the campaign ends on the timeline "
        f"(t = {number_text(race.end.value)} {race.unit})"
    )


def past_end_note(
    scenario: Scenario, name: str, value: Any, race: TimelineDurability | None
) -> str:
    """For a threshold or shifted value (a ``Fraction`` or a sympy rational): the value
    ``name`` reaches by the campaign's end on the timeline, when ``value`` lies beyond
    it (``"threat is 6 when the campaign ends on the timeline (t = 12 months)"``), else
    ``""``."""
    if isinstance(value, Fraction):
        return _past_end(scenario, name, value, race)
    if getattr(value, "is_Rational", False):
        return _past_end(scenario, name, Fraction(int(value.p), int(value.q)), race)
    return ""


def lever_moves(
    scenario: Scenario,
    outcome: str,
    shift: MinimalShift,
    race: TimelineDurability | None = None,
    *,
    check_weak: bool = True,
) -> tuple[LeverMove, ...]:
    """Each parameter ``shift`` moves (toward ``outcome`` being an equilibrium), in
    policy terms; ``check_weak`` looks for ties at the shifted values."""
    values = {m.parameter: m.exact for m in shift.parameters if m.exact is not None}
    exact = len(values) == len(shift.parameters)
    weak = indifferences(scenario, outcome, values) if exact and check_weak else None
    return tuple(
        LeverMove(
            parameter=m.parameter,
            lever=lever_name(scenario, m.parameter),
            baseline=m.baseline,
            new=m.exact,
            value=m.value,
            weak=weak,
            past_end=""
            if m.exact is None
            else _past_end(scenario, m.parameter, m.exact, race),
            phrase=lever_phrase(scenario, m.parameter),
        )
        for m in shift.parameters
    )


@dataclass(frozen=True)
class Acceptance:
    """An actor's own condition for playing ``strategy`` (its part of the target)
    rather than ``to`` (its strategy in the coalition): ``margin >= 0``.

    ``margin`` is the exact expression in the parameters, ``now`` its value at the
    current values; ``accepts`` whether it holds now.
    """

    actor: str
    strategy: str
    to: str
    margin: str
    now: Fraction
    accepts: bool

    def sentence(self) -> str:
        if self.now == 0:
            verdict = "a tie: indifferent"
        else:
            verdict = "it does" if self.accepts else "it does not"
        return (
            f"{self.actor} plays {self.strategy} rather than {self.to} while "
            f"{self.margin} ≥ 0 (now {number_text(self.now)}: {verdict})"
        )

    def document(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "strategy": self.strategy,
            "instead_of": self.to,
            "condition": f"{self.margin} >= 0",
            "margin": float(self.now),
            "exact_margin": format_fraction(self.now),
            "accepts": self.accepts,
            "text": self.sentence(),
        }


def _margin_text(expression: sympy.Expr) -> str:
    text = str(sympy.expand(expression))
    return re.sub(r"\b(Max|Min|Abs)\(", lambda m: m.group(1).lower() + "(", text)


def acceptance(scenario: Scenario, target: str) -> tuple[Acceptance, ...]:
    """Each actor's condition for its part of ``target``'s first profile, against its
    strategy in the coalition outcome (every other strategy when there is no
    coalition outcome, or for an actor whose strategy is the same in both)."""
    profiles = _profiles(scenario, target)
    if not profiles:
        return ()
    values = scenario.values
    table = deviations(scenario)
    # the target profile nearest to being an equilibrium (least total shortfall)
    def shortfall(p: Profile) -> Fraction:
        return sum((-min(Fraction(0), _margin_at(d, scenario, values)) for d in table[p]),
                   Fraction(0))

    profile = min(profiles, key=lambda p: (shortfall(p), p))
    coalition = (
        _profiles(scenario, scenario.coalition_outcome)
        if scenario.coalition_outcome is not None and scenario.coalition_outcome != target
        else []
    )
    home = coalition[0] if coalition else None
    found = []
    for deviation in table[profile]:
        actor = scenario.actors[deviation.actor]
        at_home = home is not None and home[deviation.actor] == profile[deviation.actor]
        if home is not None and (at_home or deviation.to != home[deviation.actor]):
            continue
        now = _margin_at(deviation, scenario, values)
        found.append(
            Acceptance(
                actor=actor.name,
                strategy=actor.strategies[deviation.strategy],
                to=actor.strategies[deviation.to],
                margin=_margin_text(deviation.margin),
                now=now,
                accepts=now >= 0,
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class TimeWindow:
    """When the target is a pure equilibrium along the timeline, and when the campaign
    ends (``end`` ``None``: not within the horizon)."""

    outcome: str
    unit: str
    intervals: tuple[Interval, ...]
    end: sympy.Expr | None
    after_end: bool

    def sentence(self, *, short: bool = False) -> str:
        """In words; ``short`` for the opening of ``analyze``."""
        if not self.intervals:
            if short:
                return "Window on the timeline: none (never a pure equilibrium)."
            return f"On the timeline, {self.outcome!r} is never a pure equilibrium."
        spans = ", ".join(
            ("[" if i.low_closed else "(")
            + f"{number_text(i.low)}, {number_text(i.high)}"
            + ("]" if i.high_closed else ")")
            for i in self.intervals
        )
        if short:
            text = f"Window on the timeline: t in {spans} {self.unit}"
            if self.end is not None:
                where = "after" if self.after_end else "the campaign ends at"
                text += f" ({where} t = {number_text(self.end)}"
                text += ", the campaign's end)" if self.after_end else ")"
            return text + "."
        text = (
            f"On the timeline, {self.outcome!r} is a pure equilibrium for t in {spans} "
            f"{self.unit}"
        )
        if self.end is not None:
            text += f"; the campaign ends at t = {number_text(self.end)} {self.unit}"
            if self.after_end:
                text += ": the window opens only after the campaign's end"
        return text + "."

    def document(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "unit": self.unit,
            "intervals": [
                {
                    "from_exact": exact_string(i.low),
                    "to_exact": exact_string(i.high),
                    "closed": [i.low_closed, i.high_closed],
                }
                for i in self.intervals
            ],
            "end_exact": None if self.end is None else exact_string(self.end),
            "after_end": self.after_end,
            "text": self.sentence(),
        }


def time_window(race: TimelineDurability, target: str) -> TimeWindow | None:
    """The target's intervals on the timeline (``None`` when ``race`` does not list it)."""
    entry = next((o for o in race.outcomes if o.name == target), None)
    if entry is None:
        return None
    end = race.end.value if race.end is not None else None
    after = (
        bool(entry.intervals)
        and end is not None
        and all(compare(i.low, end) >= 0 for i in entry.intervals)
    )
    return TimeWindow(target, race.unit, tuple(entry.intervals), end, after)
