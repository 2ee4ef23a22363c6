"""One support profile's equilibria by interval subdivision: proved absent, or each
isolated in a box proved to hold exactly one solution (Krawczyk's test).

The unknowns are each player's probabilities on its support but the first (the
first is one minus the others). The search starts from the unit box and keeps
only boxes that may hold an equilibrium on the support. A box is dropped when an
interval bound proves, over the whole box, that an indifference equation is
nonzero, that the first strategy's probability is not positive, or that a
strategy outside a support pays more. A box is kept as *certified* when
Krawczyk's operator maps it into its own interior: the equations then have
exactly one solution in it. Other boxes are shrunk by the operator or halved.

Every payoff enters as a multilinear polynomial in nonnegative probabilities, so
the bounds are sums of products of the probabilities' bounds, split by the signs
of the coefficients. The arithmetic is in double precision; every computed bound
is widened outward by a margin (:data:`MARGIN` of the sum of the coefficients'
magnitudes) that is far above the rounding error of these small sums, so a box
is never dropped wrongly.

A support is *settled* when every box is dropped or certified with its sign
conditions decided; what cannot be settled (a singular or a positive-dimensional
solution set, or more boxes than :data:`MAX_BOXES`) is left to the exact algebra.

>>> import numpy as np
>>> from stability.model.game import Game
>>> s = np.indices((2, 2, 2))
>>> jordan = Game.from_integers([
...     np.where(s[0] == s[1], 1, -1),
...     np.where(s[1] == s[2], 1, -1),
...     np.where(s[2] != s[0], 1, -1),
... ])
>>> outcome = search(jordan, ((0, 1), (0, 1), (0, 1)))
>>> outcome.settled, [[float(v) for v in box.mid] for box in outcome.roots]
(True, [[0.5, 0.5, 0.5]])
>>> search(jordan, ((0,), (0, 1), (0, 1))).roots
[]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from stability.model.game import Game
from stability.solvers.regret import is_exact_equilibrium

Support = tuple[tuple[int, ...], ...]
Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

#: Outward widening of every computed bound, relative to the coefficients' magnitudes.
MARGIN = 1e-11
#: Relative widening of the Krawczyk operator's float matrix products (rounding).
ROUNDING = 1e-12
#: Most boxes examined for one support before it is left to the exact algebra.
MAX_BOXES = 12_000
#: Boxes narrower than this that are neither dropped nor certified: left to the algebra.
MIN_WIDTH = 1e-9
#: The search box reaches this far beyond [0, 1] and boxes are cut off-centre, so that
#: no solution at a simple fraction (0, 1/2, 1/4, ...) lies on a box's face, where
#: Krawczyk's test could never certify it.
PAD = 0.000713
SPLIT = 0.4871
#: Boxes handled together in one vectorised step.
BATCH = 512


@dataclass
class Layout:
    """A support's payoff differences as float tensors (scaled per player)."""

    support: Support
    sizes: list[int]
    unknowns: list[tuple[int, int]]  # (player, strategy) of each unknown
    offsets: list[int]  # first unknown of each player
    #: per player: (rows, *others' support sizes) tensor of payoff differences
    #: against the player's first support strategy; rows are the rest of the support
    #: (equations) and then the strategies outside it (inequalities)
    gains: list[Array]
    equation_rows: list[int]
    #: per player i, per other player j with unknowns: d gains / d unknowns of j
    slopes: dict[tuple[int, int], Array] = field(default_factory=dict)
    scale: list[float] = field(default_factory=list)


def layout(game: Game, support: Support) -> Layout:
    """The tensors of ``support``'s indifference equations and inequalities."""
    sizes = [len(s) for s in support]
    unknowns = [(i, k) for i, s in enumerate(support) for k in s[1:]]
    offsets = list(itertools.accumulate([0] + [m - 1 for m in sizes]))[:-1]
    gains: list[Array] = []
    rows_count: list[int] = []
    scale: list[float] = []
    for i, table in enumerate(game.numerators):
        axes = [list(range(m)) if j == i else list(support[j]) for j, m in enumerate(game.shape)]
        block = np.moveaxis(np.asarray(table[np.ix_(*axes)], dtype=object), i, 0)
        first = support[i][0]
        order = list(support[i][1:]) + [k for k in range(game.shape[i]) if k not in support[i]]
        exact = np.stack([block[k] - block[first] for k in order]) if order else None
        if exact is None:
            gains.append(np.zeros((0, *[sizes[j] for j in range(len(sizes)) if j != i])))
            scale.append(1.0)
        else:
            largest = max(abs(int(v)) for v in exact.flat) or 1
            gains.append(np.asarray(exact.astype(float) / float(largest), dtype=np.float64))
            scale.append(float(largest))
        rows_count.append(len(support[i]) - 1)
    result = Layout(support, sizes, unknowns, offsets, gains, rows_count, {}, scale)
    for i in range(len(support)):
        others = [j for j in range(len(support)) if j != i]
        for j in others:
            if sizes[j] < 2:
                continue
            axis = 1 + others.index(j)
            g = gains[i][: rows_count[i]]
            rest = np.take(g, range(1, sizes[j]), axis=axis) - np.take(g, [0], axis=axis)
            result.slopes[(i, j)] = np.moveaxis(rest, axis, 1)  # (rows, k_j - 1, others...)
    return result


def _vertices(lay: Layout, low: Array, high: Array) -> list[Array]:
    """Every player's full probability vector at each vertex of its part of each box:
    ``(B, 2**(k - 1), k)`` per player (the first strategy's probability is one minus
    the others', so it may be negative at a vertex outside the simplex)."""
    out = []
    batch = low.shape[0]
    for i, k in enumerate(lay.sizes):
        o = lay.offsets[i]
        corners = np.array(list(itertools.product((0, 1), repeat=k - 1)), dtype=bool)
        if k == 1:
            out.append(np.ones((batch, 1, 1)))
            continue
        lo, hi = low[:, o : o + k - 1], high[:, o : o + k - 1]
        rest = np.where(corners[None], hi[:, None, :], lo[:, None, :])
        first = 1.0 - rest.sum(axis=2, keepdims=True)
        out.append(np.concatenate([first, rest], axis=2))
    return out


def _outer(vertices: Sequence[Array], batch: int) -> Array:
    """Every combination of the players' vertices as one product weight per pure
    profile of theirs: ``(B, vertex combinations, profiles)``."""
    weights = np.ones((batch, 1, 1))
    for vertex in vertices:
        weights = (weights[:, :, None, :, None] * vertex[:, None, :, None, :]).reshape(
            batch, weights.shape[1] * vertex.shape[1], weights.shape[2] * vertex.shape[2]
        )
    return weights


def _range(tensor: Array, vertices: Sequence[Array], lead: int) -> tuple[Array, Array]:
    """The exact range (up to rounding, covered by a margin) of a form that is affine in
    each player's probabilities, over boxes given by their vertices: ``tensor``'s
    first ``lead`` axes are kept, the rest are matched with ``vertices``."""
    batch = vertices[0].shape[0] if vertices else 1
    kept = tensor.shape[:lead]
    if tensor.size == 0:
        empty = np.zeros((batch, *kept))
        return empty, empty.copy()
    flat = tensor.reshape(int(np.prod(kept)), -1)
    weights = _outer(vertices, batch)
    values = np.matmul(weights, flat.T)  # (B, combinations, kept)
    # vertex coordinates are at most max(1, k - 1) in magnitude
    size = np.prod([max(1, v.shape[2] - 1) for v in vertices]) if vertices else 1
    slack = MARGIN * float(size) * np.abs(flat).sum(axis=1) + 1e-300
    low = values.min(axis=1) - slack
    high = values.max(axis=1) + slack
    return low.reshape(batch, *kept), high.reshape(batch, *kept)


def gain_bounds(lay: Layout, low: Array, high: Array) -> list[tuple[Array, Array]]:
    """Per player, bounds ``(B, rows)`` of each row's payoff gain over the boxes."""
    vertices = _vertices(lay, low, high)
    out = []
    n = len(lay.sizes)
    for i in range(n):
        others = [vertices[j] for j in range(n) if j != i]
        out.append(_range(lay.gains[i], others, 1))
    return out


def _point_values(lay: Layout, x: Array) -> Array:
    """The equations' values at points ``x`` (``(B, n)``), with their error bounds folded
    into a half-width: returns ``(B, n, 2)`` low/high."""
    return _equation_bounds(lay, x, x)


def jacobian_bounds(lay: Layout, low: Array, high: Array) -> tuple[Array, Array]:
    """Bounds ``(B, n, n)`` of the equations' Jacobian over the boxes."""
    vertices = _vertices(lay, low, high)
    batch = low.shape[0]
    size = len(lay.unknowns)
    j_low = np.zeros((batch, size, size))
    j_high = np.zeros((batch, size, size))
    n = len(lay.sizes)
    for (i, j), tensor in lay.slopes.items():
        rest = [m for m in range(n) if m not in (i, j)]
        lo, hi = _range(tensor, [vertices[m] for m in rest], 2)
        r0, c0 = lay.offsets[i], lay.offsets[j]
        rows, columns = lay.equation_rows[i], lay.sizes[j] - 1
        j_low[:, r0 : r0 + rows, c0 : c0 + columns] = lo
        j_high[:, r0 : r0 + rows, c0 : c0 + columns] = hi
    return j_low, j_high


@dataclass
class Box:
    """A box proved to hold exactly one solution of the equations, which is an
    equilibrium on the support (strictly positive probabilities, no better outside
    strategy)."""

    low: Array
    high: Array

    @property
    def mid(self) -> Array:
        return (self.low + self.high) / 2


@dataclass
class Outcome:
    """What the subdivision proved about one support."""

    settled: bool  # False: left to the exact algebra
    roots: list[Box]
    boxes: int  # boxes examined
    reason: str = ""


def _classify(lay: Layout, low: Array, high: Array) -> tuple[Mask, Mask]:
    """Per box: ``dropped`` (no equilibrium on the support in it) and ``strict`` (every
    sign condition holds strictly over the whole box)."""
    bounds = gain_bounds(lay, low, high)
    batch = low.shape[0]
    dropped = np.zeros(batch, dtype=bool)
    strict = np.ones(batch, dtype=bool)
    for i, (lo, hi) in enumerate(bounds):
        rows = lay.equation_rows[i]
        if rows:
            dropped |= np.any((lo[:, :rows] > 0) | (hi[:, :rows] < 0), axis=1)
        if lo.shape[1] > rows:
            dropped |= np.any(lo[:, rows:] > 0, axis=1)
            strict &= np.all(hi[:, rows:] < 0, axis=1)
        k = lay.sizes[i]
        if k > 1:
            o = lay.offsets[i]
            total_low = low[:, o : o + k - 1].sum(axis=1) * (1 - 4e-16)
            dropped |= total_low >= 1.0
            strict &= np.all(low[:, o : o + k - 1] > 0, axis=1)
            strict &= high[:, o : o + k - 1].sum(axis=1) * (1 + 4e-16) < 1.0
    return dropped, strict


def _krawczyk(lay: Layout, low: Array, high: Array) -> tuple[Array, Array, Mask]:
    """Krawczyk's operator on the boxes: ``(k_low, k_high, valid)``."""
    mid = (low + high) / 2
    radius = (high - low) / 2
    size = low.shape[1]
    point = _point_values(lay, mid)
    j_mid_low, j_mid_high = jacobian_bounds(lay, mid, mid)
    j_mid = (j_mid_low + j_mid_high) / 2
    valid = np.ones(low.shape[0], dtype=bool)
    try:
        inverse = np.linalg.inv(j_mid)
    except np.linalg.LinAlgError:  # some box's midpoint Jacobian is singular: one by one
        inverse = np.zeros_like(j_mid)
        for b in range(low.shape[0]):
            try:
                inverse[b] = np.linalg.inv(j_mid[b])
            except np.linalg.LinAlgError:
                valid[b] = False
    valid &= np.all(np.isfinite(inverse), axis=(1, 2))
    inverse[~valid] = 0.0
    j_low, j_high = jacobian_bounds(lay, low, high)
    # Y f(c): a real matrix times an interval vector
    f_mid = (point[..., 0] + point[..., 1]) / 2
    f_rad = (point[..., 1] - point[..., 0]) / 2
    y_f = np.einsum("bij,bj->bi", inverse, f_mid)
    y_f_rad = np.einsum("bij,bj->bi", np.abs(inverse), f_rad + ROUNDING * np.abs(f_mid))
    # I - Y J(X): a real matrix times an interval matrix
    jm, jr = (j_low + j_high) / 2, (j_high - j_low) / 2
    m_mid = np.eye(size)[None] - np.einsum("bij,bjk->bik", inverse, jm)
    m_rad = np.einsum("bij,bjk->bik", np.abs(inverse), jr + ROUNDING * np.abs(jm)) + ROUNDING
    spread = np.einsum("bij,bj->bi", np.abs(m_mid) + m_rad, radius)
    center = mid - y_f
    width = y_f_rad + spread
    error = ROUNDING * (np.abs(center) + width + np.abs(mid) + np.abs(y_f)) + 1e-15
    return center - width - error, center + width + error, valid


def _narrow(lay: Layout, low: Array, high: Array) -> tuple[Array, Array, Mask]:
    """Each unknown's range narrowed by each equation (``(low, high, empty)``).

    An equation is affine in each unknown ``y`` alone: ``a y + b = 0`` with ``a`` the
    equation's slope in ``y`` (free of ``y``) and ``b`` its value at ``y = 0``, so
    ``y`` lies in ``-b / a`` wherever the bounds of ``a`` exclude zero. Each
    player's probabilities also sum to at most one.
    """
    batch, size = low.shape
    j_low, j_high = jacobian_bounds(lay, low, high)
    zero_low = np.repeat(low[:, None, :], size, axis=1)
    zero_high = np.repeat(high[:, None, :], size, axis=1)
    index = np.arange(size)
    zero_low[:, index, index] = 0.0
    zero_high[:, index, index] = 0.0
    values = _equation_bounds(lay, zero_low.reshape(-1, size), zero_high.reshape(-1, size))
    b_low = values[..., 0].reshape(batch, size, size)  # [box, unknown, equation]
    b_high = values[..., 1].reshape(batch, size, size)
    a_low = np.swapaxes(j_low, 1, 2)  # [box, unknown, equation]
    a_high = np.swapaxes(j_high, 1, 2)
    usable = (a_low > 0) | (a_high < 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        quotients = np.stack(
            [-b_low / a_low, -b_low / a_high, -b_high / a_low, -b_high / a_high], axis=-1
        )
    q_low = np.where(usable, quotients.min(axis=-1), -np.inf)
    q_high = np.where(usable, quotients.max(axis=-1), np.inf)
    spread = ROUNDING * (np.abs(q_low) + np.abs(q_high)) + 1e-15
    new_low = np.maximum(low, np.max(np.where(usable, q_low - spread, -np.inf), axis=2))
    new_high = np.minimum(high, np.min(np.where(usable, q_high + spread, np.inf), axis=2))
    for i, k in enumerate(lay.sizes):
        if k > 2:
            o = lay.offsets[i]
            block_low = new_low[:, o : o + k - 1]
            room = 1.0 - (block_low.sum(axis=1, keepdims=True) - block_low)
            new_high[:, o : o + k - 1] = np.minimum(
                new_high[:, o : o + k - 1], room * (1 + 1e-12) + 1e-15
            )
    empty = np.any(new_low > new_high, axis=1)
    return new_low, new_high, empty


def _equation_bounds(lay: Layout, low: Array, high: Array) -> Array:
    """Bounds ``(B, n, 2)`` of the equations over the boxes."""
    bounds = gain_bounds(lay, low, high)
    lows = [b[0][:, : lay.equation_rows[i]] for i, b in enumerate(bounds)]
    highs = [b[1][:, : lay.equation_rows[i]] for i, b in enumerate(bounds)]
    return np.stack([np.concatenate(lows, axis=1), np.concatenate(highs, axis=1)], axis=2)


def search(
    game: Game,
    support: Support,
    *,
    stop: Callable[[], bool] | None = None,
    max_boxes: int = MAX_BOXES,
) -> Outcome:
    """Every equilibrium on ``support`` isolated in a certified box, or why not."""
    lay = layout(game, support)
    size = len(lay.unknowns)
    if any(
        not np.any(lay.gains[i][r])
        for i in range(len(support))
        for r in range(lay.equation_rows[i])
    ):
        # a strategy ties the first everywhere: fewer equations than unknowns
        return Outcome(False, [], 0, "an indifference that holds identically")
    pending = [(np.full(size, -PAD), np.full(size, 1.0 + PAD))]
    roots: list[Box] = []
    examined = 0
    while pending:
        if stop is not None and stop():
            return Outcome(False, roots, examined, "stopped by the time limit")
        chunk, pending = pending[:BATCH], pending[BATCH:]
        low = np.stack([c[0] for c in chunk])
        high = np.stack([c[1] for c in chunk])
        examined += len(chunk)
        if examined > max_boxes:
            return Outcome(False, roots, examined, f"more than {max_boxes:,} boxes")
        for _ in range(4):
            dropped, _ = _classify(lay, low, high)
            low, high = low[~dropped], high[~dropped]
            if not len(low):
                break
            before = (high - low).sum(axis=1)
            low, high, empty = _narrow(lay, low, high)
            low, high = low[~empty], high[~empty]
            if not len(low) or np.all((high - low).sum(axis=1) > 0.8 * before[~empty]):
                break
        if not len(low):
            continue
        k_low, k_high, valid = _krawczyk(lay, low, high)
        inside = valid & np.all((k_low > low) & (k_high < high), axis=1)
        empty = valid & np.any((k_low > high) | (k_high < low), axis=1)
        for b in np.flatnonzero(inside):
            box = _settle_root(lay, k_low[b], k_high[b])
            if box is None:
                return Outcome(False, roots, examined, "a solution on the boundary or tied")
            if isinstance(box, Box):
                if any(_overlap(box, r) for r in roots):
                    return Outcome(False, roots, examined, "overlapping certified boxes")
                roots.append(box)
        rest = ~inside & ~empty
        for b in np.flatnonzero(rest):
            lo, hi = low[b], high[b]
            if valid[b]:
                lo, hi = np.maximum(lo, k_low[b]), np.minimum(hi, k_high[b])
            width = hi - lo
            if width.max() < MIN_WIDTH:
                return Outcome(False, roots, examined, "a singular or non-isolated solution")
            if valid[b] and np.all(width < 0.5 * (high[b] - low[b]) + 1e-300):
                pending.append((lo, hi))  # the operator shrank it well: try again
                continue
            axis = int(np.argmax(width))
            middle = lo[axis] + SPLIT * (hi[axis] - lo[axis])
            left_hi, right_lo = hi.copy(), lo.copy()
            left_hi[axis] = middle
            right_lo[axis] = middle
            pending.append((lo, left_hi))
            pending.append((right_lo, hi))
    return Outcome(True, roots, examined)


def _overlap(a: Box, b: Box) -> bool:
    return bool(np.all(a.low <= b.high) and np.all(b.low <= a.high))


def _settle_root(lay: Layout, low: Array, high: Array) -> Box | bool | None:
    """A certified box shrunk until its sign conditions are decided: the box when the
    root is an equilibrium on the support, ``False`` when it is not, ``None`` when
    undecided (a root on the boundary of the region, or a tie)."""
    for _ in range(60):
        dropped, strict = _classify(lay, low[None], high[None])
        if dropped[0]:
            return False
        if strict[0]:
            return Box(low, high)
        k_low, k_high, valid = _krawczyk(lay, low[None], high[None])
        if not valid[0]:
            return None
        new_low, new_high = np.maximum(low, k_low[0]), np.minimum(high, k_high[0])
        if np.all(new_high - new_low >= 0.999 * (high - low)):
            return None  # no longer shrinking: the conditions are too close to call
        low, high = new_low, new_high
    return None


def tighten(lay: Layout, box: Box) -> Box:
    """The certified box shrunk by Krawczyk's operator until it stops shrinking (it
    still holds the root: each step intersects the box with the operator's image)."""
    low, high = box.low.copy(), box.high.copy()
    for _ in range(60):
        k_low, k_high, valid = _krawczyk(lay, low[None], high[None])
        if not valid[0]:
            break
        new_low, new_high = np.maximum(low, k_low[0]), np.minimum(high, k_high[0])
        if np.any(new_low > new_high) or np.all(new_high - new_low >= 0.9 * (high - low)):
            break
        low, high = new_low, new_high
    return Box(low, high)


def exact_point(game: Game, support: Support, box: Box) -> tuple[tuple[Fraction, ...], ...] | None:
    """The root in a certified box as an exact equilibrium when it is rational (found by
    rounding a Newton-polished point and checked exactly), else ``None``."""
    lay = layout(game, support)
    x = box.mid.copy()
    for _ in range(8):
        values = _point_values(lay, x[None])[0].mean(axis=1)
        j_low, j_high = jacobian_bounds(lay, x[None], x[None])
        try:
            step = np.linalg.solve((j_low[0] + j_high[0]) / 2, values)
        except np.linalg.LinAlgError:
            break
        x = x - step
        if np.max(np.abs(step)) < 1e-15:
            break
    for bound in (10, 100, 1_000, 10_000, 100_000, 1_000_000, 10**8):
        fractions = [Fraction(float(v)).limit_denominator(bound) for v in x]
        if any(
            not (
                Fraction(float(lo)) - Fraction(1, 10**12)
                <= f
                <= Fraction(float(hi)) + Fraction(1, 10**12)
            )
            for f, lo, hi in zip(fractions, box.low, box.high, strict=True)
        ):
            continue
        profile = _profile(game, support, lay, fractions)
        if profile is not None and is_exact_equilibrium(game, profile):
            return profile
    return None


def _profile(
    game: Game, support: Support, lay: Layout, values: Sequence[Fraction]
) -> tuple[tuple[Fraction, ...], ...] | None:
    out: list[tuple[Fraction, ...]] = []
    for i, s in enumerate(support):
        mixture = [Fraction(0)] * game.shape[i]
        o = lay.offsets[i]
        rest = list(values[o : o + len(s) - 1])
        mixture[s[0]] = 1 - sum(rest, Fraction(0))
        for k, v in zip(s[1:], rest, strict=True):
            mixture[k] = v
        if any(mixture[k] <= 0 for k in s):
            return None
        out.append(tuple(mixture))
    return tuple(out)
