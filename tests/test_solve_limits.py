"""Long solves: --time-limit (an incomplete answer, said so), Ctrl-C (exit 130, one
line, no traceback, no partial output file), refusing games too large to enumerate."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from stability.cli.app import main
from stability.io.json_game import game_to_json
from stability.model.game import Game

ROOT = Path(__file__).resolve().parent.parent


def random_game(shape: tuple[int, ...], seed: int) -> Game:
    rng = np.random.default_rng(seed)
    return Game.from_integers([rng.integers(0, 100, size=shape) for _ in shape])


def write_game(path: Path, game: Game) -> Path:
    path.write_text(json.dumps(game_to_json(game)))
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_time_limit_gives_an_incomplete_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_game(tmp_path / "g.json", random_game((3, 3, 3), 1))
    code, out, err = run(["solve", str(path), "--time-limit", "0", "--json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["method"] == "enumerate" and document["complete"] is False
    code, out, _ = run(["solve", str(path), "--time-limit", "0"], capsys)
    assert code == 0 and "incomplete" in out


@pytest.mark.parametrize("method", ["pure", "all"])
def test_time_limit_on_other_methods(
    method: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_game(tmp_path / "g.json", random_game((6, 6), 0))
    code, out, err = run(
        ["solve", str(path), "--method", method, "--time-limit", "0", "--json"], capsys
    )
    assert code == 0, err
    assert json.loads(out)["complete"] is False


def test_complete_answers_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["solve", "jordan-matching-pennies", "--json"], capsys)
    assert code == 0 and json.loads(out)["complete"] is True


def test_mosul_enumerate_complete(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["solve", "mosul", "--method", "enumerate", "--json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["complete"] is True and document["equilibria"]


def test_negative_time_limit_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["solve", "jordan-matching-pennies", "--time-limit", "-1"], capsys)
    assert code == 2 and err.startswith("error:")


def test_too_large_for_enumerate_names_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_game(tmp_path / "big.json", random_game((5, 5, 5), 0))
    code, out, err = run(["solve", str(path), "--method", "enumerate"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error:") and "at most 4,096 support profiles" in err
    assert len(err.strip().splitlines()) == 1


def _interrupt(argv: list[str], wait: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "stability", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    time.sleep(wait)
    assert process.poll() is None, "finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_ctrl_c_during_a_solve(tmp_path: Path) -> None:
    # a 3x3x3x2 game: 1,029 support profiles, far longer to enumerate than the wait
    path = write_game(tmp_path / "g.json", random_game((3, 3, 3, 2), 2))
    done = _interrupt(["solve", str(path), "--method", "enumerate", "--json"], wait=5.0)
    assert done.returncode == 130
    assert done.stderr.strip() == "interrupted"
    assert done.stdout == ""


def test_ctrl_c_leaves_no_partial_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = _interrupt(
        ["report", "mosul", "--out", str(out), "--samples", "3900000"], wait=6.0
    )
    assert done.returncode == 130
    assert done.stderr.strip() == "interrupted" and "Traceback" not in done.stderr
    assert not out.exists()
    assert not list(tmp_path.iterdir())


# -- bounds of method 'all' and Lemke-Howson (issue 24 goal 5, issue 27) --------------

#: Run in the child: an address-space cap, then the command (peak memory on stderr).
_CAPPED = """
import resource, sys
limit = 3 * 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from stability.cli.app import main
code = main(sys.argv[1:])
sys.stderr.write(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
sys.exit(code)
"""


def _capped(argv: list[str], cwd: Path) -> tuple[int, str, str, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _CAPPED, *argv], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1].split()[1]) * 1024 if lines and lines[-1].startswith("peak ") else 0
    return done.returncode, done.stdout, "\n".join(lines[:-1]), peak


def test_all_on_a_large_game_is_refused_up_front(tmp_path: Path) -> None:
    path = write_game(tmp_path / "big.json", random_game((40, 40), 3))
    code, out, err, peak = _capped(["solve", str(path), "--method", "all"], tmp_path)
    assert code == 2 and out == ""
    assert err.startswith("error:") and len(err.splitlines()) == 1
    assert "--time-limit" in err and "lemke-howson" in err
    assert peak < 1024**3


def test_all_with_a_time_limit_runs_in_bounded_memory(tmp_path: Path) -> None:
    path = write_game(tmp_path / "big.json", random_game((40, 40), 3))
    argv = ["solve", str(path), "--method", "all", "--time-limit", "3", "--json"]
    code, out, err, peak = _capped(argv, tmp_path)
    assert code == 0, err
    document = json.loads(out)
    assert document["complete"] is False
    assert peak < 1024**3


def test_lemke_howson_answers_a_large_game(tmp_path: Path) -> None:
    path = write_game(tmp_path / "big.json", random_game((150, 150), 4))
    code, out, err, peak = _capped(["solve", str(path), "--method", "lemke-howson", "--json"],
                                   tmp_path)  # fmt: skip
    assert code == 0, err
    document = json.loads(out)
    assert document["equilibria"] and peak < 1024**3


def test_all_bound_is_mcmullens() -> None:
    from stability.solvers.enummixed import upper_bound_vertices

    # a square (d = 2: polygon) and a cube's dual (d = 3, 6 facets: 8 vertices)
    assert upper_bound_vertices(2, 4) == 4 and upper_bound_vertices(3, 6) == 8


def test_player_limit_is_the_same_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stability.model.game import MAX_PLAYERS

    path = write_game(tmp_path / "wide.json", random_game((1,) * MAX_PLAYERS, 0))
    code, _, err = run(["solve", str(path), "--json"], capsys)
    assert code == 0, err
    too_many = tmp_path / "wider.json"
    text = path.read_text()
    document = json.loads(text)
    document["players"].append("extra")
    document["strategies"].append(["only"])
    too_many.write_text(json.dumps(document))
    for command in (["solve"], ["states"]):
        code, out, err = run([*command, str(too_many)], capsys)
        assert code == 2 and out == "" and f"the limit is {MAX_PLAYERS}" in err


def test_states_refuses_too_many_coalitions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_game(tmp_path / "g.json", random_game((2,) * 14, 0))
    code, out, err = run(["states", str(path)], capsys)
    assert code == 2 and out == "" and err.startswith("error:") and "coalition" in err
