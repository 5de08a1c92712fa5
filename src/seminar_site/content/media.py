"""The materials and the recording of a report or a session, as the model's keyword
arguments (``Session(..., **media)``): the one call the report loader makes for them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypedDict

from seminar_site.content.materials import load_materials
from seminar_site.content.recordings import load_recording
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.model import Material, Recording
from seminar_site.settings.schema import Checked


class Media(TypedDict):
    materials: tuple[Material, ...]
    recording: Recording | None


def media_of(
    data: Checked,
    base: Path,
    fence: Path,
    errors: ErrorCollector,
    warnings: list[SiteError],
    transcript: Callable[[Checked, str], str],
    fetch_posters: bool = False,
    counted: Mapping[str, int] | None = None,
) -> Media:
    """``fence``: content/, resolved (its parent is the site root, where posters are cached);
    ``counted``: the page counts of PDF files read before, by digest."""
    items = data.get("materials", [])
    materials = load_materials(items, base, fence, errors, warnings, counted)
    recording = None
    if "recording" in data:
        root = fence.parent if fetch_posters else None
        recording = load_recording(data["recording"], errors, transcript, root, warnings)
    return Media(materials=materials, recording=recording)
