"""Every extreme equilibrium of a two-player game, exactly (method ``all``).

The algorithm is the one behind Gambit's ``enummixed`` (von Stengel 2002,
*Handbook of Game Theory* 3, ch. 45, section 3; Avis, Rosenberg, Savani and von
Stengel 2010, *Economic Theory* 42:9-37): shift both payoff tables to positive
integers, enumerate every vertex of the best-response polytopes

    P = {x >= 0 : B^T x <= 1}        Q = {y >= 0 : A y <= 1}

and pair the vertices ``x != 0``, ``y != 0`` whose label sets (the constraints
they make tight) cover every pure strategy of both players. The vertices are
found by a search over feasible bases (:mod:`stability.solvers.polytope`) that
decides in certified interval floating point where it can and in exact integer
(Bareiss) arithmetic where it must, following every tie of the ratio test, so
degenerate games are handled too; maximal convex sets of equilibria are the maximal bicliques of
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

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import InputError, TooLargeError
from stability.model.game import Game
from stability.solvers.budget import Budget
from stability.solvers.polytope import (
    Vertex,
    VertexBases,
    polytope_vertices,
    vertex_bases,
)
from stability.solvers.result import Component, Equilibrium, SolveResult

#: Default cap on the feasible bases visited per polytope. Random 14x14 games
#: need a few tens of thousands; highly degenerate games can need far more.
DEFAULT_MAX_BASES = 1_000_000

#: Most bases (an upper bound from the polytope's dimension and facets) that the
#: search is started on without ``--time-limit``: beyond it the search would not fit
#: in memory or a minute (measured: ``benchmarks/bench_limits.py``).
MAX_PREDICTED_BASES = 2_000_000
#: Nanoseconds per basis and tableau entry (measured on random games; the
#: vectorised pivot's cost grows with the tableau).
NANOSECONDS_PER_ENTRY = 15
#: Seconds a search may be predicted to take before it is refused.
MAX_PREDICTED_SECONDS = 60.0

#: How often (in bases visited) the progress callback is called.
PROGRESS_EVERY = 2_000

Progress = Callable[[int], None]

__all__ = [
    "Vertex",
    "complementary_label_pairs",
    "complementary_pairs",
    "enumerate_extreme_equilibria",
    "maximal_bicliques",
    "polytope_vertices",
]


def _positive_integer_table(table: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``table - min + 1`` as Python ints: a positive affine change of payoffs."""
    values = table.astype(object)
    low = min(int(v) for v in values.ravel())
    shifted: npt.NDArray[Any] = values - low + 1
    return shifted


def complementary_pairs(
    row_vertices: Sequence[Vertex], column_vertices: Sequence[Vertex], n_labels: int
) -> list[tuple[int, int]]:
    """Index pairs of vertices whose label sets together hold every label.

    Two label sets of sizes ``a + b == n_labels`` cover every label only if one is
    the complement of the other: a dictionary look-up. Only vertices with more
    labels than that (degenerate ones) are compared with every vertex, vectorised.

    >>> complementary_pairs([Vertex(0b0101, (1,))], [Vertex(0b1010, (1,))], 4)
    [(0, 0)]
    """
    return complementary_label_pairs(
        [v.labels for v in row_vertices], [v.labels for v in column_vertices], n_labels
    )


def complementary_label_pairs(
    row_masks: Sequence[int], column_masks: Sequence[int], n_labels: int
) -> list[tuple[int, int]]:
    """:func:`complementary_pairs` on bare label bitmasks.

    >>> complementary_label_pairs([0b0011, 0b0111], [0b1100, 0b1000, 0b1110], 4)
    [(0, 0), (0, 2), (1, 0), (1, 1), (1, 2)]
    """
    if not row_masks or not column_masks:
        return []
    full = (1 << n_labels) - 1
    if n_labels < 63 and len(set(column_masks)) == len(column_masks):
        rows, columns = np.array(row_masks, np.int64), np.array(column_masks, np.int64)
        order = np.argsort(columns)
        wanted = full ^ rows  # the complement of each row vertex's labels
        at = np.minimum(np.searchsorted(columns, wanted, sorter=order), len(columns) - 1)
        found = columns[order[at]] == wanted
        pairs = list(zip(np.flatnonzero(found).tolist(), order[at[found]].tolist(), strict=True))
        row_sizes, column_sizes = _popcount(rows), _popcount(columns)
    else:
        by_mask: dict[int, list[int]] = {}
        for j, mask in enumerate(column_masks):
            by_mask.setdefault(mask, []).append(j)
        pairs = [(i, j) for i, mask in enumerate(row_masks) for j in by_mask.get(full ^ mask, ())]
        rows = np.array(row_masks, dtype=object)
        columns = np.array(column_masks, dtype=object)
        row_sizes = np.array([mask.bit_count() for mask in row_masks])
        column_sizes = np.array([mask.bit_count() for mask in column_masks])
    # label sets that overlap (a degenerate vertex on either side): compare directly
    for size in np.unique(row_sizes).tolist():
        wider = np.flatnonzero(column_sizes > n_labels - size)
        if not len(wider):
            continue
        members = np.flatnonzero(row_sizes == size)
        chunk = max(1, 4_000_000 // len(wider))
        for start in range(0, len(members), chunk):
            block = rows[members[start : start + chunk], None] | columns[None, wider]
            hits = np.argwhere(block == full)
            pairs.extend((int(members[start + int(i)]), int(wider[j])) for i, j in hits.tolist())
    return sorted(pairs)


def _popcount(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Bits set in each (non-negative) int64, vectorised."""
    v = values.astype(np.uint64)
    v = v - ((v >> np.uint64(1)) & np.uint64(0x5555555555555555))
    v = (v & np.uint64(0x3333333333333333)) + ((v >> np.uint64(2)) & np.uint64(0x3333333333333333))
    v = (v + (v >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    counts: npt.NDArray[np.int64] = ((v * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(
        np.int64
    )
    return counts


def upper_bound_vertices(dimension: int, facets: int) -> int:
    """McMullen's upper bound on the vertices of a ``dimension``-polytope with
    ``facets`` facets, which also bounds the bases the lexicographic search visits
    (it walks the vertices of a simple perturbation of the polytope).

    >>> upper_bound_vertices(2, 5), upper_bound_vertices(3, 6), upper_bound_vertices(16, 32)
    (5, 8, 980628)
    """
    from math import comb

    d, k = dimension, facets
    if d <= 0 or k <= d:
        return 1
    return comb(k - (d + 1) // 2, d // 2) + comb(k - d // 2 - 1, (d + 1) // 2 - 1)


def refuse_if_too_large(m: int, n: int) -> None:
    """Refuse up front a game whose vertex search could not finish in memory and a minute.

    >>> refuse_if_too_large(12, 12)
    >>> refuse_if_too_large(40, 40)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stability.errors.TooLargeError: method 'all' on a 40x40 game may visit up to ...
    """
    worst = max(upper_bound_vertices(m, m + n), upper_bound_vertices(n, m + n))
    nanoseconds = worst * m * n * NANOSECONDS_PER_ENTRY
    if worst > MAX_PREDICTED_BASES or nanoseconds > MAX_PREDICTED_SECONDS * 1e9:
        raise TooLargeError(
            f"method 'all' on a {m}x{n} game may visit up to {_rounded(worst)} bases of a "
            f"best-response polytope (the limit is {MAX_PREDICTED_BASES:,}, about what fits "
            "in a minute and 1 GB); give --time-limit to list the equilibria found within "
            "the time, or use 'lemke-howson' (one equilibrium, fast) or 'pure'"
        )


def _rounded(count: int) -> str:
    """A large count for a message: ``1.2e+15`` beyond a billion, digits below.

    >>> _rounded(123_456), _rounded(12 * 10**400)
    ('123,456', '1.2e+401')
    """
    if count < 10**9:
        return f"{count:,}"
    digits = str(count)
    return f"{digits[0]}.{digits[1]}e+{len(digits) - 1}"


def maximal_bicliques(edges: Sequence[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Maximal complete bipartite subgraphs of a bipartite graph given by its edges.

    Each is a pair of sorted left and right vertex lists: the maximal Nash
    subsets when the edges are the extreme equilibria (Winkels 1979).

    >>> maximal_bicliques([(0, 0), (0, 1), (1, 1)])
    [([0], [0, 1]), ([0, 1], [1])]
    """
    rights = sorted({right for _, right in edges})  # compact: bitmasks stay short
    position = {right: k for k, right in enumerate(rights)}
    neighbours: dict[int, int] = {}
    for left, right in edges:
        neighbours[left] = neighbours.get(left, 0) | (1 << position[right])
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
        right_side = [rights[k] for k in range(right_mask.bit_length()) if right_mask >> k & 1]
        out.append((sorted(left_side), right_side))
    out.sort()
    return out


def _scaled(weights: Sequence[int]) -> tuple[Fraction, ...]:
    total = sum(weights)
    return tuple(Fraction(w, total) for w in weights)


def _integer_tables(game: Game) -> tuple[list[list[int]], list[list[int]]]:
    """The row player's table by rows and the column player's by columns, as
    Python integers (exact, and faster than numpy ``object`` arrays for dot products)."""
    a = [[int(v) for v in row] for row in game.numerators[0]]
    b = [[int(v) for v in column] for column in game.numerators[1].T]
    return a, b


class _Side:
    """One vertex of an equilibrium pair: its integer weights, its mixed strategy
    (exact and float), and the integers proportional to the other player's payoffs
    against it (one per pure strategy), computed once however many pairs it is in."""

    def __init__(self, weights: Sequence[int], table: list[list[int]]) -> None:
        if any(w < 0 for w in weights) or not sum(weights):
            raise AssertionError(f"vertex {weights} is not a mixed strategy")
        self.weights = tuple(weights)
        self.total = sum(weights)
        self.strategy = _scaled(weights)
        self.floats = tuple(w / self.total for w in weights)
        self.pure = sum(1 for w in weights if w) == 1
        # Python integers: exact (and faster than numpy object arrays)
        self.against = [
            sum(v * w for v, w in zip(line, weights, strict=True) if w) for line in table
        ]
        self.best = max(self.against)

    def best_responses_only(self, other: _Side) -> bool:
        """True if every strategy this side plays is a best response to ``other``."""
        pairs = zip(self.weights, other.against, strict=True)
        return all(not w or v == other.best for w, v in pairs)


def _checked_equilibrium(game: Game, x: _Side, y: _Side) -> Equilibrium:
    """The equilibrium record of the vertex pair ``x``, ``y``, after an exact check
    that each plays only best responses (a bug guard: a vertex pair that is not an
    equilibrium raises, it is never reported)."""
    if not x.best_responses_only(y) or not y.best_responses_only(x):
        raise AssertionError(f"vertex pair {x.weights}, {y.weights} is not an equilibrium")
    denominators = game.denominators
    payoffs = (
        Fraction(int(y.best), y.total * denominators[0]),
        Fraction(int(x.best), x.total * denominators[1]),
    )
    return Equilibrium(
        profile=(x.floats, y.floats),
        payoffs=tuple(float(v) for v in payoffs),
        pure=x.pure and y.pure,
        exact=(x.strategy, y.strategy),
        exact_payoffs=payoffs,
    )


def enumerate_extreme_equilibria(
    game: Game,
    *,
    max_bases: int = DEFAULT_MAX_BASES,
    progress: Progress | None = None,
    budget: Budget | None = None,
) -> SolveResult:
    """Every extreme equilibrium of a two-player game, in exact rationals.

    The same set as Gambit's ``enummixed``; ``degenerate`` is exact (some mixed
    strategy has more pure best responses than its support size) and
    ``components`` lists the maximal convex sets of equilibria. ``progress``, if
    given, is called now and then with the number of bases visited so far.
    Without a time limit, a game whose search may not fit in memory and a minute
    is refused up front (:func:`refuse_if_too_large`), and a search that passes
    ``max_bases`` or its memory bound raises :class:`TooLargeError`. With a
    ``budget`` that has a deadline the search runs until the deadline (or the
    memory bound) and the equilibria found so far are returned, with
    ``complete=False``.

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
    timed = budget is not None and budget.deadline is not None
    if not timed:
        refuse_if_too_large(m, n)
    row_table = _positive_integer_table(game.numerators[0])
    column_table = _positive_integer_table(game.numerators[1])
    row_labels = list(range(m))
    column_labels = list(range(m, m + n))
    first_phase = [0]  # bases visited in P, so that progress counts on through Q
    report = progress
    if report is None and budget is not None and budget.progress is not None:
        ticking = budget

        def report(visited: int) -> None:
            ticking.tick(visited, 0)

    def progress_p(visited: int) -> None:
        first_phase[0] = visited
        if report is not None:
            report(visited)

    def progress_q(visited: int) -> None:
        if report is not None:
            report(first_phase[0] + visited)

    # with a time limit, each polytope gets half of it (so that both are searched)
    p_budget = _half(budget)
    # P = {x >= 0 : B^T x <= 1}: x_i = 0 is label i, a tight column j is label m + j
    p_bases = vertex_bases(
        column_table.T, row_labels, column_labels, max_bases=max_bases, progress=progress_p,
        progress_every=PROGRESS_EVERY, what="row player's best-response polytope",
        budget=p_budget,
    )  # fmt: skip
    q_bases = vertex_bases(
        row_table, column_labels, row_labels, max_bases=max_bases, progress=progress_q,
        progress_every=PROGRESS_EVERY, what="column player's best-response polytope",
        budget=_rest(budget),
    )  # fmt: skip
    complete = p_bases.complete and q_bases.complete
    if budget is not None and not complete:
        budget.stopped = True
    degenerate: bool | None = any(mask.bit_count() > m for mask in p_bases) or any(
        mask.bit_count() > n for mask in q_bases
    )
    if not complete and not degenerate:
        degenerate = None  # not every vertex was seen
    # drop the origins (every variable's label): they pair with nothing but each other
    row_origin, column_origin = (1 << m) - 1, ((1 << n) - 1) << m
    p_masks = [mask for mask in p_bases if mask & row_origin != row_origin]
    q_masks = [mask for mask in q_bases if mask & column_origin != column_origin]
    pairs = complementary_label_pairs(p_masks, q_masks, m + n)

    a, b = _integer_tables(game)
    # x's payoffs to the column player use B by columns; y's to the row player, A by rows
    rows = {i: _Side(p_bases.weights(column_table.T, p_masks[i]), b) for i, _ in pairs}
    columns = {j: _Side(q_bases.weights(row_table, q_masks[j]), a) for _, j in pairs}
    row_strategies = {i: side.strategy for i, side in rows.items()}
    column_strategies = {j: side.strategy for j, side in columns.items()}
    equilibria = [_checked_equilibrium(game, rows[i], columns[j]) for i, j in pairs]
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
    if not complete:
        notes.append(_stopped_note(p_bases, q_bases))
    return SolveResult(
        game=game,
        method="all",
        equilibria=tuple(equilibria),
        degenerate=degenerate,
        components=components,
        notes=tuple(notes),
        complete=complete,
    )


def _half(budget: Budget | None) -> Budget | None:
    """Half the time left of ``budget`` (with its progress), or ``budget`` itself."""
    if budget is None or budget.deadline is None:
        return budget
    remaining = budget.remaining() or 0.0
    return Budget(seconds=remaining / 2, progress=budget.progress)


def _rest(budget: Budget | None) -> Budget | None:
    """The time left of ``budget``, in a budget of its own (``stopped`` not shared)."""
    if budget is None or budget.deadline is None:
        return budget
    return Budget(seconds=budget.remaining() or 0.0, progress=budget.progress)


def _stopped_note(*searches: VertexBases) -> str:
    """Why the vertex search stopped early, for the notes."""
    why = {search.stopped_by for search in searches if not search.complete}
    if why <= {"time"}:
        reason = "stopped by the time limit"
    else:
        reason = "stopped at the memory bound of the vertex search"
    return (
        f"{reason}: the equilibria listed are those whose vertices were found "
        "(not necessarily all)"
    )
