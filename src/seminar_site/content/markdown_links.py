"""The Markdown converter's bare-address step: ``https://…`` written in running text becomes a
link, as it does in mail, office documents and most editors (Python-Markdown links only
``<https://…>`` and ``[text](https://…)``).

An address is read in printable ASCII only, so that Japanese text written right after it
(``https://www.example.jp/をご覧ください``) is not taken into it, and the punctuation that
ends a sentence (``.``, ``,``, an unmatched ``)``) is left out. Text inside links, code and
preformatted blocks is left alone, also inside those the author wrote as raw HTML.

A link whose text is its own address (a bare one, ``<https://…>``, ``[https://…](https://…)``)
gets the class ``url-text``: the theme's print stylesheet writes every other outside link's
address after its text, and this one would show it twice. So does a raw HTML ``<a>`` that the
author wrote with its address as its text (``mark_raw_links``, on the sanitised HTML).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

_ADDRESS = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
#: A bare address, as the source text shows it: not the target of ``[text](…)``, ``<…>`` or an
#: HTML attribute (a text with none is converted without walking its tree for addresses).
MAY_HAVE_BARE = re.compile(r"(?<!\]\()(?<![<\"'=\[/\w.@])(?:https?://|www\.)")
_TRAILING = ".,;:!?'\""
#: The class of a link whose text is its address (static/css/site.css, @media print).
URL_TEXT = "url-text"
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_LEFT_ALONE = frozenset({"a", "code", "pre", "kbd", "script", "style", "time"})
# Python-Markdown's placeholder for a raw HTML tag in the text (markdown.util.HTML_PLACEHOLDER)
_PLACEHOLDER = re.compile(HTML_PLACEHOLDER % r"([0-9]+)")
_RAW_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")


# A link with plain text, as the sanitiser writes it: attributes double-quoted and escaped.
_SANITISED_LINK = re.compile(r"<a\b([^>]*)>([^<]*)</a>")
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"')


def mark_raw_links(sanitised: str) -> str:
    """``sanitised`` HTML with each ``<a>`` whose text is its address given the class
    ``url-text``: for the raw HTML links the author wrote, which the tree never holds."""

    def mark(match: re.Match[str]) -> str:
        attributes = dict(_ATTRIBUTE.findall(match[1]))
        href, text = html.unescape(attributes.get("href", "")), html.unescape(match[2])
        classes = attributes.get("class", "").split()
        if URL_TEXT in classes or not text.strip() or _as_shown(text) != _as_shown(href):
            return match[0]
        if "class" not in attributes:
            return f'<a{match[1]} class="{URL_TEXT}">{match[2]}</a>'
        marked = _ATTRIBUTE.sub(
            lambda a: f' class="{a[2]} {URL_TEXT}"' if a[1] == "class" else a[0], match[1]
        )
        return f"<a{marked}>{match[2]}</a>"

    return _SANITISED_LINK.sub(mark, sanitised)


def address_end(found: str) -> str:
    """``found`` without the punctuation that ends the sentence rather than the address: a
    trailing ``.``/``,``/``!`` …, or a ``)`` that no ``(`` of the address opened."""
    while found and (found[-1] in _TRAILING or _unmatched(found)):
        found = found[:-1]
    return found


def _unmatched(found: str) -> bool:
    """Whether ``found`` ends with a bracket that no bracket inside it opened."""
    closing = found[-1]
    opening = {")": "(", "]": "["}.get(closing)
    return opening is not None and found.count(opening) < found.count(closing)


def _as_shown(address: str) -> str:
    """An address as a reader compares it with the text: no scheme, no final slash."""
    return _SCHEME.sub("", address.strip()).rstrip("/")


def shows_its_address(link: etree.Element) -> bool:
    """Whether the text of ``link`` (an ``<a>``) is its web address, give or take the scheme
    and a final slash (``www.example.jp`` for ``https://www.example.jp/``)."""
    href, text = link.get("href", ""), link.text or ""
    return len(link) == 0 and bool(text.strip()) and _as_shown(text) == _as_shown(href)


class BareLinks(Treeprocessor):
    """Wrap each bare web address of the text in ``<a href>`` and mark the links that show
    their address. ``active`` (bare addresses) and ``marking`` (any ``://``) are set per
    conversion: most texts hold no address, and then the tree is not walked."""

    active = False
    marking = False

    def run(self, root: etree.Element) -> None:
        if self.active:
            self._walk(root)
        if self.marking:
            for link in root.iter("a"):
                classes = link.get("class", "").split()
                if URL_TEXT not in classes and shows_its_address(link):
                    link.set("class", " ".join([*classes, URL_TEXT]))

    def _walk(self, element: etree.Element) -> None:
        if element.tag in _LEFT_ALONE:
            return
        depth = 0  # inside raw HTML's <a>, <code> … written in the text (kept as placeholders)
        if element.text:
            element.text, depth = self._linked(element, None, element.text, depth)
        for child in list(element):
            self._walk(child)
            if child.tail:
                child.tail, depth = self._linked(element, child, child.tail, depth)

    def _linked(
        self, parent: etree.Element, after: etree.Element | None, text: str, depth: int
    ) -> tuple[str, int]:
        """``text`` (of ``parent``, or the tail of ``after``) with its bare addresses made
        links, except inside a raw ``<a>``, ``<code>`` … that the author wrote as HTML; and the
        depth in those after it."""
        spans: list[tuple[int, int]] = []
        if "\x02" in text:
            spans, depth = self._raw_spans(text, depth)
        elif depth:
            return text, depth
        if "://" in text or "www." in text:
            text = self._split(parent, after, text, spans)
        return text, depth

    def _raw_spans(self, text: str, depth: int) -> tuple[list[tuple[int, int]], int]:
        """The stretches of ``text`` inside raw HTML elements that are left alone (a raw tag
        is a placeholder in the text until the tree is written), and the depth after it."""
        spans: list[tuple[int, int]] = []
        start = 0 if depth else None
        stash = self.md.htmlStash.rawHtmlBlocks
        for match in _PLACEHOLDER.finditer(text):
            index = int(match[1])
            raw = stash[index] if index < len(stash) else ""
            if not isinstance(raw, str):
                continue
            tag = _RAW_TAG.match(raw)
            if tag is None or tag[2].lower() not in _LEFT_ALONE:
                continue
            if tag[1]:  # a closing tag
                depth = max(depth - 1, 0)
                if not depth and start is not None:
                    spans.append((start, match.start()))
                    start = None
            elif not raw.rstrip().endswith("/>"):
                if not depth:
                    start = match.end()
                depth += 1
        if start is not None:
            spans.append((start, len(text)))
        return spans, depth

    def _split(
        self,
        parent: etree.Element,
        after: etree.Element | None,
        text: str,
        skipped: list[tuple[int, int]],
    ) -> str:
        """Insert the links of ``text`` (the text of ``parent``, or the tail of ``after``)
        into ``parent``, but none in the ``skipped`` stretches; return what stays before the
        first one."""
        pieces: list[tuple[str, str]] = []  # (address, the text after it)
        head, position = None, 0
        for match in _ADDRESS.finditer(text):
            if any(start <= match.start() < end for start, end in skipped):
                continue
            address = address_end(match[0])
            if "." not in address.split("//", 1)[-1]:
                continue  # "https://" alone, or no host name: not an address
            if head is None:
                head = text[: match.start()]
            else:
                pieces[-1] = (pieces[-1][0], text[position : match.start()])
            position = match.start() + len(address)
            pieces.append((address, ""))
        if head is None:
            return text
        pieces[-1] = (pieces[-1][0], text[position:])
        index = list(parent).index(after) + 1 if after is not None else 0
        for offset, (address, tail) in enumerate(pieces):
            href = address if "://" in address else "https://" + address
            link = etree.Element("a", {"href": href, "class": URL_TEXT})
            link.text = address
            link.tail = tail
            parent.insert(index + offset, link)
        return head
