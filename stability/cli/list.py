"""``stability list``: every bundled game, scenario and conflict, with its source."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from stability.cli.app import app
from stability.cli.common import JsonOption, console, emit_json

SCHEMA = "stability/list/v1"


@app.command("list")
def list_command(
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="Only one kind of file: games, scenarios or conflicts.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Every bundled file, usable by name: what it is and where it comes from."""
    from stability.io.catalogue import KINDS, bundled_catalogue

    entries = bundled_catalogue(kind)
    if as_json:
        emit_json({"schema": SCHEMA, "entries": [e.to_dict() for e in entries]})
        return
    for section in KINDS:
        rows = [e for e in entries if e.kind == section]
        if not rows:
            continue
        table = Table(title=section.capitalize(), title_justify="left", show_lines=True)
        table.add_column("name", no_wrap=True)
        table.add_column("what it is", overflow="fold", ratio=3)
        table.add_column("source", overflow="fold", ratio=2)
        for entry in rows:
            what = Text(entry.title, style="bold")
            if entry.summary:
                what.append("\n" + entry.summary)
            table.add_row(Text(entry.name), what, Text(entry.source or "—"))
        console.print(table)
    hints = [
        f"'stability {HINTS[section]} {rows[0].name}'"
        for section in KINDS
        if (rows := [e for e in entries if e.kind == section])
    ]
    console.print(
        "Use a name wherever a command takes a file, e.g. " + ", ".join(hints) + ".",
        markup=False,
        highlight=False,
    )


#: The command each kind of entry is first used with (a game is solved, a scenario
#: analysed, a conflict analysed by GMCR).
HINTS = {"games": "solve", "scenarios": "analyze", "conflicts": "gmcr"}
