"""Filling the report templates (HTML autoescaped, Markdown escaped) and writing the
files: one HTML file, or a Markdown file with a folder of pictures."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from stability.analysis.report import Report
from stability.errors import InputError
from stability.io.files import write_file, write_files
from stability.present.overview import stability_sentence
from stability.present.report.pictures import Picture, draw_pictures, inline_svg
from stability.present.report.sections import (
    breaking_view,
    coalitions_view,
    durability_view,
    games_view,
    robustness_view,
    sensitivity_view,
    sweep_view,
    tipping_view,
)
from stability.present.report.summary import footer_text, summary
from stability.present.report.tables import (
    actors_table,
    joint_equilibria_table,
    outcomes_table,
    parameters_table,
    profiles_table,
)
from stability.present.text import words

#: Report formats by file suffix.
FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def report_view(report: Report, pictures: dict[str, list[Picture]]) -> dict[str, Any]:
    """Everything the templates show, as text, tables and pictures."""
    scenario = report.scenario
    graphs = [
        {
            "outcome": panel.outcome,
            "equilibrium": panel.equilibrium,
            "balanced": panel.balance.balanced,
            "picture": picture,
        }
        for panel, picture in zip(report.graphs, pictures["graphs"], strict=True)
    ]
    return {
        "footer": footer_text(report),
        "title": scenario.title,
        "description": words(scenario.description),
        "sources": [words(s) for s in scenario.source],
        "warnings": list(report.warnings),
        "summary": summary(report),
        "answer": None if report.analysis.answer is None else report.analysis.answer.paragraph,
        "actors": actors_table(report),
        "parameters": parameters_table(report),
        "games": games_view(report),
        "equilibria": joint_equilibria_table(report) if report.analysis.equilibria else None,
        "sentences": [stability_sentence(report.analysis, e) for e in report.analysis.equilibria],
        "profiles": profiles_table(report),
        "profiles_total": report.profiles_total,
        "outcomes": outcomes_table(report),
        "outcome_docs": [(o.name, words(o.doc)) for o in scenario.outcomes],
        "graphs": [g for g in graphs if g["equilibrium"]],
        "other_graphs": [g for g in graphs if not g["equilibrium"]],
        "tipping": tipping_view(report, pictures),
        "breaking": breaking_view(report),
        "sweep": sweep_view(report, pictures),
        "sweep_reason": report.sweep_reason,
        "durability": durability_view(report, pictures),
        "durability_note": report.durability_note,
        "robustness": robustness_view(report),
        "sensitivity": sensitivity_view(report),
        "coalitions": coalitions_view(report),
        "coalitions_note": report.coalitions_note,
        "limits": list(report.limits),
    }


_MARKDOWN_SPECIAL = re.compile(r"([\\`*|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|\[|\]\()")
_MARKDOWN_START = re.compile(r"^[-+#=](?=\s|$)")
_MARKDOWN_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


def markdown_text(value: object) -> str:
    """Text made safe inside Markdown (and its tables): one line, specials escaped.

    Names such as ``w_assad`` and ranges such as ``[0, 4]`` stay readable; what
    could start emphasis, code, a link, an image, a table cell or raw HTML is escaped.

    >>> print(markdown_text("w_assad in [0, 4] | *x* <b> ![i](u)"))
    w_assad in \\[0, 4] \\| \\*x\\* &lt;b&gt; !\\[i\\](u)
    """
    text = words(str(value))
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    text = _MARKDOWN_ORDERED.sub(r"\1\\\2", text)
    return _MARKDOWN_START.sub(lambda m: "\\" + m.group(0), text)


def markdown_code(value: object) -> str:
    """A code span that holds any text (backticks in it included)."""
    text = words(str(value))
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _environment(markdown: bool) -> Environment:
    environment = Environment(
        loader=PackageLoader("stability.present", "templates"),
        autoescape=not markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_text
    environment.filters["code"] = markdown_code
    return environment


def render_html(report: Report, pictures: dict[str, list[Picture]] | None = None) -> str:
    """The report as one self-contained HTML document (pictures as inline SVG)."""
    pictures = pictures if pictures is not None else draw_pictures(report)
    view = report_view(report, pictures)
    template = _environment(markdown=False).get_template("report.html.j2")

    def svg(picture: Picture) -> Markup:
        return Markup(inline_svg(picture.svg, picture.name))  # noqa: S704 - our own drawing

    return template.render(view=view, svg=svg, explorer=_explorer_download(report))


def _explorer_download(report: Report) -> dict[str, str] | None:
    """The interactive explorer (``stability explore``) as a download link inside the
    report: a ``data:`` URL, so the report stays one file without scripts. ``None``
    when the page cannot be built (a scenario read from text, say)."""
    from stability.present.explorer import render_explorer

    try:
        page = render_explorer(report.scenario)
    except InputError:
        return None
    stem = report.scenario.path.stem if report.scenario.path is not None else "scenario"
    encoded = base64.b64encode(page.encode("utf-8")).decode("ascii")
    href = f"data:text/html;charset=utf-8;base64,{encoded}"
    return {"href": href, "name": f"{stem}-explorer.html"}


def render_markdown(
    report: Report, folder: str, pictures: dict[str, list[Picture]] | None = None
) -> str:
    """The report as Markdown whose pictures are ``folder/NAME.svg`` (relative links)."""
    pictures = pictures if pictures is not None else draw_pictures(report)
    view = report_view(report, pictures)
    template = _environment(markdown=True).get_template("report.md.j2")

    def link(picture: Picture) -> str:
        return quote(f"{folder}/{picture.filename}")

    return template.render(view=view, link=link)


def report_format(out: Path) -> str:
    """``"html"`` or ``"md"`` from the file name; anything else is bad usage."""
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise InputError(
            f"cannot tell the report format from {out.name!r}: expected a file ending "
            "in .html or .md",
            item="--out",
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"no such folder: {folder}", source=str(out), item="--out")
    return kind


def _all(pictures: dict[str, list[Picture]]) -> Iterable[Picture]:
    for section in ("graphs", "tornado", "sweep", "race"):
        yield from pictures.get(section, [])


def write_report(report: Report, out: Path) -> list[Path]:
    """Write the report to ``out`` (``.html`` or ``.md``); returns every file written.

    Markdown pictures go to ``<stem>_files/`` beside ``out``, written before the
    report itself, which is written last through a temporary file.
    """
    kind = report_format(out)
    pictures = draw_pictures(report)
    if kind == "html":
        return [write_file(out, render_html(report, pictures), item="--out")]
    folder_name = f"{out.stem}_files"
    files = {picture.filename: picture.svg for picture in _all(pictures)}
    text = render_markdown(report, folder_name, pictures)
    return write_files(out, text, folder_name, files, item="--out")
