"""The Markdown converter's date step: dates of the text in <time datetime> (R7).

The author's words are kept: only numeric dates (``1/22``) are written out, in the language
of the text around them (``content.dates.dates_in_text``). The dates that the page shows
rewritten, or whose weekday is wrong, are noted for the loader, which reports them at their
place in the file (``content.rewrites``).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown.treeprocessors import Treeprocessor

from seminar_site.content.dates import DateInText, dates_in_text, iso_date, text_language
from seminar_site.content.markdown_removals import Removal

NO_DATES_IN = frozenset({"code", "pre", "a", "time", "script", "style"})
MAY_HAVE_DATES = re.compile(r"[0-9０-９]|元年")

# (number of the fragment, the date or what the sanitiser removes): the fragment's number
# counts the texts of one conversion (MarkdownRenderer.blocks converts several at once), 0
# for a single text.
Noted = list[tuple[int, DateInText | Removal]]


@dataclass(frozen=True)
class DateContext:
    """What the date finder needs to turn 1/22 into <time datetime="2021-01-22">; ``language``
    is the page's, used for a text whose own language cannot be told (no letters)."""

    language: str
    default_year: int
    known: tuple[dt.date, ...] = ()
    style: str = "western"


class TimeElements(Treeprocessor):
    """Wrap dates found in text in <time datetime>, each shown as ``dates_in_text`` says.

    ``fragment_break``: the text of the paragraph that separates fragments converted
    together; ``noted``, when the caller sets it, collects what the loader reports.
    """

    context: DateContext | None = None
    noted: Noted | None = None

    def __init__(self, fragment_break: str) -> None:
        super().__init__()
        self.fragment_break = fragment_break
        self.fragment = 0

    def run(self, root: etree.Element) -> None:
        self.fragment = 0
        if self.context is not None:
            self._walk(root, self.context, None)

    def _walk(
        self, element: etree.Element, context: DateContext, block: etree.Element | None
    ) -> None:
        """``block``: the top-level element around ``element`` (None at the root), whose
        text tells the language of a run of text that has no letters of its own."""
        may_have_dates = MAY_HAVE_DATES.search  # most runs of text have no digit at all
        for child in list(element):
            if block is None and child.tag == "p" and child.text == self.fragment_break:
                self.fragment += 1
            around = child if block is None else block
            if child.tag not in NO_DATES_IN and (child.text or len(child)):
                self._walk(child, context, around)
            tail = child.tail
            if tail and may_have_dates(tail):
                child.tail = self._split(element, child, tail, context, around)
        text = element.text
        if text and element.tag not in NO_DATES_IN and may_have_dates(text):
            around = element if block is None else block
            element.text = self._split(element, None, text, context, around)

    def _split(
        self,
        parent: etree.Element,
        after: etree.Element | None,
        text: str,
        context: DateContext,
        block: etree.Element,
    ) -> str:
        def language() -> str:
            return text_language("".join(block.itertext())) or context.language

        found = dates_in_text(text, context.default_year, context.known, language, context.style)
        if not found:
            return text
        index = list(parent).index(after) + 1 if after is not None else 0
        head = text[: found[0].start]
        for number, item in enumerate(found):
            time = etree.Element("time", {"datetime": iso_date(item.date)})
            time.text = item.shown
            following = found[number + 1].start if number + 1 < len(found) else len(text)
            time.tail = text[item.end : following]
            parent.insert(index + number, time)
            if self.noted is not None and (item.rewritten or item.corrected):
                self.noted.append((self.fragment, item))
        return head
