"""One game written as a scenario file (TOML), so it can be edited and extended.

Each player becomes an ``[[actors]]`` entry and the game one ``[[games]]`` entry
with a single layer whose ``payoffs[s1][s2]...[sN]`` is the list of the players'
payoffs. Exact values are integers or strings such as ``"3/2"``. Read it back
with ``stability.io.read_game`` (through the scenario loader).

>>> from stability.model.game import Game
>>> game = Game.from_payoffs([[[1, "1/2"]], [[0, -2]]], players=["A", 'B "b"'],
...                          strategies=[["x"], ["y", "z"]], title="tiny")
>>> print(write_game_toml(game))  # doctest: +NORMALIZE_WHITESPACE
title = "tiny"
description = "A strategic-form game with 2 players (written by stability convert)."
<BLANKLINE>
[[actors]]
name = "A"
strategies = ["x"]
<BLANKLINE>
[[actors]]
name = "B \\"b\\""
strategies = ["y", "z"]
<BLANKLINE>
[[games]]
name = "tiny"
players = ["A", "B \\"b\\""]
<BLANKLINE>
[[games.layers]]
name = "Payoffs"
payoffs = [
  [[1, 0], ["1/2", -2]],
]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from stability.errors import InputError
from stability.model.exact import format_fraction
from stability.model.game import Game

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(text: str) -> str:
    r"""``text`` as a TOML basic string.

    >>> print(toml_string('a "b"\\c\n'))
    "a \"b\"\\c\n"
    """
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return '"' + format_fraction(value) + '"'


def _nested(node: Any, depth: int) -> str:
    """``depth`` levels of strategies above the leaves (each leaf a list of payoffs)."""
    if depth == 0:
        return "[" + ", ".join(node) + "]"
    return "[" + ", ".join(_nested(child, depth - 1) for child in node) + "]"


def write_game_toml(game: Game) -> str:
    """``game`` as a scenario file with one actor per player and one game."""
    n = game.n_players
    if n < 2:
        raise InputError(
            f"a scenario game needs at least two players; {game.title or 'this game'!r} has one"
        )
    for i, player in enumerate(game.players):
        labels = [("player", player)] + [("strategy", s) for s in game.strategies[i]]
        for what, label in labels:
            if not label.strip():
                raise InputError(
                    f"cannot be written as a scenario: {what} {label!r} of player {i + 1} is "
                    "blank, and scenario names must not be; rename it first",
                    item=f"{what} {label!r}",
                )
    exact = [game.exact_payoffs(i) for i in range(n)]
    cells = np.empty(game.shape, dtype=object)
    for profile in np.ndindex(*game.shape):
        cells[profile] = [_value(exact[i].item(profile)) for i in range(n)]
    players = "[" + ", ".join(toml_string(p) for p in game.players) + "]"
    name = game.title if game.title.strip() and game.title != "joint" else "Game"
    # an untitled game stays untitled: the reader names it after the file
    lines = [f"title = {toml_string(game.title)}"] if game.title.strip() else []
    lines += [
        "description = "
        + toml_string(f"A strategic-form game with {n} players (written by stability convert)."),
        "",
    ]
    for player, strategies in zip(game.players, game.strategies, strict=True):
        lines.append("[[actors]]")
        lines.append(f"name = {toml_string(player)}")
        lines.append("strategies = [" + ", ".join(toml_string(s) for s in strategies) + "]")
        lines.append("")
    lines += ["[[games]]", f"name = {toml_string(name)}", f"players = {players}", ""]
    lines += ["[[games.layers]]", 'name = "Payoffs"', "payoffs = ["]
    for row in cells.tolist():
        # one line per strategy of the first player
        lines.append("  " + _nested(row, n - 1) + ",")
    lines.append("]")
    return "\n".join(lines) + "\n"
