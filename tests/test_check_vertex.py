"""check's exact slack when sympy's simplex cycles: the vertex HiGHS finds, made exact
(stability/analysis/check/box.py, _vertex_slack)."""

from __future__ import annotations

from fractions import Fraction

from stability.analysis.check.box import _vertex_slack
from stability.analysis.tipping.margins import LinearForm


def test_vertex_slack_of_a_small_programme() -> None:
    """max over x, y in [0, 1] of min(x - y, 1/2 - x + y/3): the two lines meet where
    x - y = 1/2 - x + y/3 with y = 0, x = 1/4: slack 1/4."""
    forms = [
        LinearForm(Fraction(0), {"x": Fraction(1), "y": Fraction(-1)}),
        LinearForm(Fraction(1, 2), {"x": Fraction(-1), "y": Fraction(1, 3)}),
    ]
    box = [(Fraction(0), Fraction(1)), (Fraction(0), Fraction(1))]
    slack, point = _vertex_slack(forms, ["x", "y"], box)
    assert slack == Fraction(1, 4) and point == {"x": Fraction(1, 4), "y": Fraction(0)}


def test_check_runs_on_the_bundled_mosul() -> None:
    import stability

    result = stability.check("mosul")
    kinds = {finding["kind"] for finding in result.to_dict()["findings"]}
    assert "knife-edge" not in kinds and "dead-parameter" not in kinds
