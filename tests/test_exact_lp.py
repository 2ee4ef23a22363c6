"""The exact simplex against HiGHS on random small programmes, and on a degenerate one."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from stability.analysis.exact_lp import InfeasibleProgramme, UnboundedProgramme, minimise

small = st.integers(-4, 4)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            st.lists(small, min_size=n, max_size=n),
            st.lists(st.lists(small, min_size=n, max_size=n), min_size=1, max_size=5),
            st.lists(small, min_size=5, max_size=5),
        )
    )
)
def test_agrees_with_highs(case: tuple[list[int], list[list[int]], list[int]]) -> None:
    cost, rows, limits = case
    limits = limits[: len(rows)]
    found = linprog(cost, A_ub=rows, b_ub=limits, bounds=[(0, None)] * len(cost), method="highs")
    c = [Fraction(v) for v in cost]
    a = [[Fraction(v) for v in row] for row in rows]
    b = [Fraction(v) for v in limits]
    if found.status in (2, 3):  # HiGHS may report an unbounded programme as "infeasible or
        # unbounded" (status 2): either way there is no optimum
        with pytest.raises(InfeasibleProgramme if found.status == 2 and "nfeasible" in
                           found.message and "nbounded" not in found.message
                           else (InfeasibleProgramme, UnboundedProgramme)):
            minimise(c, a, b)
    else:
        optimum, point = minimise(c, a, b)
        assert float(optimum) == pytest.approx(found.fun, abs=1e-9)
        assert all(y >= 0 for y in point)
        for row, limit in zip(a, b, strict=True):
            assert sum(x * y for x, y in zip(row, point, strict=True)) <= limit
        assert sum(x * y for x, y in zip(c, point, strict=True)) == optimum


def test_degenerate_programme_terminates() -> None:
    """Beale's cycling example: Dantzig's rule cycles on it, Bland's rule does not."""
    f = Fraction
    cost = [f(-3, 4), f(150), f(-1, 50), f(6)]
    rows = [[f(1, 4), f(-60), f(-1, 25), f(9)], [f(1, 2), f(-90), f(-1, 50), f(3)], [0, 0, 1, 0]]
    optimum, point = minimise(cost, [[f(v) for v in r] for r in rows], [f(0), f(0), f(1)])
    assert optimum == f(-1, 20)
    assert point == [f(1, 25), f(0), f(1), f(0)]
