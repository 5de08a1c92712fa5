"""Read a content text file as UTF-8, turning encoding mistakes into located user errors."""

from __future__ import annotations

from pathlib import Path

from seminar_site.errors import SiteError
from seminar_site.system.stamps import record_read

MB = 1024 * 1024
MAX_TEXT_BYTES = 2 * MB
"""Default size limit: Markdown converts at roughly 0.4 MB/s, so 2 MB is about 5 s for one
file. A real talk summary is a few kB; anything bigger is almost surely a mistake (a pasted
log, a wrong file), and a clear refusal beats a build that seems to hang."""


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """The file's text (BOM removed, CRLF normalised), or a SiteError saying how to fix it."""
    record_read(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise SiteError(
                f"file is too large ({_megabytes(size)}; the limit is {_megabytes(limit)})",
                path,
                hint="split it into smaller files",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise SiteError("file not found", path) from None
    except IsADirectoryError:
        raise SiteError("expected a file but found a folder", path) from None
    except PermissionError:
        raise SiteError("file cannot be read (permission denied)", path) from None
    except OSError as exc:
        raise SiteError(f"file cannot be read ({exc.strerror})", path) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, col = _position(good, len(good))
        raise SiteError(
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}){_guess_encoding(data)}",
            path,
            line,
            col,
            hint="save the file as UTF-8 (in most editors: Save As… → Encoding: UTF-8)",
        ) from None
    if "\x00" in text:
        line, col = _position(text, text.index("\x00"))
        raise SiteError(
            "file contains NUL bytes: it looks binary, not text",
            path,
            line,
            col,
            hint="point to a text file (UTF-8), not an image or a document",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB" if size % MB else f"{size // MB} MB"


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _guess_encoding(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "; it looks like UTF-16"
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
    return f"; it looks like {found[0]}" if found else ""


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
