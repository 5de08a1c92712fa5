# ruff: noqa: E501  (one case per line reads better than wrapped data)
"""The bad-input corpus: small sites that content authors really produce, each with the exact
messages (``path:line:col: message (hint: ...)``) that ``seminar-site build`` must print.

Each case overrides files of the minimal site of tests/conftest.py (``base=False`` starts
from nothing). Its exact stderr is in ``expected/<name>.txt``: ``error:`` lines mean exit code 2
and no output folder; none (only warnings, or an empty file) means the site builds, exit 0.
tests/test_corpus.py drives every case through the real CLI and checks all of that;
bench/corpus_timing.py times them (the alias bombs and the 10 MB file must stay quick).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from tests.conftest import REPORT_DIR, REPORT_PATH, SITE_PATH, report_yaml, site_yaml

R = REPORT_PATH  # content/reports/r1/report.yaml
S = SITE_PATH


def _jpeg(colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), colour).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _png(size: tuple[int, int] = (160, 120)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 40, 200)).save(buffer, "PNG")
    return buffer.getvalue()


JPEG = _jpeg()


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]
    base: bool = True
    page_contains: tuple[str, ...] = ()  # for cases that must build: text on the report page
    photos: int = 0  # for cases that must build: photos counted in the summary line


def _session(*lines: str) -> str:
    """One session item of the minimal report (indented to fit report_yaml's sessions)."""
    first, *rest = lines
    return "".join(["      - " + first + "\n", *("        " + line + "\n" for line in rest)])


_LOL = ", ".join(['"lol"'] * 9)
BILLION_LAUGHS = (
    f"a: &a [{_LOL}]\n"
    + "".join(
        f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "title: x\n"
)
SCALAR_BOMB = report_yaml(
    extra="description: &x '" + "あ" * 100_000 + "'\n",
    sessions="".join(_session("kind: 講演", "summary: *x") for _ in range(60)),
)
_PARAGRAPH = (
    "## 講演の概要\n\n"
    + "自治体のDXを進めるにあたり、まず業務の棚卸しから始めることが大切だと述べた。"
    "1月22日の講演では、**RPA** と [AI-OCR](https://example.jp/) の導入事例を紹介した。\n\n" * 8
)
TEN_MB_MARKDOWN = (_PARAGRAPH * (10 * 1024 * 1024 // len(_PARAGRAPH.encode()) + 1)).encode()
SUMMARY_FILE = _session("kind: 講演", "title: 基調講演", "summary_file: talk.md")
MD = f"{REPORT_DIR}/talk.md"

CASES: list[Case] = [
    # ---------------------------------------------------------------- YAML syntax
    Case(
        "yaml-unclosed-bracket",
        {R: "title: [テスト\nlead: x\n"},
    ),
    Case(  # the closing quote left out: the next quote of the file closes the value
        "yaml-quote-closed-by-a-later-quote",
        {R: report_yaml(title='"テスト報告', sessions=_session("kind: 講演", 'title: "基調講演"'))},
    ),
    Case(
        "yaml-single-quote-closed-by-a-later-quote",
        {
            R: report_yaml(
                sessions=_session(
                    "kind: 講演", "title: '基調講演", "speakers:", "  - name: '山田 太郎'"
                )
            )
        },
    ),
    Case(
        "yaml-colon-in-value",
        {R: report_yaml(title="講演: DXの第一歩")},
    ),
    Case(  # each such value quoted, the file is checked on: every problem in one run
        "yaml-colon-in-values-with-other-errors",
        {
            R: report_yaml(
                title="講演: DXの第一歩  # 仮",
                published="2025/11/20",
                sessions='      - kind: 事例1: 石巻市\n        title: 対象: 職員 "全員"\n',
            )
        },
    ),
    Case(  # a full-width slip and a value holding ': ' in one file: both, and the rest
        "yaml-slip-and-colon-in-value",
        {
            R: report_yaml(
                title="講演: DXの第一歩",
                published="2025/11/20",
                extra="  applications：約412名\n  audience：対象: 職員\n",
            )
        },
    ),
    Case(  # a ': ' that comes from indentation is not a value to quote
        "yaml-colon-from-indentation",
        {R: report_yaml().replace("  format: online", "   format: online")},
    ),
    Case(
        "yaml-tab-indent",
        {R: report_yaml().replace("  name:", "\tname:")},
    ),
    Case(
        "yaml-bad-indent",
        {R: report_yaml().replace("  format: online", " format: online")},
    ),
    Case("yaml-two-documents", {R: report_yaml() + "---\ntitle: 二つ目\n"}),
    Case("yaml-undefined-alias", {R: report_yaml(title="*name")}),
    Case("yaml-billion-laughs", {R: BILLION_LAUGHS}),
    Case("yaml-scalar-alias-bomb", {R: SCALAR_BOMB}),
    Case("yaml-python-tag", {R: report_yaml(title="!!python/object/apply:os.system [ls]")}),
    Case("yaml-merge-key", {R: "defaults: &d {title: x}\n<<: *d\n"}),
    Case("yaml-duplicate-key", {R: report_yaml(extra="published: 2021-03-01\n")}),
    Case("yaml-deep-nesting", {R: report_yaml(extra="body: " + "[" * 2000 + "]" * 2000 + "\n")}),
    Case("empty-report", {R: ""}),
    Case("whitespace-only-report", {R: "\n   \n"}),
    Case("comments-only-report", {R: "# 書きかけ\n"}),
    Case("empty-site-yaml", {S: ""}),
    Case("missing-site-yaml", {R: report_yaml()}, base=False),
    Case("report-is-a-list", {R: "- title: x\n- lead: y\n"}),
    Case("site-is-text", {S: "テストサイト\n"}),
    # ---------------------------------------------------------------- types and values
    Case("title-is-a-list", {R: report_yaml(title="[講演, 事例]")}),
    Case("title-is-empty", {R: report_yaml(title="")}),
    Case("participants-float", {R: report_yaml(extra="  participants: 1.5\n")}),
    Case("participants-negative", {R: report_yaml(extra="  participants: -3\n")}),
    Case("participants-huge", {R: report_yaml(extra="  participants: " + "9" * 5000 + "\n")}),
    Case("participants-text", {R: report_yaml(extra="  participants: 約300名\n")}),
    Case("format-misspelt", {R: report_yaml().replace("format: online", "format: onlin")}),
    Case("format-unknown", {R: report_yaml().replace("format: online", "format: zoom")}),
    Case("site-bool-misspelt", {S: site_yaml(extra="trusted_html: maybe\n")}),
    Case("site-language-unknown", {S: site_yaml().replace("language: ja", "language: jp")}),
    Case("site-base-url-relative", {S: site_yaml(extra="base_url: example.jp\n")}),
    Case("site-utc-offset", {S: site_yaml(extra="utc_offset: JST\n")}),
    Case("session-time-25h", {R: report_yaml(sessions=_session("kind: 講演", "start: 25:00"))}),
    Case("impossible-date", {R: report_yaml(published="2021-02-30")}),
    Case("slash-date", {R: report_yaml(published="2021/02/24")}),
    Case("year-zero-date", {R: report_yaml(published="0000-01-01")}),
    Case("days-empty", {R: report_yaml().split("days:")[0] + "days: []\n"}),
    Case(
        "days-out-of-order",
        {
            R: report_yaml()
            + "  - date: 2021-01-21\n    sessions:\n"
            + _session("kind: 講演", "title: 二日目")
        },
    ),
    Case("modified-before-published", {R: report_yaml(extra="modified: 2020-01-01\n")}),
    Case(
        "speaker-is-text", {R: report_yaml(sessions=_session("kind: 講演", "speakers: 山田 太郎"))}
    ),
    Case(
        "speaker-without-name",
        {
            R: report_yaml(
                sessions=_session("kind: 講演", "speakers:", "  - organisation: つくば市")
            )
        },
    ),
    # ---------------------------------------------------------------- keys
    Case(
        "missing-required-keys",
        {R: "title: テスト\nevent:\n  format: online\ndays:\n  - sessions: []\n"},
    ),
    Case("unknown-key-did-you-mean", {R: report_yaml(extra="titel: テスト\n")}),
    Case("unknown-key-no-match", {R: report_yaml(extra="zzz: 1\n")}),
    Case(
        "unknown-nested-keys",
        {
            R: report_yaml(
                sessions=_session(
                    "kind: 講演", "speker: x", "speakers:", "  - name: 山田", "    organization: 市"
                )
            )
        },
    ),
    Case("site-unknown-key", {S: site_yaml(extra="titel: x\n")}),
    Case(
        "summary-and-summary-file",
        {
            R: report_yaml(sessions=_session("kind: 講演", "summary: x", "summary_file: talk.md")),
            MD: "x",
        },
    ),
    Case("session-without-title-or-kind", {R: report_yaml(sessions=_session("start: '10:00'"))}),
    Case(
        "duplicate-session-ids",
        {
            R: report_yaml(
                sessions=_session("kind: 講演", "id: keynote")
                + _session("kind: 事例", "id: keynote")
            )
        },
    ),
    Case("bad-session-id", {R: report_yaml(sessions=_session("kind: 講演", "id: 基調講演"))}),
    Case("report-folder-with-space", {"content/reports/r 1/report.yaml": report_yaml()}),
    Case("duplicate-slug-case", {"content/reports/R1/report.yaml": report_yaml()}),
    Case("no-reports", {S: site_yaml()}, base=False),
    # ---------------------------------------------------------------- referenced files
    Case(
        "missing-summary-did-you-mean",
        {R: report_yaml(sessions=SUMMARY_FILE), f"{REPORT_DIR}/talks.md": "x"},
    ),
    Case(
        "missing-summary-no-folder",
        {R: report_yaml(sessions=_session("kind: 講演", "summary_file: talks/a.md"))},
    ),
    Case(
        "summary-is-a-folder",
        {
            R: report_yaml(sessions=_session("kind: 講演", "summary_file: talks")),
            f"{REPORT_DIR}/talks/a.md": "x",
        },
    ),
    Case(
        "missing-photo-case-differs",
        {
            R: report_yaml(extra="").replace(
                "    sessions:",
                "    photos:\n      - file: IMG_0001.jpg\n        alt: 会場\n    sessions:",
            ),
            f"{REPORT_DIR}/IMG_0001.JPG": JPEG,
        },
    ),
    Case(
        "missing-body",
        {R: report_yaml(extra="body: narative.md\n"), f"{REPORT_DIR}/narrative.md": "x"},
    ),
    Case(
        "missing-photo-folder",
        {
            R: report_yaml().replace(
                "    sessions:", "    photos: {folder: photos/day1}\n    sessions:"
            )
        },
    ),
    Case(
        "missing-photo-folder-did-you-mean",
        {
            R: report_yaml().replace(
                "    sessions:", "    photos: {folder: photos/dya1}\n    sessions:"
            ),
            f"{REPORT_DIR}/photos/day1/a.jpg": JPEG,
        },
    ),
    Case(
        "photo-folder-backslash",
        {
            R: report_yaml().replace(
                "    sessions:", "    photos: {folder: photos\\day1}\n    sessions:"
            ),
            f"{REPORT_DIR}/photos/day1/a.jpg": JPEG,
        },
    ),
    Case(
        "photo-file-backslash",
        {
            R: report_yaml().replace(
                "    sessions:",
                "    photos:\n      - file: photos\\day1\\a.jpg\n        alt: 会場\n    sessions:",
            ),
            f"{REPORT_DIR}/photos/day1/a.jpg": JPEG,
        },
    ),
    Case(
        "missing-summary-folder-did-you-mean",
        {
            R: report_yaml(sessions=_session("kind: 講演", "summary_file: talk/a.md")),
            f"{REPORT_DIR}/talks/a.md": "x",
        },
    ),
    # ---------------------------------------------------------------- full-width slips (IME left on)
    Case(
        "fullwidth-space-indent",
        {R: report_yaml().replace("  name: テストセミナー", "\u3000name: テストセミナー")},
    ),
    Case("fullwidth-space-after-colon", {R: report_yaml().replace("lead: ", "lead:\u3000")}),
    Case("fullwidth-colon", {R: report_yaml(extra="  applications：412\n")}),
    Case(
        "fullwidth-list-dash",
        {R: report_yaml(sessions="      ー kind: 講演\n        title: 基調講演\n")},
    ),
    Case("fullwidth-quotes", {R: report_yaml(title="“講演: DXの第一歩”")}),
    Case(
        "fullwidth-slips-all-reported",
        {
            R: report_yaml(
                extra="  applications：412\n",
                sessions="      － kind: 講演\n        title:\u3000基調講演\n",
            ).replace("  format: online", "\u3000format: online")
        },
    ),
    Case(  # the slips are repaired as their hints say, and the values then checked too
        "fullwidth-slips-with-other-errors",
        {
            R: report_yaml(
                published="2025/11/20",
                extra="  applications：約412名\n  audiance: 職員\n",
                sessions="      － kind: 講演\n        title:\u3000基調講演\n        start: 25:00\n",
            )
        },
    ),
    Case(  # site.yaml is read the same way
        "fullwidth-colon-in-site-yaml-with-other-errors",
        {S: "title：テストサイト\nlanguage: japanese\n"},
    ),
    Case(
        "fullwidth-inside-values-accepted",
        {
            R: report_yaml(
                title="会議：報告　第2回",
                sessions="      - kind: 講演\n        title: “基調”講演ー概要\n"
                "        summary: |\n          \u3000字下げした段落。\n          ー 項目\n",
            )
        },
        page_contains=("会議：報告　第2回", "“基調”講演ー概要"),
    ),
    # ---------------------------------------------------------------- hints that give the answer
    Case("era-date", {R: report_yaml(published="令和7年11月8日")}),
    Case("era-date-initial", {R: report_yaml(published="R7.11.8")}),
    Case("era-date-heisei-last-day", {R: report_yaml(published="平成31年4月30日")}),
    Case("era-date-impossible", {R: report_yaml(published="令和元年4月1日")}),
    Case("kanji-date", {R: report_yaml(published="2025年11月8日(土)")}),
    Case("fullwidth-date-digits", {R: report_yaml(published="２０２５-１１-２０")}),
    Case("fullwidth-number", {R: report_yaml(extra="  applications: ４１２\n")}),
    Case("number-with-comma", {R: report_yaml(extra="  participants: 1,200\n")}),
    Case(
        "session-time-fullwidth",
        {R: report_yaml(sessions=_session("kind: 講演", "start: １０:００"))},
    ),
    Case("true-false-in-japanese", {R: report_yaml(extra="  participants_approximate: はい\n")}),
    Case(
        "format-in-japanese", {R: report_yaml().replace("format: online", "format: ハイブリッド")}
    ),
    Case(
        "session-time-in-kanji",
        {R: report_yaml(sessions=_session("kind: 講演", "start: 午後1時半"))},
    ),
    Case(
        "session-time-range-in-start",
        {R: report_yaml(sessions=_session("kind: 講演", "start: 13:30～14:10"))},
    ),
    Case("site-base-url-no-scheme", {S: site_yaml(extra="base_url: www.example.jp/reports\n")}),
    Case("site-base-url-ftp", {S: site_yaml(extra="base_url: ftp://x\n")}),
    Case(
        "yaml-backslash-in-double-quotes",
        {R: report_yaml(sessions=_session("kind: 講演", 'summary_file: "talks\\day1.md"'))},
    ),
    Case(
        "yaml-error-at-end-of-file",
        {R: report_yaml(sessions=_session("kind: 講演", "title: [基調講演"))},
    ),
    # ---------------------------------------------------------------- encodings and sizes
    Case("shift-jis-report", {R: report_yaml().encode("cp932")}),
    Case(
        "shift-jis-summary",
        {
            R: report_yaml(sessions=SUMMARY_FILE),
            MD: "## 概要\n\n講演の要旨です。\n".encode("cp932"),
        },
    ),
    Case(
        "euc-jp-summary",
        {
            R: report_yaml(sessions=SUMMARY_FILE),
            MD: "## 概要\n\n講演の要旨です。\n".encode("euc_jp"),
        },
    ),
    Case("utf-16-site", {S: site_yaml().encode("utf-16")}),
    Case("binary-as-summary", {R: report_yaml(sessions=SUMMARY_FILE), MD: JPEG}),
    Case(  # pasted from an older CMS page: what the page will not show is named, at its place
        "raw-html-pasted-into-a-summary",
        {
            R: report_yaml(sessions=SUMMARY_FILE, lead="報告です。<font color=red>重要</font>"),
            MD: '講演の要旨です。\n\n<p style="color:red">赤字の注意</p>\n\n'
            '<iframe src="https://www.youtube.com/embed/abc"></iframe>\n\n'
            "[資料](file:///C:/Users/soumu/資料.pdf)\n",
        },
        page_contains=("赤字の注意", "重要"),
    ),
    Case("nul-in-summary", {R: report_yaml(sessions=SUMMARY_FILE), MD: "一行目\n二行\x00目\n"}),
    Case(
        "ten-mb-markdown",
        {R: report_yaml(sessions=SUMMARY_FILE), MD: TEN_MB_MARKDOWN},
    ),
    Case(
        "markdown-deep-quotes",
        {R: report_yaml(sessions=SUMMARY_FILE), MD: "本文\n\n" + ">" * 500 + " 引用\n"},
    ),
    Case("markdown-deep-brackets", {R: report_yaml(sessions=SUMMARY_FILE), MD: "[" * 3000 + "x"}),
    Case(
        "markdown-deep-emphasis",
        {R: report_yaml(sessions=SUMMARY_FILE), MD: "*" * 3000 + "x" + "*" * 3000},
    ),
    Case(
        "markdown-deep-indent",
        {R: report_yaml(sessions=SUMMARY_FILE), MD: "- a\n" + " " * 300 + "- b\n"},
    ),
    Case(
        "inline-summary-deep-brackets",
        {R: report_yaml(sessions=_session("kind: 講演", "summary: '" + "[" * 200 + "'"))},
    ),
    # ---------------------------------------------------------------- accepted as they are
    Case(
        "utf-8-bom",
        {R: b"\xef\xbb\xbf" + report_yaml().encode(), S: b"\xef\xbb\xbf" + site_yaml().encode()},
        page_contains=("テスト報告", "テストサイト"),
    ),
    Case(
        "crlf-line-ends",
        {
            R: report_yaml(sessions=SUMMARY_FILE).replace("\n", "\r\n"),
            MD: "## 概要\r\n\r\n本文\r\n",
            S: site_yaml().replace("\n", "\r\n"),
        },
        page_contains=("<h4", "本文"),
    ),
    Case(
        "unicode-and-space-file-names",
        {
            R: report_yaml(sessions=_session("kind: 講演", "summary_file: 講演 要旨.md")).replace(
                "    sessions:",
                "    photos:\n      - file: 写真 フォルダ/日本語の写真.JPG\n        alt: 会場の様子\n    sessions:",
            ),
            f"{REPORT_DIR}/講演 要旨.md": "## 概要\n\n本文\n",
            f"{REPORT_DIR}/写真 フォルダ/日本語の写真.JPG": JPEG,
        },
        page_contains=("本文", 'alt="会場の様子"'),
        photos=1,
    ),
    Case(
        "upper-case-extensions-in-folder",
        {
            R: report_yaml().replace(
                "    sessions:", "    photos: {folder: photos}\n    sessions:"
            ),
            f"{REPORT_DIR}/photos/A.JPG": JPEG,
            f"{REPORT_DIR}/photos/b.Jpeg": _jpeg((40, 200, 40)),
            f"{REPORT_DIR}/photos/c.PNG": _png(),
            f"{REPORT_DIR}/photos/notes.TXT": "not a photo",
        },
        photos=3,
    ),
    # ---------------------------------------------------------------- the acceptance case
    Case(
        "acceptance-three-problems",
        {
            R: report_yaml(
                extra="titel: 誤字\n",
                sessions=_session("kind: 講演", "title: [a, b]", "summary_file: talks/day1.md"),
            )
        },
    ),
]


def _more_cases() -> list[Case]:
    """Cases kept in their own modules (they import Case from here, hence the late import)."""
    from tests.corpus import materials, omissions, text_rules

    return [*omissions.CASES, *text_rules.CASES, *materials.CASES]


CASES.extend(_more_cases())
