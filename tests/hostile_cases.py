"""Issue 27's hostile cases, generated at run time: a table, a runner and a verdict.

Each case runs one command (or one Python API call) in a child process under a
60 s limit and a 1 GiB address-space cap (``resource.setrlimit`` in the child),
in an empty working folder, and is judged *right* or *wrong* by what the issue
asks of its class:

- ``refused``: exit 2, one line on standard error beginning ``error:``, no
  traceback, nothing written in the working folder;
- ``ran``: exit 0, no traceback, within the time and memory limits (and, where
  the case says, its output checked);
- ``bounded``: either of the two (the issue's "refuses up front, or runs to its
  limit and reports what it found");
- ``interrupted``: after Ctrl-C (SIGINT to the process group), exit 130 and the
  one line ``interrupted``.

``tests/test_hostile.py`` runs the cases owned by this project's reliability work
(``OWNER == "reliability"``) so that CI keeps them; as a script it prints a
right/wrong table and the counts per class::

    PYTHONPATH=. python tests/hostile_cases.py            # every reliability case
    PYTHONPATH=. python tests/hostile_cases.py --all      # the solver-side ones too
    PYTHONPATH=. python tests/hostile_cases.py --only durability
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import os
import re
import resource
import signal
import socketserver
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAMES = ROOT / "games"

#: The issue's limits: wall-clock seconds and bytes of address space per case.
TIME_LIMIT = 60
MEMORY_LIMIT = 1024**3

CLASSES = {
    1: "unbounded time or memory",
    2: "exit 1 with a raw exception",
    3: "hangs",
    4: "files written on refusal",
    5: "wrong or misleading",
    6: "HTML hardening",
    7: "Python API",
}


# --- inputs -----------------------------------------------------------------------


def _two_allies(threat: str, horizon: str = "24") -> str:
    """The bundled two-allies scenario with another timeline for the threat."""
    text = (GAMES / "two-allies.toml").read_text()
    text = text.replace('threat = "max(0, threat - decay*t)"', f'threat = "{threat}"')
    return text.replace("horizon = 24", f"horizon = {horizon}")


COSTLY_ONE = "threat + (t**8-2)*(t**8-3)*(t**8-5)"
COSTLY_EIGHT = "threat + " + "*".join(f"(t**8-{k})" for k in (2, 3, 5, 6, 7, 10, 11, 13))
COSTLY_TWENTY = "threat*" + "*".join(f"(t-{k})" for k in range(1, 21))

NO_PARAMETERS = """title = "No parameters"
coalition_outcome = "Both"
[[actors]]
name = "A"
strategies = ["c", "d"]
[[actors]]
name = "B"
strategies = ["c", "d"]
[[games]]
players = ["A", "B"]
payoffs = [[[3, 3], [0, 4]], [[4, 0], [1, 1]]]
[[outcomes]]
name = "Both"
profiles = [{A = "c", B = "c"}]
[[outcomes]]
name = "Neither"
profiles = [{A = "d", B = "d"}]
"""


def one_strategy_actors(count: int) -> str:
    """``count`` actors with one strategy each, in a chain of games with a parameter."""
    parts = ['title = "one-strategy actors"\n[parameters.p]\nvalue = 1\nrange = [0, 2]\n']
    parts += [f'[[actors]]\nname = "A{k}"\nstrategies = ["s"]\n' for k in range(count)]
    parts += [
        f'[[games]]\nplayers = ["A{k}", "A{k + 1}"]\npayoffs = [[["p", 1]]]\n'
        for k in range(count - 1)
    ]
    everyone = ", ".join(f'A{k} = "s"' for k in range(count))
    parts.append(f'[[outcomes]]\nname = "All"\nprofiles = [{{{everyone}}}]\n')
    return "".join(parts)


def many_outcomes(actors: int = 8, outcomes: int = 200) -> str:
    """Every profile an equilibrium (all payoffs 0) and ``outcomes`` one-profile outcomes."""
    parts = ['title = "many panels"\n']
    parts += [f'[[actors]]\nname = "A{k}"\nstrategies = ["c", "d"]\n' for k in range(actors)]
    parts += [
        f'[[games]]\nplayers = ["A{k}", "A{k + 1}"]\n'
        f"payoffs = [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]\n"
        for k in range(actors - 1)
    ]
    for number in range(outcomes):
        profile = ", ".join(
            f'A{k} = "{"cd"[(number >> k) & 1]}"' for k in range(actors)
        )
        parts.append(f'[[outcomes]]\nname = "O{number}"\nprofiles = [{{{profile}}}]\n')
    return "".join(parts)


def conflict(decision_makers: int) -> str:
    """``decision_makers`` decision makers, one option each, preferences by statements."""
    parts = [f'title = "{decision_makers} decision makers"\n']
    parts += [
        f'[[decision_makers]]\nname = "D{k}"\noptions = ["O{k}"]\n' for k in range(decision_makers)
    ]
    parts.append("[preferences]\n")
    parts += [
        f'D{k} = ["O{(k + 1) % decision_makers}", "-O{k}", "O{(k + 2) % decision_makers}"]\n'
        for k in range(decision_makers)
    ]
    return "".join(parts)


def players_nfg(players: int) -> str:
    """A game of ``players`` players with one strategy each."""
    names = " ".join(f'"P{k}"' for k in range(players))
    ones = " ".join("1" for _ in range(players))
    return f'NFG 1 R "many players" {{ {names} }} {{ {ones} }}\n' + ones + "\n"


_HOSTILE_NAME = "Alpha<script>alert(1)</script><img src=x onerror=alert(2)>"
HOSTILE_LABELS = (GAMES / "two-allies.toml").read_text().replace(
    '"Alpha"', f'"{_HOSTILE_NAME}"').replace("Alpha = ", f'"{_HOSTILE_NAME}" = ')


# --- checks of outputs ------------------------------------------------------------


def csp_report(work: Path, stdout: str) -> str | None:
    """The report carries a Content-Security-Policy that allows no inline script."""
    page = (work / "r.html").read_text()
    match = re.search(r'http-equiv="Content-Security-Policy"\s+content="([^"]*)"', page)
    if not match:
        return "no Content-Security-Policy"
    if "unsafe-inline" in match.group(1).split("script-src")[-1].split(";")[0]:
        return "script-src allows 'unsafe-inline'"
    return None


def csp_explorer(work: Path, stdout: str) -> str | None:
    """The explorer's policy allows its inline scripts by hash, not 'unsafe-inline'."""
    page = (work / "e.html").read_text()
    match = re.search(r'http-equiv="Content-Security-Policy"\s+content="([^"]*)"', page)
    if not match:
        return "no Content-Security-Policy"
    script_src = next((p for p in match.group(1).split(";") if "script-src" in p), "")
    if "unsafe-inline" in script_src:
        return "script-src allows 'unsafe-inline'"
    import base64

    scripts = re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json))[^>]*>(.*?)</script>",
                         page, re.S)
    for body in scripts:  # a JSON data block is not run, and needs no hash
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        if f"'sha256-{digest}'" not in script_src:
            return "an inline script whose hash the policy does not list"
    return None


def markdown_escaped(work: Path, stdout: str) -> str | None:
    """No raw HTML from a label reaches the Markdown."""
    if re.search(r"<script|<img", stdout, re.I):
        return "raw <script> or <img> in the Markdown"
    return None



def no_undefined(work: Path, output: str) -> str | None:
    """A finite value is not called undefined (a refusal may name its real size)."""
    return "called undefined" if "undefined" in output.lower() else None


def answered(work: Path, stdout: str) -> str | None:
    return None if stdout.strip() else "no output"


# --- the table --------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile case: ``argv`` of ``stability`` (or a Python snippet), its inputs,
    what is right for it. In ``argv``, ``{in}`` is the inputs folder and ``{addr}``
    the address of the server named by ``server``."""

    klass: int
    name: str
    argv: tuple[str, ...] = ()
    expect: str = "refused"
    files: dict[str, Callable[[], str]] = field(default_factory=dict)
    setup: tuple[tuple[str, ...], ...] = ()
    python: str | None = None
    server: str | None = None
    interrupt: bool = False
    file_size: int | None = None
    check: Callable[[Path, str], str | None] | None = None
    owner: str = "reliability"
    slow: bool = False
    #: False: run by the script only (a legal input run to completion, too long for CI)
    in_ci: bool = True


def _api(expression: str, error: str) -> str:
    """A snippet that runs ``expression`` and exits 0 only if it raises ``error``."""
    return (
        "import stability, sys\n"
        "from stability.errors import InputError\n"
        f"try:\n    {expression}\n"
        "except " + error + " as err:\n    print(type(err).__name__, err); sys.exit(0)\n"
        "except Exception as err:\n    print('wrong:', type(err).__name__, err); sys.exit(1)\n"
        "print('accepted'); sys.exit(1)\n"
    )


def _cases() -> list[Case]:
    costly = {"c1.toml": lambda: _two_allies(COSTLY_ONE)}
    return [
        # 1. unbounded time or memory
        Case(1, "durability-three-factors", ("durability", "{in}/c1.toml"), "bounded",
             costly, check=answered, slow=True),
        Case(1, "durability-eight-factors", ("durability", "{in}/c8.toml"), "bounded",
             {"c8.toml": lambda: _two_allies(COSTLY_EIGHT)}, check=answered, slow=True),
        Case(1, "durability-twenty-roots", ("durability", "{in}/c20.toml"), "bounded",
             {"c20.toml": lambda: _two_allies(COSTLY_TWENTY)}, check=answered, slow=True),
        Case(1, "report-time-limit-durability",
             ("report", "{in}/c1.toml", "--time-limit", "5", "--samples", "0", "--out", "r.html"),
             "bounded", costly, slow=True),
        Case(1, "nfg-5MB-comment", ("validate", "{in}/comment.nfg"), "bounded",
             {"comment.nfg": lambda: 'NFG 1 R "c" "' + "x" * 5_000_000
              + '" { "A" "B" } { 1 1 }\n1 1\n'}),
        Case(1, "nfg-4MB-title", ("solve", "{in}/title.nfg"), "bounded",
             {"title.nfg": lambda: 'NFG 1 R "' + "t" * 4_000_000
              + '" { "A" "B" } { 1 1 }\n1 1\n'}),
        Case(1, "gmcr-coalitions-12", ("gmcr", "{in}/d12.gmcr.toml", "--coalitions"), "bounded",
             {"d12.gmcr.toml": lambda: conflict(12)}, slow=True),
        Case(1, "sensitivity-trajectories-1e9",
             ("sensitivity", "mosul", "--trajectories", "1000000000"), "bounded"),
        Case(1, "sweep-points-4M-csv",
             ("sweep", "mosul", "--x", "threat", "--points", "4000000", "--csv", "g.csv"),
             "bounded", slow=True),
        Case(1, "sweep-points-4M-csv-two-actors",
             ("sweep", "two-allies", "--x", "threat", "--points", "4000000", "--csv", "g.csv"),
             "bounded", slow=True),
        Case(1, "sweep-points-4M-two-actors",
             ("sweep", "two-allies", "--x", "threat", "--points", "4000000"), "bounded",
             slow=True, in_ci=False),
        Case(1, "select-starts-1M", ("select", "mosul", "--starts", "1000000"), "bounded",
             slow=True),
        Case(1, "analyze-20-one-strategy-actors", ("analyze", "{in}/a20.toml"), "bounded",
             {"a20.toml": lambda: one_strategy_actors(20)}, owner="twoplayer"),
        Case(1, "analyze-32-one-strategy-actors", ("analyze", "{in}/a32.toml"), "bounded",
             {"a32.toml": lambda: one_strategy_actors(32)}, owner="twoplayer"),
        Case(1, "graph-dpi-600-200-panels",
             ("graph", "{in}/p200.toml", "--out", "g.png", "--dpi", "600"), "bounded",
             {"p200.toml": lambda: many_outcomes()}, slow=True),
        Case(1, "workers-1e20", ("robustness", "mosul", "--workers", "1e20"), "refused"),
        # 2. exit 1 with a raw exception
        Case(2, "solve-64-players", ("solve", "{in}/p64.nfg"), "refused",
             {"p64.nfg": lambda: players_nfg(64)}, owner="twoplayer"),
        Case(2, "states-64-players", ("states", "{in}/p64.nfg"), "refused",
             {"p64.nfg": lambda: players_nfg(64)}, owner="twoplayer"),
        Case(2, "convert-then-solve-64-players", ("solve", "{in}/p64.json"), "refused",
             {"p64.nfg": lambda: players_nfg(64)},
             setup=(("convert", "{in}/p64.nfg", "{in}/p64.json"),), owner="twoplayer"),
        Case(2, "analyze-33-actors", ("analyze", "{in}/a33.toml"), "refused",
             {"a33.toml": lambda: one_strategy_actors(33)}, owner="twoplayer"),
        Case(2, "analyze-64-actors", ("analyze", "{in}/a64.toml"), "refused",
             {"a64.toml": lambda: one_strategy_actors(64)}, owner="twoplayer"),
        Case(2, "report-no-parameters",
             ("report", "{in}/none.toml", "--out", "r.html", "--samples", "0"), "ran",
             {"none.toml": lambda: NO_PARAMETERS}, slow=True),
        Case(2, "analyze-no-parameters", ("analyze", "{in}/none.toml"), "ran",
             {"none.toml": lambda: NO_PARAMETERS}, check=answered),
        Case(2, "report-converted-game",
             ("report", "{in}/chicken.toml", "--out", "r.html", "--samples", "0"), "ran",
             setup=(("convert", "chicken", "{in}/chicken.toml"),), slow=True),
        Case(2, "analyze-converted-game", ("analyze", "{in}/chicken.toml"), "ran",
             setup=(("convert", "chicken", "{in}/chicken.toml"),), check=answered),
        Case(2, "scheduler-tls", ("robustness", "mosul", "--scheduler", "tls://127.0.0.1:1")),
        Case(2, "scheduler-http-server", ("robustness", "mosul", "--scheduler", "{addr}"),
             server="http"),
        Case(2, "scheduler-huge-frame", ("robustness", "mosul", "--scheduler", "{addr}"),
             server="huge"),
        # 3. hangs
        Case(3, "scheduler-silent-port", ("robustness", "mosul", "--scheduler", "{addr}"),
             server="silent"),
        Case(3, "scheduler-plain-http", ("sweep", "mosul", "--x", "threat", "--scheduler",
                                         "{addr}"), server="http"),
        Case(3, "workers-10000", ("robustness", "mosul", "--workers", "10000")),
        # 4. files written on refusal
        Case(4, "sweep-png-and-xlsx",
             ("sweep", "mosul", "--x", "threat", "--out", "m.png", "--csv", "g.xlsx")),
        Case(4, "sweep-csv-svg-same-file",
             ("sweep", "mosul", "--x", "threat", "--csv", "m.svg", "--out", "m.svg")),
        Case(4, "exercise-full-disk", ("exercise", "--count", "100", "--out", "DIR"),
             file_size=20_000),
        # 5. wrong or misleading
        Case(5, "horizon-1e100", ("durability", "{in}/h.toml"), "bounded",
             {"h.toml": lambda: _two_allies("threat*(1 + t**8)", "1e100")},
             check=no_undefined),
        Case(5, "select-precision-1e308", ("select", "mosul", "--precision", "1e308")),
        Case(5, "analyze-empty-name", ("analyze", "")),
        Case(5, "tipping-unique-goal-breaks", ("tipping", "mosul", "--unique", "--goal",
                                               "breaks")),
        Case(5, "ctrl-c-robustness-workers-2",
             ("robustness", "mosul", "--workers", "2", "--samples", "2000000000"),
             "interrupted", interrupt=True, slow=True),
        # 6. HTML hardening
        Case(6, "report-csp", ("report", "two-allies", "--out", "r.html", "--samples", "0"),
             "ran", check=csp_report, slow=True),
        Case(6, "explorer-script-hashes", ("explore", "two-allies", "--out", "e.html"), "ran",
             check=csp_explorer),
        Case(6, "explain-markdown-escaped", ("explain", "{in}/labels.toml", "--format", "md"),
             "ran", {"labels.toml": lambda: HOSTILE_LABELS}, check=markdown_escaped),
        # 7. Python API
        Case(7, "api-tipping-none", python=_api('stability.tipping("mosul", None)',
                                                "(TypeError, InputError)")),
        Case(7, "api-tipping-123", python=_api('stability.tipping("mosul", 123)',
                                               "(TypeError, InputError)")),
        Case(7, "api-analyze-sets-string",
             python=_api('stability.analyze("two-allies", sets="threat=3")', "TypeError")),
        Case(7, "api-solve-time-limit-negative",
             python=_api('stability.solve("chicken", time_limit=-1)', "InputError")),
        Case(7, "api-solve-time-limit-nan",
             python=_api('stability.solve("chicken", method="enumerate", '
                         'time_limit=float("nan"))', "InputError")),
    ]


CASES = _cases()


# --- servers that are not Dask schedulers -------------------------------------------


class _Silent(socketserver.BaseRequestHandler):
    def handle(self) -> None:  # accept, never answer
        self.request.settimeout(TIME_LIMIT)
        try:
            while self.request.recv(4096):
                pass
        except OSError:
            pass


class _Huge(socketserver.BaseRequestHandler):
    def handle(self) -> None:  # announce a 2**62-byte frame, then nothing
        try:
            self.request.sendall(struct.pack("<Q", 2**62))
            self.request.settimeout(TIME_LIMIT)
            while self.request.recv(4096):
                pass
        except OSError:
            pass


class _Http(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args: object) -> None:
        pass


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def server(kind: str | None) -> Iterator[str]:
    """A local server of ``kind`` (silent, http, huge) and its tcp:// address."""
    if kind is None:
        yield ""
        return
    handler = {"silent": _Silent, "huge": _Huge, "http": _Http}[kind]
    with _Server(("127.0.0.1", 0), handler) as running:
        thread = threading.Thread(target=running.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"tcp://127.0.0.1:{running.server_address[1]}"
        finally:
            running.shutdown()


# --- running one case ---------------------------------------------------------------

CHILD = """
import sys
from stability.cli.app import main
sys.exit(main(sys.argv[1:]))
"""


def _limits(file_size: int | None) -> Callable[[], None]:
    def apply() -> None:
        # a command started in the background of a script has Ctrl-C ignored, and a
        # Python started so never sees one: give the child the terminal's default
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return apply


def _descendants(pid: int) -> int:
    """How many processes descend from ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    count, frontier = 0, {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        count += len(frontier)
    return count


@dataclass
class Outcome:
    case: Case
    right: bool
    why: str
    seconds: float
    code: int | None
    stderr: str


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir()}


def run_case(case: Case, folder: Path) -> Outcome:
    """Run ``case`` in ``folder`` (made empty) and judge it."""
    inputs, work = folder / "inputs", folder / "work"
    inputs.mkdir(parents=True)
    work.mkdir()
    for name, text in case.files.items():
        (inputs / name).write_text(text())
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "COLUMNS": "100",
        "PYTHONWARNINGS": "default",
    }
    for command in case.setup:  # a refusal here is the case's answer
        argv = [part.replace("{in}", str(inputs)) for part in command]
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", CHILD, *argv], cwd=work, env=env,
                              capture_output=True, text=True, timeout=TIME_LIMIT,
                              preexec_fn=_limits(None))
        if done.returncode != 0:
            why = _judge(case, done.returncode, done.stdout, done.stderr, work)
            return Outcome(case, why is None, why or "", time.monotonic() - started,
                           done.returncode, done.stderr)
    with server(case.server) as address:
        if case.python is not None:
            command = [sys.executable, "-c", case.python]
        else:
            argv = [p.replace("{in}", str(inputs)).replace("{addr}", address) for p in case.argv]
            command = [sys.executable, "-c", CHILD, *argv]
        started = time.monotonic()
        child = subprocess.Popen(
            command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, text=True, preexec_fn=_limits(case.file_size),
            start_new_session=True,
        )
        if case.interrupt:
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline and _descendants(child.pid) < 2:
                time.sleep(0.5)
            time.sleep(3)
            os.killpg(child.pid, signal.SIGINT)
        try:
            stdout, stderr = child.communicate(timeout=TIME_LIMIT)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            stdout, stderr = child.communicate()
            seconds = time.monotonic() - started
            return Outcome(case, False, f"no answer in {TIME_LIMIT} s", seconds, None, stderr)
        seconds = time.monotonic() - started
        try:  # Dask workers left behind by a failed case
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    why = _judge(case, child.returncode, stdout, stderr, work)
    return Outcome(case, why is None, why or "", seconds, child.returncode, stderr)


def _judge(case: Case, code: int, stdout: str, stderr: str, work: Path) -> str | None:
    """Why the case is wrong, or ``None`` when it is right."""
    lines = stderr.splitlines()
    if "Traceback" in stderr:
        return f"traceback (exit {code}): {lines[-1][:150] if lines else ''}"
    if case.python is not None:
        return None if code == 0 else stdout.strip()[:200]
    refused = code == 2 and len(lines) == 1 and lines[0].startswith("error: ")
    if case.expect == "interrupted":
        return None if code == 130 and lines == ["interrupted"] else (
            f"exit {code}, {len(lines)} lines on stderr")
    if refused:
        if case.expect == "ran":
            return f"refused: {lines[0][:150]}"
        written = _files(work)
        if written:
            return f"refused but wrote {sorted(written)}"
        if case.expect == "bounded" and case.check is not None and case.check is not answered:
            return case.check(work, stderr)
        return None
    if case.expect == "refused":
        return f"exit {code}: {(lines or [''])[0][:150]}"
    if code != 0:
        if code == -signal.SIGKILL or "out of memory" in stderr or "MemoryError" in stderr:
            return f"past {MEMORY_LIMIT >> 20} MiB (exit {code})"
        return f"exit {code}: {(lines or [''])[0][:150]}"
    if any("Warning" in line for line in lines):
        return f"warnings: {lines[0][:150]}"
    if case.check is not None:
        return case.check(work, stdout)
    return None


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="also the solver-side cases")
    parser.add_argument("--only", help="the cases whose name contains this text")
    args = parser.parse_args()
    chosen = [
        c for c in CASES
        if (args.all or c.owner == "reliability") and (not args.only or args.only in c.name)
    ]
    counts: dict[int, list[int]] = {}
    for case in chosen:
        with tempfile.TemporaryDirectory() as folder:
            outcome = run_case(case, Path(folder))
        tally = counts.setdefault(case.klass, [0, 0])
        tally[0 if outcome.right else 1] += 1
        verdict = "right" if outcome.right else "WRONG"
        print(f"{case.klass} {case.name:36} {verdict:5} {outcome.seconds:5.1f}s "
              f"exit {outcome.code}  {outcome.why}", flush=True)
    print("\n| class | right | wrong |\n| --- | --- | --- |")
    for klass in sorted(counts):
        right, wrong = counts[klass]
        print(f"| {klass}. {CLASSES[klass]} | {right} | {wrong} |")
    total_right = sum(r for r, _ in counts.values())
    total_wrong = sum(w for _, w in counts.values())
    print(f"| total | {total_right} | {total_wrong} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
