"""The model check's findings where other commands print results: ``stability tipping``'s
text output and the explorer page."""

from __future__ import annotations

from pathlib import Path

import pytest

from stability.cli.app import main
from stability.io.scenario import read_scenario
from stability.present.explorer import render_explorer

CLEAN = Path(__file__).parent / "data" / "check" / "clean.toml"


def tie(tmp_path: Path) -> Path:
    """Alpha exactly indifferent in Alliance (cost_a = 2), Beta's cost 5/2 too high:
    cost_b's lever (down to 2) rests on Alpha's tie."""
    text = CLEAN.read_text().replace("value = 1\nrange = [0, 4]", "value = 2\nrange = [0, 4]")
    text = text.replace('value = "1/2"\nrange = [0, 4]', 'value = "5/2"\nrange = [0, 4]')
    path = tmp_path / "tie.toml"
    path.write_text(text)
    return path


def test_tipping_shows_the_findings_about_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tipping", str(tie(tmp_path)), "--target", "Alliance"]) == 0
    out = capsys.readouterr().out
    assert "What stability check finds about this target and these levers:" in out
    assert "knife-edge — Alliance" in out
    assert "on an exact tie" in " ".join(out.split())


def test_tipping_json_is_unchanged_by_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tipping", str(tie(tmp_path)), "--target", "Alliance", "--json"]) == 0
    assert "stability check" not in capsys.readouterr().out


def test_tipping_says_when_the_smallest_shift_lies_past_the_end(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The how-to's allies with the campaign ending at threat 5/2: the alliance breaks
    when the threat falls below 2 (the shift: 1999/1000), after the campaign's end."""
    example = Path(__file__).parent.parent / "docs" / "how-to" / "allies-check.toml"
    args = ["tipping", str(example), "--goal", "breaks", "--set", "victory=5/2"]
    assert main(args) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Smallest combined shift: There the timeline's end condition already holds" in out
    assert "(1999/1000 ≈ 1.999 <= 5/2 ≈ 2.5: The enemy is defeated)" in out
    assert "lever-past-end — Alliance" in out


def test_explorer_lists_the_findings_escaped(tmp_path: Path) -> None:
    extra = '\n[parameters.unused]\nvalue = 1\nrange = [0, 2]\ndoc = "Nothing reads it."\n'
    path = tmp_path / "dead.toml"
    path.write_text(CLEAN.read_text().replace("\n[[actors]]", extra + "\n[[actors]]", 1))
    page = render_explorer(read_scenario(path))
    section = page.split("<h2>Model check</h2>", 1)[1].split("</section>", 1)[0]
    assert '<li class="finding error"><strong>error dead-parameter</strong> — unused:' in section
    assert "&lt;=" in section or "<=" not in section  # evidence is text, escaped


def test_explorer_of_a_clean_scenario_lists_only_notes() -> None:
    page = render_explorer(read_scenario(CLEAN))
    section = page.split("<h2>Model check</h2>", 1)[1].split("</section>", 1)[0]
    assert "finding info" in section
    assert "finding warning" not in section and "finding error" not in section
