"""`stability convert` and `stability validate`, compared with the library's results."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from stability.cli.app import main
from stability.io import read_game
from stability.io.json_game import game_to_json
from stability.io.nfg import read_nfg

try:
    import pygambit as gbt
except ImportError:  # the optional gambit extra: its cross-checks skip without it
    gbt = None
needs_gambit = pytest.mark.skipif(
    gbt is None, reason='pygambit not installed (the gambit extra: pip install ".[gambit]")'
)

ROOT = Path(__file__).resolve().parent.parent


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "name", ["prisoners-dilemma", "degenerate", "jordan-matching-pennies", "shapley-lemke-howson"]
)
def test_convert_through_every_format_and_back(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    game = read_game(name)
    chain = ["a.json", "b.toml", "c.nfg", "d.json"]
    source = name
    for target in chain:
        code, out, err = _run(["convert", source, str(tmp_path / target)], capsys)
        assert code == 0, err
        assert out.startswith(f"wrote {tmp_path / target}")
        source = str(tmp_path / target)
    final = read_game(source)
    assert final.same_payoffs(game)
    assert final.players == game.players and final.strategies == game.strategies
    assert json.loads((tmp_path / "d.json").read_text()) == game_to_json(final)


def test_convert_json_matches_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pd.json"
    assert _run(["convert", "prisoners-dilemma", str(out)], capsys)[0] == 0
    assert json.loads(out.read_text()) == game_to_json(read_game("prisoners-dilemma"))


@needs_gambit
@pytest.mark.parametrize("variant", ["payoff", "outcome"])
def test_converted_nfg_is_accepted_by_gambit(
    variant: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mosul.nfg"
    code, _, err = _run(["convert", "mosul", str(out), "--variant", variant], capsys)
    assert code == 0, err
    ours = read_nfg(out)
    mosul = read_game("mosul")
    assert ours.same_payoffs(mosul)
    assert (ours.players, ours.strategies) == (mosul.players, mosul.strategies)
    theirs = gbt.read_nfg(io.StringIO(out.read_text()))
    players = list(theirs.players)
    for profile in ours.profiles():
        for i, player in enumerate(players):
            value = theirs[[int(k) for k in profile]][player]
            assert Fraction(str(value)) == ours.payoff(i, profile)


def test_scenario_options_reach_the_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "allies.json"
    code, _, err = _run(["convert", "two-allies", str(out), "--set", "threat=5"], capsys)
    assert code == 0, err
    assert read_game(out).same_payoffs(read_game("two-allies", sets={"threat": "5"}))
    assert not read_game(out).same_payoffs(read_game("two-allies"))


def test_refuses_to_overwrite_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pd.nfg"
    path.write_text((ROOT / "games/prisoners-dilemma.nfg").read_text())
    before = path.read_bytes()
    code, _, err = _run(["convert", str(path), str(tmp_path / "." / "pd.nfg")], capsys)
    assert code == 2
    assert err.startswith("error:") and "refusing to write over it" in err
    assert path.read_bytes() == before


def test_failed_convert_keeps_an_existing_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.nfg"
    bad.write_text('NFG 1 R "x" { "A" } { 2 } 1')
    out = tmp_path / "out.json"
    out.write_text("precious")
    assert _run(["convert", str(bad), str(out)], capsys)[0] == 2
    assert out.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nfg", "out.json"]


def test_unknown_output_type_and_variant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["convert", "chicken", str(tmp_path / "x.csv")], capsys)
    assert code == 2 and "unknown output type '.csv'" in err
    code, _, err = _run(["convert", "chicken", str(tmp_path / "x.nfg"), "--variant", "x"], capsys)
    assert code == 2 and "--variant" in err
    assert list(tmp_path.iterdir()) == []


def test_single_player_game_cannot_become_a_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "one.nfg"
    one.write_text('NFG 1 R "solo" { "A" } { 2 } 1 2')
    code, _, err = _run(["convert", str(one), str(tmp_path / "one.toml")], capsys)
    assert code == 2 and "at least two players" in err
    assert not (tmp_path / "one.toml").exists()


def test_non_ascii_names_warn_for_gambit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "names.json"
    source.write_text(
        json.dumps(
            {"players": ["Zoë", "B"], "strategies": [["x"], ["y"]], "payoffs": [[[1]], [[2]]]}
        )
    )
    code, _, err = _run(["convert", str(source), str(tmp_path / "names.nfg")], capsys)
    assert code == 0
    assert "warning: player 'Zoë'" in err
    assert read_nfg(tmp_path / "names.nfg").players == ("Zoë", "B")


@pytest.mark.parametrize(
    ("argument", "summary"),
    [
        ("prisoners-dilemma", "Prisoner's Dilemma: 2 players, 2x2, 4 profiles"),
        ("games/jordan-matching-pennies.nfg", "Jordan's three-player matching pennies: 3 players"),
        ("games/two-allies.toml", "Two allies against a common threat: 2 actors, 1 game,"),
        ("two-allies", "Two allies against a common threat: 2 actors"),
    ],
)
def test_validate_prints_ok_and_a_summary(
    argument: str, summary: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = _run(["validate", argument], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "ok"
    assert lines[1].startswith(summary)


def test_validate_json_and_toml_written_by_convert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("shapley.json", "shapley.toml"):
        assert _run(["convert", "shapley", str(tmp_path / name)], capsys)[0] == 0
        code, out, _ = _run(["validate", str(tmp_path / name)], capsys)
        assert code == 0 and out.startswith("ok\n")


def test_validate_reports_a_bad_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('title = "x"\n[[actors]]\nname = 3\n')
    code, out, err = _run(["validate", str(path)], capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {path}") and len(err.strip().splitlines()) == 1


def test_console_script_runs(tmp_path: Path) -> None:
    out = tmp_path / "rps.nfg"
    done = subprocess.run(
        [sys.executable, "-m", "stability", "convert", "rock-paper-scissors", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert read_nfg(out) == read_game("rock-paper-scissors")
