"""The expression tree: depth limits, linear min/max, ASCII digits, sympy and JavaScript."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from fractions import Fraction

import pytest
import sympy

from stability.errors import InputError
from stability.io.expressions import (
    Binary,
    Call,
    Name,
    Number,
    Power,
    Unary,
    exact_value,
    fold,
    parse_expression,
    parse_tree,
    to_javascript,
    to_sympy,
)
from stability.io.expressions import parser as expression_parser

A, B = sympy.symbols("a b")
SYMBOLS = {"a": A, "b": B}


def test_tree_shape_and_immutability() -> None:
    tree = parse_tree("-a**2 + min(b, 3/2) * abs(a)", {"a", "b"})
    assert tree == Binary(
        "+",
        Unary("-", Power(Name("a"), 2)),
        Binary(
            "*",
            Call("min", (Name("b"), Binary("/", Number(Fraction(3)), Number(Fraction(2))))),
            Call("abs", (Name("a"),)),
        ),
    )
    with pytest.raises(AttributeError):
        tree.operator = "-"  # type: ignore[misc]
    assert hash(tree) == hash(parse_tree("-a**2 + min(b, 3/2) * abs(a)", {"a", "b"}))


def test_to_sympy_is_what_parse_expression_gives() -> None:
    text = "a*(b - 1/3)**2 - max(a, b, 2) / 4 + abs(-a)"
    assert to_sympy(parse_tree(text, SYMBOLS.keys()), SYMBOLS) == parse_expression(text, SYMBOLS)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 5000 + "a" + ")" * 5000,
        "-" * 5000 + "a",
        "+-" * 3000 + "a",
        "min(" * 3000 + "a" + ")" * 3000,
        "abs(" * 3000 + "a" + ")" * 3000,
        "a*(" * 3000 + "b" + ")" * 3000,
    ],
)
def test_thousands_deep_is_an_input_error_with_a_column(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The length limit alone would refuse these; lift it to test the depth limit.
    monkeypatch.setattr(expression_parser, "MAX_LENGTH", 10**6)
    with pytest.raises(InputError, match=r"column \d+: expression nested too deeply"):
        parse_expression(text, SYMBOLS)


def test_long_flat_sums_need_no_deep_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(expression_parser, "MAX_LENGTH", 10**6)
    text = "a + " * 6000 + "1"
    tree = parse_tree(text, {"a"})
    assert parse_expression(text, SYMBOLS) == 6000 * A + 1
    assert fold(tree, lambda node, parts: 1 + sum(parts)) == 12001
    assert to_javascript(tree, lambda name: "x").count("(") == 0


@pytest.mark.parametrize("count", [9, 150, 330])
@pytest.mark.parametrize("function", ["min", "max"])
def test_min_max_over_many_parameters_is_correct(function: str, count: int) -> None:
    names = [f"p{k}" for k in range(count)]
    symbols = {name: sympy.Symbol(name) for name in names}
    text = f"{function}({', '.join(names)}, 7/2, {names[0]}, -1/2)"
    expression = parse_expression(text, symbols)
    assert expression.free_symbols == set(symbols.values())
    rng = random.Random(count)
    for _ in range(5):
        values = {name: Fraction(rng.randint(-50, 50), rng.randint(1, 9)) for name in names}
        pick = min if function == "min" else max
        expected = pick([*values.values(), Fraction(7, 2), Fraction(-1, 2)])
        substitution = {
            symbols[n]: sympy.Rational(v.numerator, v.denominator) for n, v in values.items()
        }
        assert exact_value(expression, substitution) == expected


def test_min_max_of_numbers_only_and_few_symbols_simplify() -> None:
    assert parse_expression("min(3, 1/2, 2)", {}) == sympy.Rational(1, 2)
    assert parse_expression("max(a, a, 1)", SYMBOLS) == sympy.Max(A, 1)
    assert parse_expression("max(a, 1)**2", SYMBOLS) == sympy.Max(1, A) ** 2


@pytest.mark.parametrize("text", ["٣", "１", "𝟑", "1٣", "2 + ٣", "a**٣", "0.٣", "1e٣", "a٣", "٣a"])
def test_only_ascii_digits(text: str) -> None:
    with pytest.raises(InputError, match="column"):
        parse_expression(text, SYMBOLS)


# -- JavaScript: the same value in floating point --------------------------------------------


def _random_text(rng: random.Random, depth: int = 0) -> str:
    if depth > 3 or rng.random() < 0.3:
        return rng.choice(
            ["a", "b", str(rng.randint(0, 9)), f"{rng.randint(0, 9)}.{rng.randint(0, 99)}"]
        )
    kind = rng.randrange(6)
    left, right = _random_text(rng, depth + 1), _random_text(rng, depth + 1)
    if kind == 0:
        return f"{left} {rng.choice('+-*/')} {right}"
    if kind == 1:
        return f"-{left}"
    if kind == 2:
        return f"({left}) * ({right}) - {right}"
    if kind == 3:
        return f"{rng.choice(['min', 'max'])}({left}, {right}, {_random_text(rng, depth + 1)})"
    if kind == 4:
        return f"abs({left} - {right})"
    return f"({left})**{rng.randint(-3, 3)}"


def _cases() -> list[tuple[str, dict[str, Fraction], Fraction]]:
    rng = random.Random(20261126)
    cases = []
    while len(cases) < 400:
        text = _random_text(rng)
        try:
            expression = parse_expression(text, SYMBOLS)
        except InputError:
            continue
        values = {
            "a": Fraction(rng.randint(-40, 40), rng.randint(1, 7)),
            "b": Fraction(rng.randint(-40, 40), rng.randint(1, 7)),
        }
        try:
            exact = exact_value(
                expression, {A: sympy.Rational(values["a"]), B: sympy.Rational(values["b"])}
            )
        except InputError:
            continue
        cases.append((text, values, exact))
    return cases


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run JavaScript")
def test_javascript_computes_the_exact_value_in_floats() -> None:
    cases = _cases()
    lines = ["const results = [];"]
    for text, values, _ in cases:
        code = to_javascript(parse_tree(text, {"a", "b"}), lambda name: f"v.{name}")
        lines.append(
            f"{{ const v = {{a: {float(values['a'])!r}, b: {float(values['b'])!r}}}; "
            f"results.push({code}); }}"
        )
    lines.append("console.log(JSON.stringify(results));")
    completed = subprocess.run(
        ["node", "-e", "\n".join(lines)], capture_output=True, text=True, check=False, timeout=60
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    results = json.loads(completed.stdout)
    assert len(results) == len(cases)
    for (text, _, exact), value in zip(cases, results, strict=True):
        assert value == pytest.approx(float(exact), rel=1e-9, abs=1e-9), text
