"""Step-by-step, exact explanations of a game's equilibria, as data a presenter renders.

An :class:`Explanation` holds what a student would write down: each player's
best responses to each of the opponents' pure profiles, the iterated
elimination of strictly dominated strategies (with the strategy that dominates),
the pure equilibria read off the mutual best responses, and for each mixed
equilibrium of a two-player game the indifference equations, written out and
solved with sympy, so that every probability is an exact fraction.

>>> from stability.model.game import Game
>>> game = Game.from_payoffs(
...     [[[3, 0], [0, 1]], [[0, 1], [1, 0]]],
...     players=["Row", "Column"], strategies=[["Top", "Bottom"], ["Left", "Right"]],
... )
>>> explanation = explain_game(game)
>>> explanation.pure_equilibria
()
>>> [s.solution for s in explanation.mixed[0].steps]
[{'q': Fraction(1, 4)}, {'p': Fraction(1, 2)}]

The package: ``data`` (what an explanation holds), ``pure`` (best responses,
dominance, a profile check), ``mixed`` (indifference equations), ``game`` (the
whole explanation) and ``scenario`` (conditions in a scenario's parameters).
"""

from __future__ import annotations

from stability.analysis.explain.data import (
    MAX_EXPLAINED_PROFILES,
    BestResponses,
    Condition,
    Deviation,
    DominanceStep,
    Explanation,
    IndifferenceStep,
    MixedExplanation,
    ProfileCheck,
    SymbolicProfile,
    Term,
)
from stability.analysis.explain.game import (
    explain_game,
)
from stability.analysis.explain.mixed import (
    explain_mixed,
    indifference_step,
)
from stability.analysis.explain.pure import (
    best_responses,
    check_profile,
    iterated_strict_dominance,
    mutual_best_responses,
    parse_profile,
)
from stability.analysis.explain.scenario import (
    explain_scenario_game,
    symbolic_conditions,
)

__all__ = [
    "BestResponses",
    "Condition",
    "Deviation",
    "DominanceStep",
    "Explanation",
    "IndifferenceStep",
    "MAX_EXPLAINED_PROFILES",
    "MixedExplanation",
    "ProfileCheck",
    "SymbolicProfile",
    "Term",
    "best_responses",
    "check_profile",
    "explain_game",
    "explain_mixed",
    "explain_scenario_game",
    "indifference_step",
    "iterated_strict_dominance",
    "mutual_best_responses",
    "parse_profile",
    "symbolic_conditions",
]
