"""Structural balance of a coalition's signed graph (Cartwright and Harary, 1956).

Actors are nodes; each interacting pair is an edge whose ``sign`` is ``+1``
(cooperation), ``-1`` (conflict) or ``0`` (neutral: no tie, ignored by balance),
as the scenario's ``[[relations]]`` say for a joint profile. A signed graph is
*balanced* when every cycle has an even number of negative edges; equivalently
(Cartwright and Harary's structure theorem) when the actors split into at most two
camps with cooperation inside each camp and conflict between them.

D. Cartwright and F. Harary, "Structural balance: a generalization of Heider's
theory", Psychological Review 63(5), 1956, pp. 277-293.

>>> import networkx as nx
>>> triangle = nx.Graph()
>>> triangle.add_edge("U.S.", "Turkey", sign=1)
>>> triangle.add_edge("U.S.", "YPG", sign=1)
>>> triangle.add_edge("Turkey", "YPG", sign=-1)
>>> is_balanced(triangle), unbalanced_cycles(triangle)
(False, [('Turkey', 'U.S.', 'YPG')])
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Literal

import networkx as nx

from stability.analysis.deviations import total_regret
from stability.errors import InputError
from stability.model.scenario import Scenario

#: The three kinds of tie, as the coalition graph draws them.
Kind = Literal["cooperate", "conflict", "neutral"]

_SIGN: dict[str, int] = {"cooperate": 1, "conflict": -1, "neutral": 0}

#: Cycle enumeration is exponential in general; coalition graphs are small.
MAX_CYCLE_ACTORS = 12


def _profile_names(
    scenario: Scenario, profile: Mapping[str, str] | Sequence[int]
) -> dict[str, str]:
    if isinstance(profile, Mapping):
        names = dict(profile)
        for actor in scenario.actors:
            if actor.name not in names:
                raise InputError(f"the profile gives no strategy for actor {actor.name!r}")
            if names[actor.name] not in actor.strategies:
                raise InputError(
                    f"actor {actor.name!r} has no strategy {names[actor.name]!r} "
                    f"(expected one of {', '.join(actor.strategies)})"
                )
        return names
    return scenario.profile_names(profile)


def interacting_pairs(scenario: Scenario) -> list[tuple[str, str]]:
    """Every pair of actors that shares a game or a declared relation, in actor order.

    >>> from stability.io.scenario import read_scenario
    >>> len(interacting_pairs(read_scenario("games/mosul.toml")))
    6
    """
    order = {actor.name: index for index, actor in enumerate(scenario.actors)}
    pairs: set[tuple[str, str]] = set()
    for game in scenario.games:
        for first, second in combinations(game.players, 2):
            pairs.add(tuple(sorted((first, second), key=order.__getitem__)))  # type: ignore[arg-type]
    for relation in scenario.relations:
        first, second = relation.actors
        pairs.add(tuple(sorted((first, second), key=order.__getitem__)))  # type: ignore[arg-type]
    return sorted(pairs, key=lambda pair: (order[pair[0]], order[pair[1]]))


def signed_graph(scenario: Scenario, profile: Mapping[str, str] | Sequence[int]) -> nx.Graph:
    """The coalition graph of a joint profile (by names or by strategy indices).

    Nodes are actor names (attributes ``label`` and ``strategy``); each interacting
    pair is an edge with ``kind`` (``"cooperate"``, ``"conflict"`` or ``"neutral"``)
    and ``sign`` (+1, -1, 0). A pair without a declared relation is neutral.

    >>> from stability.io.scenario import read_scenario
    >>> mosul = read_scenario("games/mosul.toml")
    >>> graph = signed_graph(mosul, (0, 0, 0, 0))
    >>> graph.edges["United States", "Iran"]["kind"], is_balanced(graph)
    ('cooperate', True)
    """
    names = _profile_names(scenario, profile)
    graph = nx.Graph()
    for actor in scenario.actors:
        graph.add_node(actor.name, label=actor.label, strategy=names[actor.name])
    for first, second in interacting_pairs(scenario):
        relation = scenario.relation(first, second)
        found = relation.kind(names) if relation is not None else None
        kind: Kind = found if found is not None else "neutral"
        graph.add_edge(first, second, kind=kind, sign=_SIGN[kind])
    return graph


def _signed_edges(graph: nx.Graph) -> nx.Graph:
    signed = nx.Graph()
    signed.add_nodes_from(graph.nodes)
    signed.add_edges_from(
        (a, b, {"sign": data.get("sign", 0)})
        for a, b, data in graph.edges(data=True)
        if data.get("sign", 0) != 0
    )
    return signed


def camps(graph: nx.Graph) -> tuple[frozenset[str], frozenset[str]] | None:
    """The two camps of a balanced graph (the second may be empty), or ``None``.

    Nodes joined by cooperation go to the same camp, nodes joined by conflict to
    opposite camps; isolated nodes and neutral ties join the first camp. Camps are
    found per connected component, so the split is one of possibly several.

    >>> g = nx.Graph([("A", "B", {"sign": 1}), ("B", "C", {"sign": -1})])
    >>> [sorted(camp) for camp in camps(g)]
    [['A', 'B'], ['C']]
    """
    signed = _signed_edges(graph)
    side: dict[str, int] = {}
    for start in signed.nodes:
        if start in side:
            continue
        side[start] = 0
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for neighbour in signed.neighbors(node):
                wanted = side[node] if signed.edges[node, neighbour]["sign"] > 0 else 1 - side[node]
                if neighbour not in side:
                    side[neighbour] = wanted
                    queue.append(neighbour)
                elif side[neighbour] != wanted:
                    return None
    first = frozenset(n for n, s in side.items() if s == 0)
    second = frozenset(n for n, s in side.items() if s == 1)
    return first, second


def is_balanced(graph: nx.Graph) -> bool:
    """True when every cycle of cooperation and conflict edges has an even number of conflicts.

    >>> is_balanced(nx.Graph([("A", "B", {"sign": -1}), ("B", "C", {"sign": -1}),
    ...                       ("A", "C", {"sign": 1})]))
    True
    """
    return camps(graph) is not None


def _canonical(cycle: Sequence[str]) -> tuple[str, ...]:
    """A cycle written from its smallest node, in the direction of the smaller neighbour."""
    nodes = list(cycle)
    start = nodes.index(min(nodes))
    rotated = nodes[start:] + nodes[:start]
    if len(rotated) > 2 and rotated[-1] < rotated[1]:
        rotated = [rotated[0], *reversed(rotated[1:])]
    return tuple(rotated)


def signed_cycles(graph: nx.Graph) -> list[tuple[tuple[str, ...], int]]:
    """Every simple cycle of signed (non-neutral) edges with its number of conflict edges.

    Cycles are listed once each, canonically written, sorted by length then names.
    """
    signed = _signed_edges(graph)
    if signed.number_of_nodes() > MAX_CYCLE_ACTORS:
        raise InputError(
            f"too many actors ({signed.number_of_nodes()}) to list every cycle "
            f"(the limit is {MAX_CYCLE_ACTORS}); is_balanced still works"
        )
    found: dict[tuple[str, ...], int] = {}
    for cycle in nx.simple_cycles(signed):
        if len(cycle) < 3:
            continue
        key = _canonical([str(n) for n in cycle])
        ring = list(key) + [key[0]]
        negatives = sum(
            1 for a, b in zip(ring, ring[1:], strict=False) if signed.edges[a, b]["sign"] < 0
        )
        found[key] = negatives
    return sorted(found.items(), key=lambda item: (len(item[0]), item[0]))


def unbalanced_cycles(graph: nx.Graph) -> list[tuple[str, ...]]:
    """The cycles with an odd number of conflict edges (empty iff the graph is balanced)."""
    return [cycle for cycle, negatives in signed_cycles(graph) if negatives % 2 == 1]


@dataclass(frozen=True)
class Balance:
    """The structural balance of one signed graph.

    ``degree`` is Cartwright and Harary's degree of balance: the share of cycles
    that are balanced (1 when there is no cycle).
    """

    balanced: bool
    camps: tuple[frozenset[str], frozenset[str]] | None
    cycles: int
    unbalanced_cycles: tuple[tuple[str, ...], ...]
    degree: Fraction


def balance(graph: nx.Graph) -> Balance:
    """Everything about one graph's balance at once.

    >>> b = balance(nx.Graph([("A", "B", {"sign": 1}), ("B", "C", {"sign": 1}),
    ...                       ("A", "C", {"sign": -1})]))
    >>> b.balanced, b.unbalanced_cycles, b.degree
    (False, (('A', 'B', 'C'),), Fraction(0, 1))
    """
    cycles = signed_cycles(graph)
    odd = tuple(cycle for cycle, negatives in cycles if negatives % 2 == 1)
    degree = Fraction(len(cycles) - len(odd), len(cycles)) if cycles else Fraction(1)
    split = camps(graph)
    return Balance(
        balanced=split is not None,
        camps=split,
        cycles=len(cycles),
        unbalanced_cycles=odd,
        degree=degree,
    )


def profile_balance(scenario: Scenario, profile: Mapping[str, str] | Sequence[int]) -> Balance:
    """The balance of a joint profile's coalition graph.

    >>> from stability.io.scenario import read_scenario
    >>> mosul = read_scenario("games/mosul.toml")
    >>> [sorted(camp) for camp in profile_balance(mosul, (0, 0, 0, 0)).camps]
    [['Iran', 'Militias', 'United States'], ['Islamic State']]
    """
    return balance(signed_graph(scenario, profile))


@dataclass(frozen=True)
class OutcomeGraph:
    """The coalition graph drawn for one outcome at given parameter values.

    ``profile`` is an equilibrium of the outcome when it has one (``equilibrium``
    true); otherwise the outcome's profile with the least total regret (the sum of
    what each actor would gain by its best deviation), the one closest to being
    stable. ``regret`` is that sum (0 for an equilibrium).
    """

    outcome: str
    profile: dict[str, str]
    equilibrium: bool
    regret: Fraction
    graph: nx.Graph
    balance: Balance


def outcome_graphs(
    scenario: Scenario,
    outcomes: Sequence[str] | None = None,
    values: Mapping[str, Fraction | int | str] | None = None,
    *,
    equilibria_only: bool = False,
) -> list[OutcomeGraph]:
    """One coalition graph per outcome (all outcomes, or those named), at ``values``.

    An outcome with several equilibrium profiles gives one graph per equilibrium.
    With ``equilibria_only`` outcomes that are not equilibria are left out.

    >>> from stability.io.scenario import read_scenario
    >>> mosul = read_scenario("games/mosul.toml")
    >>> for g in outcome_graphs(mosul)[:2]:
    ...     print(g.outcome, g.equilibrium, g.balance.balanced)
    Competing and Cooperating in Iraq True True
    The Road to U.S. Defeat in Iraq False False
    """
    from stability.analysis.joint import joint_game
    from stability.solvers.pure import pure_equilibria

    names = [o.name for o in scenario.outcomes] if outcomes is None else list(outcomes)
    for name in names:
        try:
            scenario.outcome(name)
        except KeyError:
            known = ", ".join(repr(o.name) for o in scenario.outcomes) or "none"
            raise InputError(
                f"no outcome {name!r} in this scenario (expected one of: {known})",
                item="--outcome",
            ) from None
    game = joint_game(scenario, values)
    equilibria = {tuple(int(i) for i in p) for p in pure_equilibria(game)}
    graphs: list[OutcomeGraph] = []
    for name in names:
        mask = scenario.outcome_mask(name)
        members = [tuple(int(i) for i in p) for p in zip(*mask.nonzero(), strict=True)]
        stable = [p for p in members if p in equilibria]
        if stable:
            chosen = [(p, True, Fraction(0)) for p in stable]
        elif equilibria_only or not members:
            continue
        else:
            regrets = [(total_regret(game, p), p) for p in members]
            least, profile = min(regrets)
            chosen = [(profile, False, least)]
        for profile, is_equilibrium, regret in chosen:
            graph = signed_graph(scenario, profile)
            graphs.append(
                OutcomeGraph(
                    outcome=name,
                    profile=scenario.profile_names(profile),
                    equilibrium=is_equilibrium,
                    regret=regret,
                    graph=graph,
                    balance=balance(graph),
                )
            )
    return graphs
