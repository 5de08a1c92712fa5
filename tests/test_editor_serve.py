"""The editor inside `seminar-site serve`: one port, the /_edit/ URL printed on start, a save
rebuilding the preview through the live reload, the token of a non-loopback --host, and a
build that never imports the server's stack."""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from seminar_site.dev.preview import Preview, preview
from seminar_site.pipeline.build import BuildOptions
from tests.conftest import cli_env
from tests.test_cli_fast import age
from tests.test_editor_api import SLUGS, bundled_site
from tests.test_serve import read_state, request

SERVER_STACK = ("starlette", "uvicorn", "ruamel", "multipart", "python_multipart", "pykakasi")
PROBE = f"""
import sys
from seminar_site import cli
code = cli.main(sys.argv[1:])
print("stack:", ",".join(sorted(m for m in {SERVER_STACK!r} if m in sys.modules)))
sys.exit(code)
"""


def test_build_never_imports_the_servers_stack(tmp_path: Path) -> None:
    root = bundled_site(tmp_path)
    command = [sys.executable, "-c", PROBE, "build", "--root", str(root)]
    for attempt in range(3):  # a full build, then no-change builds
        result = subprocess.run(command, env=cli_env(), capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert "stack: \n" in result.stdout, (attempt, result.stdout)
        age(root)
    assert "nothing changed" in result.stdout


def connection(session: Preview) -> tuple[http.client.HTTPConnection, str]:
    host, port = session.url.split("//")[1].rstrip("/").rsplit(":", 1)
    return http.client.HTTPConnection(host.strip("[]"), int(port), timeout=30), f"{host}:{port}"


def csrf_of(session: Preview) -> str:
    page = request(session, "/_edit/").read().decode()
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found is not None, page[:300]
    return found.group(1)


def call(session: Preview, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    link, origin = connection(session)
    headers = {"Origin": f"http://{origin}", "X-CSRF-Token": csrf_of(session)}
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        headers["Content-Type"] = "application/json"
    link.request(method, path, body=data, headers=headers)
    answer = link.getresponse()
    return answer.status, json.loads(answer.read() or b"null")


def test_a_save_in_the_editor_rebuilds_the_preview_on_the_same_port(tmp_path: Path) -> None:
    root = bundled_site(tmp_path)
    with preview(BuildOptions(root=root, out=root / "_site", workers=1), port=0) as session:
        assert session.editor_url == session.url + "_edit/"
        events = request(session, "/__seminar__/events")
        first = read_state(events)
        status, loaded = call(session, "GET", f"/_edit/api/reports/{SLUGS[0]}")
        assert status == 200
        loaded["data"]["title"] = "エディターで直した題名"
        put = {"data": loaded["data"], "version": loaded["version"]}
        status, saved = call(session, "PUT", f"/_edit/api/reports/{SLUGS[0]}", put)
        assert status == 200 and saved["files_changed"], saved
        state = read_state(events)
        while state["epoch"] == first["epoch"]:
            state = read_state(events)
        page = request(session, f"/reports/{SLUGS[0]}/").read().decode()
        assert "エディターで直した題名" in page
        assert request(session, "/").status == 200  # the preview as before
        moved = request(session, "/_edit")
        assert moved.status == 301 and moved.getheader("Location") == "/_edit/"


def test_a_non_loopback_host_prints_a_token_url_and_refuses_without_it(tmp_path: Path) -> None:
    root = bundled_site(tmp_path)
    options = BuildOptions(root=root, out=root / "_site", workers=1)
    with preview(options, host="0.0.0.0", port=0, watch=False) as session:
        assert "/_edit/?token=" in session.editor_url
        port = session.url.rstrip("/").rsplit(":", 1)[1]
        link = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
        link.request("GET", "/_edit/api/shapes")
        assert link.getresponse().status == 403
        link = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
        token = session.editor_url.split("?token=")[1]
        link.request("GET", f"/_edit/?token={token}")
        answer = link.getresponse()
        assert answer.status == 303 and "HttpOnly" in (answer.getheader("Set-Cookie") or "")
        cookie = (answer.getheader("Set-Cookie") or "").split(";")[0]
        link = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
        link.request("GET", "/")
        assert link.getresponse().status == 403  # the preview needs the login too
        assert session.shown_url.endswith(f"/?token={token}")
        link = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
        link.request("GET", "/", headers={"Cookie": cookie})
        assert link.getresponse().status == 200  # logged in: the preview
        link = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
        link.request("GET", "/", headers={"Host": "evil.example"})
        assert link.getresponse().status == 403  # nor does it answer a rebound name


def test_cli_serve_prints_the_editor_url(tmp_path: Path) -> None:
    root = bundled_site(tmp_path)
    command = [sys.executable, "-m", "seminar_site", "serve", "--root", str(root), "--port", "0"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=cli_env(), text=True
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while not any("editor: http://" in line for line in lines):
            assert time.monotonic() < deadline, lines
            lines.append(process.stdout.readline())
        url = next(line for line in lines if "editor: http://" in line).split("editor: ")[1]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/_edit/\n", url), url
        host, port = url.split("//")[1].split("/")[0].split(":")
        link = http.client.HTTPConnection(host, int(port), timeout=30)
        link.request("GET", "/_edit/")
        answer = link.getresponse()
        assert answer.status == 200 and b'name="csrf-token"' in answer.read()
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=30)[0]
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 0 and "Traceback" not in rest
