"""A build reports its stages as events: tests read them, the CLI and `serve` show them."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from seminar_site.dev.watch import ConsoleReporter
from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.system.report import BufferReporter
from tests.conftest import REPORT_DIR, REPORT_PATH, report_yaml, site_yaml

PHOTOS = "    photos:\n      - file: a.jpg\n        alt: 会場で講演を聞く参加者\n"


def site_with_a_photo(make_site) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 150), (200, 90, 40)).save(buffer, "JPEG")
    sessions = "      - kind: 講演\n        title: 基調講演\n" + PHOTOS
    return make_site(
        {
            "content/site.yaml": site_yaml(extra="photos:\n  widths: [64, 128]\n"),
            REPORT_PATH: report_yaml(sessions=sessions),
            f"{REPORT_DIR}/a.jpg": buffer.getvalue(),
        }
    )


def test_a_build_reports_each_stage_in_order(make_site, tmp_path: Path) -> None:
    root = site_with_a_photo(make_site)
    reporter = BufferReporter()
    build(BuildOptions(root=root, out=tmp_path / "out", workers=1), reporter=reporter)
    starts = [e.stage for e in reporter.events if e.kind == "start"]
    assert starts == ["load", "photos", "render", "write"]
    photos = [e for e in reporter.events if e.stage == "photos"]
    assert [(e.kind, e.done, e.total) for e in photos] == [
        ("start", 0, 1),
        ("progress", 1, 1),
        ("end", 1, 1),
    ]
    assert set(reporter.timings()) == {"load", "photos", "render", "write"}
    again = BufferReporter()
    build(BuildOptions(root=root, out=tmp_path / "out", workers=1), reporter=again)
    # Nothing to process: the photo comes from the record (or, if its stamp is too recent to
    # trust, from the cache), so the stage counts no item.
    assert [e.total for e in again.events if e.stage == "photos"] in ([], [0, 0])


def test_serve_says_when_photos_are_being_processed(make_site, tmp_path: Path) -> None:
    root = site_with_a_photo(make_site)
    said: list[str] = []
    build(
        BuildOptions(root=root, out=tmp_path / "out", workers=1),
        reporter=ConsoleReporter(said.append),
    )
    assert said[0] == "processing 1 photo(s)…"
    assert said[1].startswith("photos processed in ") and said[1].endswith(" s")
