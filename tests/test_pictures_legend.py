"""Pictures (issue 25 item 9): a legend for every mark, one meaning per colour across
the figure families, labels inside the frame, no empty panel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stability.analysis.balance import outcome_graphs
from stability.analysis.sweep import Axis, sweep
from stability.analysis.tipping import tipping_analysis
from stability.io.scenario import read_scenario
from stability.present import palette
from stability.present.graph import coalition_figure
from stability.present.sweep_map import sweep_figure
from stability.present.tornado import tornado_figure

ROOT = Path(__file__).resolve().parent.parent
MOSUL = read_scenario(ROOT / "games" / "mosul.toml")


def test_one_meaning_per_colour() -> None:
    pairs = [(c, "an outcome") for c in palette.OUTCOME_COLOURS] + [
        (palette.TIE_COLOURS["cooperate"], "cooperation"),
        (palette.TIE_COLOURS["conflict"], "conflict"),
        (palette.TIE_COLOURS["neutral"], "neutral"),
        (palette.NONE_COLOUR, "no outcome"),
        (palette.THRESHOLD_COLOUR, "threshold"),
        (palette.RANGE_COLOUR, "range"),
        (palette.TOTAL_COLOUR, "total index"),
        (palette.CORE_FACE, "core-stable structure"),
        (palette.FARSIGHTED_RING, "largest consistent set"),
        (palette.CHAIN_COLOUR, "chain of moves"),
    ]
    meanings: dict[str, set[str]] = {}
    for colour, meaning in pairs:
        meanings.setdefault(colour.upper(), set()).add(meaning)
    assert all(len(m) == 1 for m in meanings.values()), meanings
    # the green of cooperation is no outcome's colour (it was the sweep's third outcome)
    assert palette.TIE_COLOURS["cooperate"] not in palette.outcome_colours(
        [o.name for o in MOSUL.outcomes]
    ).values()


def test_figures_take_their_colours_from_the_palette() -> None:
    for module in (ROOT / "stability" / "present").glob("*.py"):
        if module.name == "palette.py":
            continue
        found = re.findall(r"[\"']#([0-9A-Fa-f]{6})[\"']", module.read_text(encoding="utf-8"))
        # a hue carries a meaning and belongs in the palette; greys, black and white do not
        hues = [c for c in found if len({c[0:2], c[2:4], c[4:6]}) > 1]
        assert not hues, f"{module.name}: {hues}"


def test_tornado_legend_names_every_mark() -> None:
    # far from the target: thresholds outside the range and bars cut at the limit
    result = tipping_analysis(MOSUL, "Friendly-fire escalation", shift=False, cells=False)
    figure = tornado_figure(result)
    labels = [t.get_text() for legend in figure.legends for t in legend.get_texts()]
    assert any("range" in label for label in labels)
    assert any("threshold" in label for label in labels)
    drawn = [t.get_text() for ax in figure.axes for t in ax.texts]
    if any(text.endswith("…") for text in drawn):
        assert any("cut" in label for label in labels)
    hatched = [p for ax in figure.axes for p in ax.patches if p.get_hatch()]
    if hatched:
        assert any("outside" in label for label in labels)


@pytest.mark.parametrize("name", ["w_assad", "alienation"])
def test_threshold_labels_stay_inside_the_frame(name: str) -> None:
    import matplotlib.pyplot as plt

    other = "threat" if name != "threat" else "alienation"
    for x, y in ((name, other), (other, name)):  # the labels of vertical and horizontal lines
        result = sweep(MOSUL, Axis.of(MOSUL, x), Axis.of(MOSUL, y), points=9)
        figure = sweep_figure(result, MOSUL)
        try:
            figure.canvas.draw()
            renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
            ax = figure.axes[0]
            frame = ax.get_window_extent(renderer)
            for text in ax.texts:
                box = text.get_window_extent(renderer)
                # inside, and off the border line itself
                assert frame.x0 + 1 <= box.x0 and box.x1 <= frame.x1 - 1, text.get_text()
                assert frame.y0 + 1 <= box.y0 and box.y1 <= frame.y1 - 1, text.get_text()
        finally:
            plt.close(figure)


def test_three_panels_leave_no_blank() -> None:
    panels = outcome_graphs(MOSUL)[:3]
    assert len(panels) == 3
    figure = coalition_figure(panels)
    visible = [ax for ax in figure.axes if ax.axison or ax.has_data() or ax.texts]
    assert len(figure.axes) == 3 and len(visible) == 3
