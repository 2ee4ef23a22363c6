"""Exact feasibility of small systems of strict and non-strict linear inequalities.

Fourier-Motzkin elimination over the rationals: the unknowns are eliminated one
by one (each pair of a lower and an upper bound on the eliminated unknown gives
one new inequality, strict when either was), and the system is feasible exactly
when the inequalities left between constants hold. A feasible point is then
built by back-substitution, each unknown placed strictly inside its bounds.
Used by the N-player enumerator to settle supports whose solution set is an
affine space (polymatrix games such as the joint games of scenarios). Fine for
the handful of unknowns it meets there; the number of inequalities can grow
quickly with more.

>>> from fractions import Fraction as F
>>> # 0 < z, z < 1, and z <= 0: infeasible
>>> feasible_point([Row((F(-1),), F(0), True), Row((F(1),), F(1), True), Row((F(1),), F(0), False)])
>>> feasible_point([Row((F(-1),), F(0), True), Row((F(1),), F(1), True)])
(Fraction(1, 2),)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

#: Inequalities allowed at any stage of the elimination (beyond: give up, ``None`` reason).
MAX_ROWS = 20_000


class TooManyRows(Exception):
    """The elimination grew beyond :data:`MAX_ROWS` inequalities."""


@dataclass(frozen=True)
class Row:
    """``sum(coefficients[k] * z[k]) < bound`` (``strict``) or ``<= bound``."""

    coefficients: tuple[Fraction, ...]
    bound: Fraction
    strict: bool


def _eliminate(rows: Sequence[Row], k: int) -> list[Row]:
    """Rows without unknown ``k`` (whose coefficient becomes zero)."""
    keep: list[Row] = []
    lower: list[Row] = []
    upper: list[Row] = []
    for row in rows:
        a = row.coefficients[k]
        (keep if a == 0 else upper if a > 0 else lower).append(row)
    out = list(keep)
    for up in upper:
        for low in lower:
            a, b = up.coefficients[k], -low.coefficients[k]
            coefficients = tuple(
                u / a + v / b for u, v in zip(up.coefficients, low.coefficients, strict=True)
            )
            out.append(Row(coefficients, up.bound / a + low.bound / b, up.strict or low.strict))
    if len(out) > MAX_ROWS:
        raise TooManyRows
    return list(dict.fromkeys(out))


def feasible_point(rows: Sequence[Row]) -> tuple[Fraction, ...] | None:
    """A rational point satisfying every row, or ``None`` when there is none.

    Raises :class:`TooManyRows` when the elimination grows too large.
    """
    if not rows:
        return ()
    n = len(rows[0].coefficients)
    stages = [list(rows)]
    for k in reversed(range(n)):
        stages.append(_eliminate(stages[-1], k))
    for row in stages[-1]:
        if row.bound < 0 or (row.strict and row.bound == 0):
            return None
    point: list[Fraction] = [Fraction(0)] * n
    for k in range(n):
        # stage n - k holds rows in unknowns 0..k only
        low: tuple[Fraction, bool] | None = None
        high: tuple[Fraction, bool] | None = None
        for row in stages[n - k - 1]:
            a = row.coefficients[k]
            if a == 0 or any(row.coefficients[j] for j in range(k + 1, n)):
                continue
            rest = row.bound - sum((row.coefficients[j] * point[j] for j in range(k)), Fraction(0))
            value = rest / a
            if a > 0 and (high is None or value < high[0] or (value == high[0] and row.strict)):
                high = (value, row.strict)
            if a < 0 and (low is None or value > low[0] or (value == low[0] and row.strict)):
                low = (value, row.strict)
        if low is not None and high is not None:
            point[k] = low[0] if low[0] == high[0] else (low[0] + high[0]) / 2
        elif low is not None:
            point[k] = low[0] + 1
        elif high is not None:
            point[k] = high[0] - 1
    return tuple(point)
