"""``analyze`` lists the joint game's mixed equilibria too (method ``enumerate``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stability.cli.app import main

PENNIES = """
title = "Pennies with a bystander"
description = "A and B play matching pennies; C always prefers X."

[[actors]]
name = "A"
strategies = ["Heads", "Tails"]

[[actors]]
name = "B"
strategies = ["Heads", "Tails"]

[[actors]]
name = "C"
strategies = ["X", "Y"]

[[games]]
name = "A-B"
players = ["A", "B"]
[[games.layers]]
name = "Pennies"
payoffs = [
  [[1, -1], [-1, 1]],
  [[-1, 1], [1, -1]],
]

[[games]]
name = "B-C"
players = ["B", "C"]
[[games.layers]]
name = "Bystander"
payoffs = [
  [[0, 1], [0, 0]],
  [[0, 1], [0, 0]],
]
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_mixed_equilibria_of_the_joint_game(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pennies.toml"
    path.write_text(PENNIES)
    code, out, err = run(["analyze", str(path), "--json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["joint"]["equilibria"] == []  # pure ones only, as before
    mixed = document["joint"]["mixed_equilibria"]
    assert [m["exact"] for m in mixed] == [[["1/2", "1/2"], ["1/2", "1/2"], ["1", "0"]]]
    assert document["joint"]["mixed_complete"] is True and document["complete"] is True
    code, out, _ = run(["analyze", str(path)], capsys)
    assert code == 0 and "Mixed equilibria of the coalition (joint) game" in out


def test_mosul_analysis_has_the_mixed_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["analyze", "--json"], capsys)
    assert code == 0, err
    joint = json.loads(out)["joint"]
    assert isinstance(joint["mixed_equilibria"], list)
    assert all(not e["pure"] for e in joint["mixed_equilibria"])


def test_time_limit_marks_analyze_incomplete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pennies.toml"
    path.write_text(PENNIES)
    code, out, err = run(["analyze", str(path), "--time-limit", "0", "--json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["complete"] is False and document["joint"]["mixed_complete"] is False
