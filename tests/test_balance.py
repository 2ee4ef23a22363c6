"""Structural balance (Cartwright and Harary 1956) of signed coalition graphs.

Known answers: the all-positive triangle and the (+, -, -) triangle are balanced,
the (+, +, -) triangle is not (Cartwright and Harary, Psychological Review 63(5),
1956, pp. 277-293, figure 2); the structure theorem says a graph is balanced iff
its actors split into two camps, friends within and enemies across.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.balance import (
    balance,
    camps,
    interacting_pairs,
    is_balanced,
    outcome_graphs,
    profile_balance,
    signed_cycles,
    signed_graph,
    unbalanced_cycles,
)
from stability.errors import InputError
from stability.io.scenario import read_scenario


def triangle(ab: int, bc: int, ca: int) -> nx.Graph:
    graph = nx.Graph()
    graph.add_edge("A", "B", sign=ab)
    graph.add_edge("B", "C", sign=bc)
    graph.add_edge("C", "A", sign=ca)
    return graph


@pytest.mark.parametrize(
    ("signs", "expected"),
    [((1, 1, 1), True), ((1, -1, -1), True), ((1, 1, -1), False), ((-1, -1, -1), False)],
)
def test_triangles(signs: tuple[int, int, int], expected: bool) -> None:
    graph = triangle(*signs)
    assert is_balanced(graph) is expected
    assert (unbalanced_cycles(graph) == []) is expected


def test_neutral_edges_break_no_balance() -> None:
    graph = triangle(1, 1, 0)
    assert is_balanced(graph)
    assert signed_cycles(graph) == []
    assert balance(graph).degree == 1


def test_camps_of_two_enemy_blocs() -> None:
    graph = nx.Graph()
    for a, b in combinations("ABC", 2):
        graph.add_edge(a, b, sign=1)
    for a in "ABC":
        graph.add_edge(a, "Z", sign=-1)
    split = camps(graph)
    assert split is not None
    assert {frozenset(s) for s in split} == {frozenset("ABC"), frozenset("Z")}


def test_degree_of_balance_counts_cycles() -> None:
    # Square with one negative edge and one positive diagonal: cycles ABC (+,+,+)?
    graph = nx.Graph()
    graph.add_edge("A", "B", sign=1)
    graph.add_edge("B", "C", sign=1)
    graph.add_edge("C", "D", sign=1)
    graph.add_edge("D", "A", sign=-1)
    graph.add_edge("A", "C", sign=1)
    result = balance(graph)
    # cycles: ABC (0 neg, balanced), ACD (1 neg), ABCD (1 neg)
    assert result.cycles == 3
    assert len(result.unbalanced_cycles) == 2
    assert result.degree == pytest.approx(1 / 3)


signed_graphs = st.integers(min_value=2, max_value=6).flatmap(
    lambda n: st.lists(
        st.sampled_from([-1, 0, 1]), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2
    ).map(lambda signs, n=n: _graph(n, signs))
)


def _graph(n: int, signs: list[int]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(str(i) for i in range(n))
    for (a, b), sign in zip(combinations(range(n), 2), signs, strict=True):
        graph.add_edge(str(a), str(b), sign=sign, kind="x")
    return graph


@settings(max_examples=150, deadline=None)
@given(signed_graphs)
def test_two_camps_iff_every_cycle_even(graph: nx.Graph) -> None:
    """The structure theorem, checked against brute-force cycle enumeration."""
    every_cycle_even = all(neg % 2 == 0 for _, neg in signed_cycles(graph))
    assert is_balanced(graph) == every_cycle_even
    split = camps(graph)
    if split is not None:
        first, second = split
        assert first | second == set(graph.nodes) and not first & second
        for a, b, data in graph.edges(data=True):
            same = (a in first) == (b in first)
            if data["sign"] > 0:
                assert same
            elif data["sign"] < 0:
                assert not same


def test_mosul_graphs_reproduce_the_article() -> None:
    mosul = read_scenario("games/mosul.toml")
    assert len(interacting_pairs(mosul)) == 6
    coalition = signed_graph(
        mosul,
        {
            "United States": "Include the militias",
            "Iran": "Coordinate",
            "Militias": "Fight IS",
            "Islamic State": "Fight on",
        },
    )
    kinds = {frozenset((a, b)): d["kind"] for a, b, d in coalition.edges(data=True)}
    assert kinds[frozenset(("United States", "Iran"))] == "cooperate"
    assert kinds[frozenset(("United States", "Militias"))] == "cooperate"
    assert kinds[frozenset(("Iran", "Militias"))] == "cooperate"
    for actor in ("United States", "Iran", "Militias"):
        assert kinds[frozenset((actor, "Islamic State"))] == "conflict"
    assert is_balanced(coalition)
    # "The Road to U.S. Defeat in Iraq": militias renounce the U.S. for a deal with IS
    road = signed_graph(mosul, (1, 1, 1, 2))  # sidelined, at a distance, the deal
    kinds = {frozenset((a, b)): d["kind"] for a, b, d in road.edges(data=True)}
    assert kinds[frozenset(("United States", "Militias"))] == "conflict"
    assert kinds[frozenset(("Militias", "Islamic State"))] == "cooperate"
    assert ("Iran", "Islamic State", "Militias") in unbalanced_cycles(road)


def test_turkey_triangle_is_unbalanced() -> None:
    triangle_scenario = read_scenario("games/us-turkey-ypg.toml")
    result = profile_balance(triangle_scenario, (0, 0, 0))
    assert not result.balanced
    assert result.unbalanced_cycles == (("Turkey", "United States", "YPG"),)


def test_bad_profile_and_outcome_are_input_errors() -> None:
    mosul = read_scenario("games/mosul.toml")
    with pytest.raises(InputError, match="no strategy"):
        signed_graph(
            mosul,
            {
                "United States": "Surrender",
                "Iran": "Coordinate",
                "Militias": "Fight IS",
                "Islamic State": "Fight on",
            },
        )
    with pytest.raises(InputError, match="gives no strategy"):
        signed_graph(mosul, {"United States": "Include the militias"})
    with pytest.raises(InputError, match="no outcome"):
        outcome_graphs(mosul, ["Peace in our time"])
