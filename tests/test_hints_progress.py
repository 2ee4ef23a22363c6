"""Hints that work, names typed loosely, and progress on a terminal (issue 25 item 8)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import rich.progress
from rich.progress import Progress

from stability.cli import common
from stability.cli.app import main
from stability.errors import InputError

GAMES = Path(__file__).resolve().parent.parent / "games"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("kind", [None, "games", "scenarios", "conflicts"])
def test_every_hint_of_list_works(kind: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["list"] + (["--kind", kind] if kind else []), capsys)
    assert code == 0
    hints = re.findall(r"'(stability [^']+)'", " ".join(out.split()))
    assert hints
    for hint in hints:
        words = shlex.split(hint)[1:]
        code, _, err = run(words, capsys)
        assert code == 0, (hint, err)


def test_outcomes_match_in_any_case_and_by_unique_prefix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["path", "mosul", "--target", "the road"], capsys)
    assert code == 0
    assert "the outcome 'The Road to U.S. Defeat in Iraq'" in err  # echoed on stderr
    assert "The Road to U.S. Defeat in Iraq" in " ".join(out.split())
    code, _, err = run(["path", "mosul", "--target", "PARALLEL CAMPAIGNS", "--from",
                        "competing"], capsys)
    assert code == 0 and "'Parallel campaigns'" in err and "'Competing" in err
    code, _, err = run(["tipping", "mosul", "--target", "friendly"], capsys)
    assert code == 0 and "'Friendly-fire escalation'" in err


def test_an_ambiguous_prefix_lists_the_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (GAMES / "two-allies.toml").read_text(encoding="utf-8")
    scenario = tmp_path / "allies.toml"
    scenario.write_text(text.replace('name = "Split"', 'name = "Alliance broken"'),
                        encoding="utf-8")
    code, out, err = run(["path", str(scenario), "--target", "all"], capsys)
    assert code == 2 and not out
    assert err.count("error:") == 1 and len(err.strip().splitlines()) == 1
    assert "'Alliance'" in err and "'Alliance broken'" in err
    # the exact name still wins over being a prefix of another
    code, _, err = run(["path", str(scenario), "--target", "Alliance"], capsys)
    assert code == 0 and not err


def test_match_name_without_a_match_leaves_the_error_to_the_analysis() -> None:
    assert common.match_name("x", ["Alpha"], item="--target", what="outcome") == "x"
    with pytest.raises(InputError, match="begins more than one actor"):
        common.match_name("a", ["Alpha", "Able"], item="--actor", what="actor")


class Recording(Progress):
    """A progress display that remembers it was shown and updated."""

    made: list[str] = []
    updates: list[Any] = []

    def __init__(self, *columns: Any, **kwargs: Any) -> None:
        Recording.made.append(" ".join(type(c).__name__ for c in columns))
        super().__init__(*columns, **kwargs)

    def update(self, task_id: Any, **kwargs: Any) -> None:
        Recording.updates.append(kwargs)
        super().update(task_id, **kwargs)


@pytest.mark.parametrize(
    "argv",
    [
        ["tipping", "two-allies", "--target", "Alliance", "--goal", "selected",
         "--starts", "20", "--seed", "1"],
        ["durability", "mosul"],
        ["sensitivity", "two-allies", "--outcome", "Alliance", "--samples", "16",
         "--trajectories", "2"],
        ["select", "two-allies", "--starts", "50"],
    ],
    ids=lambda argv: argv[0],
)
def test_long_commands_show_progress_on_a_terminal(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Recording.made.clear()
    Recording.updates.clear()
    monkeypatch.setattr(rich.progress, "Progress", Recording)  # imported where used
    monkeypatch.setattr(common.error_console, "_force_terminal", True)
    assert main(argv) == 0
    capsys.readouterr()
    assert Recording.made, "no progress display"
    if argv[0] != "durability":  # chunked work reports how far it is
        assert any(u.get("visible") for u in Recording.updates)


def test_no_progress_when_stderr_is_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Recording.made.clear()
    monkeypatch.setattr(rich.progress, "Progress", Recording)  # imported where used
    monkeypatch.setattr(common.error_console, "_force_terminal", False)
    assert main(["select", "two-allies", "--starts", "50"]) == 0
    assert not Recording.made
    assert capsys.readouterr().err == ""
