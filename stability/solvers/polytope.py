"""Every vertex of ``{z >= 0 : M z <= 1}``, exactly, fast: certified floating point.

The vertices are found by a breadth-first search over the feasible bases of the
simplex tableau, following every tie of the ratio test (so polytopes that are
not simple are handled too). The search runs on whole layers of bases at once
with numpy, in *interval* floating point: every tableau entry is a midpoint and
a radius that provably contains the exact rational value (each operation's
rounding error is added to the radius). A decision (is this entry positive?
is this right-hand side zero? which row attains the minimum ratio?) is taken in
floating point only when the intervals decide it; otherwise that basis is
redone in exact integer (Bareiss) arithmetic, so the answer is the exact one.
On nondegenerate games almost every decision is certified in floating point;
degenerate games (ties, zero right-hand sides) fall back to exact arithmetic
where they need it.

>>> square = np.array([[1, 0], [0, 1]], dtype=object) + 1
>>> sorted(vertex_bases(square, [0, 1], [2, 3]))
[3, 6, 9, 12]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import TooLargeError
from stability.solvers.budget import Budget

Progress = Callable[[int], None]
FloatArray = npt.NDArray[np.float64]

#: Relative rounding error added to every computed radius (a few units in the
#: last place of double precision, 2**-53 = 1.1e-16, with room to spare).
_ROUNDING = 4e-16
#: Factor on every computed radius, to cover the rounding of the radius itself.
_GROW = 1.0 + 1e-12
#: Scale factors that make a bound on a ratio of enclosures round outwards (five
#: roundings: two sums, a reciprocal, a product and the scaling itself).
_UP5 = (1.0 + 4e-16) ** 5
_DOWN5 = (1.0 - 4e-16) ** 5
#: Bases processed together in one numpy pass (fewer when their tableaux are large).
CHUNK = 2048
#: Bytes of interval tableaux in one chunk (bounds the memory of one numpy pass).
CHUNK_BYTES = 16_000_000
#: Bytes a search may hold (tableaux waiting on its stack, the bases seen, the
#: vertices found, cached exact tableaux): with the interpreter and the game it
#: keeps a solve under 1 GiB of resident memory.
MAX_MEMORY = 600_000_000
#: Exact tableaux kept for the bases waiting for an exact step (beyond it they
#: are recomputed when needed).
EXACT_CACHE_BYTES = 100_000_000
_ALTERNATIVES = (
    "give --time-limit to list the equilibria found within the time, or use "
    "'lemke-howson' (one equilibrium, fast) or 'pure'"
)


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


from stability.solvers.exact_pivot import (  # noqa: E402 - re-exported here
    exact_dictionary,
    exchange_pivot,
    lex_ratio_row,
    ratio_test_rows,
    start_dictionary,
)

__all__ = [
    "Vertex",
    "VertexBases",
    "exact_dictionary",
    "exchange_pivot",
    "lex_ratio_row",
    "polytope_vertices",
    "ratio_test_rows",
    "start_dictionary",
    "vertex_bases",
    "vertex_weights",
]


class _Search:
    """The state of one vertex search (see :func:`vertex_bases`)."""

    def __init__(
        self,
        matrix: npt.NDArray[Any],
        labels: Sequence[int],
        max_bases: int,
        progress: Progress | None,
        progress_every: int,
        what: str,
        budget: Budget | None = None,
        max_memory: int = MAX_MEMORY,
    ) -> None:
        self.start = start_dictionary(matrix)
        self.n_rows, n_vars = matrix.shape
        self.width = n_vars + self.n_rows
        small = self.width < 62 and max(labels, default=0) < 62
        self.bit_type: Any = np.int64 if small else object
        self.label_bit = np.array([1 << label for label in labels], dtype=self.bit_type)
        self.var_bit = np.array([1 << var for var in range(self.width)], dtype=self.bit_type)
        self.all_labels = sum(1 << label for label in labels)
        self.seen: set[int] = set()
        self.vertices: dict[int, bytes] = {}  # mask -> a basis (int32 bytes)
        self.exact_cache: dict[int, tuple[npt.NDArray[Any], int, list[int]]] = {}
        self.max_bases, self.what = max_bases, what
        self.progress, self.progress_every = progress, progress_every
        self.budget, self.max_memory = budget, max_memory
        self.visited = 0
        self.exact_bases = 0
        self.held = 0
        self.stopped_by: str | None = None
        # bytes of one basis key in a set, one interval tableau, one exact tableau
        self.key_bytes = 90 + self.width // 7
        entries = self.n_rows * (n_vars + 1)
        self.exact_bytes = 80 * entries
        per_basis = 16 * entries + 16 * self.n_rows + 8 * self.width
        self.chunk = max(1, min(CHUNK, CHUNK_BYTES // per_basis))

    # -- bookkeeping --------------------------------------------------------------------

    def discover(self, key: int) -> bool:
        """Mark a basis as found; False if it was found before."""
        if key in self.seen:
            return False
        self.seen.add(key)
        self.check_size()
        return True

    def check_size(self) -> None:
        if len(self.seen) > self.max_bases:
            if self.budget is not None and self.budget.deadline is not None:
                self.stopped_by = "bases"  # a time limit: stop, and report what was found
                self.budget.stopped = True
                return
            raise too_many_bases(self.what, self.max_bases)

    def count(self, bases: int) -> None:
        before = self.visited
        self.visited += bases
        every = self.progress_every
        if self.progress is not None and self.visited // every > before // every:
            self.progress(self.visited // every * every)

    # -- the exact path -----------------------------------------------------------------

    def exact_step(self, basis: tuple[int, ...], key: int) -> list[Exact]:
        """One basis in exact arithmetic; returns its new neighbours, exactly."""
        self.exact_bases += 1
        cached = self.exact_cache.pop(key, None)
        tableau, det, cobasic = cached or exact_dictionary(self.start, basis)
        rhs = tableau[:, -1]
        positive = 0
        for row, var in enumerate(basis):
            if rhs[row] != 0:
                positive |= int(self.label_bit[var])
        self.vertices.setdefault(
            self.all_labels ^ positive, np.array(basis, dtype=np.int32).tobytes()
        )
        children: list[Exact] = []
        n_vars = self.width - self.n_rows
        timed = self.budget is not None and self.budget.deadline is not None
        for position, column in enumerate(cobasic):
            # on a large tableau one exact pivot takes a second and its Python
            # integers some 80 bytes an entry: the time and the memory are checked
            # at every column, not only between bases
            if timed and self.budget is not None and self.budget.expired():
                self.stopped_by = "time"
                break
            if self.memory() + (len(children) + 1) * self.exact_bytes > self.max_memory:
                if not timed:
                    raise TooLargeError(
                        f"the {self.what} needs more than {self.max_memory // 10**6:,} MB "
                        f"to enumerate exactly; {_ALTERNATIVES}"
                    )
                self.stopped_by = "memory"
                if self.budget is not None:
                    self.budget.stopped = True
                break
            leaving = lex_ratio_row(tableau, position, basis, cobasic, n_vars, det)
            if leaving is not None:
                row = int(leaving)
                child_key = key - (1 << basis[row]) + (1 << column)
                if not self.discover(child_key):
                    continue
                child = basis[:row] + (column,) + basis[row + 1 :]
                child_cobasic = cobasic.copy()
                child_cobasic[position] = basis[row]
                child_tableau = exchange_pivot(tableau, det, row, position)
                child_det = int(tableau[row, position])
                if len(self.exact_cache) * self.exact_bytes < EXACT_CACHE_BYTES:
                    self.exact_cache[child_key] = (child_tableau, child_det, child_cobasic)
                children.append((child, child_cobasic, child_tableau, child_det, child_key))
        return children

    # -- the interval path --------------------------------------------------------------

    def float_step(self, layer: Layer) -> list[_Pending]:
        """One chunk of bases; returns its new neighbours, waiting to be pivoted
        (those of ambiguous bases are found exactly)."""
        bases, cobasic, col_m, col_r, rhs_m, rhs_r, keys = layer
        count = len(bases)
        # the float path takes bases whose every rhs is certified positive; a zero or
        # undecided rhs (a degenerate vertex) goes exact, and so does anything not finite
        rhs_low = rhs_m - rhs_r  # the sign of an IEEE difference is exact
        ambiguous = ~(rhs_low > 0).all(axis=1)
        ambiguous |= ~np.isfinite(col_m.sum(axis=(1, 2)) + col_r.sum(axis=(1, 2)))
        col_low = col_m - col_r
        col_high = col_m + col_r
        # an entry whose sign the interval does not decide
        ambiguous |= (col_high > 0).sum(axis=(1, 2)) != (col_low > 0).sum(axis=(1, 2))
        # enclosures of column / rhs (the inverse of the ratio test's ratio); the
        # largest certified lower bound is the minimum ratio if no upper bound reaches it
        # (values on undecided bases may be infinite or NaN: they are never used)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            inverse_low = _DOWN5 / (rhs_m + rhs_r)
            inverse_high = _UP5 / rhs_low
            low = col_low * inverse_low[:, None, :]
            high = col_high * inverse_high[:, None, :]
        leave = low.argmax(axis=2)
        best = np.take_along_axis(low, leave[:, :, None], axis=2)[:, :, 0]
        pivots = best > 0
        ties = (high >= best[:, :, None]).sum(axis=2)
        ambiguous |= (pivots & (ties > 1)).any(axis=1)
        sure = ~ambiguous

        # vertices: the labels of the cobasic variables (every basic one is positive)
        bits = self.label_bit[cobasic[sure]].sum(axis=1)
        sure_list = np.flatnonzero(sure).tolist()
        vertices = self.vertices
        for k, mask in zip(sure_list, bits.tolist(), strict=True):
            if mask not in vertices:
                vertices[mask] = bases[k].astype(np.int32).tobytes()
        if self.exact_cache:
            for k in sure_list:
                self.exact_cache.pop(keys[k], None)

        # neighbours: one per cobasic column with a pivot row
        parents, columns = np.nonzero(pivots & sure[:, None])
        rows = leave[parents, columns]
        key_array = np.array(keys, dtype=self.bit_type)
        child_keys = (
            key_array[parents]
            - self.var_bit[bases[parents, rows]]
            + self.var_bit[cobasic[parents, columns]]
        )
        seen, chosen = self.seen, []
        for i, key in enumerate(child_keys.tolist()):
            if key not in seen:
                seen.add(key)
                chosen.append(i)
        self.check_size()
        take = np.array(chosen, dtype=np.int64)
        # the children are pivoted later, a slice at a time (memory stays bounded)
        lazy = _Pending(layer, parents[take], rows[take], columns[take],
                        [int(k) for k in child_keys[take].tolist()])  # fmt: skip

        # ambiguous bases: exact arithmetic
        extra: list[Exact] = []
        for k in np.flatnonzero(ambiguous).tolist():
            if self.budget is not None and self.budget.deadline is not None:
                if self.budget.expired():  # exact steps on large tableaux are slow
                    self.stopped_by = "time"
                    break
            extra.extend(self.exact_step(tuple(bases[k].tolist()), keys[k]))
        self.count(count)
        out = [lazy] if len(take) else []
        for begin in range(0, len(extra), self.chunk):
            layer_of_exact = self.interval_layer(extra[begin : begin + self.chunk])
            out.append(_Pending(layer_of_exact, None, None, None, layer_of_exact[6]))
        return out

    @staticmethod
    def interval_layer(exact: Sequence[Exact]) -> Layer:
        """A layer enclosing exact dictionaries ``det * T`` (one numpy pass for all)."""
        tableaux = np.stack([tableau for _, _, tableau, _, _ in exact])
        dets = np.array([det for _, _, _, det, _ in exact], dtype=object)
        try:
            mid = (tableaux / dets[:, None, None]).astype(np.float64)
        except OverflowError:  # beyond double range: NaN sends them all down the exact path
            mid = np.full(tableaux.shape, np.nan)
        rad = np.abs(mid) * _ROUNDING
        return (
            np.array([basis for basis, _, _, _, _ in exact], dtype=np.int64),
            np.array([cobasic for _, cobasic, _, _, _ in exact], dtype=np.int64),
            np.ascontiguousarray(mid[:, :, :-1].transpose(0, 2, 1)),
            np.ascontiguousarray(rad[:, :, :-1].transpose(0, 2, 1)),
            mid[:, :, -1].copy(),
            rad[:, :, -1].copy(),
            [key for _, _, _, _, key in exact],
        )

    def run(self) -> VertexBases:
        n_rows, width = self.n_rows, self.width
        basis = tuple(range(width - n_rows, width))
        key = sum(1 << v for v in basis)
        self.discover(key)
        first = self.interval_layer([(basis, list(range(width - n_rows)), self.start, 1, key)])
        # last in, first out: depth first over slices of at most one chunk of bases
        pending = [_Pending(first, None, None, None, first[6])]
        self.held = pending[0].nbytes
        while pending:
            if self.out_of_budget():
                return VertexBases(self.vertices, complete=False, stopped_by=self.stopped_by)
            entry = pending[-1]
            chunk = entry.take(self.chunk)
            if entry.done:
                pending.pop()
                self.held -= entry.nbytes
            for found in self.float_step(chunk):
                pending.append(found)
                self.held += found.nbytes
        return VertexBases(self.vertices)

    def out_of_budget(self) -> bool:
        """True (and :attr:`stopped_by` set) once the time or the memory is spent."""
        if self.stopped_by is not None:
            return True
        if self.budget is not None and self.budget.expired():
            self.stopped_by = "time"
        elif self.memory() > self.max_memory:
            if self.budget is None or self.budget.deadline is None:
                raise TooLargeError(
                    f"the {self.what} needs more than {self.max_memory // 10**6:,} MB "
                    f"to enumerate ({len(self.seen):,} feasible bases so far); "
                    f"{_ALTERNATIVES}"
                )
            self.stopped_by = "memory"
            if self.budget is not None:
                self.budget.stopped = True
        return self.stopped_by is not None

    def memory(self) -> int:
        """An estimate of the bytes the search holds (stack, bases seen, vertices)."""
        return int(
            self.held
            + len(self.seen) * self.key_bytes
            + len(self.vertices) * (self.key_bytes + 4 * self.n_rows + 40)
            + len(self.exact_cache) * self.exact_bytes
        )


class _Pending:
    """Bases waiting on the search's stack: a layer's own bases (``parents`` is
    None), or the children of a layer's bases, pivoted a slice at a time."""

    def __init__(
        self,
        layer: Layer,
        parents: npt.NDArray[np.int64] | None,
        rows: npt.NDArray[np.int64] | None,
        columns: npt.NDArray[np.int64] | None,
        keys: list[int],
    ) -> None:
        self.layer, self.parents, self.rows, self.columns = layer, parents, rows, columns
        self.keys = keys
        self.offset = 0
        self.nbytes = sum(part.nbytes for part in layer[:6])

    @property
    def done(self) -> bool:
        return self.offset >= len(self.keys)

    def take(self, count: int) -> Layer:
        """The next ``count`` bases, as a layer."""
        begin, end = self.offset, self.offset + count
        self.offset = end
        keys = self.keys[begin:end]
        if self.parents is None:
            return (*(part[begin:end] for part in self.layer[:6]), keys)  # type: ignore[return-value]
        assert self.rows is not None and self.columns is not None
        with np.errstate(over="ignore", invalid="ignore"):  # overflow goes exact later
            found = _pivot_layer(
                self.layer, self.parents[begin:end], self.rows[begin:end],
                self.columns[begin:end],
            )  # fmt: skip
        return (*found, keys)


class VertexBases(Mapping[int, tuple[int, ...]]):
    """Vertex label bitmask -> one feasible basis giving the vertex.

    ``complete`` is False when the search stopped early (``stopped_by``: ``"time"``
    or ``"memory"``); the vertices found so far are then a subset. A search that
    met the vertices' weights on its way passes them (``weights``).
    """

    def __init__(
        self,
        found: dict[int, bytes],
        *,
        complete: bool = True,
        stopped_by: str | None = None,
        weights: dict[int, tuple[int, ...]] | None = None,
    ) -> None:
        self._found = found
        self.complete = complete
        self.stopped_by = stopped_by
        self._weights = weights or {}

    def weights(self, matrix: npt.NDArray[Any], mask: int) -> tuple[int, ...]:
        """Integers proportional to the vertex's coordinates (as :func:`vertex_weights`)."""
        known = self._weights.get(mask)
        return known if known is not None else vertex_weights(matrix, self[mask])

    def __getitem__(self, mask: int) -> tuple[int, ...]:
        return tuple(np.frombuffer(self._found[mask], dtype=np.int32).tolist())

    def __iter__(self) -> Iterator[int]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


Layer = tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    FloatArray,
    FloatArray,
    FloatArray,
    FloatArray,
    list[int],
]
"""Bases (row -> basic variable), cobasic variables (column -> variable), the
interval tableau's columns (midpoints and radii, indexed [basis, column, row]),
its right-hand sides (midpoints and radii, [basis, row]), and the bases' keys."""

Exact = tuple[tuple[int, ...], list[int], npt.NDArray[Any], int, int]
"""A basis, its cobasic variables, its integer dictionary ``det * T``, ``det`` and key."""


def _pivot_layer(
    layer: Layer,
    parents: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
    columns: npt.NDArray[np.int64],
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray, FloatArray, FloatArray, FloatArray
]:
    """Exchange pivots on many tableaux at once, in interval arithmetic: in tableau
    ``parents[k]`` the basic variable of row ``rows[k]`` and the cobasic variable of
    column ``columns[k]`` trade places (``x_B + T x_N = rhs`` form)."""
    bases, cobasic, col_m, col_r, rhs_m, rhs_r, _ = layer
    k = np.arange(len(parents))
    new_m, new_r = col_m[parents], col_r[parents]
    new_rhs_m, new_rhs_r = rhs_m[parents], rhs_r[parents]
    pivot_m, pivot_r = new_m[k, columns, rows], new_r[k, columns, rows]
    below = (pivot_m - pivot_r)[:, None]  # a lower bound of the pivot, positive
    # the pivot row divided by the pivot; the leaving variable's column gets 1 / pivot
    row_m, row_r = new_m[k, :, rows], new_r[k, :, rows]
    row_m[k, columns] = 1.0
    row_r[k, columns] = 0.0
    quotient = row_m / pivot_m[:, None]
    quotient_r = (row_r + np.abs(quotient) * pivot_r[:, None]) / below
    quotient_r = quotient_r * _GROW + _ROUNDING * np.abs(quotient)
    step = rhs_m[parents, rows][:, None] / pivot_m[:, None]
    step_r = (rhs_r[parents, rows][:, None] + np.abs(step) * pivot_r[:, None]) / below
    step_r = step_r * _GROW + _ROUNDING * np.abs(step)
    # every other row: T - f q, f the entering column;
    # |f q - f~ q~| <= |f~| q_r + f_r (|q~| + q_r), plus the rounding of f q and of T - f q
    factor_m, factor_r = new_m[k, columns, :], new_r[k, columns, :]
    new_m[k, columns, :] = 0.0
    new_r[k, columns, :] = 0.0
    new_m -= np.matmul(quotient[:, :, None], factor_m[:, None, :])
    left = np.stack(
        [quotient_r + _ROUNDING * np.abs(quotient), np.abs(quotient) + quotient_r], axis=2
    )
    right = np.stack([np.abs(factor_m), factor_r], axis=1)
    new_r += np.matmul(left, right)
    new_r += _ROUNDING * np.abs(new_m)
    new_r *= _GROW
    new_rhs_m -= step * factor_m
    new_rhs_r += (
        np.abs(factor_m) * (step_r + _ROUNDING * np.abs(step)) + factor_r * (np.abs(step) + step_r)
    )
    new_rhs_r += _ROUNDING * np.abs(new_rhs_m)
    new_rhs_r *= _GROW
    new_m[k, :, rows] = quotient
    new_r[k, :, rows] = quotient_r
    new_rhs_m[k, rows] = step[:, 0]
    new_rhs_r[k, rows] = step_r[:, 0]
    new_bases = bases[parents]
    new_cobasic = cobasic[parents]
    new_bases[k, rows], new_cobasic[k, columns] = new_cobasic[k, columns], new_bases[k, rows]
    return new_bases, new_cobasic, new_m, new_r, new_rhs_m, new_rhs_r


def too_many_bases(what: str, max_bases: int) -> TooLargeError:
    """The refusal of a vertex search past ``max_bases`` feasible bases (every search
    of this module and :mod:`stability.solvers.lex_search` says the same)."""
    return TooLargeError(
        f"the {what} has more than {max_bases:,} feasible bases; enumerating every "
        "vertex would take too long (the game is too large or too degenerate for method "
        "'all'; try 'pure', 'support' or 'lemke-howson')"
    )


def vertex_bases(
    matrix: npt.NDArray[Any],
    variable_labels: Sequence[int],
    slack_labels: Sequence[int],
    *,
    max_bases: int = 1_000_000,
    progress: Progress | None = None,
    progress_every: int = 2_000,
    what: str = "polytope",
    budget: Budget | None = None,
    max_memory: int = MAX_MEMORY,
) -> VertexBases:
    """Every vertex of ``{z >= 0 : matrix @ z <= 1}`` (``matrix`` positive integers),
    as a map from its label bitmask to one feasible basis that gives it.

    Variable ``k`` of ``z`` carries label ``variable_labels[k]``, slack ``i``
    (row ``i`` tight) ``slack_labels[i]``. Raises :class:`TooLargeError` beyond
    ``max_bases`` feasible bases or more than ``max_memory`` bytes held; with a
    ``budget`` that has a deadline it stops instead (at the deadline, or at either
    bound) and returns the vertices found, marked incomplete. ``progress`` is called
    with the bases visited.
    """
    from stability.solvers.lex_search import lex_vertex_bases, suits_lex_search

    if suits_lex_search(matrix):  # small integers: exact and batched is faster
        found: VertexBases = lex_vertex_bases(
            matrix, variable_labels, slack_labels, max_bases=max_bases, progress=progress,
            progress_every=progress_every, what=what, budget=budget, max_memory=max_memory,
        )  # fmt: skip
        return found
    labels = list(variable_labels) + list(slack_labels)
    search = _Search(matrix, labels, max_bases, progress, progress_every, what, budget, max_memory)
    return search.run()


def vertex_weights(matrix: npt.NDArray[Any], basis: Sequence[int]) -> tuple[int, ...]:
    """Integers proportional to the coordinates of the vertex of a feasible basis.

    >>> vertex_weights(np.array([[2, 1], [1, 3]], dtype=object), (0, 1))
    (2, 1)
    """
    n_rows, n_vars = matrix.shape
    # the basic variables solve M[T, S] z_S = 1, T the rows whose slack is not basic
    support = [v for v in basis if v < n_vars]
    basic_slacks = {v - n_vars for v in basis if v >= n_vars}
    tight = [i for i in range(n_rows) if i not in basic_slacks]
    weights = [0] * n_vars
    if support:
        system = np.array([[matrix[i, v] for v in support] for i in tight], dtype=object)
        tableau, _, _ = exact_dictionary(start_dictionary(system), tuple(range(len(support))))
        for row, var in enumerate(support):
            weights[var] = int(tableau[row, -1])
    return tuple(weights)


def polytope_vertices(
    matrix: npt.NDArray[Any],
    variable_labels: Sequence[int],
    slack_labels: Sequence[int],
    *,
    max_bases: int = 1_000_000,
    progress: Progress | None = None,
    what: str = "polytope",
) -> list[Vertex]:
    """Every vertex of ``{z >= 0 : matrix @ z <= 1}`` with exact integer weights.

    >>> square = np.array([[1, 0], [0, 1]], dtype=object) + 1
    >>> sorted(v.labels for v in polytope_vertices(square, [0, 1], [2, 3]))
    [3, 6, 9, 12]
    """
    found = vertex_bases(
        matrix, variable_labels, slack_labels, max_bases=max_bases, progress=progress, what=what
    )
    return [Vertex(mask, vertex_weights(matrix, basis)) for mask, basis in found.items()]
