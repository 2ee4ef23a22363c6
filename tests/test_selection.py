"""Equilibrium selection: risk and payoff dominance on hand-solved games, basins of
attraction on games whose basins are known analytically."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.stats import norm

from stability.analysis.joint import joint_game
from stability.analysis.learning import simulate, uniform_starts
from stability.analysis.robustness import wilson_interval
from stability.analysis.selection import (
    basins,
    outcome_basin_share,
    payoff_comparison,
    payoff_dominance,
    risk_comparison,
    select,
    start_chunks,
    strict_equilibria,
)
from stability.cli.app import main
from stability.errors import InputError
from stability.io.nfg import read_nfg
from stability.io.scenario import read_scenario
from stability.model.game import Game

#: A two-sided interval 3.3 standard errors wide (about 99.9%).
WIDE = 1 - 2 * float(norm.sf(3.3))

DATA = Path(__file__).parent / "data"
GAMES = Path(__file__).parent.parent / "games"
STAG = read_scenario(DATA / "stag-hunt.toml")
COORDINATION = read_scenario(DATA / "coordination.toml")

# -- risk and payoff dominance ----------------------------------------------------------


def test_stag_hunt_hare_risk_dominates_and_stag_payoff_dominates() -> None:
    # Skyrms (2004) stag hunt: stag 4 (if both), hare 3. Harsanyi and Selten (1988,
    # section 3.9): deviation losses (4-3)(4-3) = 1 at (Stag, Stag) against
    # (3-0)(3-0) = 9 at (Hare, Hare): the hare equilibrium risk-dominates.
    game = read_nfg(GAMES / "stag-hunt.nfg")
    assert strict_equilibria(game) == [(0, 0), (1, 1)]
    comparison = risk_comparison(game, (0, 0), (1, 1))
    assert comparison.first_losses == (Fraction(1), Fraction(1))
    assert comparison.second_losses == (Fraction(3), Fraction(3))
    assert comparison.risk_dominant == "second"
    assert payoff_dominance(game, (0, 0), (1, 1)) == "first"


def test_stag_hunt_scenario_verdicts_disagree_and_say_so() -> None:
    selection = select(STAG, starts=2000)
    (pair,) = selection.pairs
    assert pair.risk_dominant == (1, 1) and pair.payoff_dominant == (0, 0)
    assert selection.joint.risk_dominant == (1, 1)
    verdicts = {v.criterion: v.outcomes for v in selection.verdicts}
    assert verdicts["payoff dominance"] == ("Stag hunted",)
    assert verdicts["risk dominance"] == ("Hares caught",)
    # replicator: (Stag, Stag) needs the other on Stag with probability above 3/4;
    # with two populations its basin is the smaller one.
    assert verdicts["basin (replicator)"] == ("Hares caught",)
    assert not selection.agree


def test_risk_dominance_flips_where_the_products_are_equal() -> None:
    # (stag - hare)^2 against hare^2: equal at stag = 2 hare.
    at = STAG.with_values({"stag": 6})
    comparison = risk_comparison(joint_game(at), (0, 0), (1, 1))
    assert comparison.first_product == comparison.second_product == 9
    assert comparison.risk_dominant is None
    above = risk_comparison(joint_game(STAG.with_values({"stag": 7})), (0, 0), (1, 1))
    assert above.risk_dominant == "first"


payoffs = st.integers(min_value=-20, max_value=20)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(payoffs, min_size=8, max_size=8),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=-9, max_value=9),
)
def test_risk_dominance_is_invariant_to_affine_changes_of_one_player(
    values: list[int], factor: int, shift: int
) -> None:
    a = [[values[0], values[1]], [values[2], values[3]]]
    b = [[values[4], values[5]], [values[6], values[7]]]
    game = Game.from_payoffs([a, b])
    strict = strict_equilibria(game)
    if len(strict) != 2:
        return
    before = risk_comparison(game, *strict)
    # player 1's payoffs times a positive factor, plus a constant per column
    scaled = [[factor * a[r][c] + shift * c for c in range(2)] for r in range(2)]
    after = risk_comparison(Game.from_payoffs([scaled, b]), *strict)
    assert after.risk_dominant == before.risk_dominant
    swapped = risk_comparison(game, strict[1], strict[0])
    assert {swapped.risk_dominant, before.risk_dominant} in ({"first", "second"}, {None})


# -- basins of attraction ---------------------------------------------------------------

HIGH_LOW = np.array([[2.0, 0.0], [0.0, 1.0]])
TABLES = [HIGH_LOW[None], HIGH_LOW.T[None]]


def test_one_population_replicator_basins_split_at_one_third() -> None:
    # One population = both players holding the same belief: for a symmetric game
    # the diagonal of the product of simplices is invariant. Every start with
    # weight above 1/3 on High ends in (High, High), every other in (Low, Low).
    rng = np.random.default_rng(3)
    (x,) = uniform_starts(rng, 5000, (2,))
    ends = simulate(TABLES, [x, x.copy()], "replicator")
    high = x[:, 0] > 1 / 3
    assert np.all(ends[high] == 0) and np.all(ends[~high] == 3)
    share = float(np.mean(ends == 0))
    low, upper = wilson_interval(int(np.sum(ends == 0)), len(ends), confidence=WIDE)
    assert low <= 2 / 3 <= upper
    assert abs(share - 2 / 3) < 0.03


def _separatrix(a: float, b: float):  # type: ignore[no-untyped-def]
    """y = phi(x) on the saddle's stable manifold of the two-population replicator
    dynamic of [[a, 0], [0, b]] (x, y = weights on the second strategy)."""

    def first_integral(x: float) -> float:
        return -a * math.log(x) - b * math.log(1 - x)

    rest = a / (a + b)

    def phi(x: float) -> float:
        if abs(x - rest) < 1e-12:
            return rest
        level = first_integral(x)
        if x < rest:
            return float(brentq(lambda y: first_integral(y) - level, rest, 1 - 1e-15))
        return float(brentq(lambda y: first_integral(y) - level, 1e-300, rest))

    return phi


def test_two_population_replicator_basins_follow_the_first_integral() -> None:
    # dx/dt = x(1-x)(3y - 2) with x = weight on Low: H(x) = -2 ln x - ln(1-x) is
    # conserved along H(x) - H(y) = const, so the separatrix is H(x) = H(y), x != y,
    # and a start goes to (High, High) exactly when its y lies below phi(x).
    phi = _separatrix(2.0, 1.0)
    area, _ = quad(phi, 0, 1, limit=200)  # area below the separatrix: (High, High)
    assert area == pytest.approx(0.73640, abs=1e-4)
    rng = np.random.default_rng(11)
    starts = uniform_starts(rng, 4000, (2, 2))
    ends = simulate(TABLES, starts, "replicator")
    x, y = starts[0][:, 1], starts[1][:, 1]
    boundary = np.array([phi(v) for v in x])
    clear = np.abs(y - boundary) > 0.01
    assert np.all(ends[clear & (y < boundary)] == 0)
    assert np.all(ends[clear & (y > boundary)] == 3)
    count = int(np.sum(ends == 0))
    low, high = wilson_interval(count, len(ends), confidence=WIDE)
    assert low <= area <= high


def test_logit_basins_approach_the_replicator_ones_at_high_precision() -> None:
    # At high precision the logit dynamic's separatrix (through the interior logit
    # equilibrium) is close to the mixed equilibrium 1/3.
    rng = np.random.default_rng(5)
    (x,) = uniform_starts(rng, 3000, (2,))
    ends = simulate(TABLES, [x, x.copy()], "logit", precision=200.0)
    clear = np.abs(x[:, 0] - 1 / 3) > 0.02
    assert np.all(ends[clear & (x[:, 0] > 1 / 3)] == 0)
    assert np.all(ends[clear & (x[:, 0] < 1 / 3)] == 3)


def test_logit_at_low_precision_has_one_rest_point() -> None:
    # At precision 1 (per deviation range) the logit equilibrium is unique; every
    # start goes to it, and its largest weights are on High.
    rng = np.random.default_rng(5)
    ends = simulate(TABLES, uniform_starts(rng, 500, (2, 2)), "logit", precision=1.0)
    assert set(ends.tolist()) == {0}


def test_basin_shares_count_every_start_and_repeat_with_the_seed() -> None:
    first = basins(COORDINATION, "replicator", starts=1500, seed=4)
    again = basins(COORDINATION, "replicator", starts=1500, seed=4)
    other = basins(COORDINATION, "replicator", starts=1500, seed=5)
    assert first == again and first != other
    assert sum(s.count for s in first.shares) == 1500
    assert {s.profile for s in first.shares} <= {(0, 0), (1, 1), None}
    high = outcome_basin_share(COORDINATION, "Both high", starts=1500, seed=4)
    assert high == first.share_of([(0, 0)])
    low = outcome_basin_share(COORDINATION, "Both low", starts=1500, seed=4)
    assert high + low == pytest.approx(1.0)
    assert 0.70 < high < 0.77  # the two-population area 0.7364


def test_starts_do_not_depend_on_how_many_are_drawn() -> None:
    # chunk k always comes from SeedSequence(seed, spawn_key=(k,)): the first 1024
    # starts of a larger run are the starts of a run of 1024
    small = start_chunks(2, 1024, (2, 2))
    large = start_chunks(2, 2048, (2, 2))
    assert len(small) == 1 and len(large) == 2
    assert all(np.array_equal(a, b) for a, b in zip(small[0], large[0], strict=True))


def test_bad_arguments_are_bad_input() -> None:
    with pytest.raises(InputError, match="no outcome"):
        outcome_basin_share(COORDINATION, "Nope")
    with pytest.raises(InputError, match="--dynamic"):
        outcome_basin_share(COORDINATION, "Both high", dynamic="fictitious")
    with pytest.raises(InputError, match="--starts"):
        outcome_basin_share(COORDINATION, "Both high", starts=0)


def test_mosul_selection_is_consistent() -> None:
    # games/mosul.toml is being rebuilt elsewhere: only consistency is tested.
    mosul = read_scenario(GAMES / "mosul.toml")
    selection = select(mosul, starts=300)
    for verdict in selection.verdicts:
        if verdict.profile is not None:
            assert verdict.profile in selection.equilibria
    for result in selection.basins:
        assert sum(s.count for s in result.shares) == 300
        for share in result.shares:
            assert share.profile is None or share.profile in selection.equilibria


def test_cli_json_is_the_library_document(capsys: pytest.CaptureFixture[str]) -> None:
    from stability.present.selection import selection_document

    code = main(
        ["select", str(DATA / "stag-hunt.toml"), "--starts", "400", "--seed", "3", "--json"]
    )
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/select/v1"
    expected = selection_document(select(STAG, starts=400, seed=3))
    assert document == json.loads(json.dumps(expected))
    assert not document["agree"] and "disagree" in document["summary"]
    joint = document["risk_dominance"]["joint"]
    assert joint["risk_dominant"] == {"Hunter A": "Hare", "Hunter B": "Hare"}
    assert joint["comparisons"][0]["second_product"] == {"value": 9.0, "exact": "9"}


def test_cli_table_says_where_criteria_disagree(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["select", str(DATA / "stag-hunt.toml"), "--starts", "200", "--dynamic", "logit"]) == 0
    )
    out = " ".join(capsys.readouterr().out.split())
    assert "The criteria disagree: payoff dominance selects “Stag hunted”" in out
    assert "basin (replicator)" not in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--dynamic", "fictitious"], "--dynamic"),
        (["--starts", "0"], "--starts"),
        (["--seed", "-1"], "--seed"),
        (["--precision", "0"], "--precision"),
    ],
)
def test_cli_bad_input(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["select", "two-allies", *arguments]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error:") and message in error


def test_a_symmetric_tie_selects_nothing_but_payoff_dominance() -> None:
    # two-allies at its defaults: [[2, 0], [1, 1]] for each ally. Deviation losses
    # are 1 x 1 at both equilibria (a risk-dominance tie) and the basins are equal
    # halves (the separatrix is the anti-diagonal): only payoff dominance decides.
    allies = read_scenario(GAMES / "two-allies.toml")
    selection = select(allies, starts=2000)
    verdicts = {v.criterion: v.outcomes for v in selection.verdicts}
    assert verdicts == {
        "payoff dominance": ("Alliance",),
        "risk dominance": (),
        "basin (replicator)": (),
        "basin (logit)": (),
    }
    for result in selection.basins:
        assert result.shares[0].ci[0] < 0.5 < result.shares[0].ci[1]


def test_analyze_has_a_selection_section_only_with_several_equilibria(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["analyze", "two-allies", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["selection"]["schema"] == "stability/select/v1"
    assert document["selection"]["selected"][0]["outcomes"] == ["Alliance"]
    assert main(["analyze", "two-allies", "--set", "threat=1"]) == 0  # Split only
    out = capsys.readouterr().out
    assert "Risk dominance" not in out
    assert main(["analyze", "two-allies"]) == 0
    assert "Equilibrium selection" in capsys.readouterr().out


# -- payoff dominance compares payoffs (issue 23, part 4) -------------------------------

WEAK = read_scenario(DATA / "strict-and-weak.toml")


def test_one_strict_equilibrium_is_not_payoff_dominant_without_comparing() -> None:
    # (Hold, Hold) pays (2, -1), the weak (Yield, Yield) pays (0, 1): A prefers the
    # first, B the second, so neither payoff-dominates, though only one is strict.
    selection = select(WEAK, starts=200)
    assert selection.strict == ((0, 0),)
    assert set(selection.equilibria) == {(0, 0), (1, 1)}
    verdicts = {v.criterion: v.profile for v in selection.verdicts}
    assert verdicts["payoff dominance"] is None
    assert verdicts["risk dominance"] == (0, 0)  # risk dominance: among strict ones
    found = selection.joint.dominance
    assert found.dominant is None and selection.joint.payoff_dominant is None
    assert [(c.profile, c.player, c.here, c.there) for c in found.counter] == [
        ((0, 0), 1, Fraction(-1), Fraction(1)),
        ((1, 1), 0, Fraction(0), Fraction(2)),
    ]


def test_payoff_dominance_says_plainly_when_none_dominates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["select", str(DATA / "strict-and-weak.toml"), "--starts", "200"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert (
        "No equilibrium payoff-dominates: B gets -1 in “A prevails” but 1 in “B prevails”; "
        "A gets 0 in “B prevails” but 2 in “A prevails”." in out
    )
    assert main(["select", str(DATA / "strict-and-weak.toml"), "--starts", "200", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["selected"][0] == {
        "criterion": "payoff dominance", "profile": None, "outcomes": []
    }
    assert document["risk_dominance"]["joint"]["payoff_dominant"] is None
    payoff = document["payoff_dominance"]
    assert payoff["dominant"] is None and payoff["text"].startswith("No equilibrium")
    assert [c["exact_payoffs"] for c in payoff["considered"]] == [
        {"A": "2", "B": "-1"}, {"A": "0", "B": "1"}
    ]


def test_a_weak_equilibrium_that_pays_everyone_more_payoff_dominates() -> None:
    # scale the stag hunt so that (Stag, Stag) is weak: stag = hare = 3 pays (3, 3)
    # at both; at stag 3, hare 2 (Stag, Stag) is strict and dominates (3 > 2).
    tie = select(STAG.with_values({"stag": 3, "hare": 3}), starts=100)
    assert tie.strict == ((1, 1),)
    assert {v.criterion: v.profile for v in tie.verdicts}["payoff dominance"] is None
    assert tie.joint.dominance.counter == ()  # equal payoffs: nobody gets more
    strict = select(STAG.with_values({"stag": 3, "hare": 2}), starts=100)
    assert {v.criterion: v.profile for v in strict.verdicts}["payoff dominance"] == (0, 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(payoffs, min_size=8, max_size=8))
def test_payoff_dominant_equilibrium_pays_each_player_at_least_as_much(
    values: list[int],
) -> None:
    a = [values[0:2], values[2:4]]
    b = [values[4:6], values[6:8]]
    game = Game.from_payoffs([a, b])
    found = payoff_comparison(game)
    if found.dominant is None:
        # each equilibrium has a witness: a player better off at another equilibrium
        for advantage in found.counter:
            assert advantage.there > advantage.here
        countered = {advantage.profile for advantage in found.counter}
        for profile, pay in zip(found.considered, found.payoffs, strict=True):
            # no witness: some other equilibrium pays every player exactly the same
            assert profile in countered or found.payoffs.count(pay) > 1
        return
    top = found.payoffs[found.considered.index(found.dominant)]
    for pay in found.payoffs:
        assert all(x >= y for x, y in zip(top, pay, strict=True))
