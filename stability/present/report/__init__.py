"""Rendering a scenario report to one self-contained HTML file or to Markdown.

The data come from :func:`stability.analysis.report.build_report`; this module
draws the pictures (coalition graphs, tornado charts, the sweep map) as SVG,
turns the report into plain rows of text (:func:`report_view`), and fills the
Jinja2 templates ``templates/report.html.j2`` (autoescaped) and
``templates/report.md.j2``.

- HTML: one file, CSS inline, every picture an inline ``<svg>`` (no external URL
  of any kind), readable on a phone and on paper.
- Markdown: the same content; the pictures are written as SVG files in a folder
  beside it (``report.md`` → ``report_files/graph-1.svg``) and linked relatively.

Files are written whole or not at all (:mod:`stability.io.files`): a Markdown
report and its folder of pictures are written into a temporary folder and then
moved into place together.

The package, one job per module: :mod:`.pictures` (the SVG pictures),
:mod:`.tables` (tables as text), :mod:`.sections` (the sections' views),
:mod:`.summary` (the summary and footer), :mod:`.render` (the templates and the
files). The templates stay in ``stability/present/templates`` (package data).

>>> import tempfile, pathlib
>>> from stability.io.scenario import read_scenario
>>> from stability.analysis.report import build_report
>>> report = build_report(read_scenario("games/two-allies.toml"), samples=500, sweep_points=11)
>>> html = render_html(report)
>>> html.startswith("<!DOCTYPE html>"), html.count("<svg") >= 3, "http://" in html
(True, True, False)
"""

from stability.present.report.pictures import Picture, draw_pictures, inline_svg
from stability.present.report.render import (
    FORMATS,
    markdown_code,
    markdown_text,
    render_html,
    render_markdown,
    report_format,
    report_view,
    write_report,
)
from stability.present.report.sections import (
    KEY_CELLS_LISTED,
    REGIMES_LISTED,
    SENSITIVITY_ROWS,
    SENSITIVITY_SHOWN,
    race_facts,
)
from stability.present.report.summary import footer_text, summary
from stability.present.report.tables import SHOWN_CONCEPTS, TableView

__all__ = [
    "FORMATS",
    "KEY_CELLS_LISTED",
    "REGIMES_LISTED",
    "SENSITIVITY_ROWS",
    "SENSITIVITY_SHOWN",
    "SHOWN_CONCEPTS",
    "Picture",
    "TableView",
    "draw_pictures",
    "footer_text",
    "inline_svg",
    "markdown_code",
    "markdown_text",
    "race_facts",
    "render_html",
    "render_markdown",
    "report_format",
    "report_view",
    "summary",
    "write_report",
]
