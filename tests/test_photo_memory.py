"""The photo workers keep freed memory for the next photo (photos.memory.keep_freed_memory):
the same files either way, and the page faults of a second photo spared.

Each case runs in a new Python process, so that the C library's settings of one do not reach
the others (nor this test process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from seminar_site.photos.memory import keep_freed_memory
from tests.conftest import SRC

glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not os.confstr("CS_GNU_LIBC_VERSION"),
    reason="mallopt is glibc's",
)

# Process each photo (in a fresh process), once with the trick and once without, and say the
# minor page faults of every pass and the bytes of every file made.
SCRIPT = r"""
import json, resource, sys
from pathlib import Path
from seminar_site.photos import memory, worker
from seminar_site.photos.plan import PhotoJob
from seminar_site.settings.renditions import RenditionSettings

keep, cache, photos = sys.argv[1] == "keep", Path(sys.argv[2]), sys.argv[3:]
kept = memory.keep_freed_memory() if keep else False
settings = RenditionSettings(widths=(320, 640), formats=("webp", "jpeg"))
faults, files = [], {}
for n, photo in enumerate(photos * 2):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    result = worker.process_photo(PhotoJob(photo, "", settings, n == 0), str(cache / str(n)))
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    for name in result.filenames():
        files[name] = (cache / str(n) / name).read_bytes().hex()
print(json.dumps({"kept": kept, "faults": faults, "files": files}))
"""


def photos(folder: Path) -> list[str]:
    """A noisy PNG with alpha (no JPEG draft: decoded at full size) and a JPEG, large
    enough that their blocks are megabytes."""
    folder.mkdir()
    noise = Image.frombytes("RGBA", (1800, 1200), os.urandom(1800 * 1200 * 4))
    noise.save(folder / "noise.png", compress_level=1)
    Image.frombytes("RGB", (2400, 1600), os.urandom(2400 * 1600 * 3)).save(
        folder / "noise.jpg", quality=90
    )
    return [str(folder / "noise.png"), str(folder / "noise.jpg")]


def python(script: str, *args: str) -> dict:
    """What ``script`` prints (JSON), run by a new interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    return json.loads(proc.stdout)


@glibc
def test_kept_memory_makes_the_same_files_and_spares_the_next_photos_page_faults(
    tmp_path: Path,
) -> None:
    files = photos(tmp_path / "photos")
    kept = python(SCRIPT, "keep", str(tmp_path / "kept"), *files)
    plain = python(SCRIPT, "plain", str(tmp_path / "plain"), *files)
    assert kept["kept"] is True and plain["kept"] is False
    assert kept["files"] == plain["files"]  # the same names and bytes
    assert len(kept["files"]) > 2 * 4  # two widths in two formats each, and more
    # After the first photo, the others (and the same ones again) reuse its memory.
    first, rest = kept["faults"][0], sum(kept["faults"][1:])
    assert rest < first / 5, kept["faults"]
    # Measured: [10020, 3, 1189, 1] against [14434, 3, 4285, 1] without it.
    assert rest < sum(plain["faults"][1:]) / 2, (kept["faults"], plain["faults"])


def test_elsewhere_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert keep_freed_memory() is False


SCOPED = r"""
import json, os, sys
from seminar_site.photos import memory, worker
from seminar_site.photos.plan import PhotoJob
from seminar_site.settings.renditions import RenditionSettings

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

settings = RenditionSettings(widths=(640,), formats=("jpeg",))
with memory.freed_memory_kept() as kept:
    for n, photo in enumerate(sys.argv[2:]):
        worker.process_photo(PhotoJob(photo, "", settings, False), sys.argv[1] + str(n))
    inside = rss()
print(json.dumps({"kept": kept, "inside": inside, "after": rss()}))
"""


@glibc
def test_the_stages_own_process_hands_the_kept_memory_back_after_the_photos(
    tmp_path: Path,
) -> None:
    files = photos(tmp_path / "photos")
    found = python(SCOPED, str(tmp_path / "cache"), *files)
    assert found["kept"] is True
    assert found["after"] < found["inside"] - 8 * 1024 * 1024, found  # `serve` goes on
