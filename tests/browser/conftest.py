"""Shared machinery for the real-browser publish checks.

Every check a test runs is a plain function defined here and handed out by a fixture, so the
fault-injection tests (test_checkers_catch_faults.py) exercise exactly the code the real checks
use. Chromium is Debian's (never a Playwright download); the site is built once per session.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, missing_tool
from tests.conftest import cli_env

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
VNU_NPM_JAR = REPO_ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

REPORT_SLUG = "2021-withcorona-dx"
SYMPOSIUM_SLUG = "2025-dx-symposium"  # the hybrid symposium: a material and a recording
PAGES = {
    "index": "index.html",
    "report": f"reports/{REPORT_SLUG}/index.html",
    "symposium": f"reports/{SYMPOSIUM_SLUG}/index.html",
}
VIEWPORTS = {"mobile": (390, 844), "desktop": (1366, 900)}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser/ is a browser test (`-m "not browser"` skips it)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------- site under test


def build_site(root: Path, out: Path) -> Path:
    """Run the real generator the way a user does (this checkout's code, installed or not);
    fail with its output on a non-zero exit."""
    proc = subprocess.run(
        [sys.executable, "-m", "seminar_site", "build", "--root", str(root), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env=cli_env(),
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"build exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}",
            pytrace=False,
        )
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled seed site, built once per session from a copy of content/ (so that its
    cache is not written into the checkout; the theme is the built-in one either way).

    SEMINAR_SITE_TEST_SITE may name an already-built output folder to check instead (useful for
    checking a deployed copy or a hand-edited build).
    """
    prebuilt = os.environ.get("SEMINAR_SITE_TEST_SITE")
    if prebuilt:
        return Path(prebuilt).resolve()
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(REPO_ROOT / "content", root / "content")
    return build_site(root, root / "site")


@pytest.fixture(scope="session")
def artifacts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots and PDFs go: $SEMINAR_SITE_ARTIFACTS, else a fresh temp folder."""
    configured = os.environ.get("SEMINAR_SITE_ARTIFACTS")
    folder = Path(configured) if configured else tmp_path_factory.mktemp("artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    _ARTIFACT_DIRS.append(folder)
    return folder


_ARTIFACT_DIRS: list[Path] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for folder in _ARTIFACT_DIRS:
        terminalreporter.write_line(f"browser-test artifacts (screenshots, PDFs): {folder}")


# --------------------------------------------------------------------------- HTTP server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def start_server(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on 127.0.0.1 at a free port from a daemon thread; returns (server, url)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host!s}:{port}/"


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Factory: serve(folder) -> base URL ending in '/'; all servers stop at session end."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def _serve(directory: Path) -> str:
        server, url = start_server(directory)
        servers.append(server)
        return url

    yield _serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path, serve: Callable[[Path], str]) -> str:
    return serve(built_site)


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian chromium driven by Playwright (sync API).

    Module-scoped on purpose: Playwright's sync API refuses to start while another instance is
    running in the thread, and other test modules (tests/test_lightbox_browser.py) start their
    own; a module-scoped instance is closed before the next module begins.
    """
    executable = str(CHROMIUM)
    if not Path(executable).exists():
        missing_tool(f"chromium not found at {executable} (set SEMINAR_SITE_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("the playwright Python package is not installed")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class PageLog:
    """Console errors, uncaught exceptions and failed or non-2xx/3xx requests seen by a page,
    and the address of every request it made."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"console: {m}" for m in self.console_errors] + [
            f"request: {r}" for r in self.failed_requests
        ]


def watch_page(page: Any) -> PageLog:
    """Attach listeners before navigating; the returned log fills as the page works."""
    log = PageLog()

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            where = msg.location.get("url", "") if msg.location else ""
            log.console_errors.append(f"{msg.text} [{where}]")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            log.failed_requests.append(f"{response.status} {response.url}")

    def on_request_failed(request: Any) -> None:
        # ERR_ABORTED is a cancellation (say, a favicon fetch cut short by the next goto); a
        # real failure shows as an HTTP status above or as its own error (ERR_FILE_NOT_FOUND).
        if request.failure != "net::ERR_ABORTED":
            log.failed_requests.append(f"{request.failure} {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.console_errors.append(f"uncaught: {exc}"))
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    return log


def load_all_images(page: Any) -> None:
    """Make lazy images load now and wait until every <img> has finished (or failed)."""
    page.evaluate(
        """async () => {
            const imgs = Array.from(document.images);
            for (const img of imgs) img.loading = 'eager';
            await Promise.all(imgs.map(img => img.complete ? null : new Promise(done => {
                img.addEventListener('load', done, {once: true});
                img.addEventListener('error', done, {once: true});
            })));
        }"""
    )


# --------------------------------------------------------------------------- axe-core


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Run the vendored axe-core on the loaded page; return its violations (WCAG 2.x A/AA tags).

    The script goes in through CDP Runtime.evaluate, which a page's Content-Security-Policy
    cannot block and which adds nothing to the DOM under test.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        result = cdp.send("Runtime.evaluate", {"expression": _axe_source()})
        if "exceptionDetails" in result:
            raise RuntimeError(f"axe-core failed to load: {result['exceptionDetails']}")
    finally:
        cdp.detach()
    options = {
        "runOnly": {"type": "tag", "values": tags or WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    violations: list[dict[str, Any]] = page.evaluate(
        """async (options) => {
            const r = await axe.run(document, options);
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                          summary: n.failureSummary}))
            }));
        }""",
        options,
    )
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            for line in (node["summary"] or "").splitlines():
                lines.append(f"        {line}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- internal references


class _RefParser(HTMLParser):
    """Collects href/src/srcset/poster values and element ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in ("href", "src", "poster"):
                self.refs.append((tag, name, value.strip()))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    url = candidate.strip().split()[0] if candidate.strip() else ""
                    if url:
                        self.refs.append((tag, name, url))


_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # http:, mailto:, data:, tel: ...


def _check_target(
    source: Path, site_root: Path, url: str, ids: set[str], root_path: str | None = None
) -> str | None:
    """None when `url` (found in `source`) resolves inside the site, else the problem.

    Root-relative URLs are a problem unless `root_path` (the site's published URL path) is
    given and they start with it: then they resolve from `site_root`.
    """
    if url.startswith("//") or _EXTERNAL.match(url):
        return None
    parts = urlsplit(url)
    if not parts.path:
        fragment = unquote(parts.fragment)
        if fragment and fragment != "top" and fragment not in ids:
            return f"{url!r}: no element with id {fragment!r} on the page"
        return None
    if parts.path.startswith("/"):
        if root_path is None or not parts.path.startswith(root_path):
            return f"{url!r}: root-relative URL (output URLs must be relative)"
        target = (site_root / unquote(parts.path[len(root_path) :])).resolve()
    else:
        target = (source.parent / unquote(parts.path)).resolve()
    root = site_root.resolve()
    if target != root and root not in target.parents:
        return f"{url!r}: points outside the site"
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"{url!r}: {target.relative_to(root)} does not exist"
    return None


def published_root_path(site_root: Path) -> str:
    """The URL path the site is published under, from robots.txt's Sitemap line ('/' if none)."""
    robots = site_root / "robots.txt"
    text = robots.read_text(encoding="utf-8") if robots.is_file() else ""
    match = re.search(r"^Sitemap:\s*(\S+)", text, re.MULTILINE | re.IGNORECASE)
    return urlsplit(match.group(1)).path.rpartition("/")[0] + "/" if match else "/"


def broken_refs(html_file: Path, site_root: Path, root_path: str | None = None) -> list[str]:
    """Every internal href/src/srcset in `html_file` whose target is missing from `site_root`.

    `root_path` allows root-relative URLs under that path (only 404.html needs them: servers
    show it at any depth, where relative URLs cannot work).
    """
    parser = _RefParser()
    parser.feed(html_file.read_text(encoding="utf-8"))
    parser.close()
    problems = []
    for tag, attr, url in parser.refs:
        problem = _check_target(html_file, site_root, url, parser.ids, root_path)
        if problem:
            problems.append(f"<{tag} {attr}> {problem}")
    return problems


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def broken_css_refs(css_file: Path, site_root: Path) -> list[str]:
    """Every internal url(...) in a stylesheet whose target is missing."""
    problems = []
    for match in _CSS_URL.finditer(css_file.read_text(encoding="utf-8")):
        url = match.group(2).strip()
        if url.startswith("#"):
            continue  # SVG filter/marker references
        problem = _check_target(css_file, site_root, url, set())
        if problem:
            problems.append(f"url() {problem}")
    return problems


# --------------------------------------------------------------------------- Nu HTML checker


def vnu_jar() -> Path | None:
    configured = os.environ.get("SEMINAR_SITE_VNU_JAR")
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    return VNU_NPM_JAR if VNU_NPM_JAR.is_file() else None


def run_vnu(jar: Path, files: list[Path]) -> list[dict[str, Any]]:
    """Nu checker errors for `files` (its JSON 'messages' of type 'error', or non-document)."""
    java = shutil.which("java")
    if java is None:
        missing_tool("java is not installed (needed by the Nu HTML checker)")
    proc = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # vnu writes its report to stderr; exit status is 1 when there are errors.
    raw = proc.stderr.strip() or proc.stdout.strip()
    try:
        report = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"vnu gave no JSON (exit {proc.returncode}):\n{raw[:2000]}") from exc
    messages: list[dict[str, Any]] = [
        m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")
    ]
    return messages


def format_vnu(messages: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{m.get('url', '?')}:{m.get('lastLine', '?')}:{m.get('lastColumn', '?')}: "
        f"{m.get('message')}  >>{(m.get('extract') or '').strip()[:120]}<<"
        for m in messages
    )


@pytest.fixture(scope="session")
def vnu() -> Callable[[list[Path]], list[dict[str, Any]]]:
    jar = vnu_jar()
    if jar is None:
        missing_tool(
            "Nu HTML checker jar not found: set SEMINAR_SITE_VNU_JAR or run "
            "`npm install --prefix .tools --ignore-scripts vnu-jar@<version>`"
        )
    return functools.partial(run_vnu, jar)
