"""A fast exact route for margins that are piecewise linear in time.

On a timeline that follows play every margin is, piece by piece, a sum of terms
linear in ``t`` and of ``max``/``min``/``abs`` of such terms (``max(0, threat -
progress)``). :class:`PiecewiseLinearSolver` answers ``expression(t) >= 0`` for
those without sympy's set machinery: the kinks (where two arguments of a ``max``
or ``min`` cross, or the argument of an ``abs`` is 0) cut the window into
segments; on each the active branches give a linear expression, solved with
rational arithmetic. Anything else (nested kinks, powers of ``t``) goes to
:class:`~stability.analysis.time_sets.TimeSolver`, unchanged. The work is bounded
by the number of kinks, at most :data:`MAX_KINKS` per expression (more: fallback).

>>> import sympy
>>> from fractions import Fraction
>>> from stability.model.scenario import TIME
>>> solver = PiecewiseLinearSolver(Fraction(48))
>>> [str(i) for i in solver.nonnegative(3 * sympy.Max(0, 8 - TIME / 6) / 8 - 2)]
['[0, 16]']
"""

from __future__ import annotations

import sympy

from stability.analysis.time_sets import TimeSolver, intersect, normalise
from stability.analysis.tipping import Interval, RealSet
from stability.model.scenario import TIME

#: The most kinks handled per expression before falling back to the general solver.
MAX_KINKS = 64
_KINKED = (sympy.Max, sympy.Min, sympy.Abs)


def _linear_parts(expression: sympy.Expr) -> tuple[sympy.Rational, sympy.Rational] | None:
    """``(slope, intercept)`` when ``expression`` is linear in ``t`` with rational
    coefficients, else ``None``."""
    if expression.has(*_KINKED):
        return None
    expanded = sympy.expand(expression)
    slope = expanded.coeff(TIME, 1)
    intercept = expanded.coeff(TIME, 0)
    if not (slope.is_Rational and intercept.is_Rational):
        return None
    if sympy.expand(expanded - slope * TIME - intercept) != 0:
        return None
    return slope, intercept


def _kinks(expression: sympy.Expr) -> set[sympy.Rational] | None:
    """Where a ``max``/``min``/``abs`` of linear arguments changes branch (``None``:
    not of that form)."""
    found: set[sympy.Rational] = set()
    for node in sympy.preorder_traversal(expression):
        if not isinstance(node, _KINKED):
            continue
        arguments = [node.args[0], -node.args[0]] if isinstance(node, sympy.Abs) else node.args
        parts = [_linear_parts(a) for a in arguments]
        if any(p is None for p in parts):
            return None
        for i, first in enumerate(parts):
            for second in parts[i + 1 :]:
                assert first is not None and second is not None
                slope = first[0] - second[0]
                if slope != 0:
                    found.add((second[1] - first[1]) / slope)
        if len(found) > MAX_KINKS:
            return None
    return found


def _resolve(expression: sympy.Expr, at: sympy.Rational) -> sympy.Expr:
    """``expression`` with each ``max``/``min``/``abs`` replaced by its branch at ``at``."""
    if isinstance(expression, (sympy.Max, sympy.Min)):
        arguments = [_resolve(a, at) for a in expression.args]
        values = [a.xreplace({TIME: at}) for a in arguments]
        pick = max if isinstance(expression, sympy.Max) else min
        best = pick(range(len(values)), key=lambda k: values[k])
        return arguments[best]
    if isinstance(expression, sympy.Abs):
        inner = _resolve(expression.args[0], at)
        return inner if inner.xreplace({TIME: at}) >= 0 else -inner
    if expression.args and expression.has(*_KINKED):
        return expression.func(*[_resolve(a, at) for a in expression.args])
    return expression


class PiecewiseLinearSolver(TimeSolver):
    """A :class:`TimeSolver` with the fast route for piecewise-linear margins."""

    def _solve(self, expression: sympy.Expr) -> tuple[Interval, ...]:
        if TIME in expression.free_symbols and expression.has(*_KINKED):
            found = self._piecewise_linear(expression)
            if found is not None:
                return found
        return super()._solve(expression)

    def _piecewise_linear(self, expression: sympy.Expr) -> tuple[Interval, ...] | None:
        kinks = _kinks(expression)
        if kinks is None:
            return None
        zero, horizon = sympy.Integer(0), self.horizon
        cuts = [zero, *sorted(k for k in kinks if zero < k < horizon), horizon]
        result: tuple[Interval, ...] = ()
        for low, high in zip(cuts[:-1], cuts[1:], strict=True):
            branch = _resolve(expression, (low + high) / 2)
            parts = _linear_parts(branch)
            if parts is None:
                return None
            slope, intercept = parts
            if slope == 0:
                found = RealSet.everything() if intercept >= 0 else RealSet()
            else:
                root = -intercept / slope
                found = RealSet.at_least(root) if slope > 0 else RealSet.at_most(root)
            segment = (Interval(low, high),)
            result = normalise(result + intersect(found.intervals, segment))
        return result
