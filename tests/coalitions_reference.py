"""A plainly written, slow reference for ``stability coalitions`` (tests only).

Independent of :mod:`stability.analysis.coalitions`: partitions by recursion on the
last actor, equilibria by trying every joint deviation of every coalition with
Fractions, and each stability concept straight from its definition.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from fractions import Fraction

Partition = frozenset[frozenset[int]]


def partitions(actors: list[int]) -> Iterator[Partition]:
    """Every partition of ``actors``: the last actor joins a block of a partition of the rest."""
    if not actors:
        yield frozenset()
        return
    *rest, last = actors
    for smaller in partitions(rest):
        yield smaller | {frozenset({last})}
        for block in smaller:
            yield (smaller - {block}) | {block | {last}}


def equilibria(
    payoff: Callable[[int, tuple[int, ...]], Fraction],
    shape: tuple[int, ...],
    partition: Partition,
    transferable: bool,
) -> list[tuple[int, ...]]:
    """Profiles no coalition of ``partition`` improves on by a joint change."""
    found = []
    for profile in itertools.product(*(range(k) for k in shape)):
        stable = True
        for coalition in partition:
            members = sorted(coalition)
            for choice in itertools.product(*(range(shape[i]) for i in members)):
                other = list(profile)
                for i, s in zip(members, choice, strict=True):
                    other[i] = s
                moved = tuple(other)
                if moved == profile:
                    continue
                if transferable:
                    better = sum(payoff(i, moved) for i in members) > sum(
                        payoff(i, profile) for i in members
                    )
                else:
                    better = all(payoff(i, moved) > payoff(i, profile) for i in members)
                if better:
                    stable = False
                    break
            if not stable:
                break
        if stable:
            found.append(profile)
    return found


def strictly_prefers(
    rule: str, values: dict[Partition, list[Fraction]] , to: Partition, start: Partition
) -> bool:
    """Preference of one actor (``values[p]``: its payoffs over p's equilibria)."""
    after, before = values[to], values[start]
    if not after:
        return False
    if not before:
        return True
    if rule == "pessimistic":
        return min(after) > min(before)
    if rule == "optimistic":
        return max(after) > max(before)
    return min(after) > max(before)


def block_of(partition: Partition, actor: int) -> frozenset[int]:
    return next(b for b in partition if actor in b)


def verdicts(
    n: int,
    prefers: Callable[[int, Partition, Partition], bool],
) -> dict[str, dict[Partition, bool]]:
    """Each concept's verdict for every partition of ``n`` actors, from the definitions."""
    everyone = list(partitions(list(range(n))))
    out: dict[str, dict[Partition, bool]] = {c: {} for c in
                                             ("core", "nash", "individual", "contractual")}
    for p in everyone:
        core = True
        for size in range(1, n + 1):
            for group in itertools.combinations(range(n), size):
                g = frozenset(group)
                q = frozenset([b - g for b in p if b - g] + [g])
                if all(prefers(i, q, p) for i in g):
                    core = False
        out["core"][p] = core
        nash = individual = contractual = True
        for i in range(n):
            own = block_of(p, i)
            targets = [b for b in p if b != own] + ([frozenset()] if len(own) > 1 else [])
            for target in targets:
                q = frozenset([b for b in p if b not in (own, target)]
                              + ([own - {i}] if own - {i} else []) + [target | {i}])
                if not prefers(i, q, p):
                    continue
                nash = False
                welcome = all(not prefers(j, p, q) for j in target)
                if welcome:
                    individual = False
                    if all(not prefers(j, p, q) for j in own - {i}):
                        contractual = False
        out["nash"][p] = nash
        out["individual"][p] = individual
        out["contractual"][p] = contractual
    out["farsighted"] = largest_consistent_set(n, everyone, prefers)
    return out


def regroupings(partition: Partition, group: frozenset[int]) -> Iterator[Partition]:
    """Every partition where ``group`` regroups among itself, the rest keep theirs minus it."""
    rest = [b - group for b in partition if b - group]
    for inner in partitions(sorted(group)):
        yield frozenset(rest + list(inner))


def largest_consistent_set(
    n: int, everyone: list[Partition], prefers: Callable[[int, Partition, Partition], bool]
) -> dict[Partition, bool]:
    """Chwe's largest consistent set by iterated deletion, indirect dominance by search."""
    moves = []  # (start, end, group)
    for p in everyone:
        for size in range(1, n + 1):
            for group in itertools.combinations(range(n), size):
                g = frozenset(group)
                for q in regroupings(p, g):
                    if q != p:
                        moves.append((p, q, g))

    def better(e: Partition, a: Partition, group: frozenset[int]) -> bool:
        return all(prefers(i, e, a) for i in group)

    def dominates(e: Partition, d: Partition) -> bool:
        seen = {d}
        frontier = [d]
        while frontier:
            a = frontier.pop()
            for start, end, group in moves:
                if start != a or not better(e, a, group):
                    continue
                if end == e:
                    return True
                if end not in seen:
                    seen.add(end)
                    frontier.append(end)
        return False

    dominance = {(e, d): dominates(e, d) for e in everyone for d in everyone}
    current = set(everyone)
    while True:
        keep = set()
        for a in current:
            ok = True
            for start, d, group in moves:
                if start != a:
                    continue
                if not any((e == d or dominance[e, d]) and not better(e, a, group)
                           for e in current):
                    ok = False
                    break
            if ok:
                keep.add(a)
        if keep == current:
            return {p: p in current for p in everyone}
        current = keep
