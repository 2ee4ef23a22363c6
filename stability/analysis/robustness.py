"""Monte Carlo robustness: how often each outcome is a pure equilibrium under uncertainty.

Sampling (numpy ``default_rng``):

- parameters: by default each from its declared prior over its range (uniform
  when it declares none), independently, with
  :func:`stability.analysis.priors.sample_parameters`; with ``uniform=True`` each
  uniform over its range whatever its prior (the behaviour before priors, draw
  for draw); with ``spread=F`` each uniform over ``[v - F|v|, v + F|v|]`` around
  its current value ``v``, *intersected with* the declared range (values outside
  the range are never drawn; a parameter at 0 stays at 0). ``spread=0`` puts
  every sample exactly at the current point.
- payoff noise: with ``noise=F`` every cell of every actor's joint payoff table gets
  independent ``N(0, (F * scale)**2)`` noise, where ``scale`` is the largest
  absolute joint payoff at the current point (1 when all are 0).

Samples are drawn in fixed chunks of :data:`CHUNK` samples, chunk ``k`` from the
generator seeded by ``SeedSequence(seed, spawn_key=(k,))`` and evaluated one
chunk at a time, in batches of whole chunks (the unit of work), so the same seed
gives the same counts whatever the batch size; with a Dask ``client`` the
batches run on its cluster (:mod:`stability.analysis.scale`), with the same
counts. Frequencies come with
95% Wilson score intervals.

>>> from stability.io.scenario import read_scenario
>>> scenario = read_scenario("games/two-allies.toml")
>>> result = robustness(scenario, samples=2000, seed=1, spread=Fraction(0))
>>> [(o.name, o.frequency) for o in result.outcomes]
[('Alliance', 1.0), ('Split', 1.0), ('Betrayal', 0.0)]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.analysis.joint import RELATIVE_TOLERANCE, CompiledScenario, joint_game
from stability.analysis.priors import describe_priors, sample_parameters
from stability.analysis.scale import each_chunk
from stability.errors import InputError, TooLargeError
from stability.model.scenario import Scenario

#: Samples drawn from one generator (the unit of reproducibility).
CHUNK = 4096
#: Default samples in one unit of work (a multiple of :data:`CHUNK`).
DEFAULT_BATCH = 65_536
#: Most samples in one run: a sanity bound, not a memory one. Memory is bounded by
#: ``--batch`` (counts are aggregated per batch, draws never kept), so the run's
#: length is the only cost of more samples: about 1.1 µs a sample on Mosul here,
#: 10^9 in about 18 minutes on one core (docs/performance.md).
MAX_SAMPLES = 10_000_000_000
#: Most payoff cells in one batch (``--batch`` x profiles x actors): a larger
#: ``--batch`` is lowered to this. Payoffs are evaluated a chunk at a time, so
#: this bounds a batch's outcome flags (held until its end), conservatively.
MAX_BATCH_CELLS = 16_000_000

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Progress = Callable[[int, int], None]


#: The seed used when none is given (by ``robustness`` and by the report, so that the
#: two give the same figures).
DEFAULT_SEED = 0


def wilson_interval(count: int, samples: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion ``count / samples``.

    The formula is scipy's (``binomtest(...).proportion_ci(method="wilson")``, after
    Newcombe 1998), with the normal quantile from :mod:`statistics`, so that no
    command needs scipy.stats (a second to import) for it.

    >>> [round(v, 4) for v in wilson_interval(0, 100)]
    [0.0, 0.037]
    >>> [round(v, 4) for v in wilson_interval(81, 263)]
    [0.2553, 0.3662]
    """
    if samples <= 0:
        return (0.0, 1.0)
    from statistics import NormalDist

    n = samples
    p = count / n
    z = NormalDist().inv_cdf(0.5 + 0.5 * confidence)
    denom = 2 * (n + z**2)
    center = (2 * n * p + z**2) / denom
    delta = z / denom * math.sqrt(4 * n * p * (1 - p) + z**2)
    low = 0.0 if count == 0 else center - delta
    high = 1.0 if count == n else center + delta
    return (float(low), float(high))


@dataclass(frozen=True)
class OutcomeFrequency:
    """How often one outcome was a pure equilibrium, with a 95% Wilson interval."""

    name: str
    count: int
    frequency: float
    ci: tuple[float, float]


@dataclass(frozen=True)
class RobustnessResult:
    """The result of :func:`robustness`; ``regimes`` counts each set of outcomes
    that were equilibria together, most frequent first."""

    samples: int
    seed: int
    spread: Fraction | None
    noise: float
    noise_sd: float
    outcomes: tuple[OutcomeFrequency, ...]
    regimes: tuple[tuple[tuple[str, ...], int], ...]
    sampling: dict[str, tuple[float, float]]
    method: str = "priors"
    priors: dict[str, str] | None = None
    #: Samples at which some payoff was undefined (a division by zero) or overflowed:
    #: no outcome is counted as an equilibrium there.
    undefined: int = 0

    def draws(self) -> str:
        """How the parameters were drawn, in words generated from this result.

        >>> from stability.io.scenario import read_scenario
        >>> s = read_scenario("games/two-allies.toml")
        >>> robustness(s, samples=10, seed=1, uniform=True).draws()
        'each parameter uniformly and independently over its range'
        """
        if self.method == "spread" and self.spread == 0:
            return "every parameter at its current value (spread 0)"
        if self.method == "spread":
            return (
                f"each parameter uniformly and independently within ±{self.spread}·|value| "
                "of its value (within its range)"
            )
        priors = self.priors or {}
        if self.method == "uniform" or all(
            text == "uniform over the range" for text in priors.values()
        ):
            return "each parameter uniformly and independently over its range"
        declared = [f"{name} {text}" for name, text in priors.items()
                    if text != "uniform over the range"]
        others = len(priors) - len(declared)
        text = "each parameter independently from its prior over its range (" + "; ".join(
            declared
        )
        if others:
            uniform = [name for name, text in priors.items() if text == "uniform over the range"]
            text += (f"; {uniform[0]} uniform over its range" if others == 1
                     else f"; the other {others} uniform over their ranges")
        return text + ")"

    def summary(self) -> str:
        """The draws in a few words: ``"from their priors"``, ``"uniformly over their
        ranges"`` or ``"uniformly within ±F·|value| of their values"``."""
        if self.method == "spread" and self.spread == 0:
            return "all at their current values"
        if self.method == "spread":
            return f"uniformly within ±{self.spread}·|value| of their values"
        if self.method == "uniform" or all(
            text == "uniform over the range" for text in (self.priors or {}).values()
        ):
            return "uniformly over their ranges"
        return "from their priors"

    def how_sampled(self) -> str:
        """One sentence saying how the figures were made: draws, samples, seed, noise.

        >>> from stability.io.scenario import read_scenario
        >>> s = read_scenario("games/two-allies.toml")
        >>> robustness(s, samples=10, seed=1, uniform=True).how_sampled()
        'Each parameter uniformly and independently over its range; 10 samples with seed 1.'
        """
        text = self.draws()
        text = text[0].upper() + text[1:] + f"; {self.samples:,} samples with seed {self.seed}"
        if self.noise > 0:
            text += f", payoff noise with standard deviation {self.noise_sd:g}"
        return text + "."


def sampling_bounds(scenario: Scenario, spread: Fraction | None) -> dict[str, tuple[float, float]]:
    """Each parameter's sampling interval ``(low, high)``.

    >>> from stability.io.scenario import read_scenario
    >>> sampling_bounds(read_scenario("games/two-allies.toml"), Fraction(1, 2))["threat"]
    (1.5, 4.5)
    """
    bounds: dict[str, tuple[float, float]] = {}
    for parameter in scenario.parameters:
        low, high = parameter.range
        if spread is not None:
            if spread < 0:
                raise InputError(f"--spread: expected a number >= 0, got {spread}")
            value = parameter.value
            width = spread * abs(value)
            low, high = max(low, value - width), min(high, value + width)
            if spread == 0 or low > high:  # 0, or a --set value outside the range
                low = high = value
        bounds[parameter.name] = (float(low), float(high))
    return bounds


def _payoff_scale(scenario: Scenario) -> float:
    game = joint_game(scenario)
    largest = max(
        (abs(float(v)) for i in range(len(game.players)) for v in game.payoffs[i].ravel()),
        default=0.0,
    )
    return largest if largest > 0 else 1.0


def _equilibrium_mask(tables: list[FloatArray]) -> BoolArray:
    """Pure equilibria of a batch of games laid out profile axes first, samples last
    (the reductions run over contiguous rows), as in ``CompiledScenario``."""
    mask: BoolArray | None = None
    for actor, table in enumerate(tables):
        best = table.max(axis=actor, keepdims=True)
        tolerance = RELATIVE_TOLERANCE * np.maximum(1.0, np.abs(best))
        responds = table >= best - tolerance
        mask = responds if mask is None else mask & responds
    assert mask is not None
    return mask


def _tally(holds: BoolArray) -> dict[tuple[bool, ...], int]:
    """How many rows of ``holds`` show each pattern (bit codes: no row sort)."""
    if holds.shape[1] > 62:
        patterns, tally = np.unique(holds, axis=0, return_counts=True)
        return {tuple(bool(v) for v in p): int(c) for p, c in zip(patterns, tally, strict=True)}
    weights = np.left_shift(np.int64(1), np.arange(holds.shape[1], dtype=np.int64))
    codes = holds.astype(np.int64) @ weights
    values, counts = np.unique(codes, return_counts=True)
    pairs = zip(values.tolist(), counts.tolist(), strict=True)
    width = holds.shape[1]
    return {tuple(bool(code >> k & 1) for k in range(width)): count for code, count in pairs}


def _draw_chunk(
    seed: int,
    index: int,
    size: int,
    bounds: dict[str, tuple[float, float]],
    noise_sd: float,
    shape: tuple[int, ...],
    scenario: Scenario | None = None,
    uniform: bool = False,
) -> tuple[dict[str, FloatArray], list[FloatArray] | None]:
    """One chunk's draws: from the priors (``scenario`` given) or within ``bounds``."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    values: dict[str, FloatArray] = {}
    if scenario is not None:
        values = sample_parameters(scenario, size, rng, uniform=uniform)
    else:
        uniforms = rng.random((size, len(bounds)))
        for k, (name, (low, high)) in enumerate(bounds.items()):
            values[name] = (
                np.full(size, low) if low == high else low + (high - low) * uniforms[:, k]
            )
    noise = None
    if noise_sd > 0:
        noise = [rng.normal(0.0, noise_sd, size=(size, *shape)) for _ in shape]
    return values, noise


def _defined_samples(tables: list[FloatArray], size: int) -> BoolArray:
    """Samples (the last axis) whose payoffs are all finite; the others' payoffs are
    zeroed in place, so that no NaN is compared."""
    defined: BoolArray = np.ones(size, dtype=bool)
    for table in tables:
        finite = np.isfinite(table)
        if not finite.all():
            defined &= finite.reshape(-1, size).all(axis=0)
            table[~finite] = 0.0
    return defined


def check_joint_size(scenario: Scenario, option: str = "--samples") -> None:
    """Refuse a joint game too large for one chunk of samples to fit in memory."""
    cells = scenario.n_profiles * len(scenario.actors)
    if cells * CHUNK > MAX_BATCH_CELLS:
        raise TooLargeError(
            f"the joint game ({scenario.n_profiles:,} profiles x {len(scenario.actors)} actors) "
            f"is too large for the Monte Carlo: {CHUNK:,} samples at once would hold "
            f"{cells * CHUNK:,} payoffs (the limit is {MAX_BATCH_CELLS:,}, about 1 GB); "
            + f"at most {MAX_BATCH_CELLS // CHUNK:,} profiles x actors"
            + ("; use --samples 0 to leave it out" if option == "--samples" else ""),
            item=option,
        )


def check_samples(scenario: Scenario, samples: int, option: str = "--samples") -> None:
    """Refuse, before any work, a joint game too large for one chunk of samples, or
    more than :data:`MAX_SAMPLES` samples.

    >>> from stability.io.scenario import read_scenario
    >>> check_samples(read_scenario("games/two-allies.toml"), 1_000_000_000)
    """
    if samples <= 0:
        return
    check_joint_size(scenario, option)
    if samples > MAX_SAMPLES:
        raise TooLargeError(f"at most {MAX_SAMPLES:,} samples, got {samples:,}", item=option)


@lru_cache(maxsize=4)
def _compiled(scenario: Scenario) -> CompiledScenario:
    return CompiledScenario(scenario)


def _batch(
    scenario: Scenario,
    seed: int,
    first: int,
    last: int,
    samples: int,
    bounds: dict[str, tuple[float, float]],
    noise_sd: float,
    spread: bool,
    uniform: bool,
    compiled: CompiledScenario | None = None,
) -> tuple[npt.NDArray[np.int64], dict[tuple[bool, ...], int], int]:
    """Outcome counts, regime tallies and undefined samples of chunks ``first`` to
    ``last - 1`` (one unit of work, here or on a Dask worker, where the scenario is
    compiled once), evaluated one chunk at a time."""
    compiled = compiled or _compiled(scenario)
    masks = [scenario.outcome_mask(o).reshape(-1) for o in scenario.outcomes]
    prior_of = None if spread else scenario
    parts = []
    for k in range(first, last):
        size = min(CHUNK, samples - k * CHUNK)
        values, noise = _draw_chunk(
            seed, k, size, bounds, noise_sd, scenario.shape, prior_of, uniform
        )
        parts.append(_chunk_holds(compiled, masks, values, noise, size))
    holds = np.concatenate([held for held, _ in parts])
    defined = np.concatenate([known for _, known in parts])
    undefined = int(defined.size - defined.sum())
    return holds.sum(axis=0).astype(np.int64), _tally(holds[defined]), undefined


def _chunk_holds(
    compiled: CompiledScenario,
    masks: list[BoolArray],
    values: dict[str, FloatArray],
    noise: list[FloatArray] | None,
    size: int,
) -> tuple[BoolArray, BoolArray]:
    """Which outcomes hold at each of one chunk's samples (``size`` x outcomes; False
    where a payoff is undefined), and where every payoff is defined.

    Payoffs are laid out profile axes first and samples last, so every reduction
    runs over contiguous rows (1.8 times as fast as samples first), and one chunk
    at a time keeps the arrays small (docs/performance.md).
    """
    shape = compiled.scenario.shape
    tables = [
        t if t.shape == (*shape, size) else np.broadcast_to(t, (*shape, size)).copy()
        for t in compiled.profile_first_payoffs(values)
    ]
    if noise is not None:
        with np.errstate(over="ignore", invalid="ignore"):
            for table, shift in zip(tables, noise, strict=True):
                table += np.moveaxis(shift, 0, -1)
    defined = _defined_samples(tables, size)
    with np.errstate(over="ignore", invalid="ignore"):
        equilibria = _equilibrium_mask(tables).reshape(-1, size)
    holds = np.zeros((size, len(masks)), dtype=bool)
    for k, outcome_mask in enumerate(masks):
        holds[:, k] = equilibria[outcome_mask].any(axis=0) & defined
    return holds, defined


def robustness(
    scenario: Scenario,
    samples: int = 100_000,
    seed: int = 0,
    *,
    spread: Fraction | None = None,
    uniform: bool = False,
    noise: float = 0.0,
    batch: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    compiled: CompiledScenario | None = None,
    client: Any | None = None,
) -> RobustnessResult:
    """Estimate how often each outcome of ``scenario`` is a pure equilibrium.

    Parameters are drawn from their priors, or uniformly over their ranges with
    ``uniform``, or within ``spread`` of their values (see the module docstring).
    """
    if samples < 1:
        raise InputError(f"--samples: expected at least 1, got {samples}")
    if samples > MAX_SAMPLES:
        raise TooLargeError(f"at most {MAX_SAMPLES:,} samples, got {samples:,}", item="--samples")
    if seed < 0:
        raise InputError(f"--seed: expected a number >= 0, got {seed}")
    if batch < 1:
        raise InputError(f"--batch: expected at least 1, got {batch}")
    check_joint_size(scenario)
    # --batch only bounds memory (the result does not depend on it): hold at most
    # MAX_BATCH_CELLS payoffs at once, whatever was asked
    cells = scenario.n_profiles * len(scenario.actors)
    batch = min(batch, max(CHUNK, MAX_BATCH_CELLS // cells))
    if not noise >= 0 or not math.isfinite(noise):
        raise InputError(f"--noise: expected a number >= 0, got {noise}")
    bounds = sampling_bounds(scenario, spread)
    noise_sd = noise * _payoff_scale(scenario) if noise > 0 else 0.0
    counts = np.zeros(len(scenario.outcomes), dtype=np.int64)
    regimes: dict[tuple[bool, ...], int] = {}
    chunks_per_batch = max(1, batch // CHUNK)
    n_chunks = -(-samples // CHUNK)
    n_batches = -(-n_chunks // chunks_per_batch)
    here = None if client is not None else (compiled or CompiledScenario(scenario))
    # batches are made as they are submitted and their counts added as they come:
    # memory is bounded by the batch, whatever the number of samples
    batches = (
        (
            scenario,
            seed,
            first,
            min(n_chunks, first + chunks_per_batch),
            samples,
            bounds,
            noise_sd,
            spread is not None,
            uniform,
            here,
        )
        for first in range(0, n_chunks, chunks_per_batch)
    )

    def tick(done: int, total: int) -> None:
        if progress is not None:
            progress(min(samples, done * chunks_per_batch * CHUNK), samples)

    undefined = 0
    for _, (part_counts, part_regimes, part_undefined) in each_chunk(
        _batch, batches, n_batches, client, progress=tick
    ):
        undefined += part_undefined
        counts += part_counts
        for key, count in part_regimes.items():
            regimes[key] = regimes.get(key, 0) + count
    names = [o.name for o in scenario.outcomes]
    outcomes = tuple(
        OutcomeFrequency(name, int(c), int(c) / samples, wilson_interval(int(c), samples))
        for name, c in zip(names, counts, strict=True)
    )
    ranked = sorted(regimes.items(), key=lambda item: (-item[1], item[0]))
    return RobustnessResult(
        samples=samples,
        seed=seed,
        spread=spread,
        noise=noise,
        noise_sd=noise_sd,
        outcomes=outcomes,
        regimes=tuple(
            (tuple(n for n, on in zip(names, key, strict=True) if on), count)
            for key, count in ranked
        ),
        sampling=bounds,
        method="spread" if spread is not None else ("uniform" if uniform else "priors"),
        priors=describe_priors(scenario, uniform=uniform) if spread is None else None,
        undefined=undefined,
    )


def robustness_document(result: RobustnessResult) -> dict[str, object]:
    """``stability/robustness/v1`` for a :class:`RobustnessResult`, with extra keys."""
    return {
        "schema": "stability/robustness/v1",
        "samples": result.samples,
        "seed": result.seed,
        "outcomes": [
            {"name": o.name, "frequency": o.frequency, "ci": list(o.ci), "count": o.count}
            for o in result.outcomes
        ],
        "regimes": [
            {"outcomes": list(names), "count": count, "frequency": count / result.samples}
            for names, count in result.regimes
        ],
        "undefined": result.undefined,
        "sampling": {
            "method": result.method,
            "distribution": {
                "priors": "each parameter from its prior over its range",
                "uniform": "uniform over each range",
                "spread": "uniform within ±spread·|value| around each current value, "
                "intersected with its range",
            }[result.method],
            "priors": result.priors,
            "spread": float(result.spread) if result.spread is not None else None,
            "bounds": {name: list(b) for name, b in result.sampling.items()},
            "noise": result.noise,
            "noise_sd": result.noise_sd if math.isfinite(result.noise_sd) else None,
        },
    }
