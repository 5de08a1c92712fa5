# ruff: noqa: E501  (one case per line reads better than wrapped data)
"""Corpus cases of issue 12 items 5 and 6: the author's words are kept (a weekday as written,
a wrong one warned, Japanese dates in Japanese text on an English site), and what used to be
left out silently is now a warning at the line to change."""

from __future__ import annotations

from tests.conftest import REPORT_DIR, SITE_PATH, report_yaml, site_yaml
from tests.corpus.cases import JPEG, Case, R, _jpeg

MD = f"{REPORT_DIR}/talk.md"
PHOTOS = f"{REPORT_DIR}/photos"


def _session(*lines: str) -> str:
    first, *rest = lines
    return "".join(["      - " + first + "\n", *("        " + line + "\n" for line in rest)])


def _day_photos(block: str) -> str:
    """The minimal report with ``block`` (lines indented for the day) as its day's photos."""
    return report_yaml().replace("    sessions:", block + "    sessions:")


_TALK = _session("kind: 講演", "title: 基調講演", "summary_file: talk.md")

CASES: list[Case] = [
    # ---------------------------------------------------------------- item 5: dates as written
    Case(
        "weekday-kept-as-written",
        {
            SITE_PATH: site_yaml(extra="date_style: both\n"),
            R: report_yaml(sessions=_TALK),
            MD: "2021年1月22日(金)に開催しました。1/22(金)は、2/5 にも続きます。\n",
        },
        page_contains=(
            '<time datetime="2021-01-22">2021年1月22日(金)</time>に開催しました',
            '<time datetime="2021-01-22">1月22日(金)</time>は、',
            '<time datetime="2021-02-05">2月5日(金)</time> にも',
        ),
    ),
    Case(
        "wrong-weekday-in-markdown",
        {R: report_yaml(sessions=_TALK), MD: "## 概要\n\n当日(1月22日(土))は晴れでした。\n"},
        page_contains=('<time datetime="2021-01-22">1月22日(土)</time>',),
    ),
    Case(
        "wrong-weekday-in-yaml-summary",
        {
            R: report_yaml(
                sessions=_session(
                    "kind: 講演", "summary: |", "  講演は 2021/1/22 (木) と Friday, January 23 に。"
                )
            )
        },
        page_contains=('<time datetime="2021-01-22">2021年1月22日 (木)</time>',),
    ),
    Case(
        "english-site-japanese-text",
        {
            SITE_PATH: "title: Test site\nlanguage: en\n",
            R: report_yaml(
                lead="1/22と2/5に開催したセミナーの報告です。",
                sessions=_session("kind: Talk", "summary: The talk on 1/22 was recorded."),
            ),
        },
        page_contains=(
            '<time datetime="2021-01-22">1月22日(金)</time>と<time datetime="2021-02-05">2月5日(金)</time>に開催',
            'The talk on <time datetime="2021-01-22">Fri, January 22</time> was recorded.',
        ),
    ),
    # ---------------------------------------------------------------- item 6: photos left out
    Case(
        "unlisted-photos-in-listed-folder",
        {
            R: _day_photos(
                "    photos:\n      - file: photos/day1/a.jpg\n        alt: 会場の様子\n"
            ),
            f"{PHOTOS}/day1/a.jpg": JPEG,
            f"{PHOTOS}/day1/b.jpg": _jpeg((10, 200, 10)),
            f"{PHOTOS}/day1/c.JPG": _jpeg((10, 10, 200)),
            f"{PHOTOS}/day1/d.png": JPEG,
            f"{PHOTOS}/day1/e.jpeg": JPEG,
            f"{PHOTOS}/day1/notes.txt": "写真ではありません",
        },
        photos=1,
    ),
    Case(
        "unlisted-photos-day-without-photos",
        {
            R: report_yaml(),
            f"{PHOTOS}/day1/IMG_0001.jpg": JPEG,
            f"{PHOTOS}/day1/IMG_0002.jpg": _jpeg((10, 200, 10)),
        },
    ),
    Case(
        "captions-case-only-difference",
        {
            R: _day_photos(
                "    photos:\n      folder: photos/day1\n      captions: photos/day1/captions.yaml\n"
            ),
            f"{PHOTOS}/day1/img_1.jpg": JPEG,
            f"{PHOTOS}/day1/captions.yaml": "IMG_1.JPG:\n  alt: 講演する市長\n  caption: 開会のあいさつ\n",
        },
        page_contains=('alt="講演する市長"',),
        photos=1,
    ),
    Case(
        "captions-entry-matches-no-photo",
        {
            R: _day_photos(
                "    photos:\n      folder: photos/day1\n      captions: photos/day1/captions.yaml\n"
            ),
            f"{PHOTOS}/day1/IMG_0003.jpg": JPEG,
            f"{PHOTOS}/day1/captions.yaml": "IMG_0003.jpg:\n  alt: 会場の様子\nIMG_0030.jpg:\n  alt: 受付の様子\nzzz.jpg: 閉会\n",
        },
        photos=1,
    ),
    Case(
        "captions-file-not-used",
        {
            R: _day_photos(
                "    photos:\n      - file: photos/day1/a.jpg\n        alt: 会場の様子\n"
            ),
            f"{PHOTOS}/day1/a.jpg": JPEG,
            f"{PHOTOS}/day1/captions.yaml": "a.jpg:\n  alt: 会場\n",
        },
        photos=1,
    ),
    # ---------------------------------------------------------------- item 6: base_url, placeholders
    Case(
        "no-base-url-commented-out",
        {
            SITE_PATH: site_yaml(
                extra="# Set your public address:\n# base_url: https://reports.example.jp/\n"
            )
        },
    ),
    Case(
        "base-url-set-no-warning",
        {SITE_PATH: site_yaml(extra="base_url: https://reports.example.jp/\n")},
    ),
    Case(
        "scaffold-placeholders-left-in",
        {
            SITE_PATH: site_yaml(extra="organiser:\n  name: 主催団体名\n"),
            R: report_yaml(
                title='"セミナー開催報告(タイトルを入れてください)"',
                sessions=_session(
                    "kind: 講演",
                    "title: 基調講演のタイトル",
                    "speakers:",
                    "  - name: 山田 太郎",
                    "    organisation: 所属団体",
                    "    department: 所属団体の総務課",  # a real text holding the word: not a placeholder
                    "    role: 役職",
                    "summary_file: talk.md",
                    "# alt: 写真に写っているものの説明  (a comment: never published)",
                ),
            ),
            MD: "講演の概要をここに書きます。段落は空行で区切ります。\n\n- 箇条書きも使えます\n",
        },
    ),
]
