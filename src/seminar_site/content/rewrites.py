"""Where the dates that the page shows differently from the author's text are written, and
what of the text the sanitiser removes.

The Markdown converter notes each date it writes out (``1/22`` → ``1月22日(金)``) and each
weekday that does not match its date (content/markdown_dates.py); this module finds them in
the file they were written in and turns them into values: a ``Rewrite`` for each date the
page shows rewritten (``check --explain-rewrites`` lists them) and a warning for each wrong
weekday. It also notes what the sanitiser takes out (content/markdown_removals.py): a
warning for each. A file is read again only when one of its texts has something to report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from seminar_site.content.dates import DateInText
from seminar_site.content.markdown_removals import Removal
from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _
from seminar_site.settings.schema import Checked
from seminar_site.settings.textfile import read_text, text_position


@dataclass(frozen=True)
class Rewrite:
    """A date of the author's text that the page shows written out, and where it is."""

    path: Path
    line: int
    col: int
    before: str
    after: str

    def as_note(self) -> SiteError:
        """The rewrite as a located line (``path:line:col: '1/22' is shown as …``)."""
        message = _("'{before}' is shown as '{after}'", before=self.before, after=self.after)
        return SiteError(message, self.path, self.line, self.col)


@dataclass(frozen=True)
class TextSource:
    """Where a converted text is written: a Markdown file (from its start), or the value of
    a key of a YAML file (looked for from the key's line and column)."""

    path: Path
    line: int = 1
    col: int = 1

    def position_of(self, written: str, text: str) -> tuple[int, int]:
        """Line and column of the first ``written`` from where this text starts in ``text``
        (the file's), or anywhere in the file; where the text starts when it is not there
        (a YAML escape changed it)."""
        at = text.find(written, _offset(text, self.line, self.col))
        if at < 0:
            at = text.find(written)
        return text_position(text, at) if at >= 0 else (self.line, self.col)


def _weekday_name(index: int) -> Message:
    names = (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
    return names[index]


@dataclass
class DateNotes:
    """The rewrites and weekday warnings of one report, collected as its texts are converted."""

    rewrites: list[Rewrite] = field(default_factory=list)
    warnings: list[SiteError] = field(default_factory=list)
    _texts: dict[Path, str] = field(default_factory=dict)

    def add(self, items: Sequence[DateInText | Removal], source: TextSource) -> None:
        if not items:
            return
        text = self._text(source.path)
        start = _offset(text, source.line, source.col) if text is not None else 0
        seen: dict[object, int] = {}
        for item in items:
            # Several removals in one raw HTML piece are all in its first place; the same
            # date written twice is at the next place each time.
            key = item if isinstance(item, Removal) else item.written
            nth = seen.get(key, 0)
            seen[key] = nth + 1
            at = _nth(text, item.written, start, nth) if text is not None else -1
            if at < 0 and text is not None and isinstance(item, Removal):
                at = _escaped(text, item.written, start)
            if isinstance(item, Removal):
                where = (source.line, source.col)
                if text is not None and at >= 0:
                    where = text_position(text, at + item.at)
                self.warnings.append(item.warning(source.path, *where))
                continue
            line, col = text_position(text, at) if text is not None and at >= 0 else (None, None)
            if item.rewritten:
                self.rewrites.append(
                    Rewrite(
                        source.path,
                        line or source.line,
                        col or source.col,
                        item.written,
                        item.shown,
                    )
                )
            if item.corrected:
                self.warnings.append(self._weekday(item, source, text, at))

    def _weekday(
        self, item: DateInText, source: TextSource, text: str | None, at: int
    ) -> SiteError:
        line, col = (source.line, source.col)
        if text is not None and at >= 0:
            line, col = text_position(text, at + max(item.weekday_at, 0))
        return SiteError(
            _(
                "the weekday in '{written}' does not match the date: {date} is a {weekday}",
                written=item.written,
                date=item.date.isoformat(),
                weekday=_weekday_name(item.date.weekday()),
            ),
            source.path,
            line,
            col,
            hint=_(
                "write '{corrected}'; the page shows the weekday as it is written",
                corrected=item.corrected,
            ),
        )

    def _text(self, path: Path) -> str | None:
        if path not in self._texts:
            try:
                self._texts[path] = read_text(path)
            except SiteError:  # it was read a moment ago; if not now, say where it is
                return None
        return self._texts[path]


def _offset(text: str, line: int, col: int) -> int:
    """The index of 1-based ``line``:``col`` in ``text`` (its end when past it)."""
    index = 0
    for _number in range(line - 1):
        found = text.find("\n", index)
        if found < 0:
            return len(text)
        index = found + 1
    return min(index + col - 1, len(text))


def _nth(text: str, needle: str, start: int, nth: int) -> int:
    at = start - 1
    for _number in range(nth + 1):
        at = text.find(needle, at + 1)
        if at < 0:
            return -1
    return at


_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!")  # Python-Markdown's ESCAPED_CHARS


def _escaped(text: str, written: str, start: int) -> int:
    r"""Where ``written`` (an address as the page has it) is in ``text`` typed with Markdown's
    backslash escapes (``C:\\Users`` for ``C:\Users``), from ``start`` or anywhere; -1 if not."""
    if not any(char in _ESCAPABLE for char in written):
        return -1
    pattern = re.compile(
        "".join(
            "\\\\?" + re.escape(char) if char in _ESCAPABLE else re.escape(char) for char in written
        )
    )
    found = pattern.search(text, start) or pattern.search(text)
    return found.start() if found is not None else -1


def text_source(data: Checked, key: str, file: Path | None) -> TextSource:
    """Where the text of ``data[key]`` is: its Markdown ``file``, else the YAML value."""
    if file is not None:
        return TextSource(file)
    return TextSource(data.path, *data.marks.get(key, (data.line, data.col)))
