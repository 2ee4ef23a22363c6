"""Render an :class:`~stability.analysis.explain.Explanation` for the terminal, Markdown or LaTeX.

The explanation is first laid out as a short list of neutral blocks (headings,
sentences, equations, payoff tables); each format then renders the same blocks,
so a handout says exactly what the terminal says.

>>> from stability.analysis.explain import explain_game
>>> from stability.model.game import Game
>>> game = Game.from_payoffs(
...     [[[3, 0], [0, 1]], [[0, 1], [1, 0]]],
...     players=["Row", "Column"], strategies=[["Top", "Bottom"], ["Left", "Right"]],
... )
>>> text = explanation_markdown(explain_game(game))
>>> "q·3 + (1 - q)·0 = q·0 + (1 - q)·1 ⇒ q = 1/4" in text
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from stability.analysis.explain import (
    BestResponses,
    Condition,
    Explanation,
    IndifferenceStep,
    MixedExplanation,
    SymbolicProfile,
    Term,
)
from stability.model.exact import format_fraction
from stability.model.game import Game
from stability.model.symbolic import as_sympy
from stability.present.equilibria import components_lines, describe_mixture

# -- blocks -------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Sentence:
    text: str


@dataclass(frozen=True)
class Formula:
    """An equation line, as plain text and as LaTeX math."""

    text: str
    latex: str


@dataclass(frozen=True)
class Cell:
    """Payoffs in one table cell; ``marked[k]`` flags a best-response payoff."""

    values: tuple[str, ...]
    marked: tuple[bool, ...]


@dataclass(frozen=True)
class Grid:
    headers: tuple[str, ...]
    rows: tuple[tuple[str | Cell, ...], ...]
    caption: str = ""


Block = Heading | Sentence | Formula | Grid


# -- text of numbers and expressions ----------------------------------------------------------


def _number(value: Fraction) -> str:
    return format_fraction(value)


def _expression(expression: Any) -> str:
    """``2·threat - alienation``: a sympy expression as plain text."""
    text = str(sp.sstr(as_sympy(expression), order="none"))
    return text.replace("**", "^").replace("*", "·")


def _latex(expression: Any) -> str:
    return str(sp.latex(as_sympy(expression), order="none"))


def _latex_number(value: Fraction) -> str:
    return _latex(sp.Rational(value.numerator, value.denominator))


def _profile_names(game: Game, profile: Sequence[int]) -> str:
    return "(" + ", ".join(game.strategies[i][s] for i, s in enumerate(profile)) + ")"


def _against(game: Game, response: BestResponses) -> str:
    others = [k for k in range(game.n_players) if k != response.player]
    names = [game.strategies[k][s] for k, s in zip(others, response.against, strict=True)]
    if len(names) == 1:
        return names[0]
    return "(" + ", ".join(names) + ")"


def _names(game: Game, player: int, strategies: Sequence[int]) -> str:
    names = [game.strategies[player][s] for s in strategies]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# -- layout --------------------------------------------------------------------------------


def explanation_blocks(explanation: Explanation) -> list[Block]:
    """The explanation as neutral blocks, in reading order."""
    game = explanation.game
    blocks: list[Block] = [Heading(f"Explanation: {game.title or 'a game'}", 1)]
    blocks.append(Sentence(game.describe() + "."))
    if explanation.parameters:
        values = ", ".join(f"{k} = {_number(v)}" for k, v in explanation.parameters.items())
        blocks.append(Sentence(f"Parameters: {values}."))
    blocks.extend(_best_response_blocks(explanation))
    blocks.extend(_dominance_blocks(explanation))
    blocks.extend(_pure_blocks(explanation))
    if game.n_players == 2 and explanation.mixed is not None:
        blocks.extend(_mixed_blocks(explanation))
    if explanation.symbolic:
        blocks.extend(_symbolic_blocks(explanation))
    if explanation.profile is not None:
        blocks.extend(_profile_blocks(explanation))
    for note in explanation.notes:
        blocks.append(Sentence(f"Note: {note}"))
    return blocks


def _best_response_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    blocks: list[Block] = [Heading("1. Best responses")]
    blocks.append(
        Sentence(
            "For each choice of the others, a player's best response is the strategy "
            "that pays it most; best-response payoffs are marked with *."
        )
    )
    best = {(r.player, r.against): set(r.best) for r in explanation.best_responses}

    def cell(profile: tuple[int, ...]) -> Cell:
        values = []
        marked = []
        for i in range(game.n_players):
            against = tuple(profile[k] for k in range(game.n_players) if k != i)
            values.append(_number(game.payoff(i, profile)))
            marked.append(profile[i] in best[(i, against)])
        return Cell(tuple(values), tuple(marked))

    if game.n_players == 2:
        headers = (f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1])
        rows: tuple[tuple[str | Cell, ...], ...] = tuple(
            (name, *(cell((r, c)) for c in range(game.shape[1])))
            for r, name in enumerate(game.strategies[0])
        )
        blocks.append(Grid(headers, rows, caption=f"Payoffs ({', '.join(game.players)})"))
    else:
        headers = (*game.players, "payoffs")
        rows = tuple(
            (
                *(game.strategies[i][s] for i, s in enumerate(p)),
                cell(tuple(int(s) for s in p)),
            )
            for p in game.profiles()
        )
        blocks.append(Grid(headers, rows, caption=f"Payoffs ({', '.join(game.players)})"))
    for response in explanation.best_responses:
        player = game.players[response.player]
        chosen = _names(game, response.player, response.best)
        value = _number(response.payoffs[response.best[0]])
        rest = [
            f"{game.strategies[response.player][s]} gives {_number(v)}"
            for s, v in enumerate(response.payoffs)
            if s not in response.best
        ]
        verb = "is" if len(response.best) == 1 else "are (a tie)"
        plural = "s" if len(response.best) > 1 else ""
        detail = f"payoff {value}" + (f"; {', '.join(rest)}" if rest else "")
        blocks.append(
            Sentence(
                f"Against {_against(game, response)}, {player}'s best response{plural} "
                f"{verb} {chosen} ({detail})."
            )
        )
    return blocks


def _dominance_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    blocks: list[Block] = [Heading("2. Iterated elimination of strictly dominated strategies")]
    if not explanation.dominance:
        blocks.append(
            Sentence(
                "No strategy is strictly dominated, by another pure strategy or by a "
                "mixture: nothing is eliminated."
            )
        )
        return blocks
    for number, step in enumerate(explanation.dominance, start=1):
        player = game.players[step.player]
        dominated = game.strategies[step.player][step.dominated]
        dominating = describe_mixture(
            game.strategies[step.player],
            [dict(step.dominator).get(k, Fraction(0)) for k in range(game.shape[step.player])],
        )
        if step.by_mixture:
            dominating = f"the mixture {dominating}"
        remaining = "; ".join(
            f"{game.players[i]}: {', '.join(game.strategies[i][s] for s in r)}"
            for i, r in enumerate(step.remaining)
        )
        blocks.append(
            Sentence(
                f"Step {number}: for {player}, {dominated} is strictly dominated by {dominating} "
                f"({dominating} pays at least {_number(step.margin)} more against every "
                f"remaining choice of the others). Remove {dominated}. Left: {remaining}."
            )
        )
    if all(len(r) == 1 for r in explanation.surviving):
        profile = tuple(r[0] for r in explanation.surviving)
        blocks.append(
            Sentence(
                f"The game is dominance solvable: only {_profile_names(game, profile)} survives, "
                "so it is the unique equilibrium."
            )
        )
    else:
        blocks.append(Sentence("No strictly dominated strategy is left."))
    return blocks


def _pure_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    blocks: list[Block] = [Heading("3. Pure equilibria")]
    blocks.append(
        Sentence(
            "A profile in which every player's strategy is a best response to the others' "
            "(every payoff in its cell marked) is a pure Nash equilibrium."
        )
    )
    if not explanation.pure_equilibria:
        blocks.append(Sentence("No cell has every payoff marked: there is no pure equilibrium."))
    for profile in explanation.pure_equilibria:
        payoffs = ", ".join(_number(game.payoff(i, profile)) for i in range(game.n_players))
        blocks.append(Sentence(f"{_profile_names(game, profile)} with payoffs ({payoffs})."))
    return blocks


def _term_text(term: Term, single: bool) -> str:
    payoff = _number(term.payoff)
    if term.payoff < 0:
        payoff = f"({payoff})"
    if single:
        return payoff
    probability = _expression(term.probability)
    if not isinstance(term.probability, sp.Symbol):
        probability = f"({probability})"
    return f"{probability}·{payoff}"


def _term_latex(term: Term, single: bool) -> str:
    payoff = _latex_number(term.payoff)
    if term.payoff < 0:
        payoff = f"({payoff})"
    if single:
        return payoff
    probability = _latex(term.probability)
    if not isinstance(term.probability, sp.Symbol):
        probability = f"({probability})"
    return f"{probability} \\cdot {payoff}"


def _mixed_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    blocks: list[Block] = [Heading("4. Mixed equilibria")]
    if explanation.degenerate:
        blocks.append(
            Sentence(
                "The game is degenerate: some mixed strategy has more best responses than "
                "the strategies it uses, so equilibria may come in continua; the extreme ones "
                "are shown."
            )
        )
    if not explanation.mixed:
        blocks.append(Sentence("There is no equilibrium in which a player mixes."))
        return blocks
    blocks.append(
        Sentence(
            "A player mixes only between strategies that pay it the same, so the other "
            "player's probabilities must make it indifferent between them."
        )
    )
    for number, mixed in enumerate(explanation.mixed, start=1):
        blocks.extend(_one_mixed(game, number, mixed))
    blocks.extend(_components_blocks(explanation))
    return blocks


def _one_mixed(game: Game, number: int, mixed: MixedExplanation) -> list[Block]:
    plays = "; ".join(
        f"{game.players[i]} plays {describe_mixture(game.strategies[i], mixed.mixtures[i])}"
        for i in range(2)
    )
    blocks: list[Block] = [Heading(f"Mixed equilibrium {number}", 3), Sentence(plays + ".")]
    for step in mixed.steps:
        blocks.extend(_indifference_blocks(game, step))
    if mixed.component is not None:
        blocks.append(Sentence(_continuum_sentence(game, mixed)))
    return blocks


def _continuum_sentence(game: Game, mixed: MixedExplanation) -> str:
    """Why a value found above is only one end of a range of equilibria."""
    parts = []
    for player, strategy, low, high in mixed.ranges:
        names = game.strategies[player]
        if len(names) == 2 and strategy == 1 and any(
            p == player and k == 0 for p, k, _, _ in mixed.ranges
        ):
            continue  # with two strategies the second's range is the first's complement
        rest = f" ({names[1]} with the rest)" if len(names) == 2 else ""
        parts.append(
            f"{game.players[player]} may play {names[strategy]} with any "
            f"probability from {_number(low)} to {_number(high)}{rest}"
        )
    spans = "; ".join(parts) if parts else "the players' mixtures vary"
    return (
        f"This equilibrium is an end point of a continuum (set {mixed.component} below): "
        f"{spans}, the other player's strategy held, and every such profile is an "
        "equilibrium too. A value solved above is where an indifference starts to hold, "
        "not the only value that works."
    )


def _components_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    lines = components_lines(game, explanation.components)
    if not lines:
        return []
    blocks: list[Block] = [
        Sentence(
            "Maximal convex sets of equilibria (continua): every mixture of the listed "
            "strategies of one player with every mixture of those of the other is an "
            "equilibrium."
        )
    ]
    blocks.extend(Sentence(line.strip()) for line in lines)
    return blocks


def _indifference_blocks(game: Game, step: IndifferenceStep) -> list[Block]:
    blocks: list[Block] = []
    mixer = game.players[step.mixing]
    chooser = game.players[step.indifferent]
    names = game.strategies[step.mixing]
    single = len(step.support) == 1
    if single:
        blocks.append(Sentence(f"{mixer} plays {names[step.support[0]]} for sure."))
    else:
        parts = [
            f"{names[k]} with probability {_expression(p)}"
            for k, p in zip(step.support, step.probabilities, strict=True)
        ]
        blocks.append(Sentence(f"{mixer} plays " + ", ".join(parts) + "."))
    if len(step.strategies) == 1:
        strategy = game.strategies[step.indifferent][step.strategies[0]]
        blocks.append(
            Sentence(
                f"{chooser}'s only best response is {strategy} (payoff {_number(step.value)})."
            )
        )
    else:
        blocks.append(
            Sentence(
                f"{chooser} must be indifferent between "
                f"{_names(game, step.indifferent, step.strategies)}:"
            )
        )
        sides = [" + ".join(_term_text(t, single) for t in terms) for terms in step.expected]
        latex_sides = [" + ".join(_term_latex(t, single) for t in terms) for terms in step.expected]
        solved = [
            f"{name} = {_number(step.solution[name])}"
            for name in step.symbols
            if name not in step.free
        ]
        solved_latex = [
            f"{_latex(sp.Symbol(name))} = {_latex_number(step.solution[name])}"
            for name in step.symbols
            if name not in step.free
        ]
        text = " = ".join(sides)
        latex = " = ".join(latex_sides)
        if solved:
            text += " ⇒ " + ", ".join(solved)
            latex += " \\Rightarrow " + ", ".join(solved_latex)
        blocks.append(Formula(text, latex))
        if step.free:
            values = ", ".join(f"{n} = {_number(step.solution[n])}" for n in step.free)
            blocks.append(
                Sentence(
                    f"These equations leave {', '.join(step.free)} free (the game is "
                    f"degenerate); this extreme equilibrium has {values}."
                )
            )
    if step.others:
        rest = ", ".join(
            f"{game.strategies[step.indifferent][s]} gives {_number(v)}" for s, v in step.others
        )
        blocks.append(
            Sentence(
                f"{chooser}'s other strategies pay less ({rest}, against "
                f"{_number(step.value)}), so it has no reason to use them."
            )
        )
    blocks.append(Sentence(f"{chooser}'s expected payoff: {_number(step.value)}."))
    return blocks


def _profile_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    check = explanation.profile
    assert check is not None
    name = _profile_names(game, check.profile)
    blocks: list[Block] = [Heading(f"Is {name} an equilibrium?")]
    for i, deviation in enumerate(check.best):
        here = _number(check.payoffs[i])
        if deviation is None:
            blocks.append(Sentence(f"{game.players[i]} has no other strategy."))
            continue
        there = _number(deviation.payoff)
        alternative = game.strategies[i][deviation.strategy]
        if deviation.payoff > check.payoffs[i]:
            verdict = f"it gains {_number(deviation.payoff - check.payoffs[i])} by switching"
        else:
            verdict = "no switch pays more"
        blocks.append(
            Sentence(
                f"{game.players[i]} gets {here}; its best alternative, {alternative}, "
                f"gives {there}: {verdict}."
            )
        )
    if check.is_equilibrium:
        blocks.append(Sentence(f"So {name} is a pure Nash equilibrium."))
    else:
        who = " and ".join(game.players[d.player] for d in check.profitable)
        blocks.append(Sentence(f"So {name} is not an equilibrium: {who} would deviate."))
    return blocks


def condition_text(game: Game, condition: Condition) -> tuple[str, str]:
    """``"partition_value ≥ 2·threat - alienation"`` (text and LaTeX) for one condition."""
    difference = sp.expand(as_sympy(condition.difference))
    if not difference.free_symbols:
        truth = "always" if difference >= 0 else "never"
        return truth, f"\\text{{{truth}}}"
    positive = sp.Integer(0)
    negative = sp.Integer(0)
    for term in sp.Add.make_args(difference):
        coefficient, _ = term.as_coeff_Mul()
        if coefficient < 0:
            negative -= term
        else:
            positive += term
    return (
        f"{_expression(positive)} ≥ {_expression(negative)}",
        f"{_latex(positive)} \\geq {_latex(negative)}",
    )


def _symbolic_blocks(explanation: Explanation) -> list[Block]:
    game = explanation.game
    blocks: list[Block] = [Heading("In terms of the parameters")]
    blocks.append(
        Sentence(
            "Each pure profile is an equilibrium exactly when no player gains by switching; "
            "in the scenario's parameters:"
        )
    )
    for symbolic in explanation.symbolic:
        blocks.extend(_symbolic_profile(game, symbolic))
    return blocks


def _symbolic_profile(game: Game, symbolic: SymbolicProfile) -> list[Block]:
    name = _profile_names(game, symbolic.profile)
    now = "an equilibrium now" if symbolic.is_equilibrium else "not an equilibrium now"
    blocks: list[Block] = [Heading(f"{name}: {now}", 3)]
    for condition in symbolic.conditions:
        text, latex = condition_text(game, condition)
        player = game.players[condition.player]
        stays = game.strategies[condition.player][condition.strategy]
        alternative = game.strategies[condition.player][condition.alternative]
        holds = "holds" if condition.holds else "fails"
        if text == "always":
            blocks.append(
                Sentence(
                    f"{player} keeps {stays} rather than switch to {alternative}, whatever the "
                    f"parameters ({holds} now)."
                )
            )
            continue
        if text == "never":
            blocks.append(
                Sentence(
                    f"{player} always gains by switching from {stays} to {alternative} "
                    f"({holds} now)."
                )
            )
            continue
        blocks.append(
            Sentence(
                f"{player} keeps {stays} rather than switch to {alternative} when ({holds} now):"
            )
        )
        blocks.append(Formula(text, latex))
    return blocks


# -- renderers ---------------------------------------------------------------------------------


def _cell_text(cell: str | Cell, mark: str = "*") -> str:
    if isinstance(cell, str):
        return cell
    return ", ".join(v + (mark if m else "") for v, m in zip(cell.values, cell.marked, strict=True))


def explanation_renderable(explanation: Explanation) -> RenderableType:
    """The explanation for a rich console."""
    parts: list[RenderableType] = []
    for block in explanation_blocks(explanation):
        if isinstance(block, Heading):
            style = "bold underline" if block.level == 1 else "bold"
            parts.append(Text(""))
            parts.append(Text(block.text, style=style))
        elif isinstance(block, Sentence):
            parts.append(Text(block.text))
        elif isinstance(block, Formula):
            parts.append(Padding(Text(block.text, style="cyan"), (0, 0, 0, 4)))
        else:
            table = Table(title=block.caption or None, title_justify="left")
            for header in block.headers:
                table.add_column(header)
            for row in block.rows:
                table.add_row(*(_cell_text(c) for c in row))
            parts.append(table)
    return Group(*parts)


def _markdown_cell(cell: str | Cell) -> str:
    if isinstance(cell, str):
        return cell.replace("|", "\\|")
    return ", ".join(
        (f"**{v}**\\*" if m else v) for v, m in zip(cell.values, cell.marked, strict=True)
    )


def explanation_markdown(explanation: Explanation, *, heading_offset: int = 0) -> str:
    """The explanation as Markdown (headings shifted down by ``heading_offset``)."""
    return blocks_markdown(explanation_blocks(explanation), heading_offset=heading_offset)


def blocks_markdown(blocks: Sequence[Block], *, heading_offset: int = 0) -> str:
    """Render blocks as Markdown."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines.extend(["#" * (block.level + heading_offset) + " " + block.text, ""])
        elif isinstance(block, Sentence):
            lines.extend([block.text, ""])
        elif isinstance(block, Formula):
            lines.extend(["    " + block.text, ""])
        else:
            if block.caption:
                lines.extend([block.caption + ":", ""])
            lines.append("| " + " | ".join(block.headers) + " |")
            lines.append("|" + "---|" * len(block.headers))
            for row in block.rows:
                lines.append("| " + " | ".join(_markdown_cell(c) for c in row) + " |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex_escape(text: str) -> str:
    """Text made safe for LaTeX.

    >>> latex_escape("50% of A_B & C")
    '50\\\\% of A\\\\_B \\\\& C'
    """
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text)


def _latex_text(text: str) -> str:
    escaped = latex_escape(text)
    for plain, math in (("≥", "$\\geq$"), ("⇒", "$\\Rightarrow$"), ("·", "$\\cdot$")):
        escaped = escaped.replace(plain, math)
    return escaped


def _latex_cell(cell: str | Cell) -> str:
    if isinstance(cell, str):
        return latex_escape(cell)
    return ", ".join(
        (f"\\underline{{{v}}}" if m else v) for v, m in zip(cell.values, cell.marked, strict=True)
    )


def explanation_latex(explanation: Explanation) -> str:
    """The explanation as a complete LaTeX document (amsmath), ready for a handout."""
    body = blocks_latex(explanation_blocks(explanation))
    return (
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amsmath}\n"
        "\\begin{document}\n" + body + "\\end{document}\n"
    )


def blocks_latex(blocks: Sequence[Block]) -> str:
    """Render blocks as a LaTeX fragment (best responses underlined in tables)."""
    lines: list[str] = []
    commands = {1: "section*", 2: "subsection*", 3: "subsubsection*"}
    for block in blocks:
        if isinstance(block, Heading):
            lines.append(f"\\{commands.get(block.level, 'paragraph')}{{{_latex_text(block.text)}}}")
        elif isinstance(block, Sentence):
            lines.extend([_latex_text(block.text.replace("marked with *", "underlined")), ""])
        elif isinstance(block, Formula):
            lines.append(f"\\[ {block.latex} \\]")
        else:
            lines.append("\\begin{center}")
            lines.append("\\begin{tabular}{l" + "c" * (len(block.headers) - 1) + "}")
            lines.append(" & ".join(_latex_text(h) for h in block.headers) + " \\\\ \\hline")
            for row in block.rows:
                lines.append(" & ".join(_latex_cell(c) for c in row) + " \\\\")
            lines.append("\\end{tabular}")
            if block.caption:
                lines.append(f"\n{_latex_text(block.caption)}")
            lines.append("\\end{center}")
    return "\n".join(lines) + "\n"


# -- exercises ------------------------------------------------------------------------------------


def game_markdown(game: Game) -> str:
    """The payoff table of a game in Markdown (a bimatrix for two players)."""
    if game.n_players == 2:
        headers = (f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1])
        rows: tuple[tuple[str | Cell, ...], ...] = tuple(
            (
                name,
                *(
                    ", ".join(_number(game.payoff(i, (r, c))) for i in range(2))
                    for c in range(game.shape[1])
                ),
            )
            for r, name in enumerate(game.strategies[0])
        )
    else:
        headers = (*game.players, "payoffs")
        rows = tuple(
            (
                *(game.strategies[i][s] for i, s in enumerate(p)),
                ", ".join(_number(game.payoff(i, p)) for i in range(game.n_players)),
            )
            for p in game.profiles()
        )
    caption = f"Payoffs ({', '.join(game.players)})"
    return blocks_markdown([Grid(headers, rows, caption=caption)])


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
    return _repeated_solution(exercise)


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
            f"{_profile_names(game, target.profile)} is an equilibrium when no player gains by "
            "switching away from it:"
        )
    ]
    for condition in target.conditions:
        text, latex = condition_text(game, condition)
        actor = game.players[condition.player]
        stays = game.strategies[condition.player][condition.strategy]
        alternative = game.strategies[condition.player][condition.alternative]
        if text in ("always", "never"):
            verdict = "whatever x" if text == "always" else "for no x"
            blocks.append(
                Sentence(f"{actor} keeps {stays} rather than switch to {alternative} {verdict}.")
            )
        else:
            blocks.append(
                Sentence(f"{actor} keeps {stays} rather than switch to {alternative} when")
            )
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
            f"Temptation T = {_number(t)}, reward R = {_number(r)}, punishment P = {_number(p)}. "
            "Cooperating forever against grim trigger is worth R/(1 − δ); defecting once gives "
            "T now and P in every later round, T + δP/(1 − δ). Cooperation is an equilibrium "
            "when the first is at least the second:"
        ),
        Formula(
            f"{_number(r)}/(1 - δ) ≥ {_number(t)} + δ·{_number(p)}/(1 - δ)"
            f" ⇔ δ ≥ (T - R)/(T - P) = {exercise.answer['exact']}",
            f"{_latex(cooperate)} \\geq {_latex(defect)} \\iff \\delta \\geq "
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
