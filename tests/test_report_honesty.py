"""Reports say exactly how their numbers were made: priors or uniform, draws, seed.

Issue 25 item 1: the report said "Each parameter is drawn uniformly and
independently over its declared range" while its figures came from the priors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stability.analysis.report import build_report
from stability.analysis.robustness import robustness
from stability.analysis.selection import basins
from stability.cli.app import main
from stability.io.scenario import read_scenario
from stability.present.report.sections import robustness_view
from stability.present.report.summary import summary

GAMES = Path(__file__).parent.parent / "games"
MOSUL = read_scenario(GAMES / "mosul.toml")


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return build_report(MOSUL, samples=300, seed=7, sweep_points=3)


def test_report_says_the_draws_come_from_the_priors(report) -> None:  # type: ignore[no-untyped-def]
    sampled = report.robustness
    assert sampled is not None and sampled.method == "priors"
    text = robustness_view(report)["sampling"]
    assert "uniformly and independently over its declared range" not in text
    assert "prior" in text and "300 samples" in text and "seed 7" in text
    # every parameter with a declared prior is named with it
    for parameter in MOSUL.parameters:
        if parameter.prior is not None:
            assert f"{parameter.name} {parameter.prior.describe(parameter.value)}" in text


def test_summary_and_limits_follow_the_result(report) -> None:  # type: ignore[no-untyped-def]
    sentence = next(s for s in summary(report) if "random draws" in s)
    assert "from their priors" in sentence and "across their ranges" not in sentence
    assert "seed 7" in sentence
    limit = next(s for s in report.limits if s.startswith("Robustness"))
    assert "drawn uniformly" not in limit and "priors" in limit


def test_uniform_result_says_uniform() -> None:
    result = robustness(MOSUL, 200, seed=3, uniform=True)
    assert result.summary() == "uniformly over their ranges"
    assert result.how_sampled().startswith("Each parameter uniformly and independently")
    assert "200 samples with seed 3" in result.how_sampled()
    spread = robustness(MOSUL, 100, seed=3, spread=__import__("fractions").Fraction(1, 10))
    assert "within ±1/10·|value|" in spread.how_sampled()


def test_robustness_command_prints_how_it_sampled(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["robustness", "mosul", "--samples", "200", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "from its prior" in out and "200 samples with seed 2" in " ".join(out.split())
    assert main(["robustness", "mosul", "--samples", "200", "--uniform", "--noise", "0.1"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "uniformly and independently over its range" in out
    assert "payoff noise" in out


def test_basins_say_how_the_starts_were_drawn() -> None:
    result = basins(read_scenario(GAMES / "two-allies.toml"), starts=50, seed=1)
    assert "belief simplices" in result.drawn
