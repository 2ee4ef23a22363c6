"""Saving a matplotlib figure: the one place every picture of the product is written.

The format follows the file's suffix (PNG, SVG or PDF). ``dpi`` sets the
resolution of a PNG (its pixel size scales with it); SVG and PDF are vector
files and ignore it (:func:`save_figure` draws them at the picture's default).
The same input gives the same bytes: no dates in SVG or PDF metadata, a fixed
SVG hash salt, and text in SVG as real ``<text>``.
Files are written whole or not at all by :func:`stability.io.files.write_file`
(it respects the umask and refuses symlinks and the command's own input).

>>> picture_format("map.PDF")
'pdf'
>>> try:
...     picture_format("map.jpg")
... except InputError as err:
...     print(err.message)
cannot tell the picture format from 'map.jpg': expected a file name ending in .png, .svg or .pdf
>>> from matplotlib.figure import Figure
>>> figure_bytes(Figure(figsize=(2, 1)), "pdf")[:5]
b'%PDF-'
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from stability.errors import InputError

#: The suffixes a picture may have, and the format each one means.
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

#: The accepted range of ``--dpi``.
DPI_RANGE = (50, 600)
#: Most pixels in a PNG: matplotlib's Agg canvas holds 4 bytes a pixel, and PNG
#: encoding copies it (200 coalition graphs at 600 dpi asked for 9,000 x 217,000
#: pixels and went past 4 GB; 40,000,000 pixels peak near 450 MB,
#: benchmarks/bench_limits.py). Agg also draws at most 65,535 pixels a side.
MAX_PIXELS = 40_000_000
MAX_SIDE = 65_535


def check_pixels(width: float, height: float, dpi: int, path: str | Path) -> None:
    """Refuse a PNG of ``width`` x ``height`` inches at ``dpi`` beyond :data:`MAX_PIXELS`.

    >>> check_pixels(15, 10, 300, "map.png")
    >>> check_pixels(15, 362, 600, "graph.png")
    Traceback (most recent call last):
    ...
    stability.errors.InputError: --out: a picture of 9,000 x 217,200 pixels at 600 dpi ...
    """
    if picture_format(path) != "png":
        return
    columns, rows = round(width * dpi), round(height * dpi)
    if columns * rows <= MAX_PIXELS and max(columns, rows) <= MAX_SIDE:
        return
    most = int(min((MAX_PIXELS / (width * height)) ** 0.5, MAX_SIDE / max(width, height)))
    lower = (
        f"--dpi {most} or lower" if most >= DPI_RANGE[0]
        else "fewer panels (--outcome NAME for each one wanted)"
    )
    raise InputError(
        f"a picture of {columns:,} x {rows:,} pixels at {dpi} dpi is more than a PNG may "
        f"hold ({MAX_PIXELS:,} pixels, at most {MAX_SIDE:,} a side): use {lower}, or "
        f"an SVG or PDF (--out {Path(path).stem}.svg), which has no pixels",
        item="--out",
    )


def picture_format(path: str | Path) -> str:
    """The format (``"png"``, ``"svg"`` or ``"pdf"``) that ``path``'s suffix names."""
    target = Path(path)
    kind = FORMATS.get(target.suffix.lower())
    if kind is None:
        raise InputError(
            f"cannot tell the picture format from {target.name!r}: "
            "expected a file name ending in .png, .svg or .pdf",
            item="--out",
        )
    return kind


def check_dpi(dpi: int) -> int:
    """``dpi`` if it is within :data:`DPI_RANGE`; otherwise a one-line error.

    >>> check_dpi(300)
    300
    """
    low, high = DPI_RANGE
    if not low <= dpi <= high:
        raise InputError(f"expected a resolution from {low} to {high} dots per inch, got {dpi}",
                         item="--dpi")
    return dpi


def figure_bytes(
    figure: Any, kind: str, *, dpi: int = 110, pad_inches: float | None = None
) -> bytes:
    """``figure`` saved as ``kind`` (``"png"``, ``"svg"`` or ``"pdf"``), cropped to its ink."""
    import matplotlib

    extra: dict[str, Any] = {} if pad_inches is None else {"pad_inches": pad_inches}
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "stability",
                                "pdf.fonttype": 42}):
        figure.savefig(buffer, format=kind, dpi=check_dpi(dpi), metadata=_metadata(kind),
                       bbox_inches="tight", **extra)
    return buffer.getvalue()


def save_figure(
    figure: Any, path: str | Path, *, dpi: int | None = None, default_dpi: int = 110
) -> Path:
    """Write ``figure`` to ``path`` in the format its suffix names, whole or not at all.

    ``dpi`` (``None``: ``default_dpi``) is a PNG's resolution; an SVG or PDF is
    always drawn at ``default_dpi``, so that ``--dpi`` does not change it. The
    figure is closed afterwards if pyplot made it.
    """
    from stability.io.files import write_file

    kind = picture_format(path)
    if dpi is not None:
        check_dpi(dpi)
    resolution = dpi if kind == "png" and dpi is not None else default_dpi
    try:
        width, height = figure.get_size_inches()
        check_pixels(float(width), float(height), resolution, path)
        data = figure_bytes(figure, kind, dpi=resolution)
    finally:
        _close(figure)
    return write_file(Path(path), data, item="--out")


def _close(figure: Any) -> None:
    import sys

    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(figure)


def _metadata(kind: str) -> dict[str, str | None]:
    # No timestamps, so that the same input gives the same file.
    if kind == "svg":
        return {"Date": None, "Creator": "stability"}
    if kind == "pdf":
        return {"CreationDate": None, "ModDate": None, "Creator": "stability"}
    return {"Software": "stability"}
