"""Payoff expressions: a small whitelist parser that turns untrusted text into sympy.

Scenario files hold payoffs and weights as text such as ``"threat - 2*dispute"``.
That text is never given to ``eval``, ``exec``, ``sympify`` or ``parse_expr``: this
module tokenises it and parses it by recursive descent, accepting only

- numbers: integers and decimals (``3``, ``0.25``, ``1e-3``), kept exact;
- declared parameter names;
- ``+``, ``-`` (also unary), ``*``, ``/`` and parentheses;
- ``**`` with an integer exponent from -8 to 8 (no nested powers such as
  ``10**10**10`` or ``(a**2)**3``);
- the functions ``min``, ``max`` (one or more arguments) and ``abs`` (one).

Anything else raises :class:`~stability.errors.InputError` saying what was found,
where (column) and what was expected. Expressions are limited to
:data:`MAX_LENGTH` characters and :data:`MAX_DEPTH` levels of nesting.

>>> import sympy
>>> threat, dispute = sympy.symbols("threat dispute")
>>> parse_expression("threat - 2*dispute + 0.5", {"threat": threat, "dispute": dispute})
-2*dispute + threat + 1/2
>>> parse_expression("max(threat, 1)**2", {"threat": threat})
Max(1, threat)**2
>>> parse_expression("__import__('os')", {})
Traceback (most recent call last):
...
stability.errors.InputError: column 1: unknown function '__import__' (expected min, max or abs)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import sympy

from stability.errors import InputError
from stability.model.exact import check_magnitude, parse_number

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

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/(),])
    """,
    re.VERBOSE,
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


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
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
            tokens.append(_Token(kind, match.group(), position + 1))
        position = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


class _Parser:
    """Recursive descent over the grammar::

    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := ("+" | "-") unary | power
    power   := atom ("**" ["+" | "-"] INTEGER)?
    atom    := NUMBER | NAME | FUNCTION "(" sum ("," sum)* ")" | "(" sum ")"
    """

    def __init__(self, text: str, symbols: Mapping[str, sympy.Symbol]) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.symbols = symbols
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

    def expect(self, text: str) -> None:
        token = self.current
        if token.kind != "op" or token.text != text:
            raise self.fail(f"expected {text!r}, found {_describe(token)}")
        self.advance()

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"expression nested too deeply (more than {MAX_DEPTH} levels)")

    # -- grammar -----------------------------------------------------------------------

    def parse(self) -> sympy.Expr:
        if self.current.kind == "end":
            raise InputError(f"empty expression; expected {EXPECTED}")
        value, _ = self.sum()
        if self.current.kind != "end":
            raise self.fail(
                f"found {_describe(self.current)} where an operator "
                "(+ - * / **) or the end of the expression was expected"
            )
        return value

    def sum(self) -> tuple[sympy.Expr, bool]:
        value, has_power = self.product()
        while self.current.kind == "op" and self.current.text in "+-":
            operator = self.advance().text
            right, right_power = self.product()
            value = value + right if operator == "+" else value - right
            has_power = has_power or right_power
        return value, has_power

    def product(self) -> tuple[sympy.Expr, bool]:
        value, has_power = self.unary()
        while self.current.kind == "op" and self.current.text in ("*", "/"):
            operator = self.advance()
            right, right_power = self.unary()
            if operator.text == "*":
                value = value * right
            else:
                if right.is_zero:
                    raise self.fail("division by zero", operator)
                value = value / right
            has_power = has_power or right_power
        return value, has_power

    def unary(self) -> tuple[sympy.Expr, bool]:
        if self.current.kind == "op" and self.current.text in "+-":
            operator = self.advance().text
            self.nest()
            value, has_power = self.unary()
            self.depth -= 1
            return (-value if operator == "-" else value), has_power
        return self.power()

    def power(self) -> tuple[sympy.Expr, bool]:
        base, base_power = self.atom()
        if not (self.current.kind == "op" and self.current.text == "**"):
            return base, base_power
        operator = self.advance()
        if base_power:
            raise self.fail(
                "nested powers (such as (a**2)**3) are not allowed; multiply the exponents",
                operator,
            )
        sign = 1
        if self.current.kind == "op" and self.current.text in "+-":
            sign = -1 if self.advance().text == "-" else 1
        token = self.current
        if token.kind != "number" or not token.text.isdigit():
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
        if self.current.kind == "op" and self.current.text == "**":
            raise self.fail("nested powers (such as 10**10**10) are not allowed")
        if exponent < 0 and base.is_zero:
            raise self.fail("division by zero (zero to a negative power)", operator)
        return base**exponent, True

    def atom(self) -> tuple[sympy.Expr, bool]:
        token = self.current
        if token.kind == "number":
            self.advance()
            try:
                value = parse_number(token.text)
            except ValueError as err:
                raise self.fail(str(err), token) from err
            return _rational(value), False
        if token.kind == "name":
            self.advance()
            if self.current.kind == "op" and self.current.text == "(":
                return self.call(token)
            if token.text in FUNCTIONS:
                raise self.fail(f"the function {token.text!r} needs arguments in ( )", token)
            symbol = self.symbols.get(token.text)
            if symbol is None:
                declared = ", ".join(sorted(self.symbols)) or "none"
                raise self.fail(
                    f"unknown parameter {token.text!r} (declared parameters: {declared})",
                    token,
                )
            return symbol, False
        if token.kind == "op" and token.text == "(":
            self.advance()
            self.nest()
            value, has_power = self.sum()
            self.expect(")")
            self.depth -= 1
            return value, has_power
        raise self.fail(f"found {_describe(token)} where a number, a name or '(' was expected")

    def call(self, name: _Token) -> tuple[sympy.Expr, bool]:
        function = FUNCTIONS.get(name.text)
        if function is None:
            if name.text in self.symbols:
                raise self.fail(f"{name.text!r} is a parameter, not a function", name)
            raise self.fail(f"unknown function {name.text!r} (expected min, max or abs)", name)
        self.expect("(")
        self.nest()
        arguments: list[sympy.Expr] = []
        has_power = False
        while True:
            value, value_power = self.sum()
            arguments.append(value)
            has_power = has_power or value_power
            if self.current.kind == "op" and self.current.text == ",":
                self.advance()
                continue
            break
        self.expect(")")
        self.depth -= 1
        if name.text == "abs" and len(arguments) != 1:
            raise self.fail(f"abs takes one argument, got {len(arguments)}", name)
        result: sympy.Expr = function(*arguments)
        return result, has_power


def parse_expression(text: str, symbols: Mapping[str, sympy.Symbol]) -> sympy.Expr:
    """The sympy expression that ``text`` denotes, over the given parameter symbols.

    Raises :class:`InputError` (without source or item; callers add them) for
    anything outside the whitelist described in the module docstring.

    >>> a = sympy.Symbol("a")
    >>> parse_expression("-a**2 / 4", {"a": a})
    -a**2/4
    """
    if not isinstance(text, str):
        raise InputError(f"expected a number or an expression string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise InputError(f"expression too long ({len(text)} characters; the limit is {MAX_LENGTH})")
    expression = _Parser(text, symbols).parse()
    if expression.has(sympy.zoo, sympy.oo, sympy.nan, -sympy.oo):
        raise InputError("the expression is undefined (division by zero)")
    for number in expression.atoms(sympy.Rational):
        try:
            check_magnitude(Fraction(int(number.p), int(number.q)))
        except ValueError as err:
            raise InputError(str(err)) from None
    return expression


def parse_value(value: object, symbols: Mapping[str, sympy.Symbol]) -> sympy.Expr:
    """A payoff or weight as TOML gives it (integer, decimal or string) as sympy.

    >>> parse_value(3, {}), parse_value(Decimal("0.25"), {}), parse_value("3/2", {})
    (3, 1/4, 3/2)
    """
    if isinstance(value, bool):
        raise InputError(f"expected a number or an expression string, got {value!r}")
    if isinstance(value, int | Decimal | Fraction | float):
        try:
            return _rational(parse_number(str(value) if isinstance(value, Decimal) else value))
        except ValueError as err:
            raise InputError(str(err)) from err
    if isinstance(value, str):
        return parse_expression(value, symbols)
    raise InputError(f"expected a number or an expression string, got {type(value).__name__}")


def exact_value(expression: sympy.Expr, values: Mapping[sympy.Symbol, sympy.Rational]) -> Fraction:
    """The exact value of ``expression`` with every symbol replaced by a rational.

    Raises :class:`InputError` when the result is not a finite rational (for
    example a division by a parameter that is zero at these values).

    >>> a = sympy.Symbol("a")
    >>> exact_value(a / 3 + 1, {a: sympy.Rational(1, 2)})
    Fraction(7, 6)
    """
    result = expression.xreplace(values)
    if not isinstance(result, sympy.Rational):
        raise InputError(f"{expression} is undefined at these parameter values ({result})")
    try:
        return check_magnitude(Fraction(int(result.p), int(result.q)))
    except ValueError as err:
        raise InputError(f"{expression} at these parameter values: {err}") from None
