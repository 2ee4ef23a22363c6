"""The ``[timeline]`` table (and the older ``[dynamics]``): parameters over time ``t``."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import sympy

from stability.errors import InputError
from stability.io.expressions import exact_value, parse_value
from stability.io.scenario.base import LoaderBase, join_path, kind_of
from stability.model.exact import format_fraction
from stability.model.scenario import (
    TIME,
    Dynamics,
    Timeline,
    TimelineEnd,
)


class TimelineSection(LoaderBase):
    """Reads how parameters change over time."""

    def dynamics(self, value: object) -> Dynamics:
        spec = self.table(value, "dynamics", ["threat", "rate", "model"], ("threat", "rate"))
        threat = self.parameter_name(spec["threat"], "dynamics.threat")
        rate = self.expression(spec["rate"], "dynamics.rate")
        model = self.string(spec.get("model", "exponential"), "dynamics.model")
        if model not in ("exponential", "linear"):
            self.fail("dynamics.model", f'expected "exponential" or "linear", got {model!r}')
        return Dynamics(threat, rate, "linear" if model == "linear" else "exponential")

    def time_expression(
        self,
        value: object,
        path: str,
        horizon: Fraction,
        varying: Mapping[sympy.Symbol, sympy.Expr] | None = None,
    ) -> sympy.Expr:
        """An expression in ``t`` and the parameters, defined at t = 0 and the horizon
        with the defaults (``varying``: time-varying parameters' expressions)."""
        symbols = {**self.symbols, TIME.name: TIME}
        try:
            expression = parse_value(value, symbols)
        except InputError as err:
            self.fail(path, err.message)
        for moment in (Fraction(0), horizon):
            at = {**self.defaults, TIME: sympy.Rational(moment.numerator, moment.denominator)}
            try:
                exact_value(expression.xreplace(dict(varying or {})), at)
            except InputError:
                self.fail(
                    path,
                    f"{value!r} is undefined at t = {format_fraction(moment)} "
                    "with the default parameter values",
                )
        return expression

    def timeline(self, value: object) -> Timeline:
        spec = self.table(
            value, "timeline", ["unit", "horizon", "parameters", "end"], ("unit", "horizon")
        )
        unit = self.string(spec["unit"], "timeline.unit")
        horizon = self.number(spec["horizon"], "timeline.horizon")
        if horizon <= 0:
            self.fail(
                "timeline.horizon",
                f"expected a positive number (the last time considered), "
                f"got {format_fraction(horizon)}",
            )
        parameters: dict[str, sympy.Expr] = {}
        table = spec.get("parameters", {})
        if not isinstance(table, dict):
            self.fail("timeline.parameters", f"expected a table, got {kind_of(table)}")
        for name, text in table.items():
            if name not in self.symbols:
                self.fail(
                    join_path("timeline.parameters", name),
                    f"unknown parameter {name!r} (expected one of: "
                    f"{', '.join(self.symbols) or 'none declared'})",
                )
            parameters[name] = self.time_expression(
                text, join_path("timeline.parameters", name), horizon
            )
        end = self.timeline_end(spec["end"], horizon, parameters) if "end" in spec else None
        return Timeline(unit, horizon, parameters, end)

    def timeline_end(
        self, value: object, horizon: Fraction, parameters: Mapping[str, sympy.Expr]
    ) -> TimelineEnd:
        path = "timeline.end"
        entry = self.table(value, path, ["when", "falls_to", "label"], ("when", "falls_to"))
        # in the end condition a time-varying parameter means its value at time t
        varying = {sympy.Symbol(n): e for n, e in parameters.items()}
        when = self.time_expression(entry["when"], f"{path}.when", horizon, varying)
        falls_to = self.time_expression(entry["falls_to"], f"{path}.falls_to", horizon, varying)
        label = self.string(entry.get("label", ""), f"{path}.label", empty=True)
        return TimelineEnd(when, falls_to, label)
