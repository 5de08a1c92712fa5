"""Words a line must not break inside, kept whole in a report's running text (R18).

``word-break: auto-phrase`` breaks Japanese between phrases, and to it a name is two
phrases: 「三輪 | 修平氏」 on a phone. The speaker line marks names itself (``.person``); here
the speakers' names are found in the sanitised HTML of the title, lead, narrative and
summaries (with a space or none between their parts, and the 氏, さん, 先生 or 様 after
them) and wrapped in the same ``<span class="person">``. On a Japanese page a hyphenated
Latin word (「AI-OCR」) is kept whole too (``<span class="nowrap">``): Chromium breaks
after its hyphen. Only text between tags is changed, never a tag, an attribute or the text
of ``<pre>``, ``<code>`` or an existing ``.person``. The HTML is searched as a whole, each
place found then checked to be such text: the pieces between tags are never walked one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from markupsafe import Markup, escape

# Where nothing is marked: from the opening to the closing tag (sanitised HTML: lower case).
_SKIPPED_PAIRS = (
    ("<pre", "</pre>"),
    ("<code", "</code>"),
    ('<span class="person"', "</span>"),
)
_HONORIFIC = re.compile("[ \u3000]?(?:氏|さん|先生|様)")
# A hyphenated Latin word, not a piece of an address, a file name or a longer token: at most
# 24 characters, so that it still fits a 320 px line. The expression starts at a word's
# start (``\b``, ASCII words), so the matcher fails at once inside a word; what surrounds a
# match is checked in Python (``_hyphenated``). A lookbehind first made it try every position
# of every text, and each run of letters once from each of its letters.
_HYPHENATED = re.compile(r"\b[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+", re.ASCII)
_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./:@_-")
_AFTER = frozenset("/:@_")


def _hyphenated(html: str) -> Iterator[tuple[int, int]]:
    """The spans of the hyphenated words in ``html``, as the comment above says."""
    for match in _HYPHENATED.finditer(html):
        start, end = match.span()
        token = end
        while token < len(html) and html[token] == "-":
            token += 1
        after = html[end : end + 2]
        if (
            (start and html[start - 1] in _BEFORE)
            or not 3 <= token - start <= 24
            or after[:1] in _AFTER
            or (after[:1] == "." and len(after) == 2 and after[1].isascii() and after[1].isalnum())
        ):
            continue
        yield start, end


class KeepWhole:
    """The marking for one report page: ``names`` are its speakers' names as written.

    Names are found by plain search, not by an expression made of them: compiling one per
    page cost 2 ms of each page's rendering (and walking the text between tags 0.5 ms)."""

    def __init__(self, names: Iterable[str], lang: str) -> None:
        # Each name's ways of being written, under its first part (the family name): a text
        # is searched for the family names, then for the names of those it holds.
        self.variants: dict[str, set[str]] = {}
        for name in {n.strip() for n in names if n.strip()}:
            pieces = name.split()
            ways = self.variants.setdefault(pieces[0], set())
            ways.update(sep.join(pieces) for sep in (" ", "\u3000", ""))
        self.words = lang == "ja"

    def html(self, html: str) -> Markup:
        """Sanitised HTML with the names and words wrapped."""
        held = [ways for first, ways in self.variants.items() if first in html]
        variants = sorted({v for ways in held for v in ways if v in html}, key=len, reverse=True)
        words = self.words and "-" in html
        if not (variants or words):
            return Markup(html)
        found: list[tuple[int, int, str]] = []  # (start, end, class), none overlapping
        for variant in variants:  # the longest first (most texts name no one)
            start = html.find(variant)
            while start >= 0:
                end = start + len(variant)
                if _free(html, start, end, found):
                    honorific = _HONORIFIC.match(html, end)
                    found.append((start, honorific.end() if honorific else end, "person"))
                start = html.find(variant, end)
        if words:
            for start, end in _hyphenated(html):
                if _free(html, start, end, found):
                    found.append((start, end, "nowrap"))
        out: list[str] = []
        at = 0
        for start, end, kind in sorted(found):
            out += [html[at:start], f'<span class="{kind}">', html[start:end], "</span>"]
            at = end
        out.append(html[at:])
        return Markup("".join(out))

    def text(self, text: str) -> Markup:
        """Plain text (a title), escaped, with the names and words wrapped."""
        return self.html(str(escape(text)))


def _free(html: str, start: int, end: int, found: list[tuple[int, int, str]]) -> bool:
    """Whether ``html[start:end]`` is text to mark: outside every tag (an attribute, an
    address), outside ``<pre>``, ``<code>`` and a ``.person`` span, and clear of the
    places marked already."""
    if any(s < end and start < e for s, e, _kind in found):
        return False
    if html.rfind("<", 0, start) > html.rfind(">", 0, start):
        return False  # inside a tag
    return all(
        html.rfind(opening, 0, start) <= html.rfind(closing, 0, start)
        for opening, closing in _SKIPPED_PAIRS
    )
