"""Exercise sheets and their solutions as Markdown: the game or conflict of each
exercise, the question, and a worked answer."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from stability.model.game import Game
from stability.present.equilibria import describe_mixture
from stability.present.explain.blocks import (
    Block,
    Formula,
    Grid,
    Heading,
    Sentence,
    latex_math,
    payoff_grid,
    profile_names,
)
from stability.present.explain.layout import condition_text, keeps_phrase
from stability.present.explain.markdown import blocks_markdown, explanation_markdown
from stability.present.text import fraction_text


def game_markdown(game: Game) -> str:
    """The payoff table of a game in Markdown (a bimatrix for two players)."""

    def cell(profile: tuple[int, ...]) -> str:
        return ", ".join(fraction_text(game.payoff(i, profile)) for i in range(game.n_players))

    return blocks_markdown([payoff_grid(game, cell)])


def _codes_text(codes: Sequence[int]) -> str:
    return ", ".join(str(c) for c in codes) if codes else "none"


def _ranking_text(ranking: Sequence[Any]) -> str:
    """``3 ≻ {0, 1} ≻ 2``: most preferred first, equally preferred states in braces."""
    return " ≻ ".join(
        "{" + ", ".join(str(c) for c in g) + "}" if isinstance(g, list) else str(g) for g in ranking
    )


def conflict_markdown(conflict: dict[str, Any]) -> str:
    """A gmcr exercise's conflict: its states with the options taken, and the rankings.

    >>> conflict = {"decision_makers": [{"name": "A", "options": ["Go"]}], "options": ["Go"],
    ...             "infeasible": [], "irreversible": {"Go": "forward"},
    ...             "preferences": {"A": [[0, 1]]}, "states": [0, 1]}
    >>> print(conflict_markdown(conflict), end="")
    States (Y: the option is taken):
    <BLANKLINE>
    | decision maker | option | 0 | 1 |
    |---|---|---|---|
    | A | Go | N | Y |
    <BLANKLINE>
    Preferences (most preferred first; states in braces are equally preferred):
    <BLANKLINE>
    | decision maker | ranking |
    |---|---|
    | A | {0, 1} |
    <BLANKLINE>
    Go is irreversible: once taken, it cannot be withdrawn.
    """
    options = list(conflict["options"])
    states = list(conflict["states"])
    owner = {o: dm["name"] for dm in conflict["decision_makers"] for o in dm["options"]}
    state_rows = tuple(
        (owner[name], name, *("Y" if code >> k & 1 else "N" for code in states))
        for k, name in enumerate(options)
    )
    blocks: list[Block] = [
        Grid(
            ("decision maker", "option", *(str(c) for c in states)),
            state_rows,
            caption="States (Y: the option is taken)",
        ),
        Grid(
            ("decision maker", "ranking"),
            tuple(
                (name, _ranking_text(ranking)) for name, ranking in conflict["preferences"].items()
            ),
            caption="Preferences (most preferred first; states in braces are equally preferred)",
        ),
    ]
    for table in conflict["infeasible"]:
        wanted = [f"{o} {'taken' if v else 'not taken'}" for o, v in table.items()]
        blocks.append(Sentence(f"Infeasible (not a state): {' and '.join(wanted)}."))
    meaning = {
        "forward": "once taken, it cannot be withdrawn",
        "backward": "while not taken, it cannot be taken",
        "both": "it cannot be changed",
    }
    for option, direction in conflict["irreversible"].items():
        blocks.append(Sentence(f"{option} is irreversible: {meaning[direction]}."))
    return blocks_markdown(blocks)


_GMCR_HEADINGS = {"nash": "Nash", "gmr": "GMR", "smr": "SMR", "seq": "SEQ"}


def _gmcr_answer(answer: dict[str, Any]) -> str:
    concepts = list(answer["equilibria"])
    rows = [
        (name, *(_codes_text(stable[c]) for c in concepts))
        for name, stable in answer["stable"].items()
    ]
    rows.append(("**equilibria**", *(_codes_text(answer["equilibria"][c]) for c in concepts)))
    headers = ("stable for", *(_GMCR_HEADINGS.get(c, c) for c in concepts))
    return blocks_markdown([Grid(headers, tuple(rows))]).rstrip()


def _gmcr_solution(exercise: Any) -> str:
    """Each decision maker's moves and improvements, and how each improvement is sanctioned."""
    graph = exercise.details["graph"]
    blocks: list[Block] = [
        Sentence(
            "A state is Nash stable for a decision maker with no unilateral improvement from "
            "it. Otherwise it is GMR stable when the others can answer every improvement, by a "
            "sequence of their moves in which no one moves twice in a row, with a state the "
            "decision maker does not prefer to the original (a sanction); SMR stable when some "
            "such sanction also leaves it no move to a state it prefers to the original; SEQ "
            "stable when the sanctions can be made of the others' own improvements."
        )
    ]
    for i, name in enumerate(graph.names):
        level = graph.preference[i]
        rows = []
        notes = []
        for s in graph.states:
            rows.append(
                (
                    str(s),
                    _codes_text(graph.moves[i][s]),
                    _codes_text(graph.improvements[i][s]),
                    *(
                        "yes" if s in exercise.answer["stable"][name][c] else "no"
                        for c in _GMCR_HEADINGS
                    ),
                )
            )
            for s1 in graph.improvements[i][s]:
                others = graph.others(i)
                by_moves = sorted(
                    s2 for s2 in graph.reachable(others, s1, graph.moves) if level[s2] <= level[s]
                )
                symmetric = [
                    s2 for s2 in by_moves if all(level[s3] <= level[s] for s3 in graph.moves[i][s2])
                ]
                by_improvements = sorted(
                    s2
                    for s2 in graph.reachable(others, s1, graph.improvements)
                    if level[s2] <= level[s]
                )
                notes.append(
                    f"{s} → {s1}: the others' sanctions: {_codes_text(by_moves)} (GMR); "
                    f"of them leaving {name} no better move: {_codes_text(symmetric)} (SMR); "
                    f"by their improvements: {_codes_text(by_improvements)} (SEQ)."
                )
        blocks.append(Heading(name, 3))
        blocks.append(
            Grid(
                ("state", "moves", "improvements", *_GMCR_HEADINGS.values()),
                tuple(rows),
                caption=f"{name}'s unilateral moves and improvements",
            )
        )
        blocks.extend(Sentence(note) for note in notes)
    blocks.append(
        Sentence(
            "To check with `stability gmcr`, save the conflict as a file "
            "(`stability gmcr conflict.toml`):"
        )
    )
    toml = "\n".join(
        "    " + line if line else "" for line in exercise.details["toml"].splitlines()
    )
    return blocks_markdown(blocks) + "\n" + toml + "\n"


def answer_text(exercise: Any) -> str:
    """The answer key of one exercise in a sentence or a short list (Markdown)."""
    game: Game = exercise.game
    answer = exercise.answer
    if exercise.kind in ("pure", "mixed"):
        if not answer["equilibria"]:
            return "There is no pure equilibrium."
        lines = []
        for number, equilibrium in enumerate(answer["equilibria"], start=1):
            parts = [
                f"{game.players[i]}: "
                + describe_mixture(game.strategies[i], [Fraction(p) for p in mixture])
                for i, mixture in enumerate(equilibrium["exact"])
            ]
            payoffs = ", ".join(equilibrium.get("exact_payoffs", []))
            lines.append(f"{number}. " + "; ".join(parts) + f" (payoffs {payoffs})")
        return "\n".join(lines)
    if exercise.kind == "dominance":
        lines = [
            f"{n}. {e['player']}: {e['strategy']} is strictly dominated by {e['dominated_by']}"
            for n, e in enumerate(answer["eliminated"], start=1)
        ]
        survivors = "; ".join(
            f"{game.players[i]}: {', '.join(names)}" for i, names in enumerate(answer["surviving"])
        )
        lines.append("")
        lines.append(f"Surviving: {survivors}.")
        return "\n".join(lines)
    if exercise.kind == "tipping":
        target = ", ".join(answer["target"])
        text = f"({target}) is a pure equilibrium exactly when x ≥ {answer['exact']}"
        if answer["interval"][1] is not None:
            text += f" and x ≤ {answer['interval'][1]}"
        return text + f": the threshold is x = {answer['exact']}."
    if exercise.kind == "repeated":
        return f"Mutual cooperation is an equilibrium exactly when δ ≥ {answer['exact']}."
    if exercise.kind == "gmcr":
        return _gmcr_answer(answer)
    if exercise.kind == "coalitions":
        return _coalitions_answer(answer)
    return str(answer)  # pragma: no cover - every kind is handled above


def _worked_solution(exercise: Any) -> str:
    from stability.analysis.explain import explain_game

    game: Game = exercise.game
    if exercise.kind in ("pure", "mixed", "dominance"):
        explanation = explain_game(game, solve_mixed=exercise.kind == "mixed")
        text = explanation_markdown(explanation, heading_offset=2)
        # the explanation's own title repeats the exercise's: drop it
        return text.split("\n", 2)[2] if text.startswith("###") else text
    if exercise.kind == "tipping":
        return _tipping_solution(exercise)
    if exercise.kind == "gmcr":
        return _gmcr_solution(exercise)
    if exercise.kind == "coalitions":
        return _coalitions_solution(exercise)
    return _repeated_solution(exercise)


def _coalitions_answer(answer: dict[str, Any]) -> str:
    structure = answer["structure"]
    if answer["core_stable"]:
        lines = [f"{structure} is core-stable: no group gains by forming a coalition of its own."]
    else:
        groups = "; ".join("{" + ", ".join(g) + "}" for g in answer["blocking_groups"])
        lines = [f"{structure} is not core-stable: it is blocked by {groups}."]
    if answer["moves"]:
        lines.append("Profitable moves: " + "; ".join(m["text"] for m in answer["moves"]) + ".")
    else:
        lines.append("No actor gains by moving alone: it is Nash-stable.")
    return "\n\n".join(lines)


def _coalitions_solution(exercise: Any) -> str:
    from stability.analysis.coalitions import CONCEPTS, coalition_analysis

    game: Game = exercise.game
    analysis = coalition_analysis(game)
    lines = ["Every structure, its pure equilibria, each actor's worst payoff over them, and "
             "whether it is core-stable and Nash-stable:", ""]
    for s in range(len(analysis.structures)):
        profiles = "; ".join(
            "(" + ", ".join(game.strategies[i][k] for i, k in enumerate(p)) + ")"
            for p in analysis.equilibria(s)
        ) or "none"
        worst = ", ".join(
            f"{game.players[i]} {fraction_text(analysis.value(i, s)[0] or 0)}"
            for i in range(game.n_players) if analysis.value(i, s)[0] is not None
        )
        verdicts = ", ".join(c for c in CONCEPTS[:2] if analysis.verdicts[c][s]) or "neither"
        lines.append(f"- {analysis.structure_text(s)}: equilibria {profiles}; worst payoffs "
                     f"{worst or 'none'}; stable: {verdicts}")
    return "\n".join(lines) + "\n"


def _tipping_solution(exercise: Any) -> str:
    from stability.analysis.explain import symbolic_conditions

    game: Game = exercise.game
    linear = exercise.details["linear"]
    x = sp.Symbol("x")
    expressions = []
    for player in range(game.n_players):
        array = np.empty(game.shape, dtype=object)
        for profile in game.profiles():
            constant = linear.constants[player][profile]
            slope = linear.slopes[player][profile]
            array[profile] = (
                sp.Rational(constant.numerator, constant.denominator)
                + sp.Rational(slope.numerator, slope.denominator) * x
            )
        expressions.append(array)
    value = Fraction(exercise.parameter["value"])
    (target,) = [
        s
        for s in symbolic_conditions(game, expressions, {"x": value})
        if s.profile == exercise.target
    ]
    blocks: list[Block] = [
        Sentence(
            f"{profile_names(game, target.profile)} is an equilibrium when no player gains by "
            "switching away from it:"
        )
    ]
    for condition in target.conditions:
        text, latex = condition_text(game, condition)
        if text in ("always", "never"):
            verdict = "whatever x" if text == "always" else "for no x"
            blocks.append(Sentence(f"{keeps_phrase(game, condition)} {verdict}."))
        else:
            blocks.append(Sentence(f"{keeps_phrase(game, condition)} when"))
            blocks.append(Formula(text, latex))
    blocks.append(
        Sentence(
            f"All of these hold exactly when x ≥ {exercise.answer['exact']}: below it the "
            "profile is not an equilibrium (checked at x = threshold − 1/1000), from it on it is "
            "(checked at the threshold and at threshold + 1/1000)."
        )
    )
    return blocks_markdown(blocks)


def _repeated_solution(exercise: Any) -> str:
    t, r, p = (exercise.details[k] for k in ("T", "R", "P"))
    delta = sp.Symbol("δ")
    cooperate = sp.Rational(r.numerator, r.denominator) / (1 - delta)
    defect = sp.Rational(t.numerator, t.denominator) + delta * sp.Rational(
        p.numerator, p.denominator
    ) / (1 - delta)
    blocks: list[Block] = [
        Sentence(
            f"Temptation T = {fraction_text(t)}, reward R = {fraction_text(r)}, "
            f"punishment P = {fraction_text(p)}. "
            "Cooperating forever against grim trigger is worth R/(1 − δ); defecting once gives "
            "T now and P in every later round, T + δP/(1 − δ). Cooperation is an equilibrium "
            "when the first is at least the second:"
        ),
        Formula(
            f"{fraction_text(r)}/(1 - δ) ≥ {fraction_text(t)} + δ·{fraction_text(p)}/(1 - δ)"
            f" ⇔ δ ≥ (T - R)/(T - P) = {exercise.answer['exact']}",
            f"{latex_math(cooperate)} \\geq {latex_math(defect)} \\iff \\delta \\geq "
            f"\\frac{{T - R}}{{T - P}} = {exercise.answer['exact']}",
        ),
    ]
    return blocks_markdown(blocks)


def _exercise_table(exercise: Any) -> str:
    """The payoff table, or for a gmcr exercise the conflict's states and rankings."""
    if exercise.game is None:
        return conflict_markdown(exercise.conflict)
    return game_markdown(exercise.game)


def exercises_markdown(exercises: Sequence[Any], seed: int, *, answers: bool = False) -> str:
    """The students' sheet (with the answer keys when ``answers``)."""
    lines = [f"# Exercises (seed {seed})", ""]
    for number, exercise in enumerate(exercises, start=1):
        lines.append(f"## Exercise {number} ({exercise.kind}, level {exercise.level})")
        lines.append("")
        lines.append(exercise.question)
        lines.append("")
        lines.append(_exercise_table(exercise))
        if answers:
            lines.extend(["**Answer.**", "", answer_text(exercise), ""])
    return "\n".join(lines).rstrip() + "\n"


def solutions_markdown(exercises: Sequence[Any], seed: int) -> str:
    """The worked solutions: each answer, the checks it passed, and the explanation."""
    lines = [f"# Worked solutions (seed {seed})", ""]
    for number, exercise in enumerate(exercises, start=1):
        lines.append(f"## Exercise {number} ({exercise.kind}, level {exercise.level})")
        lines.extend(["", exercise.question, "", _exercise_table(exercise)])
        lines.extend(["**Answer.**", "", answer_text(exercise), ""])
        checks = "; ".join(exercise.checks)
        lines.extend([f"*Verified:* {checks}.", ""])
        lines.extend(["### Worked solution", "", _worked_solution(exercise)])
    return "\n".join(lines).rstrip() + "\n"
