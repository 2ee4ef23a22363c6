"""``stability gmcr CONFLICT``: stability analysis of a conflict in the Graph Model."""

from __future__ import annotations

from typing import Annotated

import typer

from stability.analysis.gmcr import analyse, gmcr_json
from stability.cli.app import app
from stability.cli.common import JsonOption, console, emit_json, note_subject
from stability.errors import InputError
from stability.io.conflict import bundled_conflicts, load_conflict
from stability.model.conflict import Conflict

__all__ = ["bundled_conflicts", "gmcr_json", "load_conflict"]



def _parse_state(conflict: Conflict, text: str) -> int:
    try:
        code = int(text)
    except ValueError:
        raise InputError(
            f"--from {text!r}: expected a state code (an integer such as "
            f"{conflict.states[0]})"
        ) from None
    if code not in conflict.states:
        raise InputError(f"--from {code}: not a feasible state of the conflict")
    return code


@app.command("gmcr")
def gmcr_command(
    conflict_source: Annotated[
        str,
        typer.Argument(
            metavar="CONFLICT", help="A conflict .toml file (option form) or a bundled name."
        ),
    ],
    coalitions: Annotated[
        bool,
        typer.Option("--coalitions", help="Add coalition stability (joint moves by groups)."),
    ] = False,
    status_quo: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="STATE",
            help="Status quo analysis: paths from this state code to each equilibrium.",
        ),
    ] = None,
    any_moves: Annotated[
        bool,
        typer.Option(
            "--any-moves",
            help="With --from: allow any unilateral moves on the paths, not only improvements.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Nash, GMR, SMR, SEQ and SIM stability of every state for every decision maker."""
    note_subject(conflict_source)
    conflict = load_conflict(conflict_source)
    start = _parse_state(conflict, status_quo) if status_quo is not None else None
    result = analyse(conflict, coalitions=coalitions, status_quo=start, any_moves=any_moves)
    if as_json:
        from stability.results import GMCRResult as GMCRReport

        emit_json(GMCRReport(result).to_dict())
        return
    from stability.present.game_tables import render_gmcr

    console.print(render_gmcr(result))
