"""Answers where the model is undefined: every vectorised path says so.

A payoff ``1/dispute`` is undefined at ``dispute = 0``; ``analyze --set dispute=0``
refuses that point, so the sweep, its map and the Monte Carlo must not report a
regime there either: the sweep marks the cell ``null`` (hatched on the map) and
counts it, robustness counts undefined samples. Overflow (``--noise 1e308``) is
treated the same way, and no numpy warning leaks.
"""

from __future__ import annotations

import json
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from stability.analysis.joint import CompiledScenario
from stability.analysis.robustness import robustness
from stability.analysis.sweep import UNDEFINED, Axis, sweep
from stability.cli.app import main
from stability.io.scenario import parse_scenario

SCENARIO = """
title = "inverse"
[parameters.dispute]
value = 1
range = [-1, 1]
[parameters.threat]
value = 1
range = [0, 2]
[[actors]]
name = "A"
strategies = ["a", "b"]
[[actors]]
name = "B"
strategies = ["a", "b"]
[[games]]
name = "AB"
players = ["A", "B"]
payoffs = [[["1/dispute", 0], [0, 0]], [[0, 0], ["threat", 1]]]
[[outcomes]]
name = "O"
profiles = [{A = "a", B = "a"}]
"""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "inverse.toml"
    file.write_text(SCENARIO)
    return file


def test_sweep_marks_the_undefined_point_null(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code = main(["sweep", str(path), "--x", "dispute=-1:1", "--points", "3", "--json"])
    captured = capsys.readouterr()
    assert code == 0 and "Warning" not in captured.err
    document = json.loads(captured.out)
    assert document["grid"][0][1] is None
    assert document["undefined"] == 1
    assert None not in (document["grid"][0][0], document["grid"][0][2])
    # the same point is refused by the exact analysis
    assert main(["analyze", str(path), "--set", "dispute=0"]) == 2


def test_two_dimensional_sweep_and_map(path: Path, tmp_path: Path) -> None:
    scenario = parse_scenario(SCENARIO)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = sweep(
            scenario, Axis.parse(scenario, "dispute=-1:1"), Axis.of(scenario, "threat"), points=5
        )
    assert (result.grid[:, 2] == UNDEFINED).all() and result.undefined == 5
    assert (result.grid[:, [0, 1, 3, 4]] >= 0).all()
    assert result.regime_at(2, 0) is None
    out = tmp_path / "map.svg"
    assert main(["sweep", str(path), "--x", "dispute=-1:1", "--y", "threat", "--points", "5",
                 "--out", str(out)]) == 0
    assert "undefined" in out.read_text()  # the legend names the hatched cells


def test_compiled_masks_never_compare_nans() -> None:
    compiled = CompiledScenario(parse_scenario(SCENARIO))
    values = {"dispute": np.array([-1.0, 0.0, 1.0])}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        defined = compiled.defined_mask(values)
        found, also = compiled.outcomes_and_defined(values)
        strict = compiled.strict_equilibrium_mask(values)
    assert also.tolist() == defined.tolist() == [True, False, True]
    assert not found["O"][1] and not strict[1].any()


def test_robustness_counts_undefined_samples(tmp_path: Path) -> None:
    # spread 0 samples the current point only: there the payoff is undefined
    scenario = parse_scenario(SCENARIO).with_values({"dispute": Fraction(0)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = robustness(scenario, 500, 1, spread=Fraction(0))
    assert result.undefined == 500
    assert all(o.count == 0 for o in result.outcomes)
    assert result.regimes == ()


def test_overflowing_noise_is_undefined_not_nan(capsys: pytest.CaptureFixture[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code = main(["robustness", "two-allies", "--samples", "300", "--noise", "1e308",
                     "--json"])
    captured = capsys.readouterr()
    assert code == 0 and "Warning" not in captured.err
    document = json.loads(captured.out)  # strict JSON: no NaN, no Infinity
    assert document["undefined"] == 300
    assert document["sampling"]["noise_sd"] is None
    assert all(o["frequency"] == 0 for o in document["outcomes"])
