"""Read a content text file as UTF-8, turning encoding mistakes into located user errors."""

from __future__ import annotations

from pathlib import Path

from seminar_site.errors import SiteError

MAX_TEXT_BYTES = 20 * 1024 * 1024


def read_text(path: Path) -> str:
    """The file's text (BOM removed, CRLF normalised), or a SiteError saying how to fix it."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise SiteError(
                f"file is too large ({size // (1024 * 1024)} MB; the limit is "
                f"{MAX_TEXT_BYTES // (1024 * 1024)} MB)",
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
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SiteError(
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}){_guess_encoding(data)}",
            path,
            line,
            col,
            hint="save the file as UTF-8 (in most editors: Save As… → Encoding: UTF-8)",
        ) from None
    if "\x00" in text:
        raise SiteError("file contains NUL bytes: it looks binary, not text", path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _guess_encoding(data: bytes) -> str:
    for name, label in (("shift_jis", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("utf-16", "UTF-16")):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return f"; it looks like {label}"
    return ""
