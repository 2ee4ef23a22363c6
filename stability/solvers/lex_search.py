"""Every vertex of ``{z >= 0 : M z <= 1}`` for small integer ``M``: exact, batched.

The search of :mod:`stability.solvers.polytope` for games whose payoffs are
small integers (0/1 games, payoffs in [-5, 5]), where almost every basis is
degenerate and the interval path would hand nearly all of them to the
one-at-a-time exact path. Here every basis is exact from the start and whole
batches of bases go through numpy at once:

- a tableau is held fraction-free (Bareiss): ``det * [B^-1 A | B^-1 1]``, whose
  entries are minors of the starting tableau, in 64-bit integers while every entry
  is below 2**31 (so that a product of two entries, and the difference of two such
  products, cannot overflow), and in Python integers (numpy ``object``) beyond;
- the ratio test is the lexicographic one (lrs's rule: the right-hand side
  perturbed by ``(e, e^2, ...)``, which makes the polytope simple), decided
  exactly: a floating-point quotient proposes the minimum row and exact
  cross-multiplication confirms it or proposes a smaller one, until it is exact;
  ties are broken by the columns of the basis inverse, level by level;
- the bases already seen are kept as integer bit masks, and the bases waiting are
  expanded last in, first out, a batch at a time, so memory stays near one
  batch's tableaux plus the set of bases seen.

>>> square = np.array([[1, 0], [0, 1]], dtype=object) + 1
>>> sorted(lex_vertex_bases(square, [0, 1], [2, 3]))
[3, 6, 9, 12]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import TooLargeError
from stability.solvers.budget import Budget
from stability.solvers.polytope import MAX_MEMORY, VertexBases, too_many_bases

Progress = Callable[[int], None]
Array = npt.NDArray[Any]

#: Entries below this bound are pivoted in 64-bit integers: ``p * t - c * r`` then
#: stays below 2**63.
SAFE = 2**31
#: Bases expanded together in one numpy pass.
BATCH = 1024
#: The Hadamard bound (product of the row norms of ``[M | 1]``) below which the
#: batched exact search is used: its minors mostly fit in 64-bit integers.
MAX_HADAMARD = 2.0**62
#: Largest (shifted, positive) payoff for which the batched exact search is used:
#: with payoffs 0..99 the interval search was 2 to 3 times faster (few ties), with
#: 0..19 as fast, with 0..10 twice as slow.
MAX_ENTRY = 16
#: Tableau entries (rows x columns) above which the batched exact search is not used.
MAX_ENTRIES = 40 * 80


def suits_lex_search(matrix: Array) -> bool:
    """True if the batched exact search is the faster one for ``matrix`` (small
    integers, at most :data:`MAX_ENTRY`; a Hadamard bound on its minors below
    2**62; a small tableau).

    >>> suits_lex_search(np.ones((10, 10), dtype=object) * 2)
    True
    >>> suits_lex_search(np.full((10, 10), 100, dtype=object))
    False
    """
    n_rows, n_vars = matrix.shape
    if n_rows * (n_rows + n_vars + 1) > MAX_ENTRIES or n_rows + n_vars >= 62:
        return False
    if max((int(v) for v in matrix.ravel()), default=0) > MAX_ENTRY:
        return False  # a wide range of payoffs: few ties, the interval search is faster
    log_bound = 0.0
    for row in matrix:
        norm = math.sqrt(sum(float(v) * float(v) for v in row) + 1.0)
        log_bound += math.log2(max(norm, 1.0))
    return log_bound < math.log2(MAX_HADAMARD)


class _Batch:
    """Bases waiting to be expanded: their tableaux ``det * [B^-1 A | B^-1 1]``
    (``[basis, row, column]``), determinants, basic variables per row, cobasic
    variables, and keys (bit masks of the basic variables)."""

    def __init__(
        self, tableaux: Array, dets: Array, basis: Array, cobasic: Array, keys: Array
    ) -> None:
        self.tableaux, self.dets, self.basis, self.cobasic, self.keys = (
            tableaux, dets, basis, cobasic, keys,
        )  # fmt: skip
        self.offset = 0

    @property
    def nbytes(self) -> int:
        per = 8 if self.tableaux.dtype != object else 40
        return int(self.tableaux.size * per + self.basis.nbytes + self.cobasic.nbytes)

    def __len__(self) -> int:
        return max(0, len(self.keys) - self.offset)

    def take(self, count: int) -> _Batch:
        begin, end = self.offset, self.offset + count
        self.offset = end
        return _Batch(
            self.tableaux[begin:end], self.dets[begin:end], self.basis[begin:end],
            self.cobasic[begin:end], self.keys[begin:end],
        )  # fmt: skip


def _exact_argmin(values: Array, entries: Array, candidates: Array) -> Array:
    """Per line, the index of a least ``values / entries`` among ``candidates``
    (entries there positive), decided exactly.

    A floating-point quotient proposes the minimum (rounding is monotone, so no
    candidate with a larger float is smaller); cross-multiplication then checks it,
    and a candidate found smaller takes its place until none is.
    """
    lines = np.arange(len(values))
    if values.dtype == object:
        with np.errstate(all="ignore"):
            quotient = np.where(candidates, values / np.where(candidates, entries, 1), 0)
        floats = quotient.astype(np.float64)
    else:
        with np.errstate(all="ignore"):
            floats = values.astype(np.float64) / entries.astype(np.float64)
    floats = np.where(candidates, floats, np.inf)
    best = floats.argmin(axis=1)
    while True:
        best_value = values[lines, best][:, None]
        best_entry = entries[lines, best][:, None]
        smaller = candidates & (values * best_entry < best_value * entries)
        wrong = smaller.any(axis=1)
        if not wrong.any():
            found: Array = best
            return found
        best = np.where(wrong, smaller.argmax(axis=1), best)


class LexSearch:
    """One batched exact vertex search (see :func:`lex_vertex_bases`)."""

    def __init__(
        self,
        matrix: Array,
        labels: Sequence[int],
        *,
        max_bases: int,
        progress: Progress | None,
        progress_every: int,
        what: str,
        budget: Budget | None,
        max_memory: int,
    ) -> None:
        self.n_rows, self.n_vars = matrix.shape
        self.width = self.n_rows + self.n_vars
        self.matrix = matrix
        self.label_bit = np.array([1 << label for label in labels], dtype=np.int64)
        self.var_bit = np.array([1 << var for var in range(self.width)], dtype=np.int64)
        self.all_labels = int(self.label_bit.sum())
        self.seen: set[int] = set()
        self.vertices: dict[int, bytes] = {}
        self.weights: dict[int, tuple[int, ...]] = {}
        self.max_bases, self.what = max_bases, what
        self.progress, self.progress_every = progress, progress_every
        self.budget, self.max_memory = budget, max_memory
        self.visited = 0
        self.held = 0
        self.stopped_by: str | None = None
        self.key_bytes = 90

    def start(self) -> _Batch:
        rows, width = self.n_rows, self.width
        tableau = np.zeros((1, rows, width + 1), dtype=np.int64)
        tableau[0, :, : self.n_vars] = np.array(self.matrix.tolist(), dtype=np.int64)
        tableau[0, :, self.n_vars : width] = np.eye(rows, dtype=np.int64)
        tableau[0, :, width] = 1
        if np.abs(tableau).max() >= SAFE:
            tableau = tableau.astype(object)
        basis = np.arange(self.n_vars, width, dtype=np.int64)[None, :]
        cobasic = np.arange(self.n_vars, dtype=np.int64)[None, :]
        key = int(self.var_bit[self.n_vars :].sum())
        self.seen.add(key)
        dets = np.ones(1, dtype=tableau.dtype)
        return _Batch(tableau, dets, basis, cobasic, np.array([key], dtype=np.int64))

    def run(self) -> tuple[dict[int, bytes], dict[int, tuple[int, ...]], bool, str | None]:
        pending = [self.start()]
        self.held = pending[0].nbytes
        while pending:
            if self.out_of_budget():
                return self.vertices, self.weights, False, self.stopped_by
            top = pending[-1]
            batch = top.take(BATCH)
            if not len(top):
                pending.pop()
                self.held -= top.nbytes
            for child in self.expand(batch):
                pending.append(child)
                self.held += child.nbytes
        return self.vertices, self.weights, True, None

    def out_of_budget(self) -> bool:
        if self.stopped_by is not None:
            return True
        if self.budget is not None and self.budget.expired():
            self.stopped_by = "time"
        elif self.held + len(self.seen) * self.key_bytes > self.max_memory:
            if self.budget is None or self.budget.deadline is None:
                raise TooLargeError(
                    f"the {self.what} needs more than {self.max_memory // 10**6:,} MB "
                    f"to enumerate ({len(self.seen):,} feasible bases so far); give "
                    "--time-limit to list the equilibria found within the time, or use "
                    "'lemke-howson' (one equilibrium, fast) or 'pure'"
                )
            self.stopped_by = "memory"
        if self.stopped_by is not None and self.budget is not None:
            self.budget.stopped = True
        return self.stopped_by is not None

    def record_vertices(self, batch: _Batch) -> None:
        rhs = batch.tableaux[:, :, -1]
        nonzero = rhs != 0
        positive = (self.label_bit[batch.basis] * nonzero).sum(axis=1)
        masks = self.all_labels ^ positive
        unique, first = np.unique(masks, return_index=True)
        for mask, k in zip(unique.tolist(), first.tolist(), strict=True):
            if mask in self.vertices:
                continue
            self.vertices[mask] = batch.basis[k].astype(np.int32).tobytes()
            weights = [0] * self.n_vars
            for row, var in enumerate(batch.basis[k].tolist()):
                if var < self.n_vars:
                    weights[var] = int(rhs[k, row])
            divisor = math.gcd(*weights)
            self.weights[mask] = tuple(w // divisor for w in weights) if divisor else ()

    def expand(self, batch: _Batch) -> list[_Batch]:
        """Record the vertices of ``batch`` and return its unseen neighbours."""
        self.record_vertices(batch)
        count, rows = len(batch.keys), self.n_rows
        tableaux, cobasic = batch.tableaux, batch.cobasic
        # columns[b, c, r]: entry of row r in the column of cobasic variable c
        columns = np.take_along_axis(tableaux, cobasic[:, None, :], axis=2).transpose(0, 2, 1)
        positive = columns > 0
        has = positive.any(axis=2)
        lines_b, lines_c = np.nonzero(has)
        entries = columns[lines_b, lines_c]  # (lines, rows)
        candidates = positive[lines_b, lines_c]
        values = tableaux[lines_b, :, -1]
        leave = _exact_argmin(values, entries, candidates)
        # the rows tied with the minimum go on to the next level of the lexicographic test
        idx = np.arange(len(lines_b))
        best_value = values[idx, leave][:, None]
        best_entry = entries[idx, leave][:, None]
        tied = candidates & (values * best_entry == best_value * entries)
        open_lines = np.flatnonzero(tied.sum(axis=1) > 1)
        level = 0
        while len(open_lines):
            if level >= rows:
                raise AssertionError("the lexicographic ratio test left a tie (singular basis)")
            sub_b = lines_b[open_lines]
            sub_values = tableaux[sub_b, :, self.n_vars + level]
            sub_entries, sub_tied = entries[open_lines], tied[open_lines]
            best = _exact_argmin(sub_values, sub_entries, sub_tied)
            sub = np.arange(len(open_lines))
            top_value = sub_values[sub, best][:, None]
            top_entry = sub_entries[sub, best][:, None]
            sub_tied = sub_tied & (sub_values * top_entry == top_value * sub_entries)
            leave[open_lines] = best
            tied[open_lines] = sub_tied
            open_lines = open_lines[sub_tied.sum(axis=1) > 1]
            level += 1
        # the neighbours' keys, and those not seen before
        leaving_var = batch.basis[lines_b, leave]
        entering_var = cobasic[lines_b, lines_c]
        child_keys = batch.keys[lines_b] - self.var_bit[leaving_var] + self.var_bit[entering_var]
        seen, chosen = self.seen, []
        for i, key in enumerate(child_keys.tolist()):
            if key not in seen:
                seen.add(key)
                chosen.append(i)
        self.count(count)
        if len(seen) > self.max_bases:
            self.over_max_bases()
        if not chosen:
            return []
        take = np.array(chosen, dtype=np.int64)
        return self.pivot(batch, lines_b[take], leave[take], lines_c[take], child_keys[take])

    def pivot(
        self, batch: _Batch, parents: Array, rows: Array, positions: Array, keys: Array
    ) -> list[_Batch]:
        """The children's tableaux: Bareiss exchange pivots, in 64-bit integers where
        every entry of the parent is below :data:`SAFE`, in Python integers elsewhere."""
        out = []
        if batch.tableaux.dtype == object:
            fits = np.array(
                [max(abs(v) for v in t.ravel()) < SAFE for t in batch.tableaux], dtype=bool
            )
        else:
            fits = np.abs(batch.tableaux).max(axis=(1, 2)) < SAFE
        small = fits[parents]
        for part, dtype in ((small, np.int64), (~small, object)):
            if not part.any():
                continue
            p, r, c, k = parents[part], rows[part], positions[part], keys[part]
            tableaux = batch.tableaux[p].astype(dtype)
            dets = batch.dets[p].astype(dtype)
            line = np.arange(len(p))
            entering = batch.cobasic[p, c]
            pivots = tableaux[line, r, entering]
            column = tableaux[line, :, entering]
            pivot_row = tableaux[line, r, :]
            new = pivots[:, None, None] * tableaux - column[:, :, None] * pivot_row[:, None, :]
            new //= dets[:, None, None]
            new[line, r, :] = pivot_row
            basis = batch.basis[p].copy()
            cobasic = batch.cobasic[p].copy()
            cobasic[line, c] = basis[line, r]
            basis[line, r] = entering
            out.append(_Batch(new, pivots, basis, cobasic, k))
        return out

    def count(self, bases: int) -> None:
        before = self.visited
        self.visited += bases
        every = self.progress_every
        if self.progress is not None and self.visited // every > before // every:
            self.progress(self.visited // every * every)

    def over_max_bases(self) -> None:
        if self.budget is not None and self.budget.deadline is not None:
            self.stopped_by = "bases"
            self.budget.stopped = True
            return
        raise too_many_bases(self.what, self.max_bases)


def lex_vertex_bases(
    matrix: Array,
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
    """Every vertex of ``{z >= 0 : matrix @ z <= 1}`` (``matrix`` positive integers)
    as :class:`~stability.solvers.polytope.VertexBases`, with each vertex's integer
    weights known (``weights``). The same contract as
    :func:`~stability.solvers.polytope.vertex_bases`."""
    search = LexSearch(
        matrix, list(variable_labels) + list(slack_labels), max_bases=max_bases,
        progress=progress, progress_every=progress_every, what=what, budget=budget,
        max_memory=max_memory,
    )  # fmt: skip
    vertices, weights, complete, stopped_by = search.run()
    return VertexBases(vertices, complete=complete, stopped_by=stopped_by, weights=weights)
