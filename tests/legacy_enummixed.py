"""The previous implementation of method ``all``, kept as a test reference.

Exact Bareiss pivoting on every basis (no floating point at all): the new
certified-interval search in ``stability.solvers.polytope`` must give the same
equilibria, components and degeneracy on every game.

Every extreme equilibrium of a two-player game, exactly (method ``all``).

The algorithm is the one behind Gambit's ``enummixed`` (von Stengel 2002,
*Handbook of Game Theory* 3, ch. 45, section 3; Avis, Rosenberg, Savani and von
Stengel 2010, *Economic Theory* 42:9-37): shift both payoff tables to positive
integers, enumerate every vertex of the best-response polytopes

    P = {x >= 0 : B^T x <= 1}        Q = {y >= 0 : A y <= 1}

and pair the vertices ``x != 0``, ``y != 0`` whose label sets (the constraints
they make tight) cover every pure strategy of both players. The vertices are
found by a breadth-first search over feasible bases with exact integer
(Bareiss) pivoting, following every tie of the ratio test, so degenerate games
are handled too; maximal convex sets of equilibria are the maximal bicliques of
the graph of extreme equilibria (Winkels 1979; Avis et al. 2010).

>>> from stability.model.game import Game
>>> sexes = Game.from_payoffs([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
>>> result = enumerate_extreme_equilibria(sexes)
>>> [[[str(p) for p in s] for s in e.exact] for e in result.equilibria]
[[['0', '1'], ['0', '1']], [['2/3', '1/3'], ['1/3', '2/3']], [['1', '0'], ['1', '0']]]
>>> result.degenerate
False
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import InputError, TooLargeError
from stability.model.game import Game
from stability.solvers.regret import is_exact_equilibrium
from stability.solvers.result import Component, Equilibrium, SolveResult

#: Default cap on the feasible bases visited per polytope. Random 12x12 games
#: need a few thousand; highly degenerate games can need far more.
DEFAULT_MAX_BASES = 1_000_000

#: How often (in bases visited) the progress callback is called.
PROGRESS_EVERY = 2_000

#: Bareiss tableau entries are minors of the initial tableau; when their
#: Hadamard bound squared fits in int64 the pivots run on machine integers.
_INT64_LIMIT = 2**62

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Vertex:
    """A vertex of a best-response polytope.

    ``labels`` is the bitmask of its tight constraints (label ``k`` < m is the
    row player's strategy ``k``, label ``m + j`` the column player's strategy
    ``j``); ``weights`` are integers proportional to the polytope coordinates
    (their common positive denominator dropped), so ``weights / sum(weights)``
    is the mixed strategy.
    """

    labels: int
    weights: tuple[int, ...]

    def mixed_strategy(self) -> tuple[Fraction, ...]:
        """The vertex scaled to a probability vector."""
        total = sum(self.weights)
        return tuple(Fraction(w, total) for w in self.weights)


def _positive_integer_table(table: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``table - min + 1`` as Python ints: a positive affine change of payoffs."""
    values = table.astype(object)
    low = min(int(v) for v in values.ravel())
    shifted: npt.NDArray[Any] = values - low + 1
    return shifted


def _log_hadamard_bound(matrix: npt.NDArray[Any]) -> float:
    """The log of a bound on every minor of ``[matrix | I | 1]`` (product of the
    largest column norms); logs, because the bound itself may exceed any float."""
    rows = matrix.shape[0]
    logs = [0.5 * math.log(max(1, sum(int(v) ** 2 for v in column))) for column in matrix.T]
    logs += [0.0] * rows + [0.5 * math.log(rows)]
    logs.sort(reverse=True)
    return sum(logs[:rows])


def polytope_vertices(
    matrix: npt.NDArray[Any],
    variable_labels: Sequence[int],
    slack_labels: Sequence[int],
    *,
    max_bases: int = DEFAULT_MAX_BASES,
    progress: Progress | None = None,
    what: str = "polytope",
) -> list[Vertex]:
    """Every vertex of ``{z >= 0 : matrix @ z <= 1}`` for a positive integer ``matrix``.

    Breadth-first search over feasible bases from the origin; every pivot that
    keeps the basis feasible (every tie of the ratio test) is followed, so all
    vertices are reached also when the polytope is not simple. Vertices are
    deduplicated by their label sets.

    >>> square = np.array([[1, 0], [0, 1]], dtype=object) + 1
    >>> sorted(v.labels for v in polytope_vertices(square, [0, 1], [2, 3]))
    [3, 6, 9, 12]
    """
    n_rows, n_vars = matrix.shape
    width = n_vars + n_rows
    use_int64 = 2 * _log_hadamard_bound(matrix) < math.log(_INT64_LIMIT)
    dtype: Any = np.int64 if use_int64 else object
    tableau = np.zeros((n_rows, width + 1), dtype=dtype)
    tableau[:, :n_vars] = matrix
    tableau[:, n_vars:width] = np.eye(n_rows, dtype=np.int64)
    tableau[:, width] = 1
    labels = list(variable_labels) + list(slack_labels)
    label_bit = [1 << label for label in labels]

    start_basis = tuple(range(n_vars, width))
    seen = {_basis_key(start_basis)}
    queue: deque[tuple[tuple[int, ...], npt.NDArray[Any], int]] = deque([(start_basis, tableau, 1)])
    vertices: dict[int, Vertex] = {}
    visited = 0
    while queue:
        basis, tableau, det = queue.popleft()
        visited += 1
        if progress is not None and visited % PROGRESS_EVERY == 0:
            progress(visited)
        rhs = tableau[:, width]
        in_basis = set(basis)
        # the vertex: cobasic variables and zero basic variables are tight
        mask = 0
        for var in range(width):
            if var not in in_basis:
                mask |= label_bit[var]
        for row, var in enumerate(basis):
            if rhs[row] == 0:
                mask |= label_bit[var]
        if mask not in vertices:
            weights = [0] * n_vars
            for row, var in enumerate(basis):
                if var < n_vars:
                    weights[var] = int(rhs[row])
            vertices[mask] = Vertex(mask, tuple(weights))
        for column in range(width):
            if column in in_basis:
                continue
            for row in _ratio_test_rows(tableau[:, column], rhs):
                new_basis = basis[:row] + (column,) + basis[row + 1 :]
                key = _basis_key(new_basis)
                if key in seen:
                    continue
                seen.add(key)
                if len(seen) > max_bases:
                    raise TooLargeError(
                        f"the {what} has more than {max_bases:,} feasible bases; "
                        "enumerating every vertex would take too long (the game is "
                        "too large or too degenerate for method 'all'; try 'pure', "
                        "'support' or 'lemke-howson')"
                    )
                queue.append((new_basis, _pivot(tableau, det, row, column), tableau[row, column]))
    return list(vertices.values())


def _basis_key(basis: tuple[int, ...]) -> int:
    key = 0
    for var in basis:
        key |= 1 << var
    return key


def _ratio_test_rows(column: npt.NDArray[Any], rhs: npt.NDArray[Any]) -> list[int]:
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
        # compare value / entry with best_rhs / best_col without dividing
        left = value * best_col
        right = best_rhs * entry
        if left < right:
            best, best_rhs, best_col = [row], value, entry
        elif left == right:
            best.append(row)
    return best


def _pivot(tableau: npt.NDArray[Any], det: Any, row: int, column: int) -> npt.NDArray[Any]:
    """Bareiss integer pivot: every entry stays an integer (a minor of the start tableau)."""
    pivot = tableau[row, column]
    updated: npt.NDArray[Any] = (
        pivot * tableau - np.outer(tableau[:, column], tableau[row, :])
    ) // det
    updated[row, :] = tableau[row, :]
    return updated


def complementary_pairs(
    row_vertices: Sequence[Vertex], column_vertices: Sequence[Vertex], n_labels: int
) -> list[tuple[int, int]]:
    """Index pairs of vertices whose label sets together hold every label.

    >>> complementary_pairs([Vertex(0b0101, (1,))], [Vertex(0b1010, (1,))], 4)
    [(0, 0)]
    """
    if not row_vertices or not column_vertices:
        return []
    full = (1 << n_labels) - 1
    dtype: Any = np.int64 if n_labels < 63 else object
    rows = np.array([v.labels for v in row_vertices], dtype=dtype)
    columns = np.array([v.labels for v in column_vertices], dtype=dtype)
    pairs: list[tuple[int, int]] = []
    chunk = max(1, 4_000_000 // len(columns))
    for start in range(0, len(rows), chunk):
        block = rows[start : start + chunk, None] | columns[None, :]
        hits = np.argwhere(block == full)
        pairs.extend((start + int(i), int(j)) for i, j in hits)
    return pairs


def maximal_bicliques(edges: Sequence[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Maximal complete bipartite subgraphs of a bipartite graph given by its edges.

    Each is a pair of sorted left and right vertex lists: the maximal Nash
    subsets when the edges are the extreme equilibria (Winkels 1979).

    >>> maximal_bicliques([(0, 0), (0, 1), (1, 1)])
    [([0], [0, 1]), ([0, 1], [1])]
    """
    neighbours: dict[int, int] = {}
    for left, right in edges:
        neighbours[left] = neighbours.get(left, 0) | (1 << right)
    # closed right-hand sets are the nonempty intersections of neighbourhoods
    closed: set[int] = set()
    for mask in neighbours.values():
        new = {mask}
        for existing in closed:
            common = existing & mask
            if common:
                new.add(common)
        closed |= new
    out: list[tuple[list[int], list[int]]] = []
    for right_mask in closed:
        left_side = [v for v, mask in neighbours.items() if mask & right_mask == right_mask]
        right_side = [j for j in range(right_mask.bit_length()) if right_mask >> j & 1]
        out.append((sorted(left_side), right_side))
    out.sort()
    return out


def enumerate_extreme_equilibria(
    game: Game,
    *,
    max_bases: int = DEFAULT_MAX_BASES,
    progress: Progress | None = None,
) -> SolveResult:
    """Every extreme equilibrium of a two-player game, in exact rationals.

    The same set as Gambit's ``enummixed``; ``degenerate`` is exact (some mixed
    strategy has more pure best responses than its support size) and
    ``components`` lists the maximal convex sets of equilibria. ``progress``, if
    given, is called now and then with the number of bases visited so far.
    Raises :class:`TooLargeError` when a polytope has more than ``max_bases``
    feasible bases.

    >>> from stability.model.game import Game
    >>> pennies = Game.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> [e.exact_payoffs for e in enumerate_extreme_equilibria(pennies).equilibria]
    [(Fraction(0, 1), Fraction(0, 1))]
    """
    if game.n_players != 2:
        raise InputError(
            f"method 'all' needs a two-player game; this game has {game.n_players} players"
        )
    m, n = game.shape
    row_table = _positive_integer_table(game.numerators[0])
    column_table = _positive_integer_table(game.numerators[1])
    row_labels = list(range(m))
    column_labels = list(range(m, m + n))
    first_phase = [0]  # bases visited in P, so that progress counts on through Q

    def progress_p(visited: int) -> None:
        first_phase[0] = visited
        if progress is not None:
            progress(visited)

    def progress_q(visited: int) -> None:
        if progress is not None:
            progress(first_phase[0] + visited)

    # P = {x >= 0 : B^T x <= 1}: x_i = 0 is label i, a tight column j is label m + j
    p_vertices = polytope_vertices(
        column_table.T, row_labels, column_labels,
        max_bases=max_bases, progress=progress_p, what="row player's best-response polytope",
    )  # fmt: skip
    q_vertices = polytope_vertices(
        row_table, column_labels, row_labels,
        max_bases=max_bases, progress=progress_q, what="column player's best-response polytope",
    )  # fmt: skip
    degenerate = any(v.labels.bit_count() > m for v in p_vertices) or any(
        v.labels.bit_count() > n for v in q_vertices
    )
    p_vertices = [v for v in p_vertices if any(v.weights)]
    q_vertices = [v for v in q_vertices if any(v.weights)]
    pairs = complementary_pairs(p_vertices, q_vertices, m + n)

    row_strategies = {i: p_vertices[i].mixed_strategy() for i in {i for i, _ in pairs}}
    column_strategies = {j: q_vertices[j].mixed_strategy() for j in {j for _, j in pairs}}
    equilibria = []
    for i, j in pairs:
        profile = (row_strategies[i], column_strategies[j])
        if not is_exact_equilibrium(game, profile):  # a bug guard: never report a non-equilibrium
            raise AssertionError(f"vertex pair {profile} is not an equilibrium")
        equilibria.append(Equilibrium.from_exact(game, profile))
    equilibria.sort(key=lambda e: e.exact or ())

    components = tuple(
        Component(
            row_strategies=tuple(row_strategies[i] for i in left),
            column_strategies=tuple(column_strategies[j] for j in right),
        )
        for left, right in maximal_bicliques(pairs)
    )
    notes = []
    if degenerate:
        notes.append(
            "the game is degenerate: some mixed strategy has more pure best responses "
            "than strategies in its support"
        )
    if any(len(c.row_strategies) > 1 or len(c.column_strategies) > 1 for c in components):
        notes.append("some equilibria form continua: see the maximal convex sets (components)")
    return SolveResult(
        game=game,
        method="all",
        equilibria=tuple(equilibria),
        degenerate=degenerate,
        components=components,
        notes=tuple(notes),
    )
