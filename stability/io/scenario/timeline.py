"""The ``[timeline]`` table (and the older ``[dynamics]``): parameters over time ``t``,
and ``[timeline.play]``: a state whose rate depends on the outcome played."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import sympy

from stability.errors import InputError
from stability.io.expressions import exact_value, parse_value
from stability.io.scenario.base import LoaderBase, join_path, kind_of
from stability.model.exact import MAX_MAGNITUDE, format_fraction
from stability.model.scenario import (
    TIME,
    Dynamics,
    Timeline,
    TimelineEnd,
    TimelinePlay,
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
        play: TimelinePlay | None = None,
    ) -> sympy.Expr:
        """An expression in ``t`` and the parameters (and the play state, with
        ``play``), defined at t = 0 and the horizon with the defaults (``varying``:
        time-varying parameters' expressions; the state at its default rate)."""
        symbols = {**self.symbols, TIME.name: TIME}
        if play is not None:
            symbols[play.state] = play.symbol
        try:
            expression = parse_value(value, symbols)
        except InputError as err:
            self.fail(path, err.message)
        for moment in (Fraction(0), horizon):
            time = sympy.Rational(moment.numerator, moment.denominator)
            at = {**self.defaults, TIME: time}
            if play is not None:
                at[play.symbol] = play.default.xreplace(self.defaults) * time
            found = expression.xreplace(dict(varying or {})).xreplace(at)
            when = format_fraction(moment)
            when = when if len(when) <= 24 else f"{float(moment):.6g}"
            if isinstance(found, sympy.Rational) and abs(found) > MAX_MAGNITUDE:
                self.fail(
                    path,
                    f"{value!r} is about {_magnitude(found)} at t = {when} with the default "
                    f"parameter values, beyond 1e300, which floating point cannot hold: "
                    f"use a shorter horizon or rescale the timeline",
                )
            try:
                exact_value(expression.xreplace(dict(varying or {})), at)
            except InputError:
                self.fail(
                    path,
                    f"{value!r} is undefined at t = {when} with the default parameter values",
                )
        return expression

    def play(self, value: object, outcomes: Sequence[str]) -> TimelinePlay:
        """``[timeline.play]``: a state whose rate depends on the outcome played."""
        path = "timeline.play"
        spec = self.table(value, path, ["state", "default", "rates", "doc"], ("state", "default"))
        state = self.string(spec["state"], f"{path}.state")
        if not state.isidentifier() or state in self.symbols or state in (
            TIME.name, "min", "max", "abs"
        ):
            self.fail(
                f"{path}.state",
                f"expected a new name for the state (a letter followed by letters, digits "
                f"or _, not t, min, max, abs or a parameter's name), got {state!r}",
            )
        default = self.rate(spec["default"], f"{path}.default")
        table = spec.get("rates", {})
        if not isinstance(table, dict):
            self.fail(f"{path}.rates", f"expected a table, got {kind_of(table)}")
        rates: list[tuple[str, sympy.Expr]] = []
        for name, text in table.items():
            if name not in outcomes:
                self.fail(
                    join_path(f"{path}.rates", name),
                    f"unknown outcome {name!r} (expected one of: "
                    f"{', '.join(outcomes) or 'none declared'})",
                )
            rates.append((name, self.rate(text, join_path(f"{path}.rates", name))))
        doc = self.string(spec.get("doc", ""), f"{path}.doc", empty=True)
        return TimelinePlay(state, default, tuple(rates), doc)

    def rate(self, value: object, path: str) -> sympy.Expr:
        """A rate of the play state: an expression in the parameters only, defined with
        the defaults (so the state is piecewise linear in time)."""
        try:
            expression = parse_value(value, self.symbols)
        except InputError as err:
            self.fail(path, err.message)
        try:
            exact_value(expression, dict(self.defaults))
        except InputError:
            self.fail(path, f"{value!r} is undefined with the default parameter values")
        return expression

    def timeline(self, value: object, outcomes: Sequence[str] = ()) -> Timeline:
        spec = self.table(
            value,
            "timeline",
            ["unit", "horizon", "parameters", "end", "play"],
            ("unit", "horizon"),
        )
        unit = self.string(spec["unit"], "timeline.unit")
        horizon = self.number(spec["horizon"], "timeline.horizon")
        if horizon <= 0:
            self.fail(
                "timeline.horizon",
                f"expected a positive number (the last time considered), "
                f"got {format_fraction(horizon)}",
            )
        play = self.play(spec["play"], outcomes) if "play" in spec else None
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
                text, join_path("timeline.parameters", name), horizon, play=play
            )
        end = (
            self.timeline_end(spec["end"], horizon, parameters, play) if "end" in spec else None
        )
        return Timeline(unit, horizon, parameters, end, play)

    def timeline_end(
        self,
        value: object,
        horizon: Fraction,
        parameters: Mapping[str, sympy.Expr],
        play: TimelinePlay | None = None,
    ) -> TimelineEnd:
        path = "timeline.end"
        entry = self.table(value, path, ["when", "falls_to", "label"], ("when", "falls_to"))
        # in the end condition a time-varying parameter means its value at time t
        varying = {sympy.Symbol(n): e for n, e in parameters.items()}
        when = self.time_expression(entry["when"], f"{path}.when", horizon, varying, play)
        falls_to = self.time_expression(
            entry["falls_to"], f"{path}.falls_to", horizon, varying, play
        )
        label = self.string(entry.get("label", ""), f"{path}.label", empty=True)
        return TimelineEnd(when, falls_to, label)


def _magnitude(value: sympy.Rational) -> str:
    """A huge rational's size for a message (``3.00e+800``), without a float overflow.

    >>> _magnitude(3 * sympy.Integer(10) ** 800 + 7)
    '3.00e+800'
    """
    digits = str(abs(int(value)))
    return f"{'-' if value < 0 else ''}{digits[0]}.{digits[1:3]}e+{len(digits) - 1}"
