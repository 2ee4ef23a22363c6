"""The ``[parameters]`` tables and their priors.

>>> from stability.io.scenario import parse_scenario
>>> scenario = parse_scenario('''
... [parameters.threat]
... value = 2
... range = [0, 4]
... prior = { dist = "triangular", mode = 3 }
... [[actors]]
... name = "A"
... strategies = ["x"]
... [[actors]]
... name = "B"
... strategies = ["y"]
... [[games]]
... players = ["A", "B"]
... payoffs = [[["threat", 0]]]
... ''')
>>> scenario.parameter("threat").prior.dist
'triangular'
"""

from __future__ import annotations

import keyword
from fractions import Fraction

import sympy

from stability.io.expressions import FUNCTIONS
from stability.io.scenario.base import PARAMETER_NAME, LoaderBase, join_path
from stability.model.exact import format_fraction
from stability.model.scenario import (
    DISTRIBUTIONS,
    TIME,
    Parameter,
    Prior,
)

#: The keys a prior may have, by distribution.
_PRIOR_KEYS = {
    "uniform": ("dist",),
    "triangular": ("dist", "mode"),
    "pert": ("dist", "mode", "shape"),
    "normal": ("dist", "mean", "sd"),
}


class ParameterSection(LoaderBase):
    """Reads ``[parameters.NAME]`` tables, each with its optional prior."""

    def parameters(self, value: object) -> tuple[Parameter, ...]:
        table = self.table(value, "parameters", [], ()) if not isinstance(value, dict) else value
        parameters = []
        for name, entry in table.items():
            path = join_path("parameters", name)
            if not PARAMETER_NAME.match(name) or keyword.iskeyword(name) or name in FUNCTIONS:
                self.fail(
                    path,
                    f"parameter name {name!r} cannot be used in expressions; expected a letter "
                    "followed by letters, digits or _ (not min, max, abs or a Python keyword)",
                )
            if name == TIME.name:
                self.fail(
                    path,
                    f"parameter name {name!r} is reserved for time in [timeline] expressions; "
                    "choose another name",
                )
            spec = self.table(
                entry,
                path,
                ["value", "range", "doc", "prior", "lever"],
                required=("value", "range"),
            )
            default = self.number(spec["value"], f"{path}.value")
            bounds = self.array(spec["range"], f"{path}.range", "two numbers [low, high]")
            if len(bounds) != 2:
                self.fail(f"{path}.range", f"expected two numbers [low, high], got {len(bounds)}")
            low = self.number(bounds[0], f"{path}.range[0]")
            high = self.number(bounds[1], f"{path}.range[1]")
            if low > high:
                self.fail(f"{path}.range", "expected [low, high] with low <= high")
            if not low <= default <= high:
                self.fail(
                    f"{path}.value",
                    f"default {format_fraction(default)} is outside its range "
                    f"[{format_fraction(low)}, {format_fraction(high)}]",
                )
            doc = self.string(spec.get("doc", ""), f"{path}.doc", empty=True)
            prior = (
                self.prior(spec["prior"], f"{path}.prior", (low, high)) if "prior" in spec else None
            )
            lever = (
                self.string(spec["lever"], f"{path}.lever") if "lever" in spec else None
            )
            parameter = Parameter(name, default, (low, high), doc, prior, lever)
            parameters.append(parameter)
            self.symbols[name] = parameter.symbol
            self.defaults[parameter.symbol] = sympy.Rational(default.numerator, default.denominator)
        return tuple(parameters)

    def prior(self, value: object, path: str, bounds: tuple[Fraction, Fraction]) -> Prior:
        spec = self.table(value, path, ["dist", "mode", "mean", "sd", "shape"], ("dist",))
        dist = self.string(spec["dist"], f"{path}.dist")
        if dist not in DISTRIBUTIONS:
            self.fail(
                f"{path}.dist",
                f"unknown distribution {dist!r} (expected one of: {', '.join(DISTRIBUTIONS)})",
            )
        allowed = _PRIOR_KEYS[dist]
        for key in spec:
            if key not in allowed:
                self.fail(
                    f"{path}.{key}",
                    f"{key!r} does not apply to a {dist} prior (expected: {', '.join(allowed)})",
                )
        low, high = bounds
        span = f"[{format_fraction(low)}, {format_fraction(high)}]"

        def within(key: str) -> Fraction | None:
            if key not in spec:
                return None
            number = self.number(spec[key], f"{path}.{key}")
            if not low <= number <= high:
                self.fail(
                    f"{path}.{key}",
                    f"{key} {format_fraction(number)} is outside the parameter's range {span}",
                )
            return number

        if dist == "normal":
            if "sd" not in spec:
                self.fail(path, "missing key 'sd' (the standard deviation of a normal prior)")
            sd = self.number(spec["sd"], f"{path}.sd")
            if sd <= 0:
                self.fail(
                    f"{path}.sd", f"expected a standard deviation > 0, got {format_fraction(sd)}"
                )
            return Prior("normal", mean=within("mean"), sd=sd)
        if dist == "uniform":
            return Prior("uniform")
        mode = within("mode")
        if dist == "pert":
            shape = self.number(spec.get("shape", 4), f"{path}.shape")
            if shape <= 0:
                self.fail(f"{path}.shape", f"expected a shape > 0, got {format_fraction(shape)}")
            return Prior("pert", mode=mode, shape=shape)
        return Prior("triangular", mode=mode)
