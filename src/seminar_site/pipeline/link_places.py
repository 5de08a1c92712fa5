"""Where a link that leads nowhere is written: ``check`` finds the broken links in the pages
it would publish, and says each at the line and column of its address in the content file,
where the author can fix it, rather than at a page of the output.

The text rules' link and image finders (rules/markdown_text.py) read the report's own files
first (the page's report), then the other content files; a link written in a template, or
nowhere in the content, is said at its page, as before.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from seminar_site.content.linked_files import ATTACHMENT_SUFFIXES
from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _
from seminar_site.model import Site
from seminar_site.rules.findings import SourceText
from seminar_site.rules.markdown_text import images, links


@dataclass(frozen=True)
class BrokenLink:
    """A link of the page at site path ``page`` that leads to no file, or, when ``missing_id``
    is set, to a file without that ``#id``."""

    page: str
    url: str
    missing_id: str = ""


@dataclass(frozen=True)
class _Written:
    source: SourceText
    at: int  # where the address starts
    destination: str  # as written (a summary's #id is prefixed on the page: day1-session1-…)


def locate(broken: Sequence[BrokenLink], site: Site) -> list[SiteError]:
    """One warning for each broken link, at the place in content/ where its address is
    written (once, when several pages show the same text), else at its page."""
    sources = _Sources(site)
    warnings: dict[tuple[str, int, str], SiteError] = {}
    for link in broken:
        written = sources.find(link)
        if written is None:
            warnings[(link.page, -1, link.url)] = _at_page(link)
            continue
        key = (str(written.source.path), written.at, link.url)
        if key not in warnings:
            line, col = written.source.position(written.at)
            message, hint = _said(link, written.destination, written.source.path)
            warnings[key] = SiteError(message, written.source.path, line, col, hint)
    return list(warnings.values())


def _said(link: BrokenLink, written: str, path: Path) -> tuple[Message, Message]:
    if link.missing_id:
        missing = written.partition("#")[2] or link.missing_id
        return (
            _("the link to '{url}' leads to no part of the page with the id '{id}'",
              url=written, id=missing),
            _("check the part after '#': a heading's id is its text, as the page shows it "
              "(docs/content-format.md)"),
        )  # fmt: skip
    message = _("the link to '{url}' leads to no page or file of the site", url=written)
    target = unquote(urlsplit(written).path)
    if target and not target.startswith("/") and (path.parent / target).is_file():
        if posixpath.splitext(target)[1].lower() not in ATTACHMENT_SUFFIXES:
            return message, _(
                "a link publishes only a document (PDF, Word, Excel, PowerPoint, CSV, text or "
                "ZIP): show an image with '![what it shows]({file})', or list the file under "
                "'materials:'",
                file=target,
            )
        return message, _(
            "the file is in content/, but a link publishes only a document (PDF, Word, Excel, "
            "PowerPoint, CSV, text or ZIP) inside the report's folder: move it there, or list "
            "it under 'materials:'"
        )
    return message, _("check the address: the site has no page or file there")


def _at_page(link: BrokenLink) -> SiteError:
    if link.missing_id:
        return SiteError(
            _(
                "{page}: link to '{url}': no element with id '{id}'",
                page=link.page,
                url=link.url,
                id=link.missing_id,
            )
        )
    return SiteError(
        _("{page}: link to '{url}' leads to no file of the site", page=link.page, url=link.url)
    )


class _Sources:
    """The content files, each walked, read and searched for its links once for all the
    broken links (a page may have many): the report folders' YAML and Markdown files, then
    site.yaml."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._files: dict[str, list[Path]] | None = None
        self._read: dict[Path, tuple[SourceText, list[tuple[int, int, str]]] | None] = {}

    def find(self, link: BrokenLink) -> _Written | None:
        needle = _needle(link.url)
        for path in self._files_for(link.page):
            found = self._source(path)
            if found is None or needle not in found[0].text:
                continue
            source, addresses = found
            for start, end, destination in addresses:
                if _same(destination, link.url):
                    at = _address_at(source.text, destination, start, end)
                    return _Written(source, at, destination)
        return None

    def _source(self, path: Path) -> tuple[SourceText, list[tuple[int, int, str]]] | None:
        if path not in self._read:
            source = SourceText.read(path)
            self._read[path] = None if source is None else (source, list(_addresses(source.text)))
        return self._read[path]

    def _files_for(self, page: str) -> Iterator[Path]:
        """The files that may hold a link of ``page``: its report's first."""
        if self._files is None:
            self._files = {
                report.source_dir.name: sorted(
                    path
                    for path in report.source_dir.rglob("*")
                    if path.suffix in (".yaml", ".yml", ".md") and _visible(path, report.source_dir)
                )
                for report in self.site.reports
            }
        slug = page.split("/")[1] if page.startswith("reports/") and page.count("/") >= 2 else ""
        yield from self._files.get(slug, [])
        for name, paths in self._files.items():
            if name != slug:
                yield from paths
        yield self.site.root / "content" / "site.yaml"


def _needle(url: str) -> str:
    """A part of ``url`` that its written form contains (a summary's ``#id`` is written
    without the session's prefix)."""
    return url.rpartition("-")[2] if url.startswith("#") else url


def _same(written: str, url: str) -> bool:
    if written == url or unquote(written) == unquote(url):
        return True
    return written.startswith("#") and url.startswith("#") and url.endswith("-" + written[1:])


def _address_at(text: str, destination: str, start: int, end: int) -> int:
    """Where ``destination`` is written: after its link text (``[text](address)``), before
    it (``<a href="address">text</a>``), or in a reference definition elsewhere."""
    after = text.find(destination, end, end + len(destination) + 8)
    if after >= 0:
        return after
    before = text.rfind(destination, max(0, start - len(destination) - 300), start)
    if before >= 0:
        return before
    anywhere = text.find(destination)
    return anywhere if anywhere >= 0 else start


def _addresses(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end of the link text or alt text, address) of each link and image."""
    for link in links(text, 0, len(text)):
        yield link.text_start, link.text_end, link.destination
    for image in images(text, 0, len(text)):
        yield image.alt_start, image.alt_end, image.source


def _visible(path: Path, folder: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(folder).parts) and (
        path.is_file()
    )
