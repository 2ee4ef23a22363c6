"""Regenerate the explorer screenshots in docs/how-to from the current Mosul model.

Needs Chromium and its driver (``apt-get install chromium chromium-driver``) and
selenium (the ``test`` extra)::

    python tools/explorer_screenshots.py [--at "alienation=3"]

It writes ``docs/how-to/explorer-mosul.png`` (1280 px wide) and
``docs/how-to/explorer-mosul-400.png`` (400 px, a phone), and prints the verdicts the
page shows, so the captions in ``docs/how-to/explore-a-scenario.md`` can be checked
against them.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from stability.io.scenario import read_scenario
from stability.present.explorer import write_explorer

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "how-to"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", default="alienation=3",
                        help="the page's address after '#': NAME=VALUE&... (default alienation=3)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        raise SystemExit("error: needs chromium and chromedriver on the PATH")
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='stability-shots-')}")
    options.binary_location = chromium
    browser = webdriver.Chrome(service=Service(driver), options=options)
    try:
        page = Path(tempfile.mkdtemp()) / "mosul-explorer.html"
        write_explorer(read_scenario(ROOT / "games" / "mosul.toml"), page)
        address = f"{page.as_uri()}#{args.at}"
        for width, name in ((1280, "explorer-mosul.png"), (400, "explorer-mosul-400.png")):
            browser.set_window_size(width, 1000)
            browser.get(address)
            height = browser.execute_script("return document.body.scrollHeight")
            # the phone view shows its first screens; the desktop view the whole page
            browser.set_window_size(width, 1800 if width == 400 else min(int(height) + 40, 4000))
            browser.save_screenshot(str(OUT / name))
            print(f"wrote {OUT / name}")
        print("verdicts:", browser.find_element("id", "summary").text.replace("\n", " | "))
    finally:
        browser.quit()


if __name__ == "__main__":
    main()
