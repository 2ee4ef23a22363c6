"""The tree of a payoff expression: immutable nodes and bottom-up folding.

:data:`Node` is one of :class:`Number`, :class:`Name`, :class:`Unary`,
:class:`Binary`, :class:`Power` and :class:`Call`; :func:`fold` walks a tree
without recursion (a sum of thousands of terms is as deep as it is long).

>>> tree = Binary("*", Number(Fraction(2)), Name("a"))
>>> children(tree), sorted(names_in(tree))
((Number(value=Fraction(2, 1)), Name(name='a')), ['a'])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeVar

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

    >>> from stability.io.expressions import parse_tree
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

    >>> from stability.io.expressions import parse_tree
    >>> sorted(names_in(parse_tree("a*b - min(a, 2)", {"a", "b"})))
    ['a', 'b']
    """

    def combine(current: Node, parts: list[set[str]]) -> set[str]:
        found: set[str] = {current.name} if isinstance(current, Name) else set()
        return found.union(*parts)

    return fold(node, combine)
