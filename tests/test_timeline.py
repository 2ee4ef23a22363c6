"""The scenario timeline and priors: parsing, every validation error, ``at_time``."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from stability.errors import InputError
from stability.io.scenario import apply_sets, parse_scenario, read_scenario
from stability.model.scenario import DYNAMICS_HORIZON, TIME, Prior

BASE = """\
title = "Race"

[parameters.threat]
value = 8
range = [0, 12]
prior = {dist = "pert", mode = 7}

[parameters.defeat_rate]
value = "1/2"
range = [0, 2]
prior = {dist = "normal", sd = 0.25}

[parameters.victory]
value = 0
range = [0, 2]

[parameters.dispute]
value = 1
range = [0, 4]
prior = {dist = "triangular"}

[timeline]
unit = "months"
horizon = 36

[timeline.parameters]
threat = "max(0, threat - defeat_rate*t)"
dispute = "dispute + t/10"

[timeline.end]
when = "threat"
falls_to = "victory"
label = "The enemy is defeated"

[[actors]]
name = "A"
strategies = ["Fight", "Shirk"]

[[actors]]
name = "B"
strategies = ["Fight", "Shirk"]

[[games]]
players = ["A", "B"]
payoffs = [[["threat", "threat"], [0, 1]], [[1, 0], [0, 0]]]
"""

threat, rate, victory, dispute = sympy.symbols("threat defeat_rate victory dispute")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_timeline_is_parsed() -> None:
    scenario = parse_scenario(BASE, "race.toml")
    timeline = scenario.timeline
    assert timeline is not None
    assert timeline.unit == "months"
    assert timeline.horizon == 36
    assert dict(timeline.parameters) == {
        "threat": sympy.Max(0, threat - rate * TIME),
        "dispute": dispute + TIME / 10,
    }
    assert timeline.end is not None
    assert timeline.end.when == threat
    assert timeline.end.falls_to == victory
    assert timeline.end.describe() == "The enemy is defeated"
    hash(scenario)  # analyses cache on scenarios


def test_priors_are_parsed() -> None:
    scenario = parse_scenario(BASE, "race.toml")
    assert scenario.parameter("threat").prior == Prior("pert", mode=Fraction(7))
    assert scenario.parameter("defeat_rate").prior == Prior("normal", sd=Fraction(1, 4))
    assert scenario.parameter("dispute").prior == Prior("triangular")
    assert scenario.parameter("victory").prior is None
    assert scenario.parameter("dispute").prior.centre(Fraction(1)) == 1  # type: ignore[union-attr]


def test_time_substitution_and_at_time() -> None:
    scenario = parse_scenario(BASE, "race.toml")
    at = scenario.time_substitution()
    assert at[threat] == sympy.Max(0, 8 - TIME / 2)
    assert at[victory] == 0
    assert scenario.at_time(4).values == {
        "threat": Fraction(6),
        "defeat_rate": Fraction(1, 2),
        "victory": Fraction(0),
        "dispute": Fraction(7, 5),
    }
    assert scenario.at_time(20).values["threat"] == 0
    assert scenario.end_expressions() == (sympy.Max(0, 8 - TIME / 2), sympy.Integer(0))


def test_parameter_names_on_the_right_mean_values_after_set() -> None:
    base = parse_scenario(BASE, "race.toml")
    scenario, _ = apply_sets(base, {"threat": "10", "defeat_rate": "1"})
    assert scenario.at_time(3).values["threat"] == 7
    assert scenario.end_expressions() == (sympy.Max(0, 10 - TIME), sympy.Integer(0))


def test_dynamics_become_a_timeline() -> None:
    scenario = read_scenario("tests/data/durability-product.toml")  # linear: 6*(1 - rate)**t
    assert scenario.dynamics is not None and scenario.timeline is not None
    assert scenario.timeline.horizon == DYNAMICS_HORIZON
    assert scenario.timeline.unit == "periods"
    assert scenario.timeline.end is None
    assert scenario.at_time(2).values["threat"] == Fraction(3, 2)  # 6 * (1/2)**2
    linear = parse_scenario(
        BASE[: BASE.index("[timeline]")]
        + '[dynamics]\nthreat = "threat"\nrate = "defeat_rate"\nmodel = "linear"\n'
        + BASE[BASE.index("[[actors]]") :]
    )
    assert linear.at_time(3).values["threat"] == Fraction(13, 2)  # 8 - 3/2


def test_exponential_dynamics_at_fractional_times() -> None:
    text = replace_once(
        BASE,
        '[timeline]\nunit = "months"\nhorizon = 36\n\n[timeline.parameters]\n'
        'threat = "max(0, threat - defeat_rate*t)"\ndispute = "dispute + t/10"\n\n'
        '[timeline.end]\nwhen = "threat"\nfalls_to = "victory"\nlabel = "The enemy is defeated"\n',
        '[dynamics]\nthreat = "threat"\nrate = "defeat_rate"\n',
    )
    scenario = parse_scenario(text, "old.toml")
    assert scenario.at_time(1).values["threat"] == 4  # 8 * (1 - 1/2)
    with pytest.raises(InputError, match="not a rational number"):
        scenario.at_time(Fraction(1, 2))
    approximate = scenario.at_time(Fraction(1, 2), exact=False).values["threat"]
    assert abs(float(approximate) - 8 * 0.5**0.5) < 1e-10


def test_no_timeline_means_constant() -> None:
    text = BASE[: BASE.index("[timeline]")] + BASE[BASE.index("[[actors]]") :]
    scenario = parse_scenario(text, "static.toml")
    assert scenario.timeline is None
    assert scenario.at_time(5) is scenario
    assert scenario.end_expressions() is None
    assert scenario.time_substitution()[threat] == 8


def test_horizon_may_be_a_fraction() -> None:
    scenario = parse_scenario(replace_once(BASE, "horizon = 36", 'horizon = "73/2"'))
    assert scenario.timeline is not None and scenario.timeline.horizon == Fraction(73, 2)


def test_end_is_optional() -> None:
    text = BASE[: BASE.index("[timeline.end]")] + BASE[BASE.index("[[actors]]") :]
    scenario = parse_scenario(text)
    assert scenario.timeline is not None and scenario.timeline.end is None


# (old text, new text, key path, message fragment, text on the line the error names)
CASES = [
    ('unit = "months"', "unit = 3", "timeline.unit", "expected a string", "unit = 3"),
    ('unit = "months"\n', "", "timeline", "missing key 'unit'", "[timeline]"),
    ("horizon = 36\n", "", "timeline", "missing key 'horizon'", "[timeline]"),
    ("horizon = 36", "horizon = 0", "timeline.horizon", "expected a positive number",
     "horizon = 0"),
    ("horizon = 36", 'horizon = "soon"', "timeline.horizon", "expected a number", "soon"),
    ("horizon = 36", "horizon = 36\nstart = 0", "timeline.start", "unknown key 'start'",
     "start = 0"),
    ('dispute = "dispute + t/10"', 'disput = "t"', "timeline.parameters.disput",
     "unknown parameter 'disput'", "disput ="),
    ('dispute = "dispute + t/10"', 'dispute = "dispute + s"', "timeline.parameters.dispute",
     "unknown parameter 's'", "dispute + s"),
    ('dispute = "dispute + t/10"', 'dispute = "dispute + t**t"', "timeline.parameters.dispute",
     "the exponent of ** must be an integer", "t**t"),
    ('dispute = "dispute + t/10"', 'dispute = "__import__(t)"', "timeline.parameters.dispute",
     "unknown function '__import__'", "__import__"),
    ('dispute = "dispute + t/10"', 'dispute = "1/(36 - t)"', "timeline.parameters.dispute",
     "undefined at t = 36", "1/(36 - t)"),
    ('dispute = "dispute + t/10"', "dispute = true", "timeline.parameters.dispute",
     "expected a number or an expression", "dispute = true"),
    ('falls_to = "victory"', 'falls_to = "1/threat"', "timeline.end.falls_to",
     "undefined at t = 36", "1/threat"),
    ('when = "threat"\n', "", "timeline.end", "missing key 'when'", "[timeline.end]"),
    ('falls_to = "victory"\n', "", "timeline.end", "missing key 'falls_to'", "[timeline.end]"),
    ('label = "The enemy is defeated"', 'label = "x"\nafter = 3', "timeline.end.after",
     "unknown key 'after'", "after = 3"),
    ('label = "The enemy is defeated"', "label = 3", "timeline.end.label", "expected a string",
     "label = 3"),
    ("[parameters.victory]", "[parameters.t]", "parameters.t", "reserved for time",
     "[parameters.t]"),
    ('title = "Race"', 'title = "Race"\n[dynamics]\nthreat = "threat"\nrate = "defeat_rate"',
     "dynamics", "not both", "[dynamics]"),
    # priors
    ('{dist = "pert", mode = 7}', '{dist = "beta"}', "parameters.threat.prior.dist",
     "unknown distribution 'beta'", "beta"),
    ('{dist = "pert", mode = 7}', "{mode = 7}", "parameters.threat.prior",
     "missing key 'dist'", "{mode = 7}"),
    ('{dist = "pert", mode = 7}', '{dist = "pert", mode = 13}', "parameters.threat.prior.mode",
     "mode 13 is outside the parameter's range [0, 12]", "mode = 13"),
    ('{dist = "pert", mode = 7}', '{dist = "pert", shape = 0}', "parameters.threat.prior.shape",
     "expected a shape > 0", "shape = 0"),
    ('{dist = "pert", mode = 7}', '{dist = "uniform", mode = 7}', "parameters.threat.prior.mode",
     "'mode' does not apply to a uniform prior", "mode = 7"),
    ('{dist = "normal", sd = 0.25}', '{dist = "normal"}', "parameters.defeat_rate.prior",
     "missing key 'sd'", 'dist = "normal"'),
    ('{dist = "normal", sd = 0.25}', '{dist = "normal", sd = -1}',
     "parameters.defeat_rate.prior.sd", "expected a standard deviation > 0", "sd = -1"),
    ('{dist = "normal", sd = 0.25}', '{dist = "normal", sd = 1, mean = 3}',
     "parameters.defeat_rate.prior.mean", "outside the parameter's range", "mean = 3"),
    ('{dist = "normal", sd = 0.25}', '{dist = "normal", sd = 1, mode = 1}',
     "parameters.defeat_rate.prior.mode", "does not apply to a normal prior", "mode = 1"),
    ('{dist = "triangular"}', '"triangular"', "parameters.dispute.prior", "expected a table",
     'prior = "triangular"'),
]


@pytest.mark.parametrize(("old", "new", "item", "fragment", "line"), CASES)
def test_validation_errors(old: str, new: str, item: str, fragment: str, line: str) -> None:
    text = replace_once(BASE, old, new)
    with pytest.raises(InputError) as info:
        parse_scenario(text, "race.toml")
    error = info.value
    assert error.source == "race.toml"
    assert error.item == item, str(error)
    assert fragment in error.message, str(error)
    expected = next(k for k, t in enumerate(text.splitlines(), 1) if line in t)
    assert error.line == expected, str(error)
