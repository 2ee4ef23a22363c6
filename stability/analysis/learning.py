"""Learning dynamics on the product of simplices, vectorised over many starts.

Each of the N players of a game holds a mixed strategy (a point of its simplex);
a *start* is one point of the product of simplices. All starts are simulated at
once: beliefs are arrays of shape ``(B, n_i)``, payoff tables of shape
``(B, *shape)`` or ``(1, *shape)`` (one game for every start), so the same kernel
serves one game with a thousand starts and a thousand parameter samples with a
hundred starts each.

Two standard dynamics (each player is its own population; continuous time,
integrated with fixed steps):

- ``replicator``: ``dx_is/dt = x_is (u_i(s, x_-i) - u_i(x))`` (Taylor and Jonker
  1978; the multi-population form of Weibull 1995, ch. 5), integrated by Heun's
  method (second order), which keeps every belief on its simplex;
- ``logit`` (smoothed best response): ``dx_i/dt = softmax(lambda * u_i(., x_-i)) - x_i``
  (Fudenberg and Levine 1998, ch. 4; Hofbauer and Sandholm 2002), integrated by
  Euler steps, which keep rest points (logit equilibria) exactly.

Payoffs are divided by one scale per game, the largest change any player can
make to its own payoff by switching strategy (the *deviation range*); one common
scale only rescales time for the replicator (its paths are unchanged), and makes
the logit precision ``lambda`` a number per deviation range, independent of the
scenario's units.

A replicator start *ends in* the strict equilibrium ``p`` as soon as it is
certain to converge there (see :func:`_certified`: every ``p_i`` is the strict
best response throughout a region that the dynamic cannot leave); one still
unsettled after ``max_steps`` ends in the pure equilibrium whose strategies all
hold weight at least ``1 - SETTLED`` (a weak equilibrium), if any. A logit start
ends when its beliefs stop moving, in the pure equilibrium ``p`` when each
``p_i`` is the player's unique best response and heaviest strategy (logit rest
points are interior). Other starts end in no pure equilibrium (``-1``), at once
when their game has none. The
integration stops as soon as every start has ended; a start that the step bound
stops instead (one approaching a mixed rest point, or cycling) is flagged, and
the results that count endings count these too (:func:`simulate_bounded`).

>>> import numpy as np
>>> coordination = [np.array([[[2.0, 0.0], [0.0, 1.0]]]), np.array([[[2.0, 0.0], [0.0, 1.0]]])]
>>> x = np.array([[0.5, 0.5], [0.2, 0.8]])  # two starts on the diagonal
>>> ends = simulate(coordination, [x, x.copy()], "replicator")
>>> ends.tolist()  # flat index of the profile: 0 = (0, 0), 3 = (1, 1)
[0, 3]
"""

from __future__ import annotations

import hashlib
import math
import string
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stability.errors import InputError, TooLargeError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

#: The learning dynamics this module simulates.
DYNAMICS = ("replicator", "logit")
#: A replicator start has settled when every player's weight outside its pure
#: strategy is below this.
SETTLED = 1e-3
#: Largest belief change between two checks of a start that has stopped moving.
STILL = 1e-10
#: Up to this step a replicator start's certificate is tried at every check; later at
#: checks a quarter of the steps apart (and whenever a start stops).
CERTIFY_ALWAYS = 500
#: Default logit precision, per deviation range of the game.
DEFAULT_PRECISION = 20.0
#: Largest logit precision: at 10**6 per deviation range a logit response already
#: puts less than e**-1000 on any strategy a hundredth of the range worse (a best
#: response); far larger values overflow (``--precision 1e308`` ended 59% of starts
#: in NaN).
MAX_PRECISION = 1e6
#: Most starts x joint profiles x actors for one scenario's basins (``select``): a
#: dynamic's time grows with each. Mosul (54 profiles, 4 actors): 50,000 starts take
#: 3 s a dynamic, 1,000,000 ran past a minute; 222,222 (the limit) about 14 s a
#: dynamic (benchmarks/bench_limits.py).
MAX_BASIN_WORK = 48_000_000


def check_basin_work(starts: int, shape: tuple[int, ...]) -> None:
    """Refuse more starts than :data:`MAX_BASIN_WORK` allows for a joint game of ``shape``.

    >>> check_basin_work(222_222, (2, 3, 3, 3))
    >>> check_basin_work(1_000_000, (2, 3, 3, 3))
    Traceback (most recent call last):
    ...
    stability.errors.TooLargeError: --starts: at most 222,222 for this joint game (54 ...
    """
    profiles = math.prod(shape)
    most = max(1, MAX_BASIN_WORK // (profiles * len(shape)))
    if starts > most:
        raise TooLargeError(
            f"--starts: at most {most:,} for this joint game ({profiles:,} profiles x "
            f"{len(shape)} actors), got {starts:,}; fewer starts suffice (a basin share's "
            f"interval narrows as 1/sqrt(starts))"
        )


def check_precision(precision: object) -> float:
    """A logit precision: a number ``> 0`` and at most :data:`MAX_PRECISION`.

    >>> check_precision(20)
    20.0
    >>> check_precision(1e308)
    Traceback (most recent call last):
    ...
    stability.errors.InputError: --precision: expected a number > 0 and at most 1,000,000 ...
    """
    if isinstance(precision, bool) or not isinstance(precision, int | float):
        raise TypeError(f"--precision: expected a number, got {type(precision).__name__}")
    value = float(precision)
    if not 0 < value <= MAX_PRECISION:  # NaN fails both comparisons
        raise InputError(
            f"--precision: expected a number > 0 and at most {MAX_PRECISION:,.0f} (at that "
            f"precision logit already plays best responses; larger values overflow), "
            f"got {precision}"
        )
    return value


@dataclass(frozen=True)
class Integration:
    """Step size (in time per deviation range) and step budget of one dynamic."""

    dt: float
    max_steps: int
    check_every: int


#: Step sizes and budgets: the replicator approaches strict equilibria at a rate
#: equal to the smallest normalised deviation loss, so it gets a longer budget.
#: A start whose beliefs move less than :data:`STILL` between two checks has stopped.
INTEGRATION = {
    "replicator": Integration(dt=0.5, max_steps=5_000, check_every=10),
    "logit": Integration(dt=0.25, max_steps=4_000, check_every=20),
}


def check_dynamic(dynamic: str) -> str:
    """``dynamic`` if it names a dynamic of :data:`DYNAMICS`, else bad input.

    >>> check_dynamic("logit")
    'logit'
    """
    if dynamic not in DYNAMICS:
        raise InputError(f"--dynamic: expected one of {', '.join(DYNAMICS)}, got {dynamic!r}")
    return dynamic


def uniform_starts(
    rng: np.random.Generator, count: int, shape: Sequence[int]
) -> list[FloatArray]:
    """``count`` points drawn uniformly on the product of simplices of ``shape``.

    Uniform on a simplex is Dirichlet(1, ..., 1): normalised standard exponentials.

    >>> starts = uniform_starts(np.random.default_rng(0), 3, (2, 3))
    >>> [s.shape for s in starts], bool(np.allclose(starts[1].sum(axis=1), 1))
    ([(3, 2), (3, 3)], True)
    """
    beliefs = []
    for n in shape:
        draws = rng.standard_exponential((count, n))
        beliefs.append(draws / draws.sum(axis=1, keepdims=True))
    return beliefs


def deviation_range(tables: Sequence[FloatArray]) -> FloatArray:
    """Per game (axis 0), the largest payoff change one player can make alone.

    >>> deviation_range([np.array([[[2.0, 0.0], [0.0, 1.0]]])] * 2).tolist()
    [2.0]
    """
    batch = max(t.shape[0] for t in tables)
    scale = np.zeros(batch)
    for player, table in enumerate(tables):
        spread = table.max(axis=player + 1) - table.min(axis=player + 1)
        scale = np.maximum(scale, spread.reshape(spread.shape[0], -1).max(axis=1))
    return scale


def _subscripts(n_players: int) -> list[str]:
    """einsum subscripts giving each player's payoff to each of its strategies."""
    if n_players > 26:
        raise InputError(f"learning dynamics: at most 26 players, got {n_players}")
    letters = string.ascii_letters[:n_players]
    result = []
    for player in range(n_players):
        others = ",".join(f"...{letters[j]}" for j in range(n_players) if j != player)
        result.append(f"...{letters},{others}->...{letters[player]}")
    return result


def strategy_payoffs(
    tables: Sequence[FloatArray], beliefs: Sequence[FloatArray], subscripts: Sequence[str]
) -> list[FloatArray]:
    """``u_i(s, x_-i)`` for every player ``i``, strategy ``s`` and start (``(B, n_i)``).

    One game for every start (tables of shape ``(1, *shape)``): the others' beliefs
    are multiplied out to ``(B, prod n_j)`` and contracted with the table by one
    matrix product (several times faster than ``einsum`` over the batch, which
    matters when slow starts run thousands of steps).
    """
    out = []
    for player, (table, formula) in enumerate(zip(tables, subscripts, strict=True)):
        others = [b for j, b in enumerate(beliefs) if j != player]
        if table.shape[0] != 1 or not others:
            out.append(np.einsum(formula, table, *others))
            continue
        joint = others[0]
        for b in others[1:]:
            joint = (joint[:, :, None] * b[:, None, :]).reshape(joint.shape[0], -1)
        own = np.moveaxis(table[0], player, 0).reshape(table.shape[player + 1], -1)
        out.append(joint @ own.T)
    return out


def _replicator(
    tables: Sequence[FloatArray], beliefs: Sequence[FloatArray], subscripts: Sequence[str]
) -> list[FloatArray]:
    payoffs = strategy_payoffs(tables, beliefs, subscripts)
    return [
        x * (u - (x * u).sum(axis=1, keepdims=True))
        for x, u in zip(beliefs, payoffs, strict=True)
    ]


def _softmax(values: FloatArray) -> FloatArray:
    shifted = np.exp(values - values.max(axis=1, keepdims=True))
    result: FloatArray = shifted / shifted.sum(axis=1, keepdims=True)
    return result


def _pure_equilibrium_flags(tables: Sequence[FloatArray], shape: tuple[int, ...]) -> BoolArray:
    """Per game, which flat profiles are pure equilibria (``(B or 1, n_profiles)``)."""
    mask: BoolArray | None = None
    for player, table in enumerate(tables):
        best = table.max(axis=player + 1, keepdims=True)
        responds = table >= best - 1e-9
        mask = responds if mask is None else mask & responds
    assert mask is not None
    return mask.reshape(mask.shape[0], math.prod(shape))


def _vertex_subscripts(n_players: int) -> list[str]:
    """einsum subscripts for each player's payoffs at the others' region vertices."""
    lower = string.ascii_lowercase[:n_players]
    upper = string.ascii_uppercase[:n_players]
    result = []
    for player in range(n_players):
        others = [j for j in range(n_players) if j != player]
        inputs = ",".join(f"...{upper[j]}{lower[j]}" for j in others)
        output = lower[player] + "".join(upper[j] for j in others)
        result.append(f"...{lower},{inputs}->...{output}")
    return result


def _vertex_values(
    table: FloatArray, player: int, others: Sequence[FloatArray], formula: str
) -> FloatArray:
    """``player``'s payoff to each strategy at each vertex of the others' regions,
    ``(B, n_i, V_1, ..., V_k)`` flattened as ``einsum(formula, ...)`` gives it.

    One game for every start: the others' vertex matrices ``(B, V_j, n_j)`` are
    multiplied out (a Kronecker product per start) and contracted with the table by
    one matrix product, several times faster than ``einsum`` over the batch.
    """
    if table.shape[0] != 1 or not others:
        result: FloatArray = np.einsum(formula, table, *others)
        return result
    size = others[0].shape[0]
    joint = others[0]
    for v in others[1:]:
        joint = (joint[:, :, None, :, None] * v[:, None, :, None, :]).reshape(
            size, joint.shape[1] * v.shape[1], joint.shape[2] * v.shape[2]
        )
    own = np.moveaxis(table[0], player, 0).reshape(table.shape[player + 1], -1)
    values: FloatArray = np.swapaxes(joint @ own.T, 1, 2)
    return values


def _certified(
    tables: Sequence[FloatArray],
    beliefs: Sequence[FloatArray],
    subscripts: Sequence[str],
    shape: tuple[int, ...],
    picks: Sequence[IntArray] | None = None,
) -> IntArray:
    """Flat index of the strict equilibrium each replicator start is certain to reach, or -1.

    Let ``p`` be the candidate profile (``picks``; by default each player's heaviest
    strategy) and ``c_j`` player ``j``'s weight on ``p_j``. In the region
    ``Q = {y : y_j[p_j] >= c_j for all j}`` (which holds the current beliefs) a
    player's payoff difference between two strategies is multilinear in the others'
    beliefs, so it is smallest at a vertex of ``Q``'s product of polytopes, whose
    vertices are ``c_j e_{p_j} + (1 - c_j) e_k``. When every ``p_i`` is the strict
    best response at every vertex, it is one on all of
    ``Q``; there every ``y_i[p_i]`` grows under the replicator dynamic, so ``Q`` is
    never left and the only rest point in it, ``p``, is reached. The argument does
    not need ``p_j`` to be heaviest: a start still near a profile that one player
    is slowly leaving is certified with ``p`` the profile of best responses.
    """
    size = beliefs[0].shape[0]
    if picks is None:
        picks = [x.argmax(axis=1) for x in beliefs]
    vertices = []
    for x, choice, n in zip(beliefs, picks, shape, strict=True):
        weight = np.take_along_axis(x, choice[:, None], axis=1)  # (B, 1)
        corner = np.zeros((size, n))
        np.put_along_axis(corner, choice[:, None], 1.0, axis=1)
        vertices.append((1.0 - weight)[:, :, None] * np.eye(n)[None] + weight[:, :, None] *
                        corner[:, None, :])
    ok = np.ones(size, dtype=bool)
    flat = np.zeros(size, dtype=np.intp)
    for player, (table, formula) in enumerate(zip(tables, subscripts, strict=True)):
        others = [v for j, v in enumerate(vertices) if j != player]
        values = _vertex_values(table, player, others, formula).reshape(size, shape[player], -1)
        choice = picks[player]
        own = np.take_along_axis(values, choice[:, None, None], axis=1)[:, 0]
        rest = values.copy()
        np.put_along_axis(rest, choice[:, None, None], -np.inf, axis=1)
        ok &= (own > rest.max(axis=1) + 1e-12).all(axis=1)
        flat = flat * shape[player] + choice
    return np.where(ok, flat, -1).astype(np.intp)


def _settled(
    tables: Sequence[FloatArray],
    beliefs: Sequence[FloatArray],
    subscripts: Sequence[str],
    shape: tuple[int, ...],
    equilibria: BoolArray,
    threshold: float | None,
) -> IntArray:
    """Flat index of the pure equilibrium each start has settled in, or -1."""
    payoffs = strategy_payoffs(tables, beliefs, subscripts)
    size = beliefs[0].shape[0]
    ok = np.ones(size, dtype=bool)
    flat = np.zeros(size, dtype=np.intp)
    for x, u, n in zip(beliefs, payoffs, shape, strict=True):
        if threshold is None:  # logit: the unique best response is the heaviest strategy
            choice = u.argmax(axis=1)
            top = np.take_along_axis(u, choice[:, None], axis=1)[:, 0]
            unique = (u >= top[:, None] - 1e-12).sum(axis=1) == 1
            ok &= unique & (x.argmax(axis=1) == choice)
        else:  # replicator at the end of its budget: near a (possibly weak) equilibrium
            choice = x.argmax(axis=1)
            ok &= np.take_along_axis(x, choice[:, None], axis=1)[:, 0] >= threshold
        flat = flat * n + choice
    rows = np.arange(size) if equilibria.shape[0] > 1 else np.zeros(size, dtype=np.intp)
    ok &= equilibria[rows, flat]
    return np.where(ok, flat, -1).astype(np.intp)


#: Results of recent simulations (endings, and which starts the step bound stopped),
#: by a digest of their inputs: ``analyze`` and ``report`` ask for the same basins
#: several times (the plain answer, ``select``).
_RECENT: dict[bytes, tuple[IntArray, BoolArray]] = {}
#: How many results :data:`_RECENT` keeps.
RECENT = 16


def _digest(
    tables: Sequence[FloatArray], beliefs: Sequence[FloatArray], dynamic: str, precision: float
) -> bytes:
    """A digest of everything a simulation's result depends on."""
    digest = hashlib.blake2b(f"{dynamic}:{precision!r}".encode(), digest_size=20)
    for array in [*tables, *beliefs]:
        data = np.ascontiguousarray(array, dtype=np.float64)
        digest.update(repr(data.shape).encode())
        digest.update(data.tobytes())
    return digest.digest()


def simulate(
    tables: Sequence[FloatArray],
    beliefs: Sequence[FloatArray],
    dynamic: str = "replicator",
    *,
    precision: float = DEFAULT_PRECISION,
) -> IntArray:
    """Run ``dynamic`` from every start; the flat pure equilibrium each ends in, or -1.

    ``tables[i]`` is player ``i``'s payoff, shape ``(B, *shape)`` or ``(1, *shape)``;
    ``beliefs[i]`` its starting mixed strategies, shape ``(B, n_i)`` (copied, not
    changed). Flat indices are row-major over the game's shape. The same inputs
    again give the result of the last run (kept for :data:`RECENT` runs).
    :func:`simulate_bounded` also says which starts the step bound stopped.
    """
    return simulate_bounded(tables, beliefs, dynamic, precision=precision)[0]


def simulate_bounded(
    tables: Sequence[FloatArray],
    beliefs: Sequence[FloatArray],
    dynamic: str = "replicator",
    *,
    precision: float = DEFAULT_PRECISION,
) -> tuple[IntArray, BoolArray]:
    """:func:`simulate`, and per start whether it was stopped by the step bound
    (:data:`INTEGRATION`'s ``max_steps``) rather than ended: a replicator start not
    certified and still moving at the last step, a logit start still moving. Such a
    start's ending is where it stood (a pure equilibrium it had settled near, or -1).

    >>> import numpy as np
    >>> pennies = [np.array([[[1.0, -1.0], [-1.0, 1.0]]]), np.array([[[-1.0, 1.0], [1.0, -1.0]]])]
    >>> x = np.array([[0.3, 0.7]])  # matching pennies: no pure equilibrium to end in
    >>> ends, bounded = simulate_bounded(pennies, [x, x.copy()], "replicator")
    >>> ends.tolist(), bounded.tolist()  # decided at once, not stopped by the bound
    ([-1], [False])
    """
    check_dynamic(dynamic)
    key = _digest(tables, beliefs, dynamic, precision)
    if key in _RECENT:
        ends, bounded = _RECENT[key]
        return ends.copy(), bounded.copy()
    ends, bounded = _simulate(tables, beliefs, dynamic, precision)
    if len(_RECENT) >= RECENT:
        del _RECENT[next(iter(_RECENT))]
    _RECENT[key] = (ends.copy(), bounded.copy())
    return ends, bounded


def _simulate(
    tables: Sequence[FloatArray],
    beliefs: Sequence[FloatArray],
    dynamic: str,
    precision: float,
) -> tuple[IntArray, BoolArray]:
    """:func:`simulate_bounded` without the memo."""
    precision = check_precision(precision)
    shape = tuple(b.shape[1] for b in beliefs)
    size = beliefs[0].shape[0]
    scale = deviation_range(tables)
    scale = np.where(scale > 0, scale, 1.0)
    norm = [t / scale.reshape((-1,) + (1,) * len(shape)) for t in tables]
    shared = norm[0].shape[0] == 1
    equilibria = _pure_equilibrium_flags(norm, shape)
    subscripts = _subscripts(len(shape))
    vertex_subscripts = _vertex_subscripts(len(shape))
    result = np.full(size, -1, dtype=np.intp)
    bounded = np.zeros(size, dtype=bool)
    # a start whose game has no pure equilibrium ends in none, certainly (a certified
    # or settled ending is a pure equilibrium): it is not simulated
    possible = equilibria.any(axis=1)
    active = np.flatnonzero(np.broadcast_to(possible, (size,)) if shared else possible)
    x = [np.array(b, dtype=np.float64)[active] for b in beliefs]
    if not len(active):
        return result, bounded
    plan = INTEGRATION[dynamic]
    threshold = 1.0 - SETTLED if dynamic == "replicator" else None
    before = x
    next_certificate = 0
    for step in range(1, plan.max_steps + 1):
        games = norm if shared else [t[active] for t in norm]
        if dynamic == "replicator":
            first = _replicator(games, x, subscripts)
            trial = [b + plan.dt * d for b, d in zip(x, first, strict=True)]
            second = _replicator(games, trial, subscripts)
            x = [
                np.clip(b + 0.5 * plan.dt * (d1 + d2), 0.0, None)
                for b, d1, d2 in zip(x, first, second, strict=True)
            ]
            x = [b / b.sum(axis=1, keepdims=True) for b in x]
            moved = None
        else:
            payoffs = strategy_payoffs(games, x, subscripts)
            targets = [_softmax(precision * u) for u in payoffs]
            change = [t - b for t, b in zip(targets, x, strict=True)]
            x = [b + plan.dt * c for b, c in zip(x, change, strict=True)]
            moved = np.max([np.abs(c).max(axis=1) for c in change], axis=0)
        if step % plan.check_every and step != plan.max_steps:
            continue
        flags = equilibria if shared else equilibria[active]
        if dynamic == "replicator":
            still = np.max([np.abs(b - a).max(axis=1) for a, b in zip(before, x, strict=True)],
                           axis=0) < STILL
            stopped = still | (step == plan.max_steps)
            # certificates at every check early on, then at geometrically spaced checks
            # (and always for a start about to stop): a start certified once stays
            # certifiable (its region only shrinks toward the same equilibrium), so
            # this changes when a start ends, never where
            if step >= next_certificate or step == plan.max_steps:
                chosen = np.arange(len(active))
                if step >= CERTIFY_ALWAYS:
                    next_certificate = step + max(plan.check_every, step // 4)
            else:
                chosen = np.flatnonzero(stopped)
            ends = np.full(len(active), -1, dtype=np.intp)
            if len(chosen):
                part = [b[chosen] for b in x]
                tables_part = games if shared else [t[chosen] for t in games]
                found = _certified(tables_part, part, vertex_subscripts, shape)
                unsure = found < 0
                if unsure.any():  # try the best responses to the current beliefs
                    rest = [b[unsure] for b in part]
                    tables_rest = tables_part if shared else [t[unsure] for t in tables_part]
                    replies = [
                        u.argmax(axis=1) for u in strategy_payoffs(tables_rest, rest, subscripts)
                    ]
                    found[unsure] = _certified(
                        tables_rest, rest, vertex_subscripts, shape, replies
                    )
                ends[chosen] = found
            # stopped without a certificate: near a (possibly weak) equilibrium, or none
            near = _settled(games, x, subscripts, shape, flags, threshold)
            cut = (ends < 0) & ~still  # neither certified nor at rest: the bound stops it
            ends = np.where(ends >= 0, ends, np.where(stopped, near, -1))
            done = (ends >= 0) | stopped
        else:
            ends = _settled(games, x, subscripts, shape, flags, threshold)
            assert moved is not None
            done = moved < 1e-9
            cut = ~done
        if step == plan.max_steps:
            done = np.ones(len(active), dtype=bool)
            bounded[active[cut]] = True
        result[active[done]] = ends[done]
        keep = ~done
        active = active[keep]
        x = [b[keep] for b in x]
        before = x
        if not len(active):
            break
    return result, bounded
