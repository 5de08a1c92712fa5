"""Shared pieces of the form-editor browser tests (test_editor*.py): a running `serve` on a
copy of the bundled site, pages opened on /_edit/, photos made with Pillow, CDP IME input.

The server is the real one (`seminar_site.dev.preview.preview`, as `seminar-site serve`
starts it), the browser Debian's chromium (the `browser` fixture of conftest.py).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import REPO_ROOT
from tests.conftest import cli_env

MAKE_PHOTOS = REPO_ROOT.parent / "shared" / "tools" / "make_photos.py"


@dataclass(frozen=True)
class EditorSite:
    root: Path  # the site folder (content/ inside)
    url: str  # the preview, ending in '/'
    editor_url: str  # /_edit/ (with ?token=… when a login is needed)

    def report_file(self, slug: str) -> Path:
        return self.root / "content" / "reports" / slug / "report.yaml"


def _served(root: Path) -> Iterator[EditorSite]:
    from seminar_site.dev.preview import preview
    from seminar_site.pipeline.build import BuildOptions

    options = BuildOptions(root=root, out=root / "_site", workers=1)
    with preview(options, port=0) as running:
        yield EditorSite(root, running.url, running.editor_url or running.url + "_edit/")


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EditorSite]:
    """`serve` with its editor on a copy of the bundled site, for one test module."""
    root = tmp_path_factory.mktemp("editor-site")
    shutil.copytree(REPO_ROOT / "content", root / "content")
    yield from _served(root)


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EditorSite]:
    """The same, with `language: en` in site.yaml: the editor speaks English."""
    root = tmp_path_factory.mktemp("editor-site-en")
    shutil.copytree(REPO_ROOT / "content", root / "content")
    site = root / "content" / "site.yaml"
    text = site.read_text(encoding="utf-8")
    assert "\nlanguage: ja\n" in text
    site.write_text(text.replace("\nlanguage: ja\n", "\nlanguage: en\n"), encoding="utf-8")
    yield from _served(root)


def open_editor(browser: Any, site: EditorSite, hash_: str = "", **context: Any) -> Any:
    """A new page (in a new context) on the editor, ready: shapes and the list loaded.

    The context bypasses the page's Content-Security-Policy (unless ``bypass_csp=False``):
    Playwright's string predicates (``wait_for_function``) are evaluated with ``new
    Function``, which the editor's CSP (no 'unsafe-eval') refuses. The XSS tests are the
    stricter for it: a payload must run nowhere even without the CSP's help. The page under
    its real CSP is tested by test_editor_followup.py."""
    context.setdefault("bypass_csp", True)
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    page.goto(site.editor_url + hash_)
    page.wait_for_function("document.documentElement.dataset.ready === '1'", timeout=20000)
    if hash_.startswith("#/report/") or hash_ == "#/site":
        page.wait_for_selector("#editor-form")
    return page


def api(page: Any, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
    """Call the editor API from inside the page (same origin, with its CSRF token)."""
    result: dict[str, Any] = page.evaluate(
        """async ([method, path, payload]) => {
            const token = document.querySelector('meta[name="csrf-token"]').content;
            const init = {method, headers: {'X-CSRF-Token': token}};
            if (payload !== null) {
                init.headers['Content-Type'] = 'application/json';
                init.body = JSON.stringify(payload);
            }
            const r = await fetch(path, init);
            const text = await r.text();
            return {status: r.status, text};
        }""",
        [method, path, payload],
    )
    try:
        body = json.loads(result["text"]) if result["text"] else None
    except json.JSONDecodeError:
        body = result["text"]
    return result["status"], body


def create_report(page: Any, slug: str, title: str, date: str = "2025-11-08") -> None:
    status, body = api(
        page, "POST", "/_edit/api/reports", {"title": title, "date": date, "slug": slug}
    )
    assert status in (200, 201), body


def field_id(path: str) -> str:
    """The id the editor gives the control of a field path (editor.js idFor)."""
    return "f-" + path.replace(".", "--").replace("[", "-i").replace("]", "")


def issue_id(path: str) -> str:
    return "e-" + field_id(path)[2:]


def control(page: Any, path: str) -> Any:
    return page.locator(f"#{_css_id(field_id(path))}")


def issue(page: Any, path: str) -> Any:
    return page.locator(f"#{_css_id(issue_id(path))}")


def _css_id(value: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else f"\\{ch}" for ch in value)


def save(page: Any, draft: bool = False) -> None:
    """Press Save and wait for the server's answer (the status line changes)."""
    before = page.evaluate("document.documentElement.dataset.saved || ''")
    page.locator("#save-draft" if draft else "#save").click()
    page.wait_for_function(
        "(b) => (document.documentElement.dataset.saved || '') !== b", arg=before, timeout=20000
    )


def wait_idle(page: Any) -> None:
    """Wait until no editor request is in flight and none is waiting to be sent (validation,
    preview, dates); the preview frame's event stream does not count."""
    page.wait_for_function("window.seminarEditor.idle()", timeout=20000)
    page.wait_for_timeout(50)
    page.wait_for_function("window.seminarEditor.idle()", timeout=20000)


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seminar_site", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        env=cli_env(),
        check=False,
    )


# --------------------------------------------------------------------------- photos


def make_photos(folder: Path) -> list[Path]:
    """Two JPEGs (the shared phone-photo generator at scale 0.1 when it is beside the
    checkout, else Pillow) and one HEIC made from the first with pillow_heif."""
    folder.mkdir(parents=True, exist_ok=True)
    from PIL import Image

    jpegs: list[Path] = []
    if MAKE_PHOTOS.is_file():
        made = folder / "made"
        subprocess.run(
            [sys.executable, str(MAKE_PHOTOS), str(made), "-n", "2", "--scale", "0.1"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        jpegs = sorted(made.glob("*.jpg"))[:2]
    if len(jpegs) < 2:
        jpegs = []
        for index, colour in enumerate(((40, 90, 160), (160, 120, 40))):
            path = folder / f"会場の様子{index + 1}.jpg"
            image = Image.new("RGB", (480, 320), colour)
            for x in range(0, 480, 40):
                image.paste((250, 250, 250), (x, 100, x + 20, 200))
            image.save(path, "JPEG", quality=85)
            jpegs.append(path)
    try:
        import pillow_heif
    except ImportError:
        pytest.skip("pillow_heif is not installed (needed to make a HEIC test photo)")
    pillow_heif.register_heif_opener()
    heic = folder / "IMG_2001.HEIC"
    with Image.open(jpegs[0]) as source:
        source.convert("RGB").save(heic, format="HEIF", quality=60)
    return [*jpegs, heic]


# --------------------------------------------------------------------------- IME input


def type_with_ime(page: Any, steps: list[str], final: str) -> dict[str, Any]:
    """Type `final` into the focused control the way a Japanese IME does (CDP): a composition
    that grows through `steps`, then the committed text. Returns what the editor did while
    the composition was open (requests sent, whether the control was replaced)."""
    page.evaluate(
        """() => {
            window.__imeLog = {requests: [], replaced: false};
            const control = document.activeElement;
            control.__imeMark = true;
            const original = window.fetch;
            window.fetch = (...args) => {
                const url = String(args[0]);
                if (window.seminarEditor.composing()) window.__imeLog.requests.push(url);
                return original(...args);
            };
            window.__imeControl = control;
        }"""
    )
    cdp = page.context.new_cdp_session(page)
    try:
        for text in steps:
            cdp.send(
                "Input.imeSetComposition",
                {"text": text, "selectionStart": len(text), "selectionEnd": len(text)},
            )
            # Long enough for any debounced validation/autosave/preview to fire mid-word.
            page.wait_for_timeout(700)
        during = page.evaluate(
            """() => ({composing: window.seminarEditor.composing(),
                       replaced: !document.contains(window.__imeControl),
                       requests: window.__imeLog.requests.slice()})"""
        )
        cdp.send("Input.insertText", {"text": final})
    finally:
        cdp.detach()
    return dict(during)


def small_png(image: Any) -> bytes:
    """A screenshot squeezed for docs/images (256-colour PNG)."""
    from PIL import Image

    with Image.open(io.BytesIO(image)) as shot:
        out = io.BytesIO()
        shot.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
            out, "PNG", optimize=True
        )
        return out.getvalue()
