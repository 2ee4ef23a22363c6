"""What every command shares: consoles, JSON output and option types.

Only the CLI (and the report layer) prints.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document for scripts.")]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="NAME=VALUE",
        help="Run with a scenario parameter at another value (repeatable); "
        "VALUE is an integer, a decimal or a rational such as 3/2.",
    ),
]
GameNameOption = Annotated[
    str | None,
    typer.Option(
        "--game",
        metavar="NAME",
        help="For a scenario file: the pairwise game to use, or 'joint' (the default).",
    ),
]


def emit_json(document: dict[str, Any]) -> None:
    """Write one JSON document to standard output."""
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def warn(message: str) -> None:
    """A warning on standard error (never on standard output, which may be JSON)."""
    error_console.print(f"warning: {message}", markup=False, soft_wrap=True)
