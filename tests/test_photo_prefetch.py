"""The photo prefetch (photos/prefetch.py: workers that start decoding before the site is
loaded) is a speed trick only: builds with and without it give the same site, the same
photo cache and the same messages, byte for byte.

Each build runs the CLI in a fresh interpreter: the prefetch forks only while the process
runs a single thread, and the browser fixtures of this test session keep threads alive.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from seminar_site.photos.cache import HashIndex
from seminar_site.photos.plan import PhotoJob, Wants
from seminar_site.photos.prefetch import Prefetch, new_photos, stat_key
from seminar_site.settings.renditions import RenditionSettings
from tests.conftest import SRC
from tests.test_incremental import assert_same_tree, tree, write

# "prefetch": the CLI as it is, counting what the prefetch sent and what the stage took;
# "plain": the same CLI with the prefetch turned off.
CLI = """
import json, sys
from seminar_site import cli
from seminar_site.photos import prefetch as prefetching

mode = sys.argv[1]
seen = {"prefetched": [], "taken": 0}
real_start, real_take = prefetching.start_prefetch, prefetching.Prefetch.take

def start(*args, **kwargs):
    found = real_start(*args, **kwargs)
    if found is not None:
        seen["prefetched"] = sorted(p.rsplit("/", 1)[1] for p in found.futures)
    return found

def take(self, *args, **kwargs):
    taken = real_take(self, *args, **kwargs)
    seen["taken"] += taken is not None
    return taken

prefetching.start_prefetch = start if mode == "prefetch" else (lambda *a, **k: None)
prefetching.Prefetch.take = take
code = cli.main(sys.argv[2:])
print(json.dumps({"code": code, **seen}))
"""

SITE = "title: 先読みテスト\nlanguage: ja\nbase_url: https://example.jp/\n"
REPORT = """\
title: 写真の多い報告
lead: 1/22に開催しました。
published: 2021-02-24
event:
  name: 先読みテスト
  format: offline
days:
  - date: 2021-01-22
    photos:
{photos}"""


def run_cli(root: Path, mode: str, *args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", CLI, mode, "build", "--root", str(root), "--jobs", "2", *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        timeout=120,
    )
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["stderr"] = proc.stderr.replace(str(root), "ROOT")
    result["stdout"] = "\n".join(proc.stdout.strip().splitlines()[:-1])
    return result


def camera_photo(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """A photo with some detail (so that sizes differ and encoders have work)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.paste(colour, (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
    image.save(path, quality=90)


def photo_site(root: Path, broken: bool = False) -> Path:
    """A report of five photos (two with the same bytes; the first is the social card's) and
    two files in its folder that no report shows."""
    write(root / "content" / "site.yaml", SITE)
    folder = root / "content" / "reports" / "gallery"
    sizes = [(1600, 1200), (1200, 1600), (2400, 800), (640, 480)]
    for n, size in enumerate(sizes, 1):
        camera_photo(folder / "photos" / f"p{n}.jpg", size, (40 * n, 90, 160))
    (folder / "photos" / "same.jpg").write_bytes((folder / "photos" / "p2.jpg").read_bytes())
    camera_photo(folder / "unused" / "old.jpg", (2000, 1500), (10, 10, 10))
    camera_photo(folder / "photos" / "not-listed.png", (300, 200), (200, 0, 0))
    names = [f"p{n}.jpg" for n in range(1, 5)] + ["same.jpg"]
    if broken:
        data = (folder / "photos" / "p3.jpg").read_bytes()
        (folder / "photos" / "p3.jpg").write_bytes(data[: len(data) // 3])
    listing = "".join(f"      - file: photos/{name}\n        alt: 会場の様子\n" for name in names)
    write(folder / "report.yaml", REPORT.format(photos=listing))
    return root


def cache_files(root: Path) -> dict[str, object]:
    """The photo cache's files; the hash index's entries as path under the site → (size,
    hash): their order is that in which photos were done, the times those of each copy. The
    prefetch's own list of files no page shows is left out (see unshown())."""
    cache = root / ".seminar-cache" / "photos"
    files: dict[str, object] = {name: (cache / name).read_bytes() for name in tree(cache)}
    if "hash-index.json" in files:
        entries = json.loads(files["hash-index.json"])["entries"]  # type: ignore[arg-type]
        prefix = str(root.resolve()) + "/"
        files["hash-index.json"] = {
            k.removeprefix(prefix): [size, digest] for k, (size, _mtime, digest) in entries.items()
        }
    return files


def unshown(root: Path) -> list[str]:
    index = json.loads((root / ".seminar-cache/photos/hash-index.json").read_text("utf-8"))
    return sorted(Path(path).name for path in index.get("unshown", {}))


def twin_sites(tmp_path: Path, broken: bool = False) -> tuple[Path, Path]:
    first = photo_site(tmp_path / "with", broken)
    second = tmp_path / "without"
    subprocess.run(["cp", "-a", str(first), str(second)], check=True)
    return first, second


def same_messages(got: dict[str, object], want: dict[str, object]) -> None:
    assert got["code"] == want["code"]
    assert got["stderr"] == want["stderr"]
    # the summary line carries the build's own time
    assert str(got["stdout"]).split("（")[0] == str(want["stdout"]).split("（")[0]


def test_a_cold_build_with_the_prefetch_equals_one_without(tmp_path: Path) -> None:
    with_it, without = twin_sites(tmp_path)
    got = run_cli(with_it, "prefetch")
    want = run_cli(without, "plain")
    # Every photo file under content/reports was sent, listed or not; the stage took the
    # listed ones it found started or done (the social card's too, if started: the card is
    # then made after it), and submitted the others again in its own order.
    assert got["prefetched"] == [
        "not-listed.png", "old.jpg", "p1.jpg", "p2.jpg", "p3.jpg", "p4.jpg", "same.jpg"
    ]  # fmt: skip
    assert 1 <= int(str(got["taken"])) <= 5 and want["prefetched"] == [] and want["taken"] == 0
    same_messages(got, want)
    assert got["code"] == 0, got["stderr"]
    assert_same_tree(with_it / "_site", without / "_site")
    assert cache_files(with_it) == cache_files(without)  # files no report shows: pruned
    assert unshown(with_it) == ["not-listed.png", "old.jpg"] and unshown(without) == []
    # The next build has nothing to decode, and nothing to prefetch.
    again = run_cli(with_it, "prefetch", "--full")
    assert again["code"] == 0 and again["prefetched"] == []
    assert "（うち処理 0 枚）" in str(again["stdout"])
    assert_same_tree(with_it / "_site", without / "_site")


def test_a_new_photo_in_a_built_site_is_prefetched_alone(tmp_path: Path) -> None:
    with_it, without = twin_sites(tmp_path)
    for root, mode in ((with_it, "prefetch"), (without, "plain")):
        assert run_cli(root, mode)["code"] == 0
        folder = root / "content" / "reports" / "gallery"
        camera_photo(folder / "photos" / "p5.jpg", (1000, 750), (0, 200, 0))
        text = (folder / "report.yaml").read_text(encoding="utf-8")
        more = "".join(f"      - file: photos/{name}\n        alt: 受付\n" for name in NEW)
        write(folder / "report.yaml", text + more)
    got, want = run_cli(with_it, "prefetch"), run_cli(without, "plain")
    # A file no page showed last time is not sent until it changes; now listed, the stage
    # makes it as any other.
    assert got["prefetched"] == ["p5.jpg"] and got["taken"] == 1
    same_messages(got, want)
    assert_same_tree(with_it / "_site", without / "_site")
    assert cache_files(with_it) == cache_files(without)
    assert unshown(with_it) == ["old.jpg"]


NEW = ("p5.jpg", "not-listed.png")


def test_a_finished_prefetch_of_the_social_photo_gets_its_card_after(tmp_path: Path) -> None:
    """The social card's photo, prefetched without the card and done already, is made again
    with the card once that job is over (never two jobs at once on the same files)."""
    from seminar_site.photos.stage import process_photos

    photo = tmp_path / "p.jpg"
    camera_photo(photo, (1600, 1200), (10, 200, 30))
    settings, cache = RenditionSettings(), tmp_path / "cache"
    prefetch = Prefetch(ThreadPoolExecutor(2), settings, str(cache))  # type: ignore[arg-type]
    cache.mkdir()
    first = prefetch.submit(PhotoJob(str(photo.resolve()), "", settings, False))
    prefetch.futures[str(photo.resolve())] = (stat_key(photo.stat()), first)
    prefetch.candidates[str(photo.resolve())] = stat_key(photo.stat())
    assert first.result().social is None  # type: ignore[union-attr]
    results = process_photos([(photo, Wants(card=True))], settings, cache, prefetch=prefetch)
    card = results[photo].social
    assert card is not None and results[photo].decoded
    assert prefetch.closed and (cache / card.filename).is_file()
    sidecar = json.loads((cache / results[photo].sidecar).read_text("utf-8"))
    assert sidecar["social"] is not None
    plain = process_photos([(photo, Wants(card=True))], settings, tmp_path / "plain")
    assert plain[photo] == results[photo]
    assert sorted(os.listdir(tmp_path / "plain")) == sorted(os.listdir(cache))


def test_a_broken_photo_is_the_same_error_with_the_prefetch(tmp_path: Path) -> None:
    with_it, without = twin_sites(tmp_path, broken=True)
    got, want = run_cli(with_it, "prefetch"), run_cli(without, "plain")
    assert got["code"] == 2 and "p3.jpg" in str(got["stderr"])
    same_messages(got, want)
    assert not (with_it / "_site").exists() and not (without / "_site").exists()


def test_a_content_error_stops_the_prefetch_and_leaves_whole_files(tmp_path: Path) -> None:
    with_it, without = twin_sites(tmp_path)
    for root in (with_it, without):
        report = root / "content" / "reports" / "gallery" / "report.yaml"
        text = report.read_text(encoding="utf-8")
        report.write_text(text.replace("published: 2021-02-24", "published: 2021-02-30"))
    got, want = run_cli(with_it, "prefetch"), run_cli(without, "plain")
    assert got["code"] == 2 and got["prefetched"]
    same_messages(got, want)
    # The workers ended with the command (run_cli returned), and every cache file it left
    # is whole: a rendition (a decodable image) or a sidecar (JSON).
    for name, data in cache_files(with_it).items():
        if name.endswith(".json"):
            assert isinstance(data, dict) or json.loads(data)  # type: ignore[arg-type]
        else:
            assert not name.endswith(".tmp")
            with Image.open(Path(with_it, ".seminar-cache", "photos", name)) as im:
                im.load()


# ---------------------------------------------------------------- take() --
def _prefetch_with(future: Future[object], path: str, st: os.stat_result) -> Prefetch:
    settings = RenditionSettings()
    prefetch = Prefetch(ThreadPoolExecutor(1), settings, "/cache")  # type: ignore[arg-type]
    prefetch.futures[path] = (stat_key(st), future)  # type: ignore[assignment]
    return prefetch


def test_take_gives_a_started_job_only_for_the_same_file_and_settings(tmp_path: Path) -> None:
    path = tmp_path / "a.jpg"
    camera_photo(path, (64, 48), (0, 0, 0))
    st = path.stat()
    settings = RenditionSettings()
    started: Future[object] = Future()
    assert started.set_running_or_notify_cancel()
    job = PhotoJob(str(path), "", settings, False)
    # the same work: taken; with the social card wanted: taken, the card to follow
    assert _prefetch_with(started, str(path), st).take(job, st, "/cache") == (started, False)
    social = PhotoJob(str(path), "", settings, True)
    assert _prefetch_with(started, str(path), st).take(social, st, "/cache") == (started, True)
    # another file version, other settings or another cache: not taken
    camera_photo(path, (64, 48), (255, 0, 0))
    changed = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert _prefetch_with(started, str(path), st).take(job, path.stat(), "/cache") is None
    other = PhotoJob(str(path), "", RenditionSettings(widths=(640,)), False)
    assert _prefetch_with(started, str(path), changed).take(other, changed, "/cache") is None
    assert _prefetch_with(started, str(path), changed).take(job, changed, "/other") is None
    # a job the stage will submit again in its own order: cancelled, not taken
    pending: Future[object] = Future()
    assert _prefetch_with(pending, str(path), changed).take(job, changed, "/cache") is None
    assert pending.cancelled()
    # a photo the prefetch never saw
    assert _prefetch_with(pending, "/elsewhere.jpg", changed).take(job, changed, "/c") is None


def test_new_photos_are_the_photo_files_the_hash_index_does_not_know(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    for name in ("r/a.jpg", "r/B.JPEG", "r/deep/c.png", "r/d.heic", "r/.hidden.jpg"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"x")
    for name in ("r/notes.md", "r/.editor/e.jpg", "r/slides.pdf"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"x")
    index = HashIndex.load(tmp_path / "cache")
    known = folder / "r" / "a.jpg"
    index.old[str(known.resolve())] = [known.stat().st_size, known.stat().st_mtime_ns, "h"]
    target = tmp_path / "elsewhere" / "e.jpg"
    target.parent.mkdir()
    target.write_bytes(b"y")
    (folder / "r" / "link.jpg").symlink_to(target)
    found = sorted(str(Path(p).relative_to(tmp_path)) for p, _st in new_photos(folder, index))
    assert found == [
        "elsewhere/e.jpg",
        "reports/r/B.JPEG",
        "reports/r/d.heic",
        "reports/r/deep/c.png",
    ]
    assert new_photos(tmp_path / "missing", index) == []


def test_the_no_change_checks_stamps_give_the_same_photos_as_a_walk(tmp_path: Path) -> None:
    """scanned_photos (from the stamps the no-change check read) and new_photos (listing
    the folders) agree: the same files, paths and stamps, without listing anything again."""
    from seminar_site.photos.prefetch import scanned_photos
    from seminar_site.system.stamps import scan

    root = tmp_path / "site"
    folder = root / "content" / "reports"
    names = ("a/p.jpg", "a/photos/q.PNG", "b/x.webp", "b/.hidden/y.jpg", "b/.z.jpg", "b/t.md")
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(name.encode())
    (root / "content" / "site.yaml").write_text("title: x\n", encoding="utf-8")
    index = HashIndex.load(tmp_path / "cache")
    known = folder / "a" / "p.jpg"
    index.old[str(known.resolve())] = [known.stat().st_size, known.stat().st_mtime_ns, "h"]
    index.unshown_before[str((folder / "b" / "x.webp").resolve())] = [0, 0]  # changed since
    os.utime(folder / "b" / "x.webp", ns=(1, 1_000_000_000))  # not racy: stamped by scan
    walked = sorted(new_photos(folder, index))
    assert [Path(p).name for p, _key in walked] == ["q.PNG", "x.webp"]
    assert sorted(scanned_photos(folder, scan([root / "content"]), index)) == walked
    # a racy file (stamp None) is stamped there
    racy = {path: None for path in scan([root / "content"])}
    assert sorted(scanned_photos(folder, racy, index)) == walked


def test_a_photo_linked_from_outside_the_content_folder_is_not_prefetched(tmp_path: Path) -> None:
    """The loader refuses a path that leaves content/; the prefetch never reads one (a
    photo file that is a link to a file inside content/ is sent as its target)."""
    root = photo_site(tmp_path / "site")
    photos = root / "content" / "reports" / "gallery" / "photos"
    outside = tmp_path / "private.jpg"
    camera_photo(outside, (64, 48), (1, 2, 3))
    (photos / "link-out.jpg").symlink_to(outside)
    (root / "content" / "inside.jpg").write_bytes((photos / "p4.jpg").read_bytes())
    (photos / "link-in.jpg").symlink_to(root / "content" / "inside.jpg")
    got = run_cli(root, "prefetch")
    assert got["code"] == 0, got["stderr"]
    assert got["prefetched"] == [
        "inside.jpg", "not-listed.png", "old.jpg", "p1.jpg", "p2.jpg", "p3.jpg", "p4.jpg",
        "same.jpg",
    ]  # fmt: skip


REFUSED = """
import json, multiprocessing, sys, threading
from pathlib import Path
from seminar_site.photos.prefetch import start_prefetch

def refuse(root):
    raise ValueError("site.yaml refused")

root = Path(sys.argv[1])
found = start_prefetch(root, 2, refuse, root / ".seminar-cache" / "photos")
print(json.dumps({
    "prefetch": found is not None,
    "children": len(multiprocessing.active_children()),
    "threads": threading.active_count(),
}))
"""


def test_settings_the_prefetch_cannot_read_stop_the_workers_it_forked(tmp_path: Path) -> None:
    """The workers fork before site.yaml is read; when it is refused (the build reports
    it), none is left behind and the build's process runs one thread again, so that its
    loaders and renderers can still fork."""
    photo = tmp_path / "content" / "reports" / "r" / "photos" / "a.jpg"
    photo.parent.mkdir(parents=True)
    camera_photo(photo, (64, 48), (0, 0, 0))
    proc = subprocess.run(
        [sys.executable, "-c", REFUSED, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert json.loads(proc.stdout) == {"prefetch": False, "children": 0, "threads": 1}
