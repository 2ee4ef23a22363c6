"""What ``--out`` may and may not do: one writer (``stability.io.files``) for every command.

Each case runs in a temporary folder; a FIFO is made by the test, and cases that
need an unprivileged user (a read-only folder) are skipped with a reason as root.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from stability.cli.app import main
from stability.errors import InputError
from stability.io.files import read_capped, write_file, write_files

ROOT = Path(__file__).resolve().parents[1]
PD = str(ROOT / "games" / "prisoners-dilemma.nfg")

#: Every command with an --out (or OUT) that writes one file, with its arguments.
WRITERS = {
    "explain": lambda out: ["explain", "prisoners-dilemma", "--out", out],
    "convert": lambda out: ["convert", "prisoners-dilemma", out],
    "graph": lambda out: ["graph", "two-allies", "--out", out],
    "sweep": lambda out: ["sweep", "two-allies", "--x", "threat", "--points", "5", "--out", out],
    "report": lambda out: ["report", "two-allies", "--out", out, "--samples", "0"],
    "tipping": lambda out: ["tipping", "two-allies", "--target", "Alliance", "--out", out],
    "durability": lambda out: ["durability", str(ROOT / "tests" / "data" / "timeline-race.toml"),
                               "--no-sensitivity", "--out", out],
}
SUFFIX = {"explain": ".txt", "convert": ".json", "graph": ".svg", "sweep": ".svg",
          "report": ".html", "tipping": ".pdf", "durability": ".pdf"}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    return code, err


def _one_error(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err and ".tmp" not in err, err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.mark.parametrize("command", list(WRITERS))
def test_symlink_target_is_never_replaced(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "elsewhere" / f"precious{SUFFIX[command]}"
    target.parent.mkdir()
    target.write_text("keep me")
    link = tmp_path / f"link{SUFFIX[command]}"
    link.symlink_to(target)
    code, err = _run(WRITERS[command](str(link)), capsys)
    assert code == 2
    _one_error(err, str(link), "symbolic link")
    assert target.read_text() == "keep me" and link.is_symlink()


@pytest.mark.parametrize("command", list(WRITERS))
def test_write_errors_are_one_line_naming_the_file(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {
        "directory": tmp_path / f"folder{SUFFIX[command]}",
        "missing folder": tmp_path / "no" / f"x{SUFFIX[command]}",
        "symlink loop": tmp_path / f"loop{SUFFIX[command]}",
        "dangling link": tmp_path / f"dangling{SUFFIX[command]}",
    }
    cases["directory"].mkdir()
    cases["symlink loop"].symlink_to(cases["symlink loop"].name)
    cases["dangling link"].symlink_to(tmp_path / "nowhere")
    for case, out in cases.items():
        code, err = _run(WRITERS[command](str(out)), capsys)
        assert code == 2, (case, err)
        _one_error(err, str(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["folder" + SUFFIX[command], "loop" + SUFFIX[command], "dangling" + SUFFIX[command]]
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
@pytest.mark.parametrize("command", list(WRITERS))
def test_read_only_folder(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        out = folder / f"x{SUFFIX[command]}"
        code, err = _run(WRITERS[command](str(out)), capsys)
        assert code == 2
        _one_error(err, str(out), "permission denied")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_device_is_written_directly_not_replaced(capsys: pytest.CaptureFixture[str]) -> None:
    before = os.stat("/dev/null")
    code, _ = _run(["explain", "prisoners-dilemma", "--out", "/dev/null"], capsys)
    assert code == 0
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_with_a_reader_is_written_and_without_one_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, err = _run(["explain", "prisoners-dilemma", "--out", str(fifo)], capsys)
    assert code == 2
    _one_error(err, "no reader")
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        for _ in range(100):  # wait for cat to open its end
            try:
                write_file(fifo, "through the pipe\n")
                break
            except InputError:
                import time

                time.sleep(0.05)
        out, _ = reader.communicate(timeout=10)
    finally:
        reader.kill()
    assert out == b"through the pipe\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize(
    "argv",
    [
        ["explain", "{pd}", "--out", "{pd}"],
        ["convert", "{pd}", "{pd}"],
        ["explain", "{toml}", "--out", "{toml}"],
        ["report", "{toml}", "--out", "{html}", "--samples", "0"],
    ],
)
def test_never_writes_over_its_own_input(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pd = tmp_path / "game.nfg"
    pd.write_bytes(Path(PD).read_bytes())
    scenario = tmp_path / "s.toml"
    scenario.write_bytes((ROOT / "games" / "two-allies.toml").read_bytes())
    html = tmp_path / "s.html"
    os.link(scenario, html)  # a hard link: another name for the input itself
    names = {"{pd}": str(pd), "{toml}": str(scenario), "{html}": str(html)}
    before = {p: p.read_bytes() for p in (pd, scenario)}
    code, err = _run([names.get(a, a) for a in argv], capsys)
    assert code == 2
    _one_error(err, "reads")
    assert {p: p.read_bytes() for p in (pd, scenario)} == before


def test_existing_mode_is_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    private = tmp_path / "private.html"
    private.write_text("old")
    private.chmod(0o600)
    assert main(["report", "two-allies", "--out", str(private), "--samples", "0"]) == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    old = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.md"
        assert main(["report", "two-allies", "--out", str(fresh), "--samples", "0"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    pictures = tmp_path / "fresh_files"
    assert stat.S_IMODE(pictures.stat().st_mode) == 0o750
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o640 for p in pictures.iterdir())


def test_markdown_report_folder_taken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.md"
    (tmp_path / "r_files").write_text("mine")
    code, err = _run(["report", "two-allies", "--out", str(out), "--samples", "0"], capsys)
    assert code == 2
    _one_error(err, "r_files", "taken")
    assert not out.exists() and (tmp_path / "r_files").read_text() == "mine"
    (tmp_path / "r_files").unlink()
    (tmp_path / "r_files").mkdir()
    (tmp_path / "r_files" / "notes.txt").write_text("mine")
    code, err = _run(["report", "two-allies", "--out", str(out), "--samples", "0"], capsys)
    assert code == 2
    _one_error(err, "other files")
    assert (tmp_path / "r_files" / "notes.txt").read_text() == "mine"


def test_markdown_report_rerun_replaces_its_pictures(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    assert main(["report", "two-allies", "--out", str(out), "--samples", "0"]) == 0
    first = sorted(p.name for p in (tmp_path / "r_files").iterdir())
    assert main(["report", "two-allies", "--out", str(out), "--samples", "0"]) == 0
    assert sorted(p.name for p in (tmp_path / "r_files").iterdir()) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md", "r_files"]


def test_files_are_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure half-way (a full disk) leaves what was there before, and no debris."""
    out = tmp_path / "r.md"
    out.write_text("previous report")
    (tmp_path / "r_files").mkdir()
    (tmp_path / "r_files" / "graph-1.svg").write_text("previous picture")
    real = Path.write_bytes
    calls = []

    def full_disk(self: Path, data: bytes) -> int:
        calls.append(self)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(InputError, match="no space left"):
        write_files(out, "new report", "r_files", {"graph-1.svg": "a", "graph-2.svg": "b"})
    assert out.read_text() == "previous report"
    assert [p.name for p in (tmp_path / "r_files").iterdir()] == ["graph-1.svg"]
    assert (tmp_path / "r_files" / "graph-1.svg").read_text() == "previous picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md", "r_files"]


def test_read_refuses_non_regular_files_before_reading(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="character device"):
        read_capped("/dev/zero", limit=10)
    with pytest.raises(InputError, match="is a directory"):
        read_capped(tmp_path, limit=10)
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(InputError, match="the limit for a file is 10 bytes"):
        read_capped(tmp_path / "big", limit=10)


@pytest.mark.parametrize("closing", ["| head -c 0", ">&-"])
def test_closed_standard_output_exits_quietly(closing: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for command in ("solve prisoners-dilemma --json", "analyze two-allies"):
        shell = f"{sys.executable} -m stability {command} {closing}; echo $? >&2"
        if closing.startswith("|"):
            shell = (
                f"{sys.executable} -m stability {command} {closing}; "
                "echo ${PIPESTATUS[0]} >&2"
            )
        result = subprocess.run(
            ["bash", "-c", shell], env=env, capture_output=True, text=True, timeout=120
        )
        assert result.stderr.strip() == "0", result.stderr
