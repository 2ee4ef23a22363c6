"""``stability durability SCENARIO``: how far the threat can fade before the coalition ends."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import (
    JsonOption,
    ScenarioArgument,
    SetOption,
    console,
    emit_json,
    load_scenario,
)
from stability.errors import InputError


@app.command("durability")
def durability_command(
    scenario_source: ScenarioArgument,
    threat: Annotated[
        str | None,
        typer.Option("--threat", metavar="NAME",
                     help="The common-threat parameter (default: the scenario's).")
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", metavar="NAME",
                     help="The outcome to follow (default: the scenario's coalition outcome).")
    ] = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """The exact value of the threat below which the outcome stops being a pure
    equilibrium of the joint game (all other parameters at their values) and, when
    the scenario declares [dynamics], how many whole periods it lasts as the threat
    decays, with the same at each end of every other parameter's range.

    Example: stability durability mosul --threat threat
    """
    import sympy
    from rich.table import Table

    from stability.analysis.durability import durability, durability_document, exact_string
    from stability.model.exact import format_fraction

    scenario = load_scenario(scenario_source, sets)
    try:
        result = durability(scenario, threat, outcome)
    except InputError as err:
        raise err.located(scenario_source) from None
    if as_json:
        emit_json(durability_document(result, scenario))
        return
    name = result.threat
    console.print(
        f"{result.outcome!r} with {name} = {format_fraction(result.baseline)}:", markup=False
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
            f"{exact_string(result.threshold)}{at}.",
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
            f"(the threat reaches the threshold at t = {exact_string(decay.time)}"
            + ("" if decay.time.is_Rational else f" ≈ {float(decay.time):.4g}")
            + ").",
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
                entry.parameter, f"[{format_fraction(low)}, {format_fraction(high)}]", *cells
            )
        console.print(table)
