"""Large legal two-player inputs end with an answer or one refusal (issue 27):
``states`` on many profiles, ``vertex`` under a time limit, Lemke-Howson cut by its
work bound, and large JSON documents."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from stability.cli import common
from stability.cli.app import main
from stability.errors import TooLargeError
from stability.io.json_game import game_to_json
from stability.model.game import Game
from stability.present import game_tables
from stability.solvers import solve
from stability.solvers.lemke_howson import lemke_howson


def random_game(size: int, seed: int, high: int = 100) -> Game:
    rng = np.random.default_rng(seed)
    return Game.from_integers(list(rng.integers(0, high, size=(2, size, size))))


def write_game(path: Path, game: Game) -> Path:
    path.write_text(json.dumps(game_to_json(game)))
    return path


def test_states_table_shows_the_first_profiles_and_says_how_many_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(game_tables, "MAX_STATE_ROWS", 10)
    path = write_game(tmp_path / "g.json", random_game(6, 1))
    assert main(["states", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "The first 10 of 36 profiles are shown" in out
    assert main(["states", str(path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["states"]) == 36


def test_states_refuses_a_game_whose_moves_would_not_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    game = Game.from_integers([np.zeros((300, 300), dtype=np.int64)] * 2)
    from stability.analysis.states import stability_table

    with pytest.raises(TooLargeError, match="profile-strategy pairs"):
        stability_table(game)
    path = tmp_path / "big.nfg"
    path.write_text('NFG 1 R "big" { "1" "2" } { 300 300 }\n\n' + "0 0 " * 90_000 + "\n")
    assert main(["states", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1
    assert "solve --method pure" in err


def test_vertex_with_a_time_limit_runs_past_the_bound() -> None:
    result = solve(random_game(17, 2), method="vertex", time_limit=1.0)
    assert result.method == "vertex"
    assert "exact search of method 'all'" in result.notes[0]
    for equilibrium in result.equilibria:
        assert equilibrium.exact is not None


def test_vertex_without_a_time_limit_is_refused_past_the_bound() -> None:
    with pytest.raises(TooLargeError, match="method 'vertex' on a 17x17 game"):
        solve(random_game(17, 2), method="vertex")


def test_lemke_howson_cut_by_its_bound_shows_a_pure_equilibrium() -> None:
    game = Game.from_integers([np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]])])
    result = lemke_howson(game, max_work=1)
    assert [e.exact for e in result.equilibria] == [(((0, 1)), ((0, 1)))]
    assert any("first pure equilibrium" in note for note in result.notes)


def test_lemke_howson_without_pure_equilibria_falls_back_to_enumeration() -> None:
    pennies = Game.from_integers([np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]])])
    result = lemke_howson(pennies, max_work=1)
    assert len(result.equilibria) == 1
    assert not any("pure equilibrium" in note for note in result.notes)


def test_large_json_documents_are_written_compact(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["solve", "battle-of-the-sexes", "--json"]) == 0
    indented = capsys.readouterr().out
    monkeypatch.setattr(common, "COMPACT_JSON_CHARS", 10)
    assert main(["solve", "battle-of-the-sexes", "--json"]) == 0
    compact = capsys.readouterr().out
    assert compact.count("\n") == 1 < indented.count("\n")
    assert json.loads(compact) == json.loads(indented)


def test_the_memory_bound_stops_a_timed_search_and_refuses_an_untimed_one() -> None:
    from stability.solvers.budget import Budget
    from stability.solvers.polytope import vertex_bases

    rng = np.random.default_rng(4)
    matrix = rng.integers(1, 100, size=(12, 12)).astype(object)
    stopped = vertex_bases(matrix, range(12), range(12, 24), budget=Budget(seconds=60),
                           max_memory=1)  # fmt: skip
    assert not stopped.complete and stopped.stopped_by == "memory"
    with pytest.raises(TooLargeError, match="needs more than"):
        vertex_bases(matrix, range(12), range(12, 24), max_memory=1)
