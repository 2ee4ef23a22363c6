"""Equilibrium selection: which pure equilibrium is the likely result.

When several outcomes are equilibria at once, three families of criteria say
which one players are likely to end in:

- **payoff dominance** (Harsanyi and Selten 1988, *A General Theory of Equilibrium
  Selection in Games*, MIT Press, section 3.9): one equilibrium gives every
  player at least as much as another, and someone more;
- **risk dominance** by the *Nash product of deviation losses*. For two strict
  equilibria ``e`` and ``f`` of a 2x2 game Harsanyi and Selten (1988, section 3.9)
  show that ``e`` risk-dominates ``f`` exactly when
  ``(u1(e) - u1(f1, e2)) (u2(e) - u2(e1, f2)) > (u1(f) - u1(e1, f2)) (u2(f) - u2(f1, e2))``:
  the product of the players' losses from deviating to the other equilibrium's
  strategy is larger at ``e``. For the N-actor joint game we use the same product
  over the players whose strategies differ between ``e`` and ``f``:
  ``prod_i (u_i(e) - u_i(f_i, e_-i))`` against ``prod_i (u_i(f) - u_i(e_i, f_-i))``.
  This is the Nash-product criterion that Harsanyi and Selten's theory gives for
  unanimity games, and that Selten (1995, "An axiomatic theory of a risk dominance
  measure for bipolar games with linear incentives", *Games and Economic
  Behavior* 8) axiomatises for games with linear incentives; for a general
  N-player game it is a stated definition, not the outcome of the tracing
  procedure. Products are exact (rationals);
- **basins of attraction** of learning dynamics (:mod:`stability.analysis.learning`):
  the share of starting beliefs, drawn uniformly on the product of the players'
  simplices, from which the replicator or the logit dynamic of the joint game ends
  in each pure equilibrium, with a 95% Wilson interval and a seed.

>>> from stability.model.game import Game
>>> stag_hunt = Game.from_payoffs([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
>>> comparison = risk_comparison(stag_hunt, (0, 0), (1, 1))
>>> comparison.first_product, comparison.second_product, comparison.risk_dominant
(Fraction(1, 1), Fraction(9, 1), 'second')
>>> payoff_dominance(stag_hunt, (0, 0), (1, 1))
'first'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from stability.analysis.joint import joint_game, pair_game
from stability.analysis.learning import (
    DEFAULT_PRECISION,
    DYNAMICS,
    INTEGRATION,
    check_basin_work,
    check_dynamic,
    check_precision,
    simulate_bounded,
    uniform_starts,
)
from stability.analysis.robustness import wilson_interval
from stability.analysis.scale import map_chunks
from stability.analysis.selection_criteria import (
    NASH_PRODUCT,
    Advantage,
    GameComparisons,
    PayoffDominance,
    RiskComparison,
    compare_equilibria,
    payoff_comparison,
    payoff_dominance,
    risk_comparison,
    strict_equilibria,
)
from stability.errors import InputError, TooLargeError
from stability.model.scenario import Scenario
from stability.solvers.pure import pure_equilibria

__all__ = [
    "DYNAMICS",
    "NASH_PRODUCT",
    "GameComparisons",
    "compare_equilibria",
    "Advantage",
    "Basins",
    "PayoffDominance",
    "RiskComparison",
    "Selection",
    "basin_counts",
    "basin_counts_bounded",
    "basins",
    "outcome_basin_share",
    "outcome_basins",
    "payoff_comparison",
    "payoff_dominance",
    "risk_comparison",
    "select",
    "strict_equilibria",
]

FloatArray = npt.NDArray[np.float64]
Side = Literal["first", "second"]
Profile = tuple[int, ...]

#: Starting beliefs drawn from one generator (the unit of reproducibility).
CHUNK = 1024
#: Most trajectories simulated at once (games times starts).
BATCH = 65_536
#: Most starts in one run (a sanity bound; sensitivity and tipping run many games).
MAX_STARTS = 10_000_000
# -- basins of attraction ---------------------------------------------------------------


def _check_starts(starts: int, seed: int) -> None:
    if starts < 1:
        raise InputError(f"--starts: expected at least 1, got {starts}")
    if starts > MAX_STARTS:
        raise TooLargeError(f"--starts: at most {MAX_STARTS:,} starts, got {starts:,}")
    if seed < 0:
        raise InputError(f"--seed: expected a number >= 0, got {seed}")


def start_chunks(
    seed: int, starts: int, shape: tuple[int, ...]
) -> list[list[FloatArray]]:
    """The starting beliefs, chunk ``k`` drawn from ``SeedSequence(seed, spawn_key=(k,))``
    (as :func:`basin_counts` draws them).

    >>> [c[0].shape for c in start_chunks(0, 1500, (2, 3))]
    [(1024, 2), (476, 2)]
    """
    chunks = []
    for index, first in enumerate(range(0, starts, CHUNK)):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
        chunks.append(uniform_starts(rng, min(CHUNK, starts - first), shape))
    return chunks


def _chunk_counts(
    tables: Sequence[FloatArray],
    seed: int,
    index: int,
    size: int,
    dynamic: str,
    precision: float,
) -> npt.NDArray[np.int64]:
    """Counts per game and ending for chunk ``index`` of the starts (one unit of work);
    the last column counts the starts that the step bound stopped (also counted by
    where they stood)."""
    games = tables[0].shape[0]
    shape = tuple(tables[0].shape[1:])
    n_profiles = math.prod(shape)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    chunk = uniform_starts(rng, size, shape)
    counts = np.zeros((games, n_profiles + 2), dtype=np.int64)
    group = max(1, BATCH // size)  # games simulated together (bounds memory)
    for low in range(0, games, group):
        high = min(games, low + group)
        beliefs = [
            np.repeat(b[None], high - low, axis=0).reshape((high - low) * size, -1)
            for b in chunk
        ]
        repeated = (
            [np.repeat(t[low:high], size, axis=0) for t in tables]
            if games > 1 else list(tables)
        )
        ends, bounded = simulate_bounded(repeated, beliefs, dynamic, precision=precision)
        ends = np.where(ends < 0, n_profiles, ends).reshape(high - low, size)
        offsets = np.arange(high - low)[:, None] * (n_profiles + 1)
        counts[low:high, :-1] += np.bincount(
            (ends + offsets).ravel(), minlength=(high - low) * (n_profiles + 1)
        ).reshape(high - low, n_profiles + 1)
        counts[low:high, -1] += bounded.reshape(high - low, size).sum(axis=1)
    return counts


def basin_counts(
    tables: Sequence[FloatArray],
    starts: int,
    seed: int = 0,
    *,
    dynamic: str = "replicator",
    precision: float = DEFAULT_PRECISION,
    client: Any | None = None,
) -> npt.NDArray[np.int64]:
    """Per game (axis 0 of ``tables``), how many starts end in each flat pure profile.

    Returns shape ``(games, n_profiles + 1)``; the last column counts starts that
    end in no pure equilibrium. Every game sees the same starts (common random
    numbers), so differences between games are not sampling noise. The starts are
    simulated in chunks of :data:`CHUNK` (chunk ``k`` drawn from
    ``SeedSequence(seed, spawn_key=(k,))``), here or on a Dask ``client``'s
    cluster, with the same counts either way.
    """
    return basin_counts_bounded(
        tables, starts, seed, dynamic=dynamic, precision=precision, client=client
    )[0]


def basin_counts_bounded(
    tables: Sequence[FloatArray],
    starts: int,
    seed: int = 0,
    *,
    dynamic: str = "replicator",
    precision: float = DEFAULT_PRECISION,
    client: Any | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """:func:`basin_counts`, and per game how many of the starts the step bound
    stopped (they are counted where they stood: see
    :func:`~stability.analysis.learning.simulate_bounded`).

    >>> pennies = [np.array([[[1.0, -1.0], [-1.0, 1.0]]]), np.array([[[-1.0, 1.0], [1.0, -1.0]]])]
    >>> counts, bounded = basin_counts_bounded(pennies, 20)
    >>> counts.tolist(), bounded.tolist()
    ([[0, 0, 0, 0, 20]], [0])
    """
    check_dynamic(dynamic)
    _check_starts(starts, seed)
    tables = [np.ascontiguousarray(t) for t in tables]
    chunks = [
        (tables, seed, index, min(CHUNK, starts - first), dynamic, precision)
        for index, first in enumerate(range(0, starts, CHUNK))
    ]
    parts = map_chunks(_chunk_counts, chunks, client)
    total: npt.NDArray[np.int64] = np.sum(parts, axis=0)
    return total[:, :-1], total[:, -1]


@dataclass(frozen=True)
class BasinShare:
    """The starts that ended in one pure equilibrium (``profile`` None: in none)."""

    profile: Profile | None
    count: int
    share: float
    ci: tuple[float, float]


@dataclass(frozen=True)
class Basins:
    """Basins of attraction of one dynamic in the joint game (largest first)."""

    dynamic: str
    starts: int
    seed: int
    precision: float | None
    shares: tuple[BasinShare, ...]
    #: How the starting beliefs were drawn, in words.
    drawn: str = "uniformly on the product of the actors' belief simplices"
    #: The step bound of the integration (:data:`~stability.analysis.learning.INTEGRATION`).
    max_steps: int = 0
    #: How many starts the step bound stopped before they ended (counted in
    #: ``shares`` by where they stood: near a pure equilibrium, or in none).
    bounded: int = 0

    def bound_sentence(self) -> str:
        """The step bound and how many starts it stopped, in words.

        >>> Basins("replicator", 1000, 0, None, (), max_steps=5000, bounded=3).bound_sentence()
        '3 of 1,000 starts were still moving at the bound of 5,000 steps (counted where they stood)'
        """
        if not self.bounded:
            return f"every start ended within the bound of {self.max_steps:,} steps"
        verb = "was" if self.bounded == 1 else "were"
        return (
            f"{self.bounded:,} of {self.starts:,} starts {verb} still moving at the bound of "
            f"{self.max_steps:,} steps (counted where they stood)"
        )

    def share_of(self, profiles: Sequence[Profile]) -> float:
        """The share of starts ending in any of ``profiles``."""
        wanted = set(profiles)
        return sum(s.count for s in self.shares if s.profile in wanted) / self.starts


def basins(
    scenario: Scenario,
    dynamic: str = "replicator",
    starts: int = 1000,
    seed: int = 0,
    *,
    precision: float = DEFAULT_PRECISION,
    client: Any | None = None,
) -> Basins:
    """Basins of attraction of ``dynamic`` in the joint game at the scenario's values.

    >>> from stability.io.scenario import read_scenario
    >>> result = basins(read_scenario("games/two-allies.toml"), starts=200)
    >>> sum(s.count for s in result.shares)
    200
    """
    game = joint_game(scenario)
    check_basin_work(starts, game.shape)
    tables = [np.asarray(t, dtype=np.float64)[None] for t in game.payoffs]
    all_counts, all_bounded = basin_counts_bounded(
        tables, starts, seed, dynamic=dynamic, precision=precision, client=client
    )
    counts = all_counts[0]
    shape = game.shape
    shares = [
        BasinShare(
            tuple(int(v) for v in np.unravel_index(k, shape)) if k < len(counts) - 1 else None,
            int(c),
            int(c) / starts,
            wilson_interval(int(c), starts),
        )
        for k, c in enumerate(counts)
        if c > 0
    ]
    shares.sort(key=lambda s: (-s.count, s.profile is None, s.profile or ()))
    return Basins(
        dynamic, starts, seed, precision if dynamic == "logit" else None, tuple(shares),
        max_steps=INTEGRATION[dynamic].max_steps, bounded=int(all_bounded[0]),
    )


def outcome_mask(scenario: Scenario, outcome: str) -> npt.NDArray[np.bool_]:
    """Which joint profiles belong to ``outcome``; an unknown name is bad input."""
    try:
        return scenario.outcome_mask(outcome)
    except KeyError:
        names = ", ".join(o.name for o in scenario.outcomes) or "none declared"
        raise InputError(f"no outcome {outcome!r} (expected one of: {names})") from None


def outcome_basin_share(
    scenario: Scenario,
    outcome: str,
    *,
    dynamic: str = "replicator",
    starts: int = 1000,
    seed: int = 0,
    client: Any | None = None,
) -> float:
    """The share of starting beliefs (uniform on the product of simplices) from which
    ``dynamic`` in the joint game ends in a pure equilibrium belonging to ``outcome``.

    >>> from stability.io.scenario import read_scenario
    >>> scenario = read_scenario("games/two-allies.toml")
    >>> 0.0 <= outcome_basin_share(scenario, "Alliance", starts=200) <= 1.0
    True
    """
    return outcome_basins(
        scenario, outcome, dynamic=dynamic, starts=starts, seed=seed, client=client
    )[0]


def outcome_basins(
    scenario: Scenario,
    outcome: str,
    *,
    dynamic: str = "replicator",
    starts: int = 1000,
    seed: int = 0,
    client: Any | None = None,
) -> tuple[float, Basins]:
    """:func:`outcome_basin_share` and the basins it was read from (their step bound
    and how many starts it stopped).

    >>> from stability.io.scenario import read_scenario
    >>> share, result = outcome_basins(read_scenario("games/two-allies.toml"), "Alliance",
    ...                                starts=200)
    >>> result.starts, result.max_steps, result.bounded
    (200, 5000, 0)
    """
    mask = outcome_mask(scenario, outcome)
    result = basins(scenario, dynamic, starts, seed, client=client)
    profiles = [tuple(int(i) for i in p) for p in zip(*mask.nonzero(), strict=True)]
    return result.share_of(profiles), result


# -- the whole selection ---------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The equilibrium one criterion selects (``None``: it selects none)."""

    criterion: str
    profile: Profile | None
    outcomes: tuple[str, ...]


@dataclass(frozen=True)
class Selection:
    """Everything ``stability select`` reports."""

    scenario: Scenario
    equilibria: tuple[Profile, ...]
    strict: tuple[Profile, ...]
    pairs: tuple[GameComparisons, ...]
    joint: GameComparisons
    basins: tuple[Basins, ...]
    verdicts: tuple[Verdict, ...]

    @property
    def agree(self) -> bool:
        """True when every criterion that selects something selects the same outcomes."""
        chosen = {v.outcomes for v in self.verdicts if v.profile is not None}
        return len(chosen) <= 1


def _basin_choice(result: Basins) -> Profile | None:
    """The equilibrium with the largest basin, when its 95% interval lies wholly above
    every other ending's (starts ending in no equilibrium included); else ``None``:
    too close to call with this many starts."""
    if not result.shares or result.shares[0].profile is None:
        return None
    top, others = result.shares[0], result.shares[1:]
    if any(top.ci[0] <= other.ci[1] for other in others):
        return None
    return top.profile


def select(
    scenario: Scenario,
    *,
    dynamics: Sequence[str] = DYNAMICS,
    starts: int = 1000,
    seed: int = 0,
    precision: float = DEFAULT_PRECISION,
    client: Any | None = None,
) -> Selection:
    """Every selection criterion for the scenario's joint game at its current values."""
    joint = joint_game(scenario)
    for dynamic in dynamics:
        check_dynamic(dynamic)
    _check_starts(starts, seed)
    check_basin_work(starts, joint.shape)
    check_precision(precision)
    pairs = []
    for game in scenario.games:
        if len(game.players) == 2:
            pairs.append(compare_equilibria(pair_game(scenario, game.name), game.name))
    comparisons = compare_equilibria(joint, "joint")
    results = tuple(
        basins(scenario, check_dynamic(d), starts, seed, precision=precision, client=client)
        for d in dynamics
    )

    def verdict(criterion: str, profile: Profile | None) -> Verdict:
        outcomes = tuple(scenario.outcomes_of(profile)) if profile is not None else ()
        return Verdict(criterion, profile, outcomes)

    considered = comparisons.dominance.considered
    # a single pure equilibrium is the only one to select; otherwise payoff dominance
    # must be earned by comparing every actor's payoffs
    payoff_choice = considered[0] if len(considered) == 1 else comparisons.payoff_dominant
    verdicts = [
        verdict("payoff dominance", payoff_choice),
        verdict("risk dominance", comparisons.risk_dominant),
    ]
    verdicts += [verdict(f"basin ({r.dynamic})", _basin_choice(r)) for r in results]
    if len(comparisons.strict) == 1:
        # risk dominance is defined among strict equilibria: the only one is selected.
        # Payoff dominance is not: it compares payoffs with the weak equilibria too.
        verdicts[1] = verdict(verdicts[1].criterion, comparisons.strict[0])
    return Selection(
        scenario=scenario,
        equilibria=tuple(tuple(int(s) for s in p) for p in pure_equilibria(joint)),
        strict=comparisons.strict,
        pairs=tuple(pairs),
        joint=comparisons,
        basins=results,
        verdicts=tuple(verdicts),
    )
