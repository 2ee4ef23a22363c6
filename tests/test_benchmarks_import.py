"""Every benchmark still imports: a refactoring that moves a function they use
breaks them loudly here, not silently the next time someone measures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).parent.parent / "benchmarks").glob("bench_*.py"))


def test_there_are_benchmarks() -> None:
    assert len(BENCHMARKS) >= 10


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda p: p.name)
def test_benchmark_imports(path: Path) -> None:
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)  # imports only: each runs from its __main__ guard
    except ModuleNotFoundError as missing:  # an optional tool, not ours
        if (missing.name or "").split(".")[0] == "stability":
            raise
        pytest.skip(f"{path.name} needs {missing.name}")
    assert callable(getattr(module, "main", None))
