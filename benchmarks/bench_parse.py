"""Parsing ``min``/``max`` over many parameters: linear, against sympy's own Min.

Before the expression tree, ``min(p0, ..., pN)`` was built by ``sympy.Min(*args)``,
whose simplification compares the arguments pairwise (quadratic, each comparison
costly): 150 parameters took 22 s. Run with::

    python benchmarks/bench_parse.py
"""

from __future__ import annotations

import time

import sympy

from stability.io.expressions import parse_expression

SIZES = (40, 80, 150, 330)
OLD_LIMIT = 80  # sympy.Min beyond this takes tens of seconds to minutes


def _seconds(function: object) -> float:
    start = time.perf_counter()
    function()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    print("| parameters | parse_expression('min(...)') | sympy.Min(*symbols) |")
    print("| --- | --- | --- |")
    for size in SIZES:
        names = [f"p{k}" for k in range(size)]
        symbols = {name: sympy.Symbol(name) for name in names}
        text = f"min({', '.join(names)})"
        ours = _seconds(lambda: parse_expression(text, symbols))  # noqa: B023
        if size <= OLD_LIMIT:
            theirs = f"{_seconds(lambda: sympy.Min(*symbols.values())):.2f} s"  # noqa: B023
        else:
            theirs = "skipped"
        print(f"| {size} | {ours:.3f} s | {theirs} |")


if __name__ == "__main__":
    main()
