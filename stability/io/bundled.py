"""Scenarios and games shipped with the package, readable by name.

They live in the top-level ``games/`` folder, installed as ``stability.games``;
``prisoners-dilemma`` names ``games/prisoners-dilemma.nfg``.

>>> "prisoners-dilemma" in bundled_names()
True
>>> bundled_file("no-such-game") is None
True
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

SUFFIXES = (".toml", ".nfg", ".json")


def _folder() -> Traversable:
    return resources.files("stability.games")


def bundled_names() -> list[str]:
    """The names of every bundled scenario and game, sorted."""
    names = {
        entry.name.rsplit(".", 1)[0]
        for entry in _folder().iterdir()
        if entry.is_file() and entry.name.endswith(SUFFIXES)
    }
    return sorted(names)


def bundled_file(name: str) -> Traversable | None:
    """The bundled file called ``name`` (a scenario before a game), or ``None``."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    folder = _folder()
    for suffix in SUFFIXES:
        entry = folder.joinpath(name + suffix)
        if entry.is_file():
            return entry
    return None
