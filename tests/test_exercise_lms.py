"""Exercises for an LMS: Moodle XML that parses with the verified answers, and a LaTeX
handout with a separate answer key (issue 25 item 13)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest

from stability.analysis.exercises import generate_exercises
from stability.cli.app import main
from stability.present.explain.lms import TOLERANCE, latex_answers, latex_handout, moodle_xml
from stability.solvers import solve

KINDS = ["pure", "mixed", "dominance", "tipping", "repeated", "gmcr"]


@pytest.mark.parametrize("level", [1, 2])
def test_moodle_xml_parses_and_every_answer_is_the_projects_own(level: int) -> None:
    exercises = [e for kind in KINDS
                 for e in generate_exercises(kind=kind, level=level, seed=5, count=2)]
    quiz = ET.fromstring(moodle_xml(exercises, seed=5))
    questions = [q for q in quiz if q.get("type") != "category"]
    assert {q.get("type") for q in questions} >= {"numerical", "multichoice"}
    by_exercise: dict[int, list[ET.Element]] = {}
    for question in questions:
        name = question.findtext("name/text") or ""
        number = int(re.match(r"Exercise (\d+)\.", name).group(1))  # type: ignore[union-attr]
        by_exercise.setdefault(number, []).append(question)
    assert set(by_exercise) == set(range(1, len(exercises) + 1))
    for number, exercise in enumerate(exercises, start=1):
        for question in by_exercise[number]:
            if question.get("type") == "numerical":
                value = float(question.findtext("answer/text") or "nan")
                assert float(question.findtext("answer/tolerance") or 0) == TOLERANCE
                expected = _numbers(exercise)
                assert any(abs(value - x) < 1e-12 for x in expected)
            elif question.get("type") == "multichoice":
                right = [a.findtext("text") for a in question.findall("answer")
                         if float(a.get("fraction", "0")) > 0]
                grades = sum(float(a.get("fraction", "0")) for a in question.findall("answer")
                             if float(a.get("fraction", "0")) > 0)
                assert abs(grades - 100) < 1e-3
                _check_choice(exercise, question.findtext("questiontext/text") or "", right)


def _numbers(exercise) -> list[float]:  # type: ignore[no-untyped-def]
    """The exact numbers of the project's own solution of ``exercise``."""
    if "exact" in exercise.answer:
        return [float(Fraction(exercise.answer["exact"]))]
    found = solve(exercise.game, method="all")
    return [float(p) for e in found.equilibria if not e.pure and e.exact
            for mixture in e.exact for p in mixture]


def _check_choice(exercise, text: str, right: list[str | None]) -> None:  # type: ignore[no-untyped-def]
    game = exercise.game
    if "pure Nash equilibria" in text:  # solved again here, by the solver
        pure = [e for e in solve(game, method="all").equilibria if e.pure]
        labels = {
            "(" + ", ".join(game.strategies[i][row.index(max(row))] for i, row in
                            enumerate(e.profile)) + ")"
            for e in pure
        }
        assert set(right) == (labels or {"none of them"})
    elif "strategies survive" in text:
        surviving = exercise.answer["surviving"]
        assert set(right) == {f"{game.players[i]}: {s}" for i, names in enumerate(surviving)
                              for s in names}
    else:
        concept = re.search(r"Which states are (\w+) equilibria", text).group(1).lower()  # type: ignore[union-attr]
        states = exercise.answer["equilibria"][concept]
        assert set(right) == ({f"state {s}" for s in states} or {"none of them"})


def test_latex_handout_and_a_separate_key() -> None:
    exercises = [e for kind in KINDS for e in generate_exercises(kind=kind, seed=3)]
    handout, key = latex_handout(exercises, 3), latex_answers(exercises, 3)
    for document in (handout, key):
        assert document.startswith("\\documentclass[11pt]{article}")
        packages = set(re.findall(r"\\usepackage(?:\[[^]]*\])?\{([^}]*)\}", document))
        assert packages <= {"inputenc", "fontenc"}
        assert document.count("\\begin{") == document.count("\\end{")
        body = re.sub(r"\\[{}%&_#$]", "", document)
        assert body.count("{") == body.count("}")
        assert not re.search(r"[^\x00-\x7f]", document.replace("’", "'")), "non-ASCII"
    assert "δ" not in handout and "\\delta" in handout
    threshold = next(e for e in exercises if e.kind == "repeated").answer["exact"]
    assert threshold in key and "Answer key" in key and "Answer key" not in handout


def test_cli_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "--format", "moodle", "--count", "3"]) == 0
    ET.fromstring(capsys.readouterr().out)
    assert main(["exercise", "--format", "latex", "--count", "3", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "exercises.tex").is_file() and (tmp_path / "answers.tex").is_file()
    capsys.readouterr()
    assert main(["exercise", "--format", "latex"]) == 2
    assert main(["exercise", "--format", "pdf"]) == 2
    assert capsys.readouterr().err.count("error:") == 2
