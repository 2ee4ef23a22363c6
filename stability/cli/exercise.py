"""``stability exercise``: generated exercises with verified answer keys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stability.cli.app import app
from stability.cli.common import JsonOption, console, emit_json


@app.command("exercise")
def exercise_command(
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="K",
            help="pure, mixed, dominance, tipping, repeated or gmcr (default: each in turn).",
        ),
    ] = None,
    level: Annotated[
        int,
        typer.Option(
            "--level",
            metavar="L",
            help="1 (small games, small numbers), 2 (3x3, several equilibria) or "
            "3 (degenerate games, ties, several equilibria); for gmcr: 1 (two decision "
            "makers, one option each), 2 (three options, infeasible states), 3 (ties, an "
            "irreversible option).",
        ),
    ] = 1,
    seed: Annotated[
        int,
        typer.Option("--seed", metavar="N", help="Random seed: the same seed, the same exercises."),
    ] = 0,
    count: Annotated[
        int, typer.Option("--count", metavar="C", help="How many exercises (1-100).")
    ] = 1,
    as_json: JsonOption = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Write exercises.md (for students), solutions.md (worked solutions) and "
            "exercises.json into DIR (created if missing).",
        ),
    ] = None,
) -> None:
    """Generate exercises whose answers are computed by the solvers and checked independently."""
    from stability.analysis.exercises import generate_exercises
    from stability.errors import InputError
    from stability.present.explain import exercises_markdown, solutions_markdown

    exercises = generate_exercises(kind=kind, level=level, seed=seed, count=count)
    from stability.results import ExerciseResult

    document = ExerciseResult(seed, tuple(exercises)).to_dict()
    if out is not None:
        import json

        from stability.errors import shown_path
        if out.exists() and not out.is_dir():
            raise InputError("exists and is not a folder", source=str(out))
        holder = out.parent if str(out.parent) else Path(".")
        if not holder.is_dir():  # as for every --out: the folder to write into must exist
            raise InputError(
                f"no such folder: {shown_path(str(holder))}", source=str(out), item="--out"
            )
        from stability.io.files import write_together

        created = not out.exists()
        try:
            out.mkdir(exist_ok=True)
        except OSError as err:
            raise InputError(f"cannot create the folder ({err.strerror})", source=str(out)) from err
        try:  # all three or none (a full disk leaves nothing behind)
            write_together({
                out / "exercises.md": exercises_markdown(exercises, seed),
                out / "solutions.md": solutions_markdown(exercises, seed),
                out / "exercises.json": json.dumps(document, indent=2, ensure_ascii=False) + "\n",
            }, item="--out")
        except InputError:
            if created:
                out.rmdir()
            raise
        if not as_json:
            for name in ("exercises.md", "solutions.md", "exercises.json"):
                console.print(f"wrote {out / name}", markup=False, highlight=False)
    if as_json:
        emit_json(document)
        return
    if out is None:
        console.print(
            exercises_markdown(exercises, seed, answers=True), markup=False, highlight=False, end=""
        )
