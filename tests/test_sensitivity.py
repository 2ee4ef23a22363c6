"""Global sensitivity: Sobol indices and Morris effects on test functions with known
indices, and the scenario model against the exact joint game."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from stability.analysis.joint import joint_game
from stability.analysis.sensitivity import (
    FloatArray,
    Model,
    morris_effects,
    sensitivity,
    sensitivity_document,
    sobol_indices,
)
from stability.cli.app import main
from stability.errors import InputError
from stability.io.scenario import parse_scenario, read_scenario
from stability.model.scenario import Parameter, Scenario
from stability.solvers.pure import pure_equilibria

DATA = Path(__file__).parent / "data"
GAMES = Path(__file__).parent.parent / "games"
ALLIES = read_scenario(GAMES / "two-allies.toml")
COORDINATION = read_scenario(DATA / "coordination.toml")


def bare(ranges: dict[str, tuple[Fraction, Fraction]]) -> Scenario:
    """A scenario with parameters only: enough for the samplers."""
    parameters = tuple(Parameter(n, low, (low, high)) for n, (low, high) in ranges.items())
    return Scenario("test", "", (), parameters, (), ())


def test_sobol_indices_of_a_linear_model() -> None:
    # Y = x1 + 2 x2 + 3 x3, x_i ~ U(0, 1) independent: Var = (1 + 4 + 9)/12, and
    # S_i = ST_i = a_i^2 / sum a^2 = 1/14, 4/14, 9/14 (Saltelli et al. 2008, 1.2.5).
    scenario = bare({n: (Fraction(0), Fraction(1)) for n in ("x1", "x2", "x3")})

    def linear(values: dict[str, FloatArray]) -> FloatArray:
        return values["x1"] + 2 * values["x2"] + 3 * values["x3"]

    indices, output = sobol_indices(
        linear, scenario, ["x1", "x2", "x3"], 4096, seed=1, uniform=True
    )
    assert len(output) == 4096 * 5
    for index, weight in zip(indices, (1, 4, 9), strict=True):
        expected = weight / 14
        assert index.first == pytest.approx(expected, abs=0.03)
        assert index.total == pytest.approx(expected, abs=0.03)
        assert index.first_ci[0] - 0.01 <= expected <= index.first_ci[1] + 0.01
        assert index.total_ci[0] - 0.01 <= expected <= index.total_ci[1] + 0.01


def test_sobol_indices_of_the_ishigami_function() -> None:
    # Ishigami and Homma (1990), a = 7, b = 0.1, x_i ~ U(-pi, pi): the known indices
    # S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437): x3 acts only through
    # its interaction with x1 (first order 0, total 0.24).
    pi = Fraction(math.pi)
    scenario = bare(dict.fromkeys(("x1", "x2", "x3"), (-pi, pi)))

    def ishigami(values: dict[str, FloatArray]) -> FloatArray:
        x1, x2, x3 = values["x1"], values["x2"], values["x3"]
        result: FloatArray = np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3**4 * np.sin(x1)
        return result

    indices, _ = sobol_indices(
        ishigami, scenario, ["x1", "x2", "x3"], 2**14, seed=3, uniform=True
    )
    # plain Monte Carlo (priors need not be uniform, so no Sobol' sequence): each
    # estimate is within about 4 standard errors (2.1 half-widths of its 95%
    # bootstrap interval) of the truth, and within 0.05
    for index, first, total in zip(
        indices, (0.3139, 0.4424, 0.0), (0.5576, 0.4424, 0.2437), strict=True
    ):
        for estimate, (low, high), truth in (
            (index.first, index.first_ci, first),
            (index.total, index.total_ci, total),
        ):
            assert abs(estimate - truth) <= min(0.05, 2.1 * (high - low) / 2 + 0.005)


def test_morris_mu_star_of_a_linear_model_is_its_slope_per_range() -> None:
    # Every elementary effect of a + b x over a range of width w is b w (per unit
    # of the range): mu* = |b| w exactly, sigma = 0.
    scenario = bare({"x1": (Fraction(0), Fraction(1)), "x2": (Fraction(0), Fraction(4))})

    def linear(values: dict[str, FloatArray]) -> FloatArray:
        return 5 - 2 * values["x1"] + 0.5 * values["x2"]

    effects, runs = morris_effects(linear, scenario, ["x1", "x2"], 30, seed=0)
    assert runs == 30 * 3
    assert effects[0].mu_star == pytest.approx(2.0) and effects[0].mu == pytest.approx(-2.0)
    assert effects[1].mu_star == pytest.approx(2.0) and effects[1].sigma == pytest.approx(0.0)


def test_scenario_model_matches_the_exact_joint_game() -> None:
    model = Model(ALLIES, "Alliance", "equilibrium")
    rng = np.random.default_rng(0)
    threat = rng.integers(0, 11, 40).astype(float)
    dispute = rng.integers(0, 5, 40).astype(float)
    output = model({"threat": threat, "dispute": dispute})
    for t, d, y in zip(threat, dispute, output, strict=True):
        game = joint_game(ALLIES, {"threat": Fraction(t), "dispute": Fraction(d)})
        assert y == float((0, 0) in pure_equilibria(game))


def test_scenario_indices_rank_the_parameters_in_the_payoffs() -> None:
    # Alliance holds iff threat >= 1 + dispute: both matter, decay is in no payoff.
    result = sensitivity(ALLIES, "Alliance", samples=2048, seed=2)
    assert result.constant == ("decay",)
    assert {i.parameter for i in result.indices} == {"threat", "dispute"}
    assert all(i.total > 0.1 for i in result.indices)
    assert result.evaluations == 2048 * 4
    again = sensitivity(ALLIES, "Alliance", samples=2048, seed=2)
    assert sensitivity_document(again) == sensitivity_document(result)


def test_selected_goal_is_zero_where_the_outcome_is_not_an_equilibrium() -> None:
    equilibrium = Model(COORDINATION, "Both high", "equilibrium")
    selected = Model(COORDINATION, "Both high", "selected", starts=60)
    values = {"high": np.array([-1.0, 2.0, 1.0, 3.0]), "low": np.array([1.0, 1.0, 1.0, 0.0])}
    holds = equilibrium(values)
    share = selected(values)
    assert holds.tolist() == [0.0, 1.0, 1.0, 1.0]
    assert share[0] == 0.0 and share[3] == 1.0  # (Low, Low) is no equilibrium at low = 0
    assert 0.6 < share[1] < 0.9 and 0.3 < share[2] < 0.7  # 0.736 and 1/2 analytically


def test_cli_json_is_the_library_document(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sensitivity", str(GAMES / "two-allies.toml"), "--outcome", "Alliance",
                 "--samples", "256", "--seed", "4", "--json"])
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/sensitivity/v1"
    expected = sensitivity_document(
        sensitivity(ALLIES, "Alliance", samples=256, seed=4, trajectories=50)
    )
    assert document == json.loads(json.dumps(expected))
    assert set(document["indices"][0]) == {"parameter", "first", "first_ci", "total", "total_ci"}


def test_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sobol.svg"
    code = main(["sensitivity", "two-allies", "--samples", "128", "--out", str(out)])
    assert code == 0 and "<svg" in out.read_text()
    assert "threat" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--outcome", "Nope"], "no outcome"),
        (["--parameter", "nope"], "unknown parameter"),
        (["--goal", "likely"], "--goal"),
        (["--samples", "1"], "--samples"),
        (["--goal", "selected", "--dynamic", "best"], "--dynamic"),
    ],
)
def test_bad_input(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sensitivity", "two-allies", *arguments]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error:") and message in error


def test_nothing_to_vary_is_bad_input() -> None:
    with pytest.raises(InputError, match="no parameter to vary"):
        sensitivity(ALLIES, "Alliance", parameters=["decay"])


def test_priors_are_sampled_unless_uniform() -> None:
    # A prior piled up near threat = 10 makes the alliance (threat >= 1 + dispute)
    # hold almost always, so the output varies less than under uniform draws.
    text = (GAMES / "two-allies.toml").read_text()
    assert "[parameters.threat]\n" in text
    piled = text.replace(
        "[parameters.threat]\n", '[parameters.threat]\nprior = {dist = "pert", mode = 10}\n'
    )
    scenario = parse_scenario(piled, "piled.toml")
    prior = sensitivity(scenario, "Alliance", samples=1024, seed=1)
    flat = sensitivity(scenario, "Alliance", samples=1024, seed=1, uniform=True)
    assert prior.mean > flat.mean + 0.05
    assert "prior" in prior.sampling and "uniform" in flat.sampling
    plain = sensitivity(ALLIES, "Alliance", samples=1024, seed=1)
    assert plain.mean == pytest.approx(flat.mean, abs=0.05)


def test_report_has_a_sensitivity_section() -> None:
    from stability.analysis.report import build_report
    from stability.present.report import render_markdown

    report = build_report(ALLIES, samples=500, sweep_points=11)
    assert [r.outcome for r in report.sensitivity] == ["Alliance", "Split", "Betrayal"]
    text = render_markdown(report, "pictures")
    section = text.split("## Global sensitivity", 1)[1].split("## Limits", 1)[0]
    assert "“Alliance”" in section and "threat" in section
    assert "decay" not in section  # in no payoff
    assert build_report(ALLIES, samples=0, sweep_points=11).sensitivity == ()
