"""Lemke-Howson in floating point, each path's end rebuilt and checked exactly.

The two best-response polytopes (von Stengel 2002, *Handbook of Game Theory* 3,
ch. 45)

    P = {x >= 0 : B'^T x <= 1}        Q = {y >= 0 : A' y <= 1}

(``A'``, ``B'`` the payoffs shifted to positive integers) are held as dense numpy
tableaux whose variables are numbered by their labels: in P, ``x_i`` is label
``i`` and the slack of column ``j`` is label ``m + j``; in Q, the slack of row
``i`` is label ``i`` and ``y_j`` is label ``m + j``. A path drops one label at the
origin and pivots, alternately in P and Q, until that label is picked up again;
ties of the ratio test are broken lexicographically (the basis inverse's
columns), so degenerate games do not cycle. A pivot costs one rank-one update of
the tableau (numpy), so a 1000x1000 game takes milliseconds a pivot.

The floats only choose the bases. The end of a path is rebuilt exactly from its
bases (:func:`~stability.solvers.polytope.vertex_weights`: integer Bareiss on the
support) and reported only when integer arithmetic confirms that each player
plays only best responses.

>>> from stability.model.game import Game
>>> sexes = Game.from_payoffs([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
>>> [[[str(p) for p in s] for s in e.exact] for e in lemke_howson(sexes).equilibria]
[[['0', '1'], ['0', '1']], [['1', '0'], ['1', '0']]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import InputError, TooLargeError
from stability.model.game import Game
from stability.solvers.budget import Budget
from stability.solvers.polytope import vertex_weights
from stability.solvers.result import Equilibrium, SolveResult

FloatArray = npt.NDArray[np.float64]

#: Tableau entries updated over all paths (pivots x rows x columns) without a
#: time limit: about ten seconds here (bench: ``benchmarks/bench_limits.py``).
#: Paths from further dropped labels are left out beyond it, and a note says so.
MAX_WORK = 6_000_000_000
#: Pivots of one path, as a multiple of the number of labels (a float path that
#: cycles is abandoned).
PIVOTS_PER_LABEL = 20
#: Relative tolerance of the float ratio test (only chooses bases: the answer is
#: checked exactly).
_TOLERANCE = 1e-9


class _Tableau:
    """A dense tableau ``[M | I | 1]`` (or ``[I | M | 1]``) with columns numbered by label."""

    def __init__(self, matrix: FloatArray, first_structural: bool) -> None:
        rows, columns = matrix.shape
        width = rows + columns
        self.table = np.zeros((rows, width + 1))
        if first_structural:  # P: x (labels 0..m-1) then the slacks
            self.table[:, :columns] = matrix
            self.table[:, columns:width] = np.eye(rows)
            self.basis = list(range(columns, width))
        else:  # Q: the slacks (labels 0..m-1) then y
            self.table[:, :rows] = np.eye(rows)
            self.table[:, rows:width] = matrix
            self.basis = list(range(rows))
        self.table[:, -1] = 1.0
        self.slacks = list(self.basis)  # the columns of the basis inverse

    def pivot_in(self, entering: int) -> int:
        """Bring ``entering`` into the basis (lexicographic ratio test); return the leaver."""
        table = self.table
        column = table[:, entering]
        positive = np.flatnonzero(column > _TOLERANCE)
        if not len(positive):
            raise ArithmeticError("unbounded ratio test (the float tableau lost accuracy)")
        ratios = table[positive, -1] / column[positive]
        low = ratios.min()
        rows = positive[ratios <= low + _TOLERANCE * max(1.0, abs(low))]
        for slack in self.slacks:
            if len(rows) == 1:
                break
            values = table[rows, slack] / column[rows]
            least = values.min()
            rows = rows[values <= least + _TOLERANCE * max(1.0, abs(least))]
        row = int(rows[0])
        pivot_row = table[row] / table[row, entering]
        table -= np.outer(column, pivot_row)
        table[row] = pivot_row
        leaving = self.basis[row]
        self.basis[row] = entering
        return leaving


def _shifted(table: npt.NDArray[Any]) -> npt.NDArray[Any]:
    values = table.astype(object)
    low = min(int(v) for v in values.ravel())
    shifted: npt.NDArray[Any] = values - low + 1
    return shifted


def _path(
    p_float: FloatArray,
    q_float: FloatArray,
    dropped: int,
    max_pivots: int,
    stop: Callable[[], bool] | None = None,
) -> tuple[list[int], list[int], int] | None:
    """The bases of P and Q where the path that drops ``dropped`` ends, and its pivots
    (``None`` after ``max_pivots``, or once ``stop()`` says so)."""
    m = p_float.shape[1]
    p = _Tableau(p_float, first_structural=True)
    q = _Tableau(q_float, first_structural=False)
    tableau, other = (p, q) if dropped < m else (q, p)
    entering = dropped
    for pivots in range(1, max_pivots + 1):
        leaving = tableau.pivot_in(entering)
        if leaving == dropped:
            return p.basis, q.basis, pivots
        if stop is not None and pivots % 16 == 0 and stop():
            return None
        entering = leaving
        tableau, other = other, tableau
    return None


def _confirmed(
    game: Game,
    a: npt.NDArray[Any],
    b: npt.NDArray[Any],
    x: Sequence[int],
    y: Sequence[int],
) -> Equilibrium | None:
    """The equilibrium of integer weights ``x``, ``y`` if each plays only best
    responses (checked exactly, on the supports), else ``None``."""
    if any(w < 0 for w in (*x, *y)) or not sum(x) or not sum(y):
        return None
    rows = [i for i, w in enumerate(x) if w]
    columns = [j for j, w in enumerate(y) if w]
    x_support = np.array([x[i] for i in rows], dtype=object)
    y_support = np.array([y[j] for j in columns], dtype=object)
    row_values = a[:, columns].dot(y_support)  # proportional to each row's payoff
    column_values = x_support.dot(b[rows, :])
    best_row, best_column = max(row_values), max(column_values)
    if any(row_values[i] != best_row for i in rows):
        return None
    if any(column_values[j] != best_column for j in columns):
        return None
    total_x, total_y = sum(x), sum(y)
    denominators = game.denominators
    payoffs = (
        Fraction(int(best_row), total_y * denominators[0]),
        Fraction(int(best_column), total_x * denominators[1]),
    )
    profile = (
        tuple(Fraction(w, total_x) for w in x),
        tuple(Fraction(w, total_y) for w in y),
    )
    return Equilibrium(
        profile=tuple(tuple(float(v) for v in s) for s in profile),
        payoffs=tuple(float(v) for v in payoffs),
        pure=len(rows) == 1 and len(columns) == 1,
        exact=profile,
        exact_payoffs=payoffs,
    )


def lemke_howson(
    game: Game, *, budget: Budget | None = None, max_work: int = MAX_WORK
) -> SolveResult:
    """Equilibria at the ends of the Lemke-Howson paths from each dropped label.

    Without a time limit the paths run while their work (pivots x tableau entries)
    stays within ``max_work``; with a ``budget`` that has a deadline they run until
    the deadline. Every reported equilibrium is checked exactly; duplicates are
    removed.

    >>> from stability.model.game import Game
    >>> pennies = Game.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> [e.exact for e in lemke_howson(pennies).equilibria]
    [((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))]
    """
    if game.n_players != 2:
        raise InputError(
            f"method 'lemke-howson' needs a two-player game; this game has "
            f"{game.n_players} players"
        )
    m, n = game.shape
    a, b = (np.asarray(t, dtype=object) for t in game.numerators)
    a_shifted, b_shifted = _shifted(a), _shifted(b)
    q_float = a_shifted.astype(np.float64)
    p_float = b_shifted.T.astype(np.float64)
    timed = budget is not None and budget.deadline is not None
    labels = m + n
    max_pivots = PIVOTS_PER_LABEL * labels + 10
    entries_per_pivot = (m + n) * max(m, n)
    found: dict[Any, Equilibrium] = {}
    unconfirmed = 0
    work = 0
    run = 0
    for dropped in range(labels):
        if budget is not None and budget.tick(dropped, labels):
            break  # the time limit
        if not timed and dropped and work > max_work:
            break
        run += 1
        pivots_left = max_pivots
        if not timed:  # the work bound also ends a long path
            pivots_left = min(max_pivots, max(1, (max_work - work) // entries_per_pivot))
        stop = budget.expired if timed and budget is not None else None
        try:
            end = _path(p_float, q_float, dropped, pivots_left, stop)
        except ArithmeticError:
            end = None
        if end is None:
            work += pivots_left * entries_per_pivot
            if (timed and budget is not None and budget.expired()) or work >= max_work:
                run -= 1  # not followed to its end
                break
            unconfirmed += 1
            continue
        p_basis, q_basis, pivots = end
        work += pivots * entries_per_pivot
        x = vertex_weights(p_float_exact(b_shifted), p_basis)
        y_full = vertex_weights(a_shifted, _q_as_standard(q_basis, m, n))
        equilibrium = _confirmed(game, a, b, x, y_full)
        if equilibrium is None:
            unconfirmed += 1
            continue
        found.setdefault(equilibrium.exact, equilibrium)
    notes = []
    if unconfirmed:
        notes.append(
            f"{unconfirmed} of {run} Lemke-Howson paths gave no exactly confirmed "
            "equilibrium (the float path cycled or lost accuracy)"
        )
    complete = True
    if run < labels:
        if timed:
            complete = False
            notes.append(
                f"stopped by the time limit after the paths from {run} of the "
                f"{labels} dropped labels"
            )
        else:
            notes.append(
                f"paths from {run} of the {labels} dropped labels were followed (the "
                f"work bound, {max_work:,} tableau updates, about ten seconds); give "
                "--time-limit to follow more"
            )
    if not found:
        # a pure equilibrium, if there is one, costs one pass over the tables
        pure = _first_pure_equilibrium(a, b)
        if pure is not None:
            equilibrium = Equilibrium.from_pure(game, pure)
            found[equilibrium.exact] = equilibrium
            notes.append(
                "no Lemke-Howson path ended within the bound: the equilibrium shown is "
                "the first pure equilibrium (a check of every pure profile)"
            )
    if not found and (not timed or run == labels):
        # every game has an equilibrium: never report none because the floats failed
        from stability.solvers.enummixed import enumerate_extreme_equilibria

        try:
            fallback = enumerate_extreme_equilibria(game, budget=budget).equilibria
        except TooLargeError:
            fallback = ()
        if fallback:
            found[fallback[0].exact] = fallback[0]
            notes.append("the equilibrium shown comes from exact enumeration (method 'all')")
    equilibria = tuple(sorted(found.values(), key=lambda e: e.exact or ()))
    return SolveResult(
        game=game, method="lemke-howson", equilibria=equilibria, notes=tuple(notes),
        complete=complete,
    )  # fmt: skip


def _first_pure_equilibrium(
    a: npt.NDArray[Any], b: npt.NDArray[Any]
) -> tuple[int, int] | None:
    """The first pure equilibrium (row-major order) of the bimatrix ``(a, b)``, if any.

    >>> _first_pure_equilibrium(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]))
    (1, 1)
    """
    best = (a == a.max(axis=0, keepdims=True)) & (b == b.max(axis=1, keepdims=True))
    hits = np.argwhere(best)
    return (int(hits[0][0]), int(hits[0][1])) if len(hits) else None


def p_float_exact(b_shifted: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """P's constraint matrix ``B'^T`` (exact integers)."""
    transposed: npt.NDArray[Any] = b_shifted.T
    return transposed


def _q_as_standard(basis: Sequence[int], m: int, n: int) -> list[int]:
    """Q's basis (labels: row slacks ``0..m-1``, ``y`` ``m..m+n-1``) renumbered as
    :func:`vertex_weights` numbers variables (``y`` first, then the row slacks)."""
    return [label - m if label >= m else n + label for label in basis]
