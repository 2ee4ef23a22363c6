"""``stability graph SCENARIO --out FILE``: the coalition graph of outcomes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stability.analysis.balance import outcome_graphs
from stability.cli.app import app
from stability.cli.common import (
    DpiOption,
    SetOption,
    console,
    load_scenario,
    outcome_name,
    picture_path,
)
from stability.errors import InputError
from stability.present.graph import write_coalition_graphs


@app.command("graph")
def graph_command(
    scenario_source: Annotated[
        str,
        typer.Argument(metavar="SCENARIO", help="A scenario .toml file or a bundled name."),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", metavar="FILE", callback=picture_path,
            help="The picture to write: FILE.png, FILE.svg or FILE.pdf.",
        ),
    ],
    outcomes: Annotated[
        list[str] | None,
        typer.Option(
            "--outcome",
            metavar="NAME",
            help="Draw this outcome (repeatable); without it, every outcome that is a "
            "pure equilibrium at the parameter values.",
        ),
    ] = None,
    sets: SetOption = None,
    dpi: DpiOption = None,
) -> None:
    """Draw the coalition graph: actors as nodes, cooperation (solid green), conflict
    (dashed vermillion) or neutral (dotted grey) ties between interacting actors.

    All the graphs go into ONE file, side by side (two per row): by default one
    panel per outcome that is a pure equilibrium of the joint game (one per
    equilibrium profile), or the outcomes named with --outcome, in that order. An
    outcome that is not an equilibrium is drawn at its profile with the least total
    regret and says so. Each panel's title names the outcome and says whether its
    signed graph is structurally balanced (Cartwright-Harary). The file is written
    whole or not at all; in SVG the text is real `<text>` elements.

    Example: stability graph mosul --outcome "Competing and Cooperating in Iraq"
    --outcome "The Road to U.S. Defeat in Iraq" --out mosul.png
    """
    scenario = load_scenario(scenario_source, sets)
    if outcomes:
        outcomes = [outcome_name(scenario, o, "--outcome") or o for o in outcomes]
    try:
        panels = outcome_graphs(scenario, outcomes or None, equilibria_only=not outcomes)
    except InputError as err:
        raise err.located(scenario_source) from None
    if not panels:
        raise InputError(
            "no outcome of this scenario is a pure equilibrium at these values; "
            "name outcomes to draw with --outcome",
            source=scenario_source,
        )
    written = write_coalition_graphs(panels, out, title=scenario.title, dpi=dpi)
    names = ", ".join(dict.fromkeys(panel.outcome for panel in panels))
    console.print(f"wrote {written} ({names})", markup=False, soft_wrap=True)
