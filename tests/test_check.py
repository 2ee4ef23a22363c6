"""``stability check``: hand-built scenarios with one planted defect each, and clean ones.

Each planted scenario is ``tests/data/check/clean.toml`` with one change; the check
must report exactly the planted defect as its warnings and errors (``info`` findings
are facts, not defects, and the clean scenario has two: Split is always an
equilibrium, Betrayal never). The exact evidence of each finding is checked against
the hand computation in the test's docstring.
"""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.check import (
    KINDS,
    SCHEMA,
    SEVERITIES,
    CheckReport,
    Finding,
    check_scenario,
)
from stability.cli.app import main
from stability.io.scenario import read_scenario

CLEAN = Path(__file__).parent / "data" / "check" / "clean.toml"
PAYOFFS = '''payoffs = [
  [["threat - cost_a", "threat - cost_b"], [0, 1]],
  [[1, 0], [1, 1]],
]'''
TIMELINE = '''
[timeline]
unit = "months"
horizon = 24

[timeline.parameters]
threat = "max(0, threat - decay*t)"

[timeline.end]
when = "threat"
falls_to = "victory"
label = "The enemy is defeated"

[parameters.decay]
value = "1/4"
range = ["1/8", 1]
doc = "How fast the threat falls."

[parameters.victory]
value = "VICTORY"
range = [0, 3]
doc = "The threat at which the campaign ends."
'''


def planted(tmp_path: Path, *changes: tuple[str, str], extra: str = "") -> Path:
    """The clean scenario with each ``(old, new)`` text replaced, plus ``extra``."""
    text = CLEAN.read_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "planted.toml"
    path.write_text(text.replace("\n[[actors]]", extra + "\n[[actors]]", 1))
    return path


def check(path: Path, draws: int = 512) -> CheckReport:
    return check_scenario(read_scenario(path), draws=draws)


def defects(report: CheckReport) -> list[str]:
    """The kinds of the warnings and errors, in report order."""
    return [f.kind for f in report.findings if f.severity != "info"]


def only(report: CheckReport, kind: str) -> Finding:
    found = [f for f in report.findings if f.kind == kind]
    assert len(found) == 1, [f.line() for f in report.findings]
    return found[0]


def test_clean_scenario_has_no_warning_or_error() -> None:
    report = check(CLEAN)
    assert defects(report) == []
    assert [f.kind for f in report.findings] == ["never-equilibrium", "always-equilibrium"]


def test_dead_parameter(tmp_path: Path) -> None:
    """``unused`` enters no payoff and no timeline."""
    extra = '\n[parameters.unused]\nvalue = 1\nrange = [0, 2]\ndoc = "Nothing reads it."\n'
    report = check(planted(tmp_path, extra=extra))
    assert defects(report) == ["dead-parameter"]
    finding = only(report, "dead-parameter")
    assert (finding.severity, finding.subject) == ("error", "unused")
    assert finding.parameters == ("unused",)
    assert "in none of the 8 equilibrium conditions" in finding.evidence


def test_dead_parameter_that_cancels(tmp_path: Path) -> None:
    """``bonus`` is added to both of Alpha's strategies against each Beta strategy: it
    cancels from every margin."""
    report = check(
        planted(
            tmp_path,
            (PAYOFFS, PAYOFFS.replace('"threat - cost_a"', '"threat - cost_a + bonus"')
             .replace("[[1, 0], [1, 1]]", '[["1 + bonus", 0], [1, 1]]')
             .replace("[0, 1]],", '["bonus", 1]],').replace(
                 '[["1 + bonus", 0], [1, 1]]', '[["1 + bonus", 0], ["1 + bonus", 1]]')),
            extra='\n[parameters.bonus]\nvalue = 1\nrange = [0, 2]\ndoc = "A windfall."\n',
        )
    )
    finding = only(report, "dead-parameter")
    assert "appears in the payoffs but cancels" in finding.evidence
    assert defects(report) == ["dead-parameter"]


def test_aliased_parameters(tmp_path: Path) -> None:
    """Alpha's cost is ``cost_a + extra`` wherever it appears: ratio 1 : 1."""
    report = check(
        planted(
            tmp_path,
            ('"threat - cost_a"', '"threat - cost_a - extra"'),
            extra='\n[parameters.extra]\nvalue = "1/2"\nrange = [0, 2]\ndoc = "More cost."\n',
        )
    )
    assert defects(report) == ["aliased-parameters"]
    finding = only(report, "aliased-parameters")
    assert finding.severity == "error"  # no timeline tells them apart
    assert finding.parameters == ("cost_a", "extra")
    assert dict(finding.exact) == {"cost_a": "1", "extra": "1"}
    assert "cost_a + extra" in finding.evidence


def test_knife_edge_near_a_threshold(tmp_path: Path) -> None:
    """cost_a = 2 - 1/1000: Alliance needs cost_a <= threat - 1 = 2, which lies
    1/1000 above the default, within 4/1000 (1/1000 of the range [0, 4]). The same
    threshold is one for threat (2999/1000, within 12/1000) and for Split's
    uniqueness: one defect, seen from each parameter and outcome it touches."""
    near = ("value = 1\nrange = [0, 4]", 'value = "1999/1000"\nrange = [0, 4]')
    report = check(planted(tmp_path, near))
    assert set(defects(report)) == {"knife-edge"}
    edges = {(f.subject, f.parameters[0]): f for f in report.findings if f.kind == "knife-edge"}
    assert set(edges) == {("Alliance", "cost_a"), ("Alliance", "threat"), ("Split", "cost_a"),
                          ("Split", "threat")}
    assert dict(edges[("Alliance", "threat")].exact)["threshold_down"] == "2999/1000"
    assert "just above cost_a = 2 it is a strict pure equilibrium, the only one" in (
        edges[("Split", "cost_a")].evidence
    )
    finding = edges[("Alliance", "cost_a")]
    assert dict(finding.exact) == {"default": "1999/1000", "threshold_up": "2"}
    assert "at cost_a = 2 it is a weak pure equilibrium" in finding.evidence
    assert "a strict pure equilibrium, not the only one" in finding.evidence


def test_weak_equilibrium(tmp_path: Path) -> None:
    """cost_a = 2: Alpha gains exactly 0 by defecting from Alliance (1 = 1). The tie is
    also a knife-edge of cost_a and threat (the same defect seen from each parameter)."""
    report = check(planted(tmp_path, ("value = 1\nrange = [0, 4]", "value = 2\nrange = [0, 4]")))
    finding = only(report, "weak-equilibrium")
    assert finding.subject == "Alliance"
    assert "Alpha is indifferent between Cooperate and Defect (gains exactly 0" in finding.evidence
    assert dict(finding.exact) == {"Alpha, from Cooperate to Defect": "0"}
    assert "cost_a + 1 <= threat (at the defaults 3 = 3)" in finding.evidence
    assert set(defects(report)) == {"weak-equilibrium", "knife-edge"}
    edges = [f for f in report.findings if f.kind == "knife-edge" and f.subject == "Alliance"]
    assert {f.parameters[0] for f in edges} == {"threat", "cost_a"}
    assert all("'Alliance' is a weak pure equilibrium" in f.evidence for f in edges)


def test_inert_parameter(tmp_path: Path) -> None:
    """``spare`` adds spare/10 to Alpha's (Defect, Defect) payoff: its only threshold
    for Split, -10, lies far outside [0, 1]."""
    report = check(
        planted(
            tmp_path,
            ("[[1, 0], [1, 1]]", '[[1, 0], ["1 + spare/10", 1]]'),
            extra='\n[parameters.spare]\nvalue = "1/2"\nrange = [0, 1]\ndoc = "Small."\n',
        )
    )
    assert defects(report) == ["inert-parameter"]
    finding = only(report, "inert-parameter")
    assert finding.subject == "spare"
    assert "-10" in dict(finding.exact).values()


def test_timeline_ignores_play(tmp_path: Path) -> None:
    """A timeline that moves the threat by time alone; victory 1/2 is below every lever."""
    report = check(planted(tmp_path, extra=TIMELINE.replace("VICTORY", "1/2")))
    assert defects(report) == ["timeline-ignores-play"]
    assert only(report, "timeline-ignores-play").parameters == ("threat",)


def test_lever_past_the_end(tmp_path: Path) -> None:
    """Victory at 5/2: Alliance breaks (and Split becomes the only equilibrium) when the
    threat falls to 2 (cost_a + 1), but at threat 2 the campaign is already over
    (2 <= 5/2). The timeline also ignores play."""
    report = check(planted(tmp_path, extra=TIMELINE.replace("VICTORY", "5/2")))
    assert set(defects(report)) == {"lever-past-end", "timeline-ignores-play"}
    past = [f for f in report.findings if f.kind == "lever-past-end"]
    assert {f.subject for f in past} == {"Alliance", "Split"}
    assert any(dict(f.exact).get("threat_threshold") == "2" for f in past)
    assert any("there 2 <= 5/2 ≈ 2.5" in f.evidence for f in past)


def test_tie_under_a_lever(tmp_path: Path) -> None:
    """Alliance fails at the defaults only because Beta's cost is too high (cost_b 5/2
    against threat - 1 = 2), while Alpha is exactly indifferent (cost_a = 2): cost_b's
    lever (down to 2) works only while the tie lasts."""
    report = check(
        planted(
            tmp_path,
            ("value = 1\nrange = [0, 4]", "value = 2\nrange = [0, 4]"),
            ('value = "1/2"\nrange = [0, 4]', 'value = "5/2"\nrange = [0, 4]'),
        )
    )
    ties = [
        f for f in report.findings
        if f.kind == "knife-edge" and "on an exact tie" in f.evidence
    ]
    assert len(ties) >= 1
    finding = ties[0]
    assert finding.subject == "Alliance"
    assert "cost_b" in finding.parameters
    assert dict(finding.exact)["cost_b_threshold"] == "2"


def test_prior_fragile(tmp_path: Path) -> None:
    """A prior on the threat peaked at 1 (range [0, 12]): Alliance (threat >= 2 at the
    defaults) holds in a minority of draws."""
    report = check(
        planted(
            tmp_path, ("range = [0, 12]", 'range = [0, 12]\nprior = {dist = "pert", mode = 1}')
        ),
        draws=2000,
    )
    assert defects(report) == ["prior-fragile"]
    finding = only(report, "prior-fragile")
    assert finding.subject == "Alliance"
    agreeing, draws = (int(dict(finding.exact)[k]) for k in ("agreeing", "draws"))
    assert draws == 2000 and 2 * agreeing < draws
    assert f"{agreeing} of 2000 draws" in finding.evidence


def test_order_kinds_and_severities_are_declared() -> None:
    report = check_scenario(read_scenario("games/mosul.toml"), draws=256)
    assert all(f.kind in KINDS and f.severity in SEVERITIES for f in report.findings)
    ranks = [(SEVERITIES.index(f.severity), list(KINDS).index(f.kind)) for f in report.findings]
    assert ranks == sorted(ranks)
    again = check_scenario(read_scenario("games/mosul.toml"), draws=256)
    assert again.findings == report.findings


def test_concerning_filters_by_outcome_and_parameter() -> None:
    report = check_scenario(read_scenario("games/mosul.toml"), draws=0)
    assert report.concerning() == report.findings
    for finding in report.concerning(parameters=("w_saudi",)):
        assert "w_saudi" in finding.parameters
    assert report.concerning(outcomes=("no such outcome",)) == ()


# -- properties ---------------------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(scale=st.fractions(min_value=Fraction(1, 4), max_value=8))
def test_scaling_a_range_keeps_dead_and_aliased_findings(scale: Fraction) -> None:
    """Dead and aliased parameters depend on which conditions read a parameter and
    with which coefficients, not on how wide its range is."""
    scenario = read_scenario(CLEAN)
    base = check_scenario(scenario, draws=0, shifts=False)
    parameters = tuple(
        p
        if p.name != "cost_a"
        else replace(p, range=(p.range[0], p.value + (p.range[1] - p.value) * scale))
        for p in scenario.parameters
    )

    scaled = check_scenario(replace(scenario, parameters=parameters), draws=0, shifts=False)

    def structural(report: CheckReport) -> list[tuple[str, str]]:
        return [(f.kind, f.subject) for f in report.findings
                if f.kind in ("dead-parameter", "aliased-parameters")]

    assert structural(scaled) == structural(base)


# -- the command ----------------------------------------------------------------------------


def test_cli_json_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CLEAN), "--json", "--draws", "256"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == SCHEMA
    assert set(document) >= {"schema", "scenario", "findings"}
    for finding in document["findings"]:
        assert set(finding) >= {"kind", "severity", "subject", "evidence", "hint"}
    expected = check_scenario(read_scenario(CLEAN), draws=256, name=str(CLEAN)).document()
    assert document == expected


def test_cli_exit_zero_with_findings_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "two-allies", "--draws", "64"]) == 0
    assert "timeline-ignores-play" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["check", "no-such-scenario"],
        ["check", "two-allies", "--set", "nope=1"],
        ["check", "two-allies", "--set", "threat=abc"],
        ["check", "two-allies", "--draws", "-1"],
        ["check", "two-allies", "--seed", "-1"],
    ],
)
def test_cli_bad_input_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("error:") and len(captured.err.strip().splitlines()) == 1
    assert captured.out == ""


def test_cli_default_draws_agree() -> None:
    from stability.analysis.check import DEFAULT_DRAWS
    from stability.cli.check import DEFAULT_DRAWS as CLI_DRAWS

    assert CLI_DRAWS == DEFAULT_DRAWS


def test_api_result() -> None:
    import stability

    result = stability.check("two-allies", draws=64)
    assert result.to_dict() == result.report.document()
    assert "<table" in result._repr_html_()
    assert [row["kind"] for row in result.rows()] == [f.kind for f in result.findings]


def test_non_linear_conditions_are_said_to_be_approximate(tmp_path: Path) -> None:
    """Alpha's cost grows with the threat (threat*cost_a/4): its conditions are not
    linear, so never/always is left undecided for the outcomes they belong to and a
    ``not-exact`` note says so; the check still runs."""
    report = check(planted(tmp_path, ('"threat - cost_a"', '"threat - threat*cost_a/4"')))
    note = only(report, "not-exact")
    assert note.severity == "info"
    assert set(note.parameters) == {"threat", "cost_a"}
    assert "not linear in the parameters" in note.evidence
    never = only(report, "never-equilibrium")  # Betrayal, by 512 uniform draws
    assert never.subject == "Betrayal" and "Not exact" in never.evidence
    assert dict(never.exact) == {"draws": "512", "count": "0"}


def test_large_scenarios_are_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import stability.analysis.check as checker

    monkeypatch.setattr(checker, "MAX_CHECKED_PROFILES", 2)
    assert main(["check", "two-allies"]) == 2
    error = capsys.readouterr().err
    assert "this scenario has 4 profiles, at most 2 are checked" in " ".join(error.split())


def test_draws_too_large_for_the_monte_carlo_are_skipped_with_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import stability.analysis.robustness as sampler

    monkeypatch.setattr(sampler, "MAX_BATCH_CELLS", 1)
    report = check(CLEAN)
    note = only(report, "draws-skipped")
    assert note.severity == "info" and "512 prior draws were not taken" in note.evidence
    assert "--samples" not in note.evidence


@settings(max_examples=20, deadline=None)
@given(offset=st.integers(min_value=-12, max_value=12))
def test_knife_edge_is_reported_exactly_within_a_thousandth_of_the_range(offset: int) -> None:
    """Alliance holds iff cost_a <= threat - 1 = 2 (hand formula); cost_a's range is
    [0, 4], so a move of 4/1000 flips the verdict iff the default lies within 4/1000
    of 2 (at exactly 2 the Alliance is weak, and moving up breaks it)."""
    from stability.analysis.check.conditions import Conditions
    from stability.analysis.check.verdicts import knife_edges

    value = 2 + Fraction(offset, 2000)
    scenario = read_scenario(CLEAN).with_values({"cost_a": value})
    found = [
        f for f in knife_edges(Conditions(scenario))
        if f.subject == "Alliance" and f.parameters[0] == "cost_a"
    ]
    assert bool(found) == (abs(value - 2) <= Fraction(4, 1000))
    if found:
        exact = dict(found[0].exact)
        side = "threshold_up" if value <= 2 else "threshold_down"
        assert exact[side] == "2"
