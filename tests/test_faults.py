"""Faults: builds killed at random moments, a full disk, a read-only output, unsafe --out.

Whatever happens, the output folder holds one complete site (the previous one, or the new
one when the kill came after the swap), byte for byte, and the next build cleans up.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import io
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seminar_site.cli import main
from tests.conftest import SITE_PATH, MakeSite, cli_env, report_yaml, site_yaml, write_files
from tests.test_corpus import run_cli

KILLS = 20


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".seminar-site-tmp"))


def _site_files(title: str, reports: int = 30) -> dict[str, str | bytes]:
    summary = "本文です。" * 150
    sessions = "".join(
        f"      - kind: 講演\n        title: 講演{j}\n        summary: {summary}\n"
        for j in range(8)
    )
    files: dict[str, str | bytes] = {SITE_PATH: site_yaml(title=title)}
    for i in range(reports):
        files[f"content/reports/r{i:02d}/report.yaml"] = report_yaml(
            title=f"報告{i}", sessions=sessions
        )
    return files


def _command(root: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "seminar_site", "build", "--root", str(root), "--out", str(out)]


def _build(root: Path, out: Path) -> None:
    proc = subprocess.run(
        _command(root, out), capture_output=True, text=True, env=cli_env(), timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr


def _running(root: Path) -> list[int]:
    """Processes (not zombies) whose command line names ``root``: a build and its workers."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if str(root).encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def _survivors(root: Path, grace: float = 5.0) -> list[int]:
    """The processes of ``_running`` that have not exited within ``grace`` seconds.

    A worker learns of its parent's death by a signal (PR_SET_PDEATHSIG), so it may still be
    on its way out: each one is waited for through a pidfd, which becomes readable when the
    process exits.
    """
    deadline = time.monotonic() + grace
    alive = []
    for pid in _running(root):
        try:
            pidfd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue  # gone already
        try:
            ready, _, _ = select.select([pidfd], [], [], max(0.0, deadline - time.monotonic()))
        finally:
            os.close(pidfd)
        if not ready:
            alive.append(pid)
    return alive


def test_sigkill_at_random_moments_never_leaves_a_broken_site(tmp_path: Path) -> None:
    versions = {"A": tmp_path / "ref-a", "B": tmp_path / "ref-b"}
    expected: dict[str, dict[str, bytes]] = {}
    for name, ref in versions.items():  # reference outputs, built cleanly elsewhere
        root = write_files(ref, _site_files(f"サイト{name}"))
        _build(root, ref / "out")
        expected[name] = snapshot(ref / "out")
    assert expected["A"] != expected["B"]

    root = write_files(tmp_path / "site", _site_files("サイトA"))
    out = root / "_site"
    _build(root, out)
    rng = random.Random(20240601)
    delays = sorted(rng.uniform(0.05, 0.9) for _ in range(KILLS))
    outcomes: list[str] = []
    for delay in delays:
        current = snapshot(out)
        now = next(name for name, files in expected.items() if files == current)
        other = "B" if now == "A" else "A"
        write_files(root, {SITE_PATH: site_yaml(title=f"サイト{other}")})
        proc = subprocess.Popen(
            _command(root, out), env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # The random moment of the kill is the point of the test (not a wait for anything);
        # a build that finishes first is not waited for any longer.
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=delay)
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        after = snapshot(out)
        if after not in (expected[now], expected[other]):
            differ = sorted(
                p for p in set(after) | set(expected[now]) if after.get(p) != expected[now].get(p)
            )
            pytest.fail(f"broken output after a kill at {delay:.2f} s; differs in {differ[:5]}")
        assert code in (0, -signal.SIGKILL), f"the build exited {code} (not killed, not done)"
        if code == 0:  # it finished before the kill: the new site is there, whole
            assert after == expected[other], f"a finished build left the old site ({delay:.2f} s)"
        outcomes.append("kept" if after == expected[now] else "new")
    # Pool workers of a killed build die with it (they would otherwise wait for ever).
    assert _survivors(root) == []
    _build(root, out)  # the next build finishes the job and cleans up
    assert leftovers(out) == []
    final = "B" if "サイトB".encode() in (root / SITE_PATH).read_bytes() else "A"
    assert snapshot(out) == expected[final]
    assert "kept" in outcomes, outcomes  # at least some kills landed mid-build


# ------------------------------------------------------------------ disk full, read-only


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at ``path`` (root only); skips when mounting is not allowed."""
    path.mkdir()
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


def _small_site(make_site: MakeSite, body: str = "") -> Path:
    files: dict[str, str | bytes] = {}
    if body:
        files["content/reports/r1/body.md"] = body
        files["content/reports/r1/report.yaml"] = report_yaml(extra="body: body.md\n")
    return make_site(files)


@pytest.mark.skipif(not _can_mount(), reason="needs root to mount a tmpfs")
def test_full_disk_keeps_the_previous_site(make_site: MakeSite, tmp_path: Path) -> None:
    root = _small_site(make_site)
    with tmpfs(tmp_path / "disk", "1m") as disk:
        out = disk / "_site"
        assert run_cli(root, out)[0] == 0
        before = snapshot(out)
        big = "".join(f"段落{i}。" + "あ" * 300 + "\n\n" for i in range(1200))  # ~1.1 MB page
        write_files(root, {"content/reports/r1/body.md": big})
        write_files(root, {"content/reports/r1/report.yaml": report_yaml(extra="body: body.md\n")})
        code, _, stderr = run_cli(root, out)
        assert code == 2, stderr
        assert "the disk is full" in stderr and "the previous site was kept" in stderr
        assert "Traceback" not in stderr
        assert snapshot(out) == before
        assert leftovers(out) == []


@pytest.mark.skipif(not _can_mount(), reason="needs root to mount a tmpfs")
def test_read_only_output_keeps_the_previous_site(make_site: MakeSite, tmp_path: Path) -> None:
    root = _small_site(make_site)
    with tmpfs(tmp_path / "disk", "4m") as disk:
        out = disk / "_site"
        assert run_cli(root, out)[0] == 0
        before = snapshot(out)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        write_files(root, {SITE_PATH: site_yaml(title="新しい名前")})
        code, _, stderr = run_cli(root, out)
        assert code == 2, stderr
        assert "read-only" in stderr and "Traceback" not in stderr
        assert snapshot(out) == before


def test_injected_enospc_keeps_the_previous_site(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without root: the disk fills up in the middle of writing the new tree."""
    root = _small_site(make_site)
    out = root / "_site"
    assert run_cli(root, out)[0] == 0
    before = snapshot(out)
    write_files(root, {SITE_PATH: site_yaml(title="新しい名前")})
    real_open = io.open
    calls = {"n": 0}

    def full_disk(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(m in mode for m in "wax") and ".seminar-site-tmp" in os.fspath(file):
            calls["n"] += 1
            if calls["n"] > 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", full_disk)
    monkeypatch.setattr(builtins, "open", full_disk)
    code, _, stderr = run_cli(root, out)
    monkeypatch.undo()
    assert calls["n"] > 3, "the writer did not go through os.open"
    assert code == 2, stderr
    assert "the disk is full" in stderr and "Traceback" not in stderr
    assert snapshot(out) == before
    assert leftovers(out) == []


# ------------------------------------------------------------------ unsafe --out


@pytest.mark.parametrize("where", ["root", "content", "home", "slash", "parent"])
def test_unsafe_output_locations_are_refused(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, where: str
) -> None:
    root = make_site()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    out = {
        "root": root,
        "content": root / "content",
        "home": home,
        "slash": Path("/"),
        "parent": root.parent,
    }[where]
    before = sorted(p.name for p in out.iterdir())
    code, _, stderr = run_cli(root, out)
    assert code == 2, stderr
    assert "refusing to write the site" in stderr
    assert sorted(p.name for p in out.iterdir()) == before
    assert not (root / "_site").exists()


def test_cli_never_prints_a_traceback_for_an_unwritable_out(make_site: MakeSite) -> None:
    root = make_site()
    (root / "file").write_text("not a folder", encoding="utf-8")
    code = main(["build", "--root", str(root), "--out", str(root / "file" / "_site")])
    assert code == 2
