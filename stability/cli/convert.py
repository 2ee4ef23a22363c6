"""``stability convert IN OUT``: a game from one format to another (.nfg, .json, .toml)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import GameNameOption, SetOption, console, load_game, warn
from stability.errors import InputError
from stability.io import FORMATS, game_text, write_atomically
from stability.io.nfg import gambit_label_problems


def _same_file(source: str, output: Path) -> bool:
    try:
        return os.path.samefile(source, output)
    except (OSError, ValueError):  # either is missing or unreadable: not the same file
        return False


@app.command("convert")
def convert_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="IN", help="A .nfg, .json or .toml file, or the name of a bundled game."
        ),
    ],
    output: Annotated[
        Path,
        typer.Argument(
            metavar="OUT",
            help="The file to write; its extension (.nfg, .json, .toml) picks the format.",
        ),
    ],
    game_name: GameNameOption = None,
    sets: SetOption = None,
    variant: Annotated[
        str,
        typer.Option(
            "--variant",
            metavar="V",
            help="For .nfg output: 'payoff' (a payoff list, the default) or 'outcome' "
            "(an outcome list).",
        ),
    ] = "payoff",
) -> None:
    """Convert a game between Gambit .nfg, JSON (stability/game/v1) and scenario TOML.

    The output is written whole or not at all; the input is never overwritten.
    """
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"unknown output type {output.suffix or '(no extension)'!r}: expected .nfg, .json "
            "or .toml",
            source=str(output),
        )
    if variant not in ("payoff", "outcome"):
        raise InputError(f"--variant {variant!r}: expected 'payoff' or 'outcome'", item="--variant")
    if _same_file(source, output):
        raise InputError(
            "is the input file, which this command reads; refusing to write over it "
            "(choose another output path)",
            source=str(output),
        )
    game = load_game(source, game_name, sets)
    text = game_text(game, suffix, variant="outcome" if variant == "outcome" else "payoff")
    if suffix == ".nfg":
        for problem in gambit_label_problems(game):
            warn(f"{problem} (stability reads the file; Gambit may refuse it)")
    write_atomically(output, text)
    console.print(f"wrote {output} ({game.describe()})", markup=False, soft_wrap=True)
