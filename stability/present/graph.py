"""Drawing coalition graphs: actors as nodes, cooperation and conflict as edges.

Cooperation is a solid green edge, conflict a dashed red one, a neutral tie a
dotted grey one; each edge is labelled and each panel titled with its outcome.
Several outcomes go side by side in one figure. Files are PNG, SVG or PDF (chosen by
the suffix) and are written atomically; in SVG every piece of text, actor names
included, is a real ``<text>`` element.

>>> import tempfile, pathlib
>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.balance import outcome_graphs
>>> panels = outcome_graphs(read_scenario("games/mosul.toml"), equilibria_only=True)
>>> with tempfile.TemporaryDirectory() as folder:
...     path = write_coalition_graphs(panels, pathlib.Path(folder) / "mosul.svg")
...     "<text" in path.read_text() and "United States" in path.read_text()
True
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from stability.analysis.balance import OutcomeGraph
from stability.errors import InputError
from stability.model.exact import format_fraction
from stability.present.figures import check_pixels, save_figure
from stability.present.palette import NODE_COLOUR, NODE_EDGE, TIE_COLOURS

#: How each kind of tie is drawn: colour, line style, label.
EDGE_STYLE: dict[str, tuple[str, str, str]] = {
    "cooperate": (TIE_COLOURS["cooperate"], "solid", "cooperation"),
    "conflict": (TIE_COLOURS["conflict"], "dashed", "conflict"),
    "neutral": (TIE_COLOURS["neutral"], "dotted", "neutral"),
}

#: The resolution of a PNG unless ``--dpi`` says otherwise.
DEFAULT_DPI = 110

_NODE_COLOUR = NODE_COLOUR
_NODE_EDGE = NODE_EDGE
_LABEL_AT = 0.3


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Actors on a circle in scenario order, the first at the top-left."""
    nodes = list(graph.nodes)
    count = len(nodes)
    positions: dict[str, tuple[float, float]] = {}
    for index, node in enumerate(nodes):
        angle = math.pi * 3 / 4 - 2 * math.pi * index / max(count, 1)
        positions[node] = (math.cos(angle), math.sin(angle))
    return positions


def _is_side(graph: nx.Graph, first: str, second: str) -> bool:
    nodes = list(graph.nodes)
    gap = abs(nodes.index(first) - nodes.index(second))
    return gap in (1, len(nodes) - 1)


def panel_title(panel: OutcomeGraph) -> str:
    """The panel's title: the outcome, whether it is an equilibrium, and whether balanced.

    An outcome that is not an equilibrium is drawn at its closest profile, and the
    title says so (in the title, not a footnote that could run into the next panel).
    """
    status = "an equilibrium" if panel.equilibrium else "not an equilibrium"
    if not panel.equilibrium and panel.regret:
        status += f": closest profile, total regret {format_fraction(panel.regret)}"
    balance = "balanced" if panel.balance.balanced else "unbalanced"
    return f"{textwrap.fill(panel.outcome, 40)}\n({status};\nstructurally {balance})"


def draw_coalition_graph(panel: OutcomeGraph, ax: Axes) -> None:
    """Draw one outcome's coalition graph on ``ax``."""
    graph = panel.graph
    positions = _layout(graph)
    chords = 0
    for first, second, data in graph.edges(data=True):
        colour, style, label = EDGE_STYLE[str(data["kind"])]
        (x1, y1), (x2, y2) = positions[first], positions[second]
        ax.plot([x1, x2], [y1, y2], color=colour, linestyle=style, linewidth=2.6, zorder=1)
        # sides of the ring are labelled at their middle; chords alternately near one
        # end and near the other, so that the labels of crossing chords do not meet
        if _is_side(graph, first, second):
            at = 0.5
        else:
            at = _LABEL_AT if chords % 2 == 0 else 1 - _LABEL_AT
            chords += 1
        ax.text(
            x1 + (x2 - x1) * at,
            y1 + (y2 - y1) * at,
            label,
            color=colour,
            fontsize=9,
            ha="center",
            va="center",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )
    for node, (x, y) in positions.items():
        ax.text(
            x,
            y,
            str(node),
            fontsize=11,
            fontweight="bold",
            ha="center",
            va="center",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.35", "facecolor": _NODE_COLOUR, "edgecolor": _NODE_EDGE},
        )
        # The strategy goes on the outer side of the node, away from the centre of the
        # ring, where no edge runs (every edge leaves a node towards the inside).
        ax.text(
            x,
            y + (0.15 if y >= 0 else -0.15),
            str(graph.nodes[node].get("strategy", "")),
            fontsize=9.5,
            style="italic",
            ha="center",
            va="bottom" if y >= 0 else "top",
            zorder=4,
        )
    ax.set_title(panel_title(panel), fontsize=11)
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.axis("off")


def _grid(count: int) -> tuple[int, int]:
    """Columns and rows for ``count`` panels: one row up to three, then rows of two or
    three, no panel left empty where the count allows it (3 side by side, not 2 + 1)."""
    columns = count if count <= 3 else (2 if count % 3 and count % 2 == 0 else 3)
    return columns, math.ceil(count / columns)


def _size(count: int, title: str) -> tuple[float, float]:
    """The figure's size in inches for ``count`` panels."""
    columns, rows = _grid(count)
    return 5.0 * columns, 5.4 * rows + (0.6 if title else 0)


def coalition_figure(panels: Sequence[OutcomeGraph], *, title: str = "") -> Figure:
    """A figure with one coalition graph per panel, side by side (two per row at most)."""
    if not panels:
        raise InputError("nothing to draw: no outcome was given or is an equilibrium")
    columns, rows = _grid(len(panels))
    figure = Figure(figsize=_size(len(panels), title))
    axes = figure.subplots(rows, columns, squeeze=False)
    for index, ax in enumerate(axes.ravel()):
        if index < len(panels):
            draw_coalition_graph(panels[index], ax)
        else:
            ax.axis("off")
    present = {str(kind) for panel in panels for *_, kind in panel.graph.edges(data="kind")}
    legend = [
        _legend_line(colour, style, label)
        for kind, (colour, style, label) in EDGE_STYLE.items()
        if kind in present
    ]
    if legend:
        figure.legend(
            handles=legend, loc="lower center", ncol=len(legend), frameon=False, fontsize=10
        )
    if title:
        figure.suptitle(title, fontsize=12)
    top = 1 - 0.6 / (5.4 * rows + 0.6) if title else 1
    figure.tight_layout(rect=(0, 0.05, 1, top))
    return figure


def _legend_line(colour: str, style: Any, label: str) -> Line2D:
    return Line2D([0], [0], color=colour, linestyle=style, linewidth=2.6, label=label)


def write_figure(figure: Figure, path: str | Path, *, dpi: int | None = None) -> Path:
    """Save ``figure`` as PNG, SVG or PDF (by suffix), whole or not at all."""
    return save_figure(figure, path, dpi=dpi, default_dpi=DEFAULT_DPI)


def write_coalition_graphs(
    panels: Sequence[OutcomeGraph], path: str | Path, *, title: str = "", dpi: int | None = None
) -> Path:
    """Draw the panels into one figure and write it to ``path`` (PNG, SVG or PDF)."""
    if panels:  # refused before drawing, not after
        check_pixels(*_size(len(panels), title), dpi or DEFAULT_DPI, path)
    figure = coalition_figure(panels, title=title)
    return write_figure(figure, path, dpi=dpi)
