"""Which outcomes are pure equilibria over a grid of one or two parameters.

The scenario's payoffs are compiled once (:class:`~stability.analysis.joint.CompiledScenario`)
and evaluated over the grid with numpy; the equilibria of every grid point are
found by array operations, block by block (:func:`grid_blocks`: rows, to bound
memory and to share the work between Dask workers with ``client``; the result
does not depend on where the blocks run).
Grid values are exact rationals ``low + k (high - low) / (points - 1)``, rounded
once to floats for the computation, so a cell can be checked against the exact
joint game at its rational point.

>>> from stability.io.scenario import read_scenario
>>> scenario = read_scenario("games/two-allies.toml")
>>> result = sweep(scenario, Axis.of(scenario, "threat"), points=6)
>>> [float(v) for v in result.x.values]
[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
>>> [result.regimes[k] for k in result.grid[0]][:2]
[('Split',), ('Alliance', 'Split')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from stability.analysis.durability import equilibrium_set, exact_string, intervals
from stability.analysis.joint import CompiledScenario
from stability.analysis.scale import each_chunk
from stability.errors import InputError, TooLargeError
from stability.model.exact import format_fraction, parse_number
from stability.model.scenario import Scenario

#: Most grid points in one sweep.
MAX_POINTS = 4_000_000
#: Most rows of a ``--csv`` export: each point's exact values are held as text
#: (1,000,000 rows: 63 MB, 7 s of CPU and 430 MB; 4,000,000 ran past a minute and
#: 1 GB, benchmarks/bench_limits.py).
MAX_CSV_ROWS = 1_000_000


def check_csv_rows(points: int, two_axes: bool) -> None:
    """Refuse a ``--csv`` export of more than :data:`MAX_CSV_ROWS` grid points.

    >>> check_csv_rows(1000, True)
    >>> check_csv_rows(4_000_000, False)
    Traceback (most recent call last):
    ...
    stability.errors.TooLargeError: --csv: a grid of 4,000,000 points is more than ...
    """
    total = points * (points if two_axes else 1)
    if total > MAX_CSV_ROWS:
        raise TooLargeError(
            f"a grid of {total:,} points is more than a CSV export holds "
            f"({MAX_CSV_ROWS:,} rows); lower --points, or draw the map (--out) "
            f"without --csv",
            item="--csv",
        )
#: The grid code of a point where some payoff is undefined (a division by zero)
#: or overflows: JSON ``null``, a hatched cell on the map.
UNDEFINED = -1
#: Most payoff cells (grid points x joint profiles x actors) in one sweep: about
#: 0.1 to 0.2 µs each on the reference machine, so under a minute (docs/performance.md).
MAX_SWEEP_CELLS = 100_000_000
#: Most float payoff values held at once by one block of the grid.
MAX_FLOATS = 30_000_000
#: Most grid points in one block (the unit of work, here or on a Dask worker).
BLOCK_POINTS = 16_384

Progress = Callable[[int, int], None]

IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Axis:
    """One swept parameter: its name and its exact low and high ends."""

    name: str
    low: Fraction
    high: Fraction

    @classmethod
    def of(
        cls, scenario: Scenario, name: str, window: tuple[Fraction, Fraction] | None = None
    ) -> Axis:
        """The axis over ``window`` or, by default, the parameter's declared range."""
        try:
            parameter = scenario.parameter(name)
        except KeyError:
            names = ", ".join(p.name for p in scenario.parameters) or "none"
            raise InputError(f"unknown parameter {name!r} (expected one of: {names})") from None
        low, high = window if window is not None else parameter.range
        if low >= high:
            raise InputError(
                f"{name}: expected LO:HI with LO < HI, got "
                f"{format_fraction(Fraction(low))}:{format_fraction(Fraction(high))}"
            )
        return cls(name, Fraction(low), Fraction(high))

    @classmethod
    def parse(cls, scenario: Scenario, text: str) -> Axis:
        """``"NAME"`` or ``"NAME=LO:HI"`` (numbers as in ``--set``).

        >>> from stability.io.scenario import read_scenario
        >>> Axis.parse(read_scenario("games/two-allies.toml"), "threat=1/2:4")
        Axis(name='threat', low=Fraction(1, 2), high=Fraction(4, 1))
        """
        name, sep, window = text.partition("=")
        name = name.strip()
        if not sep:
            return cls.of(scenario, name)
        low_text, colon, high_text = window.partition(":")
        if not colon:
            raise InputError(f"{text!r}: expected NAME or NAME=LO:HI, for example threat=0:10")
        try:
            low, high = parse_number(low_text.strip()), parse_number(high_text.strip())
        except ValueError as err:
            raise InputError(f"{text!r}: {err}") from err
        return cls.of(scenario, name, (low, high))

    def grid(self, points: int) -> list[Fraction]:
        """``points`` exact values from low to high, both ends included."""
        if points == 1:
            return [self.low]
        step = (self.high - self.low) / (points - 1)
        return [self.low + k * step for k in range(points)]


@dataclass(frozen=True)
class AxisValues:
    """A swept parameter with its grid values (exact)."""

    name: str
    values: tuple[Fraction, ...]

    def floats(self) -> npt.NDArray[np.float64]:
        """The grid values as floats (each the nearest float to the exact value)."""
        return np.array([float(v) for v in self.values], dtype=np.float64)


@dataclass(frozen=True)
class SweepResult:
    """Regimes (sets of outcome names that are pure equilibria) over the grid.

    ``grid[j, i]`` indexes ``regimes`` at ``x.values[i]`` and ``y.values[j]``
    (one row when there is no ``y``), or is :data:`UNDEFINED` where a payoff is
    undefined or overflows there; ``current`` holds the parameter values the
    sweep was made at.
    """

    x: AxisValues
    y: AxisValues | None
    regimes: tuple[tuple[str, ...], ...]
    grid: IntArray
    current: dict[str, Fraction]

    def regime_at(self, i: int, j: int = 0) -> tuple[str, ...] | None:
        """The outcomes that are pure equilibria at grid cell ``(i, j)``; ``None`` where
        a payoff is undefined there."""
        code = int(self.grid[j, i])
        return None if code == UNDEFINED else self.regimes[code]

    @property
    def undefined(self) -> int:
        """How many grid points have an undefined (or overflowing) payoff."""
        return int((self.grid == UNDEFINED).sum())


def sweep(
    scenario: Scenario,
    x: Axis,
    y: Axis | None = None,
    *,
    points: int = 101,
    compiled: CompiledScenario | None = None,
    client: Any | None = None,
    progress: Progress | None = None,
) -> SweepResult:
    """The regimes of the joint game over a ``points`` (x ``points``) grid.

    The grid is cut into blocks (:func:`grid_blocks`) evaluated one after the other
    here, or on ``client``'s Dask cluster, with the same kernel and the same result;
    ``progress(done, total)`` is called per block.
    """
    if points < 2:
        raise InputError(f"--points: expected at least 2, got {points}")
    if y is not None and y.name == x.name:
        raise InputError(f"--x and --y name the same parameter {x.name!r}")
    total = points * (points if y is not None else 1)
    if total > MAX_POINTS:
        raise TooLargeError(
            f"a grid of {total:,} points is too large (at most {MAX_POINTS:,}); lower --points",
            item="--points",
        )
    cells = scenario.n_profiles * len(scenario.actors)
    if total * cells > MAX_SWEEP_CELLS:
        largest = max(2, int((MAX_SWEEP_CELLS // cells) ** (0.5 if y is not None else 1)))
        raise TooLargeError(
            f"a grid of {total:,} points over a joint game of "
            f"{scenario.n_profiles:,} profiles x {len(scenario.actors)} actors is more than "
            f"runs in about a minute (the limit is {MAX_SWEEP_CELLS:,} payoff cells in all); "
            f"use --points {largest} or fewer",
            item="--points",
        )
    x_axis = AxisValues(x.name, tuple(x.grid(points)))
    y_axis = AxisValues(y.name, tuple(y.grid(points))) if y is not None else None
    xs = x_axis.floats()
    ys = y_axis.floats() if y_axis is not None else None
    outcome_names = [o.name for o in scenario.outcomes]
    rows = 1 if ys is None else len(ys)
    holds = np.zeros((rows, len(xs), len(outcome_names)), dtype=bool)
    defined = np.ones((rows, len(xs)), dtype=bool)
    blocks = grid_blocks(scenario, rows, len(xs))
    here = None if client is not None else (compiled or CompiledScenario(scenario))
    chunks = (
        (scenario, x.name, xs[c0:c1], None if y is None or ys is None else y.name,
         None if ys is None else ys[r0:r1], here)
        for r0, r1, c0, c1 in blocks
    )
    for index, (found, fine) in each_chunk(_block, chunks, len(blocks), client, progress):
        r0, r1, c0, c1 = blocks[index]
        holds[r0:r1, c0:c1] = found
        defined[r0:r1, c0:c1] = fine
    flat = holds.reshape(rows * len(xs), len(outcome_names))
    codes = np.packbits(flat, axis=1, bitorder="little") if outcome_names else np.zeros(
        (flat.shape[0], 1), dtype=np.uint8
    )
    valid = defined.reshape(-1)
    codes_flat = np.full(rows * len(xs), UNDEFINED, dtype=np.intp)
    regimes: tuple[tuple[str, ...], ...] = ()
    if valid.any():
        _, first, inverse = np.unique(
            codes[valid], axis=0, return_index=True, return_inverse=True
        )
        order = np.argsort(first)  # regimes in order of first appearance, row by row
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        codes_flat[valid] = rank[inverse.reshape(-1)]
        kept = flat[valid]
        regimes = tuple(
            tuple(name for k, name in enumerate(outcome_names) if kept[first[u], k])
            for u in order
        )
    grid = codes_flat.reshape(rows, len(xs))
    return SweepResult(x_axis, y_axis, regimes, grid, dict(scenario.values))


def grid_blocks(scenario: Scenario, rows: int, columns: int) -> list[tuple[int, int, int, int]]:
    """The grid cut into blocks ``(row, row end, column, column end)``: whole rows of
    at most :data:`BLOCK_POINTS` points (pieces of the row when it is longer), and
    fewer where the joint game is so large that a block would hold more than
    :data:`MAX_FLOATS` payoffs. The cut depends on the grid and the game only.

    >>> from stability.io.scenario import read_scenario
    >>> scenario = read_scenario("games/two-allies.toml")
    >>> grid_blocks(scenario, 2, 20_000)
    [(0, 1, 0, 16384), (0, 1, 16384, 20000), (1, 2, 0, 16384), (1, 2, 16384, 20000)]
    >>> grid_blocks(scenario, 300, 300)[:2]
    [(0, 54, 0, 300), (54, 108, 0, 300)]
    """
    per_point = max(1, scenario.n_profiles * len(scenario.actors)) * 2
    budget = max(1, min(BLOCK_POINTS, MAX_FLOATS // per_point))
    if columns > budget:
        return [
            (r, r + 1, c, min(columns, c + budget))
            for r in range(rows)
            for c in range(0, columns, budget)
        ]
    step = max(1, budget // columns)
    return [(r, min(rows, r + step), 0, columns) for r in range(0, rows, step)]


@lru_cache(maxsize=4)
def _compiled(scenario: Scenario) -> CompiledScenario:
    return CompiledScenario(scenario)


def _block(
    scenario: Scenario,
    x_name: str,
    xs: npt.NDArray[np.float64],
    y_name: str | None,
    ys: npt.NDArray[np.float64] | None,
    compiled: CompiledScenario | None = None,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Which outcomes hold, and where the payoffs are defined, over one block of the
    grid (one unit of work, here or on a Dask worker, where the scenario is compiled
    once): arrays of shape ``(rows, columns, outcomes)`` and ``(rows, columns)``."""
    compiled = compiled or _compiled(scenario)
    values: dict[str, npt.NDArray[np.float64]] = {x_name: xs[None, :]}
    if y_name is not None and ys is not None:
        values[y_name] = ys[:, None]
    shape = (1 if ys is None else len(ys), len(xs))
    found, fine = compiled.outcomes_and_defined(values)
    holds = np.zeros((*shape, len(scenario.outcomes)), dtype=bool)
    for k, outcome in enumerate(scenario.outcomes):
        holds[..., k] = np.broadcast_to(found[outcome.name], shape)
    return holds, np.broadcast_to(fine, shape).copy()


def regime_label(regime: tuple[str, ...]) -> str:
    """A regime's name for people: its outcomes joined, or ``no named outcome``.

    >>> regime_label(("Alliance", "Split")), regime_label(())
    ('Alliance + Split', 'no named outcome')
    """
    return " + ".join(regime) if regime else "no named outcome"


def _float(value: Fraction) -> float:
    return float(value)


def sweep_document(result: SweepResult) -> dict[str, object]:
    """``stability/sweep/v1`` for a :class:`SweepResult` (plus the current values)."""
    return {
        "schema": "stability/sweep/v1",
        "x": {"name": result.x.name, "values": [_float(v) for v in result.x.values]},
        "y": (
            {"name": result.y.name, "values": [_float(v) for v in result.y.values]}
            if result.y is not None
            else None
        ),
        "regimes": [list(regime) for regime in result.regimes],
        "grid": [[None if c == UNDEFINED else c for c in row] for row in result.grid.tolist()],
        "undefined": result.undefined,
        "current": {name: _float(v) for name, v in result.current.items()},
    }


def sweep_csv(result: SweepResult, outcomes: list[str]) -> str:
    """The grid as CSV text: a row per point with its parameter values (floats, and
    exact where the grid value is a fraction), the regime, and per outcome whether
    it is a pure equilibrium there (``undefined`` and empty cells where a payoff
    is undefined or overflows).

    >>> from stability.io.scenario import read_scenario
    >>> scenario = read_scenario("games/two-allies.toml")
    >>> text = sweep_csv(sweep(scenario, Axis.of(scenario, "threat"), points=3), ["Alliance"])
    >>> text.splitlines()[:3]
    ['threat,threat_exact,regime,Alliance', '0.0,0,Split,false', '5.0,5,Alliance + Split,true']
    """
    import csv
    import io

    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    axes = [a for a in (result.x, result.y) if a is not None]
    header = [column for a in axes for column in (a.name, f"{a.name}_exact")]
    writer.writerow([*header, "regime", *outcomes])
    rows = len(result.y.values) if result.y is not None else 1
    for j in range(rows):
        for i, x_value in enumerate(result.x.values):
            values = [x_value] if result.y is None else [x_value, result.y.values[j]]
            regime = result.regime_at(i, j)
            # where a payoff is undefined: regime "undefined" and empty outcome cells
            writer.writerow(
                [
                    *[c for v in values for c in (float(v), format_fraction(v))],
                    "undefined" if regime is None else regime_label(regime),
                    *(
                        [""] * len(outcomes)
                        if regime is None
                        else ["true" if name in regime else "false" for name in outcomes]
                    ),
                ]
            )
    return stream.getvalue()


@dataclass(frozen=True)
class Threshold:
    """An exact value of one parameter, others at their current values, at which
    ``outcome`` starts or stops being a pure equilibrium."""

    parameter: str
    outcome: str
    value: sympy.Expr

    @property
    def exact(self) -> str:
        """The value as exact text (``"7/2"``)."""
        return exact_string(self.value)


def axis_thresholds(scenario: Scenario, axis: Axis) -> list[Threshold]:
    """Exact regime boundaries along ``axis`` through the current point, within the axis.

    >>> from stability.io.scenario import read_scenario
    >>> scenario = read_scenario("games/two-allies.toml")
    >>> [(t.outcome, t.exact) for t in axis_thresholds(scenario, Axis.of(scenario, "threat"))]
    [('Alliance', '2')]
    """
    found: list[Threshold] = []
    low, high = sympy.Rational(axis.low), sympy.Rational(axis.high)
    for outcome in scenario.outcomes:
        pieces = intervals(equilibrium_set(scenario, outcome.name, axis.name))
        ends = {end for piece in pieces for end in (piece.low, piece.high)}
        for end in sorted((e for e in ends if e.is_finite), key=float):
            if bool(end >= low) and bool(end <= high):
                found.append(Threshold(axis.name, outcome.name, end))
    return found


def describe_window(axis: Axis) -> str:
    """``name in [low, high]`` with exact ends."""
    return f"{axis.name} in [{format_fraction(axis.low)}, {format_fraction(axis.high)}]"


@dataclass(frozen=True)
class RegimeInterval:
    """A stretch of one axis (others at their current values) where the same outcomes
    are pure equilibria: from ``low`` to ``high`` with open ends where flagged."""

    regime: tuple[str, ...]
    low: sympy.Expr
    high: sympy.Expr
    low_open: bool
    high_open: bool

    def describe(self) -> str:
        """``[3/4, 4]``, ``(3/4, 4]`` or ``{3/4}`` with exact ends."""
        if self.low == self.high:
            return "{" + exact_string(self.low) + "}"
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{exact_string(self.low)}, {exact_string(self.high)}{right}"


def regime_intervals(scenario: Scenario, axis: Axis) -> list[RegimeInterval]:
    """The exact regimes along ``axis`` through the current point, as intervals.

    Each outcome's equilibrium set along the axis is solved exactly
    (:func:`~stability.analysis.durability.equilibrium_set`); the axis is cut at every
    end point of those sets, and neighbouring pieces with the same regime are merged.

    >>> from stability.io.scenario import read_scenario
    >>> scenario = read_scenario("games/two-allies.toml")
    >>> [(r.regime, r.describe()) for r in regime_intervals(scenario, Axis.of(scenario, "threat"))]
    [(('Split',), '[0, 2)'), (('Alliance', 'Split'), '[2, 10]')]
    """
    low, high = sympy.Rational(axis.low), sympy.Rational(axis.high)
    sets = {o.name: equilibrium_set(scenario, o.name, axis.name) for o in scenario.outcomes}
    cuts = {low, high}
    for values in sets.values():
        for stretch in intervals(values):
            cuts.update(e for e in (stretch.low, stretch.high) if e.is_finite and low < e < high)
    points = sorted(cuts, key=float)

    def regime_at(value: sympy.Expr) -> tuple[str, ...]:
        return tuple(name for name, values in sets.items() if bool(values.contains(value)))

    # elementary pieces: each cut point, and the open stretch between neighbours
    pieces: list[RegimeInterval] = []
    for k, point in enumerate(points):
        pieces.append(RegimeInterval(regime_at(point), point, point, False, False))
        if k + 1 < len(points):
            following = points[k + 1]
            middle = (point + following) / 2
            pieces.append(RegimeInterval(regime_at(middle), point, following, True, True))
    merged: list[RegimeInterval] = []
    for piece in pieces:
        if merged and merged[-1].regime == piece.regime:
            last = merged[-1]
            merged[-1] = RegimeInterval(
                last.regime, last.low, piece.high, last.low_open, piece.high_open
            )
        else:
            merged.append(piece)
    return merged
