"""The Markdown converter's bare-address step: ``https://…`` written in running text becomes a
link, as it does in mail, office documents and most editors (Python-Markdown links only
``<https://…>`` and ``[text](https://…)``).

An address is read in printable ASCII only, so that Japanese text written right after it
(``https://www.example.jp/をご覧ください``) is not taken into it, and the punctuation that
ends a sentence (``.``, ``,``, an unmatched ``)``) is left out. Text inside links, code and
preformatted blocks is left alone.

A link whose text is its own address (a bare one, ``<https://…>``, ``[https://…](https://…)``)
gets the class ``url-text``: the theme's print stylesheet writes every other outside link's
address after its text, and this one would show it twice.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor

_ADDRESS = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
#: A bare address, as the source text shows it: not the target of ``[text](…)``, ``<…>`` or an
#: HTML attribute (a text with none is converted without walking its tree for addresses).
MAY_HAVE_BARE = re.compile(r"(?<!\]\()(?<![<\"'=\[/\w.@])(?:https?://|www\.)")
_TRAILING = ".,;:!?'\""
#: The class of a link whose text is its address (static/css/site.css, @media print).
URL_TEXT = "url-text"
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_LEFT_ALONE = frozenset({"a", "code", "pre", "kbd", "script", "style", "time"})


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
        for child in list(element):
            if child.tag not in _LEFT_ALONE:
                self._walk(child)
            if child.tail and ("://" in child.tail or "www." in child.tail):
                child.tail = self._split(element, child, child.tail)
        text = element.text
        if text and element.tag not in _LEFT_ALONE and ("://" in text or "www." in text):
            element.text = self._split(element, None, text)

    def _split(self, parent: etree.Element, after: etree.Element | None, text: str) -> str:
        """Insert the links of ``text`` (the text of ``parent``, or the tail of ``after``)
        into ``parent``; return what stays before the first one."""
        pieces: list[tuple[str, str]] = []  # (address, the text after it)
        head, position = None, 0
        for match in _ADDRESS.finditer(text):
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
