"""Exact integer simplex dictionaries: Bareiss exchange pivots and ratio tests.

The exact half of :mod:`stability.solvers.polytope`: a dictionary is held as
``det * T`` with integer entries (minors of the starting tableau), so no
fraction is ever formed.

>>> start = start_dictionary(np.array([[2, 1], [1, 3]], dtype=object))
>>> start.tolist()
[[2, 1, 1], [1, 3, 1]]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt


def start_dictionary(matrix: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``[matrix | 1]`` as Python integers: the dictionary of the all-slack basis.

    A dictionary holds the cobasic columns and the right-hand side of the simplex
    tableau (``x_B + T x_N = rhs``); the basic columns are unit vectors and left out.
    """
    n_rows = matrix.shape[0]
    tableau = np.empty((n_rows, matrix.shape[1] + 1), dtype=object)
    for i in range(n_rows):
        tableau[i, :] = [int(v) for v in matrix[i]] + [1]
    return tableau


def exchange_pivot(tableau: npt.NDArray[Any], det: Any, row: int, column: int) -> npt.NDArray[Any]:
    """Integer exchange pivot on a dictionary held as ``det * T``: the basic variable
    of ``row`` and the cobasic variable of ``column`` trade places. Every entry stays
    an integer (a minor of the starting tableau, Bareiss); the new ``det`` is the
    pivot entry ``tableau[row, column]``.

    >>> start = start_dictionary(np.array([[2, 1], [1, 3]], dtype=object))
    >>> exchange_pivot(start, 1, 0, 0).tolist()
    [[1, 1, 1], [-1, 5, 1]]
    """
    pivot = tableau[row, column]
    updated: npt.NDArray[Any] = (
        pivot * tableau - np.outer(tableau[:, column], tableau[row, :])
    ) // det
    updated[row, :] = tableau[row, :]
    updated[:, column] = -tableau[:, column]
    updated[row, column] = det
    return updated


def exact_dictionary(
    start: npt.NDArray[Any], basis: Sequence[int]
) -> tuple[npt.NDArray[Any], int, list[int]]:
    """The integer dictionary ``det * T`` of a basis, row ``i`` for ``basis[i]``, with
    ``det = |det B|`` (so the signs are those of ``T``) and the cobasic variable of
    each column.

    >>> start = start_dictionary(np.array([[2, 1], [1, 3]], dtype=object))
    >>> tableau, det, cobasic = exact_dictionary(start, (0, 1))
    >>> det, [int(v) for v in tableau[:, -1]], cobasic
    (5, [2, 1], [2, 3])
    """
    tableau, det = start, 1
    n_rows, n_vars = start.shape[0], start.shape[1] - 1
    in_row = list(range(n_vars, n_vars + n_rows))  # the variable basic in each row
    cobasic = list(range(n_vars))
    wanted = set(basis)
    for var in basis:
        if var in in_row:
            continue
        column = cobasic.index(var)
        row = next(r for r in range(n_rows) if in_row[r] not in wanted and tableau[r, column])
        tableau, det = exchange_pivot(tableau, det, row, column), tableau[row, column]
        cobasic[column], in_row[row] = in_row[row], var
    if det < 0:
        tableau, det = -tableau, -det
    order = [in_row.index(var) for var in basis]
    reordered: npt.NDArray[Any] = tableau[order, :]
    return reordered, int(det), cobasic


def ratio_test_rows(column: npt.NDArray[Any], rhs: npt.NDArray[Any]) -> list[int]:
    """Rows attaining the minimum ratio ``rhs / column`` over positive entries, exactly."""
    best: list[int] = []
    best_rhs = 0
    best_col = 1
    for row in range(len(column)):
        entry = column[row]
        if entry <= 0:
            continue
        value = rhs[row]
        if not best:
            best, best_rhs, best_col = [row], value, entry
            continue
        left = value * best_col  # compare value / entry with best_rhs / best_col
        right = best_rhs * entry
        if left < right:
            best, best_rhs, best_col = [row], value, entry
        elif left == right:
            best.append(row)
    return best



def lex_ratio_row(
    tableau: npt.NDArray[Any],
    position: int,
    basis: Sequence[int],
    cobasic: Sequence[int],
    n_vars: int,
    det: int,
) -> int | None:
    """The leaving row of the lexicographic ratio test (``None``: no positive entry).

    The right-hand side is perturbed to ``1 + (e, e^2, ...)`` (slack ``k`` gets
    ``e^(k+1)``), which makes the polytope simple: every vertex is still reached,
    but each entering column has one leaving row, so a degenerate vertex is visited
    through far fewer bases (Avis and Fukuda's lexicographic rule, as in lrs). The
    tie-breaking columns are those of the basis inverse: slack ``k``'s column of the
    dictionary when it is cobasic, a unit vector (``det`` in row ``r``) when it is
    basic in row ``r``.

    Both rows of ``[[1, 1], [1, 1]]`` tie at ratio 1; slack 0 (basic in row 0)
    breaks the tie in favour of row 1:

    >>> start = start_dictionary(np.array([[1, 1], [1, 1]], dtype=object))
    >>> lex_ratio_row(start, 0, (2, 3), [0, 1], 2, 1)
    1
    """
    column = tableau[:, position]
    rows = ratio_test_rows(column, tableau[:, -1])
    if len(rows) <= 1:
        return rows[0] if rows else None
    where = {var: k for k, var in enumerate(cobasic)}
    basic_row = {var: r for r, var in enumerate(basis)}
    entries = {r: int(column[r]) for r in rows}  # positive
    for slack in range(n_vars, n_vars + tableau.shape[0]):
        if slack in where:
            values = {r: int(tableau[r, where[slack]]) for r in rows}
        else:
            unit = basic_row[slack]
            values = {r: det if r == unit else 0 for r in rows}
        # keep the rows whose value / entry is least (cross-multiplied: entries > 0)
        best = rows[0]
        kept = [best]
        for r in rows[1:]:
            left, right = values[r] * entries[best], values[best] * entries[r]
            if left < right:
                best, kept = r, [r]
            elif left == right:
                kept.append(r)
        rows = kept
        if len(rows) == 1:
            return rows[0]
    raise AssertionError("the lexicographic ratio test left a tie (singular basis)")
