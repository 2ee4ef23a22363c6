"""Every picture the product writes: PNG, SVG or PDF by the suffix, ``--dpi`` for PNG.

Each command with a picture ``--out`` is run on a small input (few grid points, few
samples). A PNG's pixel size is read from its header (the IHDR chunk: width and
height as two big-endian 32-bit integers at bytes 16..24, PNG specification
section 11.2.2), so no imaging library is needed.
"""

from __future__ import annotations

import os
import stat
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stability.cli.app import main
from stability.present.sweep_map import _cell_runs

DATA = Path(__file__).parent / "data"
RACE = DATA / "timeline-race.toml"

#: Every command that draws a picture with --out, with small arguments.
PICTURES: dict[str, Callable[[str], list[str]]] = {
    "graph": lambda out: ["graph", "two-allies", "--out", out],
    "sweep": lambda out: ["sweep", "two-allies", "--x", "threat", "--y", "dispute",
                          "--points", "6", "--out", out],
    "tipping": lambda out: ["tipping", "two-allies", "--target", "Alliance", "--out", out],
    "durability": lambda out: ["durability", str(RACE), "--no-sensitivity", "--out", out],
    "sensitivity": lambda out: ["sensitivity", "two-allies", "--outcome", "Alliance",
                                "--samples", "64", "--trajectories", "4", "--out", out],
}


def _draw(command: str, out: Path, *extra: str) -> None:
    assert main([*PICTURES[command](str(out)), *extra]) == 0, (command, out, extra)


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def _one_error(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.mark.parametrize("command", list(PICTURES))
def test_every_format_by_its_suffix(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, svg = tmp_path / "a.pdf", tmp_path / "a.svg"
    _draw(command, pdf)
    _draw(command, svg)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert b"CreationDate" not in pdf.read_bytes()  # no timestamp: same input, same file
    root = ET.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg")
    assert capsys.readouterr().out.count("wrote") == 2


@pytest.mark.parametrize("command", list(PICTURES))
def test_dpi_scales_a_png(command: str, tmp_path: Path) -> None:
    low, high = tmp_path / "low.png", tmp_path / "high.png"
    _draw(command, low, "--dpi", "50")
    _draw(command, high, "--dpi", "200")
    (w_low, h_low), (w_high, h_high) = _png_size(low), _png_size(high)
    # bbox_inches="tight" rounds the crop to whole pixels: the ratio is 4 within a few %
    assert w_high / w_low == pytest.approx(4, rel=0.05)
    assert h_high / h_low == pytest.approx(4, rel=0.05)


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_dpi_does_not_change_a_vector_file(suffix: str, tmp_path: Path) -> None:
    plain, low = tmp_path / f"plain{suffix}", tmp_path / f"low{suffix}"
    _draw("sweep", plain)  # the map's cells are drawn as pixels inside the vector file
    _draw("sweep", low, "--dpi", "50")
    assert plain.read_bytes() == low.read_bytes()


@pytest.mark.parametrize("command", list(PICTURES))
def test_same_input_same_pdf(command: str, tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    _draw(command, first)
    _draw(command, second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("command", list(PICTURES))
@pytest.mark.parametrize("name", ["x.jpg", "x", "x.PDF.txt"])
def test_unknown_suffix_is_one_error(
    command: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / name
    assert main(PICTURES[command](str(out))) == 2
    _one_error(capsys.readouterr().err, "--out", ".png, .svg or .pdf")
    assert not out.exists()


@pytest.mark.parametrize("command", list(PICTURES))
@pytest.mark.parametrize("dpi", ["49", "601", "0", "-3", "many"])
def test_bad_dpi_is_one_error(
    command: str, dpi: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.png"
    assert main([*PICTURES[command](str(out)), "--dpi", dpi]) == 2
    _one_error(capsys.readouterr().err, "--dpi")
    assert not out.exists()


def test_dpi_ends_of_the_range_are_accepted(tmp_path: Path) -> None:
    _draw("graph", tmp_path / "a.png", "--dpi", "50")
    _draw("graph", tmp_path / "b.png", "--dpi", "600")
    assert _png_size(tmp_path / "b.png")[0] > 10 * _png_size(tmp_path / "a.png")[0]


@pytest.mark.parametrize("command", list(PICTURES))
def test_new_pictures_follow_the_umask_and_old_ones_keep_their_mode(
    command: str, tmp_path: Path
) -> None:
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(b"old")
    kept.chmod(0o600)
    old = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.pdf"
        _draw(command, fresh)
        _draw(command, kept)
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert kept.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.pdf", "kept.pdf"]  # no temp


def test_help_says_dpi_is_for_png_only(capsys: pytest.CaptureFixture[str]) -> None:
    for command in PICTURES:
        assert main([command, "--help"]) == 0
        text = " ".join(capsys.readouterr().out.replace("│", " ").split())
        assert "--dpi" in text and "Ignored for SVG and PDF" in text, command
        assert "FILE.pdf" in text, command


@given(
    st.integers(1, 8).flatmap(
        lambda width: st.lists(
            st.lists(st.booleans(), min_size=width, max_size=width), min_size=1, max_size=6
        )
    )
)
def test_hatched_runs_cover_exactly_the_cells(rows: list[list[bool]]) -> None:
    """The sweep map hatches runs of cells: together they are exactly the marked cells."""
    import numpy as np

    mask = np.array(rows, dtype=bool)
    x_edges = [float(k) for k in range(mask.shape[1] + 1)]
    y_edges = [float(k) for k in range(mask.shape[0] + 1)]
    covered = np.zeros(mask.shape, dtype=int)
    for (left, bottom), (right, _), (_, top), _ in _cell_runs(mask, x_edges, y_edges):
        assert top - bottom == 1.0
        covered[int(bottom), int(left) : int(right)] += 1
    assert (covered == mask).all()  # every marked cell once, no other cell
