"""The tokens of a Gambit ``.nfg`` header and outcome list, with line numbers.

>>> lexer = Lexer('NFG 1 R "PD" {', "pd.nfg")
>>> [lexer.next().text for _ in range(5)]
['NFG', '1', 'R', '"PD"', '{']
>>> unescape(r'"say \"hi\""')
'say "hi"'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from stability.errors import InputError
from stability.model.exact import parse_number

TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<lbrace>\{)
  | (?P<rbrace>\})
  | (?P<comma>,)
  | (?P<string>"[^"\\]*(?:\\.[^"\\]*)*")
  | (?P<open>")
  | (?P<word>[^\s{},"]+)
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class Token:
    kind: str  # lbrace, rbrace, comma, string, word, eof
    text: str
    line: int
    start: int
    end: int

    def shown(self) -> str:
        if self.kind == "eof":
            return "the end of the file"
        if self.kind == "string":
            return f"the string {self.text}"
        text = self.text if len(self.text) <= 40 else self.text[:37] + "..."
        return repr(text)


def unescape(quoted: str) -> str:
    r"""The text of a quoted string: ``\"`` is a quote, ``\\`` a backslash."""
    body = quoted[1:-1]
    if "\\" not in body:
        return body
    return re.sub(r'\\(["\\])', r"\1", body)


class Lexer:
    """Tokens of the header and outcome list, with line numbers."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.pos = 0
        self.line = 1

    def error(
        self, message: str, token: Token | None = None, item: str | None = None
    ) -> InputError:
        return InputError(
            message, source=self.source, line=token.line if token else self.line, item=item
        )

    def next(self) -> Token:
        text = self.text
        while True:
            if self.pos >= len(text):
                return Token("eof", "", self.line, self.pos, self.pos)
            match = TOKEN.match(text, self.pos)
            assert match is not None  # every character starts some token
            kind = match.lastgroup or ""
            start, end = match.span()
            line = self.line
            self.line += text.count("\n", start, end)
            self.pos = end
            if kind == "space":
                continue
            if kind == "open":
                raise InputError(
                    "unterminated string: expected a closing '\"' (is the file truncated?)",
                    source=self.source,
                    line=line,
                )
            return Token(kind, match.group(), line, start, end)

    def expect(self, kind: str, what: str, item: str | None = None) -> Token:
        token = self.next()
        if token.kind != kind:
            raise self.unexpected(token, what, item)
        return token

    def unexpected(self, token: Token, what: str, item: str | None = None) -> InputError:
        found = token.shown()
        hint = " (is the file truncated?)" if token.kind == "eof" else ""
        return self.error(f"expected {what}, found {found}{hint}", token, item)


def read_number(text: str, lexer: Lexer, token: Token, item: str) -> Fraction:
    try:
        return parse_number(text)
    except ValueError as err:
        raise lexer.error(str(err), token, item) from err


def read_count(token: Token, lexer: Lexer, item: str) -> int:
    if token.kind != "word" or not re.fullmatch(r"\+?\d{1,30}", token.text):
        raise lexer.unexpected(token, "a number of strategies (a positive integer)", item)
    value = int(token.text)
    if value < 1:
        raise lexer.error("a player needs at least one strategy, found 0", token, item)
    return value


def check_unique(names: Sequence[str], what: str, lexer: Lexer, token: Token) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise lexer.error(f"duplicate {what} name {name!r} (names must be unique)", token)
        seen.add(name)
