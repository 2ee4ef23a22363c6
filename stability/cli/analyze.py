"""``stability analyze [SCENARIO]``: the whole analysis of a scenario (default: Mosul)."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import (
    JsonOption,
    OptionalScenarioArgument,
    SetOption,
    TimeLimitOption,
    console,
    emit_json,
    load_scenario,
    solve_budget,
)


@app.command("analyze")
def analyze_command(
    scenario_source: OptionalScenarioArgument = None,
    sets: SetOption = None,
    time_limit: TimeLimitOption = None,
    as_json: JsonOption = False,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help="Print only the opening: the verdicts, the plain answer and the "
            "durability verdict (no effect with --json).",
        ),
    ] = False,
) -> None:
    """The whole analysis of a scenario: the verdicts and the plain answer first, then
    games, equilibria, stability, outcomes."""
    from stability.analysis.overview import analyze_scenario
    from stability.present.overview import render_analysis

    scenario = load_scenario(scenario_source, sets)
    with solve_budget(time_limit, "mixed equilibria: supports") as budget:
        analysis = analyze_scenario(scenario, budget=budget)
    if as_json:
        from stability.results import AnalyzeResult

        emit_json(AnalyzeResult(scenario, analysis).to_dict())
        return
    for renderable in render_analysis(analysis, brief=brief):
        console.print(renderable)
