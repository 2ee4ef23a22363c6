"""The opening of ``analyze``: the verdicts, the plain answer and the durability verdict.

Every line is generated from the analysis: which outcomes are pure equilibria
(strict or weak, the only one or not), whether the coalition outlasts the
campaign (when the scenario has a timeline), and the short form of the plain
answer (:attr:`~stability.analysis.answer.PlainAnswer.points`). ``analyze --brief``
prints only this; ``analyze`` prints it first, then the details.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from stability.analysis.overview import ScenarioAnalysis
from stability.present.text import listing, quoted, time_text

if TYPE_CHECKING:
    from stability.analysis.durability import TimelineDurability


def verdict_lines(analysis: ScenarioAnalysis) -> list[str]:
    """Which outcomes are pure equilibria now, strict or weak, and whether uniquely."""
    equilibria = analysis.equilibria
    lines = []
    if not equilibria:
        lines.append("Pure equilibria now: none.")
    else:
        named = []
        for equilibrium in equilibria:
            name = " / ".join(quoted(o) for o in equilibrium.outcomes) or "an unnamed profile"
            named.append(f"{name} ({'strict' if equilibrium.strict else 'weak'})")
        only = ", the only one" if len(equilibria) == 1 else ""
        count = "" if len(equilibria) == 1 else f"{len(equilibria)}: "
        lines.append(f"Pure equilibria now: {count}{listing(named)}{only}")
    mixed = analysis.mixed
    if mixed is not None:
        extra = sum(1 for e in mixed.equilibria if not e.pure)
        if extra:
            kind = "equilibrium" if extra == 1 else "equilibria"
            lines.append(f"Also {extra} mixed {kind} (in the details below).")
    others = [quoted(s.name) for s in analysis.outcomes if not s.equilibrium]
    first = 0 if equilibria else None
    if first is not None:
        lines[first] += f"; not equilibria: {listing(others)}." if others else "."
    elif others:
        lines.append(f"Not equilibria: {listing(others)}.")
    return lines


def durability_line(race: TimelineDurability) -> str:
    """Whether the coalition (the outcome ``durability`` follows) outlasts the campaign,
    from ``durability``'s result."""
    unit = race.unit
    if not race.holds_at_start:
        return "Durability: the coalition is not a pure equilibrium at the start of the timeline."
    if race.breaks is None:
        held = "it stays a pure equilibrium through the horizon"
    else:
        still = " (still one then)" if race.holds_at_break else ""
        held = f"it stops being one at t = {time_text(race.breaks)}{still}"
    if race.end is None:
        end = "the campaign does not end within the horizon"
    elif race.end_declared:
        end = f"the campaign ends at t = {time_text(race.end)} {unit}"
    else:
        end = f"the horizon is t = {time_text(race.end)} {unit} (no end condition)"
    margin = ""
    if race.margin is not None:
        bound = "at least " if race.margin_at_least else "at most " if race.margin_at_most else ""
        text = time_text(race.margin)
        sign = "" if text.startswith(("-", "≈ -")) else "+"
        margin = f" (margin {bound}{sign}{text})"
    if race.verdict in ("outlasts", "breaks first"):
        return f"Durability: the coalition {race.verdict}{margin}: {held}; {end}."
    return f"Durability: {race.verdict}: {held}; {end}."


def opening_lines(analysis: ScenarioAnalysis) -> list[str]:
    """The opening as plain lines (also the ``opening`` key of the analyze JSON)."""
    lines = verdict_lines(analysis)
    if analysis.race is not None:
        lines.append(durability_line(analysis.race))
    answer = analysis.answer
    if answer is not None:
        lines.append(f"The answer: what pushes toward {quoted(answer.target)}")
        lines += [f"• {point}" for point in answer.points]
    return lines


def render_opening(analysis: ScenarioAnalysis) -> Iterator[RenderableType]:
    """The opening's renderables: the title, then :func:`opening_lines`."""
    yield Text(analysis.scenario.title, style="bold")
    for line in opening_lines(analysis):
        style = "bold" if line.startswith(("The answer:", "Durability:")) else ""
        yield Text(line, style=style)
