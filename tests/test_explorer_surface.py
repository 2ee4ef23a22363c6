"""The explorer on a phone and its sliders (issue 25 item 7), in headless Chromium at
1280 and 400 px: a sticky summary, exact slider values, values at t, the durability
timeline with its verdict, "copy as command", graph labels inside their nodes."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stability.analysis.durability import timeline_durability
from stability.io.scenario import apply_sets, read_scenario
from stability.present.explorer import write_explorer

webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (the test extra)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None, reason="needs chromium and chromedriver installed"
)
GAMES = Path(__file__).resolve().parents[1] / "games"
MOSUL = read_scenario(GAMES / "mosul.toml")


@pytest.fixture(scope="module")
def page() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mosul.html"
        write_explorer(MOSUL, path)
        yield path


def _browser(width: int) -> Any:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},900")
    options.binary_location = str(CHROMIUM)
    try:
        return webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    except WebDriverException as err:  # pragma: no cover - depends on the machine
        pytest.skip(f"cannot start headless chromium: {err.msg}")


@pytest.fixture(scope="module", params=[1280, 400])
def browser(request: pytest.FixtureRequest, page: Path) -> Iterator[Any]:
    driver = _browser(request.param)
    try:
        driver.get(page.as_uri())
        yield driver
    finally:
        driver.quit()


def test_summary_stays_in_view_on_a_phone(browser: Any) -> None:
    width = browser.execute_script("return window.innerWidth")
    pills = browser.execute_script(
        "return Array.from(document.querySelectorAll('#summary .pill[data-outcome]'))"
        ".map(p => p.getAttribute('data-outcome'))")
    assert pills == [o.name for o in MOSUL.outcomes]
    # scroll to the last slider: the summary is still on screen on a narrow window
    top = browser.execute_script(
        "const s = document.querySelectorAll('input[type=range]');"
        "s[s.length - 1].scrollIntoView(); window.scrollBy(0, 200);"
        "return document.getElementById('summary').getBoundingClientRect().top")
    if width < 760:
        assert 0 <= top < 5


def test_sliders_land_on_exact_values(browser: Any) -> None:
    browser.execute_script("window.stabilityExplorer.set({})")
    slider = browser.find_element("id", "slider-0")
    name = slider.get_attribute("data-parameter")
    parameter = MOSUL.parameter(name)
    low, high = (float(v) for v in parameter.range)
    # a drag that ends a hair off the default lands exactly on it, with its exact text
    near = float(parameter.value) + (high - low) / 2500
    browser.execute_script(
        "const s = arguments[0]; s.value = String(arguments[1]);"
        "s.dispatchEvent(new Event('input'));", slider, near)
    state = browser.execute_script("return window.stabilityExplorer.state()")
    assert state["values"][0] == float(parameter.value)
    assert browser.find_element("id", "number-0").get_attribute("value") == str(parameter.value)
    # a typed fraction is kept as typed
    number = browser.find_element("id", "number-0")
    number.clear()
    typed = f"{parameter.range[0] + (parameter.range[1] - parameter.range[0]) / 3}"
    number.send_keys(typed + "\n")
    assert browser.find_element("id", "number-0").get_attribute("value") == typed
    browser.execute_script("document.getElementById('reset').click()")


def test_time_dependent_sliders_show_their_value_at_t(browser: Any) -> None:
    assert MOSUL.timeline is not None
    browser.execute_script("window.stabilityExplorer.set({t: '6'})")
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('.at-time')).map(e => e.textContent)")
    assert shown and all(text.startswith("at t = 6") for text in shown)
    varying = list(MOSUL.timeline.parameters)
    at_six = MOSUL.at_time(6)
    first = browser.execute_script(
        "return document.getElementById('at-time-' + arguments[0]).textContent",
        [p.name for p in MOSUL.parameters].index(varying[0]))
    value = float(at_six.parameter(varying[0]).value)
    assert f"{value:.2f}" in first or str(round(value)) in first
    browser.execute_script("window.stabilityExplorer.set({t: '0'})")


def test_durability_timeline_matches_the_analysis(browser: Any) -> None:
    verdict = browser.find_element("id", "durability-verdict").text
    exact = timeline_durability(MOSUL, sensitivity=False)
    assert ("outlasts" in verdict) == bool(exact.outlasts), verdict
    assert browser.find_element("css selector", "#durability svg rect")


def test_copy_as_command_gives_the_analyze_line(browser: Any) -> None:
    browser.execute_script("window.stabilityExplorer.set({threat: '13/2'})")
    command = browser.find_element("id", "command").text
    assert command == "stability analyze mosul --set threat=13/2"
    # the same values from the command line give the same verdicts
    scenario, _ = apply_sets(MOSUL, {"threat": "13/2"})
    from stability.analysis.overview import analyze_scenario

    holding = {s.name for s in analyze_scenario(scenario).outcomes if s.equilibrium}
    shown = set(browser.execute_script(
        "return Array.from(document.querySelectorAll('#summary .pill.yes'))"
        ".map(p => p.getAttribute('data-outcome'))"))
    assert shown == holding
    browser.execute_script("document.getElementById('reset').click()")
    assert browser.find_element("id", "command").text == "stability analyze mosul"


def test_graph_labels_fit_their_nodes(browser: Any) -> None:
    overflow = browser.execute_script("""
      const out = [];
      const labels = document.querySelectorAll('#graph .node-label');
      const nodes = document.querySelectorAll('#graph rect.node');
      labels.forEach((label, k) => {
        const a = label.getBBox(), b = nodes[k].getBBox();
        if (a.x < b.x || a.x + a.width > b.x + b.width) out.push(label.textContent);
      });
      return out;""")
    assert not overflow
