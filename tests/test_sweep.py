"""Sweeps: every sampled cell agrees with the exact joint game at its (rational) grid point."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.joint import joint_game
from stability.analysis.sweep import Axis, axis_thresholds, sweep, sweep_document
from stability.cli.app import main
from stability.io.scenario import read_scenario
from stability.model.scenario import Scenario
from stability.solvers.pure import pure_equilibria

GAMES = Path(__file__).parent.parent / "games"
MOSUL = read_scenario(GAMES / "mosul.toml")
ALLIES = read_scenario(GAMES / "two-allies.toml")


def exact_regime(scenario: Scenario, values: dict[str, Fraction]) -> tuple[str, ...]:
    game = joint_game(scenario, values)
    found = {name for p in pure_equilibria(game) for name in scenario.outcomes_of(p)}
    return tuple(o.name for o in scenario.outcomes if o.name in found)


MOSUL_MAP = sweep(MOSUL, Axis.of(MOSUL, "threat"), Axis.of(MOSUL, "alienation"), points=41)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 40), st.integers(0, 40))
def test_mosul_cells_agree_with_exact_game(i: int, j: int) -> None:
    values = {"threat": MOSUL_MAP.x.values[i]}
    assert MOSUL_MAP.y is not None
    values["alienation"] = MOSUL_MAP.y.values[j]
    assert MOSUL_MAP.regime_at(i, j) == exact_regime(MOSUL, values)


@pytest.mark.parametrize(
    ("x", "y"), [("friendly_fire", "false_flag"), ("alienation", "fighting_cost")]
)
def test_other_mosul_planes_on_a_coarse_grid(x: str, y: str) -> None:
    result = sweep(MOSUL, Axis.of(MOSUL, x), Axis.of(MOSUL, y), points=7)
    assert result.y is not None
    for j, y_value in enumerate(result.y.values):
        for i, x_value in enumerate(result.x.values):
            assert result.regime_at(i, j) == exact_regime(MOSUL, {x: x_value, y: y_value})


def test_one_dimensional_two_allies() -> None:
    result = sweep(ALLIES, Axis.parse(ALLIES, "threat=0:4"), points=5)
    document = sweep_document(result)
    assert document["y"] is None
    assert document["x"] == {"name": "threat", "values": [0.0, 1.0, 2.0, 3.0, 4.0]}
    assert document["regimes"] == [["Split"], ["Alliance", "Split"]]  # alliance iff threat >= 2
    assert document["grid"] == [[0, 0, 1, 1, 1]]


def test_grid_ends_and_unique_regimes() -> None:
    document = sweep_document(MOSUL_MAP)
    xs = document["x"]["values"]  # type: ignore[index]
    assert xs[0] == 7.0 and xs[-1] == 12.0 and all(a < b for a, b in zip(xs, xs[1:], strict=False))
    regimes = [tuple(r) for r in MOSUL_MAP.regimes]
    assert len(set(regimes)) == len(regimes)
    grid = np.array(document["grid"])
    assert grid.shape == (41, 41) and set(grid.ravel()) == set(range(len(regimes)))


def test_batched_rows_give_the_same_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    import stability.analysis.sweep as module

    monkeypatch.setattr(module, "MAX_FLOATS", 1)
    batched = sweep(MOSUL, Axis.of(MOSUL, "threat"), Axis.of(MOSUL, "alienation"), points=41)
    assert batched.regimes == MOSUL_MAP.regimes
    assert np.array_equal(batched.grid, MOSUL_MAP.grid)


def test_axis_thresholds_of_mosul() -> None:
    found = {(t.outcome, t.exact) for t in axis_thresholds(MOSUL, Axis.of(MOSUL, "alienation"))}
    # docs/explanation/mosul-model.md: alienation + fighting_cost/2 >= victory_level/2
    assert ("The Road to U.S. Defeat in Iraq", "5/2") in found


def test_cli_json_matches_library(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sweep", "mosul", "--x", "threat", "--y", "alienation=0:2", "--points", "9"]
    assert main([*args, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    expected = sweep(MOSUL, Axis.of(MOSUL, "threat"), Axis.parse(MOSUL, "alienation=0:2"), points=9)
    assert document == json.loads(json.dumps(sweep_document(expected)))
    assert document["schema"] == "stability/sweep/v1"


def test_cli_set_moves_the_sweep(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(GAMES / "two-allies.toml")
    assert main(["sweep", path, "--x", "threat=0:4", "--points", "5", "--set", "dispute=2",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["grid"] == [[0, 0, 0, 1, 1]]  # threat >= 3


def test_cli_writes_svg_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "map.svg"
    assert main(["sweep", "mosul", "--x", "threat", "--y", "alienation", "--points", "30",
                 "--out", str(out)]) == 0
    text = out.read_text()
    assert "<svg" in text and "current values" in text
    assert "no named outcome" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["--x", "nope"],
        ["--x", "threat=5"],
        ["--x", "threat=4:1"],
        ["--x", "threat", "--y", "threat"],
        ["--x", "threat", "--points", "1"],
        ["--x", "threat", "--out", "map.gif"],
    ],
)
def test_cli_bad_input(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", "mosul", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


# -- 1-D regimes as exact intervals, and the grid as CSV --------------------------------


def test_one_dimensional_regimes_are_exact_intervals_that_agree_with_the_grid() -> None:
    from stability.analysis.sweep import Axis, regime_intervals, sweep
    from stability.io.scenario import read_scenario

    scenario = read_scenario(GAMES / "mosul.toml")
    axis = Axis.of(scenario, "threat")
    stretches = regime_intervals(scenario, axis)
    # the stretches tile the axis without gaps, each end shared by two neighbours
    assert stretches[0].low == axis.low and stretches[-1].high == axis.high
    for left, right in zip(stretches, stretches[1:], strict=False):
        assert left.high == right.low and left.high_open != right.low_open
        assert left.regime != right.regime
    result = sweep(scenario, axis, points=97)
    for i, value in enumerate(result.x.values):
        (inside,) = [
            s for s in stretches
            if (s.low < value or (s.low == value and not s.low_open))
            and (value < s.high or (value == s.high and not s.high_open))
        ]
        assert set(inside.regime) == set(result.regime_at(i)), value


def test_sweep_csv_has_one_row_per_point(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    out = tmp_path / "grid.csv"
    args = ["sweep", "two-allies", "--x", "threat", "--y", "dispute", "--points", "4"]
    assert main([*args, "--csv", str(out)]) == 0
    capsys.readouterr()
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 16
    assert set(rows[0]) >= {"threat", "threat_exact", "dispute", "dispute_exact", "regime"}
    assert main([*args, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    for row in rows:
        i = document["x"]["values"].index(float(row["threat"]))
        j = document["y"]["values"].index(float(row["dispute"]))
        regime = document["regimes"][document["grid"][j][i]]
        assert row["regime"] == (" + ".join(regime) or "no named outcome")
    assert main(["sweep", "two-allies", "--x", "threat", "--csv", str(tmp_path / "g.txt")]) == 2


def test_a_failed_csv_write_leaves_no_new_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 27: with --out and --csv, a CSV that cannot be written (a full disk) used
    to leave the picture written just before it."""
    import stability.io
    from stability.errors import InputError

    def full_disk(path: Path, text: object, *, item: str | None = None) -> None:
        raise InputError("no space left on device", source=str(path), item=item)

    monkeypatch.setattr(stability.io, "write_atomically", full_disk)
    picture, table = tmp_path / "m.png", tmp_path / "g.csv"
    argv = ["sweep", "two-allies", "--x", "threat", "--points", "20",
            "--out", str(picture), "--csv", str(table)]  # fmt: skip
    assert main(argv) == 2
    assert not picture.exists() and not table.exists()
