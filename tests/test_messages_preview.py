"""The preview speaks the language of messages (issue 12 item 2): the error page shown while
no build has succeeded, the overlay's words and ``lang``, and the terminal lines."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seminar_site import i18n
from seminar_site.dev.preview import preview
from seminar_site.dev.serve import Hub, bind, error_page
from seminar_site.errors import SiteError
from seminar_site.i18n import render
from seminar_site.pipeline.build import BuildOptions
from tests.conftest import cli_env
from tests.test_incremental import make_site
from tests.test_serve import get, read_state, request
from tests.test_serve_browser import browser_page

__all__ = ["browser_page"]  # the fixture, for the browser test below

WORDS = {
    "ja": {
        "title": "seminar-site: サイトを作れません",
        "heading": "サイトをまだ作れません",
        "advice": "下の問題を直して、ファイルを保存してください。",
        "not yet": "seminar-site: サイトをまだ作れません。",
        "last good": "seminar-site: 最後の編集ではサイトを作れません。"
        "表示しているのは、前回うまく作れたときのページです。",
        "summary": "件あります。まだ一度もサイトを作れていません。ファイルを直して、",
    },
    "en": {
        "title": "seminar-site: cannot build",
        "heading": "The site cannot be built yet",
        "advice": "Fix the problems below and save the file:",
        "not yet": "seminar-site: the site cannot be built yet.",
        "last good": "seminar-site: the last edit cannot be built; this is the last good version.",
        "summary": " error(s); no good build yet: fix the file and save again",
    },
}
OTHER = {"ja": "en", "en": "ja"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def break_report(site: Path) -> str:
    """An unknown key in alpha's report.yaml (line 1); returns the good text."""
    report = site / "content/reports/alpha/report.yaml"
    good = report.read_text(encoding="utf-8")
    report.write_text(good.replace("title: アルファ報告", "titel: アルファ報告"), "utf-8")
    return good


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_error_page_and_the_terminal_speak_the_language(site: Path, language: str) -> None:
    break_report(site)
    said: list[str] = []
    options = BuildOptions(root=site, out=site / "_site", workers=1)
    with i18n.using(language), preview(options, port=0, say=said.append, watch=False) as running:
        status, kind, body = get(running, "/")
        lines = [render(line) for line in said]
    html = body.decode()
    assert status == 404 and kind.startswith("text/html")
    assert html.startswith(f'<!DOCTYPE html>\n<html lang="{language}">')
    words, other = WORDS[language], WORDS[OTHER[language]]
    assert f"<title>{words['title']}</title>" in html
    assert f"<h1>{words['heading']}</h1>" in html
    assert words["advice"] in html and other["advice"] not in html
    assert "content/reports/alpha/report.yaml:1:1" in html
    assert lines[0].startswith(("エラー: " if language == "ja" else "error: ") + "content/")
    assert words["summary"] in lines[-1] and other["summary"] not in lines[-1]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_overlay_gets_its_words_and_lang_with_the_errors(site: Path, language: str) -> None:
    options = BuildOptions(root=site, out=site / "_site", workers=1)
    with i18n.using(language), preview(options, port=0) as running:
        events = request(running, "/__seminar__/events")
        first = read_state(events)
        assert first["errors"] == [] and first["overlay"]["lang"] == language
        good = break_report(site)
        broken = read_state(events)
        assert broken["overlay"] == {"lang": language, "notice": WORDS[language]["last good"]}
        assert broken["errors"][0].startswith("content/reports/alpha/report.yaml:1:1: ")
        (site / "content/reports/alpha/report.yaml").write_text(good, "utf-8")
        assert read_state(events)["errors"] == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_error_page_can_be_made_in_either_language(language: str) -> None:
    with i18n.using(OTHER[language]):  # the language given wins over the current one
        html = error_page(["a.yaml:1:1: x <y>"], language).decode()
    assert f'<html lang="{language}">' in html and WORDS[language]["heading"] in html
    assert "a.yaml:1:1: x &lt;y&gt;" in html


def test_no_free_port_is_a_user_error_in_the_language(tmp_path: Path) -> None:
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    try:
        with pytest.raises(SiteError) as taken:
            bind("127.0.0.1", port, tmp_path, Hub(), tries=1)
    finally:
        blocker.close()
    assert taken.value.message == f"ports {port}-{port} are all in use"
    with i18n.using("ja"):
        shown = taken.value.format()
    assert shown.startswith(f"ポート {port}-{port} はどれも") and "--port" in shown


def test_cli_serve_with_lang_ja_shows_the_error_page_in_japanese(site: Path) -> None:
    break_report(site)
    command = [sys.executable, "-m", "seminar_site", "--lang", "ja", "serve", "--root", str(site)]
    process = subprocess.Popen(
        [*command, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=cli_env(),
        text=True,
    )
    try:
        assert process.stdout is not None
        seen: list[str] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            seen.append(process.stdout.readline())
            found = re.search(r"(http://127\.0\.0\.1:\d+/) で表示しています", seen[-1])
            if found:
                break
        else:
            raise AssertionError("".join(seen))
        assert any(WORDS["ja"]["summary"] in line for line in seen), seen
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(found.group(1), timeout=10)
        html = missing.value.read().decode()
        assert '<html lang="ja">' in html and WORDS["ja"]["heading"] in html
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=20)[0]
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 0, rest
    assert "終了しました" in rest


@pytest.fixture
def japanese_session(site: Path) -> Iterator[Any]:
    options = BuildOptions(root=site, out=site / "_site", workers=1)
    with i18n.using("ja"), preview(options, port=0) as running:
        yield running


@pytest.mark.browser
def test_the_overlay_is_japanese_in_the_browser(
    browser_page: Any,
    japanese_session: Any,
    site: Path,
) -> None:
    page = browser_page
    page.goto(japanese_session.url + "reports/alpha/")
    page.wait_for_function("document.documentElement.dataset.seminarLive !== undefined")
    good = break_report(site)
    overlay = page.locator("#seminar-site-errors")
    overlay.wait_for(state="visible", timeout=15000)
    assert overlay.get_attribute("lang") == "ja"
    assert overlay.inner_text().startswith(WORDS["ja"]["last good"])
    assert "content/reports/alpha/report.yaml:1:1" in overlay.inner_text()
    (site / "content/reports/alpha/report.yaml").write_text(good, "utf-8")
    overlay.wait_for(state="detached", timeout=15000)
