"""The HTML a CMS editor keeps: a small set of tags, a few attributes, headings moved down.

CMS body editors (TinyMCE, CKEditor) drop classes, inline styles, ids and scripts, and turn
unknown elements into paragraphs, often in ways that lose text. The fragment is written in
their vocabulary from the start: ``clean`` keeps the tags below, unwraps the others
(section, div, span, time …: their text stays), drops the ones whose content is no text for
a reader (script, style, iframe …), and moves every heading by ``shift`` levels. Blank lines
and trailing spaces go, except inside <pre> (a code block), where every character counts.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser

KEPT = {
    "p", "ul", "ol", "li", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "a", "img", "strong", "em", "b", "i", "br", "blockquote", "code", "pre", "sup", "sub", "del",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
ATTRIBUTES = {
    "a": ("href",),
    "img": ("src", "alt", "width", "height"),
    "th": ("scope", "colspan", "rowspan"),
    "td": ("colspan", "rowspan"),
    "ol": ("start",),
}
DROPPED = {"script", "style", "template", "iframe", "object", "embed", "noscript", "button"}
AS_PARAGRAPH = {"dt", "dd", "figcaption", "summary"}  # a block of text that keeps its break
VOID = {"img", "br", "hr", "source", "wbr", "input", "meta", "link"}
HEADINGS = {f"h{n}" for n in range(1, 7)}


class HeadingTooDeep(ValueError):
    """A heading would go below h6: ``deepest`` is the level it would need."""

    def __init__(self, deepest: int) -> None:
        super().__init__(deepest)
        self.deepest = deepest


def clean(fragment: str, shift: int = 0, link: Callable[[str], str | None] | None = None) -> str:
    """``fragment`` with only the kept tags and attributes; headings moved by ``shift``.

    ``link(href)``: the address a link should have, or None to keep only its text (e.g. a
    ``#fragment`` of the page, whose ids the fragment does not have).
    """
    cleaner = _Cleaner(shift, link)
    cleaner.feed(fragment)
    cleaner.close()
    if cleaner.deepest + shift > 6:
        raise HeadingTooDeep(cleaner.deepest + shift)
    return cleaner.result()


class _Cleaner(HTMLParser):
    def __init__(self, shift: int, link: Callable[[str], str | None] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.shift = shift
        self.link = link
        self.out: list[str] = []
        self.stack: list[str] = []  # the end tag to write for each open element ("" if none)
        self.dropping = 0
        self.deepest = 0  # the deepest heading level as written
        self.outer: list[str] = []  # self.out while a <pre> is being written
        self.blocks: list[str] = []  # each <pre>…</pre> as written, kept out of result's tidying

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping or tag in DROPPED:
            if tag not in VOID:
                self.dropping += 1
            return
        if tag == "pre" and "</pre>" not in self.stack:
            self.outer, self.out = self.out, []
        written = self._start(tag, dict(attrs))
        if tag not in VOID:
            self.stack.append(written)

    def _start(self, tag: str, attrs: dict[str, str | None]) -> str:
        if tag in HEADINGS:
            self.deepest = max(self.deepest, int(tag[1]))
            tag = f"h{min(int(tag[1]) + self.shift, 6)}"
        elif tag in AS_PARAGRAPH:
            tag = "p"
        elif tag not in KEPT:
            return ""
        kept = {name: attrs.get(name) for name in ATTRIBUTES.get(tag, ())}
        if tag == "th" and not kept.get("scope"):  # Markdown's tables have none
            kept["scope"] = "col" if "</thead>" in self.stack else "row"
        if tag == "a":
            href = kept.get("href") or ""
            target = self.link(href) if self.link is not None else href
            if target is None:
                return ""
            kept["href"] = target
        text = "".join(
            f' {name}="{html.escape(value, quote=True)}"'
            for name, value in kept.items()
            if value is not None
        )
        self.out.append(f"<{tag}{text}>")
        return "" if tag in VOID else f"</{tag}>"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping or tag in DROPPED:
            return
        self._start(tag, dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.dropping:
            self.dropping -= 1
            return
        if self.stack:
            self._end(self.stack.pop())

    def _end(self, written: str) -> None:
        self.out.append(written)
        if written == "</pre>" and "</pre>" not in self.stack:
            # A placeholder that no text can be (text is escaped, comments are not written).
            self.outer.append(f"<!--pre {len(self.blocks)}-->")
            self.blocks.append("".join(self.out))
            self.out = self.outer

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        while self.stack:
            self._end(self.stack.pop())
        lines = "".join(self.out).splitlines()
        tidy = "\n".join(line.rstrip() for line in lines if line.strip()) + "\n"
        for number, block in enumerate(self.blocks):
            tidy = tidy.replace(f"<!--pre {number}-->", block, 1)
        return tidy
