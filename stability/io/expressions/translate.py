"""Payoff expression trees translated: to exact sympy, to JavaScript, and the entry points.

:func:`parse_expression` and :func:`parse_value` parse (through
:func:`~stability.io.expressions.parser.parse_tree`) and translate to sympy, checking
the result is defined and of bounded magnitude.

>>> from stability.io.expressions import parse_tree
>>> to_javascript(parse_tree("min(a, 2) / 4", {"a"}), lambda name: name)
'Math.min(a, 2.0)/4.0'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import sympy

from stability.errors import InputError
from stability.io.expressions.parser import FUNCTIONS, parse_tree
from stability.io.expressions.tree import Binary, Name, Node, Number, Power, Unary, fold
from stability.model.exact import check_magnitude, parse_number

#: ``min``/``max`` with more distinct symbolic arguments than this are built without
#: sympy's pairwise simplification (which is quadratic, with costly comparisons).
SIMPLIFY_MIN_MAX = 8


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
    sympy_function = FUNCTIONS[function]
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
