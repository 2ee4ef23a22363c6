"""The linear programmes of the combined-shift search (:mod:`.shift`) over one
scenario's parameter box: the least range-normalised L1 distance over a region's
closure (floating point for pruning, exact by cutting planes for answers) and an
exact point inside a region.

Variables are ``y = x - lo`` (each parameter from the low end of its range) and
``u >= |x - x0| / w``; a region is given by affine forms ``a.x + b`` and a sign for
each (``> 0``, ``= 0``, ``< 0``; closed for the distance).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from stability.analysis.exact_lp import InfeasibleProgramme, UnboundedProgramme, minimise
from stability.analysis.tipping.lp import bounds, widths
from stability.model.scenario import Scenario

Linear = tuple[tuple[Fraction, ...], Fraction]  # coefficients, constant


class Programmes:
    """The linear programmes of the search over one scenario's parameter box."""

    def __init__(self, scenario: Scenario) -> None:
        self.baseline = [p.value for p in scenario.parameters]
        self.widths = widths(scenario)
        self.box = bounds(scenario)
        self.count = 0

    def _rows(self, forms: Sequence[Linear], signs: Sequence[int]
              ) -> tuple[list[list[Fraction]], list[Fraction]]:
        """``rows . (y, u) <= limits`` for ``x = lo + y``, ``u >= |x - x0| / w`` and each
        form's closed sign."""
        n = len(self.baseline)
        rows: list[list[Fraction]] = []
        limits: list[Fraction] = []
        for i, ((lo, hi), x0, w) in enumerate(zip(self.box, self.baseline, self.widths,
                                                  strict=True)):
            unit = [Fraction(0)] * (2 * n)
            unit[i] = Fraction(1)
            rows.append(unit)
            limits.append(hi - lo)  # y_i <= hi - lo
            up = [Fraction(0)] * (2 * n)
            up[i], up[n + i] = 1 / w, Fraction(-1)
            rows.append(up)
            limits.append((x0 - lo) / w)  # (x - x0)/w <= u
            down = [Fraction(0)] * (2 * n)
            down[i], down[n + i] = -1 / w, Fraction(-1)
            rows.append(down)
            limits.append(-(x0 - lo) / w)  # -(x - x0)/w <= u
        for (a, b), sign in zip(forms, signs, strict=True):
            shifted = b + sum((c * lo for c, (lo, _) in zip(a, self.box, strict=True)),
                              Fraction(0))
            row = list(a) + [Fraction(0)] * n
            # sign > 0: a.y + shifted >= 0; sign < 0: <= 0; 0: both
            if sign >= 0:
                rows.append([-c for c in row])
                limits.append(shifted)
            if sign <= 0:
                rows.append(row)
                limits.append(-shifted)
        return rows, limits

    def prepare(self, forms: Sequence[Linear]) -> None:
        """Floating-point rows of the box and of each form (``a.y + b``), made once."""
        rows, limits = self._rows(forms, [1] * len(forms))
        n = len(self.baseline)
        self.float_box = (np.array(rows[: 3 * n], dtype=float),
                          np.array(limits[: 3 * n], dtype=float))
        self.float_forms = (-np.array(rows[3 * n:], dtype=float).reshape(-1, 2 * n),
                            np.array(limits[3 * n:], dtype=float))

    def relaxed(self, signs: Sequence[int]) -> float | None:
        """The least distance over the closure of a partial assignment of the prepared
        forms (floating point, HiGHS, constraints relaxed by 1e-9); ``None`` when
        infeasible."""
        from scipy.optimize import linprog

        self.count += 1
        n = len(self.baseline)
        rows, limits = [self.float_box[0]], [self.float_box[1]]
        forms, constants = self.float_forms
        for k, sign in enumerate(signs):  # a.y + b >= 0 is -a.y <= b
            if sign >= 0:
                rows.append(-forms[k : k + 1])
                limits.append(constants[k : k + 1])
            if sign <= 0:
                rows.append(forms[k : k + 1])
                limits.append(-constants[k : k + 1])
        cost = np.concatenate([np.zeros(n), np.ones(n)])
        result = linprog(cost, A_ub=np.vstack(rows), b_ub=np.concatenate(limits) + 1e-9,
                         bounds=(0, None), method="highs")
        return float(result.fun) if result.status == 0 else None

    def least(self, forms: Sequence[Linear], signs: Sequence[int]
              ) -> tuple[Fraction, list[Fraction]] | None:
        """The exact least distance over a face's closure and a point attaining it.

        Cutting planes: the exact programme is solved with the box and the rows tight at
        the floating-point optimum (HiGHS), then with every row its optimum violates,
        until it violates none; a relaxation's optimum that satisfies every row is the
        whole programme's optimum.
        """
        from scipy.optimize import linprog

        n = len(self.baseline)
        rows, limits = self._rows(forms, signs)
        self.count += 1
        matrix = np.array(rows, dtype=float)
        bound = np.array(limits, dtype=float)
        cost = [Fraction(0)] * n + [Fraction(1)] * n
        result = linprog(np.concatenate([np.zeros(n), np.ones(n)]), A_ub=matrix,
                         b_ub=bound + 1e-9, bounds=(0, None), method="highs")
        if result.status != 0:
            return None
        slack = bound - matrix @ result.x
        keep = set(range(3 * n)) | {int(r) for r in np.flatnonzero(
            slack <= 1e-7 * np.maximum(1.0, np.abs(bound)))}
        while True:
            chosen = sorted(keep)
            self.count += 1
            try:
                optimum, y = minimise(cost, [rows[r] for r in chosen],
                                      [limits[r] for r in chosen])
            except (InfeasibleProgramme, UnboundedProgramme):
                return None
            violated = [r for r in range(len(rows)) if r not in keep and sum(
                (c * v for c, v in zip(rows[r], y, strict=True)), Fraction(0)) > limits[r]]
            if not violated:
                break
            keep.update(violated)
        return optimum, [lo + v for (lo, _), v in zip(self.box, y[:n], strict=True)]

    def inner(self, forms: Sequence[Linear], signs: Sequence[int], radius: Fraction
              ) -> list[Fraction] | None:
        """An exact point of the face (every strict sign strict, within ``radius``), by
        maximising the least strict margin (at most 1); ``None`` when the face is empty."""
        self.count += 1
        n = len(self.baseline)
        rows, limits = self._rows(forms, signs)
        rows = [row + [Fraction(0)] for row in rows]
        k = 3 * n  # the box and absolute-value rows come first (3 per parameter)
        for r, (_, sign) in enumerate(_expanded(forms, signs)):
            if sign != 0:
                rows[k + r][-1] = Fraction(1)  # -sign*(a.y + b) + eps <= 0
        rows.append([Fraction(0)] * n + [Fraction(1)] * n + [Fraction(0)])
        limits.append(radius)
        rows.append([Fraction(0)] * (2 * n) + [Fraction(1)])
        limits.append(Fraction(1))
        try:
            optimum, y = minimise([Fraction(0)] * (2 * n) + [Fraction(-1)], rows, limits)
        except (InfeasibleProgramme, UnboundedProgramme):
            return None
        if -optimum <= 0 and any(sign != 0 for sign in signs):
            return None
        return [lo + v for (lo, _), v in zip(self.box, y[:n], strict=True)]


def _expanded(forms: Sequence[Linear], signs: Sequence[int]) -> list[tuple[Linear, int]]:
    """The rows :meth:`Programmes._rows` writes for the forms, in order (a zero sign
    writes two)."""
    out: list[tuple[Linear, int]] = []
    for form, sign in zip(forms, signs, strict=True):
        if sign >= 0:
            out.append((form, 1 if sign > 0 else 0))
        if sign <= 0:
            out.append((form, -1 if sign < 0 else 0))
    return out
