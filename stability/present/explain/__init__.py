"""Render an :class:`~stability.analysis.explain.Explanation` for the terminal, Markdown or LaTeX.

The explanation is first laid out as a short list of neutral blocks (headings,
sentences, equations, payoff tables); each format then renders the same blocks,
so a handout says exactly what the terminal says.

The package, one job per module: :mod:`.blocks` (the block types and the text of
numbers in them), :mod:`.layout` (an explanation as blocks), :mod:`.console`,
:mod:`.markdown` and :mod:`.latex` (the renderers), :mod:`.exercises` (exercise
sheets and solutions, with the game or conflict of each).

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

from stability.present.explain.blocks import (
    Block,
    Cell,
    Formula,
    Grid,
    Heading,
    Sentence,
    payoff_grid,
)
from stability.present.explain.console import explanation_renderable
from stability.present.explain.exercises import (
    answer_text,
    conflict_markdown,
    exercises_markdown,
    game_markdown,
    solutions_markdown,
)
from stability.present.explain.latex import blocks_latex, explanation_latex, latex_escape
from stability.present.explain.layout import condition_text, explanation_blocks
from stability.present.explain.markdown import blocks_markdown, explanation_markdown

__all__ = [
    "Block",
    "Cell",
    "Formula",
    "Grid",
    "Heading",
    "Sentence",
    "answer_text",
    "blocks_latex",
    "blocks_markdown",
    "condition_text",
    "conflict_markdown",
    "exercises_markdown",
    "explanation_blocks",
    "explanation_latex",
    "explanation_markdown",
    "explanation_renderable",
    "game_markdown",
    "latex_escape",
    "payoff_grid",
    "solutions_markdown",
]
