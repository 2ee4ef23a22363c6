"""Reading untrusted text files with one clear error for each way they can be wrong."""

from __future__ import annotations

from pathlib import Path

from stability.errors import InputError
from stability.io.files import MAX_TOML_BYTES, read_capped


def decode_text(data: bytes, source: str, *, what: str = "file") -> str:
    """``data`` as UTF-8 text, refusing empty, binary and non-UTF-8 contents."""
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


def read_text_file(path: Path, *, what: str = "file", limit: int = MAX_TOML_BYTES) -> str:
    """The UTF-8 text of ``path``, or an :class:`InputError` saying what is wrong with it.

    Only a regular file of at most ``limit`` bytes is read (see
    :func:`stability.io.files.read_capped`).
    """
    return decode_text(read_capped(path, limit=limit, what=what), str(path), what=what)


def deepest_line(text: str, depth: int = 100) -> int | None:
    """The line on which brackets or braces first nest ``depth`` deep (TOML or JSON text).

    Strings and comments are skipped; used to say where a file is nested too deeply.

    >>> deepest_line("a = [\\n[[[1]]]]", depth=3)
    2
    >>> deepest_line('a = "[[[["', depth=3) is None
    True
    """
    level = 0
    line = 1
    k = 0
    while k < len(text):
        char = text[k]
        if char == "\n":
            line += 1
        elif char == "#":
            end = text.find("\n", k)
            k = len(text) if end < 0 else end
            continue
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, k) else char
            k += len(quote)
            while k < len(text) and not text.startswith(quote, k):
                if text[k] == "\\" and char == '"':
                    k += 1
                elif text[k] == "\n":
                    line += 1
                k += 1
            k += len(quote)
            continue
        elif char in "[{":
            level += 1
            if level >= depth:
                return line
        elif char in "]}":
            level -= 1
        k += 1
    return None


def toml_too_deep(text: str, source: str) -> InputError:
    """The error for TOML nested deeper than ``tomllib`` reads, naming the line.

    >>> toml_too_deep("a = " + "[" * 101, "x.toml").line
    1
    """
    return InputError(
        "not valid TOML: arrays or tables nested too deeply (more than 100 levels)",
        source=source,
        line=deepest_line(text),
    )
