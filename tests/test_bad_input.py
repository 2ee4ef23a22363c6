"""Bad game files: one `error:` line naming file, line and item; exit 2; nothing written.

Each case is run through both commands that read a game file: `validate` and
`convert` (which must then write nothing).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from stability.cli.app import main
from stability.errors import InputError, TooLargeError
from stability.io import read_game
from stability.io.nfg import parse_nfg

HEADER = 'NFG 1 R "bad" { "Row" "Col" } { { "C" "D" } { "C" "D" } }\n'
GOOD = HEADER + "3 3 5 0\n0 5 1 1\n"

# name -> (file name, content, fragments the one error line must contain)
CASES: dict[str, tuple[str, bytes, list[str]]] = {
    "empty": ("empty.nfg", b"", ["empty"]),
    "blank": ("blank.nfg", b"  \n\n\t\n", ["empty"]),
    "binary": ("binary.nfg", b"NFG 1 R \x00\x01\x02\xff", ["binary"]),
    "not utf-8": (
        "latin1.nfg",
        'NFG 1 R "caf\xe9" { "A" } { 1 } 1'.encode("latin-1"),
        ["not UTF-8", "line 1"],
    ),
    "not nfg": ("hello.nfg", b"hello world\n", ["expected 'NFG'"]),
    "truncated header": (
        "cut1.nfg",
        GOOD[: GOOD.index("{ {")].encode(),
        ["end of the file", "truncated"],
    ),
    "truncated string": ("cut2.nfg", GOOD[:12].encode(), ["unterminated string"]),
    "truncated payoffs": (
        "cut3.nfg",
        GOOD[:-6].encode(),
        ["line 3", "expected 8 payoffs", "found only 5"],
    ),
    "no payoffs": ("cut4.nfg", HEADER.encode(), ["line 2", "expected the payoffs"]),
    "too many payoffs": (
        "long.nfg",
        (GOOD + "7\n").encode(),
        ["line 4", "payoff 9", "found more", "'7'"],
    ),
    "outcome count": (
        "outcomes.nfg",
        (HEADER + '{ { "x" 1, 2 }\n{ "y" 1 2 3 } }\n1 2 1 2\n').encode(),
        ["line 3", "outcome 2", "expected 2 payoffs"],
    ),
    "outcome index": (
        "outcome-index.nfg",
        (HEADER + '{ { "x" 1, 2 } }\n1 1\n1 5\n').encode(),
        ["line 4", "outcome number 4 (profile (D, D))", "from 0 to 1, found 5"],
    ),
    "nan": (
        "nan.nfg",
        (HEADER + "3 3 5 0\n0 nan 1 1\n").encode(),
        ["line 3", "payoff 6 (to 'Col' at (C, D))", "expected a number", "'nan'"],
    ),
    "inf": ("inf.nfg", (HEADER + "3 3 5 0\n0 5 inf 1\n").encode(), ["line 3", "'inf'"]),
    "overflow": (
        "overflow.nfg",
        (HEADER + "3 3 5 0\n0 5 1e999 1\n").encode(),
        ["line 3", "out of range"],
    ),
    "too many digits": (
        "digits.nfg",
        (HEADER + "3 3 5 0\n0 5 " + "9" * 500 + " 1\n").encode(),
        ["line 3", "too long"],
    ),
    "division by zero": (
        "zero.nfg",
        (HEADER + "3 3 5 0\n0 5 1/0 1\n").encode(),
        ["division by zero"],
    ),
    "player without strategies": (
        "nostrat.nfg",
        b'NFG 1 R "x" { "A" "B" } { { "a" } { } }\n1 2\n',
        ["strategies of player 2 ('B')", "at least one strategy"],
    ),
    "zero strategies": (
        "zero-count.nfg",
        b'NFG 1 R "x" { "A" "B" } { 2 0 }\n',
        ["at least one strategy"],
    ),
    "no players": ("noplayers.nfg", b'NFG 1 R "x" { } { }\n', ["at least one player"]),
    "duplicate players": (
        "dup1.nfg",
        b'NFG 1 R "x" { "A" "A" } { 1 1 } 1 2',
        ["duplicate player name 'A'"],
    ),
    "duplicate strategies": (
        "dup2.nfg",
        b'NFG 1 R "x" { "A" "B" } { { "a" "a" } { "b" } } 1 2 3 4',
        ["duplicate strategy name 'a'"],
    ),
    "too large": (
        "huge.nfg",
        b'NFG 1 R "huge" { "A" "B" "C" } { 1000 1000 1000 }\n1 2 3\n',
        ["too large", "1,000,000,000 pure profiles", "GB of memory"],
    ),
    "json nan": (
        "nan.json",
        b'{"players": ["A"], "strategies": [["x"]], "payoffs": [[NaN]]}',
        ["NaN is not a number"],
    ),
    "json truncated": (
        "cut.json",
        b'{"players": ["A"],\n"strategies": [["x"]], "pay',
        ["line 2", "not valid JSON"],
    ),
    "json shape": (
        "shape.json",
        b'{"players": ["A", "B"], "strategies": [["x"], ["y", "z"]], "payoffs": [[[1, 2]], [[1]]]}',
        ["payoffs[1][0]", "expected 2 entries"],
    ),
    "unknown extension": ("game.txt", GOOD.encode(), ["unknown file type '.txt'"]),
}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _check_one_error_line(err: str, fragments: list[str], source: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {source}"), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_validate_reports_bad_file(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, content, fragments = CASES[case]
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = _run(["validate", str(path)], capsys)
    assert code == 2
    assert out == ""
    _check_one_error_line(err, fragments, str(path))


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_convert_writes_nothing_for_bad_file(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, content, fragments = CASES[case]
    path = tmp_path / name
    path.write_bytes(content)
    before = path.read_bytes()
    out_path = tmp_path / "out" / "converted.json"
    out_path.parent.mkdir()
    code, _, err = _run(["convert", str(path), str(out_path)], capsys)
    assert code == 2
    _check_one_error_line(err, fragments, str(path))
    assert list(out_path.parent.iterdir()) == []
    assert path.read_bytes() == before


def test_too_large_is_refused_before_reading_payoffs() -> None:
    # 10**5 strategies for each of 3 players: 10**15 profiles. The header alone decides.
    text = 'NFG 1 R "huge" { "A" "B" "C" } { 100000 100000 100000 }\n' + "1 " * 10
    start = time.perf_counter()
    with pytest.raises(TooLargeError) as caught:
        parse_nfg(text, "huge.nfg")
    assert "1,000,000,000,000,000 pure profiles" in str(caught.value)
    assert time.perf_counter() - start < 5  # generous: only a guard against allocating


@pytest.mark.parametrize("kind", ["missing", "directory", "missing-json", "missing-toml"])
def test_paths_that_are_not_files(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = {
        "missing": tmp_path / "absent.nfg",
        "directory": tmp_path,
        "missing-json": tmp_path / "absent.json",
        "missing-toml": tmp_path / "absent.toml",
    }[kind]
    for argv in (["validate", str(target)], ["convert", str(target), str(tmp_path / "o.nfg")]):
        code, out, err = _run(argv, capsys)
        assert code == 2, err
        expected = "is a directory" if kind == "directory" else "no such"
        _check_one_error_line(err, [expected], str(target))
    assert not (tmp_path / "o.nfg").exists()


def test_unknown_bundled_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["validate", "no-such-game"], capsys)
    assert code == 2
    _check_one_error_line(err, ["no bundled game", "prisoners-dilemma"], "no-such-game")


def test_set_and_game_options_on_a_plain_game() -> None:
    with pytest.raises(InputError, match="unknown parameter 'threat'"):
        read_game("prisoners-dilemma", sets={"threat": "2"})
    with pytest.raises(InputError, match="--game 'A-B' applies to scenario files"):
        read_game("prisoners-dilemma", game="A-B")


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    path = tmp_path / "secret.nfg"
    path.write_text(GOOD)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that read any file")
        code, _, err = _run(["validate", str(path)], capsys)
        assert code == 2
        _check_one_error_line(err, ["cannot read"], str(path))
    finally:
        path.chmod(0o644)
