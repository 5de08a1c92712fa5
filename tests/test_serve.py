"""The preview server: what it serves (and refuses), live updates, errors, ports, shutdown."""

from __future__ import annotations

import http.client
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from seminar_site.dev.preview import Preview, preview
from seminar_site.dev.watch import STEP_MS
from seminar_site.pipeline.build import BuildOptions, build
from tests.conftest import cli_env
from tests.test_incremental import make_site, write


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


@pytest.fixture
def session(site: Path) -> Iterator[Preview]:
    with preview(BuildOptions(root=site, out=site / "_site", workers=1), port=0) as running:
        yield running


def request(session: Preview, path: str, method: str = "GET") -> http.client.HTTPResponse:
    host, port = session.url.split("//")[1].rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest(method, path, skip_accept_encoding=True)  # the path is sent verbatim
    connection.endheaders()
    response = connection.getresponse()
    response.read() if method == "HEAD" else None
    return response


def get(session: Preview, path: str) -> tuple[int, str, bytes]:
    response = request(session, path)
    return response.status, response.getheader("Content-Type") or "", response.read()


def test_binds_localhost_by_default_and_serves_pages_uncached(session: Preview) -> None:
    assert session.url.startswith("http://127.0.0.1:")
    response = request(session, "/reports/alpha/")
    body = response.read().decode()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Cache-Control") == "no-store"
    assert "アルファ報告" in body and "/__seminar__/events" in body


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("x.webp", "image/webp"),
        ("x.avif", "image/avif"),
        ("x.svg", "image/svg+xml"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("x.css", "text/css; charset=utf-8"),
        ("x.js", "text/javascript; charset=utf-8"),
    ],
)
def test_mime_types(session: Preview, name: str, kind: str) -> None:
    if not (session.out / name).exists():
        (session.out / name).write_bytes(b"data")
    status, got, _body = get(session, "/" + name)
    assert (status, got) == (200, kind)


def test_missing_pages_get_the_404_page(session: Preview) -> None:
    status, kind, body = get(session, "/no/such/page.html")
    assert status == 404 and kind.startswith("text/html")
    assert body == (session.out / "404.html").read_bytes()


def test_a_folder_without_slash_redirects(session: Preview) -> None:
    response = request(session, "/reports/alpha")
    assert response.status == 301 and response.getheader("Location") == "/reports/alpha/"


def test_traversal_and_symlinks_out_of_the_folder_get_404(session: Preview, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret", encoding="utf-8")
    (session.out / "leak.txt").symlink_to(secret)
    (session.out / "leakdir").symlink_to(tmp_path)
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/reports/..%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/.seminar-site",
        "/%00index.html",
    ]:
        status, _kind, body = get(session, path)
        assert status == 404, path
        assert b"top secret" not in body and b"root:" not in body


def read_state(response: http.client.HTTPResponse, timeout: float = 15) -> dict[str, Any]:
    """The next `state` event of an event stream."""
    deadline = time.monotonic() + timeout
    event = ""
    while time.monotonic() < deadline:
        line = response.fp.readline().decode().rstrip("\n")
        if line.startswith("event: "):
            event = line[len("event: ") :]
        elif line.startswith("data: ") and event == "state":
            state: dict[str, Any] = json.loads(line[len("data: ") :])
            return state
    raise AssertionError("no state event in time")


def test_edits_reach_the_page_and_errors_come_and_go(session: Preview, site: Path) -> None:
    events = request(session, "/__seminar__/events")
    assert events.getheader("Content-Type") == "text/event-stream; charset=utf-8"
    first = read_state(events)
    assert first["errors"] == []
    write(site / "content/reports/alpha/talks/one.md", "保存した新しい一文。\n")
    state = read_state(events)
    assert state["epoch"] == first["epoch"] + 1
    assert "reports/alpha/index.html" in state["history"][-1]["changed"]
    assert "保存した新しい一文。" in get(session, "/reports/alpha/")[2].decode()

    report = site / "content/reports/alpha/report.yaml"
    good = report.read_text(encoding="utf-8")
    report.write_text(good.replace("published: 2021-02-24", "published: [2021"), "utf-8")
    broken = read_state(events)
    assert broken["epoch"] == state["epoch"]  # the last good build is still served
    assert any(e.startswith("content/reports/alpha/report.yaml:") for e in broken["errors"]), broken
    assert "保存した新しい一文。" in get(session, "/reports/alpha/")[2].decode()
    report.write_text(good, "utf-8")
    fixed = read_state(events)
    assert fixed["errors"] == []


class Batches:
    """The batches of changed files that the watcher hands to the rebuilder, each recorded
    when its build has finished (the watcher calls ``self.rebuild``: this spy)."""

    def __init__(self, session: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
        self.done: list[set[Path]] = []
        self._cond = threading.Condition()
        real = session.rebuilder.rebuild

        def spy(changes: Iterable[str] = ()) -> bool:
            batch = list(changes)
            try:
                return real(batch)
            finally:
                with self._cond:
                    self.done.append({Path(path).resolve() for path in batch})
                    self._cond.notify_all()

        monkeypatch.setattr(session.rebuilder, "rebuild", spy)

    def wait_for(self, ready: Callable[[list[set[Path]]], bool]) -> list[set[Path]]:
        with self._cond:
            assert self._cond.wait_for(lambda: ready(self.done), timeout=15), self.done
            return list(self.done)


def test_a_burst_of_saves_gives_one_build(
    session: Preview, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five saves within the watcher's quiet time (STEP_MS) are built once. After that build,
    one more save elsewhere: the watcher hands events over in order, so once that save is
    built, any part of the burst has been built too (before it, or with it)."""
    batches = Batches(session, monkeypatch)
    before = session.rebuilder.builds
    talk = site / "content/reports/beta/talks/one.md"
    for attempt in range(3):
        seen = len(batches.done)
        started = time.perf_counter_ns()
        for index in range(5):
            write(talk, f"版{attempt}-{index}\n")
        burst_ms = (time.perf_counter_ns() - started) / 1e6
        batches.wait_for(lambda done, seen=seen: len(done) > seen)
        marker = (site / f"content/reports/alpha/notes-{attempt}.txt").resolve()
        write(marker, "後の保存\n")
        done = batches.wait_for(lambda done, m=marker: any(m in batch for batch in done))
        if [talk.resolve() in batch for batch in done[seen:]] == [True, False]:
            break
        # Not the watcher's fault when this machine paused the five saves for longer than
        # the quiet time that ends a burst (a busy CI runner can): then two builds are right.
        assert burst_ms > STEP_MS, f"saves within {burst_ms:.1f} ms built twice: {done[seen:]}"
    else:  # the property cannot be seen on a machine this busy; nothing was shown wrong
        pytest.skip(f"three bursts of saves each took longer than {STEP_MS} ms (busy machine)")
    assert session.rebuilder.builds == before + len(batches.done)  # every build succeeded
    page = get(session, "/reports/beta/")[2].decode()
    assert f"版{attempt}-4" in re.sub(r"<[^>]+>", "", page)  # (0-4 is kept whole: a span)


def test_taken_port_moves_to_the_next_free_one(site: Path) -> None:
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    try:
        options = BuildOptions(root=site, out=site / "_site", workers=1)
        with preview(options, port=port, watch=False) as running:
            assert running.note is not None and f"port {port} is already in use" in running.note
            assert not running.url.endswith(f":{port}/")
            assert get(running, "/")[0] == 200
    finally:
        blocker.close()


def test_shutdown_leaves_no_threads_and_no_folder(site: Path) -> None:
    before = set(threading.enumerate())
    with preview(BuildOptions(root=site, out=site / "_site", workers=1), port=0) as running:
        events = request(running, "/__seminar__/events")  # an open stream must not block exit
        read_state(events)
        folder = running.out
        assert folder.is_dir()
    assert not folder.exists()
    deadline = time.monotonic() + 5
    for thread in set(threading.enumerate()) - before:  # e.g. a handler finishing its reply
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    assert set(threading.enumerate()) - before == set()


def test_content_error_at_start_shows_an_error_page_then_recovers(site: Path) -> None:
    report = site / "content/reports/alpha/report.yaml"
    good = report.read_text(encoding="utf-8")
    report.write_text(good.replace("title: アルファ報告", "titel: アルファ報告"), "utf-8")
    with preview(BuildOptions(root=site, out=site / "_site", workers=1), port=0) as running:
        status, _kind, body = get(running, "/")
        assert status == 404 and b"report.yaml:1:1" in body
        events = request(running, "/__seminar__/events")
        assert read_state(events)["errors"]
        report.write_text(good, "utf-8")
        assert read_state(events)["errors"] == []
        assert get(running, "/")[0] == 200


def test_build_output_never_has_the_reload_script(site: Path, session: Preview) -> None:
    out = site / "_site"
    build(BuildOptions(root=site, out=out, workers=1))
    pages = list(out.rglob("*.html"))
    assert len(pages) == 4
    assert all(b"__seminar__" not in page.read_bytes() for page in pages)
    assert all(b"__seminar__" in page.read_bytes() for page in session.out.rglob("*.html"))


def test_cli_serve_stops_cleanly_on_ctrl_c(site: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "seminar_site", "serve", "--root", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=cli_env(),
        text=True,
    )
    try:
        assert process.stdout is not None
        line = ""
        deadline = time.monotonic() + 30
        while "serving http://127.0.0.1:" not in line and time.monotonic() < deadline:
            line = process.stdout.readline()
        assert "serving http://127.0.0.1:" in line
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=20)[0]
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 0, rest
    assert "Traceback" not in rest
    assert not (site / ".seminar-cache" / "serve").exists()
