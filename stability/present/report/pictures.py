"""The report's pictures: coalition graphs, tornado charts, the sweep map and the
timeline, drawn as SVG, and SVG made fit to sit inside HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stability.analysis.report import Report
from stability.present.text import profile_text, quoted


@dataclass(frozen=True)
class Picture:
    """One picture of the report: a file stem, a caption and its SVG text."""

    name: str
    caption: str
    svg: str

    @property
    def filename(self) -> str:
        """The picture's file name beside a Markdown report."""
        return f"{self.name}.svg"


# -- pictures ---------------------------------------------------------------------------------


def _figure_svg(figure: Any) -> str:
    from stability.present.figures import figure_bytes

    return figure_bytes(figure, "svg", pad_inches=0.15).decode("utf-8")


def _sweep_svg(report: Report) -> str:
    from stability.present.sweep_map import sweep_map

    assert report.sweep is not None
    return sweep_map(report.sweep, report.scenario, "svg").decode("utf-8")


def _race_svg(report: Report) -> str:
    import matplotlib.pyplot as plt

    from stability.present.durability_plot import DEFAULT_DPI, durability_figure
    from stability.present.figures import figure_bytes

    assert report.race is not None
    figure = durability_figure(report.race, report.scenario)
    try:
        return figure_bytes(figure, "svg", dpi=DEFAULT_DPI).decode("utf-8")
    finally:
        plt.close(figure)


def draw_pictures(report: Report) -> dict[str, list[Picture]]:
    """Every picture, by section: ``graphs`` (one per coalition graph, aligned with
    ``report.graphs``), ``tornado`` (aligned with ``report.tipping``), ``sweep``,
    ``race`` (the outcomes' equilibrium intervals along the timeline)."""
    from stability.present.graph import coalition_figure
    from stability.present.tornado import tornado_figure

    pictures: dict[str, list[Picture]] = {"graphs": [], "tornado": [], "sweep": [], "race": []}
    for number, panel in enumerate(report.graphs, start=1):
        status = "an equilibrium" if panel.equilibrium else "not an equilibrium (closest profile)"
        pictures["graphs"].append(
            Picture(
                f"graph-{number}",
                f"Coalition graph of {quoted(panel.outcome)}, {status}: "
                + profile_text(panel.profile),
                _figure_svg(coalition_figure([panel])),
            )
        )
    for number, result in enumerate(report.tipping, start=1):
        pictures["tornado"].append(
            Picture(
                f"tornado-{number}",
                f"Tornado chart: how far each parameter alone must move for "
                f"{quoted(result.target)} to become a pure equilibrium, as a share of its "
                "range (hatched bars: beyond the range).",
                _figure_svg(tornado_figure(result)),
            )
        )
    if report.sweep is not None:
        names = " and ".join(report.sweep_parameters)
        pictures["sweep"].append(
            Picture(
                "sweep-map",
                f"Which outcomes are pure equilibria as {names} vary over their ranges, "
                "the other parameters at their current values (star: the current values).",
                _sweep_svg(report),
            )
        )
    if report.race is not None:
        pictures["race"].append(
            Picture(
                "timeline",
                f"When each outcome is a pure equilibrium along the timeline "
                f"({report.race.unit}), with the end of the campaign marked.",
                _race_svg(report),
            )
        )
    return pictures


_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_SIZE = re.compile(r'(<svg\b[^>]*?)\s+(?:width|height)="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r"#([^\s\"')#]+)(?=[\"')])")
_START = re.compile(r"<svg\b[^>]*")


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG document made fit to sit inside HTML.

    Drops the XML prolog, the metadata block and namespace declarations (the HTML
    parser supplies them; none of them is fetched, but a report should name no
    URL at all), lets CSS size the picture, and prefixes every ``id`` so that
    several pictures on one page cannot clash.

    >>> inline_svg('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
    ...            'width="10pt" height="5pt" viewBox="0 0 10 5"><g id="a">'
    ...            '<use xlink:href="#a"/></g></svg>', "p1")
    '<svg viewBox="0 0 10 5" role="img"><g id="p1-a"><use xlink:href="#p1-a"/></g></svg>'
    """
    text = _PROLOG.sub("", svg, count=1)
    text = _METADATA.sub("", text)
    text = _NAMESPACES.sub("", text)
    while True:
        shorter = _SIZE.sub(r"\1", text, count=1)
        if shorter == text:
            break
        text = shorter
    ids = set(_ID.findall(text))
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = _REFERENCE.sub(
        lambda m: f"#{prefix}-{m.group(1)}" if m.group(1) in ids else m.group(0), text
    )
    start = _START.match(text)
    if start is not None:
        text = text[: start.end()] + ' role="img"' + text[start.end() :]
    return text.strip()
