"""The gallery's <picture> offers exactly the formats the site makes: no empty <source>."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from seminar_site.pipeline.build import BuildOptions, build
from tests.conftest import REPORT_DIR, REPORT_PATH, report_yaml, site_yaml


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


PHOTOS = "    photos:\n      - file: a.jpg\n        alt: 会場で講演を聞く参加者\n"


@pytest.mark.parametrize(
    ("formats", "types"),
    [
        ("[jpeg]", []),
        ("[webp, jpeg]", ["image/webp"]),
    ],
)
def test_sources_match_the_formats_made(make_site, tmp_path: Path, formats, types) -> None:
    extra = f"photos:\n  widths: [160, 320]\n  formats: {formats}\n"
    sessions = "      - kind: 講演\n        title: 基調講演\n" + PHOTOS
    root = make_site(
        {
            "content/site.yaml": site_yaml(extra=extra),
            REPORT_PATH: report_yaml(sessions=sessions),
            f"{REPORT_DIR}/a.jpg": jpeg(),
        }
    )
    out = tmp_path / "out"
    build(BuildOptions(root=root, out=out, workers=1))
    page = BeautifulSoup((out / "reports/r1/index.html").read_text("utf-8"), "html.parser")
    sources = page.select(".gallery picture source")
    assert [s["type"] for s in sources] == types
    assert all(s["srcset"].strip() for s in sources)
    for source in sources:
        for item in source["srcset"].split(","):
            assert (out / "reports/r1" / item.split()[0]).resolve().is_file()
