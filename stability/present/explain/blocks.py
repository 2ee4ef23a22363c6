"""The neutral blocks an explanation is laid out in (headings, sentences, equations,
payoff tables), and the text of the numbers and expressions inside them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from stability.model.game import Game
from stability.model.symbolic import as_sympy

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


def expression_text(expression: Any) -> str:
    """``2·threat - alienation``: a sympy expression as plain text."""
    text = str(sp.sstr(as_sympy(expression), order="none"))
    return text.replace("**", "^").replace("*", "·")


def latex_math(expression: Any) -> str:
    return str(sp.latex(as_sympy(expression), order="none"))


def latex_number(value: Fraction) -> str:
    return latex_math(sp.Rational(value.numerator, value.denominator))


def profile_names(game: Game, profile: Sequence[int]) -> str:
    return "(" + ", ".join(game.strategies[i][s] for i, s in enumerate(profile)) + ")"


def payoff_grid(game: Game, cell: Callable[[tuple[int, ...]], str | Cell]) -> Grid:
    """A game's payoff table: a bimatrix for two players, else one row per profile;
    ``cell(profile)`` writes the payoffs of one profile."""
    if game.n_players == 2:
        headers = (f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1])
        rows: tuple[tuple[str | Cell, ...], ...] = tuple(
            (name, *(cell((r, c)) for c in range(game.shape[1])))
            for r, name in enumerate(game.strategies[0])
        )
    else:
        headers = (*game.players, "payoffs")
        rows = tuple(
            (
                *(game.strategies[i][s] for i, s in enumerate(p)),
                cell(tuple(int(s) for s in p)),
            )
            for p in game.profiles()
        )
    return Grid(headers, rows, caption=f"Payoffs ({', '.join(game.players)})")
