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
_HONORIFIC = "(?:[ \u3000]?(?:氏|さん|先生|様))?"
# A hyphenated Latin word, not a piece of an address, a file name or a longer token: at most
# 24 characters, so that it still fits a 320 px line.
_HYPHENATED = r"(?<![A-Za-z0-9./:@_-])(?=[A-Za-z0-9-]{3,24}(?![A-Za-z0-9-]))" + (
    r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?![/:@_]|\.[A-Za-z0-9])"
)


class KeepWhole:
    """The marking for one report page: ``names`` are its speakers' names as written."""

    def __init__(self, names: Iterable[str], lang: str) -> None:
        parts: list[str] = []
        for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
            spaced = r"[ \u3000]?".join(re.escape(piece) for piece in name.split())
            parts.append(f"(?P<n{len(parts)}>{spaced}{_HONORIFIC})")
        self.names = len(parts)
        if lang == "ja":
            parts.append(f"(?P<word>{_HYPHENATED})")
        self.pattern = re.compile("|".join(parts)) if parts else None

    def _mark(self, match: re.Match[str]) -> str:
        kind = "nowrap" if match.lastgroup == "word" else "person"
        return f'<span class="{kind}">{match[0]}</span>'

    def html(self, html: str) -> Markup:
        """Sanitised HTML with the names and words wrapped."""
        if self.pattern is None or not html:
            return Markup(html)
        pattern = self.pattern
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
            elif skipped > 0 or person > 0 or not piece:
                out.append(piece)
            else:
                out.append(pattern.sub(self._mark, piece))
        return Markup("".join(out))

    def text(self, text: str) -> Markup:
        """Plain text (a title), escaped, with the names and words wrapped."""
        return self.html(str(escape(text)))
