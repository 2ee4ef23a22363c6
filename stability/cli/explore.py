"""``stability explore [SCENARIO] --out FILE.html``: an interactive page with sliders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import OptionalScenarioArgument, SetOption, console, load_scenario


@app.command("explore")
def explore_command(
    scenario_source: OptionalScenarioArgument = None,
    sets: SetOption = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="The page to write (FILE.html): one file that works offline.",
        ),
    ] = Path("explorer.html"),
) -> None:
    """Write an interactive page to explore a scenario in a web browser: a slider
    and a number box (fractions such as 3/4 accepted) for every parameter, a time
    slider when the scenario says how the threat fades; at every move, each
    outcome's verdict (and who would deviate, and what they gain), the pure
    equilibria of the joint game, each game's payoff matrices, the coalition
    graph and its balance, and marks on each slider where a verdict changes with
    the others held. The page needs no network; its address records the current
    values, so a view can be shared. --set starts the sliders elsewhere.

    Example: stability explore mosul --out mosul-explorer.html
    """
    from stability.present.explorer import write_explorer

    scenario = load_scenario(scenario_source, sets)
    size = write_explorer(scenario, out)
    console.print(
        f"wrote {out} ({size / 1024:.0f} kB)", markup=False, highlight=False, soft_wrap=True
    )
