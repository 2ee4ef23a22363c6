"""Graph Model (gmcr) exercises: random conflicts, a brute-force stability check, TOML text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from stability.analysis.exercises.common import MAX_ATTEMPTS, Exercise, Rng, _require
from stability.errors import StabilityError

# -- Graph Model conflicts (gmcr) --------------------------------------------------------------

#: The stability concepts a ``gmcr`` exercise asks for (``stability gmcr`` adds ``sim``).
GMCR_CONCEPTS = ("nash", "gmr", "smr", "seq")

_GMCR_DECISION_MAKERS = (
    ("Upstream", ("Divert", "Build dam")),
    ("Downstream", ("Protest", "Sue")),
    ("Regulator", ("Intervene", "Fine")),
)


def _feasible_codes(options: Sequence[str], infeasible: Sequence[dict[str, bool]]) -> list[int]:
    """Every code matching no infeasible table (a table matches when every listed value does)."""
    bit = {name: k for k, name in enumerate(options)}
    return [
        code
        for code in range(1 << len(options))
        if not any(
            all(bool(code >> bit[name] & 1) == taken for name, taken in table.items())
            for table in infeasible
        )
    ]


def _conflict_options(conflict: dict[str, Any]) -> list[str]:
    return [name for dm in conflict["decision_makers"] for name in dm["options"]]


def _random_conflict(rng: Rng, level: int) -> dict[str, Any]:
    """A small option-form conflict as the JSON ``conflict`` object (see the reference)."""
    sizes = (1, 1) if level == 1 else ((2, 1), (1, 2), (1, 1, 1))[int(rng.integers(0, 3))]
    decision_makers: list[dict[str, Any]] = [
        {"name": _GMCR_DECISION_MAKERS[i][0], "options": list(_GMCR_DECISION_MAKERS[i][1][:n])}
        for i, n in enumerate(sizes)
    ]
    options = [name for dm in decision_makers for name in dm["options"]]
    infeasible: list[dict[str, bool]] = []
    if level >= 2 and rng.integers(0, 2):
        first, second = sorted(int(k) for k in rng.choice(len(options), 2, replace=False))
        infeasible.append({options[first]: True, options[second]: True})
    irreversible: dict[str, str] = {}
    if level == 3:
        irreversible[options[int(rng.integers(0, len(options)))]] = "forward"
    states = _feasible_codes(options, infeasible)
    preferences: dict[str, list[int | list[int]]] = {}
    for dm in decision_makers:
        order = [int(s) for s in rng.permutation(states)]
        groups: list[list[int]] = [[order[0]]]
        for code in order[1:]:
            if level == 3 and rng.random() < 0.3:
                groups[-1].append(code)  # equally preferred to the one before
            else:
                groups.append([code])
        preferences[dm["name"]] = [g[0] if len(g) == 1 else sorted(g) for g in groups]
    return {
        "title": f"Graph Model, level {level}",
        "decision_makers": decision_makers,
        "options": options,
        "infeasible": infeasible,
        "irreversible": irreversible,
        "preferences": preferences,
        "states": states,
    }


def _toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string with ASCII escapes is a TOML basic string


def conflict_toml(conflict: dict[str, Any]) -> str:
    """The ``conflict`` object of a gmcr exercise as a conflict file for ``stability gmcr``.

    >>> text = conflict_toml({"title": "T", "decision_makers": [{"name": "A", "options": ["X"]}],
    ...                       "infeasible": [], "irreversible": {"X": "forward"},
    ...                       "preferences": {"A": [[0, 1]]}})
    >>> print(text, end="")
    title = "T"
    <BLANKLINE>
    [[decision_makers]]
    name = "A"
    options = ["X"]
    <BLANKLINE>
    [irreversible]
    "X" = "forward"
    <BLANKLINE>
    [preferences]
    "A" = [[0, 1]]
    """
    lines = [f"title = {_toml_string(conflict['title'])}"]
    for dm in conflict["decision_makers"]:
        options = ", ".join(_toml_string(o) for o in dm["options"])
        lines.extend(["", "[[decision_makers]]", f"name = {_toml_string(dm['name'])}"])
        lines.append(f"options = [{options}]")
    for table in conflict["infeasible"]:
        lines.extend(["", "[[infeasible]]"])
        lines.extend(f"{_toml_string(k)} = {'true' if v else 'false'}" for k, v in table.items())
    if conflict["irreversible"]:
        lines.extend(["", "[irreversible]"])
        lines.extend(
            f"{_toml_string(k)} = {_toml_string(v)}" for k, v in conflict["irreversible"].items()
        )
    lines.extend(["", "[preferences]"])
    lines.extend(
        f"{_toml_string(name)} = {json.dumps(ranking)}"
        for name, ranking in conflict["preferences"].items()
    )
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class BruteForceGraph:
    """The literal Graph Model of a conflict: per decision maker and state, its moves.

    ``preference[i][s]`` is decision maker ``i``'s level of state ``s`` (higher is
    better); ``moves[i][s]`` and ``improvements[i][s]`` list the states ``i`` reaches
    from ``s`` in one unilateral move, and those of them ``i`` strictly prefers.
    """

    names: tuple[str, ...]
    states: tuple[int, ...]
    preference: tuple[dict[int, int], ...]
    moves: tuple[dict[int, tuple[int, ...]], ...]
    improvements: tuple[dict[int, tuple[int, ...]], ...]

    def others(self, i: int) -> list[int]:
        return [j for j in range(len(self.names)) if j != i]

    def reachable(
        self, movers: Sequence[int], start: int, graph: Sequence[dict[int, tuple[int, ...]]]
    ) -> set[int]:
        """States reached from ``start`` by a legal sequence (no one moves twice in a row)
        of one or more steps of ``movers`` in ``graph`` (their moves or improvements)."""
        reached: set[int] = set()
        seen: set[tuple[int, int]] = set()
        frontier: list[tuple[int, int | None]] = [(start, None)]
        while frontier:
            state, last = frontier.pop()
            for j in movers:
                if j == last:
                    continue
                for target in graph[j][state]:
                    reached.add(target)
                    if (target, j) not in seen:
                        seen.add((target, j))
                        frontier.append((target, j))
        return reached

    def stable(self, concept: str, i: int, s: int) -> bool:
        """The definition of ``concept`` for decision maker ``i`` at state ``s``, literally."""
        level = self.preference[i]
        for s1 in self.improvements[i][s]:
            if concept == "nash":
                return False
            graph = self.improvements if concept == "seq" else self.moves
            sanctions = [
                s2
                for s2 in self.reachable(self.others(i), s1, graph)
                if level[s2] <= level[s]
                and (concept != "smr" or all(level[s3] <= level[s] for s3 in self.moves[i][s2]))
            ]
            if not sanctions:
                return False
        return True


def brute_force_graph(conflict: dict[str, Any]) -> BruteForceGraph:
    """The moves and improvements of a ``conflict`` object, enumerated state by state.

    >>> pd = {"decision_makers": [{"name": "Row", "options": ["Row defects"]},
    ...                           {"name": "Column", "options": ["Column defects"]}],
    ...       "infeasible": [], "irreversible": {},
    ...       "preferences": {"Row": [1, 0, 3, 2], "Column": [2, 0, 3, 1]}}
    >>> graph = brute_force_graph(pd)
    >>> graph.moves[0][0], graph.improvements[0][0], graph.improvements[0][1]
    ((1,), (1,), ())
    """
    options = _conflict_options(conflict)
    states = tuple(_feasible_codes(options, conflict["infeasible"]))
    names = tuple(dm["name"] for dm in conflict["decision_makers"])
    owner = {name: i for i, dm in enumerate(conflict["decision_makers"]) for name in dm["options"]}
    direction = {options.index(name): d for name, d in conflict["irreversible"].items()}

    def can_move(i: int, s: int, t: int) -> bool:
        if s == t:
            return False
        for k, name in enumerate(options):
            before, after = s >> k & 1, t >> k & 1
            if before == after:
                continue
            if owner[name] != i:
                return False
            if before and direction.get(k) in ("forward", "both"):
                return False
            if not before and direction.get(k) in ("backward", "both"):
                return False
        return True

    preference = []
    for name in names:
        ranking = conflict["preferences"][name]
        level: dict[int, int] = {}
        for depth, group in enumerate(ranking):
            for code in group if isinstance(group, list) else [group]:
                _require(code in states and code not in level, f"{name}'s ranking")
                level[code] = len(ranking) - depth
        _require(set(level) == set(states), f"{name}'s ranking misses a state")
        preference.append(level)
    moves = tuple(
        {s: tuple(t for t in states if can_move(i, s, t)) for s in states}
        for i in range(len(names))
    )
    improvements = tuple(
        {s: tuple(t for t in moves[i][s] if preference[i][t] > preference[i][s]) for s in states}
        for i in range(len(names))
    )
    return BruteForceGraph(names, states, tuple(preference), moves, improvements)


def brute_force_gmcr(conflict: dict[str, Any]) -> dict[str, Any]:
    """``{"stable": ..., "equilibria": ...}`` for Nash, GMR, SMR and SEQ, by the definitions.

    Independent of :mod:`stability.analysis.gmcr`: every improvement and every legal
    sequence of sanctioning moves is enumerated (Fang, Hipel and Kilgour 1993,
    *Interactive Decision Making*, ch. 3). The prisoner's dilemma in option form:

    >>> pd = {"decision_makers": [{"name": "Row", "options": ["Row defects"]},
    ...                           {"name": "Column", "options": ["Column defects"]}],
    ...       "infeasible": [], "irreversible": {},
    ...       "preferences": {"Row": [1, 0, 3, 2], "Column": [2, 0, 3, 1]}}
    >>> brute_force_gmcr(pd)["equilibria"]
    {'nash': [3], 'gmr': [0, 3], 'smr': [0, 3], 'seq': [0, 3]}
    """
    graph = brute_force_graph(conflict)
    stable = {
        name: {c: [s for s in graph.states if graph.stable(c, i, s)] for c in GMCR_CONCEPTS}
        for i, name in enumerate(graph.names)
    }
    equilibria = {
        c: [s for s in graph.states if all(s in stable[n][c] for n in graph.names)]
        for c in GMCR_CONCEPTS
    }
    return {"stable": stable, "equilibria": equilibria}


def _has_preference_ties(conflict: dict[str, Any]) -> bool:
    return any(
        isinstance(group, list) for ranking in conflict["preferences"].values() for group in ranking
    )


def gmcr_exercise(rng: Rng, level: int) -> Exercise:
    """Stable states and equilibria of a small conflict in the Graph Model's option form.

    Level 1: two decision makers with one option each, strict preferences; 2: two or
    three decision makers, three options, perhaps an infeasible combination; 3: as 2,
    with ties in the preferences and an irreversible option.
    """
    from stability.analysis.gmcr import analyse
    from stability.io.conflict import parse_conflict

    def interesting(conflict: dict[str, Any]) -> bool:
        answer = brute_force_gmcr(conflict)
        equilibria = answer["equilibria"]
        if not equilibria["gmr"] or len({tuple(v) for v in equilibria.values()}) < 2:
            return False  # the concepts should matter, and something should be stable
        return level < 3 or _has_preference_ties(conflict)

    for _ in range(MAX_ATTEMPTS):
        conflict = _random_conflict(rng, level)
        if interesting(conflict):
            break
    else:  # pragma: no cover - a few draws suffice
        raise StabilityError(
            "could not generate an exercise of this kind and level; try another seed"
        )
    parsed = parse_conflict(conflict_toml(conflict), source="exercise")
    _require(list(parsed.states) == conflict["states"], "the feasible states differ")
    result = analyse(parsed)
    answer: dict[str, Any] = {
        "stable": {
            name: {c: result.stable_codes(c, i) for c in GMCR_CONCEPTS}
            for i, name in enumerate(parsed.decision_makers)
        },
        "equilibria": {c: result.equilibrium_codes(c) for c in GMCR_CONCEPTS},
    }
    _require(answer == brute_force_gmcr(conflict), "stability.analysis.gmcr disagrees")
    return Exercise(
        kind="gmcr",
        level=level,
        question=(
            "In the conflict below each decision maker controls its own options and, in one "
            "unilateral move, may change any of them (within the rules shown) to reach another "
            "feasible state. For each decision maker, which states are stable under Nash, "
            "general metarationality (GMR), symmetric metarationality (SMR) and sequential "
            "stability (SEQ)? Which states are equilibria (stable for every decision maker) "
            "under each concept? Give states by their codes."
        ),
        game=None,
        answer=answer,
        checks=(
            "stability.analysis.gmcr.analyse",
            "the same stable states as a brute-force enumeration of every unilateral "
            "improvement and every legal sanctioning sequence",
        ),
        conflict=conflict,
        details={"graph": brute_force_graph(conflict), "toml": conflict_toml(conflict)},
    )
