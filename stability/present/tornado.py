"""Tornado chart of tipping thresholds: how far each parameter must move, per range.

Each parameter is one row; a bar runs from its current value (the centre line) to
its threshold on either side, as a share of the parameter's range, labelled with
the exact threshold. The light grey band behind each row is the parameter's range;
a legend names every mark drawn.

>>> import tempfile, pathlib
>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.tipping import tipping_analysis
>>> result = tipping_analysis(read_scenario("games/two-allies.toml"), "Alliance",
...                           shift=False, cells=False)
>>> with tempfile.TemporaryDirectory() as folder:
...     path = write_tornado(result, pathlib.Path(folder) / "tornado.svg")
...     path.suffix, path.stat().st_size > 1000
('.svg', True)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from stability.analysis.tipping import Threshold, TippingResult  # noqa: E402
from stability.present.figures import save_figure  # noqa: E402
from stability.present.palette import RANGE_COLOUR, THRESHOLD_COLOUR  # noqa: E402

#: The resolution of a PNG unless ``--dpi`` says otherwise.
DEFAULT_DPI = 110

#: Bars longer than this share of the range are cut and marked with an arrow.
LIMIT = 1.2


def _share(threshold: Threshold, width: float) -> float:
    return (threshold.float - float(threshold.baseline)) / width


def tornado_figure(result: TippingResult) -> Figure:
    """The tornado chart of a tipping result (a matplotlib figure, not yet saved)."""
    rows = []
    for entry in result.parameters:
        sides = [t for t in (entry.decrease, entry.increase) if t is not None]
        if sides:
            rows.append((entry, sides, min(t.distance for t in sides)))
    rows.sort(key=lambda row: row[2], reverse=True)
    figure = Figure(figsize=(8.5, 1.2 + 0.55 * max(1, len(rows))))
    ax = figure.add_subplot()
    becomes = not result.holds_at_baseline
    colour = THRESHOLD_COLOUR
    outside = clipped = False
    for y, (entry, sides, _) in enumerate(rows):
        low, high = (float(v) for v in entry.range)
        width = (high - low) or 1.0
        base = float(entry.baseline)
        ax.barh(
            y,
            (high - low) / width,
            left=(low - base) / width,
            height=0.8,
            color=RANGE_COLOUR,
            zorder=0,
        )
        for threshold in sides:
            share = _share(threshold, width)
            shown = max(-LIMIT, min(LIMIT, share))
            ax.barh(
                y,
                shown,
                height=0.5,
                color=colour,
                alpha=1.0 if threshold.within_range else 0.4,
                hatch=None if threshold.within_range else "//",
                zorder=2,
            )
            outside = outside or not threshold.within_range
            clipped = clipped or shown != share
            cut = "…" if shown != share else ""
            ax.text(
                shown + (0.02 if shown >= 0 else -0.02),
                y,
                f"{threshold.exact}{cut}",
                va="center",
                ha="left" if shown >= 0 else "right",
                fontsize=9,
                zorder=3,
            )
    ax.axvline(0, color="black", linewidth=1)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{e.parameter} (now {_text(e.baseline)})" for e, _, _ in rows])
    ax.set_xlim(-LIMIT - 0.25, LIMIT + 0.25)
    ax.set_xlabel("shift from the current value, as a share of the parameter's range")
    condition = result.condition if result.goal != "selected" else (
        f"{result.target!r} is a pure equilibrium (needed for selection)"
    )
    verb = "Where" if becomes else "Where it stops being true that"
    ax.set_title(f"{verb} {condition}", fontsize=11)
    if not rows:
        ax.text(0, 0, "no single parameter changes it", ha="center", va="center")
    else:
        figure.legend(handles=_legend(outside, clipped), loc="lower center", frameon=False,
                      ncol=2, fontsize=8)
    figure.tight_layout(rect=(0, 0.06 + (0.04 if outside or clipped else 0), 1, 1))
    return figure


def _legend(outside: bool, clipped: bool) -> list[Any]:
    """A legend entry for every mark drawn: the range band, the shift, and (when drawn)
    the hatched out-of-range shifts and the bars cut at :data:`LIMIT` ranges."""
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Patch(facecolor=RANGE_COLOUR, label="the parameter's range"),
        Patch(facecolor=THRESHOLD_COLOUR, label="shift to the threshold (exact value at the end)"),
    ]
    if outside:
        handles.append(Patch(facecolor=THRESHOLD_COLOUR, alpha=0.4, hatch="//",
                             label="threshold outside the declared range"))
    if clipped:
        handles.append(Patch(facecolor="none", edgecolor="none",
                             label=f"value… : bar cut at {LIMIT:g} ranges (the label is exact)"))
    return handles


def _text(value: object) -> str:
    from fractions import Fraction

    fraction = Fraction(str(value))
    return (
        str(fraction.numerator)
        if fraction.denominator == 1
        else f"{fraction.numerator}/{fraction.denominator}"
    )


def write_tornado(result: TippingResult, path: str | Path, *, dpi: int | None = None) -> Path:
    """Draw the tornado chart and write it to ``path`` (PNG, SVG or PDF), whole or not at
    all; ``dpi`` is a PNG's resolution (SVG and PDF ignore it)."""
    return save_figure(tornado_figure(result), path, dpi=dpi, default_dpi=DEFAULT_DPI)
