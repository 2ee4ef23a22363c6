"""Priors: sampling each distribution (fixed seeds), robustness with and without them."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from stability.analysis.prior_frequencies import prior_frequencies
from stability.analysis.priors import distribution, sample_parameters
from stability.analysis.robustness import robustness, robustness_document
from stability.cli.app import main
from stability.errors import InputError
from stability.io.scenario import parse_scenario, read_scenario
from stability.model.scenario import Parameter, Prior, Scenario

DATA = Path(__file__).parent / "data"
GAMES = Path(__file__).parent.parent / "games"

PRIORS = """
title = "Priors"
[parameters.flat]
value = 2
range = [0, 10]
[parameters.tri]
value = 2
range = [0, 10]
prior = {dist = "triangular"}
[parameters.pert]
value = 2
range = [0, 10]
prior = {dist = "pert", mode = 8, shape = 6}
[parameters.norm]
value = 5
range = [0, 10]
prior = {dist = "normal", sd = 2}
[parameters.tail]
value = 1
range = [0, 10]
prior = {dist = "normal", mean = 0, sd = 3}
[parameters.point]
value = 4
range = [4, 4]
prior = {dist = "triangular"}
[[actors]]
name = "A"
strategies = ["x", "y"]
[[actors]]
name = "B"
strategies = ["x", "y"]
[[games]]
players = ["A", "B"]
payoffs = [[["flat - tri", "pert - norm"], [0, 1]], [[1, 0], ["tail", "point"]]]
[[outcomes]]
name = "Both x"
profiles = [{A = "x", B = "x"}]
"""

N = 40_000


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return parse_scenario(PRIORS, "priors.toml")


@pytest.fixture(scope="module")
def drawn(scenario: Scenario) -> dict[str, np.ndarray]:
    return sample_parameters(scenario, N, np.random.default_rng(20240101))


def test_all_draws_within_the_range(drawn: dict[str, np.ndarray]) -> None:
    for name, values in drawn.items():
        assert values.shape == (N,), name
        assert values.min() >= 0 and values.max() <= 10, name
    assert (drawn["point"] == 4).all()


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("flat", stats.uniform(0, 10)),
        ("tri", stats.triang(0.2, loc=0, scale=10)),
        # PERT(0, 8, 10), shape 6: Beta(1 + 6*8/10, 1 + 6*2/10) on [0, 10]
        ("pert", stats.beta(5.8, 2.2, loc=0, scale=10)),
        ("norm", stats.truncnorm(-2.5, 2.5, loc=5, scale=2)),
        ("tail", stats.truncnorm(0, 10 / 3, loc=0, scale=3)),
    ],
)
def test_each_distribution(drawn: dict[str, np.ndarray], name: str, reference: object) -> None:
    """A Kolmogorov-Smirnov test and the mean, against independently built references."""
    values = drawn[name]
    assert stats.kstest(values, reference.cdf).pvalue > 0.001  # type: ignore[attr-defined]
    mean = float(reference.mean())  # type: ignore[attr-defined]
    sd = float(reference.std())  # type: ignore[attr-defined]
    assert abs(values.mean() - mean) < 4 * sd / np.sqrt(N)


def test_known_means() -> None:
    """Textbook means: triangular (a + c + b)/3, PERT (a + s*c + b)/(s + 2)."""
    tri = Parameter("x", Fraction(2), (Fraction(0), Fraction(10)), "", Prior("triangular"))
    assert float(distribution(tri).mean()) == pytest.approx(4.0)
    pert = Parameter("x", Fraction(2), (Fraction(0), Fraction(10)), "", Prior("pert"))
    assert float(distribution(pert).mean()) == pytest.approx(3.0)
    normal = Parameter(
        "x", Fraction(5), (Fraction(0), Fraction(10)), "", Prior("normal", sd=Fraction(1))
    )
    assert float(distribution(normal).mean()) == pytest.approx(5.0)  # symmetric truncation
    point = Parameter("x", Fraction(2), (Fraction(2), Fraction(2)), "", Prior("pert"))
    assert distribution(point) is None


def test_uniform_ignores_priors_and_is_the_old_draw(scenario: Scenario) -> None:
    uniform = sample_parameters(scenario, 100, np.random.default_rng(5), uniform=True)
    u = np.random.default_rng(5).random((100, 6))
    assert np.array_equal(uniform["pert"], 10 * u[:, 2])
    assert np.array_equal(uniform["point"], np.full(100, 4.0))
    priors = sample_parameters(scenario, 100, np.random.default_rng(5))
    assert np.array_equal(priors["flat"], uniform["flat"])  # no prior: uniform
    assert not np.array_equal(priors["pert"], uniform["pert"])


def test_names_select_and_order(scenario: Scenario) -> None:
    some = sample_parameters(scenario, 10, np.random.default_rng(1), names=["pert", "flat"])
    assert list(some) == ["pert", "flat"]
    with pytest.raises(InputError, match="unknown parameter 'nope'"):
        sample_parameters(scenario, 10, np.random.default_rng(1), names=["nope"])


def test_same_seed_same_draws(scenario: Scenario) -> None:
    first = sample_parameters(scenario, 50, np.random.default_rng(9))
    second = sample_parameters(scenario, 50, np.random.default_rng(9))
    assert all(np.array_equal(first[k], second[k]) for k in first)


# -- robustness ------------------------------------------------------------------------


# Counts from the implementation before priors existed (commit b37fa8d), which
# drew every parameter uniformly over its range: --uniform must reproduce them.
BEFORE_PRIORS = [
    ("two-allies.toml", {"samples": 10_000, "seed": 3}, [7015, 10_000, 0]),
    ("two-allies.toml", {"samples": 5000, "seed": 7, "noise": 0.1}, [3406, 4996, 1]),
    ("two-allies.toml", {"samples": 3000, "seed": 1, "spread": Fraction(1, 2)}, [2517, 3000, 0]),
]
FOUR_ACTORS = [
    ({"samples": 10_000, "seed": 3}, [3835, 7932]),
    ({"samples": 5000, "seed": 7, "noise": 0.1}, [1631, 3889]),
    ({"samples": 3000, "seed": 1, "spread": Fraction(1, 2)}, [3000, 528]),
]


@pytest.mark.parametrize(("name", "options", "counts"), BEFORE_PRIORS)
def test_uniform_equals_the_old_behaviour(
    name: str, options: dict[str, object], counts: list[int]
) -> None:
    scenario = read_scenario(GAMES / name)
    found = robustness(scenario, uniform=True, **options)  # type: ignore[arg-type]
    assert [o.count for o in found.outcomes] == counts


@pytest.mark.parametrize(("options", "counts"), FOUR_ACTORS)
def test_uniform_equals_the_old_behaviour_four_actors(
    options: dict[str, object], counts: list[int]
) -> None:
    scenario = read_scenario(DATA / "four-actors.toml")
    found = robustness(scenario, uniform=True, **options)  # type: ignore[arg-type]
    assert [o.count for o in found.outcomes] == counts
    # no priors declared: sampling the priors is the same draw
    assert [o.count for o in robustness(scenario, **options).outcomes] == counts  # type: ignore[arg-type]


def test_robustness_samples_the_priors() -> None:
    """The race's coalition needs threat >= 4; threat ~ PERT(0, 8, 12): P = 1 - F(4)."""
    scenario = read_scenario(DATA / "timeline-race.toml")
    with_priors = robustness(scenario, 40_000, 2)
    uniform = robustness(scenario, 40_000, 2, uniform=True)
    expected = 1 - stats.beta(1 + 4 * 8 / 12, 1 + 4 * 4 / 12, loc=0, scale=12).cdf(4)
    coalition = with_priors.outcomes[0]
    assert coalition.ci[0] - 0.005 <= expected <= coalition.ci[1] + 0.005
    assert uniform.outcomes[0].frequency == pytest.approx(8 / 12, abs=0.01)
    document = robustness_document(with_priors)
    sampling = document["sampling"]
    assert isinstance(sampling, dict) and sampling["method"] == "priors"
    assert sampling["priors"]["threat"] == "pert, mode 8, shape 4"
    assert robustness_document(uniform)["sampling"]["method"] == "uniform"  # type: ignore[index]


def test_cli_uniform_flag(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "timeline-race.toml")
    assert main(["robustness", path, "-n", "4096", "--seed", "4", "--json", "--uniform"]) == 0
    uniform = json.loads(capsys.readouterr().out)
    assert main(["robustness", path, "-n", "4096", "--seed", "4", "--json"]) == 0
    priors = json.loads(capsys.readouterr().out)
    assert uniform["schema"] == priors["schema"] == "stability/robustness/v1"
    assert uniform["sampling"]["method"] == "uniform" and priors["sampling"]["method"] == "priors"
    assert uniform["outcomes"][0]["count"] != priors["outcomes"][0]["count"]
    assert main(["robustness", path, "-n", "1000"]) == 0
    # the sentence may wrap at the terminal's width: compare its words
    words = " ".join(capsys.readouterr().out.split())
    assert "(threat pert, mode 8, shape 4; defeat_rate triangular, mode 1/2;" in words
    assert "uniform over its range); 1,000 samples with seed 0." in words


# -- analyze ---------------------------------------------------------------------------


def test_analyze_reports_prior_frequencies(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = read_scenario(DATA / "timeline-race.toml")
    found = prior_frequencies(scenario)
    again = robustness(scenario, 4000, 0)
    assert [o.count for o in found.outcomes] == [o.count for o in again.outcomes]
    assert found.declared == 2
    assert main(["analyze", str(DATA / "timeline-race.toml"), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    frequencies = document["prior_frequencies"]
    assert frequencies["samples"] == 4000 and frequencies["seed"] == 0
    assert frequencies["outcomes"][0]["name"] == "Coalition"
    assert frequencies["outcomes"][0]["frequency"] == found.outcomes[0].frequency
    assert main(["analyze", str(DATA / "timeline-race.toml")]) == 0
    out = capsys.readouterr().out
    assert "Under the priors (2 declared prior(s)" in out


def test_cli_uniform_and_spread_are_alternatives(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["robustness", "two-allies", "--uniform", "--spread", "0.1"]) == 2
    assert "either --uniform or --spread" in capsys.readouterr().err


def test_priors_same_seed_same_counts_whatever_the_batch() -> None:
    scenario = read_scenario(DATA / "timeline-race.toml")
    small = robustness(scenario, 10_000, 5, batch=4096)
    large = robustness(scenario, 10_000, 5, batch=65_536)
    assert [o.count for o in small.outcomes] == [o.count for o in large.outcomes]
    assert small.regimes == large.regimes
