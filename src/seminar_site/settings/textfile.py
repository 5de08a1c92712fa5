"""Read a content text file as UTF-8, turning encoding mistakes into located user errors."""

from __future__ import annotations

import errno
from pathlib import Path

from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _
from seminar_site.system.stamps import record_read

MB = 1024 * 1024
MAX_TEXT_BYTES = 2 * MB
"""Default size limit: Markdown converts at roughly 0.4 MB/s, so 2 MB is about 5 s for one
file. A real talk summary is a few kB; anything bigger is almost surely a mistake (a pasted
log, a wrong file), and a clear refusal beats a build that seems to hang."""


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """The file's text (BOM removed, CRLF normalised), or a SiteError saying how to fix it."""
    record_read(path)
    data = read_bytes(path, limit)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return _decoded(path, data)


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The file's bytes, or a SiteError in our words (missing, a folder, unreadable, over
    ``limit``): for readers that decode the text themselves (import's past pages)."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise SiteError(
                _(
                    "file is too large ({size}; the limit is {limit})",
                    size=_megabytes(size),
                    limit=_megabytes(limit),
                ),
                path,
                hint=_("split it into smaller files"),
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise SiteError(_("file not found"), path) from None
    except IsADirectoryError:
        raise SiteError(_("expected a file but found a folder"), path) from None
    except PermissionError:
        raise SiteError(_("file cannot be read (permission denied)"), path) from None
    except OSError as exc:  # the system's own words are not shown: its error's name is
        raise SiteError(_unreadable(exc), path) from None


def _decoded(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, col = text_position(good, len(good))
        byte = format(data[exc.start], "02x")
        encoding = _guess_encoding(data)
        message = (
            _("file is not valid UTF-8 (byte 0x{byte})", byte=byte)
            if encoding is None
            else _(
                "file is not valid UTF-8 (byte 0x{byte}); it looks like {encoding}",
                byte=byte,
                encoding=encoding,
            )
        )
        raise SiteError(
            message,
            path,
            line,
            col,
            hint=_("save the file as UTF-8 (in most editors: Save As… → Encoding: UTF-8)"),
        ) from None
    if "\x00" in text:
        line, col = text_position(text, text.index("\x00"))
        raise SiteError(
            _("file contains NUL bytes: it looks binary, not text"),
            path,
            line,
            col,
            hint=_("point to a text file (UTF-8), not an image or a document"),
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unreadable(exc: OSError) -> Message:
    name = errno.errorcode.get(exc.errno) if exc.errno is not None else None
    if name is None:
        return _("file cannot be read")
    return _("file cannot be read (system error {name})", name=name)


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB" if size % MB else f"{size // MB} MB"


def text_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[index]``: the one place that counts
    them, for every message located in a text."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _guess_encoding(data: bytes) -> str | None:
    """The encoding the bytes look like (UTF-16, Shift_JIS, EUC-JP), or None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    found = [
        label
        for name, label in (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"))
        if _decodes(data, name)
    ]
    if len(found) == 2:
        # Both decode: Shift_JIS text almost always has lead bytes 0x81-0x9F, which EUC-JP
        # uses only for its two single-shift codes (0x8E, 0x8F).
        sjis_only = set(range(0x81, 0xA0)) - {0x8E, 0x8F}
        found = ["Shift_JIS" if sjis_only.intersection(data) else "EUC-JP"]
    return found[0] if found else None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
