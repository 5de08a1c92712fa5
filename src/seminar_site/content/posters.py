"""A recording's poster, fetched from the video host at build time when the site asks for
it (``fetch_posters: true``), so that the reader's browser never has to.

Opt-in because the build then goes on the network: each fetch waits 3 seconds at most, and
a video whose poster cannot be fetched (offline, as in CI) keeps the theme's placeholder,
with a warning. A fetched poster is re-encoded without metadata and kept in the site's
cache (``.seminar-cache/posters``), which later builds read instead of the network; it is
published, like a material, under a name carrying its digest.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from pathlib import Path
from urllib.parse import quote, urlsplit

from seminar_site.model import Material
from seminar_site.system.atomic import write_atomic
from seminar_site.system.stamps import record_read

log = logging.getLogger(__name__)

POSTERS_DIR = "posters"
CACHE = Path(".seminar-cache") / "posters"  # in the site root, beside the photo cache
TIMEOUT = 3.0  # seconds for each request: an offline build must not hang
MAX_BYTES = 2 * 1024 * 1024
_AGENT = {"User-Agent": "seminar-site (poster fetch)"}


def cached_or_fetched(
    host: str, video_id: str, title: str, root: Path
) -> tuple[Material, tuple[int, int]] | None:
    """The poster of one video and its size: from the cache, else fetched and cached; None
    when it cannot be had (the caller warns and the placeholder is shown)."""
    cached = root / CACHE / f"{host}-{video_id.replace('/', '-')}.jpg"
    if not cached.is_file():
        try:
            data = _encode(_download(_poster_url(host, video_id)))
        except Exception as exc:  # offline, refused, not an image: the placeholder then
            log.debug("poster of %s %s: %s", host, video_id, exc)
            return None
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, data)
    record_read(cached)
    data = cached.read_bytes()
    try:
        size = _size(data)
    except Exception:  # the cached file was damaged: fetched again next time
        cached.unlink(missing_ok=True)
        return None
    digest = hashlib.sha256(data).hexdigest()
    poster = Material(
        label=title,
        source=cached,
        kind="jpeg",
        size=len(data),
        digest=digest,
        published=f"{POSTERS_DIR}/{digest[:16]}.jpg",
    )
    return poster, size


def _size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


def _poster_url(host: str, video_id: str) -> str:
    if host == "youtube":
        return f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"
    number, _, secret = video_id.partition("/")
    page = f"https://vimeo.com/{number}/{secret}" if secret else f"https://vimeo.com/{number}"
    answer = json.loads(_download(f"https://vimeo.com/api/oembed.json?url={quote(page)}"))
    url = str(answer.get("thumbnail_url", ""))
    parts = urlsplit(url)
    if parts.scheme != "https" or not (parts.hostname or "").endswith(".vimeocdn.com"):
        raise ValueError("no thumbnail on Vimeo's CDN")
    return url


def _download(url: str) -> bytes:
    from urllib.request import Request, urlopen  # http and ssl: only when a poster is fetched

    with urlopen(Request(url, headers=_AGENT), timeout=TIMEOUT) as response:
        data: bytes = response.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError("poster too large")
    return data


def _encode(data: bytes) -> bytes:
    """The image as a plain JPEG: no EXIF, XMP or ICC data from the host, at most 640 wide."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        picture = image.convert("RGB")
    picture.thumbnail((640, 640))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()
