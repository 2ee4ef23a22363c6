"""``stability gmcr CONFLICT``: stability analysis of a conflict in the Graph Model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from stability.analysis.gmcr import COALITION_CONCEPTS, CONCEPTS, GMCRResult, analyse
from stability.cli.app import app
from stability.cli.common import JsonOption, console, emit_json, note_subject
from stability.errors import InputError
from stability.io.bundled import bundled_folder
from stability.io.conflict import Conflict, parse_conflict, read_conflict

SCHEMA = "stability/gmcr/v1"
SUFFIX = ".gmcr.toml"

_HEADINGS = {"nash": "Nash", "gmr": "GMR", "smr": "SMR", "seq": "SEQ", "sim": "SIM"}


def load_conflict(source: str) -> Conflict:
    """A conflict from a path, or a bundled one by name (``elmira``, ``mosul``…)."""
    note_subject(source)
    path = Path(source)
    if path.exists() or path.suffix == ".toml" and "/" in source:
        return read_conflict(path)
    if "/" not in source and "\\" not in source and not source.startswith("."):
        name = source[: -len(SUFFIX)] if source.endswith(SUFFIX) else source
        entry = bundled_folder().joinpath(name + SUFFIX)
        if entry.is_file():
            return parse_conflict(entry.read_text(encoding="utf-8"), source=name + SUFFIX)
    raise InputError(
        "no such file or bundled conflict (bundled: " + ", ".join(bundled_conflicts()) + ")",
        source=source,
    )


def bundled_conflicts() -> list[str]:
    folder = bundled_folder()
    return sorted(
        entry.name[: -len(SUFFIX)] for entry in folder.iterdir() if entry.name.endswith(SUFFIX)
    )


def gmcr_json(result: GMCRResult) -> dict[str, Any]:
    """The ``stability/gmcr/v1`` document (with ``coalitions``/``status_quo`` when computed)."""
    conflict = result.conflict
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "title": conflict.title,
        "decision_makers": [
            {"name": name, "options": [conflict.options[k] for k in conflict.controls[i]]}
            for i, name in enumerate(conflict.decision_makers)
        ],
        "options": list(conflict.options),
        "states": list(conflict.states),
        "stable": {
            name: {c: result.stable_codes(c, i) for c in CONCEPTS}
            for i, name in enumerate(conflict.decision_makers)
        },
        "equilibria": {c: result.equilibrium_codes(c) for c in CONCEPTS},
    }
    if result.coalition_stable is not None:
        codes = result.model.codes
        document["coalitions"] = {
            "concepts": list(COALITION_CONCEPTS),
            "stable": {
                name: {
                    c: [int(x) for x in codes[result.coalition_stable_for(c, i)]]
                    for c in COALITION_CONCEPTS
                }
                for i, name in enumerate(conflict.decision_makers)
            },
            "equilibria": {c: result.coalition_equilibria(c) for c in COALITION_CONCEPTS},
            "by_coalition": [
                {
                    "members": [conflict.decision_makers[i] for i in members],
                    "stable": {
                        c: [int(x) for x in codes[result.coalition_stable[c][members]]]
                        for c in COALITION_CONCEPTS
                    },
                }
                for members in result.coalition_stable["coalition_nash"]
            ],
        }
    if result.paths is not None:
        document["status_quo"] = {
            "state": result.status_quo,
            "paths": [
                {
                    "to": path.target,
                    "concepts": list(path.concepts),
                    "reachable": path.steps is not None,
                    "moves": None
                    if path.steps is None
                    else [
                        {
                            "decision_maker": conflict.decision_makers[step.decision_maker],
                            "from": step.source,
                            "to": step.target,
                        }
                        for step in path.steps
                    ],
                }
                for path in result.paths
            ],
        }
    return document


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
        emit_json(gmcr_json(result))
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
