"""A recording: which video a YouTube or Vimeo address names, read when the report loads.

The page shows it as a facade (render/recordings.py): nothing is asked of the video host
until the reader clicks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from seminar_site.content.posters import cached_or_fetched
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.i18n import _
from seminar_site.model import Recording
from seminar_site.settings.schema import Checked

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                  "www.youtube-nocookie.com", "youtu.be")  # fmt: skip
_VIMEO_HOSTS = ("vimeo.com", "www.vimeo.com", "player.vimeo.com")


def load_recording(
    data: Checked,
    errors: ErrorCollector,
    transcript: Callable[[Checked, str], str],
    posters_root: Path | None = None,
    warnings: list[SiteError] | None = None,
) -> Recording | None:
    """The recording of ``data``, or None after an error; ``transcript`` converts the
    transcript's Markdown (the report's converter, which locates its errors);
    ``posters_root``: the site root, when posters are fetched (``fetch_posters``)."""
    url = str(data.get("url", ""))
    title = str(data.get("title", "")).strip()
    if not url or not title:
        return None  # the shape check has said what is missing
    video = video_of(url)
    if video is None:
        errors.add(
            data.error(
                "url",
                _("'{url}' is not the address of a YouTube or Vimeo video", url=url),
                hint=_(
                    "copy the address of the video's page, e.g. "
                    "https://www.youtube.com/watch?v=… or https://vimeo.com/123456789"
                ),
            )
        )
        return None
    host, video_id = video
    html = transcript(data, data["transcript"]) if data.get("transcript") else ""
    recording = Recording(
        host=host,
        video_id=video_id,
        url=url,
        title=title,
        captions=bool(data.get("captions", False)),
        transcript_html=html,
    )
    if posters_root is None:
        return recording
    fetched = cached_or_fetched(host, video_id, title, posters_root)
    if fetched is None:
        if warnings is not None:
            warnings.append(
                data.error(
                    "url",
                    _("could not fetch the poster of the video '{title}'", title=title),
                    hint=_(
                        "the page shows a placeholder; it is fetched again when the report "
                        "changes (or set 'fetch_posters: false' in site.yaml)"
                    ),
                )
            )
        return recording
    poster, size = fetched
    return replace(recording, poster=poster, poster_size=size)


def video_of(url: str) -> tuple[str, str] | None:
    """("youtube", 11-character id) or ("vimeo", "123456" or "123456/hash" of an unlisted
    video), or None when ``url`` names no video."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = [part for part in parts.path.split("/") if part]
    if host in _YOUTUBE_HOSTS:
        if host == "youtu.be":
            candidate = path[0] if path else ""
        elif path[:1] == ["watch"]:
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif len(path) >= 2 and path[0] in ("embed", "live", "shorts", "v"):
            candidate = path[1]
        else:
            candidate = ""
        return ("youtube", candidate) if _YOUTUBE_ID.fullmatch(candidate) else None
    if host in _VIMEO_HOSTS:
        if path[:1] == ["video"]:
            path = path[1:]
        if path and path[0].isdigit():
            secret = parse_qs(parts.query).get("h", [""])[0] or (path[1] if len(path) > 1 else "")
            if secret and not re.fullmatch(r"[0-9a-f]+", secret):
                secret = ""
            return ("vimeo", f"{path[0]}/{secret}" if secret else path[0])
    return None
