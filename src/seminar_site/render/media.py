"""How materials and recordings read on the page: link text with format, size and pages
(「講演資料(PDF形式、18ページ、2.3MB)」), and the recording's click-to-load facade.

The facade's markup names no video host's file: the poster is the theme's local image and
the player's address waits in a ``data-`` attribute until the reader clicks
(static/js/recordings.js), so the page asks nothing of YouTube or Vimeo before that.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import urlencode

from seminar_site.content.material_labels import stated_info
from seminar_site.model import Material, Recording

POSTER = "img/video-poster.svg"  # the theme's placeholder poster (an asset name)

# Format key → the name a reader knows (the text rules' spellings, rules/links.py).
FORMAT_NAMES = {"pdf": "PDF", "pptx": "PowerPoint", "xlsx": "Excel", "docx": "Word"}
HOSTS = {"youtube": "YouTube", "vimeo": "Vimeo"}

_TABLE: dict[str, tuple[str, str]] = {
    "materials": ("資料", "Materials"),
    "recording": ("記録映像", "Recording"),
    "materials_recording": ("資料・記録映像", "Materials and recording"),
    "transcript": ("文字起こし", "Transcript"),
    "captions": ("字幕あり", "Captions available"),
    "watch_on": ("{host}で見る", "Watch on {host}"),
    "notice": (
        "再生ボタンを押すと、{host}から動画を読み込みます。",
        "Pressing play loads the video from {host}.",
    ),
    "external": ("外部サイト", "external site"),
}
LABELS: dict[str, Mapping[str, str]] = {
    lang: MappingProxyType({key: value[index] for key, value in _TABLE.items()})
    for index, lang in enumerate(("ja", "en"))
}


def size_text(size: int, lang: str) -> str:
    """58KB / 2.3MB (1 KB = 1024 bytes, as file managers count); English spaces the unit."""
    if size < 1024 * 1024:
        amount, unit = str(max(1, math.ceil(size / 1024))), "KB"
    else:
        amount, unit = f"{size / (1024 * 1024):.1f}", "MB"
    return f"{amount}{unit}" if lang == "ja" else f"{amount} {unit}"


def material_info(material: Material, lang: str) -> str:
    """「(PDF形式、18ページ、2.3MB)」 / " (PDF, 18 pages, 2.3 MB)"; '' for a link."""
    if material.source is None:
        return ""
    name = FORMAT_NAMES[material.kind]
    size = size_text(material.size, lang)
    if lang == "ja":
        pages = f"{material.pages}ページ、" if material.pages is not None else ""
        return f"({name}形式、{pages}{size})"
    pages = ""
    if material.pages is not None:
        pages = f"{material.pages} page, " if material.pages == 1 else f"{material.pages} pages, "
    return f" ({name}, {pages}{size})"


def material_text(material: Material, lang: str) -> str:
    """The whole link text: what the file is, then its format, page count and size. A label
    that ends with its own 「（PDF形式、1ページ）」 has it replaced by the file's figures, in the
    label's brackets: 「講演資料（PDF形式、1ページ、1KB）」, never the format twice."""
    info = material_info(material, lang)
    stated = stated_info(material.label) if info else None
    if stated is None:
        return material.label + info
    if stated.opening == "（" and info.startswith("("):
        info = f"（{info[1:-1]}）"
    return stated.label.rstrip() + info


def embed_url(recording: Recording, lang: str) -> str:
    """The player's address, loaded only after the click: youtube-nocookie for YouTube,
    Vimeo's player with do-not-track."""
    if recording.host == "youtube":
        query = {"autoplay": "1", "rel": "0", "hl": lang}
        if recording.captions:
            query |= {"cc_load_policy": "1", "cc_lang_pref": lang}
        return f"https://www.youtube-nocookie.com/embed/{recording.video_id}?{urlencode(query)}"
    number, _, secret = recording.video_id.partition("/")
    query = {"autoplay": "1", "dnt": "1"}
    if secret:
        query["h"] = secret
    if recording.captions:
        query["texttrack"] = lang
    return f"https://player.vimeo.com/video/{number}?{urlencode(query)}"


def watch_url(recording: Recording) -> str:
    """The video's own page: the link for readers without JavaScript."""
    if recording.host == "youtube":
        return f"https://www.youtube.com/watch?v={recording.video_id}"
    number, _, secret = recording.video_id.partition("/")
    return f"https://vimeo.com/{number}/{secret}" if secret else f"https://vimeo.com/{number}"


def recording_view(recording: Recording, lang: str) -> dict[str, Any]:
    """What the facade template shows."""
    return {
        "title": recording.title,
        "host": HOSTS[recording.host],
        "embed": embed_url(recording, lang),
        "watch": watch_url(recording),
        "captions": recording.captions,
        "transcript_html": recording.transcript_html,
    }


def media_functions(lang: str) -> dict[str, Callable[..., Any]]:
    """The environment's filters for materials and recordings in ``lang``."""
    return {
        "material_text": lambda material: material_text(material, lang),
        "recording_view": lambda recording: recording_view(recording, lang),
    }
