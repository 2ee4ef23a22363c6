"""The explorer page in a real browser (headless Chromium through Selenium).

Each bundled scenario's page is loaded from disk; its verdicts, read from the
page after moving its controls, must equal the exact Python analysis at a couple
of hundred random points and on both sides of every exact tipping threshold.
The page must make no network request and log no console error. Screenshots at
desktop and phone widths are saved in the test's temporary folder (the path is
printed; run with ``-s`` to see it).
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import tempfile
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from stability.analysis.coalitions import CONCEPTS
from stability.analysis.coalitions.scenario import profile_structure
from stability.analysis.coalitions.study import coalition_study
from stability.analysis.durability import timeline_durability
from stability.analysis.overview import scenario_verdicts
from stability.analysis.tipping import tipping_analysis
from stability.io.scenario import read_scenario
from stability.model.scenario import Scenario
from stability.present.explorer import write_explorer

webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (the test extra)")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None, reason="needs chromium and chromedriver installed"
)

GAMES = Path(__file__).resolve().parents[1] / "games"
SCENARIOS = {"mosul": 90, "us-turkey-ypg": 60, "two-allies": 50}  # random points each
COALITION_POINTS = 30  # random points per scenario for the coalition structures
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# One Chromium per test process for the whole session: the slow tests run first
# (tests/conftest.py), so with a module fixture this file's tests were split in two runs
# and Chromium started twice per worker.
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="stability-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,1000")
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    except WebDriverException as err:  # pragma: no cover - depends on the machine
        pytest.skip(f"cannot start headless chromium: {err.msg}")
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _scenario(name: str) -> Scenario:
    return read_scenario(GAMES / f"{name}.toml")


def _open(browser: Any, scenario: Scenario, folder: Path) -> Path:
    page = folder / f"{scenario.path.stem if scenario.path else 'scenario'}-explorer.html"
    write_explorer(scenario, page)
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(page.as_uri())
    browser.execute_script("return 1")
    return page


# -- reading the page and the Python analysis ----------------------------------------------

READ = """
return {
  defined: document.body.getAttribute('data-defined') === 'true',
  outcomes: Array.from(document.querySelectorAll('tr[data-outcome]')).map(r => ({
    name: r.getAttribute('data-outcome'),
    equilibrium: r.getAttribute('data-equilibrium') === 'true',
    strict: r.getAttribute('data-strict') === 'true',
    closest: JSON.parse(r.getAttribute('data-closest')),
    movers: JSON.parse(r.getAttribute('data-movers')),
  })),
  equilibria: Array.from(document.querySelectorAll('#equilibria-list li[data-profile]')).map(
    li => [JSON.parse(li.getAttribute('data-profile')), li.getAttribute('data-strict') === 'true']),
};
"""

TYPE = """
const values = arguments[0];
for (const [name, text] of Object.entries(values)) {
  const box = name === 't' ? document.getElementById('time-number')
    : document.querySelector('input[type=text][data-parameter="' + CSS.escape(name) + '"]');
  box.value = text;
  box.dispatchEvent(new Event('change'));
}
"""


def _page_verdict(browser: Any) -> dict[str, Any]:
    found: dict[str, Any] = browser.execute_script(READ)
    return found


def _python_verdict(scenario: Scenario) -> dict[str, Any]:
    # the verdicts and equilibria as ``analyze`` computes them (scenario_verdicts is the
    # part of analyze_scenario that gives them); the rest of the analysis (tipping,
    # ranking, the race, selection, the plain answer) is not on the page and would make
    # each Mosul point 20 to 100 times dearer (0.03 s CPU against 0.6 to 3 s)
    _, equilibria, statuses = scenario_verdicts(scenario)
    outcomes = []
    for status in statuses:
        strict = any(e.strict for e in equilibria if status.name in e.outcomes)
        outcomes.append(
            {
                "name": status.name,
                "equilibrium": status.equilibrium,
                "strict": strict,
                "closest": status.closest,
                "movers": [[m.actor, m.to, float(m.gain)] for m in status.moves],
            }
        )
    return {
        "defined": True,
        "outcomes": outcomes,
        "equilibria": [[e.profile, e.strict] for e in equilibria],
    }


def _assert_same(page: dict[str, Any], python: dict[str, Any], where: str) -> None:
    assert page["defined"], where
    key = lambda item: json.dumps(item[0], sort_keys=True)  # noqa: E731
    assert sorted(page["equilibria"], key=key) == sorted(python["equilibria"], key=key), where
    assert len(page["outcomes"]) == len(python["outcomes"]), where
    for mine, theirs in zip(page["outcomes"], python["outcomes"], strict=True):
        assert mine["name"] == theirs["name"], where
        assert mine["equilibrium"] == theirs["equilibrium"], (where, mine["name"])
        assert mine["strict"] == theirs["strict"], (where, mine["name"])
        assert mine["closest"] == theirs["closest"], (where, mine["name"])
        assert [m[:2] for m in mine["movers"]] == [m[:2] for m in theirs["movers"]], where
        for a, b in zip(mine["movers"], theirs["movers"], strict=True):
            assert a[2] == pytest.approx(b[2], rel=1e-9, abs=1e-9), (where, mine["name"])


def _decimal(value: float) -> str:
    return repr(value)


def _random_point(scenario: Scenario, rng: random.Random) -> dict[str, str]:
    """Every parameter uniform over its range, to 4 decimals (kept within range)."""
    values = {}
    for parameter in scenario.parameters:
        low, high = (float(x) for x in parameter.range)
        values[parameter.name] = f"{rng.uniform(low, high):.4f}"
    return _in_range(scenario, values)


def _in_range(scenario: Scenario, values: dict[str, str]) -> dict[str, str]:
    kept = {}
    for name, text in values.items():
        low, high = scenario.parameter(name).range
        if low <= Fraction(text) <= high:
            kept[name] = text
    return kept


def _set(browser: Any, values: dict[str, str]) -> None:
    """Type ``values`` in their number boxes, as a person would (one page update per box)."""
    browser.execute_script(TYPE, values)


def _set_all(browser: Any, values: dict[str, str]) -> None:
    """Set ``values`` through the page's scripting API (one page update for them all).

    Typing a point's 15 Mosul values costs 15 updates, each rescanning every slider for
    its thresholds (about 30 ms of Chromium CPU); the verdict read afterwards is the same.
    """
    assert browser.execute_script("return window.stabilityExplorer.set(arguments[0])", values)


def _check_clean(browser: Any, page: Path) -> None:
    """No console error and no request other than the page file itself."""
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors
    from_page, network = [], []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        url = message["params"]["request"]["url"]
        if message["params"].get("documentURL", "").startswith(page.as_uri()):
            from_page.append(url)
        if url.split(":", 1)[0] in ("http", "https", "ws", "wss", "ftp"):
            network.append(url)
    assert network == [], network
    assert {url.split("#")[0] for url in from_page} <= {page.as_uri()}, from_page
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert resources == []


# -- the tests --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_random_points_agree_with_python(browser: Any, tmp_path: Path, name: str) -> None:
    scenario = _scenario(name)
    page = _open(browser, scenario, tmp_path)
    _assert_same(_page_verdict(browser), _python_verdict(scenario), "the scenario's values")
    rng = random.Random(f"explore-{name}")
    agreed = 0
    for point in range(SCENARIOS[name]):
        values = _random_point(scenario, rng)
        # every tenth point typed in the boxes (the person's way), the others set in one
        # update: the verdicts are compared at every point either way
        (_set if point % 10 == 0 else _set_all)(browser, values)
        moved = scenario.with_values({k: Fraction(v) for k, v in values.items()})
        _assert_same(_page_verdict(browser), _python_verdict(moved), f"point {point}: {values}")
        agreed += 1
    _check_clean(browser, page)
    print(f"\n{name}: {agreed} random points agree with the Python analysis")


COALITIONS = """
const rows = Array.from(document.querySelectorAll('#coalitions-body tr[data-structure]'));
return {
  rows: rows.map(r => [r.getAttribute('data-structure'),
                       JSON.parse(r.getAttribute('data-stable'))]),
  first: JSON.parse(document.getElementById('coalitions-chain').getAttribute('data-first')),
  current: document.getElementById('coalitions-current').getAttribute('data-structure'),
  shown: Number(document.getElementById('graph-choice').value),
};
"""


def _assert_same_coalitions(browser: Any, scenario: Scenario, where: str) -> None:
    """The page's coalition structures section equals ``stability coalitions`` there:
    every structure's verdict under every concept, who moves first on the chain, and
    the structure of the profile the page shows."""
    page = browser.execute_script(COALITIONS)
    study = coalition_study(scenario)
    analysis = study.analysis
    python = [[analysis.structure_text(s), {c: bool(analysis.verdicts[c][s]) for c in CONCEPTS}]
              for s in range(len(analysis.structures))]
    assert page["rows"] == python, where
    first = None if study.chain is None else list(study.first_movers())
    assert page["first"] == first, where
    shown = tuple(int(i) for i in np.unravel_index(page["shown"], scenario.shape))
    assert page["current"] == analysis.structure_text(
        profile_structure(scenario, analysis, shown)), where


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_coalition_structures_agree_with_python(browser: Any, tmp_path: Path, name: str) -> None:
    scenario = _scenario(name)
    page = _open(browser, scenario, tmp_path)
    _assert_same_coalitions(browser, scenario, "the scenario's values")
    rng = random.Random(f"coalitions-{name}")
    for point in range(COALITION_POINTS):
        values = _random_point(scenario, rng)
        # as in test_random_points_agree_with_python: every tenth point typed in the boxes
        (_set if point % 10 == 0 else _set_all)(browser, values)
        moved = scenario.with_values({k: Fraction(v) for k, v in values.items()})
        _assert_same_coalitions(browser, moved, f"point {point}: {values}")
    if scenario.timeline is not None:
        path = _played(scenario)  # the page follows the path played, as durability does
        for t in (1, 13, 25):
            _set_all(browser, {p.name: format(p.value) for p in scenario.parameters})
            _set(browser, {"t": str(t)})
            state = None if path is None else _state_on_path(path, t)
            _assert_same_coalitions(browser, scenario.at_time(t, state=state), f"t = {t}")
    _check_clean(browser, page)


def _exact_thresholds(scenario: Scenario) -> list[tuple[str, float]]:
    found = set()
    for outcome in scenario.outcomes:
        result = tipping_analysis(scenario, outcome.name, shift=False, cells=False)
        for entry in result.parameters:
            for threshold in (entry.increase, entry.decrease):
                if threshold is not None and threshold.within_range:
                    found.add((entry.parameter, float(threshold.value)))
    return sorted(found)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_thresholds_agree_with_tipping(browser: Any, tmp_path: Path, name: str) -> None:
    scenario = _scenario(name)
    page = _open(browser, scenario, tmp_path)
    thresholds = _exact_thresholds(scenario)
    # The page marks every exact threshold on its slider (scan and bisection).
    for parameter, value in thresholds:
        index = [p.name for p in scenario.parameters].index(parameter)
        marks = json.loads(
            browser.find_element("id", f"ticks-{index}").get_attribute("data-thresholds")
        )
        low, high = (float(x) for x in scenario.parameter(parameter).range)
        # the page treats payoffs within TOLERANCE = 1e-9 * max(1, |payoff|) as ties, so
        # it may mark both edges of that band (2.75e-9 either side of false_flag = 3/2
        # in mosul, where Iran's payoff is 11/4): allow ten times the bare tolerance
        assert any(abs(mark - value) <= 1e-8 * (high - low) + 1e-12 for mark in marks), (
            parameter,
            value,
            marks,
        )
    checked = 0
    for parameter, value in thresholds:
        for shift in (-1e-6, 1e-6):
            values = _in_range(scenario, {parameter: _decimal(value + shift)})
            if not values:
                continue
            # the others back at their values in one update, the moved one typed in its box
            _set_all(browser, {p.name: format(p.value) for p in scenario.parameters})
            _set(browser, values)
            moved = scenario.with_values({k: Fraction(v) for k, v in values.items()})
            _assert_same(_page_verdict(browser), _python_verdict(moved), f"{values}")
            checked += 1
    _check_clean(browser, page)
    print(f"\n{name}: {len(thresholds)} thresholds, {checked} points at +-1e-6 agree")


RACE = Path(__file__).resolve().parent / "data" / "timeline-race.toml"
# play follows: the alliance breaks at t = 1 and the threat ends at t = 9, not 3
PLAY_RACE = Path(__file__).resolve().parent / "data" / "play-race.toml"

# The older [dynamics] form, exponential decay (read as a timeline of 100 periods).
DECAY = """
title = "Exponential decay"
coalition_outcome = "Both"
[parameters.threat]
value = 3
range = [0, 10]
[parameters.rate]
value = "1/10"
range = [0, "1/2"]
[dynamics]
threat = "threat"
rate = "rate"
model = "exponential"
[[actors]]
name = "A"
strategies = ["C", "D"]
[[actors]]
name = "B"
strategies = ["C", "D"]
[[games]]
players = ["A", "B"]
payoffs = [[["threat - 1", "threat - 1"], [0, 1]], [[1, 0], [1, 1]]]
[[outcomes]]
name = "Both"
profiles = [{A = "C", B = "C"}]
"""


def _played(scenario: Scenario) -> Any:
    """The path played from the coalition (``None`` unless the timeline follows play)."""
    from stability.analysis.play_path import played_path

    timeline = scenario.timeline
    if timeline is None or timeline.play is None:
        return None
    assert scenario.coalition_outcome is not None
    return played_path(scenario, scenario.coalition_outcome)


def _state_on_path(path: Any, t: int) -> Fraction:
    import sympy

    piece = path.piece_at(sympy.Integer(t)) or path.pieces[-1]
    return Fraction(str(sympy.nsimplify(piece.state_at(sympy.Integer(t)))))


def _timeline_scenario(name: str, folder: Path) -> Scenario:
    if name == "timeline-race":
        return read_scenario(RACE)
    if name == "play-race":
        return read_scenario(PLAY_RACE)
    if name == "dynamics-decay":
        path = folder / "decay.toml"
        path.write_text(DECAY, encoding="utf-8")
        return read_scenario(path)
    return _scenario(name)


@pytest.mark.parametrize(
    "name", [*sorted(SCENARIOS), "timeline-race", "dynamics-decay", "play-race"]
)
def test_time_slider_follows_the_timeline(browser: Any, tmp_path: Path, name: str) -> None:
    scenario = _timeline_scenario(name, tmp_path)
    timeline = scenario.timeline
    if timeline is None:
        pytest.skip("the scenario has no timeline")
    page = _open(browser, scenario, tmp_path)
    horizon = int(timeline.horizon)
    assert float(browser.find_element("id", "time-slider").get_attribute("max")) == float(
        timeline.horizon
    )
    path = _played(scenario)
    # Whole times, where even an exponential decay has an exact value for Python; on a
    # timeline that follows play, with the play state where the path played puts it.
    for t in sorted({*range(0, horizon + 1, max(1, horizon // 15)), horizon}):
        _set(browser, {"t": str(t)})
        state = None if path is None else _state_on_path(path, t)
        _assert_same(
            _page_verdict(browser), _python_verdict(scenario.at_time(t, state=state)), f"t = {t}"
        )
    if path is not None:  # the page lists the same pieces of play
        _set(browser, {"t": "0"})
        shown = browser.execute_script(
            "return Array.from(document.querySelectorAll('#durability-path li[data-profile]'))"
            ".map(li => [Number(li.dataset.start), Number(li.dataset.stop)])"
        )
        assert len(shown) == len(path.pieces)
        for (start, stop), piece in zip(shown, path.pieces, strict=True):
            assert start == pytest.approx(float(piece.start), abs=1e-6 * horizon)
            assert stop == pytest.approx(float(piece.stop), abs=1e-6 * horizon)
    if name == "play-race":  # the file's own hand-derived answer
        assert [(float(p.start), float(p.stop)) for p in path.pieces] == [(0, 1), (1, 24)]
        end_mark = browser.find_element("id", "time-ticks").get_attribute("data-end")
        assert float(end_mark) == pytest.approx(9, abs=1e-9)
    # The time slider marks where the coalition breaks and where the campaign ends,
    # as the durability analysis finds them exactly.
    _set(browser, {"t": "0"})
    ticks = browser.find_element("id", "time-ticks")
    found = timeline_durability(scenario, sensitivity=False)
    if found.breaks is not None and 0 < float(found.breaks.value) < horizon:
        marks = json.loads(ticks.get_attribute("data-thresholds"))
        assert any(abs(m - float(found.breaks.value)) <= 1e-9 * horizon for m in marks), marks
    if timeline.end is not None:
        end = ticks.get_attribute("data-end")
        if found.end is None:
            assert end == "null"
        else:
            assert float(end) == pytest.approx(float(found.end.value), abs=1e-9 * horizon)
    _check_clean(browser, page)


def test_sliders_number_boxes_reset_and_address(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    scenario = _scenario("two-allies")
    page = _open(browser, scenario, tmp_path)
    slider = browser.find_element("id", "slider-0")  # threat, 0 … 10
    slider.click()  # the middle: threat = 5
    for _ in range(5):
        slider.send_keys(Keys.ARROW_LEFT)
    box = browser.find_element("id", "number-0")
    moved = Fraction(box.get_attribute("value"))
    assert moved == Fraction(slider.get_attribute("value"))
    _assert_same(
        _page_verdict(browser),
        _python_verdict(scenario.with_values({"threat": moved})),
        "after the slider",
    )
    # The thresholds are named in the direction one would move.
    browser.find_element("id", "reset").click()
    note = browser.find_element("id", "thresholds-0").text
    assert "↓ 2 (1 away): Alliance stops being an equilibrium" in note
    # A fraction in the number box; the address records it.
    box.clear()
    box.send_keys("3/2", Keys.ENTER)
    assert "threat=3%2F2" in browser.current_url
    verdict = _page_verdict(browser)
    _assert_same(verdict, _python_verdict(scenario.with_values({"threat": Fraction(3, 2)})), "3/2")
    assert not verdict["outcomes"][0]["equilibrium"]  # the alliance needs threat >= 2
    # Out of range is refused and marked, not applied.
    box.clear()
    box.send_keys("11", Keys.ENTER)
    assert "invalid" in box.get_attribute("class")
    # The address restores a view.
    browser.get(page.as_uri() + "#threat=5%2F2&dispute=1")
    browser.refresh()
    assert browser.find_element("id", "number-0").get_attribute("value") == "5/2"
    _assert_same(
        _page_verdict(browser),
        _python_verdict(scenario.with_values({"threat": Fraction(5, 2)})),
        "from the address",
    )
    browser.find_element("id", "reset").click()
    assert browser.find_element("id", "number-0").get_attribute("value") == "3"
    assert browser.find_element("id", "graph-balance").get_attribute("data-balanced") == "true"
    _check_clean(browser, page)


def test_screenshots_and_update_time(browser: Any, tmp_path: Path) -> None:
    scenario = _scenario("mosul")
    page = _open(browser, scenario, tmp_path)
    times = browser.execute_script("return window.stabilityExplorer.timeUpdate(30)")
    size = page.stat().st_size
    for width, height in ((1280, 1000), (400, 900)):
        browser.set_window_size(width, height)
        # Nothing wider than the window: tables scroll inside their own boxes.
        assert browser.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth"
        ), width
        full = browser.execute_script("return document.body.scrollHeight")
        browser.set_window_size(width, min(int(full) + 120, 6000))
        shot = tmp_path / f"mosul-explorer-{width}px.png"
        assert browser.save_screenshot(str(shot))
        print(f"\nscreenshot: {shot}")
    browser.set_window_size(1280, 1000)
    totals = [total for total, _ in times]
    scans = [scan for _, scan in times]
    print(
        f"\nmosul explorer: {size / 1024:.0f} kB; update median {statistics.median(totals):.1f} ms "
        f"(of which thresholds {statistics.median(scans):.1f} ms), max {max(totals):.1f} ms "
        f"over {len(times)} updates"
    )
    _check_clean(browser, page)


def test_hostile_labels_and_undefined_payoffs(browser: Any, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    text = (GAMES / "two-allies.toml").read_text(encoding="utf-8")
    text = (
        text.replace('name = "Alliance"', f'name = "{hostile}"')
        .replace('coalition_outcome = "Alliance"', f'coalition_outcome = "{hostile}"')
        .replace('label = "A"', f'label = "{hostile}"')
        .replace('weight = "dispute"', 'weight = "1/dispute"')
    )
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    scenario = read_scenario(path)
    page = _open(browser, scenario, tmp_path)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    names = [row["name"] for row in _page_verdict(browser)["outcomes"]]
    assert names[0] == hostile  # shown as text, exactly
    assert browser.find_elements("css selector", "img") == []
    _assert_same(_page_verdict(browser), _python_verdict(scenario), "hostile labels")
    # At dispute = 0 a payoff is undefined: the page says so instead of a verdict.
    _set(browser, {"dispute": "0"})
    assert browser.find_element("id", "undefined").is_displayed()
    assert _page_verdict(browser)["outcomes"] == []
    _set(browser, {"dispute": "1/2"})
    assert not browser.find_element("id", "undefined").is_displayed()
    moved = scenario.with_values({"dispute": Fraction(1, 2)})
    _assert_same(_page_verdict(browser), _python_verdict(moved), "dispute 1/2")
    _check_clean(browser, page)
