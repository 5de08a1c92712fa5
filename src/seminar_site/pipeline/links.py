"""The links, image sources and ids of a would-be page, for check's broken-link lint.

``page_links`` reads them with a few regular expressions: the pages are the render stage's
own output (templates with autoescaping, sanitised Markdown), whose tags are well formed, and
it is about ten times faster than ``html.parser`` (half of ``check``'s time on 100 reports
went there). ``page_links_parsed`` is the slow, general reading it replaces; a differential
test (tests/test_links.py) keeps the two equal on real pages and on hostile ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

URL_ATTRIBUTES = frozenset({"href", "src"})
HINT_RELS = ("canonical", "alternate", "preconnect")  # <link>s that point at the public URL


@dataclass
class Links:
    urls: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


# Text that is not markup: comments, and the raw text of script and style elements.
_SKIPPED = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def page_links(html: bytes) -> Links:
    text = html.decode("utf-8")
    if "<script" in text or "<style" in text or "<!--" in text:
        text = _SKIPPED.sub(_keep_open_tag, text)
    found = Links()
    for tag_match in _TAG.finditer(text):
        inside = tag_match.group(2)
        lowered = inside.lower()
        if "id" not in lowered and "src" not in lowered and "href" not in lowered:
            continue  # most tags: nothing to collect, no attribute to read
        attrs = [_attribute(m) for m in _ATTRIBUTE.finditer(inside)]
        _collect(found, tag_match.group(1).lower(), attrs)
    return found


def _attribute(match: re.Match[str]) -> tuple[str, str | None]:
    name, double, single, bare = match.groups()
    value = double if double is not None else single if single is not None else bare
    if value is None:
        return name.lower(), None
    return name.lower(), unescape(value) if "&" in value else value


def _keep_open_tag(match: re.Match[str]) -> str:
    """A script or style element keeps its start tag (``<script src>`` is a link), not its
    raw text."""
    if match.group(1) is None:
        return ""
    whole = match.group(0)
    return whole[: whole.index(">") + 1]


def _collect(found: Links, tag: str, attrs: list[tuple[str, str | None]]) -> None:
    hint = tag == "link" and _is_hint(attrs)
    for name, value in attrs:
        if value is None:
            continue
        if name == "id":
            found.ids.add(value)
        elif name in URL_ATTRIBUTES and not hint:
            found.urls.append(value)
        elif name == "srcset":
            found.urls += [item.strip().split()[0] for item in value.split(",") if item.strip()]


def _is_hint(attrs: list[tuple[str, str | None]]) -> bool:
    rel = dict(attrs).get("rel") or ""
    return any(word in rel.split() for word in HINT_RELS)


def page_links_parsed(html: bytes) -> Links:
    """The same with the standard library's HTML parser: the reference for the test."""
    parser = _Parser()
    parser.feed(html.decode("utf-8"))
    parser.close()
    return parser.found


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Links()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        _collect(self.found, tag, attrs)
