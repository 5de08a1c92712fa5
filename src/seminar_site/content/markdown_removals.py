"""What the sanitiser takes out of an author's Markdown, named so that the loader can warn
at its place: raw HTML elements and attributes outside the allow-list, and link or image
addresses with a scheme it refuses (docs/errors.md, "HTML in content").

Nothing here changes the HTML: nh3 does that (content/markdown.py). This reads the raw HTML
the author wrote (Python-Markdown's stash) and the addresses of the converted fragment, and
says what nh3 will remove, so that nothing of the author's text disappears without a word.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _


@dataclass(frozen=True)
class Removal:
    """One thing the page will not show: ``written`` is the author's text to find in the
    source (a raw HTML piece, or an address), ``at`` where the removed part starts in it."""

    # "element", "attribute", "address", "fence" (a code block never closed); the slips of
    # layout (content/markdown_layout.py): "tabs", "pipes" (full-width), "cells" (extra)
    kind: str
    name: str  # the element's or attribute's name, the address, an extra cell's text
    written: str
    at: int = 0
    element: str = ""  # an attribute's element
    counts: tuple[int, int] = (0, 0)  # an extra cell's row: its cells, the header's

    def warning(self, path: Path, line: int | None, col: int | None) -> SiteError:
        message, hint = self._said()
        return SiteError(message, path, line, col, hint)

    def _said(self) -> tuple[Message, Message]:
        if self.kind in ("tabs", "pipes", "cells"):
            return self._layout()
        if self.kind == "fence":
            return _(
                "the code block opened by '{fence}' has no closing line: the page shows its "
                "lines as text, with the marks",
                fence=self.name,
            ), _(
                "end the block with a line of '{fence}' alone, at the start of the line",
                fence=self.name,
            )
        if self.kind == "address":
            message = _(
                "the address '{url}' is removed from the published page: only http, https, "
                "mailto and tel addresses and addresses inside the site are kept",
                url=self.name,
            )
            if _ON_A_DISK.match(self.name):  # file:///C:/…, C:\… : a file on the author's PC
                return message, _(
                    "put the file inside content/ and list it under 'materials:' of the "
                    "session or report"
                )
            return message, _("write a full https:// address, or remove the link")
        if self.kind == "attribute":
            message = _(
                "the attribute '{attribute}' of the HTML element <{element}> is removed from "
                "the published page",
                attribute=self.name,
                element=self.element,
            )
            if self.name.startswith("on"):
                return message, _SCRIPTS
            if self.name == "style":
                return message, _("remove it: the page's look comes from the theme")
            return message, _("remove it (the attributes kept are listed in docs/errors.md)")
        message = _(
            "the HTML element <{element}> is removed from the published page", element=self.name
        )
        if self.name in _PLAYERS:
            return message, _(
                "for a video, give its address as 'recording: url:' of the session or report"
            )
        if self.name in _ACTIVE:
            return message, _SCRIPTS
        return message, _(
            "write it in Markdown, or remove it (the elements kept are listed in docs/errors.md)"
        )

    def _layout(self) -> tuple[Message, Message]:
        if self.kind == "tabs":
            return _(
                "these lines are separated by tabs (cells pasted from a spreadsheet?): the "
                "page runs them together into one paragraph"
            ), _(
                "put a blank line before and after the tab-separated lines: alone in their "
                "paragraph they are shown as a table, the first line its header row"
            )
        if self.kind == "pipes":
            return _(
                "this table is typed with full-width '｜': the page shows its lines as text"
            ), _("type the table's dividers as half-width '|'")
        cells, columns = self.counts
        return _(
            "this table row has {cells} cells but the header row has {columns}: the page "
            "leaves out '{cell}' and any cell after it",
            cells=cells,
            columns=columns,
            cell=self.name,
        ), _("add a column to the header row (and to its '|---|' row), or remove the cell")


_SCRIPTS = _("a page cannot carry scripts or styles of its own: remove it")
_PLAYERS = frozenset({"iframe", "video", "audio", "object", "embed"})
_ACTIVE = frozenset({"script", "style", "link", "meta", "base", "form", "input", "button"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")
_ON_A_DISK = re.compile(r"\s*(?:file:|[A-Za-z]:[\\/])", re.IGNORECASE)
_LEADING = "".join(map(chr, range(0x21)))  # C0 controls and the space
_ADDRESS = re.compile(r'<(?:a|img)\b[^>]*?\s(?:href|src)="([^"]*)"')


class _Tags(HTMLParser):
    """The start tags of one raw HTML piece, with where each starts in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]], int]] = []
        self._lines: list[int] = [0]

    def read(self, piece: str) -> None:
        for line in piece.split("\n"):  # the lines as HTMLParser counts them
            self._lines.append(self._lines[-1] + len(line) + 1)
        self.feed(piece)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        self.found.append((tag, attrs, self._lines[line - 1] + col))

    handle_startendtag = handle_starttag


def removals(
    raw_pieces: Sequence[str],
    html: str,
    allowed: Allowed,
    text: str = "",
) -> list[Removal]:
    """What the ``allowed`` lists take out of a fragment: its raw HTML ``raw_pieces``, the
    addresses of its converted ``html``, and the attributes that attribute lists (``{: …}``)
    put on it. Each element, attribute and address once, at its first place in the Markdown
    ``text`` (Python-Markdown stashes raw blocks before inline tags)."""
    found: list[Removal] = []
    seen: set[tuple[str, str, str]] = set()

    def add(removal: Removal) -> None:
        key = (removal.kind, removal.name, removal.element)
        if key not in seen:
            seen.add(key)
            found.append(removal)

    def place(piece: str) -> int:
        at = text.find(piece)
        return at if at >= 0 else len(text)

    for piece in sorted(raw_pieces, key=place):
        if "<" in piece:
            for removal in _in_markup(piece, allowed):
                add(removal)
    if "{" in text:  # an attribute list's attributes are on Markdown's own elements
        for removal in _in_markup(html, allowed):
            if removal.kind == "attribute":
                typed = text.find(removal.name + "=")
                add(replace(removal, written=removal.name + "=", at=0) if typed >= 0 else removal)
    if 'href="' in html or 'src="' in html:
        for match in _ADDRESS.finditer(html):
            url = html_module.unescape(match[1])
            if allowed.refuses(url):
                add(Removal("address", url, url.strip()))
    return found


@dataclass(frozen=True)
class Allowed:
    """The sanitiser's allow-lists: elements, attributes by element ("*": on every one),
    URL schemes, and the attributes kept only with certain values (by element)."""

    tags: frozenset[str]
    attributes: dict[str, set[str]]
    schemes: frozenset[str]
    values: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def refuses(self, url: str) -> bool:
        # As a browser reads it: tabs and line breaks anywhere, and leading controls, ignored.
        scheme = _SCHEME.match(_IGNORED_IN_URLS.sub("", url).lstrip(_LEADING))
        return scheme is not None and scheme[1].lower() not in self.schemes


def _in_markup(piece: str, allowed: Allowed) -> list[Removal]:
    """The elements, attributes and addresses of one piece of HTML that ``allowed`` refuses."""
    parser = _Tags()
    parser.read(piece)
    found: list[Removal] = []
    lowered = piece.lower()
    for tag, attrs, at in parser.found:
        if tag not in allowed.tags:
            found.append(Removal("element", tag, piece, at))
            continue
        kept = allowed.attributes.get("*", set()) | allowed.attributes.get(tag, set())
        for name, value in attrs:
            typed = re.compile(rf"\s{re.escape(name)}(?![\w-])").search(lowered, at)
            where = typed.start() + 1 if typed is not None else at
            if name not in kept and value not in allowed.values.get(tag, {}).get(name, ()):
                found.append(Removal("attribute", name, piece, where, tag))
            elif name in ("href", "src") and value and allowed.refuses(value):
                found.append(Removal("address", value, piece, where))
    return found
