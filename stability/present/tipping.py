"""Terminal rendering of a tipping result (``stability tipping``)."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from stability.analysis.tipping import CELL_UNIT, TippingResult
from stability.present.text import (
    KEY_CELL_COLUMNS,
    exact_or_float,
    key_cell_row,
    number_text,
    shifted_parameter_row,
)


def guarantee_line(result: TippingResult) -> str:
    """Which guarantee the smallest shift comes with, in one line."""
    shift = result.minimal_shift
    if shift is None:
        return ""
    checked = (
        "Re-checked by analyze's exact equilibrium code: the goal holds there"
        if shift.recheck is not None and shift.recheck.met
        else "NOT confirmed by analyze's exact equilibrium code"
    )
    return f"Guarantee: {shift.guarantee}. Method: {shift.method}. {checked}."


def render_tipping(result: TippingResult) -> Iterator[RenderableType]:
    """The renderables ``stability tipping`` prints, top to bottom."""
    yield Text(result.scenario.title, style="bold")
    now = ", ".join(result.baseline_outcomes) or "no named outcome"
    yield Text(f"Pure equilibria now: {now}.")
    yield Text(f"Goal ({result.goal}): {result.condition}.")
    if result.goal == "selected":
        yield Text(
            f"Basin share now: {result.share:.3f}. One-parameter thresholds below are those of "
            "the goal 'equilibrium', which selection needs (a dynamic ends in a pure "
            "equilibrium)."
        )
    if result.holds_at_baseline:
        yield Text("The goal already holds; the thresholds below are where it stops holding.")
    table = Table(
        title="One parameter at a time, the others at their values",
        title_justify="left",
    )
    for column in ("Parameter", "Now", "Threshold", "Direction", "In range", "Goal holds on"):
        table.add_column(column)
    sentences: list[str] = []
    for entry, threshold in result.thresholds:
        table.add_row(
            entry.parameter,
            number_text(entry.baseline),
            number_text(threshold.value),
            threshold.direction,
            "yes" if threshold.within_range else "no",
            str(entry.holds),
        )
        sentences += [b.sentence for b in threshold.binding]
    yield table
    if result.unreachable:
        yield Text("No value of these alone changes it: " + ", ".join(result.unreachable))
    for sentence in dict.fromkeys(sentences):
        yield Text(f"- {sentence}")
    yield from _shift(result)
    yield from _cells(result)


def _shift(result: TippingResult) -> Iterator[RenderableType]:
    shift = result.minimal_shift
    if shift is None:
        if not result.holds_at_baseline:
            yield Text("Smallest combined shift: none found within the parameters' ranges.")
        return
    distance = exact_or_float(shift.distance_exact, shift.distance)
    # the heading as text, not the table's title: a title wraps at the narrow table's width
    yield Text(
        f"Smallest combined shift: distance {distance} (L1 over range-normalised parameters)"
    )
    moves = Table()
    for column in ("Parameter", "Now", "New"):
        moves.add_column(column)
    for moved in shift.parameters:
        moves.add_row(*shifted_parameter_row(moved))
    yield moves
    yield Text(guarantee_line(result))
    if shift.recheck is not None:
        there = ", ".join(shift.recheck.outcomes) or "no named outcome"
        line = f"Pure equilibria there: {there}."
        if shift.recheck.share is not None:
            line += f" Basin share there: {shift.recheck.share:.3f}."
        yield Text(line)
    for binding in shift.binding:
        yield Text(f"- {binding.sentence}")


def _cells(result: TippingResult) -> Iterator[RenderableType]:
    if not result.key_cells:
        return
    cells = Table(
        title="Key payoff cells, by share of the binding margin each carries",
        title_justify="left",
        caption=f"before / after / change: {CELL_UNIT}; change: the smallest change of that "
        "one cell that meets the goal (– none does)",
        caption_justify="left",
    )
    for column in KEY_CELL_COLUMNS:
        cells.add_column(column.capitalize())
    for cell in result.key_cells[:10]:
        cells.add_row(*key_cell_row(cell))
    yield cells
