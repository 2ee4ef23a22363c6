"""The whitelist expression parser: known parses, rejections and fuzzing."""

from __future__ import annotations

import builtins
from fractions import Fraction
from typing import Any

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from stability.errors import InputError
from stability.io.expressions import MAX_LENGTH, exact_value, parse_expression, parse_value

A, B = sympy.symbols("a b")
SYMBOLS = {"a": A, "b": B}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", sympy.Integer(3)),
        ("0.25", sympy.Rational(1, 4)),
        ("1e-3", sympy.Rational(1, 1000)),
        (".5", sympy.Rational(1, 2)),
        ("3/2", sympy.Rational(3, 2)),
        ("a - 2*b", A - 2 * B),
        ("-a**2", -(A**2)),
        ("(-a)**2", A**2),
        ("a**-1", 1 / A),
        ("2**8", sympy.Integer(256)),
        ("min(a, b, 3)", sympy.Min(A, B, 3)),
        ("max(a, 1) - abs(b)", sympy.Max(A, 1) - sympy.Abs(B)),
        ("  ( ( a ) )  ", A),
        ("1 + " * 400 + "1", sympy.Integer(401)),
        ("a/b/2", A / B / 2),
        ("2*a**2/4", A**2 / 2),
    ],
)
def test_known_parses(text: str, expected: sympy.Expr) -> None:
    assert sympy.simplify(parse_expression(text, SYMBOLS) - expected) == 0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("__import__('os').system('touch /tmp/stability-pwned')", "unknown function '__import__'"),
        ("a.real", "attribute access"),
        ("lambda: 1", "':'"),
        ("a[0]", "subscript"),
        ("a < b", "comparison"),
        ("a == b", "'='"),
        ("'text'", "string"),
        ("c + 1", "unknown parameter 'c'"),
        ("sin(a)", "unknown function 'sin'"),
        ("max(a, key=b)", "'='"),
        ("10**10**10", "exponent"),
        ("2**3**2", "nested powers"),
        ("(a**2)**3", "nested powers"),
        ("a**9", "exponent 9 is too large"),
        ("a**-9", "exponent -9 is too large"),
        ("a**b", "must be an integer"),
        ("a**0.5", "must be an integer"),
        ("1/0", "division by zero"),
        ("a/(b-b)", "division by zero"),
        ("0**-2", "division by zero"),
        ("", "empty expression"),
        ("   ", "empty expression"),
        ("a +", "where a number, a name or '(' was expected"),
        ("(a", "expected ')'"),
        ("a)", "where an operator"),
        ("2a", "where an operator"),
        ("abs(a, b)", "abs takes one argument"),
        ("max()", "where a number"),
        ("min", "needs arguments"),
        ("a(2)", "is a parameter, not a function"),
        ("1e999", "out of range"),
        ("a % 2", "'%'"),
        ("a ^ 2", "write powers as **"),
        ("-" * 60 + "a", "nested too deeply"),
        ("(" * 60 + "a" + ")" * 60, "nested too deeply"),
        ("1+" * MAX_LENGTH + "1", "too long"),
        ("[1, 2]", "subscript"),
        ("{1: 2}", "'{'"),
        ("a if b else 1", "where an operator"),
        ("not a", "unknown parameter 'not'"),
        ("1_000", "where an operator"),
        ("a;b", "';'"),
    ],
)
def test_rejections(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        parse_expression(text, SYMBOLS)
    assert fragment in str(info.value)


def test_attack_executes_nothing(tmp_path: Any) -> None:
    target = tmp_path / "pwned"
    with pytest.raises(InputError):
        parse_expression(f"__import__('os').system('touch {target}')", SYMBOLS)
    assert not target.exists()


@pytest.mark.parametrize("value", [True, None, [1], {"a": 1}, 1.5j])
def test_parse_value_rejects_non_numbers(value: object) -> None:
    with pytest.raises(InputError):
        parse_value(value, SYMBOLS)


def test_exact_value_undefined() -> None:
    with pytest.raises(InputError, match="undefined"):
        exact_value(1 / A, {A: sympy.Integer(0)})


ALPHABET = "ab01234567 89.+-*/(),_ermaxinbsoit'\"[]:=<>%^;@lambd{}\\\n\t" + "é\x00"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60) | st.text(max_size=40))
def test_random_text_only_input_errors(text: str) -> None:
    original_eval, original_exec = builtins.eval, builtins.exec

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec called")

    builtins.eval, builtins.exec = refuse, refuse  # type: ignore[assignment]
    try:
        result = parse_expression(text, SYMBOLS)
    except InputError:
        return
    finally:
        builtins.eval, builtins.exec = original_eval, original_exec
    assert isinstance(result, sympy.Expr)
    assert result.free_symbols <= {A, B}


# -- valid random expressions against a reference evaluation with Fractions -------------

Tree = tuple[str, Any]

NUMBERS = st.one_of(
    st.integers(0, 50).map(str),
    st.tuples(st.integers(0, 20), st.integers(0, 99)).map(lambda p: f"{p[0]}.{p[1]:02d}"),
)
LEAVES = st.one_of(
    NUMBERS.map(lambda t: ("num", t)), st.sampled_from(["a", "b"]).map(lambda n: ("name", n))
)


def _extend(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.one_of(
        st.tuples(st.sampled_from("+-*/"), children, children).map(lambda t: ("bin", t)),
        children.map(lambda c: ("neg", c)),
        st.tuples(children, st.integers(-3, 3)).map(lambda t: ("pow", t)),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=1, max_size=3)).map(
            lambda t: ("call", t)
        ),
        children.map(lambda c: ("abs", c)),
    )


TREES = st.recursive(LEAVES, _extend, max_leaves=12)


def _has_pow(tree: Tree) -> bool:
    kind, body = tree
    if kind == "pow":
        return True
    if kind == "bin":
        return _has_pow(body[1]) or _has_pow(body[2])
    if kind in ("neg", "abs"):
        return _has_pow(body)
    if kind == "call":
        return any(_has_pow(c) for c in body[1])
    return False


def _render(tree: Tree) -> str:
    kind, body = tree
    if kind in ("num", "name"):
        return str(body)
    if kind == "bin":
        return f"({_render(body[1])} {body[0]} {_render(body[2])})"
    if kind == "neg":
        return f"-({_render(body)})"
    if kind == "pow":
        return f"({_render(body[0])})**{body[1]}"
    if kind == "abs":
        return f"abs({_render(body)})"
    return f"{body[0]}({', '.join(_render(c) for c in body[1])})"


def _reference(tree: Tree, values: dict[str, Fraction]) -> Fraction:
    kind, body = tree
    if kind == "num":
        return Fraction(body)
    if kind == "name":
        return values[body]
    if kind == "bin":
        left, right = _reference(body[1], values), _reference(body[2], values)
        return {"+": left + right, "-": left - right, "*": left * right}.get(
            body[0], left / right if right else Fraction(1, 0)
        )
    if kind == "neg":
        return -_reference(body, values)
    if kind == "pow":
        base = _reference(body[0], values)
        return base ** body[1]
    if kind == "abs":
        return abs(_reference(body, values))
    items = [_reference(c, values) for c in body[1]]
    return min(items) if body[0] == "min" else max(items)


def _valid(tree: Tree) -> bool:
    kind, body = tree
    if kind == "pow":
        return not _has_pow(body[0]) and _valid(body[0])
    if kind == "bin":
        return _valid(body[1]) and _valid(body[2])
    if kind in ("neg", "abs"):
        return _valid(body)
    if kind == "call":
        return all(_valid(c) for c in body[1])
    return True


VALUES = st.fractions(min_value=-20, max_value=20, max_denominator=12)


@settings(max_examples=300, deadline=None)
@given(TREES, VALUES, VALUES)
def test_valid_expressions_match_fraction_reference(
    tree: Tree, a_value: Fraction, b_value: Fraction
) -> None:
    assume(_valid(tree))
    values = {"a": a_value, "b": b_value}
    try:
        expected = _reference(tree, values)
    except ZeroDivisionError:
        assume(False)
        return
    text = _render(tree)
    try:
        expression = parse_expression(text, SYMBOLS)
    except InputError as err:
        # Only a division by something identically zero may be refused.
        assert "division by zero" in str(err) or "nested too deeply" in str(err), err
        return
    substitution = {A: sympy.Rational(a_value.numerator, a_value.denominator),
                    B: sympy.Rational(b_value.numerator, b_value.denominator)}
    assert exact_value(expression, substitution) == expected
