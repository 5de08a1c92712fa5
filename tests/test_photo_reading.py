"""How the photo worker reads a source (photos/worker.py): held whole up to READ_WHOLE_LIMIT,
above it hashed in blocks and decoded from the file. Both ways make the same files, and a
file that changes between the two reads is refused, never cached under the other hash."""

from __future__ import annotations

import filecmp
import random
from pathlib import Path

import pytest
from PIL import Image

from seminar_site.photos import worker
from seminar_site.photos.plan import PhotoError, PhotoJob
from seminar_site.settings.renditions import RenditionSettings

SETTINGS = RenditionSettings(widths=(160, 320), formats=("webp", "jpeg"), social_size=(120, 63))


def noisy_png(path: Path, size: tuple[int, int] = (900, 700)) -> Path:
    """A PNG of random pixels: about 1.9 MB, several of the worker's 1 MB blocks."""
    rng = random.Random(7)
    Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3)).save(path)
    assert path.stat().st_size > 1_500_000
    return path


def test_a_photo_read_in_blocks_gives_the_files_of_one_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = noisy_png(tmp_path / "noise.png")
    whole = worker.process_photo(PhotoJob(str(source), "", SETTINGS, True), str(tmp_path / "a"))
    monkeypatch.setattr(worker, "READ_WHOLE_LIMIT", 1 << 20)
    reads: list[bytes | None] = []
    real = worker._read_and_stamp
    monkeypatch.setattr(
        worker, "_read_and_stamp", lambda p: (found := real(p), reads.append(found[0]))[0]
    )
    blocks = worker.process_photo(PhotoJob(str(source), "", SETTINGS, True), str(tmp_path / "b"))
    assert reads == [None]  # it was not held whole
    assert blocks == whole and whole.source_hash and whole.social is not None
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir()) and len(names) == 6
    _same, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", names, False)
    assert mismatch == errors == []


def test_a_photo_that_changes_while_it_is_read_is_refused_and_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = noisy_png(tmp_path / "noise.png")
    monkeypatch.setattr(worker, "READ_WHOLE_LIMIT", 1 << 20)
    real = worker._render

    def render_then_copy_over(job, data=None):  # type: ignore[no-untyped-def]
        made = real(job, data)
        noisy_png(source, (901, 700))  # the author copies another photo over it meanwhile
        return made

    monkeypatch.setattr(worker, "_render", render_then_copy_over)
    cache = tmp_path / "cache"
    with pytest.raises(PhotoError) as caught:
        worker.process_photo(PhotoJob(str(source), "", SETTINGS, False), str(cache))
    assert caught.value.path == source
    assert "changed while it was being read" in str(caught.value.message)
    assert "build again" in str(caught.value.hint)
    assert not cache.exists() or list(cache.iterdir()) == []
    monkeypatch.setattr(worker, "_render", real)  # once the copy is done, the next build works
    done = worker.process_photo(PhotoJob(str(source), "", SETTINGS, False), str(cache))
    assert (done.width, done.height) == (901, 700)


def test_a_photo_held_whole_is_not_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read once, its hash and its pixels are of the same bytes, whatever the file becomes."""
    source = noisy_png(tmp_path / "noise.png")
    real = worker._render

    def render_then_copy_over(job, data=None):  # type: ignore[no-untyped-def]
        assert data is not None
        made = real(job, data)
        noisy_png(source, (901, 700))
        return made

    monkeypatch.setattr(worker, "_render", render_then_copy_over)
    done = worker.process_photo(PhotoJob(str(source), "", SETTINGS, False), str(tmp_path / "c"))
    assert (done.width, done.height) == (900, 700)
