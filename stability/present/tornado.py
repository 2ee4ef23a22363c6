"""Tornado chart of tipping thresholds: how far each parameter must move, per range.

Each parameter is one row; a bar runs from its current value (the centre line) to
its threshold on either side, as a share of the parameter's range, labelled with
the exact threshold. The grey band behind each row is the parameter's range.

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

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from stability.analysis.tipping import Threshold, TippingResult  # noqa: E402
from stability.present.figures import save_figure  # noqa: E402
from stability.present.palette import BECOMES_COLOUR, STOPS_COLOUR

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
    colour = BECOMES_COLOUR if becomes else STOPS_COLOUR
    for y, (entry, sides, _) in enumerate(rows):
        low, high = (float(v) for v in entry.range)
        width = (high - low) or 1.0
        base = float(entry.baseline)
        ax.barh(
            y,
            (high - low) / width,
            left=(low - base) / width,
            height=0.8,
            color="#e5e7e9",
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
    figure.tight_layout()
    return figure


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
