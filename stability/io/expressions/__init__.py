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

The package: :mod:`~stability.io.expressions.tree` (the nodes and folding),
:mod:`~stability.io.expressions.parser` (tokens and parser),
:mod:`~stability.io.expressions.translate` (to sympy, to JavaScript, the entry points).

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

from stability.io.expressions.parser import (
    EXPECTED,
    FUNCTIONS,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    parse_tree,
)
from stability.io.expressions.translate import (
    SIMPLIFY_MIN_MAX,
    parse_expression,
    parse_value,
    to_javascript,
    to_sympy,
    value_tree,
)
from stability.io.expressions.tree import (
    Binary,
    Call,
    Name,
    Node,
    Number,
    Power,
    Unary,
    children,
    fold,
    names_in,
)
from stability.model.symbolic import exact_value  # its earlier home was here

__all__ = [
    "EXPECTED",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "SIMPLIFY_MIN_MAX",
    "Binary",
    "Call",
    "Name",
    "Node",
    "Number",
    "Power",
    "Unary",
    "children",
    "exact_value",
    "fold",
    "names_in",
    "parse_expression",
    "parse_tree",
    "parse_value",
    "to_javascript",
    "to_sympy",
    "value_tree",
]
