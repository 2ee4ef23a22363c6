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
from pathlib import Path

SUFFIXES = (".toml", ".nfg", ".json")


def bundled_folder() -> Traversable:
    """Where the bundled files are: the installed ``stability.games``, or games/ in a checkout."""
    try:
        return resources.files("stability.games")
    except ModuleNotFoundError:
        # Running from a source checkout (for example ``python -m stability`` in the
        # repository root), where games/ is not yet installed as stability.games.
        return Path(__file__).resolve().parents[2] / "games"


def bundled_names() -> list[str]:
    """The names of every bundled scenario and game, sorted."""
    names = {
        entry.name.rsplit(".", 1)[0]
        for entry in bundled_folder().iterdir()
        if entry.is_file() and entry.name.endswith(SUFFIXES)
    }
    return sorted(names)


def bundled_file(name: str) -> Traversable | None:
    """The bundled file called ``name`` (a scenario before a game), or ``None``."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    folder = bundled_folder()
    for suffix in SUFFIXES:
        entry = folder.joinpath(name + suffix)
        if entry.is_file():
            return entry
    return None
