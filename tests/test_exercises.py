"""Generated exercises: reproducible by seed, answer keys verified independently, contract JSON."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from stability.analysis.exercises import (
    GMCR_CONCEPTS,
    KINDS,
    LEVELS,
    brute_force_gmcr,
    brute_force_pure_equilibria,
    conflict_toml,
    critical_discount,
    exercises_json,
    generate_exercises,
)
from stability.cli.app import main
from stability.errors import InputError
from stability.io.json_game import game_from_json
from stability.solvers.pure import pure_equilibria
from stability.solvers.regret import is_exact_equilibrium


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("level", LEVELS)
def test_reproducible_by_seed(kind: str, level: int) -> None:
    first = exercises_json(generate_exercises(kind=kind, level=level, seed=11, count=2), 11)
    second = exercises_json(generate_exercises(kind=kind, level=level, seed=11, count=2), 11)
    assert first == second
    other = exercises_json(generate_exercises(kind=kind, level=level, seed=12, count=2), 12)
    assert other["exercises"] != first["exercises"] or kind == "repeated"


def _exact_profile(equilibrium: dict[str, object]) -> list[list[Fraction]]:
    exact = equilibrium["exact"]
    assert isinstance(exact, list)
    return [[Fraction(p) for p in mixture] for mixture in exact]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pure_answers_are_every_pure_equilibrium(level: int, seed: int) -> None:
    for exercise in generate_exercises(kind="pure", level=level, seed=seed, count=2):
        game = exercise.game
        listed = sorted(
            tuple(mixture.index(Fraction(1)) for mixture in _exact_profile(e))
            for e in exercise.answer["equilibria"]
        )
        assert listed == brute_force_pure_equilibria(game) == pure_equilibria(game)
        assert listed, "an exercise with nothing to find"
        if level >= 2:
            assert len(listed) >= 2


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("seed", [0, 1])
def test_mixed_answers_have_zero_exact_regret(level: int, seed: int) -> None:
    for exercise in generate_exercises(kind="mixed", level=level, seed=seed, count=2):
        equilibria = exercise.answer["equilibria"]
        assert any(not e["pure"] for e in equilibria)
        for equilibrium in equilibria:
            assert is_exact_equilibrium(exercise.game, _exact_profile(equilibrium))
        pure = sorted(
            tuple(m.index(Fraction(1)) for m in _exact_profile(e)) for e in equilibria if e["pure"]
        )
        assert pure == brute_force_pure_equilibria(exercise.game)
        assert exercise.answer["degenerate"] is (level == 3)


@pytest.mark.parametrize("level", LEVELS)
def test_dominance_answers(level: int) -> None:
    for exercise in generate_exercises(kind="dominance", level=level, seed=5, count=2):
        game = exercise.game
        surviving = exercise.answer["surviving"]
        for profile in pure_equilibria(game):
            assert all(game.strategies[i][s] in surviving[i] for i, s in enumerate(profile))
        solved = all(len(names) == 1 for names in surviving)
        assert solved == (level < 3)
        assert ("equilibria" in exercise.answer) == solved


@pytest.mark.parametrize("level", LEVELS)
def test_tipping_thresholds_just_past_and_short(level: int) -> None:
    for exercise in generate_exercises(kind="tipping", level=level, seed=3, count=2):
        linear = exercise.details["linear"]
        threshold = Fraction(exercise.answer["exact"])
        target = exercise.target
        assert target not in pure_equilibria(linear.at(threshold - Fraction(1, 10**6)))
        assert target in pure_equilibria(linear.at(threshold + Fraction(1, 10**6)))
        assert exercise.parameter is not None
        baseline = Fraction(exercise.parameter["value"])
        assert baseline < threshold
        assert exercise.game.same_payoffs(linear.at(baseline))


def test_repeated_threshold_known_answer() -> None:
    # the textbook prisoner's dilemma T=5, R=3, P=1: delta* = 1/2
    # (Osborne 2004, An Introduction to Game Theory, section 14.7.2, p. 440)
    assert critical_discount(Fraction(5), Fraction(3), Fraction(1)) == Fraction(1, 2)
    for exercise in generate_exercises(kind="repeated", level=2, seed=4, count=3):
        d = exercise.details
        delta = Fraction(exercise.answer["exact"])
        assert delta == (d["T"] - d["R"]) / (d["T"] - d["P"])
        assert 0 < delta < 1


def test_json_matches_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            ["exercise", "--kind", "mixed", "--level", "2", "--seed", "7", "--count", "2", "--json"]
        )
        == 0
    )
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/exercise/v1"
    assert document["seed"] == 7
    assert len(document["exercises"]) == 2
    for exercise in document["exercises"]:
        assert exercise["kind"] == "mixed" and exercise["level"] == 2
        assert isinstance(exercise["question"], str)
        assert exercise["game"]["schema"] == "stability/game/v1"
        game = game_from_json(exercise["game"], "exercise")
        for equilibrium in exercise["answer"]["equilibria"]:
            assert set(equilibrium) >= {"profile", "exact", "payoffs", "pure"}
            exact = _exact_profile(equilibrium)
            assert equilibrium["profile"] == [[float(p) for p in m] for m in exact]
            assert is_exact_equilibrium(game, exact)
    assert (
        main(
            ["exercise", "--kind", "mixed", "--level", "2", "--seed", "7", "--count", "2", "--json"]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == document


def test_every_kind_in_turn(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "--seed", "1", "--count", str(len(KINDS)), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [e["kind"] for e in document["exercises"]] == list(KINDS)


def test_out_writes_students_and_solutions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "class"
    assert (
        main(["exercise", "--seed", "3", "--count", "5", "--level", "2", "--out", str(folder)]) == 0
    )
    students = (folder / "exercises.md").read_text(encoding="utf-8")
    solutions = (folder / "solutions.md").read_text(encoding="utf-8")
    document = json.loads((folder / "exercises.json").read_text(encoding="utf-8"))
    assert students.count("## Exercise") == solutions.count("## Exercise") == 5
    assert "Answer" not in students
    assert "Worked solution" in solutions and "Best responses" in solutions
    assert document["schema"] == "stability/exercise/v1"
    assert "wrote" in capsys.readouterr().out


def test_bad_options_are_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "--kind", "chess"]) == 2
    assert capsys.readouterr().err.startswith("error:")
    assert main(["exercise", "--level", "4"]) == 2
    assert capsys.readouterr().err.startswith("error:")
    with pytest.raises(InputError):
        generate_exercises(count=0)


def test_default_prints_exercises_with_answers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "--kind", "pure", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "Exercise 1 (pure, level 1)" in out and "Answer" in out


# -- gmcr -------------------------------------------------------------------------------------


def _water_dispute() -> dict[str, object]:
    """The interface contract's "Water dispute" conflict as an exercise's conflict object."""
    return {
        "title": "Water dispute",
        "decision_makers": [
            {"name": "Upstream", "options": ["Release", "Escalate"]},
            {"name": "Downstream", "options": ["Attack"]},
        ],
        "options": ["Release", "Escalate", "Attack"],
        "infeasible": [{"Release": True, "Escalate": True}],
        "irreversible": {"Attack": "forward"},
        "preferences": {"Upstream": [0, 2, 6, [1, 4], 5], "Downstream": [1, 4, 6, 0, 5, 2]},
        "states": [0, 1, 2, 4, 5, 6],
    }


def test_gmcr_brute_force_known_answers() -> None:
    # the prisoner's dilemma in option form: mutual defection (3) is the only Nash
    # equilibrium, and mutual cooperation (0) is also GMR, SMR and SEQ stable
    # (Fang, Hipel and Kilgour 1993, Interactive Decision Making, ch. 3)
    pd = {
        "decision_makers": [
            {"name": "Row", "options": ["Row defects"]},
            {"name": "Column", "options": ["Column defects"]},
        ],
        "infeasible": [],
        "irreversible": {},
        "preferences": {"Row": [1, 0, 3, 2], "Column": [2, 0, 3, 1]},
    }
    assert brute_force_gmcr(pd)["equilibria"] == {
        "nash": [3],
        "gmr": [0, 3],
        "smr": [0, 3],
        "seq": [0, 3],
    }
    # the contract's Water dispute (CONTRACT.md, gmcr), with the irreversible Attack
    # making state 0 SMR stable (docs/reference/conflict-format.md, tests/test_gmcr_contract.py)
    answer = brute_force_gmcr(_water_dispute())
    assert answer["stable"]["Upstream"] == {
        "nash": [0, 6],
        "gmr": [0, 2, 6],
        "smr": [0, 2, 6],
        "seq": [0, 2, 6],
    }
    assert answer["equilibria"] == {"nash": [6], "gmr": [0, 6], "smr": [0, 6], "seq": [6]}


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gmcr_answers_verified_independently(level: int, seed: int) -> None:
    from stability.analysis.gmcr import analyse
    from stability.io.conflict import parse_conflict

    for exercise in generate_exercises(kind="gmcr", level=level, seed=seed, count=3):
        conflict = exercise.conflict
        assert conflict is not None and exercise.game is None
        assert exercise.answer == brute_force_gmcr(conflict)
        parsed = parse_conflict(conflict_toml(conflict))
        result = analyse(parsed)
        assert list(parsed.states) == conflict["states"]
        for concept in GMCR_CONCEPTS:
            assert exercise.answer["equilibria"][concept] == result.equilibrium_codes(concept)
        dms = conflict["decision_makers"]
        n_options = len(conflict["options"])
        ties = any(
            isinstance(g, list) for ranking in conflict["preferences"].values() for g in ranking
        )
        if level == 1:
            assert len(dms) == 2 and n_options == 2 and not ties
            assert not conflict["infeasible"] and not conflict["irreversible"]
        else:
            assert len(dms) in (2, 3) and n_options == 3
            assert ties == (level == 3)
            assert bool(conflict["irreversible"]) == (level == 3)
        equilibria = exercise.answer["equilibria"]
        assert equilibria["gmr"], "nothing stable to find"
        assert len({tuple(v) for v in equilibria.values()}) >= 2, "the concepts do not differ"
        # Nash stability implies the others; SMR and SEQ imply GMR
        for stable in exercise.answer["stable"].values():
            assert set(stable["nash"]) <= set(stable["smr"]) <= set(stable["gmr"])
            assert set(stable["nash"]) <= set(stable["seq"]) <= set(stable["gmr"])


def test_gmcr_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    command = ["exercise", "--kind", "gmcr", "--level", "3", "--seed", "7", "--count", "2"]
    assert main([*command, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/exercise/v1" and document["seed"] == 7
    assert main([*command, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == document
    for number, exercise in enumerate(document["exercises"]):
        assert exercise["kind"] == "gmcr" and exercise["level"] == 3
        assert exercise["game"] is None
        conflict = exercise["conflict"]
        assert set(conflict) == {
            "title",
            "decision_makers",
            "options",
            "infeasible",
            "irreversible",
            "preferences",
            "states",
        }
        answer = exercise["answer"]
        assert set(answer) == {"stable", "equilibria"}
        assert set(answer["stable"]) == {dm["name"] for dm in conflict["decision_makers"]}
        assert answer == brute_force_gmcr(conflict)
        # the conflict object is a conflict file: `stability gmcr` gives the same answer
        path = tmp_path / f"conflict-{number}.toml"
        path.write_text(conflict_toml(conflict), encoding="utf-8")
        assert main(["gmcr", str(path), "--json"]) == 0
        analysed = json.loads(capsys.readouterr().out)
        assert analysed["states"] == conflict["states"]
        assert {c: analysed["equilibria"][c] for c in GMCR_CONCEPTS} == answer["equilibria"]
        for name, stable in answer["stable"].items():
            assert {c: analysed["stable"][name][c] for c in GMCR_CONCEPTS} == stable


def test_gmcr_sheets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "gmcr"
    command = ["exercise", "--kind", "gmcr", "--level", "2", "--seed", "4", "--out", str(folder)]
    assert main(command) == 0
    capsys.readouterr()
    students = (folder / "exercises.md").read_text(encoding="utf-8")
    solutions = (folder / "solutions.md").read_text(encoding="utf-8")
    assert "| decision maker | option |" in students and "≻" in students
    assert "Answer" not in students and "Infeasible" in students
    assert "| stable for | Nash | GMR | SMR | SEQ |" in solutions
    assert "unilateral moves and improvements" in solutions
    assert "[[decision_makers]]" in solutions
