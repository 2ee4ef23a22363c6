"""``stability validate FILE``: check a game or scenario file without solving it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import SetOption, console, parse_sets
from stability.errors import InputError
from stability.io import read_game
from stability.io.bundled import bundled_file


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _scenario_summary(path: Path, sets: list[str] | None) -> str:
    from stability.analysis.joint import scenario_game
    from stability.cli.common import load_scenario

    scenario = load_scenario(str(path), sets)
    joint = scenario_game(scenario)  # the joint game must build at the default values
    parts = [
        _plural(len(scenario.actors), "actor"),
        _plural(len(scenario.games), "game"),
        _plural(len(scenario.parameters), "parameter"),
        _plural(len(scenario.outcomes), "outcome"),
        "joint game " + "x".join(str(n) for n in joint.shape),
    ]
    return f"{scenario.title or path.name}: " + ", ".join(parts)


def _conflict_summary(path: Path) -> str:
    from stability.io.conflict import read_conflict

    conflict = read_conflict(path)
    parts = [
        _plural(len(conflict.decision_makers), "decision maker"),
        _plural(len(conflict.options), "option"),
        _plural(conflict.n_states, "feasible state"),
    ]
    return f"{conflict.title or path.name}: " + ", ".join(parts)


@app.command("validate")
def validate_command(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A game (.nfg, .json), a scenario or conflict (.toml), or a bundled name.",
        ),
    ],
    sets: SetOption = None,
) -> None:
    """Check a game or scenario file: prints 'ok' and a summary, or the error (exit 2).

    With --set, a scenario is also checked at those parameter values.
    """
    path = Path(file)
    entry = None if path.exists() or path.suffix else bundled_file(file)
    if entry is not None and entry.name.endswith(".toml"):
        with resources.as_file(entry) as real:
            summary = _scenario_summary(real, sets)
    elif path.suffix.lower() == ".toml":
        if not path.exists():
            raise InputError("no such scenario file", source=file)
        if path.is_dir():
            raise InputError("is a directory, expected a scenario file", source=file)
        if path.name.lower().endswith(".gmcr.toml"):
            summary = _conflict_summary(path)
        else:
            summary = _scenario_summary(path, sets)
    else:
        summary = read_game(file, sets=parse_sets(sets)).describe()
    console.print("ok", markup=False, soft_wrap=True)
    console.print(summary, markup=False, soft_wrap=True)
