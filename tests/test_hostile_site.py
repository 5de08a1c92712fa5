"""Hostile text: XSS payloads in every YAML text field and in every Markdown file.

The payload site defined here is also loaded in a real browser by tests/browser/test_xss.py.
These tests check the built HTML statically (parsed, not grepped): no script but ours, no
event-handler attribute, no dangerous URL, no frame/object/style/meta-refresh from content,
and feed.xml/sitemap.xml still parse. A payload that "works" sets ``window.__xss``, logs
XSS-MARKER, opens a dialog or appends ``<div id="pwned">``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from seminar_site.content.markdown import DateContext, MarkdownRenderer

ROOT = Path(__file__).resolve().parents[1]
HIT = (
    "window.__xss=1;console.log('XSS-MARKER');"
    "document.body.appendChild(Object.assign(document.createElement('div'),{id:'pwned'}))"
)

# Payloads placed in YAML text fields (rendered through Jinja autoescape, or inline Markdown).
TEXT_PAYLOADS = [
    f"<script>{HIT}</script>",
    f'"><script>{HIT}</script>',
    f'\'><img src=x onerror="{HIT}">',
    f'" onmouseover="{HIT}" x="',
    f"' autofocus onfocus='{HIT}' x='",
    f"</title><script>{HIT}</script>",
    f"</script><script>{HIT}</script>",
    f'<svg onload="{HIT}">',
    f'<iframe srcdoc="<script>parent.{HIT}</script>"></iframe>',
    "{{ 7*7 }}{% raw %}",
    f"<style>@import 'javascript:{HIT}';</style>",
    f"javascript:{HIT}",
    f'<details open ontoggle="{HIT}">',
    f'<body onload="{HIT}">',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{HIT}">',
    f'<input autofocus onfocus="{HIT}">',
    f'<video><source onerror="{HIT}"></video>',
    f'<noscript><p title="</noscript><img src=x onerror={HIT}>">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{HIT}">',
    f"<scr<script>ipt>{HIT}</script>",
]

# Payloads placed in Markdown files (and inline Markdown: lead, summary).
MARKDOWN_PAYLOADS = [
    f"<script>{HIT}</script>",
    f'<img src="x" onerror="{HIT}">',
    f'<svg onload="{HIT}"><circle r="5"/></svg>',
    f'<iframe src="javascript:parent.{HIT}"></iframe>',
    f"<style>body{{background:url('javascript:{HIT}')}}</style>",
    f"[click me](javascript:{HIT})",
    "[data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==)",
    f'<a href="javascript:{HIT}">raw link</a>',
    f'<a href="&#106;avascript:{HIT}">entity link</a>',
    f'<a href=" jav&#x09;ascript:{HIT}">tab link</a>',
    f"![img](javascript:{HIT})",
    f'![img](x" onerror="{HIT})',
    f'[x](https://example.jp/" onclick="{HIT})',
    f'paragraph with attribute\n{{: onmouseover="{HIT}" }}',
    f'<object data="javascript:{HIT}"></object>',
    f'<embed src="data:text/html,<script>parent.{HIT}</script>">',
    f'<form><button formaction="javascript:{HIT}">go</button></form>',
    '<base href="javascript:/">',
    f'<svg><animate onbegin="{HIT}" attributeName="x" dur="1s"/></svg>',
    f'<!--<img src="--><img src=x onerror="{HIT}//">',
    f'<textarea></textarea><img src=x onerror="{HIT}">',
    f"<javascript:{HIT}>",
    f'<div style="background:url(javascript:{HIT})">styled</div>',
    f'<a href="vbscript:{HIT}">vb</a>',
    '<img src=x:alert(1) onerror="eval(src)">',
    # Fenced code blocks: the code is escaped, the language tag and attribute list are
    # attributes, which the sanitiser filters like any other.
    f"```html\n<script>{HIT}</script>\n```",
    f'```{{ .js onclick="{HIT}" }}\nx\n```',
    f'```"><img src=x onerror="{HIT}">\nx\n```',
    f'~~~{{ #x" onmouseover="{HIT} }}\n</code></pre><svg onload="{HIT}">\n~~~',
]
ALL_PAYLOADS = len(TEXT_PAYLOADS) + len(MARKDOWN_PAYLOADS)


def _q(text: str) -> str:
    """A YAML double-quoted scalar holding ``text`` exactly."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _md(payloads: list[str]) -> str:
    return "\n\n".join(f"## 見出し{i}\n\n本文{i}。\n\n{p}" for i, p in enumerate(payloads))


def xss_site_files(trusted_html: bool = False) -> dict[str, str | bytes]:
    """A site whose every text field and Markdown file carries payloads (plus a real photo)."""
    import io

    from PIL import Image

    t = TEXT_PAYLOADS
    m = MARKDOWN_PAYLOADS
    photo = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 120, 200)).save(photo, "JPEG", quality=80)
    site = (
        f"title: {_q('サイト' + t[0])}\n"
        "language: ja\n"
        "base_url: https://example.jp/\n"
        f"description: {_q(t[1])}\n"
        f"back_link: {{label: {_q(t[2])}, url: 'https://example.jp/'}}\n"
        f"organiser: {{name: {_q(t[3])}}}\n"
        f"contact: {{unit: {_q(t[4])}, email: {_q(t[5])}, phone: {_q(t[6])}}}\n"
        f"honorific: {_q(t[7])}\n"
        f"trusted_html: {'true' if trusted_html else 'false'}\n"
    )
    report = (
        f"title: {_q('報告' + t[8])}\n"
        f"lead: {_q('リード' + m[0] + m[5])}\n"
        f"description: {_q(t[9])}\n"
        "published: 2021-02-24\n"
        "event:\n"
        f"  name: {_q(t[10])}\n"
        "  format: hybrid\n"
        f"  venue: {_q(t[11])}\n"
        f"  address: {_q(t[12])}\n"
        f"  audience: {_q(t[13])}\n"
        f"  co_organisers: [{_q(t[14])}]\n"
        f"  organiser: {{name: {_q(t[15])}}}\n"
        "body: body.md\n"
        "days:\n"
        "  - date: 2021-01-22\n"
        f"    label: {_q(t[16])}\n"
        "    sessions:\n"
        f"      - kind: {_q(t[17])}\n"
        f"        title: {_q(t[18])}\n"
        "        speakers:\n"
        f"          - name: {_q(t[19])}\n"
        f"            organisation: {_q(t[0])}\n"
        f"            department: {_q(t[1])}\n"
        f"            role: {_q(t[2])}\n"
        f"            honorific: {_q(t[3])}\n"
        "        summary_file: talk.md\n"
        "      - kind: 事例\n"
        f"        title: {_q(t[4])}\n"
        "        speakers:\n"
        f"          - name: {_q(t[5])}\n"
        "            affiliations:\n"
        f"              - {{organisation: {_q(t[6])}, department: {_q(t[7])}, role: {_q(t[8])}}}\n"
        f"        summary: {_q(_md(m[1:4]))}\n"
        "    photos:\n"
        "      - file: photo.jpg\n"
        f"        alt: {_q(t[9])}\n"
        f"        caption: {_q(t[10])}\n"
        f"        credit: {_q(t[11])}\n"
        "        consent: not-identifiable\n"
    )
    return {
        "content/site.yaml": site,
        "content/reports/x1/report.yaml": report,
        "content/reports/x1/body.md": _md(m[:13]),
        "content/reports/x1/talk.md": _md(m[13:]),
        "content/reports/x1/photo.jpg": photo.getvalue(),
    }


def build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seminar_site", "build", "--root", str(root), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
    )


# ------------------------------------------------------------------ static checks

OUR_SCRIPTS = {"application/ld+json"}
DANGEROUS_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "form", "base"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcdoc"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_body = True  # a fragment is body content; a page turns this off at <head>
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("head", "body"):
            self.in_body = tag == "body"
        if tag == "script":
            self.scripts.append(values)
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag in ("style", "meta", "link") and self.in_body:
            self.problems.append(f"<{tag}> in body")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("meta refresh")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name == "id" and value == "pwned":
                self.problems.append("element with id pwned")
            if name == "style" and value and "javascript" in value.lower():
                self.problems.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRS and value is not None:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"<{tag} {name}={value!r}>")


def html_problems(html: str) -> list[str]:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    problems = parser.problems
    for attrs in parser.scripts:
        if attrs.get("type") in OUR_SCRIPTS:
            continue
        src = attrs.get("src") or ""
        if not re.fullmatch(r"(\.\./)*assets/js/[\w.-]+\.js", src):
            problems.append(f"foreign <script {attrs}>")
    return problems


@pytest.fixture(scope="module")
def xss_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import write_files

    root = write_files(tmp_path_factory.mktemp("xss"), xss_site_files())
    out = root / "_site"
    proc = build(root, out)
    assert proc.returncode == 0, proc.stderr
    return out


def test_at_least_thirty_payloads() -> None:
    assert ALL_PAYLOADS >= 30


def test_every_payload_reached_the_site() -> None:
    files = xss_site_files()
    report = str(files["content/reports/x1/report.yaml"]) + str(files["content/site.yaml"])
    markdown = str(files["content/reports/x1/body.md"]) + str(files["content/reports/x1/talk.md"])
    for payload in TEXT_PAYLOADS:
        assert _q(payload) in report
    for payload in MARKDOWN_PAYLOADS:
        assert payload in markdown or _q(_md(MARKDOWN_PAYLOADS[1:4]))[1:-1] in report


@pytest.mark.parametrize("page", ["index.html", "reports/x1/index.html", "404.html"])
def test_built_pages_hold_no_active_content(xss_build: Path, page: str) -> None:
    html = (xss_build / page).read_text(encoding="utf-8")
    assert html_problems(html) == []


def test_text_payloads_show_as_text(xss_build: Path) -> None:
    """Autoescaped, not dropped: a reader sees exactly what the author typed."""
    html = (xss_build / "reports/x1/index.html").read_text(encoding="utf-8")
    text = _visible_text(html)
    for payload in (TEXT_PAYLOADS[0], TEXT_PAYLOADS[3], TEXT_PAYLOADS[9]):
        assert payload in text


def test_feed_and_sitemap_stay_well_formed(xss_build: Path) -> None:
    feed = ET.parse(xss_build / "feed.xml").getroot()
    assert any("<script>" in (el.text or "") for el in feed.iter())
    ET.parse(xss_build / "sitemap.xml")


def _visible_text(html: str) -> str:
    class Text(HTMLParser):
        parts: list[str]

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text(convert_charrefs=True)
    parser.parts = []
    parser.feed(html)
    return "".join(parser.parts)


# ------------------------------------------------------------------ the sanitiser itself

CONTEXT = DateContext("ja", 2021)


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS + TEXT_PAYLOADS)
def test_markdown_output_is_sanitised(payload: str) -> None:
    renderer = MarkdownRenderer()
    for html in (
        renderer.block(payload, CONTEXT),
        renderer.inline(payload, CONTEXT),
        renderer.block(f"- item {payload}\n\n> {payload}\n", CONTEXT, base_level=4),
    ):
        assert html_problems(html) == [], html
        assert "<script" not in html and "<style" not in html


def test_safe_markup_survives_sanitising() -> None:
    renderer = MarkdownRenderer()
    html = renderer.block(
        "## 見出し\n\n**強調** [リンク](https://example.jp/a?b=1) <mark>印</mark> "
        "[メール](mailto:info@example.jp)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "文[^1]\n\n[^1]: 注\n",
        CONTEXT,
    )
    for fragment in (
        "<h2",
        "<strong>強調</strong>",
        'href="https://example.jp/a?b=1"',
        "<mark>印</mark>",
        'href="mailto:info@example.jp"',
        "<table>",
        'class="footnote"',
    ):
        assert fragment in html


def test_trusted_html_keeps_raw_html() -> None:
    payload = '<script>window.x=1</script><iframe src="https://example.jp/"></iframe>'
    assert "<script>window.x=1</script>" in MarkdownRenderer(trusted_html=True).block(
        payload, CONTEXT
    )
    assert "<script" not in MarkdownRenderer(trusted_html=False).block(payload, CONTEXT)
