"""The result objects of the Python API, one per analysis.

Each is an immutable dataclass holding what the analysis found, with named
fields; ``to_dict()`` is the command's ``--json`` document (the command builds the
same object and prints ``to_dict()``), ``to_frame()`` a pandas DataFrame where the
result is a table, and ``_repr_html_`` / ``__rich__`` draw it in a notebook or a
terminal. See :mod:`stability.api` for the functions that make them.

One module per family: :mod:`stability.results.scenario` (analyze, tipping, sweep,
explore, path), :mod:`stability.results.check` (check),
:mod:`stability.results.uncertainty` (robustness, select,
sensitivity, durability) and :mod:`stability.results.game` (solve, states,
dominance, repeated, gmcr, explain, exercise). This package sits between the
presentation layer (whose renderers it reuses) and the command line (which uses it).
"""

from __future__ import annotations

from stability.model.result import AnalysisResult
from stability.results.check import CheckResult
from stability.results.game import (
    DominanceResult,
    EquilibriaResult,
    ExerciseResult,
    ExplainResult,
    GMCRResult,
    RepeatedResult,
    StatesResult,
)
from stability.results.scenario import (
    AnalyzeResult,
    ExploreResult,
    PathResult,
    SweepResult,
    TippingResult,
)
from stability.results.uncertainty import (
    DurabilityResult,
    RobustnessResult,
    SelectResult,
    SensitivityResult,
)

__all__ = [
    "AnalysisResult",
    "AnalyzeResult",
    "CheckResult",
    "DominanceResult",
    "DurabilityResult",
    "EquilibriaResult",
    "ExerciseResult",
    "ExplainResult",
    "ExploreResult",
    "GMCRResult",
    "PathResult",
    "RepeatedResult",
    "RobustnessResult",
    "SelectResult",
    "SensitivityResult",
    "StatesResult",
    "SweepResult",
    "TippingResult",
]
