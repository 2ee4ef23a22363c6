"""How often each outcome is an equilibrium under the priors, for ``analyze``.

``analyze`` states the verdict at the current parameter values; beside it,
:func:`prior_frequencies` says how often each outcome is a pure equilibrium of
the joint game when the parameters are drawn from their priors (uniform over
the range where a parameter declares none): :data:`SAMPLES` draws with the fixed
seed :data:`SEED` (so the numbers are the same on every run), each with a 95%
Wilson interval. It is :func:`stability.analysis.robustness.robustness` with
those settings.

>>> from stability.io.scenario import read_scenario
>>> found = prior_frequencies(read_scenario("games/two-allies.toml"))
>>> found.samples, found.seed, [o.name for o in found.outcomes]
(4000, 0, ['Alliance', 'Split', 'Betrayal'])
"""

from __future__ import annotations

from dataclasses import dataclass

from stability.analysis.robustness import OutcomeFrequency, robustness
from stability.model.scenario import Scenario

#: Draws from the priors behind ``analyze``'s frequencies.
SAMPLES = 4000
#: The fixed seed of those draws.
SEED = 0
#: Most payoff numbers evaluated at once (fewer draws for very large joint games).
MAX_FLOATS = 20_000_000


@dataclass(frozen=True)
class PriorFrequencies:
    """Each outcome's frequency as a pure equilibrium under the priors.

    ``declared`` counts the parameters with a declared prior (the others are
    uniform over their ranges).
    """

    samples: int
    seed: int
    declared: int
    outcomes: tuple[OutcomeFrequency, ...]

    def of(self, outcome: str) -> OutcomeFrequency | None:
        """The frequency of one outcome (``None`` when it is not listed)."""
        return next((o for o in self.outcomes if o.name == outcome), None)


def prior_frequencies(
    scenario: Scenario, samples: int = SAMPLES, seed: int = SEED
) -> PriorFrequencies:
    """How often each outcome is a pure equilibrium with parameters from their priors.

    For a large joint game the draws are fewer (at least 100), so that the
    payoff tables held at once stay within :data:`MAX_FLOATS` numbers; the
    result says how many were drawn.
    """
    cells = scenario.n_profiles * len(scenario.actors)
    samples = max(100, min(samples, MAX_FLOATS // max(1, cells)))
    result = robustness(scenario, samples, seed, batch=samples)
    declared = sum(1 for p in scenario.parameters if p.prior is not None)
    return PriorFrequencies(samples, seed, declared, result.outcomes)


def frequency_text(frequency: OutcomeFrequency) -> str:
    """``"4.9% (4.2%–5.6%)"``: the share and its 95% interval.

    >>> frequency_text(OutcomeFrequency("x", 194, 0.0485, (0.0422, 0.0556)))
    '4.9% (4.2%–5.6%)'
    """
    low, high = frequency.ci
    return f"{frequency.frequency:.1%} ({low:.1%}–{high:.1%})"


def prior_frequencies_json(found: PriorFrequencies | None) -> dict[str, object] | None:
    """The ``prior_frequencies`` key of ``analyze``'s JSON document."""
    if found is None:
        return None
    return {
        "samples": found.samples,
        "seed": found.seed,
        "declared_priors": found.declared,
        "outcomes": [
            {"name": o.name, "frequency": o.frequency, "ci": list(o.ci)}
            for o in found.outcomes
        ],
    }


def prior_sentence(found: PriorFrequencies, frequency: OutcomeFrequency) -> str:
    """One sentence beside the verdict at the current values.

    >>> f = PriorFrequencies(4000, 0, 0, (OutcomeFrequency("Alliance", 2800, 0.7, (0.69, 0.71)),))
    >>> prior_sentence(f, f.outcomes[0]).split(" seed 0) it is ")[1]
    'an equilibrium in 70.0% of draws (95%: 69.0%–71.0%).'
    """
    low, high = frequency.ci
    how = (
        "parameters uniform over their ranges"
        if found.declared == 0
        else f"{found.declared} declared prior(s), the other parameters uniform"
    )
    return (
        f"Under the priors ({how}; {found.samples:,} draws, seed {found.seed}) it is an "
        f"equilibrium in {frequency.frequency:.1%} of draws (95%: {low:.1%}–{high:.1%})."
    )
