"""An exact linear programme: two-phase simplex over fractions with Bland's rule.

sympy's simplex can cycle on degenerate programmes ("Oscillating system led to an
invalid solution"); Bland's rule never cycles, so this always terminates, and every
value is an exact :class:`~fractions.Fraction`. Meant for the small programmes of
the model checker (tens of variables and rows).

>>> from fractions import Fraction as F
>>> # minimise -x - y subject to x + 2y <= 4, 3x + y <= 6, x, y >= 0
>>> optimum, point = minimise([F(-1), F(-1)], [[F(1), F(2)], [F(3), F(1)]], [F(4), F(6)])
>>> optimum, point
(Fraction(-14, 5), [Fraction(8, 5), Fraction(6, 5)])
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


class InfeasibleProgramme(ValueError):
    """No point satisfies the constraints."""


class UnboundedProgramme(ValueError):
    """The objective decreases without bound."""


def minimise(
    cost: Sequence[Fraction], rows: Sequence[Sequence[Fraction]], limits: Sequence[Fraction]
) -> tuple[Fraction, list[Fraction]]:
    """``min cost·y`` subject to ``rows·y <= limits`` and ``y >= 0``, exactly.

    Returns the optimum and an optimal ``y``; raises :class:`InfeasibleProgramme` or
    :class:`UnboundedProgramme`.

    >>> minimise([Fraction(1)], [[Fraction(-1)]], [Fraction(-2)])  # y >= 2
    (Fraction(2, 1), [Fraction(2, 1)])
    """
    m, n = len(rows), len(cost)
    negative = [i for i in range(m) if limits[i] < 0]
    width = n + m + len(negative)
    table: list[list[Fraction]] = []
    basis: list[int] = []
    for i in range(m):
        row = [Fraction(v) for v in rows[i]] + [Fraction(0)] * (m + len(negative)) + [
            Fraction(limits[i])
        ]
        row[n + i] = Fraction(1)
        if limits[i] < 0:
            row = [-v for v in row]
            column = n + m + negative.index(i)
            row[column] = Fraction(1)
            basis.append(column)
        else:
            basis.append(n + i)
        table.append(row)
    artificial = set(range(n + m, width))

    def pivot(r: int, column: int, reduced: list[Fraction] | None = None) -> None:
        head = table[r][column]
        row = [v / head for v in table[r]]
        table[r] = row
        support = [j for j, v in enumerate(row) if v]  # a zero entry changes nothing
        for i in range(m):
            factor = table[i][column]
            if i != r and factor:
                target = table[i]
                for j in support:
                    target[j] -= factor * row[j]
        if reduced is not None:  # the objective row, kept in step
            factor = reduced[column]
            if factor:
                for j in support:
                    reduced[j] -= factor * row[j]
        basis[r] = column

    def run(objective: list[Fraction], allowed: set[int]) -> None:
        # reduced costs c_j - sum_i c_basis(i) * table[i][j], updated by each pivot
        # (exact, so the same entering columns as recomputing them every time)
        reduced = [*objective, Fraction(0)]  # and the limits column
        for i in range(m):
            weight = objective[basis[i]]
            if weight:
                for j, v in enumerate(table[i]):
                    if v:
                        reduced[j] -= weight * v
        order = sorted(allowed)
        while True:
            entering = None
            for j in order:
                if j in basis:
                    continue
                if reduced[j] < 0:
                    entering = j
                    break
            if entering is None:
                return
            best: tuple[Fraction, int, int] | None = None
            for i in range(m):
                if table[i][entering] > 0:
                    key = (table[i][-1] / table[i][entering], basis[i], i)
                    if best is None or key < best:
                        best = key
            if best is None:
                raise UnboundedProgramme("the objective is unbounded below")
            pivot(best[2], entering, reduced)

    everything = set(range(width))
    if negative:
        run([Fraction(1) if j in artificial else Fraction(0) for j in range(width)], everything)
        if any(table[i][-1] != 0 for i in range(m) if basis[i] in artificial):
            raise InfeasibleProgramme("no point satisfies the constraints")
        for i in range(m):  # drive artificial variables at 0 out of the basis
            if basis[i] in artificial:
                entering = next(
                    (j for j in range(n + m) if table[i][j] != 0 and j not in basis), None
                )
                if entering is not None:
                    pivot(i, entering)
    objective = [Fraction(c) for c in cost] + [Fraction(0)] * (width - n)
    run(objective, everything - artificial)
    point = [Fraction(0)] * n
    for i, basic in enumerate(basis):
        if basic < n:
            point[basic] = table[i][-1]
    return sum((c * y for c, y in zip(cost, point, strict=True)), Fraction(0)), point
