"""Option-prioritisation statements of a conflict's preferences: parsed, never run as code.

A small grammar over option names (see :mod:`stability.io.conflict`)::

    statement := "if" expr "then" expr | expr
    expr      := term ("|" term)*          # or
    term      := factor ("&" factor)*      # and
    factor    := "-" factor | "(" expr ")" | OPTION      # "-" is not
    OPTION    := an option name, or an option name in double quotes

>>> tree = parse_statement("if A then -B", ["A", "B"])
>>> evaluate_statement(tree, np.array([0, 1, 2, 3])).tolist()
[True, True, True, False]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Statement = tuple[Any, ...]

#: Deepest statement tree accepted (parentheses, negations and chains of ``&``/``|``).
MAX_STATEMENT_DEPTH = 100


def parse_statement(text: str, options: Sequence[str]) -> Statement:
    """A statement's syntax tree; raises ``ValueError`` saying what was expected.

    >>> parse_statement("if A then -B", ["A", "B"])
    ('if', ('option', 0), ('not', ('option', 1)))
    >>> parse_statement("A & (B | -A)", ["A", "B"])
    ('and', ('option', 0), ('or', ('option', 1), ('not', ('option', 0))))
    >>> parse_statement('"Full (US Support)" & -B', ["Full (US Support)", "B"])
    ('and', ('option', 0), ('not', ('option', 1)))
    """
    tokens = _tokens(text, options)
    parser = _StatementParser(tokens, text)
    tree, _ = parser.statement()
    if parser.position != len(tokens):
        raise ValueError(f"unexpected {tokens[parser.position][1]!r} in statement {text!r}")
    return tree


def _tokens(text: str, options: Sequence[str]) -> list[tuple[str, Any]]:
    by_length = sorted(range(len(options)), key=lambda k: -len(options[k]))
    tokens: list[tuple[str, Any]] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
            continue
        if char in "&|()":
            tokens.append((char, char))
            position += 1
            continue
        if char == '"':
            end = text.find('"', position + 1)
            if end < 0:
                raise ValueError(f"unclosed double quote in statement {text!r}")
            name = text[position + 1 : end]
            if name not in options:
                raise ValueError(
                    f"unknown option {name!r} in statement {text!r} "
                    f"(expected one of {', '.join(options)})"
                )
            tokens.append(("option", options.index(name)))
            position = end + 1
            continue
        if char in "-~!":
            tokens.append(("-", char))
            position += 1
            continue
        for keyword in ("if", "then"):
            end = position + len(keyword)
            if (
                text.startswith(keyword, position)
                and (end == len(text) or text[end].isspace())
                and keyword not in options
            ):
                tokens.append((keyword, keyword))
                position = end
                break
        else:
            for k in by_length:
                name = options[k]
                end = position + len(name)
                if text.startswith(name, position) and (
                    end == len(text) or text[end].isspace() or text[end] in "&|()"
                ):
                    tokens.append(("option", k))
                    position = end
                    break
            else:
                word = re.match(r"[^\s&|()]+", text[position:])
                found = word.group(0) if word else char
                raise ValueError(
                    f"unknown option {found!r} in statement {text!r} "
                    f"(expected one of {', '.join(options)})"
                )
    if not tokens:
        raise ValueError("empty statement")
    return tokens


class _StatementParser:
    def __init__(self, tokens: list[tuple[str, Any]], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.position = 0
        self.nesting = 0

    def peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def take(self, kind: str) -> None:
        if self.peek() != kind:
            found = "the end" if self.peek() is None else repr(self.tokens[self.position][1])
            raise ValueError(f"expected {kind!r} but found {found} in statement {self.text!r}")
        self.position += 1

    def statement(self) -> tuple[Statement, int]:
        if self.peek() == "if":
            self.take("if")
            condition, left = self.expr()
            self.take("then")
            result, right = self.expr()
            return self.node(("if", condition, result), left, right)
        return self.expr()

    def node(self, tree: Statement, *depths: int) -> tuple[Statement, int]:
        """``tree`` with its depth; refuses trees deeper than :data:`MAX_STATEMENT_DEPTH`."""
        depth = 1 + max(depths, default=0)
        if depth > MAX_STATEMENT_DEPTH:
            raise ValueError(
                f"statement nested too deeply (more than {MAX_STATEMENT_DEPTH} levels of "
                f"parentheses, '-', '&' and '|'): {shorten(self.text)!r}"
            )
        return tree, depth

    def expr(self) -> tuple[Statement, int]:
        tree, depth = self.term()
        while self.peek() == "|":
            self.take("|")
            right, other = self.term()
            tree, depth = self.node(("or", tree, right), depth, other)
        return tree, depth

    def term(self) -> tuple[Statement, int]:
        tree, depth = self.factor()
        while self.peek() == "&":
            self.take("&")
            right, other = self.factor()
            tree, depth = self.node(("and", tree, right), depth, other)
        return tree, depth

    def factor(self) -> tuple[Statement, int]:
        kind = self.peek()
        self.nesting += 1
        if self.nesting > MAX_STATEMENT_DEPTH:
            self.node((), MAX_STATEMENT_DEPTH)
        try:
            if kind == "-":
                self.take("-")
                inner, depth = self.factor()
                return self.node(("not", inner), depth)
            if kind == "(":
                self.take("(")
                found = self.expr()
                self.take(")")
                return found
            if kind == "option":
                value = self.tokens[self.position][1]
                self.position += 1
                return ("option", int(value)), 1
        finally:
            self.nesting -= 1
        shown = "the end" if kind is None else repr(self.tokens[self.position][1])
        raise ValueError(
            f"expected an option, '-' or '(' but found {shown} in statement {self.text!r}"
        )


def shorten(text: str) -> str:
    """``text`` cut to about 60 characters for a message."""
    return text if len(text) <= 60 else text[:40] + "…" + text[-15:]


def evaluate_statement(tree: Statement, codes: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which state codes satisfy a parsed statement.

    >>> evaluate_statement(("not", ("option", 0)), np.array([0, 1, 2, 3])).tolist()
    [True, False, True, False]
    """
    kind = tree[0]
    if kind == "option":
        result: npt.NDArray[np.bool_] = (codes >> tree[1] & 1).astype(bool)
        return result
    if kind == "not":
        return ~evaluate_statement(tree[1], codes)
    left = evaluate_statement(tree[1], codes)
    right = evaluate_statement(tree[2], codes)
    if kind == "and":
        return left & right
    if kind == "or":
        return left | right
    return ~left | right  # "if"
