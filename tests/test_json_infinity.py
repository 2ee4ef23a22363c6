"""One convention for infinite ends in JSON (docs/reference/json.md, "Numbers, exact
strings and infinity"): an exact string writes an infinite end as ``"inf"``/``"-inf"``;
a JSON number is never infinite (``null`` where the value would be), so every document
is strict JSON. Tipping and durability share the one formatter of the model layer."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from stability.analysis.threat_durability import exact_string as durability_exact_string
from stability.analysis.tipping.sets import _exact_string as tipping_exact_string
from stability.cli.app import main
from stability.model.exact import exact_string, json_number, parse_number

DATA = Path(__file__).parent / "data"


def strict_json(text: str) -> Any:
    """The document, refusing ``Infinity``/``NaN`` (not JSON, though Python writes them)."""

    def refuse(constant: str) -> Any:
        raise AssertionError(f"{constant} in a JSON document")

    return json.loads(text, parse_constant=refuse)


def cli_json(capsys: pytest.CaptureFixture[str], args: list[str]) -> Any:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    return strict_json(capsys.readouterr().out)


def test_one_formatter() -> None:
    assert tipping_exact_string is exact_string
    assert durability_exact_string is exact_string
    assert exact_string(sympy.oo) == "inf" and exact_string(-sympy.oo) == "-inf"
    assert exact_string(math.inf) == "inf" and exact_string(-math.inf) == "-inf"
    assert exact_string(sympy.Rational(-3, 2)) == "-3/2" == exact_string(Fraction(-3, 2))
    assert exact_string(sympy.sqrt(5) / 2 + sympy.Rational(5, 2)) == "sqrt(5)/2 + 5/2"
    assert json_number(sympy.oo) is None and json_number(-math.inf) is None
    assert json_number(Fraction(1, 4)) == 0.25
    with pytest.raises(ValueError, match="without a sign"):
        exact_string(sympy.zoo)


@given(st.fractions(max_denominator=10**6))
def test_exact_strings_of_rationals_read_back(value: Fraction) -> None:
    assert parse_number(exact_string(value)) == value
    assert exact_string(sympy.Rational(value.numerator, value.denominator)) == exact_string(value)


def test_tipping_unbounded_ends(capsys: pytest.CaptureFixture[str]) -> None:
    document = cli_json(capsys, ["tipping", str(DATA / "tipping-two-intervals.toml"),
                                 "--target", "Matched"])
    threshold = document["thresholds"][0]
    assert threshold["intervals"] == [["-inf", "1"], ["3", "inf"]]
    details = threshold["interval_details"]
    assert (details[0]["low"], details[-1]["high"]) == ("-inf", "inf")


def test_durability_unbounded_ends(capsys: pytest.CaptureFixture[str]) -> None:
    document = cli_json(capsys, ["durability", str(DATA / "durability-two-intervals.toml"),
                                 "--v1"])
    assert document["schema"] == "stability/durability/v1"
    intervals = document["threat"]["intervals"]
    assert intervals[0][0] == "-inf" and intervals[-1][1] == "inf"
    assert intervals == [["-inf", "5/2 - sqrt(5)/2"], ["sqrt(5)/2 + 5/2", "inf"]]
    # the threshold is a number, and its exact string beside it
    assert document["threat"]["exact"] == "sqrt(5)/2 + 5/2"
    bounded_above = cli_json(capsys, ["durability", str(DATA / "durability-never.toml"),
                                         "--v1"])
    assert bounded_above["threat"]["intervals"] == [["-1", "inf"]]
    assert bounded_above["threat"]["threshold"] is None  # no threshold: null, not infinity


@pytest.mark.parametrize(
    "args",
    [
        ["durability", "mosul"],
        ["durability", str(DATA / "durability-two-intervals.toml")],
        ["durability", "two-allies", "--v1"],
        ["tipping", "mosul", "--target", "The Road to U.S. Defeat in Iraq"],
    ],
)
def test_documents_are_strict_json(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert cli_json(capsys, args)["schema"].startswith("stability/")
