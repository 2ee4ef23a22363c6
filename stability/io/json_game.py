"""JSON game documents (schema ``stability/game/v1``), read and written exactly.

``payoffs[i][s1]...[sN]`` is player ``i``'s payoff when each player ``k`` plays
strategy ``sk``; a payoff is a JSON number or an exact string (``"3/2"``).

>>> from stability.model.game import Game
>>> game = Game.from_payoffs([[[1, "1/2"]], [[0, 2]]], players=["A", "B"],
...                          strategies=[["x"], ["y", "z"]], title="tiny")
>>> doc = game_to_json(game)
>>> doc["payoffs"]
[[[1, '1/2']], [[0, 2]]]
>>> game_from_json(doc, "tiny.json") == game
True
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from stability.errors import InputError, TooLargeError
from stability.io.files import MAX_JSON_BYTES
from stability.io.text import deepest_line, read_text_file
from stability.model.exact import format_fraction, parse_number
from stability.model.game import Game, check_label, check_size, integers_from_fractions

SCHEMA = "stability/game/v1"


class _JsonNumber(str):
    """A JSON number kept as its text, so that it is read exactly (no float rounding)."""


def game_to_json(game: Game) -> dict[str, Any]:
    """The ``stability/game/v1`` document of ``game`` (integers as numbers, else strings)."""
    payoffs: list[Any] = []
    for i in range(game.n_players):
        if game.denominators[i] == 1:
            payoffs.append(np.asarray(game.numerators[i]).tolist())
        else:
            exact = game.exact_payoffs(i)
            cells = np.empty(exact.shape, dtype=object)
            for index, value in np.ndenumerate(exact):
                cells[index] = value.numerator if value.denominator == 1 else format_fraction(value)
            payoffs.append(cells.tolist())
    return {
        "schema": SCHEMA,
        "title": game.title,
        "players": list(game.players),
        "strategies": [list(names) for names in game.strategies],
        "payoffs": payoffs,
    }


def _shown(value: Any) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _names(value: Any, item: str, source: str, what: str) -> list[str]:
    if not isinstance(value, list):
        raise InputError(f"expected a list of {what}", source=source, item=item)
    names = []
    for k, name in enumerate(value):
        if not isinstance(name, str) or isinstance(name, _JsonNumber):
            raise InputError(
                f"expected a name (a string), found {_shown(name)}",
                source=source,
                item=f"{item}[{k}]",
            )
        _check_text(name, source, f"{item}[{k}]")
        names.append(name)
    seen: set[str] = set()
    for k, name in enumerate(names):
        if name in seen:
            raise InputError(
                f"duplicate name {name!r} (names must be unique)",
                source=source,
                item=f"{item}[{k}]",
            )
        seen.add(name)
    return names


def _check_text(text: str, source: str, item: str) -> None:
    try:
        check_label(text)
    except InputError as err:
        raise InputError(err.message, source=source, item=item) from None


def _leaf_value(value: Any) -> Fraction:
    return parse_number(str(value) if isinstance(value, _JsonNumber) else value)


def _find_shape_error(node: Any, shape: tuple[int, ...], path: str, source: str) -> None:
    if not shape:
        if isinstance(node, list):
            raise InputError(
                "expected a payoff, found a list (one level too deep)", source=source, item=path
            )
        return
    if not isinstance(node, list):
        raise InputError(
            f"expected a list of {shape[0]} entries, found {_shown(node)}",
            source=source,
            item=path,
        )
    if len(node) != shape[0]:
        raise InputError(
            f"expected {shape[0]} entries (one per strategy), found {len(node)}",
            source=source,
            item=path,
        )
    for k, child in enumerate(node):
        _find_shape_error(child, shape[1:], f"{path}[{k}]", source)


def _plain_integers(array: Any) -> Any:
    """The table as int64 when every payoff is a plain integer (the fast path), else None."""
    flat = array.ravel().tolist()
    if not set(map(type, flat)) <= {_JsonNumber, int}:
        return None
    try:
        integers = np.array(flat, dtype=np.int64)
    except (ValueError, OverflowError):
        return None
    if integers.size and int(np.abs(integers).max()) >= 2**62:
        return None
    return integers.reshape(array.shape)


def _payoff_table(node: Any, shape: tuple[int, ...], path: str, source: str) -> Any:
    try:
        array = np.array(node, dtype=object)
    except ValueError:
        array = None
    if array is None or array.shape != shape:
        _find_shape_error(node, shape, path, source)
        raise InputError(f"expected payoffs of shape {shape}", source=source, item=path)
    integers = _plain_integers(array)
    if integers is not None:
        return integers, 1
    cache: dict[Any, Fraction] = {}
    exact = np.empty(shape, dtype=object)
    for index, value in np.ndenumerate(array):
        try:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise ValueError(
                    f'expected a number or an exact string such as "3/2", found {_shown(value)}'
                )
            key = (type(value), value)
            found = cache.get(key)
            if found is None:
                found = cache[key] = _leaf_value(value)
        except ValueError as err:
            where = path + "".join(f"[{k}]" for k in index)
            raise InputError(str(err), source=source, item=where) from err
        exact[index] = found
    return integers_from_fractions(exact)


def game_from_json(doc: Any, source: str) -> Game:
    """The game in a ``stability/game/v1`` document (already parsed from JSON)."""
    if not isinstance(doc, dict):
        raise InputError("expected a JSON object (a stability/game/v1 document)", source=source)
    schema = doc.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise InputError(
            f"expected schema {SCHEMA!r}, found {schema!r}", source=source, item="schema"
        )
    title = doc.get("title", "")
    if not isinstance(title, str) or isinstance(title, _JsonNumber):
        raise InputError("expected a string", source=source, item="title")
    _check_text(title, source, "title")
    for key in ("players", "strategies", "payoffs"):
        if key not in doc:
            raise InputError(f"missing key {key!r}", source=source)
    players = _names(doc["players"], "players", source, "player names")
    if not players:
        raise InputError(
            "a game needs at least one player, found none", source=source, item="players"
        )
    raw_strategies = doc["strategies"]
    if not isinstance(raw_strategies, list) or len(raw_strategies) != len(players):
        raise InputError(
            f"expected a list of {len(players)} strategy lists (one per player)",
            source=source,
            item="strategies",
        )
    strategies = []
    for k, names in enumerate(raw_strategies):
        found = _names(names, f"strategies[{k}]", source, "strategy names")
        if not found:
            raise InputError(
                f"player {players[k]!r} needs at least one strategy, found none",
                source=source,
                item=f"strategies[{k}]",
            )
        strategies.append(found)
    shape = tuple(len(s) for s in strategies)
    try:
        check_size(shape)
    except TooLargeError as err:
        raise TooLargeError(err.message, source=source, item="strategies") from err
    payoffs = doc["payoffs"]
    if not isinstance(payoffs, list) or len(payoffs) != len(players):
        raise InputError(
            f"expected a list of {len(players)} payoff tables (one per player)",
            source=source,
            item="payoffs",
        )
    numerators = []
    denominators = []
    for i, table in enumerate(payoffs):
        ints, denominator = _payoff_table(table, shape, f"payoffs[{i}]", source)
        numerators.append(ints)
        denominators.append(denominator)
    return Game(
        title=title,
        players=tuple(players),
        strategies=tuple(tuple(s) for s in strategies),
        numerators=tuple(numerators),
        denominators=tuple(denominators),
    )


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a payoff can have")


def parse_json_game(text: str, source: str) -> Game:
    """The game in the JSON text ``text``; errors name ``source`` and the line or item."""
    try:
        doc = json.loads(
            text,
            parse_int=_JsonNumber,
            parse_float=_JsonNumber,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as err:
        raise InputError(
            f"not valid JSON: {err.msg} (column {err.colno})", source=source, line=err.lineno
        ) from err
    except RecursionError:
        raise InputError(
            "not valid JSON: arrays or objects nested too deeply (more than 100 levels)",
            source=source,
            line=deepest_line(text),
        ) from None
    except ValueError as err:
        raise InputError(f"not valid JSON: {err}", source=source) from err
    return game_from_json(doc, source)


def read_json_game(path: str | Path) -> Game:
    """The game in the JSON game document at ``path``."""
    path = Path(path)
    return parse_json_game(
        read_text_file(path, what="JSON game document", limit=MAX_JSON_BYTES), str(path)
    )


def write_json_game(game: Game) -> str:
    """The JSON text of ``game``'s document (what ``stability convert`` writes)."""
    return _dumps(game_to_json(game), "") + "\n"


def _dumps(node: Any, indent: str) -> str:
    """JSON with one line per innermost list, so payoff tables stay readable."""
    inner = indent + "  "
    if isinstance(node, dict):
        items = [f"{inner}{json.dumps(k)}: {_dumps(v, inner)}" for k, v in node.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(node, list) and any(isinstance(child, (list, dict)) for child in node):
        items = [inner + _dumps(child, inner) for child in node]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    return json.dumps(node, ensure_ascii=False)


__all__ = [
    "SCHEMA",
    "game_from_json",
    "game_to_json",
    "parse_json_game",
    "read_json_game",
    "write_json_game",
]
