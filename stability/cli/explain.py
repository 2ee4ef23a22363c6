"""``stability explain GAME``: a step-by-step, exact explanation of a game's equilibria."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import GameArgument, GameNameOption, SetOption, console, parse_sets, warn
from stability.errors import InputError

FORMATS = ("text", "md", "latex")


def _scenario_path(source: str) -> Path | None:
    """The scenario file ``source`` names (a ``.toml`` path or a bundled scenario), if any."""
    path = Path(source)
    if path.suffix.lower() == ".toml":
        return path
    if path.exists() or path.suffix or "/" in source:
        return None
    from stability.io.bundled import bundled_file

    entry = bundled_file(source)
    if entry is not None and entry.name.endswith(".toml") and not entry.name.endswith(".gmcr.toml"):
        return Path(str(entry))
    return None


@app.command("explain")
def explain_command(
    game_source: GameArgument,
    game_name: GameNameOption = None,
    sets: SetOption = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="P",
            help="Explain why this pure profile is or is not an equilibrium: one strategy "
            "name per player, comma-separated (for example 'Cooperate,Defect').",
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="text (the terminal, default), md or latex."
        ),
    ] = "text",
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Write the explanation to FILE instead."),
    ] = None,
) -> None:
    """Explain a game step by step: best responses, dominance, pure and mixed equilibria.

    For a scenario, each pure profile's equilibrium conditions are also written
    in the scenario's parameters.
    """
    from stability.analysis.explain import (
        explain_game,
        explain_scenario_game,
        parse_profile,
    )
    from stability.present.explain import explanation_renderable

    if output_format not in FORMATS:
        raise InputError(
            f"unknown format {output_format!r} (expected one of {', '.join(FORMATS)})",
            item="--format",
        )
    scenario_path = _scenario_path(game_source)
    if scenario_path is not None:
        from stability.io.scenario import apply_sets, read_scenario

        if not scenario_path.exists():
            raise InputError("no such scenario file", source=game_source)
        scenario = read_scenario(scenario_path)
        scenario, warnings = apply_sets(scenario, parse_sets(sets))
        for message in warnings:
            warn(message)
        from stability.analysis.joint import scenario_game

        game = scenario_game(scenario, game=game_name)  # also checks the name
        chosen = parse_profile(game, profile) if profile is not None else None
        explanation = explain_scenario_game(scenario, game_name, profile=chosen)
    else:
        from stability.cli.common import load_game

        game = load_game(game_source, game_name, sets)
        chosen = parse_profile(game, profile) if profile is not None else None
        explanation = explain_game(game, profile=chosen)
    if output_format == "text" and out is None:
        console.print(explanation_renderable(explanation))
        return
    from stability.results import ExplainResult

    result = ExplainResult(game, explanation)
    text = {"latex": result.latex, "md": result.markdown}.get(output_format, result.text)()
    if out is None:
        console.print(text, markup=False, highlight=False, end="", soft_wrap=True)
        return
    from stability.io import write_atomically

    write_atomically(out, text, item="--out")
    console.print(f"wrote {out}", markup=False, highlight=False)
