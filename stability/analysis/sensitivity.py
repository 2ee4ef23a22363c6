"""Global sensitivity: which parameters decide whether an outcome holds.

The model is the scenario's joint game evaluated at many parameter points at once
(:class:`~stability.analysis.joint.CompiledScenario`, the kernel of ``sweep`` and
``robustness``). Its output is, per point,

- goal ``equilibrium``: 1 when some profile of the outcome is a pure equilibrium
  of the joint game, else 0;
- goal ``selected``: the outcome's basin share under a learning dynamic
  (:func:`stability.analysis.selection.basin_counts`, the same starts at every
  point), 0 wherever the outcome is not an equilibrium.

Two methods, both through SALib (Herman and Usher 2017):

- **Sobol indices** (Sobol' 2001; Saltelli et al. 2010): first-order ``S_i``, the
  share of the output's variance explained by parameter ``i`` alone, and total
  ``ST_i``, the share that involves ``i`` at all, from two independent sample
  matrices ``A`` and ``B`` of ``N`` rows and the ``D`` matrices ``AB_i`` (``A``
  with column ``i`` from ``B``): ``N (D + 2)`` model evaluations. ``A`` and ``B``
  are drawn from the parameters' priors, or uniformly over their ranges. The
  intervals are SALib's bootstrap intervals (``num_resamples`` resamples of the
  rows; 95%, normal approximation of the bootstrap distribution).
- **Morris elementary effects** (Morris 1991; Campolongo et al. 2007): ``r``
  one-at-a-time trajectories on a 4-level grid over the ranges; ``mu*`` (mean
  absolute effect, per unit of the range) ranks parameters for screening, with a
  bootstrap interval; ``r (D + 1)`` evaluations.

Parameters that appear in no joint payoff, or whose range is a single point,
cannot matter; they are listed as ``constant`` and not sampled.

>>> from stability.io.scenario import read_scenario
>>> result = sensitivity(read_scenario("games/two-allies.toml"), "Alliance", samples=256)
>>> [i.parameter for i in result.indices], result.constant
(['threat', 'dispute'], ('decay',))
>>> result.evaluations
1024
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.analysis.joint import CompiledScenario
from stability.analysis.learning import check_dynamic
from stability.analysis.priors import sample_parameters
from stability.analysis.scale import map_chunks
from stability.analysis.selection import basin_counts, outcome_mask
from stability.errors import InputError, TooLargeError
from stability.model.scenario import Scenario

FloatArray = npt.NDArray[np.float64]
#: A model: parameter values (arrays of one length) to one output per point.
Function = Callable[[dict[str, FloatArray]], FloatArray]

#: Goals: what the model's output is at each parameter point.
GOALS = ("equilibrium", "selected")
#: Points evaluated at once for the goal ``equilibrium``.
BATCH = 65_536
#: Most base samples.
MAX_SAMPLES = 1_000_000
#: Most Morris trajectories: 10,000 take 3 s and 470 MB on Mosul, 100,000 17 s and
#: 740 MB (benchmarks/bench_limits.py); 10**9 never finished.
MAX_TRAJECTORIES = 10_000
#: Bootstrap resamples for the intervals.
RESAMPLES = 100


@dataclass(frozen=True)
class SobolIndex:
    """First-order and total Sobol indices of one parameter, with 95% intervals."""

    parameter: str
    first: float
    first_ci: tuple[float, float]
    total: float
    total_ci: tuple[float, float]


@dataclass(frozen=True)
class MorrisEffect:
    """Morris elementary effects of one parameter (per unit of its range)."""

    parameter: str
    mu_star: float
    mu_star_ci: tuple[float, float]
    mu: float
    sigma: float


@dataclass(frozen=True)
class SensitivityResult:
    """The result of :func:`sensitivity`; ``indices`` by total index, largest first."""

    outcome: str
    goal: str
    sampling: str
    samples: int
    seed: int
    evaluations: int
    mean: float
    variance: float
    indices: tuple[SobolIndex, ...]
    morris: tuple[MorrisEffect, ...]
    morris_evaluations: int
    constant: tuple[str, ...]
    dynamic: str | None = None
    starts: int | None = None

    @property
    def top(self) -> tuple[str, ...]:
        """The parameters by total index, largest first."""
        return tuple(i.parameter for i in self.indices)


def varying_parameters(
    scenario: Scenario, compiled: CompiledScenario, names: Sequence[str] | None = None
) -> tuple[list[str], list[str]]:
    """The parameters to sample (in the payoffs, range wider than a point) and the rest.

    >>> from stability.io.scenario import read_scenario
    >>> scenario = read_scenario("games/two-allies.toml")
    >>> varying_parameters(scenario, CompiledScenario(scenario))
    (['threat', 'dispute'], ['decay'])
    """
    used = {str(s) for e in compiled.expressions for s in e.free_symbols}
    known = [p.name for p in scenario.parameters]
    for name in names or ():
        if name not in known:
            raise InputError(f"unknown parameter {name!r} (expected one of: {', '.join(known)})")
    chosen = [n for n in known if names is None or n in names]
    varying = [
        n for n in chosen
        if n in used and scenario.parameter(n).range[0] < scenario.parameter(n).range[1]
    ]
    return varying, [n for n in known if n not in varying]


def draw(
    scenario: Scenario,
    samples: int,
    rng: np.random.Generator,
    *,
    uniform: bool,
    names: Sequence[str],
) -> dict[str, FloatArray]:
    """``samples`` draws of the named parameters: priors, or uniform over the ranges
    (:func:`stability.analysis.priors.sample_parameters`, the one sampler)."""
    return sample_parameters(scenario, samples, rng, uniform=uniform, names=list(names))


#: Points per unit of work: whole batches for the indicator, fewer for basin shares
#: (each point a simulation), so that a cluster's workers share the load.
ROWS = {"equilibrium": BATCH, "selected": 128}


class Model:
    """The output of the goal at many parameter points (vectorised).

    Points are evaluated in chunks of :data:`ROWS` rows, here or on a Dask
    ``client``'s cluster; every point's output is computed on its own (basin
    shares from the same starts at every point), so the result is the same.
    """

    def __init__(
        self,
        scenario: Scenario,
        outcome: str,
        goal: str,
        *,
        compiled: CompiledScenario | None = None,
        dynamic: str = "replicator",
        starts: int = 200,
        seed: int = 0,
        client: Any | None = None,
    ) -> None:
        if goal not in GOALS:
            raise InputError(f"--goal: expected one of {', '.join(GOALS)}, got {goal!r}")
        self.mask = outcome_mask(scenario, outcome)
        self.scenario = scenario
        self.outcome = outcome
        self.goal = goal
        self.compiled = compiled or CompiledScenario(scenario)
        self.dynamic = check_dynamic(dynamic)
        self.starts = starts
        self.seed = seed
        self.client = client

    def __call__(self, values: dict[str, FloatArray]) -> FloatArray:
        size = len(next(iter(values.values()))) if values else 1
        rows = ROWS[self.goal]
        parts = [
            {name: v[low : low + rows] for name, v in values.items()}
            for low in range(0, size, rows)
        ]
        if self.client is None:
            outputs = map_chunks(self.evaluate, [(part,) for part in parts])
        else:
            key = (self.scenario, self.outcome, self.goal, self.dynamic, self.starts, self.seed)
            outputs = map_chunks(_evaluate_rows, [(*key, part) for part in parts], self.client)
        return np.concatenate(outputs) if outputs else np.zeros(0)

    def evaluate(self, values: dict[str, FloatArray]) -> FloatArray:
        """The output at each point of one chunk."""
        size = len(next(iter(values.values()))) if values else 1
        holds = self.compiled.outcome_equilibria(values)[self.outcome]
        out: FloatArray = np.array(np.broadcast_to(holds, (size,)), dtype=np.float64)
        if self.goal == "selected":
            rows = np.flatnonzero(out > 0)
            if len(rows):
                out[rows] = self._basin_share({n: v[rows] for n, v in values.items()})
        return out

    def _basin_share(self, values: dict[str, FloatArray]) -> FloatArray:
        tables = [np.ascontiguousarray(t) for t in self.compiled.payoffs(values)]
        size = tables[0].shape[0]
        tables = [np.broadcast_to(t, (size, *self.scenario.shape)) for t in tables]
        counts = basin_counts(tables, self.starts, self.seed, dynamic=self.dynamic)
        inside = np.append(self.mask.ravel(), False)
        shares: FloatArray = counts[:, inside].sum(axis=1) / self.starts
        return shares


@lru_cache(maxsize=8)
def _model(
    scenario: Scenario, outcome: str, goal: str, dynamic: str, starts: int, seed: int
) -> Model:
    return Model(scenario, outcome, goal, dynamic=dynamic, starts=starts, seed=seed)


def _evaluate_rows(
    scenario: Scenario,
    outcome: str,
    goal: str,
    dynamic: str,
    starts: int,
    seed: int,
    values: dict[str, FloatArray],
) -> FloatArray:
    """One chunk of points on a worker (the compiled model is built once per worker)."""
    return _model(scenario, outcome, goal, dynamic, starts, seed).evaluate(values)


def _interval(value: float, half: float) -> tuple[float, float]:
    return (value - half, value + half)


def _finite(value: Any) -> float:
    number = float(value)
    return number if math.isfinite(number) else 0.0


def sobol_indices(
    model: Function,
    scenario: Scenario,
    names: Sequence[str],
    samples: int,
    seed: int,
    *,
    uniform: bool,
) -> tuple[tuple[SobolIndex, ...], FloatArray]:
    """Sobol first-order and total indices (Saltelli 2010 / Jansen estimators, SALib)
    of any vectorised ``model`` of the ``names`` parameters of ``scenario``; also
    returns the ``samples * (len(names) + 2)`` outputs."""
    sobol = _salib("analyze.sobol")

    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    a = draw(scenario, samples, rng, uniform=uniform, names=names)
    b = draw(scenario, samples, rng, uniform=uniform, names=names)
    d = len(names)
    rows = {name: np.empty((samples, d + 2)) for name in names}
    for name in names:
        rows[name][:, 0] = a[name]
        rows[name][:, d + 1] = b[name]
        for k, other in enumerate(names):
            rows[name][:, k + 1] = b[name] if other == name else a[name]
    output = model({name: rows[name].ravel() for name in names})
    if float(np.var(output)) == 0.0:
        zero = tuple(SobolIndex(n, 0.0, (0.0, 0.0), 0.0, (0.0, 0.0)) for n in names)
        return zero, output
    problem = {
        "num_vars": d,
        "names": list(names),
        "bounds": [[float(v) for v in scenario.parameter(n).range] for n in names],
    }
    # SALib bootstraps from the global numpy state when its seed is falsy (0, the
    # default): derive a nonzero seed of the bootstrap's own so the intervals repeat.
    bootstrap = int(np.random.SeedSequence(seed, spawn_key=(1,)).generate_state(1)[0]) or 1
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        found = sobol.analyze(
            problem, output, calc_second_order=False, num_resamples=RESAMPLES,
            conf_level=0.95, seed=bootstrap,
        )
    indices = tuple(
        SobolIndex(
            name,
            _finite(found["S1"][k]),
            _interval(_finite(found["S1"][k]), _finite(found["S1_conf"][k])),
            _finite(found["ST"][k]),
            _interval(_finite(found["ST"][k]), _finite(found["ST_conf"][k])),
        )
        for k, name in enumerate(names)
    )
    return indices, output


#: What to install for global sensitivity (SALib, which brings pandas, is optional).
SALIB_MISSING = (
    'global sensitivity needs SALib: install the sensitivity extra (pip install ".[sensitivity]")'
)


def salib_available() -> bool:
    """True when SALib (the ``sensitivity`` extra) can be imported, without importing it.

    >>> isinstance(salib_available(), bool)
    True
    """
    import importlib.util

    try:
        return importlib.util.find_spec("SALib") is not None
    except (ImportError, ValueError):
        return False


def require_salib() -> None:
    """Raise the :data:`SALIB_MISSING` error unless SALib can be imported: called
    before any work, so a missing extra is said at once."""
    if not salib_available():
        raise InputError(SALIB_MISSING)


def _salib(module: str) -> Any:
    """``SALib.<module>``, or an :class:`InputError` naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(f"SALib.{module}")
    except ImportError as err:
        raise InputError(SALIB_MISSING) from err


def check_trajectories(trajectories: int) -> None:
    """Refuse fewer than 2 or more than :data:`MAX_TRAJECTORIES` Morris trajectories."""
    if trajectories < 2:
        raise InputError(f"--trajectories: expected at least 2, got {trajectories}")
    if trajectories > MAX_TRAJECTORIES:
        raise TooLargeError(
            f"--trajectories: at most {MAX_TRAJECTORIES:,}, got {trajectories:,} (Morris "
            f"screening ranks the parameters; for finer indices raise --samples instead)"
        )


def morris_effects(
    model: Function, scenario: Scenario, names: Sequence[str], trajectories: int, seed: int
) -> tuple[tuple[MorrisEffect, ...], int]:
    """Morris screening over the ranges: ``mu*`` per unit of range, with intervals."""
    morris_analyze = _salib("analyze.morris")
    morris_sample = _salib("sample.morris")

    check_trajectories(trajectories)
    problem = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    unit = morris_sample.sample(problem, trajectories, num_levels=4, seed=seed)
    values = {}
    for k, name in enumerate(names):
        low, high = (float(v) for v in scenario.parameter(name).range)
        values[name] = low + (high - low) * unit[:, k]
    output = model(values)
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        found = morris_analyze.analyze(
            problem, unit, output, num_resamples=RESAMPLES, conf_level=0.95, num_levels=4,
            seed=seed,
        )
    effects = tuple(
        MorrisEffect(
            name,
            _finite(found["mu_star"][k]),
            _interval(_finite(found["mu_star"][k]), _finite(found["mu_star_conf"][k])),
            _finite(found["mu"][k]),
            _finite(found["sigma"][k]),
        )
        for k, name in enumerate(names)
    )
    return effects, len(output)


def sensitivity(
    scenario: Scenario,
    outcome: str,
    *,
    goal: str = "equilibrium",
    samples: int = 1024,
    seed: int = 0,
    uniform: bool = False,
    parameters: Sequence[str] | None = None,
    trajectories: int = 50,
    dynamic: str = "replicator",
    starts: int = 200,
    compiled: CompiledScenario | None = None,
    client: Any | None = None,
) -> SensitivityResult:
    """Sobol indices and Morris screening of ``outcome`` holding (or being selected).

    Run here (no ``client``), the same question again gets the same (immutable)
    result without recomputing it: ``report`` asks for the plain answer's one.
    """
    require_salib()
    key = (scenario, outcome, goal, samples, seed, uniform,
           None if parameters is None else tuple(parameters), trajectories, dynamic, starts)
    if client is None and key in _RESULTS:
        return _RESULTS[key]
    result = _sensitivity(
        scenario, outcome, goal=goal, samples=samples, seed=seed, uniform=uniform,
        parameters=parameters, trajectories=trajectories, dynamic=dynamic, starts=starts,
        compiled=compiled, client=client,
    )
    if client is None:
        if len(_RESULTS) >= 16:
            del _RESULTS[next(iter(_RESULTS))]
        _RESULTS[key] = result
    return result


#: Recent results of :func:`sensitivity` run here, by their arguments.
_RESULTS: dict[tuple[Any, ...], SensitivityResult] = {}


def _sensitivity(
    scenario: Scenario,
    outcome: str,
    *,
    goal: str,
    samples: int,
    seed: int,
    uniform: bool,
    parameters: Sequence[str] | None,
    trajectories: int,
    dynamic: str,
    starts: int,
    compiled: CompiledScenario | None,
    client: Any | None,
) -> SensitivityResult:
    """:func:`sensitivity` without the memo."""
    if samples < 2:
        raise InputError(f"--samples: expected at least 2, got {samples}")
    if samples > MAX_SAMPLES:
        raise TooLargeError(f"--samples: at most {MAX_SAMPLES:,}, got {samples:,}")
    check_trajectories(trajectories)
    if seed < 0:
        raise InputError(f"--seed: expected a number >= 0, got {seed}")
    model = Model(
        scenario, outcome, goal, compiled=compiled, dynamic=dynamic, starts=starts, seed=seed,
        client=client,
    )
    names, constant = varying_parameters(scenario, model.compiled, parameters)
    if not names:
        raise InputError("no parameter to vary: none appears in the payoffs with a range")
    indices, output = sobol_indices(model, scenario, names, samples, seed, uniform=uniform)
    effects, morris_runs = morris_effects(model, scenario, names, trajectories, seed)
    ranked = sorted(indices, key=lambda i: (-i.total, -i.first, i.parameter))
    ranked_effects = sorted(effects, key=lambda e: (-e.mu_star, e.parameter))
    return SensitivityResult(
        outcome=outcome,
        goal=goal,
        sampling="uniform over each range" if uniform
        else "each parameter's prior (uniform over its range where none is declared)",
        samples=samples,
        seed=seed,
        evaluations=len(output),
        mean=float(np.mean(output)),
        variance=float(np.var(output)),
        indices=tuple(ranked),
        morris=tuple(ranked_effects),
        morris_evaluations=morris_runs,
        constant=tuple(constant),
        dynamic=dynamic if goal == "selected" else None,
        starts=starts if goal == "selected" else None,
    )


def sensitivity_document(result: SensitivityResult) -> dict[str, Any]:
    """``stability/sensitivity/v1`` for a :class:`SensitivityResult`, with extra keys."""
    return {
        "schema": "stability/sensitivity/v1",
        "outcome": result.outcome,
        "method": "sobol",
        "samples": result.samples,
        "indices": [
            {
                "parameter": i.parameter,
                "first": i.first,
                "first_ci": list(i.first_ci),
                "total": i.total,
                "total_ci": list(i.total_ci),
            }
            for i in result.indices
        ],
        "goal": result.goal,
        "sampling": result.sampling,
        "seed": result.seed,
        "evaluations": result.evaluations,
        "mean": result.mean,
        "variance": result.variance,
        "constant": list(result.constant),
        "dynamic": result.dynamic,
        "starts": result.starts,
        "morris": {
            "evaluations": result.morris_evaluations,
            "effects": [
                {
                    "parameter": e.parameter,
                    "mu_star": e.mu_star,
                    "mu_star_ci": list(e.mu_star_ci),
                    "mu": e.mu,
                    "sigma": e.sigma,
                }
                for e in result.morris
            ],
        },
    }
