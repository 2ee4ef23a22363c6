"""Stability of coalition structures derived from a game (``stability coalitions``).

Every partition of the actors into coalitions (:mod:`.partitions`), each
structure's equilibria when coalitions choose jointly (:mod:`.equilibria`), how
actors rank structures (:mod:`.preferences`), the core, Nash, individual,
contractual individual and farsighted stability of each (:mod:`.concepts`), the
profitable moves and shortest chains (:mod:`.moves`), the whole analysis
(:mod:`.evaluate`), the scenario's outcomes as structures and along a parameter or
the timeline (:mod:`.scenario`, :mod:`.thresholds`) and the JSON document
(:mod:`.document`).
"""

from __future__ import annotations

from stability.analysis.coalitions.concepts import CONCEPT_NAMES, CONCEPTS
from stability.analysis.coalitions.evaluate import (
    MAX_ACTORS,
    CoalitionAnalysis,
    coalition_analysis,
)
from stability.analysis.coalitions.partitions import Structures, bell
from stability.analysis.coalitions.preferences import RULES, RankingRule, parse_rule

__all__ = [
    "CONCEPTS",
    "CONCEPT_NAMES",
    "MAX_ACTORS",
    "RULES",
    "CoalitionAnalysis",
    "RankingRule",
    "Structures",
    "bell",
    "coalition_analysis",
    "parse_rule",
]
