"""Saves survive a killed server (issue 14, faults): `seminar-site serve` SIGKILLed at random
moments while the editor saves leaves report.yaml as the old or the new version, never a mix,
and its history holds only whole versions."""

from __future__ import annotations

import http.client
import json
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from seminar_site.editor.store import TEMP_SUFFIX, version_of
from tests.conftest import cli_env
from tests.test_incremental import make_site

KILLS = 50


def start(root: Path) -> tuple[subprocess.Popen[str], int]:
    command = [sys.executable, "-m", "seminar_site", "serve", "--root", str(root), "--port", "0"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=cli_env(), text=True
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        found = re.search(r"editor: http://127\.0\.0\.1:(\d+)/_edit/", line)
        if found:
            threading.Thread(target=process.stdout.read, daemon=True).start()  # drain
            return process, int(found.group(1))
        assert line or process.poll() is None, "serve ended before printing the editor URL"
    raise AssertionError("serve did not start in time")


def prepare(port: int, title: str) -> tuple[str, dict[str, str]]:
    """The PUT body and headers of a save of ``title``, as the editor's page sends them."""
    link = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    link.request("GET", "/_edit/")
    page = link.getresponse().read().decode()
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page)
    link.request("GET", "/_edit/api/reports/alpha")
    loaded = json.loads(link.getresponse().read())
    loaded["data"]["title"] = title
    body = json.dumps({"data": loaded["data"], "version": loaded["version"]})
    headers = {
        "Origin": f"http://127.0.0.1:{port}",
        "X-CSRF-Token": csrf.group(1) if csrf else "",
        "Content-Type": "application/json",
    }
    return body, headers


def save(port: int, body: str, headers: dict[str, str], result: list[int]) -> None:
    try:
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        link.request("PUT", "/_edit/api/reports/alpha", body=body, headers=headers)
        result.append(link.getresponse().status)
    except (OSError, http.client.HTTPException):
        result.append(0)  # killed before it answered


@pytest.mark.slow
def test_sigkill_during_saves_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    report = root / "content/reports/alpha/report.yaml"
    chance = random.Random(14)
    current = report.read_text(encoding="utf-8")
    title = "アルファ報告"
    saved = killed_mid = 0
    for kill in range(KILLS):
        process, port = start(root)
        new_title = f"版{kill}の題名"
        new = current.replace(f"title: {title}\n", f"title: {new_title}\n", 1)
        assert new != current
        body, headers = prepare(port, new_title)
        result: list[int] = []
        worker = threading.Thread(target=save, args=(port, body, headers, result))
        worker.start()
        time.sleep(chance.uniform(0.0, 0.04))  # a save takes 10-40 ms here
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)
        worker.join(timeout=30)
        text = report.read_text(encoding="utf-8")
        assert text in (current, new), f"kill {kill}: a mix of two versions"
        if result == [200]:
            assert text == new  # an answered save is on disk
        if text == new:
            saved += 1
            killed_mid += result != [200]
            current, title = new, new_title
    print(f"{saved} of {KILLS} saves reached the disk, {killed_mid} of them unanswered")
    assert 0 < saved < KILLS, saved  # the kills landed before, during and after saves
    history = root / ".seminar-editor/history"
    for version in history.rglob("*"):
        if version.is_file() and not version.name.startswith("."):  # a temp is never listed
            data = version.read_bytes()
            assert version.name.endswith(version_of(data)[:16])  # whole, as written
    leftovers = list(root.rglob(f"*{TEMP_SUFFIX}"))
    process, _port = start(root)  # the next start clears temp files of killed saves
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)
    assert not list(root.rglob(f"*{TEMP_SUFFIX}")), leftovers
