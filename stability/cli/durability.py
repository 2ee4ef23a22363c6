"""``stability durability SCENARIO``: does the coalition outlast the campaign?"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stability.cli.app import app
from stability.cli.common import (
    DpiOption,
    JsonOption,
    ScenarioArgument,
    SetOption,
    console,
    emit_json,
    load_scenario,
    outcome_name,
    picture_path,
    working,
)
from stability.errors import InputError

if TYPE_CHECKING:
    from stability.analysis.durability import TimelineDurability, TimePoint
    from stability.model.scenario import Scenario


@app.command("durability")
def durability_command(
    scenario_source: ScenarioArgument,
    outcomes: Annotated[
        list[str] | None,
        typer.Option(
            "--outcome",
            metavar="NAME",
            help="An outcome whose equilibrium intervals to show (repeatable; default: all). "
            "With --threat or --v1: the one outcome to follow (default: the coalition's).",
        ),
    ] = None,
    coalition: Annotated[
        str | None,
        typer.Option("--coalition", metavar="NAME",
                     help="The outcome whose durability is judged (default: the scenario's "
                     "coalition outcome)."),
    ] = None,
    threat: Annotated[
        str | None,
        typer.Option("--threat", metavar="NAME",
                     help="The threat-threshold analysis of this parameter instead "
                     "(stability/durability/v1)."),
    ] = None,
    v1: Annotated[
        bool,
        typer.Option("--v1", help="The threat-threshold analysis (stability/durability/v1) "
                     "with the scenario's threat parameter."),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", callback=picture_path,
                     help="Draw each outcome's equilibrium intervals over time to FILE.png, "
                     "FILE.svg or FILE.pdf."),
    ] = None,
    dpi: DpiOption = None,
    sensitivity: Annotated[
        bool,
        typer.Option("--sensitivity/--no-sensitivity",
                     help="The verdict with each parameter at each end of its range."),
    ] = True,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Along the scenario's [timeline]: when the campaign ends, when the coalition
    outcome stops being a pure equilibrium of the joint game, when each outcome is
    one, and the verdict (the coalition outlasts the campaign, or breaks first) with
    its margin, and the same verdict with each parameter at each end of its range.
    Times are exact where the roots are rational or square roots; any other is a
    rational within horizon/2**48 of the true time (exact root isolation, then
    halving on the exact sign), marked ≈ and said so.

    With --threat NAME (or --v1, or a scenario without a timeline): the older
    analysis, the exact value of the threat below which the outcome stops being
    an equilibrium (JSON stability/durability/v1).

    Example: stability durability mosul --out durability.svg
    """
    scenario = load_scenario(scenario_source, sets)
    coalition = outcome_name(scenario, coalition, "--coalition")
    if outcomes:
        outcomes = [outcome_name(scenario, o, "--outcome") or o for o in outcomes]
    if threat is not None or v1 or scenario.timeline is None:
        if out is not None:
            raise InputError(
                "--out draws the timeline; it does not apply to the threat-threshold analysis",
                item="--out",
            )
        if outcomes and len(outcomes) > 1:
            raise InputError(
                "the threat-threshold analysis follows one outcome; give --outcome once",
                item="--outcome",
            )
        followed = coalition or (outcomes[0] if outcomes else None)
        _threshold(scenario, scenario_source, threat, followed, as_json)
        return
    from stability.analysis.durability import timeline_durability

    with working("solving the timeline exactly"):
        try:
            result = timeline_durability(scenario, coalition, outcomes, sensitivity=sensitivity)
        except InputError as err:
            raise err.located(scenario_source) from None
    written = None
    if out is not None:
        from stability.present.durability_plot import write_durability_plot

        written = write_durability_plot(result, scenario, out, dpi=dpi)
    if as_json:
        from stability.results import DurabilityResult

        emit_json(DurabilityResult(scenario, timeline=result).to_dict())
        return
    _print_timeline(result, scenario)
    if written is not None:
        console.print(f"wrote {written}", markup=False)


def _when(point: TimePoint | None, unit: str) -> str:
    from stability.present.text import time_text

    return "never within the horizon" if point is None else f"t = {time_text(point)} {unit}"


def _signed(point: TimePoint, unit: str, *, short: bool = False) -> str:
    from stability.present.text import time_text

    text = time_text(point, short=short)
    return f"{text} {unit}" if text.startswith(("-", "≈ -")) else f"+{text} {unit}"


def _print_timeline(result: TimelineDurability, scenario: Scenario) -> None:
    from rich.table import Table
    from rich.text import Text

    from stability.analysis.durability import expression_text
    from stability.present.text import bounded_text, number_text

    unit = result.unit
    console.print(
        f"{scenario.title}: timeline in {unit}, t from 0 to {number_text(result.horizon)}",
        markup=False,
    )
    for name, expression in result.parameters.items():
        console.print(f"  {name}(t) = {expression_text(expression)}", markup=False)
    if result.path is not None:
        _print_path(result, unit)
    if result.end_declared:
        under = " under the path played" if result.path is not None else ""
        console.print(
            f"The campaign ends ({result.end_condition}){under}: {_when(result.end, unit)}.",
            markup=False,
        )
    else:
        console.print(
            f"No end condition: the coalition is judged over the whole horizon, "
            f"t = {number_text(result.horizon)} {unit}.",
            markup=False,
        )
    follow = repr(result.outcome)
    if not result.holds_at_start:
        console.print(f"{follow} is not a pure equilibrium at t = 0.", markup=False)
    elif result.breaks is None:
        console.print(f"{follow} stays a pure equilibrium through the horizon.", markup=False)
    else:
        still = " (still one at that moment)" if result.holds_at_break else ""
        console.print(
            f"{follow} stops being a pure equilibrium at {_when(result.breaks, unit)}{still}.",
            markup=False,
        )
    verdict = f"Verdict: {result.verdict}"
    if result.margin is not None and result.holds_at_start:
        bound = "at least " if result.margin_at_least else ""
        bound = "at most " if result.margin_at_most else bound
        verdict += f" (margin: breaks - end = {bound}{_signed(result.margin, unit)})"
    console.print(verdict + ".", markup=False)
    table = Table("outcome", f"pure equilibrium during ({unit})")
    for entry in result.outcomes:
        spans = ", ".join(
            ("[" if i.low_closed else "(")
            + f"{bounded_text(i.low)}, "
            + f"{bounded_text(i.high)}"
            + ("]" if i.high_closed else ")")
            for i in entry.intervals
        )
        table.add_row(Text(entry.name), Text(spans or "never"))
    console.print(table)
    if result.sensitivity:
        sensitivity = Table(
            "parameter", "range", "at the low end", "at the high end",
            title=f"Verdict for {follow} with one parameter at an end of its range",
        )
        for row in result.sensitivity:
            cells = []
            for k in (0, 1):
                margin = row.margins[k]
                cell = row.verdicts[k]
                if margin is not None and row.verdicts[k] in ("outlasts", "breaks first"):
                    bound = "≥ " if row.breaks[k] is None else ("≤ " if row.end[k] is None else "")
                    cell += f" ({bound}{_signed(margin, unit, short=True)})"
                cells.append(Text(cell))
            low, high = row.ends
            sensitivity.add_row(
                Text(row.parameter),
                f"[{number_text(low)}, {number_text(high)}]",
                *cells,
            )
        console.print(sensitivity)
    if result.bisected:
        console.print(bisection_note(result, unit), markup=False)
    else:
        console.print("All times are exact.", markup=False)


def bisection_note(result: TimelineDurability, unit: str) -> str:
    """What the times marked ≈ are, and how close: from the result."""
    from stability.model.exact import number_text

    def short(text: str) -> str:
        return text if len(text) <= 80 else text[:77] + "..."

    shown = [f"{short(e)} >= 0" for e in result.bisected[:3]]
    more = len(result.bisected) - len(shown)
    listed = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
    return (
        f"Times marked ≈ are roots not found in closed form (irrational, or of a high "
        f"degree): each is a rational within {number_text(result.horizon)}/2**48 "
        f"(about {float(result.precision):.1e}) {unit} of the true time, found by exact "
        f"root isolation and halving on the exact sign, for: {listed}."
    )


def _print_path(result: TimelineDurability, unit: str) -> None:
    """The equilibrium path played, piece by piece (``[timeline.play]``)."""
    from stability.present.text import bounded_text

    path = result.path
    assert path is not None
    state = path.state
    console.print(
        f"Play follows the equilibrium path ({state} grows at the rate of the outcome "
        f"played{'' if result.follows_play else '; here no timeline quantity depends on it'}):",
        markup=False,
    )
    for piece in path.pieces:
        low, high = bounded_text(piece.start), bounded_text(piece.stop)
        moved = "; ".join(f"{m.actor}: {m.from_strategy} -> {m.to_strategy}" for m in piece.moves)
        played = ", ".join(piece.outcomes) or ", ".join(
            f"{a}: {s}" for a, s in piece.strategies.items()
        )
        rate = bounded_text(piece.rate)
        line = f"  t in [{low}, {high}] {unit}: {played} ({state} rate {rate})"
        console.print(line + (f", after {moved}" if moved else "") + ".", markup=False)
    if not path.settled:
        console.print(
            "  After that the best-response moves reach no pure equilibrium; play is not "
            "followed further.",
            markup=False,
        )


def _threshold(
    scenario: Scenario, source: str, threat: str | None, outcome: str | None, as_json: bool
) -> None:
    """The v1 analysis: the exact threat threshold (and the old decay periods)."""
    import sympy
    from rich.table import Table

    from stability.analysis.durability import durability
    from stability.present.text import number_text

    try:
        result = durability(scenario, threat, outcome)
    except InputError as err:
        raise err.located(source) from None
    if as_json:
        from stability.results import DurabilityResult

        emit_json(DurabilityResult(scenario, threshold=result).to_dict())
        return
    name = result.threat
    console.print(
        f"{result.outcome!r} with {name} = {number_text(result.baseline)}:", markup=False
    )
    if not result.holds:
        console.print("  it is not a pure equilibrium at these values.", markup=False)
    elif result.threshold is None:
        console.print(
            f"  it stays a pure equilibrium down to the bottom of {name}'s range.", markup=False
        )
    else:
        at = "" if result.holds_at_threshold else " (not at the threshold itself)"
        console.print(
            f"  it stops being a pure equilibrium when {name} falls below "
            f"{number_text(result.threshold)}{at}.",
            markup=False,
        )
    decay = result.decay
    if decay is None:
        return
    law = ""
    if scenario.dynamics is not None:
        law = f"{name}(t) = {scenario.dynamics.threat_expression(sympy.Symbol('t'))}"
    if decay.periods is None or decay.time is None:
        console.print(f"  Threat decay {law}: {decay.note}.", markup=False)
    else:
        console.print(
            f"  Threat decay {law}: it lasts {decay.periods} whole period(s) "
            f"(the threat reaches the threshold at t = {number_text(decay.time)}).",
            markup=False,
        )
    if result.sensitivity:
        table = Table("parameter", "range", "periods at low end", "periods at high end")
        for entry in result.sensitivity:
            cells = [
                str(p) if p is not None else (note or "never ends")
                for p, note in zip(entry.periods, entry.notes, strict=True)
            ]
            low, high = entry.ends
            table.add_row(
                entry.parameter, f"[{number_text(low)}, {number_text(high)}]", *cells
            )
        console.print(table)
