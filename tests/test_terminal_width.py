"""No name or header is cut with "…" at 60 or 80 columns (issue 25 item 4).

Every table-printing command runs on the bundled scenarios at both widths (the
COLUMNS a terminal sets); tables wrap their cells (see
``stability.present.terminal.whole_names``) instead of cutting them.
"""

from __future__ import annotations

import re

import pytest

from stability.cli import common
from stability.cli.app import main

COMMANDS = [
    ["analyze", "mosul"],
    ["analyze", "us-turkey-ypg"],
    ["path", "mosul", "--target", "The Road to U.S. Defeat in Iraq"],
    ["tipping", "mosul", "--target", "The Road to U.S. Defeat in Iraq"],
    ["tipping", "us-turkey-ypg", "--goal", "breaks"],
    ["sensitivity", "mosul", "--outcome", "Parallel campaigns", "--samples", "32",
     "--trajectories", "4"],
    ["robustness", "mosul", "--samples", "200"],
    ["durability", "mosul"],
    ["select", "mosul", "--starts", "40"],
    ["sweep", "mosul", "--x", "threat", "--points", "5"],
    ["states", "mosul", "--game", "joint"],
    ["list"],
    ["gmcr", "elmira"],
    ["solve", "jordan-matching-pennies"],
    ["dominance", "degenerate"],
]


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv[:2]))
def test_no_name_is_cut(
    argv: list[str], width: int, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setattr(common.console, "width", width)
    assert main(argv) == 0
    out = capsys.readouterr().out
    cut = [line for line in out.splitlines() if "…" in line]
    assert not cut, "\n".join(cut)
    assert all(len(line.rstrip()) <= width for line in out.splitlines())


def test_tipping_heading_is_not_squeezed_into_its_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common.console, "width", 80)
    assert main(["tipping", "mosul", "--target", "The Road to U.S. Defeat in Iraq"]) == 0
    out = capsys.readouterr().out
    heading = r"Smallest combined shift: distance \S+ \(L1 over range-normalised parameters\)"
    assert re.search(heading, out)
