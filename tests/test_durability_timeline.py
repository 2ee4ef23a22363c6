"""Durability along a timeline (stability/durability/v2) on hand-solved scenarios.

tests/data/timeline-race.toml derives every expected time in its header: the
coalition needs threat >= 4, threat(t) = max(0, threat - defeat_rate*t), the
campaign ends when threat(t) <= victory. So, with threat >= 4 at the start,
breaks = (threat - 4) / rate, end = (threat - victory) / rate (both capped by
when threat reaches 0) and the margin breaks - end = (victory - 4) / rate.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.durability import (
    durability,
    durability_v2_document,
    timeline_durability,
)
from stability.cli.app import main
from stability.errors import InputError
from stability.io.scenario import apply_sets, parse_scenario, read_scenario
from stability.model.scenario import Scenario

DATA = Path(__file__).parent / "data"
RACE = DATA / "timeline-race.toml"


def race(**values: str) -> Scenario:
    scenario, _ = apply_sets(read_scenario(RACE), values)
    return scenario


def test_race_breaks_at_exactly_eight() -> None:
    result = timeline_durability(race())
    assert result.unit == "months"
    assert result.end is not None and result.end.value == 16 and result.end.exact
    assert result.breaks is not None and result.breaks.value == 8 and result.breaks.exact
    assert result.holds_at_break is True  # threat = 4 at t = 8: still (weakly) an equilibrium
    assert result.holds_at_start
    assert (result.outlasts, result.verdict) == (False, "breaks first")
    assert result.margin is not None and result.margin.value == -8
    assert result.method == "exact"
    coalition, alone = result.outcomes
    assert [(str(i)) for i in coalition.intervals] == ["[0, 8]"]
    assert [(str(i)) for i in alone.intervals] == ["[0, 36]"]
    assert alone.equilibrium_from is not None and alone.equilibrium_from.value == 0
    assert alone.equilibrium_until is None  # lasts to the horizon


def test_race_outlasts_when_victory_comes_early() -> None:
    result = timeline_durability(race(victory="5"), sensitivity=False)
    assert result.end is not None and result.end.value == 6
    assert result.outlasts and result.verdict == "outlasts"
    assert result.margin is not None and result.margin.value == 2


def test_faster_defeat_narrows_the_gap() -> None:
    """The issue's bug: a faster defeat must not shorten durability relative to the end."""
    slow = timeline_durability(race(defeat_rate="1/4"), sensitivity=False)
    fast = timeline_durability(race(defeat_rate="1"), sensitivity=False)
    assert slow.breaks is not None and slow.breaks.value == 16
    assert fast.breaks is not None and fast.breaks.value == 4
    assert slow.margin is not None and fast.margin is not None
    assert (slow.margin.value, fast.margin.value) == (-16, -4)


def test_race_not_an_equilibrium_at_the_start() -> None:
    result = timeline_durability(race(threat="3"), sensitivity=False)
    assert not result.holds_at_start and not result.outlasts
    assert result.verdict == "not an equilibrium at the start"
    assert result.breaks is not None and result.breaks.value == 0
    assert result.outcomes[0].intervals == ()


def test_race_end_beyond_the_horizon() -> None:
    result = timeline_durability(race(defeat_rate="1/10"), sensitivity=False)
    assert result.end is None  # threat 8 - t/10 > 0 until t = 80 > 36
    assert result.breaks is None  # threat >= 4 until t = 40, beyond the horizon
    assert result.verdict == "the campaign does not end within the horizon"
    assert not result.outlasts and result.margin is None


def test_breaks_within_the_horizon_before_a_later_end() -> None:
    result = timeline_durability(race(threat="6", defeat_rate="1/10"), sensitivity=False)
    assert result.end is None  # 6 - t/10 > 0 until t = 60
    assert result.breaks is not None and result.breaks.value == 20
    assert (result.verdict, result.outlasts) == ("breaks first", False)
    assert result.margin is not None and result.margin.value == 20 - 36
    assert result.margin_at_most and not result.margin_at_least


@settings(max_examples=40, deadline=None)
@given(
    threat=st.fractions(Fraction(4), Fraction(12), max_denominator=8),
    rate=st.fractions(Fraction(1, 4), Fraction(1), max_denominator=8),
    victory=st.fractions(Fraction(0), Fraction(6), max_denominator=8),
)
def test_race_matches_the_formulas(threat: Fraction, rate: Fraction, victory: Fraction) -> None:
    scenario = read_scenario(RACE).with_values(
        {"threat": threat, "defeat_rate": rate, "victory": victory}
    )
    result = timeline_durability(scenario, sensitivity=False)
    end = max(Fraction(0), (threat - victory) / rate)
    if end > 36:
        assert result.end is None and not result.outlasts
    else:
        assert result.end is not None
        assert result.end.value == sympy.Rational(end.numerator, end.denominator)
    breaks = (threat - 4) / rate
    if breaks >= 36:
        assert result.breaks is None
    else:
        assert result.breaks is not None
        assert result.breaks.value == sympy.Rational(breaks.numerator, breaks.denominator)
    if end <= 36 and breaks < 36:
        assert result.outlasts == (breaks >= end)
        assert result.margin is not None and result.margin.value == sympy.Rational(
            (breaks - end).numerator, (breaks - end).denominator
        )


def test_sensitivity_at_the_ends_of_each_range() -> None:
    result = timeline_durability(race())
    rows = {row.parameter: row for row in result.sensitivity}
    assert set(rows) == {"threat", "defeat_rate", "victory"}
    victory = rows["victory"]  # victory 0: end 16, breaks 8; victory 6: end 4
    assert victory.outlasts == (False, True)
    assert [m.value if m else None for m in victory.margins] == [-8, 4]
    rate = rows["defeat_rate"]  # 1/4: breaks 16, end 32; 1: breaks 4, end 8
    assert [m.value if m else None for m in rate.margins] == [-16, -4]
    threat = rows["threat"]  # 0: never an equilibrium; 12: breaks 16, end 24
    assert threat.verdicts == ("not an equilibrium at the start", "breaks first")
    assert threat.margins[1] is not None and threat.margins[1].value == -8


def test_v2_document() -> None:
    document = durability_v2_document(timeline_durability(race()))
    assert document["schema"] == "stability/durability/v2"
    assert document["outcome"] == "Coalition"
    assert document["end"] == {
        "time": 16.0, "exact": "16", "condition": "The enemy is defeated", "declared": True
    }
    assert document["breaks"] == {"time": 8.0, "exact": "8", "holds_at_break": True}
    assert document["outlasts"] is False and document["margin"] == -8.0
    assert document["parameters"] == {"threat": "max(0, 8 - t/2)"}
    outcomes = document["outcomes"]
    assert isinstance(outcomes, list)
    assert outcomes[0]["name"] == "Coalition"
    assert outcomes[0]["equilibrium_from"] == 0.0 and outcomes[0]["equilibrium_until"] == 8.0
    assert outcomes[0]["intervals"] == [
        {"from": 0.0, "to": 8.0, "from_exact": "0", "to_exact": "8", "closed": [True, True]}
    ]
    sensitivity = document["sensitivity"]
    assert isinstance(sensitivity, list)
    assert sensitivity[2]["parameter"] == "victory"
    assert sensitivity[2]["ends"][1] == {
        "value": 6.0, "outlasts": True, "verdict": "outlasts", "margin": 4.0, "breaks": 8.0,
        "end": 4.0,
    }
    json.dumps(document)


def test_exponential_dynamics_exact_and_consistent_with_v1() -> None:
    scenario = read_scenario(DATA / "durability-product.toml")  # 6*(1/2)**t >= 3/2 iff t <= 2
    result = timeline_durability(scenario, sensitivity=False)
    assert result.breaks is not None and result.breaks.value == 2 and result.breaks.exact
    old = durability(scenario, sensitivity=False)
    assert old.decay is not None and old.decay.time == result.breaks.value
    mosul = read_scenario("games/mosul.toml")
    if mosul.dynamics is not None:  # the old Mosul model: threat 8*(9/10)**t, needs 4
        found = timeline_durability(mosul, sensitivity=False)
        assert found.breaks is not None and found.breaks.exact
        expected = sympy.log(2) / sympy.log(sympy.Rational(10, 9))
        assert sympy.simplify(found.breaks.value - expected) == 0


CUBIC = """
title = "Cubic threat"
coalition_outcome = "Coalition"
[parameters.threat]
value = 5
range = [0, 10]
[timeline]
unit = "weeks"
horizon = 2
[timeline.parameters]
threat = "t**3 - 2*t + 13/3"
[[actors]]
name = "A"
strategies = ["Fight", "Alone"]
[[actors]]
name = "B"
strategies = ["Fight", "Alone"]
[[games]]
players = ["A", "B"]
payoffs = [[["threat - 2", "threat - 2"], [0, 2]], [[2, 0], [1, 1]]]
[[outcomes]]
name = "Coalition"
profiles = [{A = "Fight", B = "Fight"}]
"""


def test_bisection_when_sympy_cannot_solve() -> None:
    """threat(t) - 4 = t**3 - 2t + 1/3: roots 0.16908... and 1.32207... in [0, 2]."""
    result = timeline_durability(parse_scenario(CUBIC), sensitivity=False)
    assert result.method == "bisection" and result.bisected
    roots = sorted(r.real for r in np.roots([1, 0, -2, 1 / 3]) if 0 < r.real < 2)
    assert result.breaks is not None and not result.breaks.exact
    assert abs(float(result.breaks) - roots[0]) < 1e-9
    (coalition,) = result.outcomes
    assert len(coalition.intervals) == 2
    assert abs(float(coalition.intervals[1].low) - roots[1]) < 1e-9
    assert coalition.intervals[1].high == 2
    document = durability_v2_document(result)
    assert document["method"] == "bisection"
    breaks = document["breaks"]
    assert isinstance(breaks, dict) and breaks["exact"] is None
    # each end found by bisection brackets the sign change exactly
    t = sympy.Symbol("t")
    margin = t**3 - 2 * t + sympy.Rational(1, 3)
    assert margin.subs(t, result.breaks.value) >= 0
    assert margin.subs(t, result.breaks.value + sympy.Rational(2, 2**40)) < 0


def test_no_timeline_is_bad_input() -> None:
    text = CUBIC.replace('[timeline]\nunit = "weeks"\nhorizon = 2\n[timeline.parameters]\n'
                         'threat = "t**3 - 2*t + 13/3"\n', "")
    with pytest.raises(InputError, match="no \\[timeline\\]"):
        timeline_durability(parse_scenario(text))
    with pytest.raises(InputError, match="no outcome 'Peace'"):
        timeline_durability(parse_scenario(CUBIC), "Peace")


# -- the command ---------------------------------------------------------------------------


def test_cli_json_v2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["durability", str(RACE), "--json", "--set", "victory=5"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/durability/v2"
    assert document["outlasts"] is True and document["margin"] == 2.0


def test_cli_threat_keeps_v1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["durability", str(RACE), "--threat", "threat", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/durability/v1"
    assert document["threat"]["exact"] == "4"
    assert main(["durability", str(RACE), "--v1", "--json"]) == 2  # names no threat parameter
    capsys.readouterr()


def test_cli_human(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["durability", str(RACE)]) == 0
    out = capsys.readouterr().out
    assert "The campaign ends (The enemy is defeated): t = 16 months." in out
    assert "'Coalition' stops being a pure equilibrium at t = 8 months" in out
    assert "Verdict: breaks first (margin: breaks - end = -8 months)." in out
    assert "All times are exact" in out


def test_cli_outcome_selection(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["durability", str(RACE), "--outcome", "Alone", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [o["name"] for o in document["outcomes"]] == ["Alone"]
    assert document["outcome"] == "Coalition"
    assert main(["durability", str(RACE), "--coalition", "Alone", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["outcome"] == "Alone" and document["breaks"] is None
    assert main(["durability", str(RACE), "--outcome", "Peace"]) == 2
    assert "no outcome 'Peace'" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_cli_plot(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"race{suffix}"
    assert main(["durability", str(RACE), "--out", str(out), "--no-sensitivity"]) == 0
    assert out.stat().st_size > 1000
    if suffix == ".svg":
        text = out.read_text(encoding="utf-8")
        assert "Coalition" in text and "months" in text
    assert main(["durability", str(RACE), "--out", str(tmp_path / "x.gif")]) == 2
    assert ".png, .svg or .pdf" in capsys.readouterr().err


def test_json_reference_example_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """The v2 example in docs/reference/json.md is what two-allies gives."""
    page = (Path(__file__).parent.parent / "docs" / "reference" / "json.md").read_text()
    block = page[page.index('```json\n{\n  "schema": "stability/durability/v2"') + 8 :]
    example = json.loads(block[: block.index("```")])
    assert main(["durability", "two-allies", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    sensitivity = {row["parameter"]: row for row in document.pop("sensitivity")}
    for row in example.pop("sensitivity"):
        assert sensitivity[row["parameter"]] == row
    document["outcomes"] = document["outcomes"][: len(example["outcomes"])]
    assert document == example


def test_tutorial_flood_output(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/tutorials/write-a-scenario.md step 9 shows these lines (a text block)."""
    page = (Path(__file__).parent.parent / "docs" / "tutorials" / "write-a-scenario.md")
    text = page.read_text(encoding="utf-8")
    block = text[text.index("```text\nThree villages") + 8 :]
    shown = block[: block.index("```")].strip().splitlines()
    assert main(["durability", str(DATA / "flood.toml"), "--no-sensitivity"]) == 0
    out = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
    joined = " ".join(out)
    for line in shown:
        assert " ".join(line.split()) in " ".join(joined.split()), line


def test_cli_v1_follows_one_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(RACE)
    assert main(["durability", path, "--threat", "threat", "--outcome", "Alone", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outcome"] == "Alone"
    assert main(["durability", path, "--threat", "threat", "--coalition", "Alone", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outcome"] == "Alone"
    assert main(["durability", path, "--threat", "threat", "--outcome", "Alone",
                 "--outcome", "Coalition"]) == 2
    assert "give --outcome once" in capsys.readouterr().err
    assert main(["durability", path, "--threat", "threat", "--out", "x.svg"]) == 2
    assert "does not apply" in capsys.readouterr().err


def test_irrational_times_state_their_precision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Roots of (t**8 - 2)(t**8 - 3)(t**8 - 5) are irrational: the times are rationals
    within horizon / 2**48 of them, and the note says so (not "sympy could not")."""
    text = (Path(__file__).parents[1] / "games" / "two-allies.toml").read_text()
    text = text.replace('threat = "max(0, threat - decay*t)"',
                        'threat = "threat + (t**8-2)*(t**8-3)*(t**8-5)"')
    path = tmp_path / "costly.toml"
    path.write_text(text)
    assert main(["durability", str(path), "--no-sensitivity"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "within 24/2**48 (about 8.5e-14) periods of the true time" in out
    assert "sympy could not" not in out
    assert main(["durability", str(path), "--no-sensitivity", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["method"] == "bisection"
    assert Fraction(document["precision_exact"]) == Fraction(24, 2**48)
    # each end strictly inside the horizon brackets a sign change of a bisected
    # expression within the stated precision (the test's own parsing of its output)
    t = sympy.Symbol("t")
    expressions = [sympy.sympify(e.removesuffix(" >= 0")) for e in document["bisected"]]
    precision = Fraction(document["precision_exact"])
    ends = {Fraction(interval[key]) for row in document["outcomes"]
            for interval in row["intervals"] for key in ("from_exact", "to_exact")}
    inner = [end for end in ends if 0 < end < 24]
    assert inner
    for end in inner:
        assert any(
            e.subs(t, sympy.Rational(str(end - precision))) * e.subs(t, sympy.Rational(
                str(end + precision))) <= 0
            for e in expressions
        ), end
