"""Test configuration: on CI, hypothesis runs a fixed set of examples (derandomized),
so a run's result does not depend on luck; locally it explores new examples each run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# tests import their shared hypothesis strategies as ``from strategies import ...``
sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` first (in their collected order), then the rest.

    With ``-n`` the workers start on the long tests while the short ones fill the
    other cores (``--dist loadgroup`` hands tests out as workers free up); without
    it, the order changes nothing. Every test still runs.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (user + system)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """With ``STABILITY_TEST_CPU=file`` set, append each test's CPU seconds (set-up,
    call and tear-down, children included once they end) to ``file`` as JSON lines.

    Wall times (``--durations``) on a shared machine measure the load as much as the
    test; CPU time does not. Sum the file per test file to see where the suite's time
    goes: ``docs/performance.md``, "The test suite".
    """
    log = os.environ.get("STABILITY_TEST_CPU")
    if not log:
        yield
        return
    import json

    before = _cpu_seconds()
    yield
    entry = {"test": item.nodeid, "cpu": round(_cpu_seconds() - before, 3)}
    with open(log, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(entry) + "\n")
