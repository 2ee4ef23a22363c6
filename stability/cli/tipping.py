"""``stability tipping SCENARIO --target OUTCOME``: what makes an outcome an equilibrium."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from stability.cli.app import app
from stability.cli.common import JsonOption, SetOption, console, emit_json, load_scenario
from stability.errors import InputError


@app.command("tipping")
def tipping_command(
    scenario_source: Annotated[
        str, typer.Argument(metavar="SCENARIO", help="A scenario .toml file or a bundled name.")
    ],
    target: Annotated[
        str, typer.Option("--target", "-t", metavar="OUTCOME", help="The outcome to tip towards.")
    ],
    unique: Annotated[
        bool,
        typer.Option("--unique", help="Ask where the target becomes the ONLY pure equilibrium."),
    ] = False,
    sets: SetOption = None,
    as_json: JsonOption = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", help="Also draw a tornado chart: FILE.png or FILE.svg."
        ),
    ] = None,
) -> None:
    """Which parameter shifts make OUTCOME a pure equilibrium of the joint game.

    For each parameter (the others at their values): the exact set of values where
    the target holds, the nearest threshold and which actor's deviation it turns on;
    then the smallest combined shift of all parameters (L1 over range-normalised
    parameters, within their ranges) and the payoff cells whose smallest change
    tips it. When the target already holds, the thresholds say where it STOPS holding.

    Example: stability tipping mosul --target "The Road to U.S. Defeat in Iraq"
    """
    from stability.analysis.tipping import tipping_analysis
    scenario = load_scenario(scenario_source, sets)
    try:
        result = tipping_analysis(scenario, target, unique=unique)
    except InputError as err:
        raise err.located(scenario_source) from None
    if out is not None:
        from stability.present.tornado import write_tornado

        write_tornado(result, out)
    if as_json:
        emit_json(result.document())
        return
    _print(result)
    if out is not None:
        console.print(f"wrote {out}", markup=False)


def _print(result: object) -> None:
    from stability.analysis.tipping import TippingResult

    assert isinstance(result, TippingResult)
    kind = "the only pure equilibrium" if result.unique else "a pure equilibrium"
    console.print(Text(result.scenario.title, style="bold"))
    now = ", ".join(result.baseline_outcomes) or "no named outcome"
    console.print(f"Pure equilibria now: {now}.", markup=False)
    if result.holds_at_baseline:
        console.print(
            f"{result.target!r} is already {kind}; "
            "the thresholds below are where it stops being one.",
            markup=False,
        )
    table = Table(
        title=f"One parameter at a time: where {result.target!r} "
        f"{'stops being' if result.holds_at_baseline else 'becomes'} {kind}",
        title_justify="left",
    )
    for column in ("Parameter", "Now", "Threshold", "Direction", "In range", "Holds on"):
        table.add_column(column)
    sentences: list[str] = []
    for entry, threshold in result.thresholds:
        table.add_row(
            entry.parameter,
            _fraction(entry.baseline),
            threshold.exact,
            threshold.direction,
            "yes" if threshold.within_range else "no",
            str(entry.holds),
        )
        sentences += [b.sentence for b in threshold.binding]
    console.print(table)
    if result.unreachable:
        console.print(
            "No value of these alone changes it: " + ", ".join(result.unreachable), markup=False
        )
    for sentence in dict.fromkeys(sentences):
        console.print(f"- {sentence}", markup=False)
    shift = result.minimal_shift
    if shift is None:
        console.print("Smallest combined shift: none within the parameters' ranges.", markup=False)
    elif shift.parameters:
        moves = Table(
            title="Smallest combined shift: distance "
            + (
                _fraction(shift.distance_exact)
                if shift.distance_exact is not None
                else f"{shift.distance:.6g}"
            )
            + " (L1 over range-normalised parameters)",
            title_justify="left",
        )
        for column in ("Parameter", "Now", "New"):
            moves.add_column(column)
        for moved in shift.parameters:
            new = _fraction(moved.exact) if moved.exact is not None else f"{moved.value:.6g}"
            moves.add_row(moved.parameter, _fraction(moved.baseline), new)
        console.print(moves)
        console.print(f"Method: {shift.method}. Guarantee: {shift.guarantee}.", markup=False)
        for binding in shift.binding:
            console.print(f"- {binding.sentence}", markup=False)
    cells = Table(title="Key payoff cells (smallest single change first)", title_justify="left")
    for column in ("Game", "Layer", "Cell", "Payoff to", "Now", "New", "Payoff change"):
        cells.add_column(column)
    for cell in result.key_cells[:10]:
        cells.add_row(
            cell.game,
            cell.layer,
            " / ".join(cell.cell.values()),
            cell.actor,
            cell.current,
            cell.new_value,
            _fraction(cell.payoff_change),
        )
    if result.key_cells:
        console.print(cells)


def _fraction(value: object) -> str:
    from fractions import Fraction

    fraction = Fraction(str(value))
    return (
        str(fraction.numerator)
        if fraction.denominator == 1
        else f"{fraction.numerator}/{fraction.denominator}"
    )
