"""``stability explore`` without a browser: the page's contents, its generated code and
the command's errors (the page itself runs in tests/test_explorer_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from stability.analysis.balance import profile_balance
from stability.cli.app import main
from stability.errors import InputError
from stability.io.scenario import read_scenario
from stability.io.scenario_trees import payoff_trees
from stability.present.explorer import explorer_data, generated_script, render_explorer

GAMES = Path(__file__).resolve().parents[1] / "games"
SCENARIOS = ["mosul", "us-turkey-ypg", "two-allies"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_command_writes_one_offline_page(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{name}.html"
    assert main(["explore", name, "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # Nothing is fetched: no external scripts, styles, images or links.
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert not re.search(r"\b(src|href)\s*=", page)
    assert "default-src 'none'" in page  # and the browser would refuse any fetch
    # No code from text: neither the generated nor the fixed script evaluates strings.
    assert not re.search(
        r"\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(|setTimeout\s*\(\s*['\"]", page
    )
    assert out.stat().st_size < 300_000


def test_set_starts_the_sliders_elsewhere(tmp_path: Path) -> None:
    out = tmp_path / "allies.html"
    assert main(["explore", "two-allies", "--set", "threat=3/2", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="scenario-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    threat = next(p for p in data["parameters"] if p["name"] == "threat")
    assert threat["exact"] == "3/2" and threat["value"] == 1.5


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--out", "page.txt"], "ending in .html"),
        (["--out", "no/such/folder/page.html"], "no such folder"),
        (["--set", "nonsense=1", "--out", "page.html"], "nonsense"),
    ],
)
def test_bad_usage_is_one_error_line(
    arguments: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["explore", "two-allies", *arguments]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("error:") and message in error[0]
    assert list(tmp_path.iterdir()) == []


def test_generated_code_uses_only_numbers_parameters_and_math() -> None:
    scenario = read_scenario(GAMES / "mosul.toml")
    code = generated_script(scenario)
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", code))
    allowed = {
        "function", "let", "const", "return", "t", "s", "v", "e", "out", "Infinity",
        "stabilityGameTables", "stabilityTimeValues", "stabilityTimeEnd", "stabilityPlayRates",
        "Math.pow", "Math.min", "Math.max", "Math.abs",
    }  # fmt: skip
    assert {w for w in words if not re.fullmatch(r"w\d+_\d+", w)} <= allowed
    assert not re.search(r"['\"`]", code)  # no strings at all


def test_labels_are_data_never_markup(tmp_path: Path) -> None:
    text = (GAMES / "two-allies.toml").read_text(encoding="utf-8")
    hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    text = (
        text.replace('name = "Alliance"', f'name = "{hostile}"')
        .replace('coalition_outcome = "Alliance"', f'coalition_outcome = "{hostile}"')
        .replace('title = "Two allies against a common threat"', f'title = "{hostile}"')
    )
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    page = render_explorer(read_scenario(path))
    assert hostile not in page
    assert page.count("<script") == 3  # the data block, the generated code, the script
    assert "<img" not in page


def test_changed_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "allies.toml"
    path.write_text((GAMES / "two-allies.toml").read_text(encoding="utf-8"), encoding="utf-8")
    scenario = read_scenario(path)
    path.write_text(
        path.read_text(encoding="utf-8").replace('weight = "threat"', 'weight = "dispute"')
    )
    with pytest.raises(InputError, match="differs from the scenario that was loaded"):
        payoff_trees(scenario)


def test_profile_data_is_the_balance_analysis() -> None:
    scenario = read_scenario(GAMES / "mosul.toml")
    data = explorer_data(scenario)
    assert len(data["profiles"]) == scenario.n_profiles
    import numpy as np

    for flat, position in enumerate(np.ndindex(*scenario.shape)):
        assert data["profiles"][flat]["balanced"] == profile_balance(scenario, position).balanced
    for outcome in data["outcomes"]:
        mask = scenario.outcome_mask(outcome["name"]).ravel()
        assert outcome["members"] == [int(i) for i in np.flatnonzero(mask)]


def test_report_carries_the_explorer(tmp_path: Path) -> None:
    import base64

    html = tmp_path / "allies.html"
    assert main(["report", "two-allies", "--out", str(html), "--samples", "0"]) == 0
    page = html.read_text(encoding="utf-8")
    found = re.search(
        r'download="([^"]+)" href="data:text/html;charset=utf-8;base64,([^"]+)"', page
    )
    assert found is not None and found.group(1) == "two-allies-explorer.html"
    explorer = base64.b64decode(found.group(2)).decode("utf-8")
    assert explorer == render_explorer(read_scenario(GAMES / "two-allies.toml"))
