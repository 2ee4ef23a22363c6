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
