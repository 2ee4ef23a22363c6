"""How an actor ranks coalition structures, from each structure's equilibrium payoffs.

A structure may have several equilibria (or none); the *ranking rule* says how an
actor compares two structures then:

- ``pessimistic`` (the default): by its worst payoff over the structure's equilibria
  (a cautious actor that cannot choose which equilibrium is played);
- ``optimistic``: by its best payoff over them;
- ``all-must-agree``: it strictly prefers ``Q`` to ``P`` only when every equilibrium of
  ``Q`` pays it more than every equilibrium of ``P`` (its worst in ``Q`` beats its best
  in ``P``); otherwise the two are not strictly ranked. With one equilibrium each, the
  three rules agree.

A structure without a pure equilibrium yields nothing one can predict: every actor
ranks it below every structure that has one, and level with any other such
structure. So nobody moves into it, and anyone gains by leaving it for a structure
that has an equilibrium.

An actor *weakly prefers* ``Q`` to ``P`` (is not made worse off) when it does not
strictly prefer ``P`` to ``Q``.

>>> import numpy as np
>>> low = np.array([[0, 2, -1]]); high = np.array([[3, 2, -1]])
>>> rule = Preferences(low, high, "all-must-agree")
>>> rule.prefers(0, np.array([1, 0]), np.array([0, 2])).tolist()
[False, True]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np
import numpy.typing as npt

from stability.errors import InputError

RankingRule = Literal["pessimistic", "optimistic", "all-must-agree"]

#: The ranking rules, the default first.
RULES: tuple[RankingRule, ...] = ("pessimistic", "optimistic", "all-must-agree")

#: What each rule means, for documents and tables.
RULE_TEXT = {
    "pessimistic": "an actor ranks a structure by its worst payoff over the structure's "
    "equilibria",
    "optimistic": "an actor ranks a structure by its best payoff over the structure's "
    "equilibria",
    "all-must-agree": "an actor prefers one structure to another only when every "
    "equilibrium of the first pays it more than every equilibrium of the second",
}

#: How structures without a pure equilibrium are treated, for documents and tables.
NO_EQUILIBRIUM_TEXT = (
    "a structure without a pure equilibrium is ranked by every actor below every "
    "structure with one, and level with the others without one"
)

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def parse_rule(text: str) -> RankingRule:
    """A ranking rule from its name (``all`` and underscores accepted).

    >>> parse_rule("all_must_agree")
    'all-must-agree'
    """
    name = text.strip().lower().replace("_", "-")
    if name == "all":
        name = "all-must-agree"
    for rule in RULES:
        if name == rule:
            return rule
    raise InputError(
        f"unknown ranking rule {text!r} (expected one of: {', '.join(RULES)})", item="--rule"
    )


@dataclass(frozen=True, eq=False)
class Preferences:
    """Strict preferences of each actor over structures, under one ranking rule.

    ``low[i, s]``/``high[i, s]``: actor ``i``'s worst/best equilibrium payoff rank in
    structure ``s`` (``-1`` without an equilibrium).
    """

    low: IntArray
    high: IntArray
    rule: RankingRule

    def prefers(self, actor: int, to: npt.ArrayLike, start: npt.ArrayLike) -> BoolArray:
        """Whether ``actor`` strictly prefers structure(s) ``to`` to ``start`` (broadcast)."""
        to_index = np.asarray(to, dtype=np.int64)
        start_index = np.asarray(start, dtype=np.int64)
        if self.rule == "pessimistic":
            after, before = self.low[actor][to_index], self.low[actor][start_index]
        elif self.rule == "optimistic":
            after, before = self.high[actor][to_index], self.high[actor][start_index]
        else:
            after, before = self.low[actor][to_index], self.high[actor][start_index]
        return np.asarray(after > before, dtype=bool)

    def matrix(self, actor: int) -> BoolArray:
        """``m[q, p]``: ``actor`` strictly prefers structure ``q`` to ``p``."""
        count = self.low.shape[1]
        return self.prefers(actor, np.arange(count)[:, None], np.arange(count)[None, :])


def gain(
    rule: RankingRule,
    low: tuple[Fraction | None, ...],
    high: tuple[Fraction | None, ...],
    start: int,
    to: int,
) -> Fraction | None:
    """An actor's exact gain in moving from structure ``start`` to ``to`` under ``rule``.

    Pessimistic: worst after minus worst before; optimistic: best minus best;
    all-must-agree: worst after minus best before (the gain it is sure of).
    ``None`` when either structure has no equilibrium.

    >>> gain("all-must-agree", (Fraction(1), Fraction(4)), (Fraction(2), Fraction(5)), 0, 1)
    Fraction(2, 1)
    """
    if rule == "pessimistic":
        after, before = low[to], low[start]
    elif rule == "optimistic":
        after, before = high[to], high[start]
    else:
        after, before = low[to], high[start]
    if after is None or before is None:
        return None
    return after - before
