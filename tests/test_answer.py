"""The answer in policy terms (issue 23 part 3), analyze's opening and --brief (issue 25
item 5), decimals beside exact values (issue 25 item 6), and the one parameter ranking."""

from __future__ import annotations

import json
import sys
import types
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from stability.analysis.answer import plain_answer
from stability.analysis.findings import concerning_findings
from stability.analysis.levers import acceptance, indifferences, lever_name
from stability.analysis.ranking import BASIS, parameter_ranking
from stability.cli.app import main
from stability.io.scenario import read_scenario
from stability.model.exact import decimal_text, number_text

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
ALLIES = read_scenario(ROOT / "games" / "two-allies.toml")
RACE = read_scenario(DATA / "timeline-race.toml")


# -- one formatter: a decimal beside the exact value -------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(749, 625), "749/625 ≈ 1.20"),
        (Fraction(-108, 17), "-108/17 ≈ -6.35"),
        (Fraction(24737, 10000), "24737/10000 ≈ 2.47"),
        (Fraction(8), "8"),
        (-3, "-3"),
        (Fraction(1, 2), "0.5"),
        (Fraction(-9, 4), "-2.25"),
        (Fraction(49, 100), "0.49"),
        (Fraction(1, 3), "1/3 ≈ 0.333"),
        (Fraction(2, 3000), "1/1500 ≈ 0.000667"),
        (Fraction(100001, 3), "100001/3 ≈ 33334"),
        (sympy.Rational(96, 17), "96/17 ≈ 5.65"),
        (sympy.sqrt(2), "sqrt(2) ≈ 1.41"),
        (sympy.oo, "inf"),
        (-sympy.oo, "-inf"),
    ],
)
def test_number_text_known_values(value: Any, text: str) -> None:
    assert number_text(value) == text


@given(
    st.integers(min_value=-10**6, max_value=10**6),
    st.integers(min_value=1, max_value=10**5),
)
def test_the_decimal_is_the_exact_value_rounded(numerator: int, denominator: int) -> None:
    value = Fraction(numerator, denominator)
    text = number_text(value)
    if value.denominator == 1:
        assert text == str(value.numerator)
        return
    if "≈" not in text:  # a short decimal: exactly the value
        assert Fraction(text) == value
        return
    exact, decimal = text.split(" ≈ ")
    assert Fraction(exact) == value
    shown = Fraction(decimal) if "e" not in decimal else Fraction(float(decimal))
    # rounded to 3 significant digits (never the integer part): within half a unit
    # of the last place shown
    places = len(decimal.split(".")[1]) if "." in decimal and "e" not in decimal else 0
    if "e" not in decimal:
        assert abs(shown - value) <= Fraction(1, 2 * 10**places)
        digits = decimal.lstrip("-").replace(".", "").lstrip("0")
        assert len(digits) >= 3 or abs(value) >= 100
    else:
        assert abs(shown - value) <= abs(value) / 100


@given(st.fractions(min_value=Fraction(-10**4), max_value=Fraction(10**4)))
def test_decimal_text_rounds_half_away_from_zero(value: Fraction) -> None:
    text = decimal_text(value)
    if "e" in text or value == 0:
        return
    places = len(text.split(".")[1]) if "." in text else 0
    scaled = abs(value) * 10**places
    expected = int(scaled + Fraction(1, 2))
    assert abs(Fraction(text)) * 10**places == expected


# -- the parameter ranking -----------------------------------------------------------------


def test_ranking_by_hand_on_two_allies() -> None:
    # at threat = 1 the alliance needs threat >= 1 + dispute = 2: a move of 1 over a
    # range of 10 (1/10); or dispute <= threat - 1 = 0: a move of 1 over 4 (1/4).
    # Both allies defecting is always an equilibrium; decay is in no payoff.
    ranking = parameter_ranking(ALLIES.with_values({"threat": 1}))
    assert [(e.parameter, e.distance, e.outcome, e.kind) for e in ranking.entries] == [
        ("threat", Fraction(1, 10), "Alliance", "becomes"),
        ("dispute", Fraction(1, 4), "Alliance", "becomes"),
        ("decay", None, None, None),
    ]
    assert ranking.basis == BASIS


def test_ranking_ties_in_the_scenarios_order() -> None:
    # at threat 3, dispute 1: the alliance stops at threat 2 (1/10 of [0, 10]) and at
    # dispute 2 (1/4 of [0, 4]); move dispute's range to [0, 10] and they tie at 1/10.
    tied = ALLIES.with_values({"dispute": 1})
    ranked = parameter_ranking(tied).ranked
    assert [e.parameter for e in ranked] == ["threat", "dispute"]
    assert ranked[0].distance == Fraction(1, 10)


def test_analyze_and_report_share_the_ranking(capsys: pytest.CaptureFixture[str]) -> None:
    from stability.analysis.report import build_report

    assert main(["analyze", "two-allies", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    ranking = document["ranking"]
    assert ranking["basis"] == BASIS
    assert [p["parameter"] for p in ranking["parameters"]] == ["threat", "dispute", "decay"]
    assert ranking["parameters"][0]["exact_distance"] == "1/10"
    assert [lever["parameter"] for lever in document["answer"]["levers"]] == ["threat", "dispute"]
    report = build_report(ALLIES, samples=0, sweep_points=11)
    assert [i.parameter for i in report.influence] == ["threat", "dispute", "decay"]
    from stability.present.explorer import explorer_data

    assert explorer_data(ALLIES)["ranking"] == ranking


# -- levers, ties and the window ------------------------------------------------------------


@dataclass
class _Parameter:
    name: str
    lever: str


def test_lever_names_from_the_scenario_or_its_words() -> None:
    assert lever_name(ALLIES, "threat") == "threat (strength of the common enemy)"

    class Declared:
        def parameter(self, name: str) -> _Parameter:
            return _Parameter(name, "  the allies   wearing the enemy down ")

    assert lever_name(Declared(), "threat") == "the allies wearing the enemy down (threat)"  # type: ignore[arg-type]


def test_a_weak_equilibrium_names_who_is_indifferent() -> None:
    at_tie = ALLIES.with_values({"threat": 2})  # threat - dispute = 1: a tie for both
    ties = indifferences(at_tie, "Alliance")
    assert ties is not None and [(t.actor, t.strategy, t.to) for t in ties] == [
        ("Alpha", "Cooperate", "Defect"), ("Beta", "Cooperate", "Defect"),
    ]
    answer = plain_answer(at_tie, "Alliance", share=False)
    assert answer is not None and answer.weak == ties
    assert "only by a tie, a weak equilibrium (Alpha is indifferent between Cooperate and " \
        "Defect" in answer.paragraph
    assert indifferences(ALLIES, "Alliance") is None  # strict at the defaults


def test_a_lever_past_the_campaigns_end_is_said_so() -> None:
    # victory 5: the campaign ends when threat(t) = 8 - t/2 reaches 5 (t = 6). The
    # coalition needs threat >= 4, so making "Alone" the only equilibrium needs threat
    # below 4: there the campaign is over before it starts (threat <= victory at t = 0).
    scenario = RACE.with_values({"victory": 5})
    answer = plain_answer(scenario, "Alone", share=False)
    assert answer is not None and answer.moves is not None
    (move,) = answer.moves["unique"]
    assert move.parameter == "threat" and move.new is not None and move.new < 4
    assert move.past_end == (
        "threat <= victory already holds at t = 0 (3999/1000 ≈ 4.00 <= 5: The enemy is defeated)"
    )
    assert "that point lies past the campaign's end: there threat <= victory" in answer.paragraph
    assert any(
        "(past the end). Past the end: there threat <= victory already at t = 0" in p
        for p in answer.points
    )
    # the window: "Alone" is an equilibrium throughout
    assert answer.window is not None and answer.window.sentence() == (
        "On the timeline, 'Alone' is a pure equilibrium for t in [0, 36] months; "
        "the campaign ends at t = 6 months."
    )


def test_each_sides_condition_for_the_deal() -> None:
    # Alliance at threat 1: each ally's margin for cooperating is threat - dispute - 1.
    found = acceptance(ALLIES.with_values({"threat": 1}), "Alliance")
    assert [(a.actor, a.strategy, a.to, a.margin, a.now, a.accepts) for a in found] == [
        ("Alpha", "Cooperate", "Defect", "-dispute + threat - 1", Fraction(-1), False),
        ("Beta", "Cooperate", "Defect", "-dispute + threat - 1", Fraction(-1), False),
    ]


# -- check's findings, behind the adapter ------------------------------------------------------


@dataclass(frozen=True)
class _Finding:
    kind: str
    severity: str
    subject: str
    evidence: str
    hint: str
    parameters: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()


class _Report:
    def __init__(self) -> None:
        self.asked: list[tuple[tuple[str, ...], tuple[str, ...]]] = []

    def concerning(
        self, outcomes: tuple[str, ...] = (), parameters: tuple[str, ...] = ()
    ) -> tuple[_Finding, ...]:
        self.asked.append((outcomes, parameters))
        return (
            _Finding("knife-edge", "warning", "Split", "a tie at the defaults", "move it"),
        )


def test_findings_adapter_with_a_fake_checker() -> None:
    report = _Report()
    found = concerning_findings(
        ALLIES, outcomes=("Split",), parameters=("threat",), checker=lambda s: report
    )
    assert [f.sentence() for f in found] == [
        "[warning] Split: a tie at the defaults (move it)"
    ]
    assert report.asked == [(("Split",), ("threat",))]


def test_findings_adapter_without_the_checker_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "stability.analysis.check", None)  # ImportError
    assert concerning_findings(ALLIES, outcomes=("Split",), parameters=()) == ()


def test_the_answer_shows_the_checkers_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("stability.analysis.check")
    fake.check_scenario = lambda scenario, shifts=True, outcomes=None: _Report()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "stability.analysis.check", fake)
    answer = plain_answer(ALLIES, share=False)
    assert answer is not None
    assert [f.kind for f in answer.findings] == ["knife-edge"]
    assert "knife-edge (warning): Split." in answer.paragraph
    assert answer.document()["findings"][0]["hint"] == "move it"
    assert answer.points[-1] == (
        "`stability check`: 1 finding (knife-edge)."
    )


# -- analyze's opening and --brief -----------------------------------------------------------


def _lines(capsys: pytest.CaptureFixture[str], *arguments: str) -> list[str]:
    assert main(list(arguments)) == 0
    return capsys.readouterr().out.splitlines()


def test_analyze_opens_with_the_verdicts_and_the_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = _lines(capsys, "analyze", "two-allies")
    head = "\n".join(lines[:20])
    assert lines[1].startswith("Pure equilibria now: 2: “Alliance” (strict) and “Split”")
    assert "Durability: the coalition breaks first (margin -4): it stops being one at t = 2" \
        in " ".join(head.split())
    assert "The answer: what pushes toward “Split”" in head
    assert head.index("Pure equilibria now") < head.index("The answer") < len(head)
    assert lines.index("Details") < 25
    brief = _lines(capsys, "analyze", "two-allies", "--brief")
    assert brief == lines[: len(brief)]  # the opening, then the details
    assert lines[len(brief)] == "Details"


def test_mosul_brief_fits_a_24_row_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    brief = _lines(capsys, "analyze", "mosul", "--brief")
    assert len(brief) <= 23  # and the prompt
    text = "\n".join(brief)
    assert "Pure equilibria now:" in text and "The answer: what pushes toward" in text
    assert "Durability: the coalition " in text  # Mosul has a timeline


def test_analyze_json_only_gains_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "two-allies", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    before = {
        "schema", "complete", "scenario", "parameters", "exact_parameters", "ranges",
        "outcomes", "joint", "games", "tipping", "warnings", "selection",
        "prior_frequencies", "answer",
    }
    assert before <= set(document)
    assert set(document) - before == {"opening", "ranking", "durability"}
    answer_before = {
        "target", "coalition", "equilibrium", "unique", "basin_share", "dynamic", "shifts",
        "holds_now", "first_mover", "path", "levers", "lever_method", "text",
    }
    assert answer_before <= set(document["answer"])
    assert document["durability"]["verdict"] == "breaks first"
    assert document["opening"][0].startswith("Pure equilibria now:")
    # exact strings stay exact in the JSON
    assert document["answer"]["shifts"]["unique"]["exact"] == {"threat": "1999/1000"}


# -- decimals beside exact values in the commands' text ---------------------------------------


def test_durability_text_has_decimals_and_json_keeps_exact_strings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # threat(t) = 8 - 3t/7: the coalition (threat >= 4) breaks at t = 28/3, the enemy
    # is defeated (threat 0) at t = 56/3
    race = str(DATA / "timeline-race.toml")
    text = " ".join(_lines(capsys, "durability", race, "--set", "defeat_rate=3/7"))
    assert "The campaign ends (The enemy is defeated): t = 56/3 ≈ 18.7 months." in text
    assert "stops being a pure equilibrium at t = 28/3 ≈ 9.33 months" in text
    assert "Verdict: breaks first (margin: breaks - end = -28/3 ≈ -9.33 months)." in text
    assert main(["durability", race, "--set", "defeat_rate=3/7", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["breaks"]["exact"] == "28/3" and document["end"]["exact"] == "56/3"


def test_tipping_and_analyze_text_have_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    tipping = "\n".join(
        _lines(capsys, "tipping", "two-allies", "--target", "Split", "--goal", "unique")
    )
    assert "1999/1000 ≈ 2.00" in tipping
    assert "distance 1001/10000 ≈ 0.100" in " ".join(tipping.split())  # (3 - 1999/1000) / 10
    opening = " ".join(" ".join(_lines(capsys, "analyze", "two-allies", "--brief")).split())
    assert "the only one: threat 3 → 1999/1000 ≈ 2.00" in opening


def test_the_answer_carries_the_real_checkers_findings() -> None:
    # end to end with stability.analysis.check: the answer's findings are the checker's
    # own findings about the target, the coalition and the levers
    from stability.analysis.check import check_scenario

    answer = plain_answer(ALLIES, share=False)
    assert answer is not None
    report = check_scenario(ALLIES, shifts=False)
    every = {(f.kind, f.subject, f.evidence) for f in report.findings}
    assert answer.findings, "the checker finds something about two-allies' answer"
    for finding in answer.findings:
        assert (finding.kind, finding.subject, finding.evidence) in every
    kinds = {f.kind for f in answer.findings}
    assert "timeline-ignores-play" in kinds  # two-allies' threat falls whatever is played
    assert "`stability check` finds (its evidence and what to do: `stability check " \
        "SCENARIO`): " in answer.paragraph
