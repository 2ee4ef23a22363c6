"""The Python API checks its arguments at the boundary (issue 27): a wrong type is a
``TypeError``, a bad value the project's ``InputError``, in the command line's words,
and nothing is computed first."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import stability
from stability import api
from stability.errors import InputError
from stability.model.checks import check_argument

#: (function, arguments, exception, words in the message)
CASES: list[tuple[str, dict[str, Any], type[Exception], str]] = [
    ("tipping", {"scenario": "two-allies", "target": None}, TypeError, "target"),
    ("tipping", {"scenario": "two-allies", "target": 123}, TypeError, "target"),
    ("tipping", {"scenario": "two-allies", "target": "  "}, InputError, "target"),
    ("tipping", {"scenario": "two-allies", "target": "Split", "unique": "yes"}, TypeError,
     "--unique"),
    ("analyze", {"scenario": "two-allies", "sets": "threat=3"}, TypeError, "mapping"),
    ("analyze", {"scenario": ""}, InputError, "empty"),
    ("solve", {"source": "chicken", "time_limit": -1}, InputError, "--time-limit"),
    ("solve", {"source": "chicken", "time_limit": float("nan")}, InputError, "--time-limit"),
    ("solve", {"source": "chicken", "method": 3}, TypeError, "--method"),
    ("sweep", {"scenario": "two-allies", "x": None}, TypeError, "--x"),
    ("sweep", {"scenario": "two-allies", "x": "threat", "y": 1.5}, TypeError, "--y"),
    ("sweep", {"scenario": "two-allies", "x": "threat", "points": "11"}, TypeError,
     "--points"),
    ("robustness", {"scenario": "two-allies", "noise": float("nan")}, InputError, "--noise"),
    ("robustness", {"scenario": "two-allies", "samples": 1.5}, TypeError, "--samples"),
    ("select", {"scenario": "two-allies", "precision": 1e308}, InputError, "--precision"),
    ("select", {"scenario": "two-allies", "starts": 10**9}, InputError, "--starts"),
    ("select", {"scenario": "two-allies", "dynamics": "logit"}, TypeError, "--dynamics"),
    ("sensitivity", {"scenario": "two-allies", "outcome": 123}, TypeError, "--outcome"),
    ("sensitivity", {"scenario": "two-allies", "trajectories": 10**9}, InputError,
     "--trajectories"),
    ("path", {"scenario": "two-allies", "target": None}, TypeError, "--target"),
    ("path", {"scenario": "two-allies", "target": "Split", "start": 1}, TypeError, "--start"),
    ("coalitions", {"source": "two-allies", "rule": 123}, TypeError, "--rule"),
    ("states", {"source": "chicken", "only": [1]}, TypeError, "--only"),
    ("durability", {"scenario": "two-allies", "outcomes": [None]}, TypeError, "--outcomes"),
    ("gmcr", {"conflict": "elmira", "coalitions": 1}, TypeError, "--coalitions"),
    ("exercise", {"count": "3"}, TypeError, "--count"),
]


@pytest.mark.parametrize(
    ("function", "arguments", "error", "words"), CASES,
    ids=[f"{c[0]}-{'-'.join(c[1])}" for c in CASES],
)
def test_bad_arguments_are_refused(
    function: str, arguments: dict[str, Any], error: type[Exception], words: str
) -> None:
    with pytest.raises(error) as raised:
        getattr(stability, function)(**arguments)
    assert not isinstance(raised.value, AttributeError | ValueError) or isinstance(
        raised.value, InputError
    )
    assert words in str(raised.value)


def test_every_api_function_checks_its_arguments() -> None:
    """Each analysis in ``stability.ANALYSES`` goes through the argument check."""
    for name in stability.ANALYSES:
        function = getattr(api, name, None)
        if function is None or not inspect.isfunction(function):
            continue
        assert hasattr(function, "__wrapped__"), name


def test_api_and_cli_use_the_same_words() -> None:
    """The API's message is the command line's, without the file's name in front."""
    from stability.cli.app import main

    with pytest.raises(InputError) as raised:
        stability.select("mosul", precision=1e308)
    import contextlib
    import io

    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        assert main(["select", "mosul", "--precision", "1e308"]) == 2
    assert str(raised.value) in stderr.getvalue().replace("\n", " ")


@pytest.mark.parametrize(
    ("annotation", "value"),
    [("bool", True), ("int | None", None), ("float", 2), ("str", "x"),
     ("Sequence[str] | None", ["a"]), ("str | Sequence[str]", "a"), ("Sets", {"p": 1})],
)
def test_good_arguments_pass(annotation: str, value: object) -> None:
    check_argument("name", annotation, value)
