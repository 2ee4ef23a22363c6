"""``stability report``: the self-contained HTML and Markdown reports of a scenario.

Known answers for Mosul are the scenario's own documented thresholds
(``games/mosul.toml`` header: the partition deal becomes an equilibrium when
alienation rises above 3/4; the coalition needs the threat above 4).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stability.analysis.report import build_report
from stability.cli.app import main
from stability.io.scenario import read_scenario
from stability.present.report import inline_svg, markdown_text, render_html

MOSUL = read_scenario("games/mosul.toml")
SAMPLES = "500"


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def mosul_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("html") / "mosul.html"
    assert main(["report", "mosul", "--out", str(out), "--samples", SAMPLES]) == 0
    return out.read_text(encoding="utf-8")


def test_html_parses_and_is_one_page(mosul_html: str) -> None:
    assert mosul_html.startswith("<!DOCTYPE html>")
    parser = _parse(mosul_html)
    names = [tag for tag, _ in parser.tags]
    assert names.count("html") == 1 and names.count("body") == 1
    metas = [attrs for tag, attrs in parser.tags if tag == "meta"]
    assert any(a.get("name") == "viewport" for a in metas)
    assert "@media print" in mosul_html


def test_every_picture_is_embedded(mosul_html: str) -> None:
    analysis_outcomes = len(MOSUL.outcomes)
    tipping_targets = 3  # every Mosul outcome but the coalition is not an equilibrium
    expected = analysis_outcomes + tipping_targets + 1  # graphs, tornado charts, sweep map
    parser = _parse(mosul_html)
    svgs = sum(1 for tag, _ in parser.tags if tag == "svg")
    images = [a for tag, a in parser.tags if tag == "img"]
    assert svgs + len(images) >= expected
    assert all((a.get("src") or "").startswith("data:") for a in images)
    ids = re.findall(r'\bid="([^"]+)"', mosul_html)
    assert len(ids) == len(set(ids)), "inline pictures must not share ids"


def test_no_external_url(mosul_html: str) -> None:
    parser = _parse(mosul_html)
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            if name in ("src", "href", "xlink:href", "action", "data", "poster"):
                assert not re.match(r"\s*(https?:)?//", value or ""), (tag, name, value)
        assert tag not in ("script", "link", "iframe", "object", "embed")
    assert "@import" not in mosul_html and "url(http" not in mosul_html
    # Mosul cites its source in plain text only, so no URL appears at all
    assert "http://" not in mosul_html and "https://" not in mosul_html


def test_all_outcomes_and_parameters_are_named(mosul_html: str) -> None:
    text = " ".join(_parse(mosul_html).text)
    for outcome in MOSUL.outcomes:
        assert outcome.name in text
    for parameter in MOSUL.parameters:
        assert parameter.name in text
    for actor in MOSUL.actors:
        assert actor.name in text
    for game in MOSUL.games:
        assert game.name in text
    for concept in ("strict", "strong", "coalition-proof", "GMR", "SMR", "SEQ"):
        assert concept in text


def test_summary_states_the_documented_thresholds(mosul_html: str) -> None:
    summary = mosul_html.split('id="summary"', 1)[1].split("</section>", 1)[0]
    assert "the coalition (“Competing and Cooperating in Iraq”) holds" in summary
    # docs/explanation/mosul-model.md: the militias' partition condition
    # (alienation + fighting_cost/2 >= victory_level/2) and the compromise's
    # (Iran: factionalism <= w_assad)
    road = "“The Road to U.S. Defeat in Iraq” becomes an equilibrium once alienation rises to 2.5"
    assert road in summary
    assert "“A U.S.-Iranian compromise” becomes an equilibrium once factionalism falls to 1 " in (
        summary
    )
    assert "500 random draws" in summary


@pytest.fixture(scope="module")
def mosul_markdown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Markdown report of Mosul at its values, made once for the tests that read it
    (a folder of its own: report.md and report_files/)."""
    out = tmp_path_factory.mktemp("markdown") / "report.md"
    assert main(["report", "mosul", "--out", str(out), "--samples", SAMPLES]) == 0
    return out


def test_markdown_report_and_its_pictures(mosul_markdown: Path) -> None:
    tmp_path = mosul_markdown.parent
    text = mosul_markdown.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(links) >= len(MOSUL.outcomes) + 3 + 1
    for link in links:
        assert link.startswith("report_files/") and not link.startswith("/")
        picture = tmp_path / link
        assert picture.is_file() and picture.read_text(encoding="utf-8").lstrip().startswith("<")
    assert sorted(p.name for p in (tmp_path / "report_files").iterdir()) == sorted(
        Path(link).name for link in links
    )
    for name in [o.name for o in MOSUL.outcomes] + [p.name for p in MOSUL.parameters]:
        assert name in text
    assert not list(tmp_path.glob(".*")) and not list((tmp_path / "report_files").glob(".*"))


@pytest.mark.parametrize("name", ["report.pdf", "report", "report.txt"])
def test_bad_out_extension_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main(["report", "mosul", "--out", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and ".html or .md" in err
    assert not list(tmp_path.iterdir())


def test_missing_out_and_bad_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "mosul"]) == 2
    assert capsys.readouterr().err.startswith("error:")
    out = tmp_path / "r.html"
    assert main(["report", "mosul", "--out", str(out), "--set", "nonsense=1"]) == 2
    assert capsys.readouterr().err.startswith("error:")
    assert not out.exists()


def test_set_changes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    assert main(
        ["report", "mosul", "--out", str(out), "--samples", "0", "--set", "alienation=3"]
    ) == 0
    text = out.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| alienation |"))
    assert "| 3 |" in row
    # at alienation 3 (above 5/2) the partition deal is an equilibrium beside the coalition
    assert "Also pure equilibria now: “The Road to U.S. Defeat in Iraq”" in text
    assert "Not computed (--samples 0)" in text


def test_out_of_range_value_is_warned_in_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    assert main(["report", "mosul", "--out", str(out), "--samples", "0", "--set", "threat=20"]) == 0
    assert "warning:" in capsys.readouterr().err
    assert "threat = 20 is outside its declared range [7, 12]" in out.read_text(encoding="utf-8")


def test_report_data_for_a_small_scenario() -> None:
    # games/two-allies.toml, solved by hand in its header: the alliance holds
    # exactly when threat >= 1 + dispute.
    report = build_report(read_scenario("games/two-allies.toml"), samples=200, sweep_points=11)
    assert report.sweep is not None and len(report.sweep_parameters) == 2
    assert report.robustness is not None and report.robustness.samples == 200
    assert {t.target for t in report.tipping} == {
        s.name for s in report.analysis.outcomes if not s.equilibrium
    }
    html = render_html(report)
    assert html.count("<svg") >= len(report.graphs) + len(report.tipping) + 1


def test_inline_svg_is_fit_for_html() -> None:
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="4pt" height="3pt" '
        'viewBox="0 0 4 3" xmlns="http://www.w3.org/2000/svg"><metadata><rdf:RDF '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"/></metadata><defs><clipPath id="c">'
        '</clipPath></defs><g clip-path="url(#c)" fill="#c0392b"/></svg>'
    )
    inline = inline_svg(svg, "fig")
    assert "http" not in inline and "width=" not in inline
    assert 'id="fig-c"' in inline and "url(#fig-c)" in inline and "#c0392b" in inline


def test_markdown_escaping_keeps_text_inert() -> None:
    hostile = "<script>x</script> [a](http://e) | `b` *c*"
    text = markdown_text(hostile)
    assert "<" not in text and "\\[a\\](" in text and "\\|" in text and "\\`" in text


def test_footer_gives_version_command_date_and_seed(tmp_path: Path) -> None:
    from stability import __version__

    out = tmp_path / "r.md"
    assert main(["report", "two-allies", "--out", str(out), "--samples", "500", "--seed", "7"]) == 0
    footer = out.read_text(encoding="utf-8").rsplit("---", 1)[1]
    assert f"stability {__version__}" in footer
    assert "--seed 7" in footer and "seed 7" in footer and "500 samples" in footer
    assert re.search(r"\d{4}-\d{2}-\d{2}", footer)


def test_report_and_robustness_share_their_default_seed() -> None:
    from stability.analysis.report import DEFAULT_SEED as REPORT_SEED
    from stability.analysis.robustness import DEFAULT_SEED as ROBUSTNESS_SEED

    assert REPORT_SEED == ROBUSTNESS_SEED


def test_report_follows_the_coalition_along_the_timeline(
    mosul_markdown: Path, tmp_path: Path
) -> None:
    """docs/explanation/mosul-model.md: the coalition stops being an equilibrium at
    month 52/5 = 10.4 (the U.S. sidelines the militias), and IS, fought at half the
    pace from then on, is defeated at month 68/5 = 13.6: it breaks first."""
    text = mosul_markdown.read_text(encoding="utf-8")
    summary = text.split("## Summary", 1)[1].split("## ", 1)[0]
    assert "the campaign ends at t = 13.6" in summary and "it breaks first" in summary
    durability = text.split("## Durability", 1)[1].split("## ", 1)[0]
    assert "stops being an equilibrium at t = 10.4 months" in durability
    assert "Verdict: breaks first (margin: breaks - end = -3.2 months)" in durability
    assert "(report_files/timeline.svg)" in durability
    svg = (mosul_markdown.parent / "report_files" / "timeline.svg").read_text(encoding="utf-8")
    assert "Competing and Cooperating in Iraq" in svg
    fast = tmp_path / "fast.html"
    assert main(["report", "mosul", "--out", str(fast), "--samples", "0",
                 "--set", "defeat_rate=1"]) == 0  # fmt: skip
    # the U.S. margin 13/8 - t*(9/16 + 1/16) ends at 13/5; IS is defeated at 2
    assert "Verdict: outlasts (margin: breaks - end = +0.6 months)" in fast.read_text(
        encoding="utf-8"
    )
