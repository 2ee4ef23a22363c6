"""The whitelist tokenizer and recursive-descent parser of payoff expressions.

Text becomes a :data:`~stability.io.expressions.tree.Node` tree or an
:class:`~stability.errors.InputError` naming the column and what was expected (see
:mod:`stability.io.expressions` for the grammar). Nesting is checked before
recursing, so no input can exhaust the stack; parsing is linear in the input.

>>> parse_tree("max(a, 1)", {"a"})
Call(function='max', arguments=(Name(name='a'), Number(value=Fraction(1, 1))))
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import sympy

from stability.errors import InputError
from stability.io.expressions.tree import Binary, Call, Name, Node, Number, Power, Unary
from stability.model.exact import parse_number

#: Longest expression accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of parentheses, unary signs and function calls.
MAX_DEPTH = 40
#: Largest absolute integer exponent of ``**``.
MAX_EXPONENT = 8
#: Functions an expression may call, and the sympy function each becomes.
FUNCTIONS = {"min": sympy.Min, "max": sympy.Max, "abs": sympy.Abs}

EXPECTED = (
    "an expression of numbers, parameter names, + - * /, ** with a small integer "
    "exponent, parentheses, min, max and abs"
)

# [0-9], never \d: \d also matches other scripts' digits ("٣", "１"), which TOML refuses.
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/(),])
    """,
    re.VERBOSE | re.ASCII,
)

# Friendly names for characters people (or attackers) try that are not allowed.
_FORBIDDEN = {
    ".": "attribute access ('.')",
    "'": "a string (quote)",
    '"': "a string (quote)",
    "[": "a subscript ('[')",
    "]": "a subscript (']')",
    ":": "':' (as in lambdas or slices)",
    "=": "'=' (as in comparisons or keyword arguments)",
    "<": "a comparison ('<')",
    ">": "a comparison ('>')",
    "!": "'!'",
    "%": "'%' (only + - * / and ** are allowed)",
    "^": "'^' (write powers as **)",
    ";": "';'",
    "@": "'@'",
    "&": "'&'",
    "|": "'|'",
    "~": "'~'",
    "{": "'{'",
    "}": "'}'",
}


# -- tokens and parser -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name", "op", "end" or "bad" (text is the message)
    text: str
    column: int  # 1-based


def _describe(token: _Token) -> str:
    if token.kind == "end":
        return "the end of the expression"
    if token.kind == "number":
        return f"the number {token.text}"
    if token.kind == "name":
        return f"the name {token.text!r}"
    return f"{token.text!r}"


def _too_deep(column: int) -> InputError:
    return InputError(
        f"column {column}: expression nested too deeply (more than {MAX_DEPTH} levels)"
    )


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    open_parentheses = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            what = _FORBIDDEN.get(char, f"the character {char!r}")
            # Reported only when the parser reaches it, so that earlier faults
            # (an unknown function, say) are named first.
            message = f"{what} is not allowed; expected {EXPECTED}"
            tokens.append(_Token("bad", message, position + 1))
            return tokens
        kind = match.lastgroup or "space"
        if kind != "space":
            token = _Token(kind, match.group(), position + 1)
            # Parentheses alone already bound the depth: refuse before any recursion.
            if token.text == "(":
                open_parentheses += 1
                if open_parentheses > MAX_DEPTH:
                    raise _too_deep(token.column)
            elif token.text == ")":
                open_parentheses -= 1
            tokens.append(token)
        position = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


class _Parser:
    """Recursive descent over the grammar::

    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := ("+" | "-") unary | power
    power   := atom ("**" ["+" | "-"] INTEGER)?
    atom    := NUMBER | NAME | FUNCTION "(" sum ("," sum)* ")" | "(" sum ")"

    Each rule returns the tree and whether it contains a power (to refuse
    ``(a**2)**3``).
    """

    def __init__(self, text: str, names: Collection[str]) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.names = names
        self.depth = 0

    # -- token helpers ---------------------------------------------------------------

    @property
    def current(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind == "bad":
            raise InputError(f"column {token.column}: {token.text}")
        return token

    def advance(self) -> _Token:
        token = self.current
        if token.kind != "end":
            self.index += 1
        return token

    def fail(self, message: str, token: _Token | None = None) -> InputError:
        token = token or self.current
        return InputError(f"column {token.column}: {message}")

    def at(self, *operators: str) -> bool:
        token = self.current
        return token.kind == "op" and token.text in operators

    def expect(self, text: str) -> None:
        token = self.current
        if token.kind != "op" or token.text != text:
            raise self.fail(f"expected {text!r}, found {_describe(token)}")
        self.advance()

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _too_deep(self.current.column)

    # -- grammar -----------------------------------------------------------------------

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise InputError(f"empty expression; expected {EXPECTED}")
        tree, _ = self.sum()
        if self.current.kind != "end":
            raise self.fail(
                f"found {_describe(self.current)} where an operator "
                "(+ - * / **) or the end of the expression was expected"
            )
        return tree

    def sum(self) -> tuple[Node, bool]:
        tree, has_power = self.product()
        while self.at("+", "-"):
            operator = self.advance()
            right, right_power = self.product()
            tree = Binary(operator.text, tree, right, operator.column)
            has_power = has_power or right_power
        return tree, has_power

    def product(self) -> tuple[Node, bool]:
        tree, has_power = self.unary()
        while self.at("*", "/"):
            operator = self.advance()
            right, right_power = self.unary()
            tree = Binary(operator.text, tree, right, operator.column)
            has_power = has_power or right_power
        return tree, has_power

    def unary(self) -> tuple[Node, bool]:
        if self.at("+", "-"):
            operator = self.advance()
            self.nest()
            operand, has_power = self.unary()
            self.depth -= 1
            return Unary(operator.text, operand, operator.column), has_power
        return self.power()

    def power(self) -> tuple[Node, bool]:
        base, base_power = self.atom()
        if not self.at("**"):
            return base, base_power
        operator = self.advance()
        if base_power:
            raise self.fail(
                "nested powers (such as (a**2)**3) are not allowed; multiply the exponents",
                operator,
            )
        sign = 1
        if self.at("+", "-"):
            sign = -1 if self.advance().text == "-" else 1
        token = self.current
        if token.kind != "number" or not re.fullmatch(r"[0-9]+", token.text):
            raise self.fail(
                f"the exponent of ** must be an integer from -{MAX_EXPONENT} to "
                f"{MAX_EXPONENT}, found {_describe(token)}"
            )
        self.advance()
        exponent = sign * int(token.text)
        if abs(exponent) > MAX_EXPONENT:
            raise self.fail(
                f"exponent {exponent} is too large (expected an integer from "
                f"-{MAX_EXPONENT} to {MAX_EXPONENT})",
                token,
            )
        if self.at("**"):
            raise self.fail("nested powers (such as 10**10**10) are not allowed")
        return Power(base, exponent, operator.column), True

    def atom(self) -> tuple[Node, bool]:
        token = self.current
        if token.kind == "number":
            self.advance()
            try:
                value = parse_number(token.text)
            except ValueError as err:
                raise self.fail(str(err), token) from err
            return Number(value, token.column), False
        if token.kind == "name":
            self.advance()
            if self.at("("):
                return self.call(token)
            if token.text in FUNCTIONS:
                raise self.fail(f"the function {token.text!r} needs arguments in ( )", token)
            if token.text not in self.names:
                declared = ", ".join(sorted(self.names)) or "none"
                raise self.fail(
                    f"unknown parameter {token.text!r} (declared parameters: {declared})",
                    token,
                )
            return Name(token.text, token.column), False
        if self.at("("):
            self.advance()
            self.nest()
            tree, has_power = self.sum()
            self.expect(")")
            self.depth -= 1
            return tree, has_power
        raise self.fail(f"found {_describe(token)} where a number, a name or '(' was expected")

    def call(self, name: _Token) -> tuple[Node, bool]:
        if name.text not in FUNCTIONS:
            if name.text in self.names:
                raise self.fail(f"{name.text!r} is a parameter, not a function", name)
            raise self.fail(f"unknown function {name.text!r} (expected min, max or abs)", name)
        self.expect("(")
        self.nest()
        arguments: list[Node] = []
        has_power = False
        while True:
            argument, argument_power = self.sum()
            arguments.append(argument)
            has_power = has_power or argument_power
            if self.at(","):
                self.advance()
                continue
            break
        self.expect(")")
        self.depth -= 1
        if name.text == "abs" and len(arguments) != 1:
            raise self.fail(f"abs takes one argument, got {len(arguments)}", name)
        return Call(name.text, tuple(arguments), name.column), has_power


def parse_tree(text: str, names: Collection[str]) -> Node:
    """The tree that ``text`` denotes, over the given parameter names.

    Raises :class:`InputError` (without source or item; callers add them) for
    anything outside the whitelist described in the module docstring.

    >>> parse_tree("-a / 4", {"a"})  # doctest: +NORMALIZE_WHITESPACE
    Binary(operator='/', left=Unary(operator='-', operand=Name(name='a')),
           right=Number(value=Fraction(4, 1)))
    """
    if not isinstance(text, str):
        raise InputError(f"expected a number or an expression string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise InputError(f"expression too long ({len(text)} characters; the limit is {MAX_LENGTH})")
    return _Parser(text, names).parse()
