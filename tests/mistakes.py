"""The twenty mistakes of issue 12, each done to a copy of the bundled site.

Each mistake is an edit of the bundled site (``content/`` of this checkout) and the command
an author runs; tests/test_mistakes.py runs each in Japanese and compares what the author
reads with the expected lines below. ``python -m tests.mistakes`` prints what each one gives
now (the closing note of issue 12 quotes it).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
REPORT = "content/reports/2021-withcorona-dx"
YAML = f"{REPORT}/report.yaml"
Edit = Callable[[Path], None]


@dataclass(frozen=True)
class Mistake:
    name: str
    what: str  # the mistake, as the issue describes it
    edit: Edit
    command: tuple[str, ...] = ("check",)
    page_has: tuple[str, ...] = ()  # for mistakes that must build: text on the report page
    page_lacks: tuple[str, ...] = ()
    extra: tuple[str, ...] = field(default=())  # options after the command


def replace(relative: str, old: str, new: str, count: int = 1) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


def write(relative: str, data: str | bytes) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return edit


def both(*edits: Edit) -> Edit:
    def edit(root: Path) -> None:
        for one in edits:
            one(root)

    return edit


def photo_as(relative: str, kind: str) -> Edit:
    """Re-encode a bundled photo as ``kind`` (PNG, WEBP, HEIF) under the name it has."""

    def edit(root: Path) -> None:
        path = root / relative
        with Image.open(path) as image:
            converted = image.convert("RGBA" if kind == "PNG" else "RGB")
        if kind == "HEIF":
            import pillow_heif

            pillow_heif.register_heif_opener()
        buffer = io.BytesIO()
        converted.save(buffer, kind)
        path.write_bytes(buffer.getvalue())

    return edit


def truncate(relative: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])

    return edit


def rename_photo(old: str, new: str) -> Edit:
    """Rename a photo of the bundled report and its reference in report.yaml."""

    def edit(root: Path) -> None:
        (root / REPORT / old).rename(root / REPORT / new)
        replace(YAML, f"file: {old}", f"file: {new}")(root)

    return edit


def copy_photo(old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        shutil.copyfile(root / REPORT / old, root / REPORT / new)

    return edit


def day2_as_folder(root: Path) -> None:
    """Day 2 publishes its whole photo folder, with the texts in a captions file."""
    path = root / YAML
    text = path.read_text(encoding="utf-8")
    start = text.index("    photos:\n      - file: photos/day2/IMG_0004.jpg")
    folder = "    photos: {folder: photos/day2, captions: photos/day2/captions.yaml}\n"
    path.write_text(text[:start] + folder, encoding="utf-8")


CAPTIONS = (
    "img_0004.JPG: {alt: スクリーンに資料が映る会議室, caption: ガイドブック紹介の様子}\n"
    "IMG_0005.jpg: {alt: 奥行きのある研修室, caption: 事例発表の様子}\n"
    "IMG_0006.jpg: {alt: 照明の当たる壁と机, caption: クロージングの様子}\n"
)
NARRATIVE = f"{REPORT}/narrative.md"
FIRST_LINE = "■コロナ禍により進んだ自治体DX\n"

MISTAKES: list[Mistake] = [
    Mistake(
        "never-built-png-webp-heic",
        "PNG, WebP and HEIC photos on a site that has never been built",
        both(
            photo_as(f"{REPORT}/photos/day1/IMG_0001.jpg", "PNG"),
            rename_photo("photos/day1/IMG_0001.jpg", "photos/day1/IMG_0001.png"),
            replace(
                YAML,
                "social_image: photos/day1/IMG_0001.jpg",
                "social_image: photos/day1/IMG_0001.png",
            ),
            photo_as(f"{REPORT}/photos/day1/IMG_0002.jpg", "WEBP"),
            rename_photo("photos/day1/IMG_0002.jpg", "photos/day1/IMG_0002.webp"),
            photo_as(f"{REPORT}/photos/day1/IMG_0003.jpg", "HEIF"),
            rename_photo("photos/day1/IMG_0003.jpg", "photos/day1/IMG_0003.heic"),
        ),
    ),
    Mistake("truncated-jpeg", "a truncated JPEG", truncate(f"{REPORT}/photos/day2/IMG_0005.jpg")),
    Mistake(
        "not-an-image",
        "a text file named .jpg",
        write(f"{REPORT}/photos/day2/IMG_0006.jpg", "メモ\n"),
    ),
    Mistake(
        "full-width-date-digits",
        "full-width digits in a date",
        replace(YAML, "published: 2021-02-24", "published: ２０２１-０２-２４"),
    ),
    Mistake(
        "ideographic-space-indent",
        "a full-width space used as indentation",
        replace(YAML, "  venue: オンライン", "　venue: オンライン"),
    ),
    Mistake(
        "ideographic-space-after-colon",
        "a full-width space after the colon",
        replace(YAML, "  audience: 自治体職員", "  audience:　自治体職員"),
    ),
    Mistake(
        "full-width-colon",
        "a full-width colon",
        replace(YAML, "  applications: 240", "  applications：240"),
    ),
    Mistake(
        "weekday-kept",
        "a date with its weekday in the narrative",
        replace(NARRATIVE, FIRST_LINE, FIRST_LINE + "\n2021年1月22日(金)に開催しました。\n"),
        command=("build",),
        page_has=('<time datetime="2021-01-22">2021年1月22日(金)</time>に開催しました。',),
    ),
    Mistake(
        "wrong-weekday",
        "a weekday that does not match its date",
        replace(NARRATIVE, FIRST_LINE, FIRST_LINE + "\n1月22日(土)に開催しました。\n"),
    ),
    Mistake(
        "english-site-japanese-text",
        "an English site with a Japanese sentence holding a slash date",
        replace("content/site.yaml", "language: ja", "language: en"),
        command=("build",),
        page_has=(
            '<time datetime="2021-01-22">1月22日(金)</time>と'
            '<time datetime="2021-02-05">2月5日(金)</time>にオンラインで開催',
        ),
        page_lacks=("Fri, January 22と",),
    ),
    Mistake(
        "unlisted-photo",
        "a photo in a day's folder that report.yaml does not list",
        copy_photo("photos/day1/IMG_0001.jpg", "photos/day1/IMG_0009.jpg"),
    ),
    Mistake(
        "captions-case",
        "a captions.yaml entry whose name differs in case",
        both(day2_as_folder, write(f"{REPORT}/photos/day2/captions.yaml", CAPTIONS)),
    ),
    Mistake(
        "no-base-url",
        "no base_url",
        replace("content/site.yaml", "base_url: https://reports.example.jp/\n", ""),
    ),
    Mistake(
        "base-url-no-scheme",
        "--base-url without a scheme",
        lambda root: None,
        command=("build",),
        extra=("--base-url", "www.example.jp/reports"),
    ),
    Mistake(
        "base-url-ftp",
        "--base-url ftp://",
        lambda root: None,
        command=("build",),
        extra=("--base-url", "ftp://x"),
    ),
    Mistake(
        "scaffold-placeholders",
        "new-report's placeholders left in",
        lambda root: None,
        command=("new-report", "2025-dx"),
    ),
    Mistake(
        "era-date",
        "an era date in a date field",
        replace(YAML, "published: 2021-02-24", "published: 令和3年2月24日"),
    ),
    Mistake(
        "slash-date",
        "a slash date in a date field",
        replace(YAML, "published: 2021-02-24", "published: 2021/02/24"),
    ),
    Mistake(
        "kanji-date",
        "a kanji date in a date field",
        replace(YAML, "published: 2021-02-24", "published: 2021年2月24日"),
    ),
    Mistake(
        "full-width-number",
        "a full-width number",
        replace(YAML, "  applications: 240", "  applications: ２４０"),
    ),
    Mistake(
        "missing-photo-folder",
        "a photo folder that does not exist",
        replace(YAML, "file: photos/day2/IMG_0004.jpg", "file: photo/day2/IMG_0004.jpg"),
    ),
    Mistake(
        "backslash-path",
        "a Windows path",
        replace(YAML, "file: photos/day2/IMG_0004.jpg", "file: photos\\day2\\IMG_0004.jpg"),
    ),
    Mistake(
        "yaml-error-last-line",
        "a YAML error on the last line",
        lambda root: (root / YAML).write_text(
            (root / YAML).read_text(encoding="utf-8").rstrip("\n") + "\nnote: [閉じ忘れ\n",
            encoding="utf-8",
        ),
    ),
]


def site_copy(into: Path) -> Path:
    root = into / "site"
    shutil.copytree(REPO / "content", root / "content")
    return root


def run(mistake: Mistake, into: Path, language: str = "ja") -> tuple[int, str, str, Path]:
    """Apply the mistake to a fresh copy of the bundled site and run its command in-process."""
    from seminar_site.cli import main

    root = site_copy(into)
    mistake.edit(root)
    argv = ["--lang", language, *mistake.command, "--root", str(root), *mistake.extra]
    if mistake.command[0] == "new-report":  # then the author checks it
        with contextlib.redirect_stdout(io.StringIO()):
            main(argv)
        argv = ["--lang", language, "check", "--root", str(root)]
    if mistake.command[0] == "build":
        argv += ["--jobs", "1"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue(), root


def transcript(mistake: Mistake, code: int, out: str, err: str) -> str:
    """What the author reads, without the build's timing line."""
    lines = [f"## {mistake.name} ({mistake.what}): exit {code}"]
    for line in (err + out).splitlines():
        if "に作りました" not in line and not line.startswith("built "):
            lines.append("    " + line)
    return "\n".join(lines) + "\n\n"


if __name__ == "__main__":
    language = sys.argv[1] if len(sys.argv) > 1 else "ja"
    for mistake in MISTAKES:
        with tempfile.TemporaryDirectory() as temp:
            code, out, err, _root = run(mistake, Path(temp), language)
        sys.stdout.write(transcript(mistake, code, out, err))
