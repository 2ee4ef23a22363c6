"""Exact polynomials and rational functions of one variable, for the sweeps of
:mod:`.thresholds`: coefficients as fractions (highest degree first), evaluation by
Horner's rule, differences, products and exact real roots.

>>> horner((Fraction(1), Fraction(-2)), Fraction(5))  # x - 2 at 5
Fraction(3, 1)
>>> real_roots(poly_sub((Fraction(2), Fraction(0)), (Fraction(1),)), sympy.Symbol("t"))
[1/2]
"""

from __future__ import annotations

from fractions import Fraction

import sympy

Polynomial = tuple[Fraction, ...]  # coefficients, highest degree first


def horner(coefficients: Polynomial, x: Fraction) -> Fraction:
    total = Fraction(0)
    for c in coefficients:
        total = total * x + c
    return total


def as_rational_function(
    expression: sympy.Expr, symbol: sympy.Symbol
) -> tuple[Polynomial, Polynomial] | None:
    """Numerator and denominator coefficients (exact), or ``None`` when ``expression``
    is not a rational function of ``symbol`` with rational coefficients."""
    if expression.has(sympy.Min, sympy.Max, sympy.Abs):
        return None
    try:
        poly = sympy.Poly(expression, symbol)
    except sympy.PolynomialError:
        poly = None
    if poly is not None and all(isinstance(c, sympy.Rational) for c in poly.all_coeffs()):
        return (tuple(Fraction(int(c.p), int(c.q)) for c in poly.all_coeffs()), (Fraction(1),))
    numerator, denominator = sympy.fraction(sympy.together(expression))
    parts = []
    for part in (numerator, denominator):
        try:
            poly = sympy.Poly(part, symbol)
        except sympy.PolynomialError:
            return None
        coefficients = poly.all_coeffs()
        if not all(isinstance(c, sympy.Rational) for c in coefficients):
            return None
        parts.append(tuple(Fraction(int(c.p), int(c.q)) for c in coefficients))
    return parts[0], parts[1]


def trim(poly: Polynomial) -> Polynomial:
    k = 0
    while k < len(poly) - 1 and poly[k] == 0:
        k += 1
    return poly[k:]


def poly_sub(a: Polynomial, b: Polynomial) -> Polynomial:
    width = max(len(a), len(b))
    a = (Fraction(0),) * (width - len(a)) + a
    b = (Fraction(0),) * (width - len(b)) + b
    return trim(tuple(x - y for x, y in zip(a, b, strict=True)))


def poly_mul(a: Polynomial, b: Polynomial) -> Polynomial:
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return trim(tuple(out))


def real_roots(poly: Polynomial, symbol: sympy.Symbol) -> list[sympy.Expr]:
    """The real roots of a polynomial with rational coefficients (exact)."""
    poly = trim(poly)
    if len(poly) <= 1:
        return []
    if len(poly) == 2:
        root = -poly[1] / poly[0]
        return [sympy.Rational(root.numerator, root.denominator)]
    expression = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in poly], symbol)
    return list(expression.real_roots())
