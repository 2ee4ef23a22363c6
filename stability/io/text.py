"""Reading untrusted text files with one clear error for each way they can be wrong."""

from __future__ import annotations

from pathlib import Path

from stability.errors import InputError


def read_text_file(path: Path, *, what: str = "file") -> str:
    """The UTF-8 text of ``path``, or an :class:`InputError` saying what is wrong with it."""
    source = str(path)
    if not path.exists():
        raise InputError(f"no such {what}", source=source)
    if path.is_dir():
        raise InputError(f"is a directory, expected a {what}", source=source)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", source=source) from err
    if not data or data.isspace():
        raise InputError(f"empty {what}", source=source)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise InputError(
            f"binary data (a NUL byte at offset {offset}), expected text", source=source
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "save the file as UTF-8",
            source=source,
            line=line,
        ) from err
