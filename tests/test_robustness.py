"""Monte Carlo robustness: reproducible by seed, exact at --spread 0, sound intervals."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.joint import joint_game
from stability.analysis.robustness import (
    CHUNK,
    robustness,
    robustness_document,
    sampling_bounds,
    wilson_interval,
)
from stability.cli.app import main
from stability.io.scenario import apply_sets, read_scenario
from stability.model.scenario import Scenario
from stability.solvers.pure import pure_equilibria

GAMES = Path(__file__).parent.parent / "games"
MOSUL = read_scenario(GAMES / "mosul.toml")


def current_outcomes(scenario: Scenario) -> set[str]:
    game = joint_game(scenario)
    return {name for p in pure_equilibria(game) for name in scenario.outcomes_of(p)}


def test_same_seed_same_document_whatever_the_batch() -> None:
    first = robustness(MOSUL, 3 * CHUNK + 17, seed=5, batch=CHUNK)
    second = robustness(MOSUL, 3 * CHUNK + 17, seed=5, batch=10 * CHUNK)
    assert robustness_document(first) == robustness_document(second)
    other = robustness(MOSUL, 3 * CHUNK + 17, seed=6)
    assert robustness_document(other) != robustness_document(first)


def test_noise_is_reproducible_too() -> None:
    first = robustness(MOSUL, 5000, seed=2, noise=0.1, batch=CHUNK)
    second = robustness(MOSUL, 5000, seed=2, noise=0.1, batch=4 * CHUNK)
    assert robustness_document(first) == robustness_document(second)


@pytest.mark.parametrize("sets", [{}, {"alienation": "3"}, {"threat": "3"}, {"friendly_fire": "5"}])
def test_spread_zero_is_the_current_point(sets: dict[str, str]) -> None:
    scenario, _ = apply_sets(MOSUL, sets)
    result = robustness(scenario, 3000, seed=1, spread=Fraction(0))
    expected = current_outcomes(scenario)
    for outcome in result.outcomes:
        assert outcome.frequency == (1.0 if outcome.name in expected else 0.0)


def test_spread_bounds_stay_in_range() -> None:
    bounds = sampling_bounds(MOSUL, Fraction(1, 2))
    assert bounds["threat"] == (7.0, 12.0)  # 8 ± 4, within [7, 12]
    assert bounds["fighting_cost"] == (0.5, 1.5)  # 1 ± 1/2, within [0, 4]
    assert sampling_bounds(MOSUL, None)["threat"] == (7.0, 12.0)


def test_frequencies_lie_in_their_intervals() -> None:
    result = robustness(MOSUL, 20_000, seed=3)
    for outcome in result.outcomes:
        low, high = outcome.ci
        assert low <= outcome.frequency <= high
    assert sum(count for _, count in result.regimes) == 20_000


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10**6).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_share(pair: tuple[int, int]) -> None:
    count, samples = pair
    low, high = wilson_interval(count, samples)
    assert 0.0 <= low <= count / samples <= high <= 1.0


def test_wilson_known_value() -> None:
    # Wilson (1927); worked example in Newcombe, Stat. Med. 17 (1998) 857-872, table I:
    # 81 successes of 263 -> 0.2553 to 0.3662.
    low, high = wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)


def test_cli_json_matches_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["robustness", "mosul", "--samples", "5000", "--seed", "4", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    expected = robustness_document(robustness(MOSUL, 5000, seed=4))
    assert document == json.loads(json.dumps(expected))
    assert document["schema"] == "stability/robustness/v1"
    assert document["samples"] == 5000 and document["seed"] == 4


def test_cli_spread_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["robustness", "mosul", "--samples", "100", "--spread", "0", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    holding = {o["name"] for o in document["outcomes"] if o["frequency"] == 1.0}
    assert holding == current_outcomes(MOSUL)


@pytest.mark.parametrize(
    "args",
    [
        ["--samples", "0"],
        ["--spread", "-1"],
        ["--spread", "x"],
        ["--noise", "-1"],
        ["--seed", "-3"],
        ["--set", "nope=1"],
    ],
)
def test_cli_bad_input(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["robustness", "mosul", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


@pytest.mark.parametrize("uniform", [False, True])
def test_counts_agree_with_the_grid_kernel_on_the_same_draws(uniform: bool) -> None:
    """The Monte Carlo lays payoffs out samples last; ``CompiledScenario`` (sweeps)
    lays them out samples first. On the same draws both find the same equilibria."""
    import numpy as np

    from stability.analysis.joint import CompiledScenario
    from stability.analysis.robustness import _draw_chunk

    samples = 3 * CHUNK + 17
    bounds = sampling_bounds(MOSUL, None)
    drawn = [
        _draw_chunk(5, k, min(CHUNK, samples - k * CHUNK), bounds, 0.0, MOSUL.shape, MOSUL, uniform)
        for k in range(-(-samples // CHUNK))
    ]
    values = {name: np.concatenate([d[0][name] for d in drawn]) for name in bounds}
    found, defined = CompiledScenario(MOSUL).outcomes_and_defined(values)
    result = robustness(MOSUL, samples, seed=5, uniform=uniform, batch=CHUNK)
    assert defined.all()
    assert {o.name: o.count for o in result.outcomes} == {
        name: int(holds.sum()) for name, holds in found.items()
    }
