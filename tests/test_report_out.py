"""``report --out`` behaves like every other ``--out FILE`` (the one writer,
stability/io/files.py): a missing folder is one ``error:`` line and exit 2, and the
report refuses it before spending minutes on the analysis."""

from __future__ import annotations

from pathlib import Path

import pytest

from stability.cli.app import main


def test_missing_folder_is_refused_before_the_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import stability.analysis.report as report

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the report was built before its destination was checked")

    monkeypatch.setattr(report, "build_report", never)
    missing = tmp_path / "no" / "such" / "x.html"
    capsys.readouterr()
    assert main(["report", "two-allies", "--out", str(missing)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("error:") and len(error.splitlines()) == 1
    assert "--out: no such folder" in error
    assert not missing.parent.exists()
    # the very message every other --out FILE gives
    assert main(["explain", "prisoners-dilemma", "--out", str(missing.with_suffix(".md"))]) == 2
    other = capsys.readouterr().err.strip()
    assert other.split(": --out: ")[1] == error.split(": --out: ")[1]


def test_a_directory_in_the_way_is_refused_before_the_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import stability.analysis.report as report

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the report was built before its destination was checked")

    monkeypatch.setattr(report, "build_report", never)
    (tmp_path / "x.html").mkdir()
    capsys.readouterr()
    assert main(["report", "two-allies", "--out", str(tmp_path / "x.html")]) == 2
    assert "--out: is a directory, expected a file to write" in capsys.readouterr().err


def test_existing_folder_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.md"
    assert main(["report", "two-allies", "--out", str(out), "--samples", "0"]) == 0
    assert out.read_text(encoding="utf-8").startswith("#")


def test_exercise_out_follows_the_same_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``exercise --out DIR`` creates DIR itself, but not the folders above it."""
    missing = tmp_path / "no" / "such" / "week-3"
    capsys.readouterr()
    assert main(["exercise", "--kind", "pure", "--out", str(missing)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("error:") and len(error.splitlines()) == 1
    assert "--out: no such folder" in error
    assert not (tmp_path / "no").exists()
    fresh = tmp_path / "week-3"
    assert main(["exercise", "--kind", "pure", "--out", str(fresh)]) == 0
    assert sorted(p.name for p in fresh.iterdir()) == [
        "exercises.json",
        "exercises.md",
        "solutions.md",
    ]
