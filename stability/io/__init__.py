"""Reading and writing games: Gambit ``.nfg``, JSON documents, scenario TOML, bundled names.

>>> game = read_game("prisoners-dilemma")
>>> game.players, game.shape
(('Row', 'Column'), (2, 2))
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from stability.errors import InputError
from stability.io.bundled import bundled_file, bundled_names
from stability.io.files import MAX_JSON_BYTES, MAX_NFG_BYTES, write_file
from stability.io.json_game import parse_json_game, write_json_game
from stability.io.nfg import Variant, parse_nfg, write_nfg
from stability.io.text import read_text_file
from stability.io.toml_game import write_game_toml
from stability.model.game import Game

FORMATS = {".nfg": "Gambit .nfg file", ".json": "JSON game document", ".toml": "scenario file"}

__all__ = ["FORMATS", "read_game", "write_game", "game_text", "write_atomically"]


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"unknown file type {path.suffix or '(no extension)'!r}: expected .nfg, .json or .toml",
            source=str(path),
        )
    return suffix


def _read_path(path: Path, source: str, game: str | None, sets: Mapping[str, str] | None) -> Game:
    if path.is_dir():
        raise InputError("is a directory, expected a game or scenario file", source=source)
    suffix = _format(path)
    if suffix == ".toml":
        from stability.io.scenario import apply_sets, read_scenario
        from stability.model.joint import named_game

        if not path.exists():
            raise InputError("no such scenario file", source=source)
        if path.is_dir():
            raise InputError("is a directory, expected a scenario file", source=source)
        scenario, _ = apply_sets(read_scenario(path), sets or {})
        return named_game(scenario, game)
    if game is not None:
        raise InputError(f"--game {game!r} applies to scenario files (.toml) only", source=source)
    if sets:
        names = ", ".join(sets)
        raise InputError(
            f"unknown parameter {names!r}: a {FORMATS[suffix]} has no parameters "
            "(--set applies to scenario files)",
            source=source,
        )
    limit = MAX_NFG_BYTES if suffix == ".nfg" else MAX_JSON_BYTES
    text = read_text_file(path, what=FORMATS[suffix], limit=limit)
    if suffix == ".nfg":
        return parse_nfg(text, source)
    return parse_json_game(text, source)


def read_game(
    source: str | Path, *, game: str | None = None, sets: Mapping[str, str] | None = None
) -> Game:
    """A game from a ``.nfg``, ``.json`` or ``.toml`` path, or a bundled name.

    ``game`` selects one game of a scenario (or ``"joint"``, the default); ``sets``
    gives scenario parameters other values (``{"threat": "3/2"}``).
    """
    path = Path(source)
    text = str(source)
    if not text:
        raise InputError("expected a game: a .nfg, .json or .toml file, or a bundled name")
    if isinstance(source, Path) or path.is_file() or path.suffix or os.sep in text or "/" in text:
        return _read_path(path, text, game, sets)
    entry = bundled_file(text)
    if entry is None:
        raise InputError(
            "no such file, and no bundled game or scenario of that name (bundled: "
            + ", ".join(n for n in bundled_names() if not n.endswith(".gmcr"))
            + ")",
            source=text,
        )
    with resources.as_file(entry) as real:
        return _read_path(real, text, game, sets)


def game_text(game: Game, suffix: str, *, variant: Variant = "payoff") -> str:
    """The text of ``game`` in the format of ``suffix`` (``.nfg``, ``.json``, ``.toml``)."""
    suffix = suffix.lower()
    if suffix == ".nfg":
        return write_nfg(game, variant=variant)
    if suffix == ".json":
        return write_json_game(game)
    if suffix == ".toml":
        return write_game_toml(game)
    raise InputError(f"unknown file type {suffix!r}: expected .nfg, .json or .toml")


def write_atomically(path: Path, text: str | bytes, *, item: str | None = None) -> None:
    """Write ``text`` to ``path`` whole or not at all (see ``stability.io.files.write_file``)."""
    write_file(path, text, item=item)


def write_game(game: Game, path: str | Path, *, variant: Variant = "payoff") -> None:
    """Write ``game`` to ``path`` in the format its extension names, atomically."""
    path = Path(path)
    write_atomically(path, game_text(game, _format(path), variant=variant))
