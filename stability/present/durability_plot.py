"""Drawing durability over time: each outcome's equilibrium intervals, the end marked.

One row per outcome (in the colour it has in every figure of the scenario,
:mod:`stability.present.palette`), a bar over each interval of time in which it is a pure
equilibrium of the joint game; a vertical line where the campaign ends and a
marker where the followed (coalition) outcome stops being an equilibrium.
matplotlib is imported only here; the file (PNG, SVG or PDF) is written atomically.

>>> import tempfile, pathlib
>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.durability import timeline_durability
>>> scenario = read_scenario("games/two-allies.toml")
>>> result = timeline_durability(scenario, sensitivity=False)
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_durability_plot(result, scenario, folder / "durability.svg").name
'durability.svg'
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from stability.analysis.durability import TimelineDurability
from stability.model.scenario import Scenario
from stability.present.figures import picture_format, save_figure
from stability.present.palette import NONE_COLOUR, outcome_colours

#: The resolution of a PNG unless ``--dpi`` says otherwise.
DEFAULT_DPI = 150


def write_durability_plot(
    result: TimelineDurability, scenario: Scenario, out: Path, *, dpi: int | None = None
) -> Path:
    """Draw ``result`` to ``out`` (PNG, SVG or PDF) and return the path written;
    ``dpi`` is a PNG's resolution (SVG and PDF ignore it)."""
    picture_format(out)  # before drawing: a bad suffix is refused at once
    return save_figure(durability_figure(result, scenario), out, dpi=dpi, default_dpi=DEFAULT_DPI)


def durability_figure(result: TimelineDurability, scenario: Scenario) -> Any:
    """The timeline of ``result`` as a matplotlib figure (made by pyplot: close it after use)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    horizon = float(result.horizon)
    rows = list(reversed(result.outcomes))  # first outcome on top
    height = 1.2 + 0.45 * max(1, len(rows))
    figure, axes = plt.subplots(figsize=(7.5, height))
    colours = outcome_colours([o.name for o in scenario.outcomes])
    for k, entry in enumerate(rows):
        colour = colours.get(entry.name, NONE_COLOUR)
        spans = [(float(i.low), float(i.high) - float(i.low)) for i in entry.intervals]
        widths = [(start, max(width, horizon / 400)) for start, width in spans]
        if widths:
            axes.broken_barh(widths, (k - 0.3, 0.6), facecolors=[colour], edgecolor="black",
                             linewidth=0.5)
        else:
            axes.annotate("never a pure equilibrium", (horizon / 100, k), va="center",
                          fontsize=7, color="dimgray")
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([textwrap.shorten(e.name, 40) for e in rows], fontsize=8)
    axes.set_xlim(0, horizon)
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.set_xlabel(f"t ({result.unit})")
    handles: list[Any] = []
    if result.end is not None:
        end = float(result.end)
        line = axes.axvline(end, color="black", linestyle="--", linewidth=1.2,
                            label=f"campaign ends: {textwrap.shorten(result.end_condition, 50)} "
                            f"(t = {result.end.text()})")
        handles.append(line)
    if result.breaks is not None and result.holds_at_start:
        names = [e.name for e in rows]
        row = names.index(result.outcome) if result.outcome in names else len(rows) - 1
        (marker,) = axes.plot([float(result.breaks)], [row], marker="X", markersize=11,
                              color="black", markeredgecolor="white", linestyle="none",
                              label=f"{textwrap.shorten(result.outcome, 40)} stops "
                              f"(t = {result.breaks.text()})")
        handles.append(marker)
    axes.grid(axis="x", linewidth=0.3)
    if handles:
        below = -0.55 / max(0.5, height - 0.9)  # under the x label, in axes fractions
        axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, below),
                    fontsize=8, frameon=False)
    title = textwrap.fill(scenario.title, 80) + "\n" + textwrap.fill(
        f"{result.outcome}: {result.verdict}", 80
    )
    axes.set_title(title, fontsize=9)
    return figure
