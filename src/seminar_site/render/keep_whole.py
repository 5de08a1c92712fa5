"""Words a line must not break inside, kept whole in a report's running text (R18).

``word-break: auto-phrase`` breaks Japanese between phrases, and to it a name is two
phrases: 「三輪 | 修平氏」 on a phone. The speaker line marks names itself (``.person``); here
the speakers' names are found in the sanitised HTML of the title, lead, narrative and
summaries (with a space or none between their parts, and the 氏, さん, 先生 or 様 after
them) and wrapped in the same ``<span class="person">``. On a Japanese page a hyphenated
Latin word (「AI-OCR」) is kept whole too (``<span class="nowrap">``): Chromium breaks
after its hyphen. Only text between tags is changed, never a tag, an attribute or the text
of ``<pre>``, ``<code>`` or an existing ``.person``. One pass with one expression per page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

_TAG = re.compile(r"(<[^>]*>)")
_SKIPPED = re.compile(r"<(/?)(pre|code|script|style)\b|<span class=\"person\"", re.IGNORECASE)
_HONORIFIC = re.compile("[ \u3000]?(?:氏|さん|先生|様)")
# A hyphenated Latin word, not a piece of an address, a file name or a longer token: at most
# 24 characters, so that it still fits a 320 px line.
_HYPHENATED = re.compile(
    r"(?<![A-Za-z0-9./:@_-])(?=[A-Za-z0-9-]{3,24}(?![A-Za-z0-9-]))"
    r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?![/:@_]|\.[A-Za-z0-9])"
)


class KeepWhole:
    """The marking for one report page: ``names`` are its speakers' names as written.

    Names are found by plain search, not by an expression made of them: compiling one per
    page cost 2 ms of each page's rendering."""

    def __init__(self, names: Iterable[str], lang: str) -> None:
        variants: set[str] = set()
        for name in {n.strip() for n in names if n.strip()}:
            pieces = name.split()
            variants.update(sep.join(pieces) for sep in (" ", "\u3000", ""))
        self.variants = sorted(variants, key=len, reverse=True)  # the longest name first
        self.words = lang == "ja"

    def _mark(self, text: str, variants: list[str]) -> str:
        found: list[tuple[int, int]] = []  # the names' spans, none overlapping
        for variant in variants:
            start = text.find(variant)
            while start >= 0:
                end = start + len(variant)
                if not any(s < end and start < e for s, e in found):
                    honorific = _HONORIFIC.match(text, end)
                    found.append((start, honorific.end() if honorific else end))
                start = text.find(variant, end)
        out: list[str] = []
        at = 0
        for start, end in sorted(found):
            out += [self._words(text[at:start]), f'<span class="person">{text[start:end]}</span>']
            at = end
        out.append(self._words(text[at:]))
        return "".join(out)

    def _words(self, text: str) -> str:
        if not self.words or "-" not in text:
            return text
        return _HYPHENATED.sub(lambda m: f'<span class="nowrap">{m[0]}</span>', text)

    def html(self, html: str) -> Markup:
        """Sanitised HTML with the names and words wrapped."""
        variants = [v for v in self.variants if v in html]  # most texts name no one
        if not html or not (variants or (self.words and "-" in html)):
            return Markup(html)
        out: list[str] = []
        skipped = 0  # depth inside <pre>, <code> (and a .person span: until its </span>)
        person = 0
        for piece in _TAG.split(html):
            if piece.startswith("<"):
                out.append(piece)
                found = _SKIPPED.match(piece)
                if found and found[2]:
                    skipped += -1 if found[1] else 1
                elif found or (person and piece.startswith("<span")):
                    person += 1
                elif person and piece == "</span>":
                    person -= 1
            elif (
                skipped
                or person
                or not ((self.words and "-" in piece) or any(v in piece for v in variants))
            ):
                out.append(piece)
            else:
                out.append(self._mark(piece, variants))
        return Markup("".join(out))

    def text(self, text: str) -> Markup:
        """Plain text (a title), escaped, with the names and words wrapped."""
        return self.html(str(escape(text)))
