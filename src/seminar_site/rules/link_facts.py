"""What an attachment link's text says of its file, against the file (JIS X 8341-3:2016 2.4.4):
a size (``[講演資料（PDF：350KB）](slides.pdf)``) or a PDF's page count (``18ページ``) that is
not the file's, as when a file is replaced after its link was written. ``check --fix`` writes
the file's figure in place of the one written.

The file is read only for a link whose text gives such a figure: its size from the file
system; its pages by pypdf (content/material_formats.py), imported only for a PDF whose link
text gives a page count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from seminar_site.content.material_formats import inspect_material
from seminar_site.content.material_labels import PAGES, size_agrees, size_words
from seminar_site.i18n import _
from seminar_site.rules.findings import Finding, SourceText
from seminar_site.rules.markdown_text import Link


def stated_findings(
    source: SourceText,
    link: Link,
    text: str,
    file: Path,
    size: re.Match[str] | None,
    language: str,
) -> Iterator[Finding]:
    """A finding for each figure that the link text ``text`` gives of ``file`` and that is not
    the file's: ``size`` (found by the link rule in the text's NFKC, casefolded form) and, for
    a PDF, a page count."""
    plain = unicodedata.normalize("NFKC", text).casefold()
    # The offsets in ``plain`` are the text's unless NFKC or casefolding changed its length.
    aligned = len(plain) == len(text)
    name = file.name
    if size is not None and not size_agrees(size[0], file.stat().st_size):
        words = size_words(file.stat().st_size, language)
        message = _(
            "the link text says '{stated}', but '{file}' is {actual}: the file was replaced, "
            "or the link leads to another one",
            stated=text[size.start() : size.end()] if aligned else size[0],
            file=name,
            actual=words,
        )
        hint = _("write '{actual}' in the link text, or link the file it describes", actual=words)
        yield _at(source, link, size, aligned, message, hint, words)
    pages = PAGES.search(plain) if file.suffix.lower() == ".pdf" else None
    if pages is None:
        return
    counted = inspect_material(file, "pdf", name).pages
    if counted is None or counted == int(pages[1]):
        return  # not counted (damaged, locked): the loader says so at the link
    message = _(
        "the link text says {stated} pages, but '{file}' has {pages}: the file was replaced, "
        "or the link leads to another one",
        stated=pages[1],
        file=name,
        pages=counted,
    )
    hint = _("write {pages} in the link text, or link the file it describes", pages=counted)
    yield _at(source, link, pages, aligned, message, hint, str(counted), group=1)


def _at(
    source: SourceText,
    link: Link,
    found: re.Match[str],
    aligned: bool,
    message: str,
    hint: str,
    new: str,
    group: int = 0,
) -> Finding:
    """The finding at ``found`` (in the link text), whose fix writes ``new`` over its
    ``group``; at the link text's start, with no fix, when the offsets are not the text's."""
    if not aligned:
        return source.finding("attachment", link.text_start, message, hint)
    start, end = link.text_start + found.start(group), link.text_start + found.end(group)
    return source.finding("attachment", start, message, hint, fix=(end, new))
