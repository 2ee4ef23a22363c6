"""``stability gmcr CONFLICT``: stability analysis of a conflict in the Graph Model."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from stability.analysis.gmcr import COALITION_CONCEPTS, CONCEPTS, GMCRResult, analyse, gmcr_json
from stability.cli.app import app
from stability.cli.common import JsonOption, console, emit_json
from stability.errors import InputError
from stability.io.conflict import Conflict, bundled_conflicts, load_conflict

__all__ = ["bundled_conflicts", "gmcr_json", "load_conflict"]

_HEADINGS = {"nash": "Nash", "gmr": "GMR", "smr": "SMR", "seq": "SEQ", "sim": "SIM"}


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
    conflict = load_conflict(conflict_source)
    start = _parse_state(conflict, status_quo) if status_quo is not None else None
    result = analyse(conflict, coalitions=coalitions, status_quo=start, any_moves=any_moves)
    if as_json:
        from stability.results import GMCRResult as GMCRReport

        emit_json(GMCRReport(result).to_dict())
        return
    _print_human(result)


def _print_human(result: GMCRResult) -> None:
    conflict = result.conflict
    console.print(
        f"{conflict.title or 'conflict'}: {len(conflict.decision_makers)} decision makers, "
        f"{len(conflict.options)} options, {conflict.n_states} feasible states",
        markup=False,
    )
    table = Table()
    table.add_column("state", justify="right")
    table.add_column("options taken")
    for name in conflict.decision_makers:
        table.add_column(name)
    table.add_column("equilibrium")
    for index, code in enumerate(conflict.states):
        marks = []
        for i in range(len(conflict.decision_makers)):
            stable = [_HEADINGS[c] for c in CONCEPTS if result.stable[c][i][index]]
            marks.append(" ".join(stable) if stable else "·")
        equilibrium = [_HEADINGS[c] for c in CONCEPTS if result.equilibria(c)[index]]
        table.add_row(
            str(code), conflict.describe_state(code), *marks, " ".join(equilibrium) or "·"
        )
    console.print(table)
    for concept in CONCEPTS:
        codes = result.equilibrium_codes(concept)
        console.print(
            f"{_HEADINGS[concept]} equilibria: " + (", ".join(map(str, codes)) or "none"),
            markup=False,
        )
    if result.coalition_stable is not None:
        console.print("Coalition stability (Kilgour, Hipel, Fang & Peng 2001):")
        for concept in COALITION_CONCEPTS:
            codes = result.coalition_equilibria(concept)
            console.print(f"  {concept}: " + (", ".join(map(str, codes)) or "none"), markup=False)
        codes_all = set(result.equilibrium_codes("nash"))
        for members, coalition_stable in result.coalition_stable["coalition_nash"].items():
            if len(members) < 2:
                continue
            broken = [
                int(c) for c in result.model.codes[~coalition_stable] if int(c) in codes_all
            ]
            if broken:
                names = " + ".join(conflict.decision_makers[i] for i in members)
                console.print(
                    f"  {names} can jointly leave Nash equilibria {', '.join(map(str, broken))}",
                    markup=False,
                )
    if result.paths is not None:
        console.print(f"From the status quo {result.status_quo}:")
        for path in result.paths:
            label = f"  to {path.target} ({' '.join(_HEADINGS[c] for c in path.concepts)})"
            if path.steps is None:
                console.print(label + ": not reachable", markup=False)
            elif not path.steps:
                console.print(label + ": it is the status quo", markup=False)
            else:
                moves = ", ".join(
                    f"{conflict.decision_makers[s.decision_maker]} {s.source}→{s.target}"
                    for s in path.steps
                )
                console.print(f"{label}: {moves}", markup=False)
