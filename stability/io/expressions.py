"""Payoff expressions: a small whitelist parser that turns untrusted text into a tree.

Scenario files hold payoffs and weights as text such as ``"threat - 2*dispute"``.
That text is never given to ``eval``, ``exec``, ``sympify`` or ``parse_expr``: this
module tokenises it and parses it by recursive descent into a small immutable tree
(:data:`Node`: :class:`Number`, :class:`Name`, :class:`Unary`, :class:`Binary`,
:class:`Power`, :class:`Call`), accepting only

- numbers: integers and decimals in ASCII digits (``3``, ``0.25``, ``1e-3``), kept exact;
- declared parameter names;
- ``+``, ``-`` (also unary), ``*``, ``/`` and parentheses;
- ``**`` with an integer exponent from -8 to 8 (no nested powers such as
  ``10**10**10`` or ``(a**2)**3``);
- the functions ``min``, ``max`` (one or more arguments) and ``abs`` (one).

The tree is then turned into sympy (:func:`to_sympy`, exact) or into JavaScript
(:func:`to_javascript`, floating point, for the interactive explorer). Anything
else raises :class:`~stability.errors.InputError` saying what was found, where
(column) and what was expected. Expressions are limited to :data:`MAX_LENGTH`
characters and :data:`MAX_DEPTH` levels of nesting (checked before recursing, so
no input can exhaust the stack); parsing is linear in the input.

>>> import sympy
>>> threat, dispute = sympy.symbols("threat dispute")
>>> parse_expression("threat - 2*dispute + 0.5", {"threat": threat, "dispute": dispute})
-2*dispute + threat + 1/2
>>> parse_expression("max(threat, 1)**2", {"threat": threat})
Max(1, threat)**2
>>> parse_tree("max(threat, 1)", {"threat"})
Call(function='max', arguments=(Name(name='threat'), Number(value=Fraction(1, 1))))
>>> parse_expression("__import__('os')", {})
Traceback (most recent call last):
...
stability.errors.InputError: column 1: unknown function '__import__' (expected min, max or abs)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

import sympy

from stability.errors import InputError
from stability.model.exact import check_magnitude, parse_number
from stability.model.symbolic import exact_value as exact_value  # re-exported: its old home

#: Longest expression accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of parentheses, unary signs and function calls.
MAX_DEPTH = 40
#: Largest absolute integer exponent of ``**``.
MAX_EXPONENT = 8
#: Functions an expression may call, and the sympy function each becomes.
FUNCTIONS = {"min": sympy.Min, "max": sympy.Max, "abs": sympy.Abs}
#: ``min``/``max`` with more distinct symbolic arguments than this are built without
#: sympy's pairwise simplification (which is quadratic, with costly comparisons).
SIMPLIFY_MIN_MAX = 8

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


# -- the tree ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """An exact number."""

    value: Fraction
    column: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Name:
    """A parameter name."""

    name: str
    column: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Unary:
    """``+operand`` or ``-operand``."""

    operator: str
    operand: Node
    column: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Binary:
    """``left OP right`` for OP one of ``+ - * /``."""

    operator: str
    left: Node
    right: Node
    column: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Power:
    """``base ** exponent`` with a small integer exponent."""

    base: Node
    exponent: int
    column: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Call:
    """``min(...)``, ``max(...)`` or ``abs(x)``."""

    function: str
    arguments: tuple[Node, ...]
    column: int = field(default=0, compare=False, repr=False)


Node = Number | Name | Unary | Binary | Power | Call

T = TypeVar("T")


def children(node: Node) -> tuple[Node, ...]:
    """The operands of a node, left to right.

    >>> children(Binary("+", Name("a"), Number(Fraction(1))))
    (Name(name='a'), Number(value=Fraction(1, 1)))
    """
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Power):
        return (node.base,)
    if isinstance(node, Call):
        return node.arguments
    return ()


def fold(node: Node, combine: Callable[[Node, list[T]], T]) -> T:
    """``combine(node, [fold(child) ...])`` bottom-up, without recursion.

    Sums such as ``1 + 1 + ... + 1`` make trees as deep as they are long; an
    explicit stack keeps any of them within bounded Python stack.

    >>> fold(parse_tree("1 + 2*a", {"a"}), lambda n, kids: 1 + sum(kids))
    5
    """
    results: list[T] = []
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, expanded = stack.pop()
        if expanded:
            count = len(children(current))
            start = len(results) - count
            value = combine(current, results[start:])
            del results[start:]
            results.append(value)
        else:
            stack.append((current, True))
            stack.extend((child, False) for child in reversed(children(current)))
    return results[0]


def names_in(node: Node) -> set[str]:
    """The parameter names a tree uses.

    >>> sorted(names_in(parse_tree("a*b - min(a, 2)", {"a", "b"})))
    ['a', 'b']
    """

    def combine(current: Node, parts: list[set[str]]) -> set[str]:
        found: set[str] = {current.name} if isinstance(current, Name) else set()
        return found.union(*parts)

    return fold(node, combine)


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


# -- to sympy --------------------------------------------------------------------------------


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def _min_max(function: str, arguments: Sequence[sympy.Expr]) -> sympy.Expr:
    """``Min``/``Max`` of the arguments, in time linear in their number.

    Numbers are folded into one and repeated arguments dropped first; sympy's own
    simplification (pairwise comparisons) runs only for a few symbolic arguments.
    """
    pick = min if function == "min" else max
    numbers = [a for a in arguments if isinstance(a, sympy.Rational)]
    symbolic = list(dict.fromkeys(a for a in arguments if not isinstance(a, sympy.Rational)))
    folded = [pick(numbers)] if numbers else []
    if not symbolic:
        return folded[0]
    sympy_function = sympy.Min if function == "min" else sympy.Max
    if len(symbolic) <= SIMPLIFY_MIN_MAX:
        result: sympy.Expr = sympy_function(*symbolic, *folded)
    else:
        result = sympy_function(*symbolic, *folded, evaluate=False)
    return result


def to_sympy(tree: Node, symbols: Mapping[str, sympy.Symbol]) -> sympy.Expr:
    """The exact sympy expression of a tree (names looked up in ``symbols``).

    Raises :class:`InputError` with the column for a division by zero.

    >>> a = sympy.Symbol("a")
    >>> to_sympy(parse_tree("a/2 + min(a, 1, 3)", {"a"}), {"a": a})
    a/2 + Min(1, a)
    """

    def combine(node: Node, parts: list[sympy.Expr]) -> sympy.Expr:
        if isinstance(node, Number):
            return _rational(node.value)
        if isinstance(node, Name):
            return symbols[node.name]
        if isinstance(node, Unary):
            return -parts[0] if node.operator == "-" else parts[0]
        if isinstance(node, Binary):
            left, right = parts
            if node.operator == "+":
                return left + right
            if node.operator == "-":
                return left - right
            if node.operator == "*":
                return left * right
            if right.is_zero:
                raise InputError(f"column {node.column}: division by zero")
            return left / right
        if isinstance(node, Power):
            if node.exponent < 0 and parts[0].is_zero:
                raise InputError(
                    f"column {node.column}: division by zero (zero to a negative power)"
                )
            return parts[0] ** node.exponent
        if node.function == "abs":
            return sympy.Abs(parts[0])
        return _min_max(node.function, parts)

    return fold(tree, combine)


# -- to JavaScript -----------------------------------------------------------------------------

# Precedence of the JavaScript each node becomes (higher binds tighter).
_ATOM, _UNARY, _PRODUCT, _SUM = 4, 3, 2, 1


def _js_number(value: Fraction) -> str:
    number = float(value)
    if not math.isfinite(number):  # pragma: no cover - check_magnitude bounds values
        raise InputError(f"the number {value} has no floating-point value")
    text = repr(number)
    return f"({text})" if number < 0 else text


def to_javascript(tree: Node, variable: Callable[[str], str]) -> str:
    """A JavaScript expression computing the tree in floating point.

    ``variable(name)`` gives the JavaScript for each parameter (for example an
    array element). Only numbers, the given variables, ``+ - * /``, ``Math.pow``,
    ``Math.min``, ``Math.max`` and ``Math.abs`` appear in the result: it is built
    from the tree, never from the text.

    >>> to_javascript(parse_tree("-a**2 / 4 + max(a, 1/2)", {"a"}), lambda n: f"v.{n}")
    '-Math.pow(v.a, 2)/4.0+Math.max(v.a, 1.0/2.0)'
    """

    def combine(node: Node, parts: list[tuple[str, int]]) -> tuple[str, int]:
        if isinstance(node, Number):
            return _js_number(node.value), _ATOM
        if isinstance(node, Name):
            return variable(node.name), _ATOM
        if isinstance(node, Unary):
            code, precedence = parts[0]
            if precedence < _UNARY:
                code = f"({code})"
            # A space keeps "- -x" from becoming the decrement operator "--x".
            return (f"{node.operator} {code}" if code[0] in "+-" else node.operator + code), _UNARY
        if isinstance(node, Binary):
            (left, left_precedence), (right, right_precedence) = parts
            precedence = _SUM if node.operator in "+-" else _PRODUCT
            if left_precedence < precedence:
                left = f"({left})"
            # Left-associative: the right operand needs parentheses at equal precedence.
            if right_precedence <= precedence:
                right = f"({right})"
            # A space keeps "a - -b" from becoming "a--b" (the decrement operator).
            separator = " " if right[0] in "+-" else ""
            return f"{left}{node.operator}{separator}{right}", precedence
        if isinstance(node, Power):
            return f"Math.pow({parts[0][0]}, {node.exponent})", _ATOM
        arguments = ", ".join(code for code, _ in parts)
        return f"Math.{node.function}({arguments})", _ATOM

    return fold(tree, combine)[0]


# -- entry points ----------------------------------------------------------------------------


def _checked(expression: sympy.Expr) -> sympy.Expr:
    if expression.has(sympy.zoo, sympy.oo, sympy.nan, -sympy.oo):
        raise InputError("the expression is undefined (division by zero)")
    for number in expression.atoms(sympy.Rational):
        try:
            check_magnitude(Fraction(int(number.p), int(number.q)))
        except ValueError as err:
            raise InputError(str(err)) from None
    return expression


def parse_expression(text: str, symbols: Mapping[str, sympy.Symbol]) -> sympy.Expr:
    """The sympy expression that ``text`` denotes, over the given parameter symbols.

    Raises :class:`InputError` (without source or item; callers add them) for
    anything outside the whitelist described in the module docstring.

    >>> a = sympy.Symbol("a")
    >>> parse_expression("-a**2 / 4", {"a": a})
    -a**2/4
    """
    return _checked(to_sympy(parse_tree(text, symbols.keys()), symbols))


def value_tree(value: object, names: Collection[str]) -> Node:
    """A payoff or weight as TOML gives it (integer, decimal or string) as a tree.

    >>> value_tree(3, set()), value_tree(Decimal("0.25"), set())
    (Number(value=Fraction(3, 1)), Number(value=Fraction(1, 4)))
    """
    if isinstance(value, bool):
        raise InputError(f"expected a number or an expression string, got {value!r}")
    if isinstance(value, int | Decimal | Fraction | float):
        try:
            return Number(parse_number(str(value) if isinstance(value, Decimal) else value))
        except ValueError as err:
            raise InputError(str(err)) from err
    if isinstance(value, str):
        return parse_tree(value, names)
    raise InputError(f"expected a number or an expression string, got {type(value).__name__}")


def parse_value(value: object, symbols: Mapping[str, sympy.Symbol]) -> sympy.Expr:
    """A payoff or weight as TOML gives it (integer, decimal or string) as sympy.

    >>> parse_value(3, {}), parse_value(Decimal("0.25"), {}), parse_value("3/2", {})
    (3, 1/4, 3/2)
    """
    return _checked(to_sympy(value_tree(value, symbols.keys()), symbols))
