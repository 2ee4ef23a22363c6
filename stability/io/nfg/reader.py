"""Reading Gambit ``.nfg`` text: the header, then the payoff list or the outcome list.

Payoffs are kept exact; a body of plain integers is read by numpy in one call.

>>> game = parse_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 } 3 3 5 0 0 5 1 1', "pd.nfg")
>>> game.payoff(0, (1, 0))
Fraction(5, 1)
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import InputError, TooLargeError
from stability.io.files import MAX_NFG_BYTES
from stability.io.nfg.lexer import Lexer, Token, check_unique, read_count, read_number, unescape
from stability.io.text import read_text_file
from stability.model.exact import parse_number
from stability.model.game import MAX_PLAYERS, Game, check_size, integers_from_fractions

# A body made of plain integers only (at most 18 digits, so they fit in int64):
# the fast path reads it with numpy in one call.
_INTEGER_CHARACTERS = str.maketrans("", "", "0123456789+- \t\n\r\f\v")
_IS_SPACE = np.zeros(256, dtype=bool)
_IS_SPACE[list(b" \t\n\r\f\v")] = True
_BODY_WORD = re.compile(r"[^\s,]+")
_OUTCOME = re.compile(r'\s*\{\s*"[^"\\]*(?:\\.[^"\\]*)*"([^{}"]*)\}', re.S)
_MAX_PLAYERS = MAX_PLAYERS
#: Characters a payoff (or an outcome entry) may take on average: a bound on the
#: file's length derived from its declared dimensions.
_BYTES_PER_PAYOFF = 100
#: Characters the header may take: this allowance, plus _BYTES_PER_LABEL for each
#: label (title, comment, players, strategies).
_HEADER_BYTES = 65_536
_BYTES_PER_LABEL = 1_000
#: Most payoffs read through exact fractions (decimals, rationals, big integers):
#: about 12 s and 300 MB on the reference machine; plain integers are read by numpy.
MAX_EXACT_PAYOFFS = 1_000_000


@dataclass
class _Header:
    title: str
    players: list[str]
    shape: tuple[int, ...]
    strategies: list[list[str]] | None  # None: numbered 1..n, built after the size check
    comment: str
    line: int  # line of the strategy list, for size errors


def _read_header(lexer: Lexer) -> tuple[_Header, Token]:
    first = lexer.next()
    if first.kind == "eof":
        raise lexer.error("empty file: expected a Gambit game starting with 'NFG 1 R'", first)
    if first.kind != "word" or first.text != "NFG":
        raise lexer.error(
            f"expected 'NFG' (a Gambit strategic-form file), found {first.shown()}", first
        )
    version = lexer.next()
    if version.kind != "word" or version.text != "1":
        raise lexer.unexpected(version, "the format version 1 after 'NFG'", "header")
    kind = lexer.next()
    if kind.kind != "word" or kind.text not in ("R", "D"):
        raise lexer.unexpected(kind, "'R' or 'D' (the number type) after 'NFG 1'", "header")
    title = lexer.expect("string", 'the game title in quotes, such as "My game"', "header")
    lexer.expect("lbrace", "'{' opening the list of player names", "players")
    players: list[str] = []
    token = lexer.next()
    while token.kind == "string":
        players.append(unescape(token.text))
        if len(players) > _MAX_PLAYERS:
            raise lexer.error(
                f"more than {_MAX_PLAYERS} players (the limit: a payoff table has "
                f"one dimension per player, and the solvers and the joint game's einsum "
                f"index at most {_MAX_PLAYERS} dimensions)",
                token,
                "players",
            )
        token = lexer.next()
    if token.kind != "rbrace":
        raise lexer.unexpected(token, "a player name in quotes or '}'", "players")
    if not players:
        raise lexer.error("a game needs at least one player, found none", token, "players")
    check_unique(players, "player", lexer, token)

    opening = lexer.expect("lbrace", "'{' opening the strategies", "strategies")
    token = lexer.next()
    strategies: list[list[str]] | None = None
    counts: list[int] = []
    if token.kind == "lbrace":
        strategies = []
        for k, player in enumerate(players):
            item = f"strategies of player {k + 1} ({player!r})"
            if token.kind != "lbrace":
                raise lexer.unexpected(token, f"'{{' opening the {item}", "strategies")
            names: list[str] = []
            token = lexer.next()
            while token.kind == "string":
                names.append(unescape(token.text))
                token = lexer.next()
            if token.kind != "rbrace":
                raise lexer.unexpected(token, "a strategy name in quotes or '}'", item)
            if not names:
                raise lexer.error("a player needs at least one strategy, found none", token, item)
            check_unique(names, "strategy", lexer, token)
            strategies.append(names)
            counts.append(len(names))
            token = lexer.next()
    else:
        for k, player in enumerate(players):
            counts.append(
                read_count(token, lexer, f"number of strategies of player {k + 1} ({player!r})")
            )
            token = lexer.next()
    if token.kind != "rbrace":
        what = "'}' closing the strategies"
        raise lexer.unexpected(
            token, f"{what} (one entry per player: {len(players)})", "strategies"
        )
    header = _Header(
        title=unescape(title.text),
        players=players,
        shape=tuple(counts),
        strategies=strategies,
        comment="",
        line=opening.line,
    )
    token = lexer.next()
    if token.kind == "string":
        header.comment = unescape(token.text)
        token = lexer.next()
    return header, token


def _profile_label(index: int, header: _Header, names: Sequence[Sequence[str]]) -> str:
    parts = []
    for k, size in enumerate(header.shape):
        parts.append(names[k][index % size])
        index //= size
    return "(" + ", ".join(parts) + ")"


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _body_words(text: str, start: int) -> list[re.Match[str]]:
    return list(_BODY_WORD.finditer(text, start))


def _only_plain_integers(body: str) -> bool:
    """True when ``body`` is whitespace-separated integers of at most 18 digits.

    Checked on the bytes with numpy (a regular expression takes several times longer
    on the 3.5 MB of a 7-player game).
    """
    if body.translate(_INTEGER_CHARACTERS):
        return False  # something other than digits, signs and ASCII whitespace
    data = np.frombuffer(body.encode("ascii"), dtype=np.uint8)
    space = _IS_SPACE[data]
    sign = (data == ord("+")) | (data == ord("-"))
    if sign.any():
        where = np.flatnonzero(sign)
        after = where + 1
        if after[-1] >= data.size:
            return False
        if not (~space[after] & ~sign[after]).all():
            return False  # a sign must be followed by a digit
        before = where[where > 0] - 1
        if not space[before].all():
            return False  # and must start its number
    boundaries = np.flatnonzero(np.concatenate(([True], space, [True])))
    return int(np.diff(boundaries).max()) <= 20  # sign + 18 digits + 1


def _plain_integers(text: str, start: int) -> npt.NDArray[np.int64] | None:
    """The integers from ``start`` to the end when all are plain, else ``None``."""
    body = text[start:]
    if not _only_plain_integers(body):
        return None
    if not body or body.isspace():
        return np.zeros(0, dtype=np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return np.fromstring(body, dtype=np.int64, sep=" ")
        except (ValueError, DeprecationWarning):  # pragma: no cover - ruled out above
            return None


@lru_cache(maxsize=4096)
def _cached_number(text: str) -> Fraction:
    return parse_number(text)


def _exact_values(
    text: str, words: list[re.Match[str]], source: str, describe: Any
) -> list[Fraction]:
    values = []
    for k, match in enumerate(words):
        try:
            values.append(_cached_number(match.group()))
        except ValueError as err:
            raise InputError(
                str(err), source=source, line=_line_of(text, match.start()), item=describe(k)
            ) from err
    return values


def _payoff_body(text: str, start: int, header: _Header, lexer: Lexer, names: Any) -> Game:
    n = len(header.players)
    profiles = math.prod(header.shape)
    expected = n * profiles

    def describe(k: int) -> str:
        player = header.players[k % n] if k < expected else None
        if player is None:
            return f"payoff {k + 1}"
        return f"payoff {k + 1} (to {player!r} at {_profile_label(k // n, header, names)})"

    flat = _plain_integers(text, start)
    if flat is not None and flat.size == expected:
        table = flat.reshape(profiles, n)
        numerators = [table[:, i].reshape(header.shape, order="F") for i in range(n)]
        return _game(header, names, numerators, [1] * n)
    if expected > MAX_EXACT_PAYOFFS:
        raise TooLargeError(
            f"too many payoffs that are not plain integers: {expected:,} (the limit for "
            f"decimal, rational or very long payoffs is {MAX_EXACT_PAYOFFS:,}); scale the "
            "payoffs to integers of at most 18 digits, which are read without that limit",
            source=lexer.source,
            item="payoffs",
        )
    words = _body_words(text, start)
    _check_count(
        text,
        words,
        expected,
        lexer,
        f"{expected:,} payoffs ({n} players x {profiles:,} profiles)",
        describe,
    )
    values = _exact_values(text, words, lexer.source, describe)
    exact = np.empty(expected, dtype=object)
    exact[:] = values
    table_obj = exact.reshape(profiles, n)
    numerators = []
    denominators = []
    for i in range(n):
        ints, denominator = integers_from_fractions(
            table_obj[:, i].reshape(header.shape, order="F")
        )
        numerators.append(ints)
        denominators.append(denominator)
    return _game(header, names, numerators, denominators)


def _check_count(
    text: str,
    words: list[re.Match[str]],
    expected: int,
    lexer: Lexer,
    what: str,
    describe: Any,
) -> None:
    if len(words) < expected:
        last = words[-1].start() if words else len(text)
        raise InputError(
            f"expected {what}, found only {len(words):,}: the file is truncated "
            "or payoffs are missing",
            source=lexer.source,
            line=_line_of(text, last),
            item=describe(len(words)),
        )
    if len(words) > expected:
        extra = words[expected]
        raise InputError(
            f"expected {what}, found more: {extra.group()[:40]!r} after the last one "
            "(expected the end of the file)",
            source=lexer.source,
            line=_line_of(text, extra.start()),
            item=describe(expected),
        )


def _slow_outcome(lexer: Lexer, n: int, number: int) -> list[Fraction] | None:
    """One outcome read token by token (precise errors); ``None`` at the list's end."""
    token = lexer.next()
    if token.kind == "rbrace":
        return None
    if token.kind != "lbrace":
        raise lexer.unexpected(
            token, "'{' opening an outcome or '}' closing the outcome list", "outcomes"
        )
    item = f"outcome {number}"
    lexer.expect("string", "the outcome's name in quotes", item)
    payoffs: list[Fraction] = []
    token = lexer.next()
    while token.kind in ("word", "comma"):
        if token.kind == "word":
            if len(payoffs) == n:
                raise lexer.error(f"expected {n} payoffs (one per player), found more", token, item)
            payoffs.append(
                read_number(token.text, lexer, token, f"{item}, payoff {len(payoffs) + 1}")
            )
        token = lexer.next()
    if token.kind != "rbrace":
        raise lexer.unexpected(token, "a payoff or '}'", item)
    if len(payoffs) != n:
        raise lexer.error(
            f"expected {n} payoffs (one per player), found {len(payoffs)}", token, item
        )
    return payoffs


def _outcome_table(text: str, lexer: Lexer, n: int) -> tuple[list[Any], list[int]]:
    """Each player's payoff per outcome (row 0 is the empty outcome), as integers."""
    starts: list[int] = []
    payoff_texts: list[str] = []
    exact: list[list[Fraction]] = []  # outcomes read by the slow path
    pos = lexer.pos
    while True:  # fast scan; anything unusual goes to the token-by-token reader
        match = _OUTCOME.match(text, pos)
        if match is None:
            break
        words = match.group(1).replace(",", " ").split()
        if len(words) != n:
            break
        starts.append(pos)
        payoff_texts.extend(words)
        pos = match.end()
    lexer.line += text.count("\n", lexer.pos, pos)
    lexer.pos = pos
    while (payoffs := _slow_outcome(lexer, n, len(starts) + len(exact) + 1)) is not None:
        exact.append(payoffs)
    fast_count = len(starts)
    integers = None
    if not exact:
        integers = _plain_integers(" ".join(payoff_texts), 0)
    if integers is not None and integers.size == fast_count * n:
        table = np.zeros((fast_count + 1, n), dtype=np.int64)
        table[1:, :] = integers.reshape(fast_count, n)
        return [table[:, i] for i in range(n)], [1] * n
    values: list[Fraction] = []
    for k in range(fast_count):
        try:
            values.extend(_cached_number(t) for t in payoff_texts[k * n : (k + 1) * n])
        except ValueError:
            # re-read this outcome token by token for an error naming its line
            lexer.pos = starts[k]
            lexer.line = _line_of(text, starts[k])
            _slow_outcome(lexer, n, k + 1)
            raise  # pragma: no cover - the slow reader raises first
    objects = np.empty((fast_count + len(exact) + 1, n), dtype=object)
    objects[0, :] = Fraction(0)
    if fast_count:
        objects[1 : fast_count + 1, :] = np.array(values, dtype=object).reshape(fast_count, n)
    for k, payoffs in enumerate(exact):
        objects[fast_count + 1 + k, :] = payoffs
    numerators = []
    denominators = []
    for i in range(n):
        ints, denominator = integers_from_fractions(objects[:, i])
        numerators.append(ints)
        denominators.append(denominator)
    return numerators, denominators


def _outcome_body(text: str, header: _Header, lexer: Lexer, names: Any) -> Game:
    n = len(header.players)
    payoff_tables, denominators = _outcome_table(text, lexer, n)
    n_outcomes = len(payoff_tables[0]) - 1
    start = lexer.pos
    profiles = math.prod(header.shape)

    def describe(k: int) -> str:
        if k >= profiles:
            return f"outcome number {k + 1}"
        return f"outcome number {k + 1} (profile {_profile_label(k, header, names)})"

    indices = _plain_integers(text, start)
    if indices is None or indices.size != profiles:
        words = _body_words(text, start)
        what = f"{profiles:,} outcome numbers (one per profile)"
        _check_count(text, words, profiles, lexer, what, describe)
        for k, match in enumerate(words):
            if not re.fullmatch(r"[+-]?\d{1,18}", match.group()):
                raise InputError(
                    f"expected an outcome number (0 to {n_outcomes}), found {match.group()[:40]!r}",
                    source=lexer.source,
                    line=_line_of(text, match.start()),
                    item=describe(k),
                )
        indices = np.array([int(m.group()) for m in words], dtype=np.int64)
    out_of_range = np.flatnonzero((indices < 0) | (indices > n_outcomes))
    if out_of_range.size:
        k = int(out_of_range[0])
        words = _body_words(text, start)
        raise InputError(
            f"expected an outcome number from 0 to {n_outcomes}, found {int(indices[k])}",
            source=lexer.source,
            line=_line_of(text, words[k].start()),
            item=describe(k),
        )
    numerators = [table[indices].reshape(header.shape, order="F") for table in payoff_tables]
    return _game(header, names, numerators, denominators)


def _game(
    header: _Header, names: Sequence[Sequence[str]], numerators: list[Any], denominators: list[int]
) -> Game:
    return Game(
        title=header.title,
        players=tuple(header.players),
        strategies=tuple(tuple(s) for s in names),
        numerators=tuple(np.ascontiguousarray(t) for t in numerators),
        denominators=tuple(denominators),
    )


def parse_nfg(text: str, source: str) -> Game:
    """The game in the .nfg text ``text``; errors name ``source``, the line and the item."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lexer = Lexer(text, source)
    header, token = _read_header(lexer)
    try:
        check_size(header.shape)
    except TooLargeError as err:
        size = " x ".join(f"{s:,}" for s in header.shape)
        memory = math.prod(header.shape) * len(header.players) * 8 / 1e9
        raise TooLargeError(
            f"{err.message}; its strategies are {size}, whose payoffs would take "
            f"about {memory:,.1f} GB of memory",
            source=source,
            line=header.line,
            item="strategies",
        ) from err
    # the header (title, comment, names) counts too: each label may take
    # _BYTES_PER_LABEL characters on average, beyond a fixed allowance
    labels = 2 + len(header.players) + sum(header.shape)
    if token.start > _HEADER_BYTES + labels * _BYTES_PER_LABEL:
        raise TooLargeError(
            f"header too long: the title, comment and names take {token.start:,} characters "
            f"where {labels:,} labels may take at most "
            f"{_HEADER_BYTES + labels * _BYTES_PER_LABEL:,} (shorten the comment or the title)",
            source=source,
            line=header.line,
            item="header",
        )
    bound = token.start + (len(header.players) + 1) * math.prod(header.shape) * _BYTES_PER_PAYOFF
    if len(text) > bound + 4096:
        raise TooLargeError(
            f"file too long for its declared dimensions: {len(text):,} characters where "
            f"{len(header.players)} players x {math.prod(header.shape):,} profiles need "
            f"at most {bound + 4096:,}",
            source=source,
            item="payoffs",
        )
    names = header.strategies or [[str(k + 1) for k in range(size)] for size in header.shape]
    if token.kind == "lbrace":
        return _outcome_body(text, header, lexer, names)
    if token.kind == "word":
        return _payoff_body(text, token.start, header, lexer, names)
    raise lexer.unexpected(token, "the payoffs (numbers) or an outcome list ('{')", "payoffs")


def nfg_comment(text: str, source: str) -> str:
    """The comment string of a .nfg file (Gambit's description of the game), or ``""``.

    >>> nfg_comment('NFG 1 R "G" { "A" "B" } { 1 1 } "A note" 1 2 3 4', "g.nfg")
    'A note'
    """
    header, _ = _read_header(Lexer(text.removeprefix("\ufeff"), source))
    return header.comment


def read_nfg(path: str | Path) -> Game:
    """The game in the Gambit .nfg file at ``path``."""
    path = Path(path)
    return parse_nfg(read_text_file(path, what="Gambit .nfg file", limit=MAX_NFG_BYTES), str(path))
