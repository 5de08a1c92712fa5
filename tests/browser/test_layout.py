"""Phone typography and the gallery's rows, measured in Debian's Chromium (issue 13).

Line boxes are read with Range.getClientRects(), not screenshots: a name with its honorific,
a time, a date, a number or an English word that spans two lines has rects on two lines.
The gallery's empty area is its box minus the boxes of its photos and their captions. Each
check runs at 320, 360, 390 and 1366 px on a Japanese and an English test site. A fenced
code block's long line scrolls inside the block, not the page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.browser.conftest import build_site, format_violations, run_axe

WIDTHS = (320, 360, 390, 1366)
SLUG = "layout"

NAMES = [  # (name, honorific, organisation): long, Latin and mixed names
    ("中村 健", "氏", "早稲田大学マニフェスト研究所"),
    ("佐藤 一郎", "氏", "国立研究開発法人 情報通信研究機構 ネットワーク研究所"),
    ("Jane Smith", "氏", "University of Cambridge"),
    ("Christopher Montgomery", "氏", "Department of Computer Science"),
    ("勅使河原 三郎太", "様", "一般社団法人 地域情報化推進協議会 データ利活用部会"),
]
TABLE = """
| 時間 | 内容 | Applications |
| --- | --- | --- |
| 13:00–13:30 | 開会挨拶とオリエンテーション | Participants |
| 13:30–15:00 | 基調講演「自治体におけるデジタル変革の現在地」 | Applications |
| 15:10–16:40 | パネルディスカッション（参加者数 1,234名、会場 138名） | Registrations |
"""
PROSE = (
    "2021年2月24日に公開したこの報告では、Interoperability と Accessibility の観点から、"
    "11月20日に行われた議論を 13:00 から 16:40 まで振り返ります。参加者は 389名でした。\n"
)
# A code block whose line is wider than any screen: it scrolls inside its block, never the page.
CODE = (
    "\n```python\n"
    "result = fetch('https://www.example.jp/api/v1/reports?year=2021&format=json"
    "&fields=title,date,venue,participants,applications')  # 集計\n"
    "```\n"
)
PHOTOS = {  # name: (width, height); shapes of every kind, a panorama and a tiny photo
    "p1.jpg": (3000, 4000),
    "l1.jpg": (4000, 3000),
    "l2.jpg": (4000, 2250),
    "p2.jpg": (2250, 4000),
    "pano.jpg": (12000, 1500),
    "l3.jpg": (4000, 3000),
    "tiny.jpg": (120, 68),
    "p3.jpg": (3000, 4000),
    "l4.jpg": (3000, 2000),
}


def photo_bytes(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


RECORDING_TITLES = {  # long enough to take three lines on a 320 px phone
    "ja": "パネルディスカッション「データで変わる窓口と政策づくり」の録画(全編、字幕付き)",
    "en": "Panel discussion on how data changes service counters and policy making "
    "(full recording)",
}


def report_yaml(language: str) -> str:
    speakers = "".join(
        f"          - name: {name}\n            honorific: {hon}\n            organisation: {org}\n"
        for name, hon, org in NAMES
    )
    photos = "".join(
        f"      - file: photos/{name}\n        alt: 会場の様子を写した写真 {n}\n"
        f"        caption: 会場の様子 {n}\n"
        for n, name in enumerate(PHOTOS, 1)
    )
    title = "Layout test report" if language == "en" else "表示の試験の報告"
    return (
        f"title: {title}\n"
        "lead: 11月20日に開催したシンポジウムの報告です。\n"
        "published: 2021-02-24\n"
        "body: narrative.md\n"
        "event:\n  name: 試験シンポジウム\n  format: online\n"
        "  co_organisers: [地域情報化推進協議会]\n  audience: 自治体職員\n"
        "  applications: 1234\n  participants: 389\n"
        "days:\n  - date: 2021-11-20\n    sessions:\n"
        "      - kind: パネル\n        title: パネルディスカッション\n"
        '        start: "13:00"\n        end: "16:40"\n'
        f"        speakers:\n{speakers}"
        "        recording:\n          url: https://www.youtube.com/watch?v=aqz-KE-bpKQ\n"
        f"          title: {RECORDING_TITLES[language]}\n"
        f"    photos:\n{photos}"
    )


def make_layout_site(root: Path, language: str) -> Path:
    files: dict[str, str | bytes] = {
        "content/site.yaml": f"title: 試験サイト\nlanguage: {language}\n"
        "base_url: https://example.jp/\norganiser:\n  name: 試験研究所\n",
        f"content/reports/{SLUG}/report.yaml": report_yaml(language),
        f"content/reports/{SLUG}/narrative.md": PROSE + TABLE + CODE,
    }
    for n, (name, size) in enumerate(PHOTOS.items()):
        files[f"content/reports/{SLUG}/photos/{name}"] = photo_bytes(size, (40 + 20 * n, 90, 140))
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return build_site(root, root / "site")


@pytest.fixture(scope="module", params=["ja", "en"])
def layout_url(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    serve: Callable[[Path], str],
) -> str:
    site = make_layout_site(tmp_path_factory.mktemp(f"layout-{request.param}"), request.param)
    return serve(site)


# Every piece that must stay on one line, as [kind, text, number of lines it spans]. Text
# nodes are searched for times, dates, numbers and Latin words; names are the .person spans.
SPLITS_JS = r"""
() => {
  const lines = (range) => {
    const tops = [];
    for (const r of range.getClientRects()) {
      if (r.width < 0.5) continue;
      const mid = (r.top + r.bottom) / 2;
      if (!tops.some((t) => Math.abs(t - mid) < r.height / 2)) tops.push(mid);
    }
    return tops.length;
  };
  const found = [];
  for (const person of document.querySelectorAll(".person")) {
    const range = document.createRange();
    range.selectNodeContents(person);
    found.push(["name", person.textContent, lines(range)]);
  }
  const pattern = new RegExp([
    "\\d{1,2}:\\d{2}", "\\d{4}年\\d{1,2}月\\d{1,2}日", "\\d{1,2}月\\d{1,2}日", "\\d[\\d,.]*",
    "[A-Za-z][A-Za-z'-]+",
  ].join("|"), "g");
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("script, style, .visually-hidden")) continue;
    for (const m of node.data.matchAll(pattern)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      found.push(["text", m[0], lines(range)]);
    }
  }
  for (const time of document.querySelectorAll("time")) {
    const range = document.createRange();
    range.selectNodeContents(time);
    found.push(["time", time.textContent, lines(range)]);
  }
  return found;
}
"""

GALLERY_JS = r"""
() => {
  const out = [];
  for (const gallery of document.querySelectorAll(".gallery")) {
    const box = gallery.getBoundingClientRect();
    let used = 0;
    const photos = [];
    for (const figure of gallery.querySelectorAll(".gallery-item")) {
      const img = figure.querySelector("img").getBoundingClientRect();
      const cap = figure.querySelector("figcaption");
      const c = cap ? cap.getBoundingClientRect() : {width: 0, height: 0};
      used += img.width * img.height + c.width * c.height;
      photos.push({w: img.width, h: img.height});
    }
    out.push({area: box.width * box.height, used, photos, width: box.width});
  }
  return out;
}
"""


def open_page(browser: Any, url: str, width: int, path: str = f"reports/{SLUG}/index.html") -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{url}{path}")
    page.evaluate("document.fonts.ready")
    page.evaluate(
        "() => Promise.all([...document.images].map((i) => (i.loading = 'eager', i.decode()"
        ".catch(() => null))))"
    )
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_names_times_numbers_and_words_stay_on_one_line(browser, layout_url, width) -> None:
    found = []
    for path in (f"reports/{SLUG}/index.html", "index.html"):  # the index card's date too
        page = open_page(browser, layout_url, width, path)
        try:
            found += page.evaluate(SPLITS_JS)
            scroll = page.evaluate("document.documentElement.scrollWidth")
        finally:
            page.close()
        assert scroll <= width, f"horizontal scroll at {width} px on {path} ({scroll} px)"
    names = [text for kind, text, _ in found if kind == "name"]
    assert len(names) >= len(NAMES), names
    assert {"13:00", "Applications", "Participants"} <= {text for _, text, _ in found}
    split = [(kind, text, n) for kind, text, n in found if n > 1]
    assert not split, f"at {width} px these span two lines: {split}"


@pytest.mark.parametrize("width", WIDTHS)
def test_gallery_rows_leave_little_empty_area(browser, layout_url, width) -> None:
    page = open_page(browser, layout_url, width)
    try:
        (gallery,) = page.evaluate(GALLERY_JS)
    finally:
        page.close()
    empty = 1 - gallery["used"] / gallery["area"]
    assert empty <= 0.15, f"{empty:.1%} of the gallery is empty at {width} px"
    shapes = list(PHOTOS.values())
    for (w, h), shown in zip(shapes, gallery["photos"], strict=True):
        assert shown["w"] <= min(w, 1600) + 0.5, shown  # never larger than its real size
        if w / h > 3:  # the panorama: cropped to 3:1 at most, never a sliver
            assert shown["h"] >= shown["w"] / 3 - 1 and shown["h"] >= 60, shown
        else:  # every other photo keeps its shape
            assert shown["w"] / shown["h"] == pytest.approx(w / h, rel=0.03), shown
    tiny = gallery["photos"][list(PHOTOS).index("tiny.jpg")]
    assert tiny["w"] <= 120.5 and tiny["h"] <= 68.5


FACADE_JS = r"""
() => Array.from(document.querySelectorAll(".recording-facade")).map((facade) => {
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width,
            height: r.height};
  };
  const icon = facade.querySelector(".recording-play .recording-icon");
  // The ▶ mark as drawn: the circle (the svg keeps its aspect and centres it in its box).
  const side = icon ? Math.min(icon.getBoundingClientRect().width,
                               icon.getBoundingClientRect().height) : 0;
  const ibox = box(icon);
  const circle = ibox && {left: ibox.left + (ibox.width - side) / 2,
                          right: ibox.left + (ibox.width + side) / 2,
                          top: ibox.top + (ibox.height - side) / 2,
                          bottom: ibox.top + (ibox.height + side) / 2, width: side, height: side};
  return {facade: box(facade), title: box(facade.querySelector(".recording-title")),
          icon: ibox, circle};
})
"""
VIDEO_HOSTS = re.compile(r"youtube|youtu\.be|ytimg|vimeo|googlevideo|doubleclick", re.I)


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return min(a["right"], b["right"]) > max(a["left"], b["left"]) and min(
        a["bottom"], b["bottom"]
    ) > max(a["top"], b["top"])


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["left"] >= outer["left"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
        and inner["top"] >= outer["top"] - 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_recording_title_never_covers_the_play_mark(browser, layout_url, width) -> None:
    """The facade's ▶ mark and its title are apart at every width, both inside the poster;
    the button is named with the title alone, and the video host hears nothing before a
    click (outside requests are refused here, and logged)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.route(
        lambda target: not target.startswith(layout_url),
        lambda route: route.abort("internetdisconnected"),
    )
    try:
        page.goto(f"{layout_url}reports/{SLUG}/index.html", wait_until="load")
        page.evaluate("document.fonts.ready")
        (facade,) = page.evaluate(FACADE_JS)
        lang = page.evaluate("document.documentElement.lang")
        button = page.get_by_role("button", name=RECORDING_TITLES[lang], exact=True)
        assert button.count() == 1 and button.is_visible()
        page.wait_for_load_state("networkidle")
    finally:
        page.close()
    assert [r for r in requests if VIDEO_HOSTS.search(r)] == []
    assert facade["icon"] is not None, "the play button has no ▶ mark of its own"
    title, circle = facade["title"], facade["circle"]
    assert circle["height"] >= 32, f"the ▶ mark is {circle['height']:.0f} px at {width} px"
    assert not _overlap(title, circle), f"at {width} px the title covers the ▶ mark: {facade}"
    assert _inside(title, facade["facade"]) and _inside(circle, facade["facade"]), facade


OVERVIEW_JS = r"""
() => Array.from(document.querySelectorAll(".overview dt")).map((dt) => {
  const range = document.createRange();
  range.selectNodeContents(dt);
  const rects = Array.from(range.getClientRects()).filter((r) => r.width >= 0.5);
  const tops = new Set(rects.map((r) => Math.round(r.top)));
  const box = dt.getBoundingClientRect();
  const right = Math.max(...rects.map((r) => r.right));
  return {text: dt.textContent, lines: tops.size, overflow: right - box.right};
})
"""
CODE_BOX_JS = r"""
() => {
  const pre = document.querySelector(".narrative pre");
  const box = pre.getBoundingClientRect();
  return {left: box.left, right: box.right, scroll: pre.scrollWidth, client: pre.clientWidth,
          page: document.documentElement.scrollWidth, text: pre.textContent};
}
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_overview_labels_stay_whole(browser, layout_url, width) -> None:
    """Every 開催概要 label on one line and inside its column: 「Applications」 and
    「Participants」 were split at 390 px by a 6em column (issue 13: no English word broken)."""
    page = open_page(browser, layout_url, width)
    try:
        labels = page.evaluate(OVERVIEW_JS)
    finally:
        page.close()
    assert len(labels) >= 7, labels  # 日時 形式 主催 共催 対象 申込数 参加者数
    broken = [label for label in labels if label["lines"] != 1 or label["overflow"] > 0.5]
    assert not broken, f"at {width} px: {broken}"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_code_line_scrolls_inside_its_block(browser, layout_url, width) -> None:
    page = open_page(browser, layout_url, width)
    try:
        box = page.evaluate(CODE_BOX_JS)
    finally:
        page.close()
    assert "fields=title,date,venue" in box["text"]  # the fence became a code block
    assert box["page"] <= width, f"the page scrolls sideways at {width} px ({box['page']} px)"
    assert box["left"] >= 0 and box["right"] <= width, box
    assert box["scroll"] > box["client"], f"the line wraps or is cut off at {width} px: {box}"


def test_a_code_block_that_scrolls_can_be_scrolled_from_the_keyboard(browser, layout_url) -> None:
    """axe's keyboard rules (scrollable-region-focusable): the block has tabindex="0"."""
    page = open_page(browser, layout_url, 320)
    try:
        violations = run_axe(page, ["cat.keyboard"])
    finally:
        page.close()
    assert violations == [], format_violations(violations)
