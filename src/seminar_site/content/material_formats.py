"""What a material file really holds: the format its name says, or something else.

A file that is not what its extension says (a login page saved as ``slides.pdf``, an old
``.doc`` renamed ``.docx``, a download cut short) would be published and fail on every
reader's machine, so it is an error at its ``file:`` line. A file with a password is what
its author saved, but only readers who know the password can open it: a warning. A PDF's
page count is read here too, with pypdf, whose own log lines ("invalid pdf header", "EOF
marker not found") go to this module's debug log: the author reads our words, not pypdf's.
A file that a Markdown text links to is read the same way (content/linked_files.py); its
link text is the author's, so its hints do not speak of a page count the link would show.
"""

from __future__ import annotations

import functools
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from seminar_site.i18n import Message, _

log = logging.getLogger(__name__)

#: The program that makes each format, for the hints ("save it again in Excel"); the first
#: four are the formats a material may be.
APPS = {"pdf": "PDF", "pptx": "PowerPoint", "xlsx": "Excel", "docx": "Word"}
_NAMES = {**APPS, "pptm": "PowerPoint", "xlsm": "Excel", "docm": "Word"}
# The main part's content type of each Office Open XML format ([Content_Types].xml).
_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": "pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "docx",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": "pptm",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
}
_CONTENT_TYPES = "[Content_Types].xml"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc/.xls/.ppt, or a locked OOXML
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")  # its stream, in such a file
_PDF_HEAD = 1024  # readers accept the %PDF- header anywhere in the first 1024 bytes


@dataclass(frozen=True)
class Problem:
    """A message and its hint, located by the caller at the material's ``file:`` line."""

    message: Message
    hint: Message


@dataclass(frozen=True)
class Inspection:
    """What reading a material file found: its page count (PDF), and an error (not the
    format its name says) or a warning (a password; pages that could not be counted)."""

    pages: int | None = None
    error: Problem | None = None
    warning: Problem | None = None


def inspect_material(path: Path, kind: str, shown: str, counted: bool = True) -> Inspection:
    """Read ``path`` (a ``kind`` file by its extension; ``shown``: its name as written);
    ``counted``: whether its link shows the page count (a material's does; a link written
    in a text says what its author wrote)."""
    with path.open("rb") as file:
        head = file.read(_PDF_HEAD)
    if kind == "pdf":
        if b"%PDF-" not in head:
            return Inspection(error=_wrong(path, head, kind, shown))
        return _pdf(path, shown, counted)
    if head.startswith(_OLE) and _ENCRYPTED_OOXML in path.read_bytes():
        return Inspection(warning=_locked_office(shown, kind))
    if _office_kind(path) == kind:
        return Inspection()
    return Inspection(error=_wrong(path, head, kind, shown))


def _pdf(path: Path, shown: str, counted: bool) -> Inspection:
    """The page count, or why there is none (pypdf: object streams, xref streams and
    damaged files are its job)."""
    _pypdf_speaks_through_us()
    try:
        from pypdf import PasswordType, PdfReader

        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # a password only for editing opens with ""
            except Exception as exc:  # AES without the cryptography package, a bad handler
                log.debug("decrypting %s failed: %s", path, exc)
                return Inspection(warning=_encrypted_pdf(shown, counted))
            if opened == PasswordType.NOT_DECRYPTED:
                return Inspection(warning=_locked_pdf(shown, counted))
        return Inspection(pages=len(reader.pages))
    except Exception as exc:  # any parser failure: the link just has no page count
        log.debug("page count of %s failed: %s", path, exc)
        return Inspection(warning=_unreadable_pdf(shown, counted))


def _unreadable_pdf(shown: str, counted: bool) -> Problem:
    if counted:
        return Problem(
            _("could not count the pages of '{path}'", path=shown),
            _("check that the file opens as a PDF; the link shows no page count"),
        )
    return Problem(
        _("'{path}' cannot be read as a PDF: it may be damaged or cut short", path=shown),
        _(
            "open it in a PDF reader; if it does not open, save or export it as PDF again from "
            "the program that made it"
        ),
    )


def _office_kind(path: Path) -> str | None:
    """The Office Open XML format a zip holds (``pptx``, ``xlsm`` …): the one its
    [Content_Types].xml gives the main part of, when that part is there; else None."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if _CONTENT_TYPES not in names:
                return None
            with archive.open(_CONTENT_TYPES) as file:
                root = ElementTree.fromstring(file.read(1 << 20))
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, RuntimeError, ValueError,
            NotImplementedError):  # fmt: skip
        return None
    for override in root:
        found = _MAIN_TYPES.get(override.get("ContentType", ""))
        if found and override.get("PartName", "").lstrip("/") in names:
            return found
    return None


def _wrong(path: Path, head: bytes, kind: str, shown: str) -> Problem:
    """The error for a file that is not a ``kind`` file: what it is instead, and how to make
    it one again."""
    name = APPS[kind]
    real = _office_kind(path) if head.startswith(b"PK") else None
    if real is None and head.lstrip().startswith(b"%PDF-"):
        real = "pdf"
    found = _what_it_is(head, real)
    message = _(
        "'{path}' is named .{ext}, but its content is not {format}: {found}",
        path=shown,
        ext=kind,
        format=name,
        found=found,
    )
    if real in APPS and kind == "pdf":
        hint = _(
            "rename it to .{real} if that is the file you meant, or open it in {app} and "
            "save or export it as PDF",
            real=real,
            app=_NAMES[real],
        )
    elif real in APPS:
        hint = _(
            "rename it to .{real} if that is the file you meant, or save it again as .{ext} "
            "in {app}",
            real=real,
            ext=kind,
            app=name,
        )
    elif kind == "pdf":
        hint = _(
            "open the original in the program that made it and save or export it as PDF "
            "again, then put that file at {path}",
            path=shown,
        )
    else:
        hint = _(
            "open it in {app} and save it again as a .{ext} file (File > Save As), then put "
            "that file at {path}",
            app=name,
            ext=kind,
            path=shown,
        )
    return Problem(message, hint)


def _what_it_is(head: bytes, real: str | None) -> Message:
    start = head.lstrip()[:16].lower()
    if real is not None:
        return _("it holds a .{ext} file ({format})", format=_NAMES[real], ext=real)
    if not head:
        return _("the file is empty")
    if head.startswith(_OLE):
        return _("it is an old-format Office file (.doc, .xls or .ppt)")
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<!--")):
        return _("it is a web page (HTML), perhaps a login or error page saved in its place")
    if head.startswith(b"PK"):
        return _("it is a zip file without the parts of an Office document")
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG")):
        return _("it is a picture (JPEG or PNG)")
    if _is_text(head):
        return _("it is plain text")
    return _("its first bytes are not those of such a file (it may be damaged or renamed)")


def _is_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as cut:  # a character cut at the end of the first bytes
        if cut.start < len(head) - 3:
            return False
        text = head[: cut.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\t\r\n" for ch in text)


def _locked_pdf(shown: str, counted: bool) -> Problem:
    if not counted:
        return Problem(
            _locked_office(shown, "pdf").message,
            _(
                "remove the password and save the PDF again (Acrobat: File > Properties > "
                "Security: No Security)"
            ),
        )
    return Problem(
        _(
            "'{path}' has a password, so its pages cannot be counted, and readers who do "
            "not know the password cannot open it",
            path=shown,
        ),
        _(
            "remove the password and save the PDF again (Acrobat: File > Properties > "
            "Security: No Security); until then the link shows no page count"
        ),
    )


def _encrypted_pdf(shown: str, counted: bool) -> Problem:
    if not counted:
        return Problem(
            _("'{path}' is encrypted: readers may not be able to open it", path=shown),
            _("if it asks for a password when opened, remove the password and save the PDF again"),
        )
    return Problem(
        _("'{path}' is encrypted, so its pages cannot be counted", path=shown),
        _(
            "if it asks for a password when opened, remove the password and save the PDF "
            "again; until then the link shows no page count"
        ),
    )


def _locked_office(shown: str, kind: str) -> Problem:
    return Problem(
        _(
            "'{path}' has a password: readers who do not know it cannot open the file",
            path=shown,
        ),
        _(
            "remove the password in {app} (File > Info > Protect > Encrypt with Password: "
            "clear it) and save the file again",
            app=APPS[kind],
        ),
    )


class _ToDebug(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        log.debug("pypdf: %s", record.getMessage())


@functools.cache
def _pypdf_speaks_through_us() -> None:
    """pypdf's log lines go to this module's debug log (shown with --debug), not to the
    author's terminal: the problem they are about is reported in our words. Once per
    process, so that no reader of another thread finds pypdf's logger half set."""
    pypdf_log = logging.getLogger("pypdf")
    pypdf_log.addHandler(_ToDebug())
    pypdf_log.propagate = False
