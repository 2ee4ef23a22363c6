"""``stability coalitions`` on the command line: JSON equal to the API's, bad input, pictures,
and the bundled scenarios (generic facts only: Mosul is rebuilt elsewhere)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

import stability
from stability.analysis.coalitions import CONCEPTS, bell
from stability.cli.app import main
from stability.model.game import Game


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["coalitions", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_json_equals_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    document = run_json(capsys, "us-turkey-ypg", "--rule", "optimistic")
    assert document == stability.coalitions("us-turkey-ypg", rule="optimistic").to_dict()
    assert document["schema"] == "stability/coalitions/v1"
    assert document["rule"]["name"] == "optimistic"
    assert len(document["structures"]) == bell(3)


def test_the_document_states_its_rules(capsys: pytest.CaptureFixture[str]) -> None:
    document = run_json(capsys, "two-allies")
    assert document["rule"]["name"] == "pessimistic"
    assert "worst" in document["rule"]["text"]
    assert "below every structure" in document["rule"]["no_equilibrium"]
    assert set(document["concepts"]) == set(CONCEPTS)
    for structure in document["structures"]:
        for equilibrium in structure["equilibria"]:
            for exact, number in zip(equilibrium["exact_payoffs"], equilibrium["payoffs"],
                                     strict=True):
                assert float(Fraction(exact)) == pytest.approx(number)


def test_outcomes_map_to_their_positive_tie_components(
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = run_json(capsys, "two-allies")
    by_name = {o["outcome"]: o["structure"] for o in document["outcomes"]}
    assert by_name["Alliance"] == "{Alpha, Beta}"
    assert by_name["Split"] == "{Alpha} {Beta}"
    chain = document["chain"]
    assert chain["source"]["label"] == "Alliance"


def test_the_chain_names_who_moves_first(capsys: pytest.CaptureFixture[str]) -> None:
    document = run_json(capsys, "us-turkey-ypg", "--from", "United States+Turkey+YPG",
                        "--target", "United States+YPG|Turkey")
    chain = document["chain"]
    assert chain["found"]
    assert chain["first_movers"] == chain["moves"][0]["movers"]
    assert chain["moves"][-1]["target"] == "{United States, YPG} {Turkey}"


def test_a_game_file_and_its_players(capsys: pytest.CaptureFixture[str]) -> None:
    document = run_json(capsys, "prisoners-dilemma", "--transferable")
    assert document["actors"] == document["game"]["players"]
    assert document["chain"] is None and document["outcomes"] == []
    assert document["stable"]["core"] == ["{Row, Column}"]


def test_timeline_and_tipping_are_exact(capsys: pytest.CaptureFixture[str]) -> None:
    document = run_json(capsys, "two-allies", "--timeline", "--tipping", "threat")
    variables = [sweep["variable"] for sweep in document["sweeps"]]
    assert variables == ["t", "threat"]
    for sweep in document["sweeps"]:
        for structure in sweep["structures"]:
            for concept in structure["concepts"].values():
                for change in concept["changes"]:
                    assert float(Fraction(change["exact"])) == pytest.approx(change["at"])
    assert document["covered"]


def test_time_evaluates_the_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    late = run_json(capsys, "two-allies", "--time", "12")
    assert late["time"] == "12"
    scenario = stability.read_scenario("two-allies").at_time(Fraction(12), exact=False)
    assert late == stability.coalitions(scenario).to_dict() | {"time": "12"}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["two-allies", "--rule", "median"], "unknown ranking rule"),
        (["prisoners-dilemma", "--time", "3"], "--time needs a scenario"),
        (["two-allies", "--target", "Nobody+Else"], "unknown actor"),
        (["two-allies", "--target", "Alpha"], "leaves out Beta"),
        (["two-allies", "--tipping", "nope"], "unknown parameter"),
        (["two-allies", "--time", "x"], "--time"),
        (["two-allies", "--time", "1", "--timeline"], "give one of them"),
    ],
)
def test_bad_input_is_one_error_line(
    capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    assert main(["coalitions", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and needle in err and "Traceback" not in err


def test_too_many_actors_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    table = [[[[[[[0]]]]]]]  # one strategy each: seven axes of length 1
    game = Game.from_payoffs([table] * 7)
    path = tmp_path / "seven.json"
    path.write_text(json.dumps({
        "schema": "stability/game/v1", "title": "seven",
        "players": [f"P{i}" for i in range(7)], "strategies": [["s"]] * 7,
        "payoffs": [table] * 7,
    }))
    assert game.n_players == 7
    assert main(["coalitions", str(path)]) == 2
    err = capsys.readouterr().err
    assert "too many actors for coalition structures" in err and "877" in err


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_the_picture(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"structures.{suffix}"
    assert main(["coalitions", "us-turkey-ypg", "--out", str(out)]) == 0
    assert out.stat().st_size > 1000
    if suffix == "svg":
        text = out.read_text()
        assert "United States" in text and "largest consistent set" in text


def test_names_are_not_cut_at_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coalitions", "us-turkey-ypg"]) == 0
    out = capsys.readouterr().out
    assert "…" not in out
    assert "Euphrates" in out


def test_the_report_has_a_coalition_section(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    assert main(["report", "two-allies", "--out", str(out), "--samples", "0"]) == 0
    text = out.read_text()
    section = text.split("## Coalition structures", 1)[1].split("\n## ", 1)[0]
    assert "“Alliance” is the structure {Alpha, Beta}: stable under core" in section
    assert "| {Alpha} {Beta} | Split, Betrayal | 2 |" in section


@pytest.mark.parametrize("level", [1, 2, 3])
def test_the_exercise_key_agrees_with_the_reference(level: int) -> None:
    from coalitions_reference import equilibria, partitions, strictly_prefers, verdicts

    from stability.analysis.exercises import generate_exercises

    for exercise in generate_exercises(kind="coalitions", level=level, seed=5, count=2):
        game = exercise.game
        assert game is not None
        everyone = list(partitions([0, 1, 2]))
        eq = {p: equilibria(game.payoff, game.shape, p, False) for p in everyone}
        values = {i: {p: [game.payoff(i, q) for q in eq[p]] for p in everyone}
                  for i in range(3)}
        expected = verdicts(
            3, lambda i, to, start, v=values: strictly_prefers("pessimistic", v[i], to, start)
        )
        text = {p: " ".join("{" + ", ".join(game.players[i] for i in sorted(b)) + "}"
                            for b in sorted(p, key=min)) for p in everyone}
        asked = next(p for p in everyone if text[p] == exercise.answer["structure"])
        assert exercise.answer["core_stable"] == expected["core"][asked]
        assert exercise.answer["nash_stable"] == expected["nash"][asked]
        assert sorted(exercise.answer["core_stable_structures"]) == sorted(
            text[p] for p in everyone if expected["core"][p]
        )


def test_a_point_where_a_payoff_is_undefined_is_unknown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "undefined.toml"
    path.write_text(
        'title = "Undefined at zero"\n[parameters.d]\nvalue = 1\nrange = [-1, 1]\n'
        '[[actors]]\nname = "A"\nstrategies = ["a", "b"]\n'
        '[[actors]]\nname = "B"\nstrategies = ["a", "b"]\n'
        '[[games]]\nname = "g"\nplayers = ["A", "B"]\n[[games.layers]]\nname = "L"\n'
        'payoffs = [[["1/d", 0], [0, 1]], [[0, 1], [1, 0]]]\n'
    )
    document = run_json(capsys, str(path), "--tipping", "d")
    stretches = document["sweeps"][0]["structures"][0]["concepts"]["core"]["stable"]
    assert stretches == [{"low": "0", "high": "1", "low_closed": False, "high_closed": True}]


def test_limit_samples_structures_of_more_actors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    tables = [rng.integers(-3, 4, size=(2,) * 7).tolist() for _ in range(7)]
    path = tmp_path / "seven.json"
    path.write_text(json.dumps({
        "schema": "stability/game/v1", "title": "seven",
        "players": [f"P{i}" for i in range(7)], "strategies": [["a", "b"]] * 7,
        "payoffs": tables,
    }))
    assert main(["coalitions", str(path)]) == 2
    assert "use --limit N" in capsys.readouterr().err
    document = run_json(capsys, str(path), "--limit", "5", "--seed", "3")
    assert document["sample"]["drawn"] == 5 and document["structures_count"] == 877
    assert len(document["structures"]) == 5
    assert document["stable"]["farsighted"] is None
    assert all(s["stable"]["farsighted"] is None for s in document["structures"])
    assert main(["coalitions", str(path), "--limit", "5", "--out", str(tmp_path / "a.png")]) == 2
    assert main(["coalitions", str(path), "--limit", "501"]) == 2


def test_the_result_object() -> None:
    result = stability.coalitions("us-turkey-ypg")
    rows = result.rows()
    assert [row["structure"] for row in rows][0] == "{United States, Turkey, YPG}"
    assert set(CONCEPTS) <= set(rows[0])
    html = result._repr_html_()
    assert "Euphrates Shield" in html and "<table" in html
    assert result.stable("nash") == [row["structure"] for row in rows if row["nash"]]


def test_analyze_ends_with_a_brief_coalition_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "two-allies"]) == 0
    out = capsys.readouterr().out
    section = out.rsplit("Coalition structures", 1)[1]
    assert "stable (core): {Alpha, Beta}" in section
    assert "“Alliance” is the structure {Alpha, Beta}" in section


def test_the_combined_shift_is_verified_and_no_farther_than_one_parameter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = run_json(capsys, "us-turkey-ypg", "--tipping", "all",
                        "--target", "United States+Turkey|YPG")
    combined = document["combined_shift"]
    assert combined, "the target is unstable at the defaults: a search must run"
    scenario = stability.read_scenario("us-turkey-ypg")
    for concept, found in combined.items():
        single = document["smallest_shift"][concept]
        if found is None:
            continue
        assert found["verified"]
        assert single is None or found["distance"] <= single["share_of_range"] + 1e-12
        values = {name: item["exact"] for name, item in found["parameters"].items()}
        check = stability.coalitions(scenario, sets=values, target="United States+Turkey|YPG")
        target = check.to_dict()["chain"]["target"]["structure"]
        assert target in check.to_dict()["stable"][concept]


@pytest.mark.parametrize(("name", "parameter"), [("us-turkey-ypg", "threat"),
                                                 ("us-turkey-ypg", "nato_value"),
                                                 ("two-allies", "dispute")])
def test_sweep_stretches_agree_with_the_analysis_at_random_points(name: str,
                                                                 parameter: str) -> None:
    import random

    import sympy

    from stability.analysis.coalitions import coalition_analysis
    from stability.analysis.coalitions.thresholds import parameter_sweep
    from stability.model.joint import joint_game

    scenario = stability.read_scenario(name)
    sweep = parameter_sweep(scenario, parameter, rule="pessimistic", transferable=False)
    draw = random.Random(7)
    for _ in range(12):
        x = sweep.low + (sweep.high - sweep.low) * Fraction(draw.randrange(1, 997), 997)
        analysis = coalition_analysis(joint_game(scenario, {parameter: x}))
        for s in range(len(analysis.structures)):
            for concept in CONCEPTS:
                inside = any(
                    (lo < x < hi) or (lc and x == lo) or (hc and x == hi)
                    for lo, hi, lc, hc in (
                        (sympy.Rational(a.p, a.q) if a.is_Rational else a, b, c, d)
                        for a, b, c, d in sweep.stable_set(concept, s)
                    )
                )
                assert inside == bool(analysis.verdicts[concept][s]), (x, s, concept)


def test_timeline_stretches_agree_with_the_analysis_at_random_times() -> None:
    import random

    from stability.analysis.coalitions import coalition_analysis
    from stability.analysis.coalitions.thresholds import timeline_sweep
    from stability.model.joint import joint_game

    scenario = stability.read_scenario("us-turkey-ypg")
    sweep = timeline_sweep(scenario, rule="pessimistic", transferable=False)
    draw = random.Random(3)
    for _ in range(10):
        t = sweep.high * Fraction(draw.randrange(1, 991), 991)
        analysis = coalition_analysis(joint_game(scenario.at_time(t)))
        for s in range(len(analysis.structures)):
            for concept in CONCEPTS:
                inside = any((lo < t < hi) or (lc and t == lo) or (hc and t == hi)
                             for lo, hi, lc, hc in sweep.stable_set(concept, s))
                assert inside == bool(analysis.verdicts[concept][s]), (t, s, concept)
