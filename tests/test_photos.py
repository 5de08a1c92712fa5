"""Many photos at once: cache reuse proved by counting decodes and reads, errors gathered."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from seminar_site.errors import ContentErrors
from seminar_site.photos import worker as photo_worker
from seminar_site.photos.cache import HASH_INDEX, prune_cache
from seminar_site.photos.plan import Wants
from seminar_site.photos.stage import cache_files_in_use, decode_count, process_photos
from seminar_site.settings.renditions import RenditionSettings
from seminar_site.system.report import BufferReporter, Event
from tests.conftest import shared_path

SMALL = RenditionSettings(widths=(32, 64), social_size=(120, 63))


def make(folder: Path, n: int = 4) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"p{i}.jpg"
        Image.new("RGB", (90 + 10 * i, 60), (40 * i, 100, 200)).save(path)
        paths.append(path)
    return paths


def build(paths: list[Path], cache: Path, **kw):
    return process_photos([(p, Wants()) for p in paths], SMALL, cache, workers=1, **kw)


def test_results_come_back_in_input_order(tmp_path: Path) -> None:
    paths = make(tmp_path / "in")
    results = process_photos(
        [(p, Wants(card=i == 2)) for i, p in enumerate(paths)], SMALL, tmp_path / "c"
    )
    assert list(results) == paths
    assert [r.social is not None for r in results.values()] == [False, False, True, False]
    assert [r.width for r in results.values()] == [90, 100, 110, 120]
    assert decode_count(results) == 4


def test_unchanged_photos_are_neither_decoded_nor_read_again(tmp_path, monkeypatch) -> None:
    paths = make(tmp_path / "in")
    cache = tmp_path / "cache"
    first = build(paths, cache)
    reads: list[str] = []
    real = photo_worker._read_and_stamp  # the worker's read (read_source, with its stamp)
    monkeypatch.setattr(photo_worker, "_read_and_stamp", lambda p: reads.append(p) or real(p))
    second = build(paths, cache)
    assert decode_count(first) == 4 and decode_count(second) == 0
    assert reads == []  # size + mtime matched: not even read to hash it
    assert second == {p: replace(r, decoded=False) for p, r in first.items()}


def test_editing_one_photo_decodes_only_that_one(tmp_path: Path, monkeypatch) -> None:
    paths = make(tmp_path / "in")
    cache = tmp_path / "cache"
    first = build(paths, cache)
    Image.new("RGB", (200, 50), "yellow").save(paths[1])
    os.utime(paths[1], ns=(1, 1))  # even with an odd mtime, the size/mtime pair changed
    second = build(paths, cache)
    assert [r.decoded for r in second.values()] == [False, True, False, False]
    assert second[paths[1]].source_hash != first[paths[1]].source_hash
    assert second[paths[0]] == replace(first[paths[0]], decoded=False)


def test_touching_a_file_rehashes_but_does_not_decode(tmp_path: Path, monkeypatch) -> None:
    paths = make(tmp_path / "in", 2)
    cache = tmp_path / "cache"
    build(paths, cache)
    os.utime(paths[0], ns=(10**18, 10**18))
    reads: list[str] = []
    real = photo_worker._read_and_stamp  # the worker's read (read_source, with its stamp)
    monkeypatch.setattr(photo_worker, "_read_and_stamp", lambda p: reads.append(p) or real(p))
    assert decode_count(build(paths, cache)) == 0
    assert reads == [str(paths[0].resolve())]
    reads.clear()
    assert decode_count(build(paths, cache)) == 0 and reads == []  # the new mtime was recorded


def test_identical_photos_are_processed_once(tmp_path: Path, monkeypatch) -> None:
    paths = make(tmp_path / "in", 1)
    copy = tmp_path / "in" / "copy.jpg"
    copy.write_bytes(paths[0].read_bytes())
    sources = [(paths[0], Wants(card=True)), (copy, Wants(card=True))]
    first = process_photos(sources, SMALL, tmp_path / "c", workers=1)
    assert first[paths[0]].renditions == first[copy].renditions
    renders: list[object] = []
    real = photo_worker._render
    monkeypatch.setattr(
        photo_worker, "_render", lambda job, data: renders.append(job) or real(job, data)
    )
    other = RenditionSettings(widths=(48,), social_size=(120, 63))
    second = process_photos(sources, other, tmp_path / "c", workers=1)  # hashes known now
    assert len(renders) == 1 and second[paths[0]] == second[copy]


def test_all_failures_are_reported_and_good_photos_still_processed(tmp_path: Path) -> None:
    paths = make(tmp_path / "in", 2)
    broken = tmp_path / "in" / "broken.jpg"
    buf = io.BytesIO()
    Image.effect_noise((300, 200), 50).convert("RGB").save(buf, "JPEG")
    broken.write_bytes(buf.getvalue()[:400])
    text = tmp_path / "in" / "readme.png"
    text.write_text("hello")
    missing = tmp_path / "in" / "gone.jpg"
    cache = tmp_path / "cache"
    with pytest.raises(ContentErrors) as info:
        build([paths[0], broken, text, paths[1], missing], cache)
    assert sorted(e.path.name for e in info.value.errors if e.path) == [
        "broken.jpg",
        "gone.jpg",
        "readme.png",
    ]
    assert all(e.path and str(e.path) in e.format() for e in info.value.errors)
    assert decode_count(build(paths, cache)) == 0  # the good ones were finished meanwhile


def test_pool_gives_the_same_results_as_inline(tmp_path: Path) -> None:
    paths = make(tmp_path / "in", 4)
    bad = tmp_path / "in" / "bad.jpg"
    bad.write_bytes(b"nope")
    inline = build(paths, tmp_path / "c1")
    pooled = process_photos([(p, Wants()) for p in paths], SMALL, tmp_path / "c2", workers=2)
    assert pooled == inline
    with pytest.raises(ContentErrors) as info:  # errors survive the trip between processes
        process_photos([(p, Wants()) for p in [*paths, bad]], SMALL, tmp_path / "c2", workers=2)
    assert [e.path for e in info.value.errors] == [bad]


def test_removed_photos_are_pruned_from_the_cache(tmp_path: Path) -> None:
    paths = make(tmp_path / "in", 3)
    cache = tmp_path / "cache"
    build(paths, cache)
    kept = build(paths[:2], cache)
    keep = cache_files_in_use(kept)
    assert HASH_INDEX in keep
    removed = prune_cache(cache, keep)
    assert removed and all(name not in keep for name in removed)
    assert {p.name for p in cache.iterdir()} == keep
    assert decode_count(build(paths[:2], cache)) == 0


def test_progress_is_reported_as_events_and_nothing_is_printed(tmp_path, capsys) -> None:
    """The photo stage reports its progress to the reporter (the CLI draws the bar); it
    prints nothing itself."""
    paths = make(tmp_path / "in", 2)
    reporter = BufferReporter()
    build(paths, tmp_path / "a", reporter=reporter)
    assert reporter.events[0] == Event("photos", "start", total=2)
    assert [(e.kind, e.done) for e in reporter.events[1:3]] == [("progress", 1), ("progress", 2)]
    assert reporter.events[-1].kind == "end" and reporter.events[-1].done == 2
    again = BufferReporter()
    build(paths, tmp_path / "a", reporter=again)  # all cached: nothing to count
    assert [(e.kind, e.total) for e in again.events] == [("start", 0), ("end", 0)]
    assert capsys.readouterr() == ("", "")


def test_phone_corpus(tmp_path: Path) -> None:
    """The shared generator's edge cases (Orientation 6, GPS, ICC, CMYK, alpha, 16-bit, 48 MP)."""
    pytest.importorskip("numpy")
    make_photos = shared_path("tools", "make_photos.py")
    folder = tmp_path / "phone"
    cmd = [sys.executable, str(make_photos), str(folder), "-n", "8", "--scale", "0.1"]
    made = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert made.returncode == 0, made.stderr
    paths = sorted(folder.iterdir())
    cache = tmp_path / "cache"
    results = process_photos(
        [(p, Wants(card=True)) for p in paths], RenditionSettings(), cache, workers=1
    )
    assert results[folder / "IMG_0003.jpg"].height > results[folder / "IMG_0003.jpg"].width
    for path, result in results.items():
        with Image.open(path) as src:
            long_edge = max(src.size)
        for r in result.renditions:
            with Image.open(cache / r.filename) as out:
                assert out.size == (r.width, r.height)
                assert max(out.size) <= long_edge
                assert not out.getexif() and "icc_profile" not in out.info
                assert out.mode in ("RGB", "RGBA")


def test_hash_index_keeps_other_photos_and_forgets_deleted_ones(tmp_path: Path) -> None:
    paths = make(tmp_path / "in", 3)
    cache = tmp_path / "cache"
    build(paths, cache)
    paths[2].unlink()
    build(paths[:1], cache)  # a build of a subset
    entries = json.loads((cache / HASH_INDEX).read_text(encoding="utf-8"))["entries"]
    assert sorted(entries) == sorted(str(p.resolve()) for p in paths[:2])
