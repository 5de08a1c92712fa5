"""A finding: a located warning (or a softer note) about the author's text, with its fix.

A finding is a :class:`SiteError`, so that ``check`` prints it as it prints build's warnings
(``path:line:col: message (hint: …)``), and it pickles as one. What it adds is the rule that
made it and, for a mechanical fix, the exact characters to replace (``Edit``): ``check --fix``
applies those and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from seminar_site.errors import Edit, Fixable
from seminar_site.i18n import Message, _
from seminar_site.settings.textfile import text_position

BOM = "\ufeff"


class Finding(Fixable):
    """A text rule's finding; ``edit`` is set when ``check --fix`` may apply it."""

    def __init__(
        self,
        message: str,
        path: Path,
        line: int,
        col: int,
        hint: str | None = None,
        *,
        rule: str,
        edit: Edit | None = None,
        note: bool = False,
    ) -> None:
        super().__init__(message, path, line, col, hint, edit=edit)
        self.rule = rule
        self.note = note


def criterion(number: str) -> Message:
    """The JIS X 8341-3:2016 success criterion a finding is about (WCAG 2.0 numbering)."""
    return _("JIS X 8341-3:2016 success criterion {number}", number=number)


@dataclass(frozen=True)
class Context:
    """What rules need besides a file's text."""

    root: Path
    language: str  # the site's: text that a fix adds to the page is written in it
    folder: Path | None = None  # the report folder (None for site.yaml)
    year: int | None = None  # the event's year, for dates written without one
    base_path: str = "/"  # the site's path on its server (from base_url)


@dataclass(frozen=True)
class SourceText:
    """A content file as its author wrote it: the text with its line ends, BOM left out."""

    path: Path
    text: str
    bom: bool = False

    @classmethod
    def read(cls, path: Path) -> SourceText | None:
        """None when the file cannot be read as UTF-8 (the loader has said so already)."""
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        if text.startswith(BOM):
            return cls(path, text[1:], bom=True)
        return cls(path, text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of ``text[offset]``."""
        return text_position(self.text, offset)

    def finding(
        self,
        rule: str,
        start: int,
        message: str,
        hint: str | None = None,
        *,
        fix: tuple[int, str] | None = None,
        note: bool = False,
    ) -> Finding:
        """A finding at ``start``; ``fix`` = (end, replacement) of ``text[start:end]``."""
        line, col = self.position(start)
        edit = None
        if fix is not None:
            end, new = fix
            edit = Edit(start, end, self.text[start:end], new)
        return Finding(message, self.path, line, col, hint, rule=rule, edit=edit, note=note)
