"""Test configuration: on CI, hypothesis runs a fixed set of examples (derandomized),
so a run's result does not depend on luck; locally it explores new examples each run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import settings

# tests import their shared hypothesis strategies as ``from strategies import ...``
sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
