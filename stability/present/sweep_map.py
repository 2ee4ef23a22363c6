"""Drawing a sweep as a map: regimes coloured and named, the current point, exact thresholds.

matplotlib is imported only here (and only when a map is drawn). The file is
written whole or not at all (:func:`stability.io.files.write_file`).

>>> import tempfile, pathlib
>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.sweep import Axis, sweep
>>> scenario = read_scenario("games/two-allies.toml")
>>> result = sweep(scenario, Axis.of(scenario, "threat"), Axis.of(scenario, "dispute"), points=20)
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_sweep_map(result, scenario, folder / "map.svg").name
'map.svg'
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stability.analysis.sweep import (
    UNDEFINED,
    Axis,
    SweepResult,
    Threshold,
    axis_thresholds,
    regime_label,
)
from stability.model.scenario import Scenario
from stability.present.figures import figure_bytes, picture_format, save_figure
from stability.present.palette import outcome_colours, regime_style

#: The resolution of a PNG unless ``--dpi`` says otherwise.
DEFAULT_DPI = 150


def write_sweep_map(
    result: SweepResult,
    scenario: Scenario,
    out: Path,
    *,
    thresholds: Sequence[Threshold] | None = None,
    dpi: int | None = None,
) -> Path:
    """Draw ``result`` to ``out`` (PNG, SVG or PDF) and return the path written.

    ``thresholds`` default to the exact regime boundaries along each axis through
    the current point (:func:`~stability.analysis.sweep.axis_thresholds`); ``dpi``
    is a PNG's resolution (SVG and PDF ignore it).
    """
    picture_format(out)  # before drawing: a bad suffix is refused at once
    figure = sweep_figure(result, scenario, thresholds=thresholds)
    return save_figure(figure, out, dpi=dpi, default_dpi=DEFAULT_DPI)


def sweep_map(
    result: SweepResult,
    scenario: Scenario,
    fmt: str,
    *,
    thresholds: Sequence[Threshold] | None = None,
    dpi: int | None = None,
) -> bytes:
    """The map of ``result`` as ``fmt`` (``"png"``, ``"svg"`` or ``"pdf"``) bytes."""
    import matplotlib.pyplot as plt

    figure = sweep_figure(result, scenario, thresholds=thresholds)
    try:
        return figure_bytes(figure, fmt, dpi=dpi or DEFAULT_DPI)
    finally:
        plt.close(figure)


def sweep_figure(
    result: SweepResult,
    scenario: Scenario,
    *,
    thresholds: Sequence[Threshold] | None = None,
) -> Any:
    """The map of ``result`` as a matplotlib figure (made by pyplot: close it after use)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    x_values = result.x.floats()
    y_values = result.y.floats() if result.y is not None else np.array([0.0, 1.0])
    by_outcome = outcome_colours([o.name for o in scenario.outcomes])
    styles = [regime_style(regime, by_outcome) for regime in result.regimes]
    colours = [face for face, _ in styles]
    cmap = ListedColormap(colours)
    norm = BoundaryNorm(np.arange(len(colours) + 1) - 0.5, len(colours))
    height = 6.0 if result.y is not None else 2.4
    figure, axes = plt.subplots(figsize=(7.5, height))
    grid = result.grid if result.y is not None else np.vstack([result.grid[0], result.grid[0]])
    undefined = grid == UNDEFINED
    x_edges, y_edges = _edges(x_values), _edges(y_values)
    axes.pcolormesh(
        x_edges, y_edges, np.ma.masked_where(undefined, grid), cmap=cmap,
        norm=norm, shading="flat", rasterized=True,
    )
    for k, (_, stripes) in enumerate(styles):
        if stripes is not None:  # several outcomes hold: stripes of the second one's colour
            with matplotlib.rc_context({"hatch.linewidth": 3.0}):
                axes.add_collection(PolyCollection(
                    _cell_runs(grid == k, x_edges, y_edges), hatch="//",
                    facecolor="none", edgecolor=stripes, linewidth=0.0, rasterized=True,
                ))
    if undefined.any():
        # Undefined cells: white with black hatching, never a regime's colour.
        axes.add_collection(PolyCollection(
            _cell_runs(undefined, x_edges, y_edges), hatch="xx", facecolor="white",
            edgecolor="black", linewidth=0,
        ))
    axes.set_xlabel(result.x.name)
    if result.y is not None:
        axes.set_ylabel(result.y.name)
    else:
        axes.set_yticks([])
    if thresholds is None:
        found: list[Threshold] = []
        for axis in (result.x, result.y):
            if axis is not None:
                window = Axis(axis.name, axis.values[0], axis.values[-1])
                found.extend(axis_thresholds(scenario, window))
        thresholds = found
    seen: set[tuple[str, str]] = set()
    for threshold in thresholds:
        key = (threshold.parameter, threshold.exact)
        if key in seen:
            continue
        seen.add(key)
        value = float(threshold.value)
        label = f"{threshold.parameter} = {threshold.exact}"
        if threshold.parameter == result.x.name:
            axes.axvline(value, color="black", linestyle="--", linewidth=1)
            # beside the line on the side facing the middle, so it stays inside the frame
            right = _fraction(value, axes.get_xlim()) > 0.5
            axes.annotate(label, (value, 0.98), xycoords=("data", "axes fraction"),
                          xytext=(-3 if right else 3, 0), textcoords="offset points",
                          rotation=90, va="top", ha="right" if right else "left", fontsize=7,
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                "edgecolor": "none", "alpha": 0.8})
        elif result.y is not None and threshold.parameter == result.y.name:
            axes.axhline(value, color="black", linestyle=":", linewidth=1)
            top = _fraction(value, axes.get_ylim()) > 0.5
            axes.annotate(label, (0.98, value), xycoords=("axes fraction", "data"),
                          xytext=(0, -3 if top else 3), textcoords="offset points",
                          va="top" if top else "bottom", ha="right", fontsize=7,
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                "edgecolor": "none", "alpha": 0.8})
    current_x = float(result.current[result.x.name])
    current_y = float(result.current[result.y.name]) if result.y is not None else 0.5
    axes.plot([current_x], [current_y], marker="*", markersize=14, color="white",
              markeredgecolor="black", linestyle="none", label="current values")
    handles: list[Any] = [
        _legend_patch(styles[k], regime_label(regime))
        for k, regime in enumerate(result.regimes)
    ]
    if undefined.any():
        handles.append(
            Patch(facecolor="white", edgecolor="black", hatch="xx",
                  label=f"undefined: a payoff divides by zero or overflows "
                  f"({result.undefined:,} points)")
        )
    handles.append(axes.lines[-1])  # the current point's marker
    if thresholds:
        handles.append(
            Line2D([], [], color="black", linestyle="--", linewidth=1,
                   label="exact threshold along an axis through the current values")
        )
    below = -0.14 if result.y is not None else -0.3
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, below), fontsize=8,
                title="pure equilibria of the joint game", title_fontsize=8, frameon=False,
                alignment="left")
    axes.set_title(textwrap.fill(scenario.title, 70), fontsize=10)
    return figure


def _legend_patch(style: tuple[str, str | None], label: str) -> Any:
    from matplotlib.patches import Patch

    face, stripes = style
    if stripes is None:
        return Patch(facecolor=face, edgecolor="black", label=label)
    # the hatch takes the edge colour: an outline in the stripes' colour
    return Patch(facecolor=face, edgecolor=stripes, hatch="//", linewidth=1.5, label=label)


def _edges(centres: Any) -> list[float]:
    """Cell edges around grid values (half-way between neighbours)."""
    values = [float(v) for v in centres]
    if len(values) == 1:
        return [values[0] - 0.5, values[0] + 0.5]
    middles = [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)]
    return [2 * values[0] - middles[0], *middles, 2 * values[-1] - middles[-1]]


def _cell_runs(
    mask: Any, x_edges: list[float], y_edges: list[float]
) -> list[list[tuple[float, float]]]:
    """The cells where ``mask`` (rows along y) is True, as one rectangle per run of
    neighbouring cells in a row: a hatched region is a few hundred polygons, not
    one per cell (drawing 160,000 hatched cells took 8 s).

    >>> import numpy as np
    >>> _cell_runs(np.array([[True, True, False, True]]), [0, 1, 2, 3, 4], [0, 1])
    [[(0, 0), (2, 0), (2, 1), (0, 1)], [(3, 0), (4, 0), (4, 1), (3, 1)]]
    """
    import numpy as np

    rectangles = []
    for row, cells in enumerate(np.asarray(mask, dtype=bool)):
        padded = np.concatenate([[False], cells, [False]])
        changes = np.flatnonzero(padded[1:] != padded[:-1])
        bottom, top = y_edges[row], y_edges[row + 1]
        for start, stop in zip(changes[::2].tolist(), changes[1::2].tolist(), strict=True):
            left, right = x_edges[start], x_edges[stop]
            rectangles.append([(left, bottom), (right, bottom), (right, top), (left, top)])
    return rectangles


def _fraction(value: float, limits: tuple[float, float]) -> float:
    """Where ``value`` sits between ``limits``, from 0 to 1."""
    low, high = limits
    return (value - low) / (high - low) if high != low else 0.5
