"""Speakers' names in the running text and hyphenated Latin words (AI-OCR) are never broken
across lines on a phone (R18, issue 13), measured in Debian's Chromium with
Range.getClientRects() on the bundled report, whose narrative names its speakers
(「つくば市・三輪 修平氏」) and whose headings have 「RPA・AI-OCR活用」.

The names are the page's own speaker lines' (``.person .name``); each is looked for in the
text of the narrative and the summaries, with a space or none between its parts and its
honorific after it, as authors write them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import REPORT_SLUG

WIDTHS = (320, 360, 390)

# Every occurrence in <main>'s text of a known name (with 氏/さん/先生/様) or a hyphenated
# Latin word, with the number of lines it spans.
SPLITS_JS = r"""
() => {
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const names = [...new Set([...document.querySelectorAll(".speakers .person .name")]
    .map((el) => el.textContent.trim()).filter(Boolean))];
  const name = names.map((n) => n.split(/\s+/).map(esc).join("[ \u3000]?"))
    .map((n) => `${n}(?:[ \u3000]?(?:氏|さん|先生|様))?`);
  const pattern = new RegExp([...name, "[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+"].join("|"), "g");
  const lines = (range) => {
    const tops = [];
    for (const r of range.getClientRects()) {
      if (r.width < 0.5) continue;
      const mid = (r.top + r.bottom) / 2;
      if (!tops.some((t) => Math.abs(t - mid) < r.height / 2)) tops.push(mid);
    }
    return tops.length;
  };
  // The text as the reader sees it, across the spans a name may be wrapped in.
  const scope = document.querySelector("main");
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("script, style, .visually-hidden, pre, .speakers")) {
      text += "\n"; nodes.push([node, text.length, 0]); continue;
    }
    nodes.push([node, text.length, node.data.length]);
    text += node.data;
  }
  const at = (offset) => {
    for (const [node, start, length] of nodes) {
      if (length && offset >= start && offset <= start + length) return [node, offset - start];
    }
    return null;
  };
  const found = [];
  for (const m of text.matchAll(pattern)) {
    const start = at(m.index), end = at(m.index + m[0].length);
    if (!start || !end) continue;
    const range = document.createRange();
    range.setStart(...start);
    range.setEnd(...end);
    found.push([m[0], lines(range)]);
  }
  return {names, found};
}
"""


def splits(browser: Any, url: str, width: int) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(url)
        page.evaluate("document.fonts.ready")
        result: dict[str, Any] = page.evaluate(SPLITS_JS)
        return result
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_names_in_the_text_and_hyphenated_words_stay_on_one_line(browser, site_url, width) -> None:
    result = splits(browser, f"{site_url}reports/{REPORT_SLUG}/index.html", width)
    assert "三輪 修平" in result["names"], result["names"]
    texts = [text for text, _ in result["found"]]
    assert any(text.startswith("三輪") for text in texts), texts
    assert "AI-OCR" in texts, texts
    split = [(text, n) for text, n in result["found"] if n > 1]
    assert not split, f"at {width} px these span two lines: {split}"
