"""The games of a scenario as payoff matrices: rich tables and the analyze JSON.

Each two-actor game becomes one table: rows are the first actor's strategies,
columns the second's, one section per layer and a last section for the total.
Each cell has one line per player, ``label: expression = value`` (just the value
when the expression is a number), so that a cell never needs more than one
payoff's width and the table reads at 80 columns. A game of three or more actors is
listed by profile instead (only the profiles where some payoff is not zero).

>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.pair_matrices import game_matrices
>>> allies = read_scenario("games/two-allies.toml")
>>> document = matrices_json(game_matrices(allies, allies.games[0]))
>>> document["payoffs"]["expressions"][0][0], document["payoffs"]["values"][0][0]
(['threat - dispute', 'threat - dispute'], ['2', '2'])
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stability.analysis.pair_matrices import GameMatrices, PayoffMatrix
from stability.model.exact import format_fraction


def _payoff_line(expression: str, value: Fraction) -> str:
    shown = format_fraction(value)
    if expression == shown:
        return shown
    return f"{expression} = {shown}"


def _cell_text(matrix: PayoffMatrix, profile: tuple[int, ...], labels: Sequence[str]) -> Text:
    expressions, values = matrix.cell(profile)
    text = Text()
    for position, (label, e, v) in enumerate(zip(labels, expressions, values, strict=True)):
        if position:
            text.append("\n")
        text.append(f"{label}: ", style="dim")
        text.append(_payoff_line(e, v))
    return text


def _weight_note(matrix: PayoffMatrix) -> str:
    return "" if matrix.weight == "1" else f" (weight {matrix.weight})"


def _two_player_table(matrices: GameMatrices, labels: Sequence[str]) -> Table:
    rows, columns = matrices.strategies
    table = Table(
        title=(
            f"{matrices.name}: rows {labels[0]}, columns {labels[1]}; "
            "each payoff as expression = value here"
        ),
        title_justify="left",
        show_lines=False,
        expand=True,
    )
    # the strategy column stays narrow (layer titles wrap in it); the cells share the rest
    table.add_column(f"{labels[0]} \\ {labels[1]}", overflow="fold", min_width=8, max_width=18)
    for name in columns:
        table.add_column(name, overflow="fold", min_width=10, ratio=1)
    for position, matrix in enumerate((*matrices.layers, matrices.total)):
        if position:
            table.add_section()
        title = "Total" if matrix is matrices.total else matrix.name + _weight_note(matrix)
        table.add_row(Text(title, style="bold"), *("" for _ in columns))
        for r, row_name in enumerate(rows):
            table.add_row(
                Text(row_name),
                *(_cell_text(matrix, (r, c), labels) for c in range(len(columns))),
            )
    return table


def _many_player_table(matrices: GameMatrices, labels: Sequence[str]) -> Table:
    table = Table(
        title=f"{matrices.name}: the profiles where some payoff is not zero (all others: 0)",
        title_justify="left",
        show_lines=True,
    )
    table.add_column("layer", overflow="fold")
    table.add_column("profile", overflow="fold")
    table.add_column("payoffs", overflow="fold")
    for matrix in (*matrices.layers, matrices.total):
        title = "Total" if matrix is matrices.total else matrix.name + _weight_note(matrix)
        for profile in matrices.profiles:
            expressions, values = matrix.cell(profile)
            if all(v == 0 for v in values) and all(e == "0" for e in expressions):
                continue
            table.add_row(
                Text(title),
                Text(
                    "\n".join(
                        f"{label}: {names[i]}"
                        for label, names, i in zip(
                            labels, matrices.strategies, profile, strict=True
                        )
                    )
                ),
                Text(
                    "\n".join(
                        f"{label}: {_payoff_line(e, v)}"
                        for label, e, v in zip(labels, expressions, values, strict=True)
                        if not (v == 0 and e == "0")
                    )
                ),
            )
    return table


def render_game_matrices(
    matrices: GameMatrices, labels: Sequence[str], equilibria: Sequence[str] = ()
) -> RenderableType:
    """One game as a table of matrices, followed by its equilibria (when given).

    ``labels`` are the players' short labels, in the game's order.
    """
    if len(matrices.players) == 2:
        table = _two_player_table(matrices, labels)
    else:
        table = _many_player_table(matrices, labels)
    if not equilibria:
        return table
    text = Text(f"Equilibria of {matrices.name} on its own: ", style="dim")
    text.append("; ".join(equilibria))
    return Group(table, text)


def _strings(cells: Any, leaf: Any) -> Any:
    if isinstance(cells, tuple) and cells and isinstance(cells[0], tuple):
        return [_strings(c, leaf) for c in cells]
    return [leaf(c) for c in cells]


def matrix_json(matrix: PayoffMatrix) -> dict[str, Any]:
    """``{"expressions": nested lists of text, "values": nested lists of exact strings}``."""
    return {
        "expressions": _strings(matrix.expressions, str),
        "values": _strings(matrix.values, format_fraction),
    }


def matrices_json(matrices: GameMatrices) -> dict[str, Any]:
    """A game's matrices for the analyze JSON: each layer's and the total's payoffs."""
    return {
        "strategies": [list(s) for s in matrices.strategies],
        "layers": [
            {"name": m.name, "weight": m.weight, "payoffs": matrix_json(m)}
            for m in matrices.layers
        ],
        "payoffs": matrix_json(matrices.total),
    }
