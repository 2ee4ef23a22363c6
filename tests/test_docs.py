"""The documentation's examples are run, so they never rot.

- ```console blocks: each ``$ stability ...`` line is run and its output compared
  with the lines that follow it (``...`` on a line of its own matches any lines;
  ``...`` inside a line matches any text). Trailing spaces are ignored.
- ``>>>`` examples anywhere in a page run as doctests.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
from pathlib import Path

import pytest

from stability.cli import common
from stability.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*ROOT.glob("docs/**/*.md"), ROOT / "README.md"])
FENCE = re.compile(r"```console\n(.*?)```", re.S)


def console_examples(page: Path) -> list[tuple[str, list[str]]]:
    examples: list[tuple[str, list[str]]] = []
    for block in FENCE.findall(page.read_text(encoding="utf-8")):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            elif examples:
                examples[-1][1].append(line)
    return examples


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append("[^\n]*".join(re.escape(p) for p in line.rstrip().split("...")) + r"\n")
    return re.compile("".join(parts))


CASES = [
    pytest.param(page, command, expected, id=f"{page.relative_to(ROOT)}:{command[:50]}")
    for page in PAGES
    for command, expected in console_examples(page)
]


@pytest.mark.parametrize(("page", "command", "expected"), CASES)
def test_console_example(
    page: Path,
    command: str,
    expected: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = shlex.split(command)
    if words[0] == "pip" or words[0] == "pytest":
        pytest.skip("installation and test commands are run by CI itself")
    assert words[0] == "stability", f"{page}: only stability commands are run: {command}"
    (tmp_path / "games").symlink_to(ROOT / "games")
    (tmp_path / "docs").symlink_to(ROOT / "docs")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    # the console may have been created before COLUMNS was set (another test)
    monkeypatch.setattr(common.console, "width", 100)
    main(words[1:])
    output = capsys.readouterr().out
    text = "\n".join(line.rstrip() for line in output.splitlines()) + "\n"
    assert _pattern(expected).fullmatch(text), (
        f"{page.name}: `{command}` printed:\n{text}\nexpected:\n" + "\n".join(expected)
    )


PYTHON_FENCE = re.compile(r"```(?:python|pycon)\n(.*?)```", re.S)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_doctests_in_page(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = PYTHON_FENCE.findall(page.read_text(encoding="utf-8"))
    text = "\n\n".join(block for block in blocks if ">>>" in block)
    if not text:
        pytest.skip("no Python examples")
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")
    test = doctest.DocTestParser().get_doctest(text, {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{page}: {result.failed} doctest example(s) failed"


def test_every_page_is_reachable_from_the_index() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for page in ROOT.glob("docs/*/*.md"):
        assert str(page.relative_to(ROOT / "docs")) in index, f"docs/index.md does not link {page}"
    assert os.path.exists(ROOT / "docs" / "index.md")
