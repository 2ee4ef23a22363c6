"""Exercises for a class's learning-management system: Moodle XML and a LaTeX handout.

Generic over the kinds of exercise: the questions are built from what an
exercise's verified answer holds, not from its kind.

- an exact scalar answer (``answer["exact"]``: a threshold, a discount factor)
  becomes a Moodle *numerical* question, with the exact value in the feedback and
  a tolerance of :data:`TOLERANCE`;
- a list of equilibria of a game becomes a *multiple-choice* question (several
  answers) over every pure profile: which are pure Nash equilibria;
- surviving strategies (iterated dominance) become a multiple-choice question over
  every strategy; the equilibria of a conflict under each stability concept, one
  multiple-choice question per concept over every feasible state;
- any other answer becomes an *essay* question whose grader information is the
  project's answer key.

The LaTeX handout uses the plain ``article`` class and no package beyond
``inputenc``/``fontenc`` (in every TeX distribution); the answer key is a separate
document.

>>> from stability.analysis.exercises import generate_exercises
>>> xml = moodle_xml(generate_exercises(kind="repeated", seed=1), seed=1)
>>> '<question type="numerical">' in xml
True
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any
from xml.sax.saxutils import escape

from stability.present.explain.exercises import _exercise_table, answer_text
from stability.present.explain.latex import latex_escape

#: Absolute tolerance of a numerical answer: an answer rounded to two decimals is right.
TOLERANCE = 0.005
#: Most options of one multiple-choice question (larger games become essays).
MAX_OPTIONS = 30


# -- a small Markdown reader: paragraphs, pipe tables, numbered lists, **bold** ------------


def _blocks(text: str) -> list[tuple[str, Any]]:
    blocks: list[tuple[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("|") for line in lines):
            rows = [
                [cell.strip() for cell in line.strip().strip("|").split("|")]
                for line in lines
                if not re.fullmatch(r"\|?[\s|:-]+\|?", line.strip())
            ]
            blocks.append(("table", rows))
        elif all(re.match(r"\d+\. ", line) for line in lines):
            blocks.append(("list", [re.sub(r"^\d+\. ", "", line) for line in lines]))
        else:
            blocks.append(("para", " ".join(lines)))
    return blocks


def _bold(text: str, start: str, end: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", lambda m: f"{start}{m.group(1)}{end}", text)


def markdown_html(text: str) -> str:
    """The exercises' Markdown as HTML (every label escaped).

    >>> markdown_html("A **b**\\n\\n| x |\\n|---|\\n| <2> |")
    '<p>A <b>b</b></p><table border="1"><tr><th>x</th></tr><tr><td>&lt;2&gt;</td></tr></table>'
    """
    parts = []
    for kind, content in _blocks(text):
        if kind == "table":
            head, *body = content
            rows = ["<tr>" + "".join(f"<th>{_html(c)}</th>" for c in head) + "</tr>"]
            rows += ["<tr>" + "".join(f"<td>{_html(c)}</td>" for c in r) + "</tr>" for r in body]
            parts.append('<table border="1">' + "".join(rows) + "</table>")
        elif kind == "list":
            parts.append("<ol>" + "".join(f"<li>{_html(item)}</li>" for item in content) + "</ol>")
        else:
            parts.append(f"<p>{_html(content)}</p>")
    return "".join(parts)


def _html(text: str) -> str:
    return _bold(escape(text), "<b>", "</b>")


_MATH = (("≥", "$\\geq$"), ("≤", "$\\leq$"), ("≻", "$\\succ$"), ("δ", "$\\delta$"),
         ("·", "$\\cdot$"), ("–", "--"), ("—", "---"), ("…", "\\ldots{}"))


def _tex(text: str) -> str:
    escaped = latex_escape(text)
    for plain, math in _MATH:
        escaped = escaped.replace(plain, math)
    return _bold(escaped, "\\textbf{", "}")


def markdown_latex(text: str) -> str:
    """The exercises' Markdown as LaTeX (tabular tables, enumerate lists)."""
    parts = []
    for kind, content in _blocks(text):
        if kind == "table":
            columns = max(len(r) for r in content)
            rows = [" & ".join(_tex(c) for c in r) + " \\\\" for r in content]
            parts.append(
                "\\begin{center}\n\\begin{tabular}{|" + "l|" * columns + "}\n\\hline\n"
                + rows[0] + " \\hline\n" + "\n".join(rows[1:]) + "\n\\hline\n"
                "\\end{tabular}\n\\end{center}"
            )
        elif kind == "list":
            items = "\n".join(f"  \\item {_tex(item)}" for item in content)
            parts.append(f"\\begin{{enumerate}}\n{items}\n\\end{{enumerate}}")
        else:
            parts.append(_tex(content))
    return "\n\n".join(parts)


# -- the questions ---------------------------------------------------------------------


def _profile_label(game: Any, profile: Sequence[int]) -> str:
    return "(" + ", ".join(game.strategies[i][s] for i, s in enumerate(profile)) + ")"


def _pure_profile(equilibrium: dict[str, Any]) -> tuple[int, ...] | None:
    if not equilibrium.get("pure"):
        return None
    return tuple(
        next(k for k, p in enumerate(mixture) if Fraction(p) == 1)
        for mixture in equilibrium["exact"]
    )


def questions(exercise: Any) -> list[dict[str, Any]]:
    """The automatically graded questions an exercise's verified answer supports:
    dicts with ``type`` (``numerical``, ``multichoice`` or ``essay``), ``prompt`` and
    the answer (``value``/``exact``, or ``options`` as ``(text, correct)`` pairs)."""
    answer, game = exercise.answer, exercise.game
    found: list[dict[str, Any]] = []
    if isinstance(answer.get("exact"), str):
        found.append({
            "type": "numerical",
            "prompt": "Give the value (a decimal to two places, or more).",
            "value": float(Fraction(answer["exact"])),
            "exact": answer["exact"],
        })
    if game is not None and isinstance(answer.get("equilibria"), list):
        pure = {_pure_profile(e) for e in answer["equilibria"]} - {None}
        profiles = list(itertools.product(*(range(n) for n in game.shape)))
        if len(profiles) < MAX_OPTIONS:
            options = [(_profile_label(game, p), p in pure) for p in profiles]
            options.append(("none of them", not pure))
            found.append({
                "type": "multichoice",
                "prompt": "Which pure profiles are pure Nash equilibria? Tick every one.",
                "options": options,
            })
    mixed = [e for e in answer.get("equilibria") or [] if isinstance(e, dict)
             and not e.get("pure")]
    if game is not None and len(mixed) == 1:  # one mixed equilibrium: its probabilities
        for i, mixture in enumerate(mixed[0]["exact"]):
            found.append({
                "type": "numerical",
                "prompt": f"In the mixed equilibrium, with what probability does "
                f"{game.players[i]} play {game.strategies[i][0]}?",
                "value": float(Fraction(mixture[0])),
                "exact": str(mixture[0]),
            })
    if game is not None and isinstance(answer.get("surviving"), list):
        options = [
            (f"{game.players[i]}: {name}", name in answer["surviving"][i])
            for i, names in enumerate(game.strategies)
            for name in names
        ]
        found.append({
            "type": "multichoice",
            "prompt": "Which strategies survive? Tick every one.",
            "options": options,
        })
    if exercise.conflict is not None and isinstance(answer.get("equilibria"), dict):
        states = sorted({s for stable in answer["stable"].values() for c in stable.values()
                         for s in c} | {s for c in answer["equilibria"].values() for s in c})
        states = _conflict_states(exercise.conflict) or states
        for concept, equilibria in answer["equilibria"].items():
            options = [(f"state {s}", s in equilibria) for s in states]
            options.append(("none of them", not equilibria))
            found.append({
                "type": "multichoice",
                "prompt": f"Which states are {concept.upper()} equilibria? Tick every one.",
                "options": options,
            })
    if not found:
        found.append({"type": "essay", "prompt": "Answer in full.", "key": answer_text(exercise)})
    return found


def _conflict_states(conflict: dict[str, Any]) -> list[int]:
    states = conflict.get("states")
    if isinstance(states, list) and all(isinstance(s, int) for s in states):
        return list(states)
    return []


def _fractions(options: Sequence[tuple[str, bool]]) -> list[str]:
    """Moodle grades of each option: the right ones share 100%, each wrong tick costs."""
    right = sum(1 for _, correct in options if correct)
    wrong = len(options) - right
    return [
        _percent(100 / right) if correct else _percent(-100 / wrong if wrong else 0)
        for _, correct in options
    ]


def _percent(value: float) -> str:
    """A grade Moodle accepts (it lists fractions such as 33.33333)."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def moodle_xml(exercises: Sequence[Any], seed: int) -> str:
    """Moodle XML: one category, the questions of every exercise."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>",
           '  <question type="category">',
           f"    <category><text>$course$/stability exercises (seed {seed})</text></category>",
           "  </question>"]
    for number, exercise in enumerate(exercises, start=1):
        statement = markdown_html(exercise.question + "\n\n" + _exercise_table(exercise))
        for part, question in enumerate(questions(exercise), start=1):
            name = f"Exercise {number}.{part} ({exercise.kind}, level {exercise.level})"
            text = statement + f"<p>{escape(question['prompt'])}</p>"
            out.append(f'  <question type="{question["type"]}">')
            out.append(f"    <name><text>{escape(name)}</text></name>")
            out.append('    <questiontext format="html">')
            out.append(f"      <text><![CDATA[{text}]]></text>")
            out.append("    </questiontext>")
            key = markdown_html(answer_text(exercise))
            out.append(f'    <generalfeedback format="html"><text><![CDATA[{key}]]></text>'
                       "</generalfeedback>")
            if question["type"] == "numerical":
                out.append('    <answer fraction="100">')
                out.append(f"      <text>{question['value']!r}</text>")
                out.append(f"      <tolerance>{TOLERANCE}</tolerance>")
                out.append(f"      <feedback><text>Exactly {escape(question['exact'])}."
                           "</text></feedback>")
                out.append("    </answer>")
            elif question["type"] == "multichoice":
                out.append("    <single>false</single>")
                out.append("    <shuffleanswers>0</shuffleanswers>")
                out.append("    <answernumbering>abc</answernumbering>")
                grades = _fractions(question["options"])
                for (label, _), grade in zip(question["options"], grades, strict=True):
                    out.append(f'    <answer fraction="{grade}" format="html">'
                               f"<text>{escape(label)}</text></answer>")
            else:
                out.append(f'    <graderinfo format="html"><text><![CDATA[{key}]]></text>'
                           "</graderinfo>")
            out.append("  </question>")
    out.append("</quiz>")
    return "\n".join(out) + "\n"


# -- LaTeX --------------------------------------------------------------------------------

_PREAMBLE = (
    "\\documentclass[11pt]{article}\n"
    "\\usepackage[utf8]{inputenc}\n"
    "\\usepackage[T1]{fontenc}\n"
    "\\begin{document}\n"
)


def latex_handout(exercises: Sequence[Any], seed: int) -> str:
    """The students' handout: each exercise's question and table (no answers)."""
    body = [_PREAMBLE, f"\\section*{{Exercises (seed {seed})}}\n"]
    for number, exercise in enumerate(exercises, start=1):
        body.append(f"\\subsection*{{Exercise {number} ({latex_escape(exercise.kind)}, "
                    f"level {exercise.level})}}\n")
        body.append(markdown_latex(exercise.question + "\n\n" + _exercise_table(exercise)))
        body.append("\n")
    body.append("\\end{document}\n")
    return "\n".join(body)


def latex_answers(exercises: Sequence[Any], seed: int) -> str:
    """The answer key, a separate document: each exercise's verified answer."""
    body = [_PREAMBLE, f"\\section*{{Answer key (seed {seed})}}\n"]
    for number, exercise in enumerate(exercises, start=1):
        body.append(f"\\subsection*{{Exercise {number} ({latex_escape(exercise.kind)})}}\n")
        body.append(markdown_latex(answer_text(exercise)))
        body.append("\n")
    body.append("\\end{document}\n")
    return "\n".join(body)
