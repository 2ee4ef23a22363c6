"""``stability states GAME``: every pure profile's stability under each solution concept."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.analysis.states import (
    CONCEPTS,
    all_profile_stability,
    parse_concepts,
)
from stability.cli.app import app
from stability.cli.common import (
    GameArgument,
    GameNameOption,
    JsonOption,
    SetOption,
    console,
    emit_json,
    load_game,
)


@app.command("states")
def states_command(
    game_source: GameArgument,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="CONCEPT",
            help="Show only profiles stable under CONCEPT (repeatable): "
            + ", ".join(CONCEPTS)
            + ".",
        ),
    ] = None,
    game_name: GameNameOption = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every pure profile's stability: Nash, strict, strong, coalition-proof, GMR, SMR, SEQ."""
    concepts = parse_concepts(only)
    game = load_game(game_source, game_name, sets)
    rows = [r for r in all_profile_stability(game) if all(r.stable[c] for c in concepts)]
    if as_json:
        from stability.results import StatesResult

        emit_json(StatesResult(game, tuple(rows), tuple(concepts)).to_dict())
        return
    from stability.present.game_tables import render_states

    console.print(render_states(game, rows, concepts))
