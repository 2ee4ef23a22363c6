"""The parameters that matter most: one ranking for ``analyze``, ``report`` and the explorer.

Basis (exact and cheap): for each parameter, the others at their current values,
the nearest value *within its declared range* at which any named outcome starts
or stops being a pure equilibrium of the joint game, measured as a share of the
range (``|threshold - value| / (high - low)``, an exact rational where the
threshold is one). Nearest first; ties, and parameters that change no outcome
within their range (listed last), in the scenario's order. A parameter whose
range is a single point is never ranked.

This is a local measure: how far the verdicts at the current values are from
flipping, one parameter at a time. The report's Sobol indices answer another
question (which parameters explain the verdicts over the whole prior) and stay a
section of their own.

>>> from stability.io.scenario import read_scenario
>>> ranking = parameter_ranking(read_scenario("games/two-allies.toml").with_values({"threat": 1}))
>>> [(e.parameter, e.exact, e.outcome, e.kind) for e in ranking.ranked]
[('threat', '1/10', 'Alliance', 'becomes'), ('dispute', '1/4', 'Alliance', 'becomes')]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from stability.analysis.tipping import Context, Threshold
from stability.analysis.tipping.thresholds import _parameter_tipping
from stability.model.exact import exact_string
from stability.model.scenario import Scenario

__all__ = ["BASIS", "ParameterRanking", "RankedParameter", "parameter_ranking"]

#: The basis of the ranking, in words (printed beside it wherever it is shown).
BASIS = (
    "the distance from each parameter's current value to its nearest one-parameter "
    "threshold within its range, where any outcome starts or stops being a pure "
    "equilibrium (the others at their current values), as a share of the range, exact; "
    "ties in the scenario's order"
)


@dataclass(frozen=True)
class RankedParameter:
    """One parameter's nearest in-range threshold over every outcome (``None``: none)."""

    parameter: str
    distance: Fraction | float | None
    threshold: Threshold | None
    outcome: str | None

    @property
    def exact(self) -> str | None:
        """The distance as an exact string (``"5/12"``), ``None`` when there is none."""
        return None if self.distance is None else exact_string(self.distance)

    @property
    def kind(self) -> str | None:
        """``"becomes"`` (the outcome becomes an equilibrium there) or ``"stops"``."""
        return None if self.threshold is None else self.threshold.kind

    def document(self) -> dict[str, Any]:
        """JSON form."""
        threshold = self.threshold
        return {
            "parameter": self.parameter,
            "distance": None if self.distance is None else float(self.distance),
            "exact_distance": self.exact,
            "outcome": self.outcome,
            "effect": None if threshold is None else threshold.kind,
            "threshold": None if threshold is None else threshold.summary(),
        }


@dataclass(frozen=True)
class ParameterRanking:
    """Every parameter of a scenario, ranked (see the module docstring)."""

    entries: tuple[RankedParameter, ...]
    basis: str = BASIS

    @property
    def ranked(self) -> tuple[RankedParameter, ...]:
        """The parameters with an in-range threshold, nearest first."""
        return tuple(e for e in self.entries if e.distance is not None)

    def top(self, count: int) -> tuple[RankedParameter, ...]:
        """The ``count`` parameters that matter most (fewer when fewer have a threshold)."""
        return self.ranked[:count]

    def document(self) -> dict[str, Any]:
        """JSON form: ``{"basis", "parameters": [...]}``, every parameter, ranked first."""
        return {"basis": self.basis, "parameters": [e.document() for e in self.entries]}


def _distance(threshold: Threshold, width: Fraction) -> Fraction | float:
    gap = sympy.Abs(threshold.value - sympy.Rational(threshold.baseline))
    if gap.is_Rational:
        return Fraction(int(gap.p), int(gap.q)) / width
    return float(sympy.N(gap, 30)) / float(width)


def parameter_ranking(scenario: Scenario) -> ParameterRanking:
    """Rank the scenario's parameters by their nearest in-range threshold (module docstring)."""
    contexts = [Context(scenario, outcome.name, "equilibrium") for outcome in scenario.outcomes]
    entries: list[tuple[tuple[int, Fraction | float, int], RankedParameter]] = []
    for order, parameter in enumerate(scenario.parameters):
        low, high = parameter.range
        best: RankedParameter | None = None
        if high > low:
            for context in contexts:
                found = _parameter_tipping(context, parameter.name, binding=False)
                for threshold in (found.increase, found.decrease):
                    if threshold is None or not threshold.within_range:
                        continue
                    distance = _distance(threshold, high - low)
                    if best is None or distance < best.distance:  # type: ignore[operator]
                        best = RankedParameter(
                            parameter.name, distance, threshold, context.target
                        )
        if best is None:
            entries.append(((1, 0, order), RankedParameter(parameter.name, None, None, None)))
        else:
            assert best.distance is not None
            entries.append(((0, best.distance, order), best))
    entries.sort(key=lambda pair: pair[0])
    return ParameterRanking(tuple(entry for _, entry in entries))
