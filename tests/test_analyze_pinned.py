"""``analyze``'s results pinned at the Mosul defaults and at regime boundaries.

The speed-ups of issue 24 (shared margins and thresholds, the answer's restricted
checker, the exact simplex's bookkeeping) must not change a result. Each pinned
point keeps, per key of the ``stability/analyze/v1`` document, a digest of its
canonical JSON (floats to 9 significant digits, the tolerance of a float summed in
another order; exact values are strings and compared exactly), and a few readable
fields. The digests were written by the code before the speed-ups::

    cd /tmp && PYTHONPATH=/path/to/old/checkout python /path/to/tests/test_analyze_pinned.py

(it prints the JSON for ``tests/data/analyze_pinned.json``). The boundary points are
thresholds and smallest-shift points that ``stability tipping mosul`` reports at the
defaults (``benchmarks/bench_analyze.py`` finds them the same way).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

PINS = Path(__file__).parent / "data" / "analyze_pinned.json"

#: The document keys whose digests are pinned (``games`` and ``scenario`` restate the
#: input; the answer's keys added with the speed-ups are left out).
KEYS = (
    "parameters", "exact_parameters", "outcomes", "joint", "tipping", "selection",
    "prior_frequencies", "answer", "opening", "ranking", "durability",
)
#: Keys added to the answer after the pins were written (additive JSON).
ADDED = ("basin_max_steps", "basin_at_step_bound")

BOUND_SENTENCE = re.compile(
    r" [\d,]+ of [\d,]+ starts (?:was|were) still moving at the bound of [\d,]+ steps "
    r"\(counted where they stood\)\."
)

POINTS: tuple[dict[str, str], ...] = (
    {},
    {"factionalism": "1"},
    {"threat": "7", "w_saudi": "297/500", "us_influence": "0", "false_flag": "219/250"},
    {"threat": "7", "w_assad": "2", "iran_control": "3/4"},
    {"w_assad": "7501/4000", "factionalism": "5499/4000", "false_flag": "1001/1000"},
)


def _canonical(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _digest(value: Any) -> str:
    text = json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def pinned_fields(point: dict[str, str]) -> dict[str, Any]:
    """The digests and readable fields of ``analyze mosul`` at ``point``."""
    from stability.analysis.overview import analyze_scenario
    from stability.cli.common import load_scenario
    from stability.results import AnalyzeResult

    sets = [f"{k}={v}" for k, v in point.items()] or None
    scenario = load_scenario("mosul", sets)
    document = AnalyzeResult(scenario, analyze_scenario(scenario)).to_dict()
    answer = document.get("answer") or {}
    for key in ADDED:
        answer.pop(key, None)
    if "text" in answer:  # the step bound's sentence, added when some start hit it
        answer["text"] = BOUND_SENTENCE.sub("", answer["text"])
    for basins in (document.get("selection") or {}).get("basins", []):
        for key in ("max_steps", "at_step_bound"):
            basins.pop(key, None)
    # the continua's members and supports (issue 24's components), additive
    for found in (document.get("joint") or {}).get("mixed_sets") or []:
        for key in ("members", "supports"):
            found.pop(key, None)
    # durability's stated precision of approximate times (issue 27), also additive
    for key in ("precision", "precision_exact"):
        (document.get("durability") or {}).pop(key, None)
    return {
        "point": point,
        "digests": {key: _digest(document.get(key)) for key in KEYS},
        "equilibria": [e.get("profile") for e in document["joint"].get("equilibria", [])],
        "levers": [lever["parameter"] for lever in answer.get("levers", [])],
        "findings": [f["kind"] for f in answer.get("findings", [])],
        "shifts": {
            goal: None if shift is None else [shift["exact"], shift["distance_exact"]]
            for goal, shift in (answer.get("shifts") or {}).items()
        },
    }


@pytest.mark.parametrize("index", range(len(POINTS)))
def test_analyze_results_unchanged(index: int) -> None:
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    expected = next(pin for pin in pins if pin["point"] == POINTS[index])
    found = pinned_fields(POINTS[index])
    for field in ("equilibria", "levers", "findings", "shifts"):
        assert found[field] == expected[field], field
    changed = [k for k in KEYS if found["digests"][k] != expected["digests"][k]]
    assert not changed, f"analyze's {changed} changed at {POINTS[index]}"


if __name__ == "__main__":
    json.dump([pinned_fields(p) for p in POINTS], sys.stdout, indent=1, ensure_ascii=False)
    print()
