"""nashpy's two-player algorithms, with every answer reconstructed and checked exactly.

Methods ``support`` (support enumeration), ``vertex`` (vertex enumeration) and
``lemke-howson`` (Lemke-Howson from every initially dropped label). nashpy works
in floating point with hard-coded tolerances, which loses equilibria and reports
non-equilibria (see ``docs/explanation/algorithms.md``). Here nashpy runs on a
well-conditioned positive affine rescaling of the game (payoffs in [1, 2]);
each candidate it produces is only a hint: the vertex of the best-response
polytope it points at is rebuilt in exact rationals from the constraints that
define it, and only profiles with zero exact regret are reported, once each.

>>> from stability.model.game import Game
>>> sexes = Game.from_payoffs([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
>>> [[[str(p) for p in s] for s in e.exact] for e in solve_with_nashpy(sexes, "support").equilibria]
[[['0', '1'], ['0', '1']], [['2/3', '1/3'], ['1/3', '2/3']], [['1', '0'], ['1', '0']]]
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import InputError
from stability.model.game import Game
from stability.solvers.enummixed import (
    Vertex,
    complementary_pairs,
    enumerate_extreme_equilibria,
    polytope_vertices,
)
from stability.solvers.regret import is_exact_equilibrium
from stability.solvers.result import Equilibrium, SolveResult

NASHPY_METHODS = ("support", "vertex", "lemke-howson")

#: Slack (on payoffs rescaled to [1, 2]) within which a float candidate passes
#: the cheap filter before its exact reconstruction; deliberately loose, since
#: the exact check decides.
_FILTER_TOLERANCE = 1e-6

ExactStrategy = tuple[Fraction, ...]
ExactProfile = tuple[ExactStrategy, ExactStrategy]


def _rescaled(table: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """A positive affine image of an integer payoff table with values in [1, 2]."""
    values = np.asarray(table, dtype=np.float64)
    low, high = float(values.min()), float(values.max())
    if high == low:
        return np.ones_like(values)
    scaled: npt.NDArray[np.float64] = 1.0 + (values - low) / (high - low)
    return scaled


def _float_tables(game: Game) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The two players' payoff tables rescaled into [1, 2] (floats, as nashpy takes them)."""
    return _rescaled(game.numerators[0]), _rescaled(game.numerators[1])


def _shifted(table: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The exact positive integer table ``table - min + 1`` (Python ints)."""
    values = table.astype(object)
    low = min(int(v) for v in values.ravel())
    shifted: npt.NDArray[Any] = values - low + 1
    return shifted


class _Polytope:
    """The best-response polytope ``{z >= 0 : M z <= 1}`` of a positive integer ``M``.

    Positive affine changes of payoffs keep every mixed strategy's labels, so
    float work (ordering constraints by slack) is done on a rescaled ``M``.

    Constraint ``k < d`` is ``z_k >= 0`` (label ``variable_labels[k]``), constraint
    ``d + i`` is ``(M z)_i <= 1`` (label ``slack_labels[i]``).
    """

    def __init__(
        self,
        matrix: npt.NDArray[Any],
        float_matrix: npt.NDArray[np.float64],
        variable_labels: Sequence[int],
        slack_labels: Sequence[int],
    ) -> None:
        self.matrix = [[int(v) for v in row] for row in matrix]
        # a well-conditioned positive affine image: same labels, better floats
        self.float_matrix = float_matrix
        self.rows, self.dim = np.shape(matrix)
        self.labels = list(variable_labels) + list(slack_labels)

    def _equation(self, constraint: int) -> list[Fraction]:
        """Coefficients and right-hand side of a constraint made tight."""
        if constraint < self.dim:
            return [Fraction(int(k == constraint)) for k in range(self.dim)] + [Fraction(0)]
        row = self.matrix[constraint - self.dim]
        return [Fraction(v) for v in row] + [Fraction(1)]

    def vertex_from(self, constraints: Iterable[int]) -> Vertex | None:
        """The vertex where the first ``d`` linearly independent ``constraints`` are tight.

        ``None`` when they do not determine a point, or the point lies outside.
        """
        echelon: list[tuple[int, list[Fraction]]] = []
        for constraint in constraints:
            equation = self._equation(constraint)
            for pivot_column, pivot_row in echelon:
                factor = equation[pivot_column]
                if factor:
                    equation = [a - factor * b for a, b in zip(equation, pivot_row, strict=True)]
            pivot = next((k for k in range(self.dim) if equation[k]), None)
            if pivot is None:
                continue
            scale = equation[pivot]
            equation = [a / scale for a in equation]
            # keep the echelon fully reduced so that the solution reads off directly
            echelon = [
                (col, [a - row[pivot] * b for a, b in zip(row, equation, strict=True)])
                for col, row in echelon
            ]
            echelon.append((pivot, equation))
            if len(echelon) == self.dim:
                break
        if len(echelon) < self.dim:
            return None
        point = [Fraction(0)] * self.dim
        for col, row in echelon:
            point[col] = row[self.dim]
        if any(p < 0 for p in point) or not any(point):
            return None
        loads = [sum((Fraction(a) * p for a, p in zip(row, point, strict=True)), Fraction(0))
                 for row in self.matrix]  # fmt: skip
        if any(load > 1 for load in loads):
            return None
        mask = 0
        for k, p in enumerate(point):
            if p == 0:
                mask |= 1 << self.labels[k]
        for i, load in enumerate(loads):
            if load == 1:
                mask |= 1 << self.labels[self.dim + i]
        common = 1
        for p in point:
            common = common * p.denominator // _gcd(common, p.denominator)
        return Vertex(mask, tuple(int(p * common) for p in point))

    def vertex_near(self, strategy: npt.NDArray[np.float64]) -> Vertex | None:
        """The exact vertex nearest a float mixed strategy: its tightest constraints first."""
        strategy = np.clip(np.asarray(strategy, dtype=np.float64), 0.0, None)
        load = self.float_matrix @ strategy
        if not np.all(np.isfinite(load)) or load.max() <= 0:
            return None
        point = strategy / load.max()
        slack = np.concatenate([point, 1.0 - self.float_matrix @ point])
        return self.vertex_from(int(k) for k in np.argsort(slack, kind="stable"))


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _mixed(vertex: Vertex) -> ExactStrategy:
    return vertex.mixed_strategy()


def _polytopes(game: Game) -> tuple[_Polytope, _Polytope]:
    m, n = game.shape
    row_table = _shifted(game.numerators[0])
    column_table = _shifted(game.numerators[1])
    rows, columns = list(range(m)), list(range(m, m + n))
    return (
        _Polytope(column_table.T, _rescaled(game.numerators[1]).T, rows, columns),
        _Polytope(row_table, _rescaled(game.numerators[0]), columns, rows),
    )


def _support_candidates(
    row_payoffs: npt.NDArray[np.float64], column_payoffs: npt.NDArray[np.float64]
) -> Iterable[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Support pairs (nashpy's enumeration) whose float indifference solution looks right."""
    from nashpy.algorithms.support_enumeration import potential_support_pairs

    for rows, columns in potential_support_pairs(row_payoffs, column_payoffs, non_degenerate=True):
        column_strategy = _indifferent_mix(row_payoffs, rows, columns)
        if column_strategy is None:
            continue
        row_strategy = _indifferent_mix(column_payoffs.T, columns, rows)
        if row_strategy is None:
            continue
        yield rows, columns


def _indifferent_mix(
    payoffs: npt.NDArray[np.float64], rows: Sequence[int], columns: Sequence[int]
) -> npt.NDArray[np.float64] | None:
    """The mix over ``columns`` making ``rows`` indifferent and best, if it plausibly is one.

    Returns ``None`` only when the float solution is clearly not an equilibrium
    strategy; ill-conditioned systems pass, for the exact check to decide.
    """
    size = len(rows)
    system = np.zeros((size + 1, size + 1))
    system[:size, :size] = payoffs[np.ix_(rows, columns)]
    system[:size, size] = -1.0
    system[size, :size] = 1.0
    target = np.zeros(size + 1)
    target[size] = 1.0
    try:
        solution = np.linalg.solve(system, target)
    except np.linalg.LinAlgError:
        return None  # singular: no unique indifferent mix (the game is degenerate)
    if np.linalg.cond(system) > 1e9:
        return np.zeros(payoffs.shape[1])  # untrustworthy: let the exact check decide
    mix = np.zeros(payoffs.shape[1])
    mix[list(columns)] = solution[:size]
    value = solution[size]
    if mix.min() < -_FILTER_TOLERANCE or (payoffs @ mix).max() > value + _FILTER_TOLERANCE:
        return None
    return mix


def _support_equilibria(game: Game, notes: list[str]) -> list[ExactProfile]:
    row_polytope, column_polytope = _polytopes(game)
    m, n = game.shape
    row_payoffs, column_payoffs = _float_tables(game)
    found: list[ExactProfile] = []
    for rows, columns in _support_candidates(row_payoffs, column_payoffs):
        # x is zero off its support and makes the opponent's support columns tight
        x_constraints = [k for k in range(m) if k not in rows] + [m + j for j in columns]
        y_constraints = [j for j in range(n) if j not in columns] + [n + i for i in rows]
        x = row_polytope.vertex_from(x_constraints)
        y = column_polytope.vertex_from(y_constraints)
        if x is not None and y is not None:
            found.append((_mixed(x), _mixed(y)))
    notes.append(
        "support enumeration (nashpy's support pairs of equal size) finds every "
        "equilibrium of a nondegenerate game; a degenerate game may have more"
    )
    return found


def _vertex_equilibria(game: Game, notes: list[str]) -> list[ExactProfile]:
    from nashpy.polytope import build_halfspaces, non_trivial_vertices

    row_polytope, column_polytope = _polytopes(game)
    m, n = game.shape
    vertex_sets = []
    for polytope, row_side in ((row_polytope, True), (column_polytope, False)):
        try:
            hints = [v for v, _ in non_trivial_vertices(build_halfspaces(polytope.float_matrix))]
        except Exception as err:  # noqa: BLE001 - Qhull fails on some degenerate polytopes
            notes.append(f"nashpy's vertex enumeration failed ({type(err).__name__}); "
                         "the vertices were enumerated exactly instead")  # fmt: skip
            exact = _exact_polytope(game, row_side)
            vertex_sets.append([v for v in exact if any(v.weights)])
            continue
        vertices: dict[int, Vertex] = {}
        for hint in hints:
            vertex = polytope.vertex_near(np.asarray(hint, dtype=np.float64))
            if vertex is not None:
                vertices.setdefault(vertex.labels, vertex)
        vertex_sets.append(list(vertices.values()))
    row_vertices, column_vertices = vertex_sets
    return [
        (_mixed(row_vertices[i]), _mixed(column_vertices[j]))
        for i, j in complementary_pairs(row_vertices, column_vertices, m + n)
    ]


def _exact_polytope(game: Game, row_side: bool) -> list[Vertex]:
    m, n = game.shape
    rows, columns = list(range(m)), list(range(m, m + n))
    if row_side:
        return polytope_vertices(_shifted(game.numerators[1]).T, rows, columns)
    return polytope_vertices(_shifted(game.numerators[0]), columns, rows)


#: Lemke-Howson paths longer than this many pivots are abandoned: nashpy's
#: float tableaux can cycle for ever on degenerate games.
MAX_LEMKE_HOWSON_PIVOTS = 1_000


def _lemke_howson(
    row_payoffs: npt.NDArray[np.float64],
    column_payoffs: npt.NDArray[np.float64],
    dropped_label: int,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None:
    """nashpy's ``lemke_howson`` loop (lexicographic pivoting) with a pivot cap."""
    from itertools import cycle

    from nashpy.linalg import create_col_tableau, create_row_tableau

    col_tableau = create_col_tableau(row_payoffs, True)
    row_tableau = create_row_tableau(column_payoffs, True)
    if dropped_label in row_tableau.non_basic_variables:
        tableaux = cycle((row_tableau, col_tableau))
    else:
        tableaux = cycle((col_tableau, row_tableau))
    entering = dropped_label
    for _ in range(MAX_LEMKE_HOWSON_PIVOTS):
        entering = next(tableaux).pivot_and_drop_label(entering)
        labels = col_tableau.non_basic_variables | row_tableau.non_basic_variables
        if labels == col_tableau.labels:
            return (
                row_tableau.to_strategy(col_tableau.non_basic_variables),
                col_tableau.to_strategy(row_tableau.non_basic_variables),
            )
    return None


def _lemke_howson_equilibria(game: Game, notes: list[str]) -> list[ExactProfile]:
    row_polytope, column_polytope = _polytopes(game)
    m, n = game.shape
    row_payoffs, column_payoffs = _float_tables(game)
    found: list[ExactProfile] = []
    unconfirmed = 0
    for label in range(m + n):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                path_end = _lemke_howson(row_payoffs, column_payoffs, label)
        except Exception:  # noqa: BLE001 - nashpy fails on some degenerate games
            unconfirmed += 1
            continue
        if path_end is None:
            unconfirmed += 1
            continue
        x_hint, y_hint = path_end
        if np.shape(x_hint) != (m,) or np.shape(y_hint) != (n,):
            unconfirmed += 1
            continue
        x = row_polytope.vertex_near(np.asarray(x_hint, dtype=np.float64))
        y = column_polytope.vertex_near(np.asarray(y_hint, dtype=np.float64))
        if x is None or y is None:
            unconfirmed += 1
            continue
        profile = (_mixed(x), _mixed(y))
        if is_exact_equilibrium(game, profile):
            found.append(profile)
        else:
            unconfirmed += 1
    if unconfirmed:
        notes.append(
            f"{unconfirmed} of {m + n} Lemke-Howson runs gave no exactly confirmed "
            "equilibrium (nashpy failed or returned a non-equilibrium)"
        )
    if not found:
        # every finite game has an equilibrium: do not report none because nashpy failed
        fallback = enumerate_extreme_equilibria(game).equilibria[0].exact
        if fallback is not None:
            found.append((fallback[0], fallback[1]))
            notes.append("the equilibrium shown comes from exact enumeration (method 'all')")
    return found


def solve_with_nashpy(game: Game, method: str) -> SolveResult:
    """Equilibria by one of nashpy's algorithms, each reconstructed and verified exactly.

    ``method`` is ``"support"``, ``"vertex"`` or ``"lemke-howson"``. Every
    reported equilibrium has zero exact regret; duplicates are removed.

    >>> from stability.model.game import Game
    >>> pennies = Game.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> [e.exact for e in solve_with_nashpy(pennies, "lemke-howson").equilibria]
    [((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))]
    """
    if method not in NASHPY_METHODS:
        raise InputError(
            f"unknown nashpy method {method!r} (expected one of {', '.join(NASHPY_METHODS)})"
        )
    if game.n_players != 2:
        raise InputError(
            f"method {method!r} needs a two-player game; this game has {game.n_players} players"
        )
    if method == "vertex":
        # nashpy lists every vertex in memory and cannot be stopped part way (100x100
        # went past 4 GiB under --time-limit 5): the same bound as method 'all' (with a
        # time limit, ``solve`` runs the exact search of 'all' instead)
        from stability.errors import TooLargeError
        from stability.solvers.enummixed import refuse_if_too_large

        try:
            refuse_if_too_large(*game.shape)
        except TooLargeError as err:
            raise TooLargeError(
                str(err).replace("method 'all'", "method 'vertex'")
            ) from None
    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy's degeneracy warnings: we report our own
        if method == "support":
            candidates = _support_equilibria(game, notes)
        elif method == "vertex":
            candidates = _vertex_equilibria(game, notes)
        else:
            candidates = _lemke_howson_equilibria(game, notes)
    unique: dict[ExactProfile, Equilibrium] = {}
    for profile in candidates:
        if profile in unique or not is_exact_equilibrium(game, profile):
            continue
        unique[profile] = Equilibrium.from_exact(game, profile)
    equilibria = tuple(unique[p] for p in sorted(unique))
    return SolveResult(game=game, method=method, equilibria=equilibria, notes=tuple(notes))
