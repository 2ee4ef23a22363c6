"""Exact real solutions of zero-dimensional polynomial systems over the rationals.

A system with finitely many complex solutions is solved through a *separating
element*: a new unknown ``t = x1 + 2 x2 + 3 x3 + ...`` that takes a different
value at every solution. A Gröbner basis of the system plus ``t - (x1 + 2 x2 +
...)`` in the lexicographic order with ``t`` last is then (by the shape lemma,
after the univariate polynomial in ``t`` is made square-free) of the form
``x1 - g1(t), ..., xn - gn(t), f(t)``: each real root ``a`` of ``f`` gives the
solution ``(g1(a), ..., gn(a))``. Rational roots give rational solutions;
irrational ones stay exact as a root of an irreducible factor ``p`` of ``f`` in a
rational isolating interval, and any polynomial in the unknowns becomes a
polynomial ``h(t)`` whose sign at ``a`` is decided exactly: ``h(a) = 0`` when
``p`` divides ``h``, and otherwise the interval is halved until interval
arithmetic on ``h`` excludes zero.

>>> from sympy.polys.domains import QQ
>>> from sympy.polys.orderings import grevlex
>>> from sympy.polys.rings import ring
>>> R, x, y = ring("x,y", QQ, grevlex)
>>> points = solve_zero_dimensional([x**2 + y**2 - 1, x - y], R)
>>> [round(float(p.coordinate(0)), 6) for p in points]
[-0.707107, 0.707107]
>>> points[1].sign(x - QQ(1, 2)), points[1].minimal_polynomial(0)
(1, 'x**2 - 1/2')
>>> [p.rational() for p in solve_zero_dimensional([x - y - 1, x + y], R)]
[(Fraction(1, 2), Fraction(-1, 2))]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sympy.polys.domains import QQ
from sympy.polys.fglmtools import matrix_fglm
from sympy.polys.orderings import grevlex, lex
from sympy.polys.rings import PolyElement, PolyRing, ring

from stability.solvers.groebner import reduced_basis as groebner

#: Separating elements tried before giving up on a system.
SEPARATING_TRIES = 4


class NotSolved(Exception):
    """The system could not be put in shape form (reported, never silently dropped)."""


def to_fraction(c: Any) -> Fraction:
    """A sympy rational coefficient as a :class:`Fraction`."""
    return Fraction(int(c.numerator), int(c.denominator))


def _interval_eval(
    h: Sequence[Fraction], low: Fraction, high: Fraction
) -> tuple[Fraction, Fraction]:
    """An interval containing ``h(a)`` for every ``a`` in ``[low, high]`` (Horner)."""
    lo = hi = Fraction(0)
    for c in h:  # coefficients from the highest degree down
        products = (lo * low, lo * high, hi * low, hi * high)
        lo, hi = min(products) + c, max(products) + c
    return lo, hi


def _dense(h: PolyElement) -> list[Fraction]:
    """Coefficients of a univariate ring element, highest degree first."""
    if not h:
        return [Fraction(0)]
    degree = h.degree()
    coefficients = [Fraction(0)] * (degree + 1)
    for (e,), c in h.terms():
        coefficients[degree - e] = to_fraction(c)
    return coefficients


def _value(h: Sequence[Fraction], a: Fraction) -> Fraction:
    out = Fraction(0)
    for c in h:
        out = out * a + c
    return out


@dataclass
class RealRoot:
    """A real root of the irreducible polynomial ``p`` (in the ring ``T = QQ[t]``)
    in ``[low, high]`` (``low == high`` for a rational root)."""

    p: PolyElement
    low: Fraction
    high: Fraction

    def refine(self, width: Fraction) -> None:
        """Halve the isolating interval until it is narrower than ``width``."""
        if self.low == self.high:
            return
        dense = _dense(self.p)
        sign_low = _value(dense, self.low) > 0
        while self.high - self.low > width:
            middle = (self.low + self.high) / 2
            v = _value(dense, middle)
            if v == 0:  # pragma: no cover - p irreducible of degree >= 2 has no rational root
                self.low = self.high = middle
                return
            if (v > 0) == sign_low:
                self.low = middle
            else:
                self.high = middle

    def sign(self, h: PolyElement) -> int:
        """The exact sign of ``h`` (a polynomial in ``t``) at this root."""
        if self.low == self.high:
            v = _value(_dense(h), self.low)
            return (v > 0) - (v < 0)
        h = h % self.p
        if not h:
            return 0
        dense = _dense(h)
        width = self.high - self.low
        while True:
            lo, hi = _interval_eval(dense, self.low, self.high)
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            width /= 16
            self.refine(width)

    def value(self, h: PolyElement) -> float:
        """A float approximation of ``h`` at this root (to about 1e-30 in ``t``)."""
        self.refine(Fraction(1, 10**30))
        return float(_value(_dense(h % self.p if self.low != self.high else h), self.low))


@dataclass
class Solution:
    """One real solution: each unknown as a polynomial in ``t`` at the root ``root``."""

    root: RealRoot
    coordinates: list[PolyElement]  # in the univariate ring of ``root.p``
    source: PolyRing

    def coordinate(self, k: int) -> float:
        return self.root.value(self.coordinates[k])

    def substitute(self, h: PolyElement) -> PolyElement:
        """A polynomial of the source ring as a polynomial in ``t`` (mod ``p``)."""
        T = self.root.p.ring
        out = T.zero
        for monomial, c in h.terms():
            term = T(c)
            for k, e in enumerate(monomial):
                if e:
                    term = term * self.coordinates[k] ** e
            out += term
        return out % self.root.p if self.root.low != self.root.high else out

    def sign(self, h: PolyElement) -> int:
        """Exact sign of a polynomial in the unknowns at this solution."""
        return self.root.sign(self.substitute(h))

    def evaluate(self, h: PolyElement) -> float:
        return self.root.value(self.substitute(h))

    def rational(self) -> tuple[Fraction, ...] | None:
        """The coordinates as fractions when the solution is rational."""
        if self.root.low != self.root.high:
            return None
        return tuple(_value(_dense(g), self.root.low) for g in self.coordinates)

    def exact_value(self, h: PolyElement) -> Fraction | None:
        """``h`` at this solution as a fraction when it is rational (else ``None``)."""
        g = self.substitute(h)
        if self.root.low == self.root.high:
            return _value(_dense(g), self.root.low)
        if g.degree() <= 0:
            return to_fraction(g.LC) if g else Fraction(0)
        return None

    def minimal_polynomial(self, k: int) -> str:
        """The minimal polynomial (monic, in ``x``) of coordinate ``k``."""
        return minimal_polynomial_of(self.coordinates[k], self.root)


def minimal_polynomial_of(g: PolyElement, root: RealRoot) -> str:
    """The monic minimal polynomial over the rationals of ``g(a)``, ``a`` the root.

    Multiplication by ``g`` in ``QQ[t] / (p)`` is a linear map whose
    characteristic polynomial is a power of the minimal polynomial of ``g(a)``
    (``p`` is irreducible), so the minimal polynomial is its square-free part.
    """
    import sympy
    from sympy.polys.matrices import DomainMatrix

    x = sympy.Symbol("x")
    if root.low == root.high:
        value = _value(_dense(g), root.low)
        return str(x - sympy.Rational(value.numerator, value.denominator))
    degree = root.p.degree()
    g = g % root.p
    t = root.p.ring.gens[0]
    columns = [_coefficients((g * t**j) % root.p, degree) for j in range(degree)]
    rows = [
        [QQ(columns[j][i].numerator, columns[j][i].denominator) for j in range(degree)]
        for i in range(degree)
    ]
    characteristic = DomainMatrix(rows, (degree, degree), QQ).charpoly()
    poly = sympy.Poly(
        [sympy.Rational(int(c.numerator), int(c.denominator)) for c in characteristic], x
    )
    return str(poly.sqf_part().monic().as_expr())


def _coefficients(h: PolyElement, degree: int) -> list[Fraction]:
    out = [Fraction(0)] * degree
    for (e,), c in h.terms():
        out[e] = to_fraction(c)
    return out


def _shape(basis: Sequence[PolyElement], n: int) -> tuple[list[PolyElement], PolyElement] | None:
    """``([g1, ..., gn], f)`` when a lex basis (gens ``x1..xn, t``) has shape form."""
    if len(basis) != n + 1:
        return None
    f = basis[-1]
    if any(e[:n] != (0,) * n for e in f.monoms()):
        return None
    coordinates = []
    for k, b in enumerate(basis[:-1]):
        lead = tuple(1 if j == k else 0 for j in range(n)) + (0,)
        if b.LM != lead or b.LC != 1:
            return None
        rest = b - b.ring.gens[k]
        if any(e[:n] != (0,) * n for e in rest.monoms()):
            return None
        coordinates.append(-rest)
    return coordinates, f


def _native_shape(
    basis: Sequence[PolyElement], R: PolyRing, T: PolyRing
) -> list[Solution] | None:
    """The solutions when the lex basis (by FGLM) is in shape form in the last unknown."""
    n = R.ngens
    if not basis:
        return None
    L = R.clone(order=lex)
    lex_basis = [L(b) for b in matrix_fglm(list(basis), R, lex)]
    shaped = _shape(lex_basis, n - 1)
    if shaped is None:
        return None
    coordinates, f = shaped
    f_t = T.from_dict({(m[n - 1],): c for m, c in f.terms()})
    if f_t.sqf_part().degree() != f_t.degree():
        return None
    converted = [T.from_dict({(m[n - 1],): c for m, c in g.terms()}) for g in coordinates]
    return _real_solutions(f_t, [*converted, T.gens[0]], R)


def separated_basis(
    equations: Sequence[PolyElement], R: PolyRing, attempt: int = 0
) -> tuple[PolyRing, list[PolyElement], list[PolyElement]]:
    """``(S, system, basis)``: the equations in ``S = QQ[x1..xn, t]`` with a separating
    element ``t - (x1 + 2 x2 + ...)`` added, and their Gröbner basis (grevlex)."""
    n = R.ngens
    names = [str(g) for g in R.gens]
    S, *gens = ring([*names, "t_"], QQ, grevlex)
    lifted = [S.from_dict({(*m, 0): c for m, c in e.terms()}) for e in equations]
    weights = [1 + k * (attempt + 1) + (k * k if attempt > 1 else 0) for k in range(n)]
    separating = gens[n] - sum((w * g for w, g in zip(weights, gens[:n], strict=True)), S.zero)
    system = [*lifted, separating]
    return S, system, groebner(system, S)


def solve_zero_dimensional(
    equations: Sequence[PolyElement],
    R: PolyRing,
    first: tuple[PolyRing, list[PolyElement], list[PolyElement]] | None = None,
    *,
    is_basis: bool = False,
) -> list[Solution]:
    """Every real solution of a zero-dimensional system (``R`` over QQ), exactly.

    ``first`` is :func:`separated_basis` of the equations when already computed.
    With ``is_basis`` (the equations are a reduced Gröbner basis in ``R``'s order),
    the last unknown is tried as the separating element first, which saves a basis.
    Raises :class:`NotSolved` when no separating element in shape form was found.
    """
    n = R.ngens
    T, t = ring("t", QQ, lex)
    if is_basis:
        native = _native_shape(equations, R, T)
        if native is not None:
            return native
    for attempt in range(SEPARATING_TRIES):
        if attempt == 0 and first is not None:
            S, system, basis = first
        else:
            S, system, basis = separated_basis(equations, R, attempt)
        if basis == [S.one]:
            return []
        L = S.clone(order=lex)
        lex_basis = matrix_fglm(basis, S, lex)
        lex_basis = [L(b) for b in lex_basis]
        f = lex_basis[-1]
        f_t = T.from_dict({(m[n],): c for m, c in f.terms()})
        square_free = f_t.sqf_part()
        if square_free.degree() != f_t.degree():
            squared = S.from_dict({(0,) * n + m: c for m, c in square_free.terms()})
            basis = groebner(system + [squared], S)
            lex_basis = [L(b) for b in matrix_fglm(basis, S, lex)]
        shaped = _shape(lex_basis, n)
        if shaped is None:
            continue
        coordinates, f = shaped
        f_t = T.from_dict({(m[n],): c for m, c in f.terms()})
        return _real_solutions(
            f_t, [T.from_dict({(m[n],): c for m, c in g.terms()}) for g in coordinates], R
        )
    raise NotSolved("no separating element gave a basis in shape form")


def _real_solutions(f: PolyElement, coordinates: list[PolyElement], R: PolyRing) -> list[Solution]:
    import sympy

    t = sympy.Symbol("t")
    T = f.ring
    out: list[Solution] = []
    _, factors = sympy.factor_list(f.as_expr(t), t)
    roots: list[RealRoot] = []
    for factor, _ in factors:
        poly = sympy.Poly(factor, t, domain="QQ")
        p = T.from_dict({(e,): QQ(int(c.p), int(c.q)) for (e,), c in poly.terms()})
        if poly.degree() == 1:
            a, b = (to_fraction(QQ(int(c.p), int(c.q))) for c in poly.all_coeffs())
            r = -b / a
            roots.append(RealRoot(p, r, r))
            continue
        for (low, high), _ in poly.intervals():
            roots.append(
                RealRoot(p, Fraction(int(low.p), int(low.q)), Fraction(int(high.p), int(high.q)))
            )
    for root in roots:
        reduced = [g % root.p if root.low != root.high else g for g in coordinates]
        out.append(Solution(root, reduced, R))
    out.sort(key=lambda s: s.root.value(s.root.p.ring.gens[0]))
    return out
