"""The documentation site (issue 25 item 12): every page is in mkdocs.yml's navigation,
the API pages come from the docstrings, and the site builds with ``--strict`` (where
the ``docs`` extra is installed; CI installs it and builds the site itself too)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_every_page_is_in_the_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r":\s*([\w./-]+\.md)\s*$", config, flags=re.MULTILINE))
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert pages == listed
    assert "theme:\n  name: material" in config and "mkdocstrings" in config
    assert "strict: true" in config


def test_the_api_page_is_generated_from_the_docstrings() -> None:
    page = (DOCS / "reference" / "api-docstrings.md").read_text(encoding="utf-8")
    assert "::: stability.api" in page


def test_docs_extra_and_ci() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert {re.split(r"[<>=\[]", d)[0] for d in extras["docs"]} == {
        "mkdocs", "mkdocs-material", "mkdocstrings"
    }
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "mkdocs build --strict" in ci and '".[docs]"' in ci


def test_site_builds_strictly(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="the docs extra is not installed")
    pytest.importorskip("mkdocstrings", reason="the docs extra is not installed")
    mkdocs = shutil.which("mkdocs") or f"{sys.executable} -m mkdocs"
    done = subprocess.run(
        [*mkdocs.split(), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
