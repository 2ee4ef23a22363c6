"""``stability exercise``: generated exercises with verified answer keys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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
            help="pure, mixed, dominance, tipping, repeated, gmcr or coalitions (default: each in "
            "turn).",
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
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="F",
            help="markdown (the default), moodle (Moodle XML: numerical and multiple-choice "
            "questions with the verified answers; exercises.xml in --out DIR, else on "
            "standard output) or latex (a handout and a separate answer key, plain article "
            "class: exercises.tex and answers.tex in --out DIR).",
        ),
    ] = "markdown",
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

    if output_format not in ("markdown", "moodle", "latex"):
        raise InputError(
            f"unknown format {output_format!r} (expected one of: markdown, moodle, latex)",
            item="--format",
        )
    if output_format == "latex" and out is None:
        raise InputError("latex writes a handout and an answer key: give --out DIR",
                         item="--format")
    if output_format != "markdown" and as_json:
        raise InputError("--json and --format: give one or the other", item="--format")
    exercises = generate_exercises(kind=kind, level=level, seed=seed, count=count)
    if output_format != "markdown":
        _write_lms(exercises, seed, output_format, out)
        return
    from stability.results import ExerciseResult

    document = ExerciseResult(seed, tuple(exercises)).to_dict()
    if out is not None:
        import json

        from stability.io.files import write_together

        created = _folder(out)
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


def _write_lms(exercises: list[Any], seed: int, output_format: str, out: Path | None) -> None:
    """Moodle XML or the LaTeX handout and answer key, into ``out`` (or to stdout)."""
    from stability.io import write_atomically
    from stability.present.explain.lms import latex_answers, latex_handout, moodle_xml

    if output_format == "moodle":
        files = {"exercises.xml": moodle_xml(exercises, seed)}
    else:
        files = {
            "exercises.tex": latex_handout(exercises, seed),
            "answers.tex": latex_answers(exercises, seed),
        }
    if out is None:
        console.print(files["exercises.xml"], markup=False, highlight=False, end="",
                      soft_wrap=True)
        return
    _folder(out)
    for name, text in files.items():
        write_atomically(out / name, text)
        console.print(f"wrote {out / name}", markup=False, highlight=False)


def _folder(out: Path) -> bool:
    """Create the folder ``out`` (its parent must exist), or say why it cannot be;
    whether it was created (``False``: it was there)."""
    from stability.errors import InputError, shown_path

    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a folder", source=str(out))
    holder = out.parent if str(out.parent) else Path(".")
    if not holder.is_dir():  # as for every --out: the folder to write into must exist
        raise InputError(
            f"no such folder: {shown_path(str(holder))}", source=str(out), item="--out"
        )
    created = not out.exists()
    try:
        out.mkdir(exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create the folder ({err.strerror})", source=str(out)) from err
    return created
