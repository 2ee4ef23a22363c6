"""Sampling parameters from their priors (or uniformly over their ranges).

Every analysis that samples parameters (robustness, sensitivity, selection) draws
them with :func:`sample_parameters`, so that one seed means the same draws
everywhere. First one matrix of uniforms ``rng.random((samples, n))`` is drawn
(column ``k`` for the ``k``-th parameter named); then each parameter's column is
mapped to its prior (:func:`distribution` gives the same laws as scipy.stats
objects):

- ``uniform`` (and a parameter with no prior): ``low + (high - low) * u``;
- ``triangular`` (``scipy.stats.triang`` over the range with the prior's mode):
  its closed-form quantile function applied to ``u``;
- ``normal`` (``scipy.stats.truncnorm``, the normal with the prior's mean and sd
  truncated to the range): ``mean + sd * ndtri(ndtr(a) + u * (ndtr(b) - ndtr(a)))``
  with ``a``, ``b`` the standardised ends of the range;
- ``pert`` (``scipy.stats.beta(1 + shape*(mode - low)/(high - low),
  1 + shape*(high - mode)/(high - low))`` over the range): numpy's beta sampler,
  drawn from ``rng`` after the matrix (scipy's beta quantile function is about
  40 times slower), in the order the parameters are named.

So ``uniform=True`` (and every parameter without a prior) gives exactly the draws
``robustness`` made before priors existed, and a parameter whose range is one
point is that point.

>>> import numpy as np
>>> from stability.io.scenario import read_scenario
>>> scenario = read_scenario("games/two-allies.toml")
>>> drawn = sample_parameters(scenario, 4, np.random.default_rng(0), names=["dispute"])
>>> list(drawn), drawn["dispute"].shape
(['dispute'], (4,))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from stability.errors import InputError
from stability.model.scenario import Parameter, Scenario

FloatArray = npt.NDArray[np.float64]


def distribution(parameter: Parameter, *, uniform: bool = False) -> Any:
    """The frozen scipy.stats distribution of a parameter over its range, or ``None``
    when the range is a single point.

    >>> from fractions import Fraction
    >>> from stability.model.scenario import Prior
    >>> p = Parameter("x", Fraction(2), (Fraction(0), Fraction(10)), "", Prior("pert"))
    >>> round(float(distribution(p).mean()), 6)  # (0 + 4*2 + 10) / 6
    3.0
    """
    from scipy import stats

    low, high = float(parameter.range[0]), float(parameter.range[1])
    if high <= low:
        return None
    width = high - low
    prior = parameter.prior
    if uniform or prior is None or prior.dist == "uniform":
        return stats.uniform(loc=low, scale=width)
    centre = float(prior.centre(parameter.value))
    if prior.dist == "triangular":
        return stats.triang(c=(centre - low) / width, loc=low, scale=width)
    if prior.dist == "pert":
        a, b = _pert_shape(parameter)
        return stats.beta(a, b, loc=low, scale=width)
    assert prior.sd is not None
    sd = float(prior.sd)
    return stats.truncnorm((low - centre) / sd, (high - centre) / sd, loc=centre, scale=sd)


def sample_parameters(
    scenario: Scenario,
    samples: int,
    rng: np.random.Generator,
    *,
    uniform: bool = False,
    names: Sequence[str] | None = None,
) -> dict[str, FloatArray]:
    """``samples`` draws of each parameter (all, or those in ``names``, in that
    order) from its prior within its range, or uniformly when ``uniform``.

    Raises :class:`InputError` for a name that is not a parameter.
    """
    chosen: list[Parameter] = []
    for name in names if names is not None else [p.name for p in scenario.parameters]:
        try:
            chosen.append(scenario.parameter(name))
        except KeyError:
            known = ", ".join(p.name for p in scenario.parameters)
            raise InputError(f"unknown parameter {name!r} (expected one of: {known})") from None
    uniforms = rng.random((samples, len(chosen)))
    drawn: dict[str, FloatArray] = {}
    for k, parameter in enumerate(chosen):
        low, high = float(parameter.range[0]), float(parameter.range[1])
        prior = parameter.prior
        if low == high:
            drawn[parameter.name] = np.full(samples, low)
        elif uniform or prior is None or prior.dist == "uniform":
            drawn[parameter.name] = low + (high - low) * uniforms[:, k]
        elif prior.dist == "pert":
            continue  # after the matrix, below
        else:
            values = _quantiles(parameter, uniforms[:, k])
            drawn[parameter.name] = np.clip(values, low, high)
    if not uniform:
        for parameter in chosen:
            prior = parameter.prior
            low, high = float(parameter.range[0]), float(parameter.range[1])
            if prior is not None and prior.dist == "pert" and low < high:
                a, b = _pert_shape(parameter)
                drawn[parameter.name] = low + (high - low) * rng.beta(a, b, samples)
    return {p.name: drawn[p.name] for p in chosen}


def _pert_shape(parameter: Parameter) -> tuple[float, float]:
    """The beta exponents of a PERT prior over the parameter's range."""
    assert parameter.prior is not None
    low, high = float(parameter.range[0]), float(parameter.range[1])
    centre = float(parameter.prior.centre(parameter.value))
    shape = float(parameter.prior.shape)
    width = high - low
    return 1 + shape * (centre - low) / width, 1 + shape * (high - centre) / width


def _quantiles(parameter: Parameter, u: FloatArray) -> FloatArray:
    """The triangular or truncated-normal quantile function at ``u`` (fast forms)."""
    from scipy import special

    prior = parameter.prior
    assert prior is not None
    low, high = float(parameter.range[0]), float(parameter.range[1])
    centre = float(prior.centre(parameter.value))
    width = high - low
    if prior.dist == "triangular":
        split = (centre - low) / width
        left = low + np.sqrt(u * width * (centre - low))
        right = high - np.sqrt((1 - u) * width * (high - centre))
        return np.asarray(np.where(u < split, left, right), dtype=np.float64)
    assert prior.sd is not None
    sd = float(prior.sd)
    a, b = (low - centre) / sd, (high - centre) / sd
    if a > 0 or b < 0:  # the mean outside the range: scipy's careful tails
        return np.asarray(distribution(parameter).ppf(u), dtype=np.float64)
    lower, upper = special.ndtr(a), special.ndtr(b)
    return np.asarray(centre + sd * special.ndtri(lower + u * (upper - lower)), dtype=np.float64)


def describe_priors(scenario: Scenario, *, uniform: bool = False) -> dict[str, str]:
    """Each parameter's sampling distribution in words.

    >>> from stability.io.scenario import read_scenario
    >>> describe_priors(read_scenario("games/two-allies.toml"))["threat"]
    'uniform over the range'
    """
    return {
        p.name: (
            "uniform over the range"
            if uniform or p.prior is None
            else p.prior.describe(p.value)
        )
        for p in scenario.parameters
    }
