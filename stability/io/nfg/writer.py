"""Writing Gambit ``.nfg`` text: quoting, both variants, and Gambit's label limits.

>>> from stability.io.nfg import parse_nfg
>>> pd = parse_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 } 3 3 5 0 0 5 1 1', "pd.nfg")
>>> write_nfg(pd).splitlines()[-1]
'1 1'
"""

from __future__ import annotations

import re
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from stability.model.exact import format_fraction
from stability.model.game import Game

Variant = Literal["payoff", "outcome"]


def quote(text: str) -> str:
    r"""``text`` as an .nfg string, readable by Gambit and by :func:`parse_nfg`.

    Quotes are escaped as ``\"``; a backslash is doubled only where Gambit's own
    reader would otherwise misread it (before a quote, a backslash or the end).

    >>> print(quote('say "hi"'), quote("a\\b"))
    "say \"hi\"" "a\b"
    """
    out = []
    for k, char in enumerate(text):
        if char == '"':
            out.append('\\"')
        elif char == "\\" and (k + 1 == len(text) or text[k + 1] in '"\\'):
            out.append("\\\\")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _stacked(game: Game) -> tuple[npt.NDArray[Any], bool]:
    """Payoffs as rows of profiles (first player fastest), and whether all are integers."""
    if all(d == 1 for d in game.denominators) and all(t.dtype != object for t in game.numerators):
        columns = [t.ravel(order="F") for t in game.numerators]
        return np.stack(columns, axis=1), True
    columns = []
    for i in range(game.n_players):
        exact = game.exact_payoffs(i).ravel(order="F")
        columns.append(np.array([format_fraction(v) for v in exact], dtype=object))
    return np.stack(columns, axis=1), False


def _rows(table: npt.NDArray[Any], integers: bool) -> list[str]:
    strings = table.astype(str) if integers else table
    return [" ".join(row) for row in strings.tolist()]


def write_nfg(game: Game, *, variant: Variant = "payoff", comment: str = "") -> str:
    """The .nfg text of ``game`` (``variant`` "payoff" or "outcome"), read back identically.

    >>> from stability.io.nfg import parse_nfg
    >>> pd = parse_nfg('NFG 1 R "" { "A" "B" } { 2 1 } 1 2 3 4', "x")
    >>> print(write_nfg(pd, variant="outcome"))  # doctest: +NORMALIZE_WHITESPACE
    NFG 1 R "" { "A" "B" }
    { { "1" "2" }
    { "1" }
    }
    ""
    <BLANKLINE>
    {
    { "" 1, 2 }
    { "" 3, 4 }
    }
    1 2
    """
    lines = [f"NFG 1 R {quote(game.title)} {{ {' '.join(quote(p) for p in game.players)} }}"]
    for k, names in enumerate(game.strategies):
        prefix = "{ " if k == 0 else ""
        lines.append(prefix + "{ " + " ".join(quote(s) for s in names) + " }")
    lines.append("}")
    lines.append(quote(comment))
    lines.append("")
    table, integers = _stacked(game)
    if variant == "payoff":
        lines.extend(_rows(table, integers))
    elif variant == "outcome":
        rows = _rows(table, integers)
        numbers: dict[str, int] = {}
        indices = [numbers.setdefault(row, len(numbers) + 1) for row in rows]
        lines.append("{")
        lines.extend(f'{{ "" {row.replace(" ", ", ")} }}' for row in numbers)
        lines.append("}")
        lines.extend(" ".join(map(str, indices[k : k + 20])) for k in range(0, len(indices), 20))
    else:
        raise ValueError(f"unknown .nfg variant {variant!r} (expected 'payoff' or 'outcome')")
    return "\n".join(lines) + "\n"


_GAMBIT_LABEL = re.compile(r"[!-~]+(?: [!-~]+)*")


def gambit_label_problems(game: Game) -> list[str]:
    """Names that Gambit 16.7's reader refuses or reads differently (empty list: none).

    Gambit accepts player and strategy labels of printable ASCII with single inner
    spaces only, and misreads a backslash next to a quote, a backslash or the end.

    >>> gambit_label_problems(Game.from_integers([[1]], players=["Ana María"]))
    ["player 'Ana María': Gambit accepts only printable ASCII with single spaces"]
    """
    problems = []
    labels = [(f"player {p!r}", p) for p in game.players] + [
        (f"strategy {s!r} of {p!r}", s)
        for p, names in zip(game.players, game.strategies, strict=True)
        for s in names
    ]
    for what, label in labels:
        if not _GAMBIT_LABEL.fullmatch(label):
            problems.append(f"{what}: Gambit accepts only printable ASCII with single spaces")
        elif re.search(r'\\(?=["\\]|$)', label):
            problems.append(f"{what}: Gambit misreads a backslash before a quote or at the end")
    return problems
