"""The catalogue of bundled files: each with its kind, a one-line description and its source.

>>> entries = bundled_catalogue("scenarios")
>>> [e.name for e in entries if e.name == "mosul"]
['mosul']
>>> {e.kind for e in bundled_catalogue()} == set(KINDS)
True
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from stability.errors import InputError
from stability.io.bundled import bundled_file, bundled_names
from stability.io.text import read_text_file

#: The kinds of bundled file, as ``stability list --kind`` names them.
KINDS = ("games", "scenarios", "conflicts")


@dataclass(frozen=True)
class BundledEntry:
    """One bundled file: its name (as commands take it), kind, title, summary and source."""

    name: str
    kind: str
    title: str
    summary: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "source": self.source,
        }


# The end of a sentence (or, in a citation, of its first clause): a full stop, colon
# or semicolon after a lower-case letter, a digit or a closing mark, so that initials
# ("M. J. Osborne", "U.S.") do not end it.
_SENTENCE_END = re.compile(r"""(?<=[a-z0-9)'"][.])\s""")
_CLAUSE_END = re.compile(r"""(?<=[a-z0-9)'"][.:;])\s""")

_ABBREVIATIONS = {
    "vol.", "eds.", "ed.", "no.", "pp.", "p.", "ch.", "fig.", "sec.", "cf.", "e.g.", "i.e."
}


def _first_sentence(text: str, end: re.Pattern[str] = _SENTENCE_END) -> str:
    """The first sentence of ``text`` on one line.

    >>> _first_sentence("M. J. Osborne (2004), a book. More.")
    'M. J. Osborne (2004), a book.'
    """
    flat = " ".join(text.split())
    for found in end.finditer(flat):
        words = flat[: found.start()].split()
        if words and words[-1].lower() in _ABBREVIATIONS:
            continue
        return flat[: found.start()].rstrip(":;")
    return flat


def _text_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _entry(name: str) -> BundledEntry:
    entry = bundled_file(name)
    if entry is None:  # pragma: no cover - the names come from the folder itself
        raise InputError("no bundled file of that name", source=name)
    with resources.as_file(entry) as path:
        text = read_text_file(path, what="bundled file")
    if entry.name.endswith(".nfg"):
        from stability.io.nfg import nfg_comment, parse_nfg

        game = parse_nfg(text, name)
        shape = "x".join(str(s) for s in game.shape)
        comment = nfg_comment(text, name).removeprefix("Source:").strip()
        return BundledEntry(
            name=name,
            kind="games",
            title=game.title,
            summary=f"{game.n_players} players, {shape}",
            source=_first_sentence(comment, _CLAUSE_END),
        )
    document = tomllib.loads(text)
    kind = "conflicts" if name.endswith(".gmcr") else "scenarios"
    sources = _text_list(document.get("source"))
    return BundledEntry(
        name=name.removesuffix(".gmcr"),
        kind=kind,
        title=str(document.get("title", "")),
        summary=_first_sentence(str(document.get("description", ""))),
        source=sources[0] if sources else "",
    )


def bundled_catalogue(kind: str | None = None) -> list[BundledEntry]:
    """Every bundled game, scenario and conflict (or those of one ``kind``), by kind and name."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    entries = [_entry(name) for name in bundled_names()]
    entries = [e for e in entries if kind is None or e.kind == kind]
    return sorted(entries, key=lambda e: (KINDS.index(e.kind), e.name))
