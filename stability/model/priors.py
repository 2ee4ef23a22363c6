"""A parameter's prior: its distribution over the parameter's range.

:class:`Prior` is part of a :class:`~stability.model.scenario.Parameter` (and
re-exported from :mod:`stability.model.scenario`); the analyses that sample from
priors live in :mod:`stability.analysis.priors`.

>>> Prior("pert", mode=Fraction(2)).describe(Fraction(3))
'pert, mode 2, shape 4'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Distribution = Literal["uniform", "triangular", "pert", "normal"]
#: The distributions a parameter's prior may name.
DISTRIBUTIONS: tuple[Distribution, ...] = ("uniform", "triangular", "pert", "normal")


@dataclass(frozen=True)
class Prior:
    """A parameter's distribution over its range.

    - ``uniform``: uniform over the range (what a parameter without a prior gets);
    - ``triangular``: lowest at the ends of the range, highest at ``mode``;
    - ``pert``: the beta-PERT distribution over the range with ``mode`` and shape
      ``shape`` (4 by default: mean ``(low + shape*mode + high) / (shape + 2)``);
    - ``normal``: normal with ``mean`` and standard deviation ``sd``, truncated to
      the range.

    ``mode`` and ``mean`` are ``None`` when not given: the parameter's value then
    stands for them (see :meth:`centre`).

    >>> Prior("triangular").centre(Fraction(3))
    Fraction(3, 1)
    >>> Prior("normal", mean=Fraction(1), sd=Fraction(1, 2)).centre(Fraction(3))
    Fraction(1, 1)
    """

    dist: Distribution = "uniform"
    mode: Fraction | None = None
    mean: Fraction | None = None
    sd: Fraction | None = None
    shape: Fraction = Fraction(4)

    def centre(self, value: Fraction) -> Fraction:
        """The mode (triangular, pert) or mean (normal) given ``value`` as the default."""
        if self.dist == "normal":
            return self.mean if self.mean is not None else value
        return self.mode if self.mode is not None else value

    def describe(self, value: Fraction) -> str:
        """A short description such as ``"triangular, mode 3"``.

        >>> Prior("normal", sd=Fraction(1, 2)).describe(Fraction(2))
        'normal, mean 2, sd 1/2, truncated to the range'
        """
        from stability.model.exact import format_fraction

        centre = format_fraction(self.centre(value))
        if self.dist == "uniform":
            return "uniform over the range"
        if self.dist == "normal":
            sd = format_fraction(self.sd) if self.sd is not None else "?"
            return f"normal, mean {centre}, sd {sd}, truncated to the range"
        if self.dist == "pert":
            return f"pert, mode {centre}, shape {format_fraction(self.shape)}"
        return f"triangular, mode {centre}"
