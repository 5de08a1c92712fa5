# ruff: noqa: E501  (one case per line reads better than wrapped data)
"""Corpus cases of issue 12 item 7: the public-sector text rules, each with its message.

The rules are ``check``'s (they are findings, never build errors), so besides the build's
expected stderr (expected/, like every case) each case here has the exact stderr of
``seminar-site check`` in expected_check/<name>.txt and expected_check/ja/<name>.txt
(tests/test_text_rules.py; ``python -m tests.corpus.regen NAME`` writes both kinds). Every
site sets ``base_url`` and a share image, so that its expected files hold the rules' findings
alone. Names ending in ``-ok`` are the rules' negative cases: nothing to report.
"""

from __future__ import annotations

import unicodedata

from tests.conftest import REPORT_DIR, SITE_PATH, report_yaml, site_yaml
from tests.corpus.cases import JPEG, Case, R, _jpeg, _png
from tests.test_materials import office_bytes, pdf_bytes

MD = f"{REPORT_DIR}/talk.md"
# With a share image, so that check asks for no sharing card (content/site_image.py).
BASE = "base_url: https://example.jp/\nsocial_image: share.png\n"
SITE = site_yaml(extra=BASE)
ENGLISH_SITE = site_yaml(title="Test site", extra=BASE).replace("language: ja", "language: en")
SHARE = "content/share.png"
SHARE_PNG = _png((1200, 630))
# Real documents (a linked file is checked for its format), as many bytes as the sizes that
# the expected messages give.
PDF = pdf_bytes(1, 1_250_009)  # 1.2 MB
SMALL_PDF = pdf_bytes(1, 60_009)  # 59 KB
DOCX = office_bytes("docx", 30_004)  # 30 KB


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _session(*lines: str) -> str:
    first, *rest = lines
    return "".join(["      - " + first + "\n", *("        " + line + "\n" for line in rest)])


TALK = _session("kind: 講演", "title: 基調講演", "summary_file: talk.md")


def talk(markdown: str, **files: str | bytes) -> dict[str, str | bytes]:
    """The minimal report with one talk whose summary is ``markdown`` (talk.md)."""
    return {R: report_yaml(sessions=TALK), MD: markdown, **files}


def speaker(*lines: str) -> str:
    """A session with one speaker of the given lines (name: … first)."""
    return _session(
        "kind: 講演",
        "title: 基調講演",
        "speakers:",
        *("  " + ("- " if i == 0 else "  ") + line for i, line in enumerate(lines)),
    )


def photos(*entries: str) -> str:
    """The minimal report with these photo entries (each 'file: x' then 'key: value' lines)."""
    block = "".join("      - " + entry.replace("\n", "\n        ") + "\n" for entry in entries)
    return report_yaml().replace("    sessions:", "    photos:\n" + block + "    sessions:")


def case(name: str, files: dict[str, str | bytes], site: str = SITE, **options: object) -> Case:
    effective = str(files.get(SITE_PATH, site))
    if "social_image:" in effective and "base_url:" in effective:  # the card is a photo made
        options["photos"] = int(options.get("photos", 0)) + 1  # type: ignore[call-overload]
    return Case(name, {SITE_PATH: site, SHARE: SHARE_PNG, **files}, **options)  # type: ignore[arg-type]


CASES: list[Case] = [
    # ---------------------------------------------------------------- machine-dependent characters
    case("machine-circled-number-in-title", {R: report_yaml(title="①自治体DXの進め方")}),
    case(
        "machine-company-in-organisation",
        {R: report_yaml(sessions=speaker("name: 鈴木 一郎", "organisation: ㈱クニエ"))},
    ),
    case("machine-era-sign-in-lead", {R: report_yaml(lead="㍻から続くセミナーの報告です。")}),
    case(
        "machine-roman-numeral-in-session",
        {R: report_yaml(sessions=_session("kind: 講演", "title: 第Ⅲ部 総括"))},
    ),
    case(
        "machine-unit-symbols-in-markdown", talk("## 概要\n\n会場は200㎡で、機材は10㎏でした。\n")
    ),
    case("machine-bracketed-and-numero", talk("## 概要\n\n⑴ 事例の紹介（№3）\n")),
    case(
        "machine-in-code-ok",
        talk("## 概要\n\n記号 `①` はコードの中なので、そのままです。\n\n```\n㈱ ㍻\n```\n"),
    ),
    case(
        "machine-in-url-and-comment-ok",
        {
            R: "# ①の報告（コメントは見ません）\n"
            + report_yaml(lead="詳しくは[報告書](https://example.jp/①/)をご覧ください。")
        },
    ),
    # ---------------------------------------------------------------- half-width katakana
    case("half-width-katakana-in-title", {R: report_yaml(title="ｾﾐﾅｰ報告")}),
    case("half-width-katakana-voiced", talk("## 概要\n\nﾃﾞｼﾞﾀﾙ･ﾄﾗﾝｽﾌｫｰﾒｰｼｮﾝを進めます。\n")),
    case("half-width-katakana-brackets", {R: report_yaml(lead="｢ｶﾞｲﾄﾞﾌﾞｯｸ｣を紹介しました。")}),
    case("half-width-katakana-in-code-ok", talk("## 概要\n\nコマンド `ｱｲｳ` はそのまま。\n")),
    # ---------------------------------------------------------------- decomposed (NFD) text and names
    case("decomposed-kana-in-yaml", {R: report_yaml(title=nfd("デジタル化の報告"))}),
    case("decomposed-kana-in-markdown", talk(nfd("## 概要\n\nガイドブックを配布しました。\n"))),
    case("decomposed-latin-in-markdown", talk(nfd("## 概要\n\nCafé で懇親会を開きました。\n"))),
    case(
        "decomposed-photo-file-name",
        {
            R: photos(f"file: {nfd('ガイド.jpg')}\nalt: 表紙を掲げる講師"),
            f"{REPORT_DIR}/{nfd('ガイド.jpg')}": JPEG,
        },
        photos=1,
    ),
    case(
        "decomposed-photo-in-folder",
        {
            R: report_yaml().replace(
                "    sessions:",
                "    photos: {folder: photos, captions: photos/captions.yaml}\n    sessions:",
            ),
            f"{REPORT_DIR}/photos/{nfd('ダイジェスト.jpg')}": JPEG,
            f"{REPORT_DIR}/photos/captions.yaml": f"{nfd('ダイジェスト.jpg')}:\n  alt: 会場の全景\n  caption: 会場\n",
        },
        photos=1,
    ),
    case(
        "composed-names-ok",
        {R: photos("file: ガイド.jpg\nalt: 表紙を掲げる講師"), f"{REPORT_DIR}/ガイド.jpg": JPEG},
        photos=1,
    ),
    # ---------------------------------------------------------------- spaces used for layout
    case(
        "layout-spaced-department",
        {
            R: report_yaml(
                sessions=speaker(
                    "name: 鈴木 一郎", "organisation: つくば市", "department: 総　務　課"
                )
            )
        },
    ),
    case("layout-spaced-name", {R: report_yaml(sessions=speaker("name: 佐 々 木 一 郎"))}),
    case(
        "layout-spaced-role", {R: report_yaml(sessions=speaker("name: 鈴木 一郎", "role: 課　長"))}
    ),
    case("layout-double-space-in-name", {R: report_yaml(sessions=speaker("name: 鈴木　　一郎"))}),
    case(
        "layout-spaced-word-in-markdown",
        talk("## 概要\n\n主催　事　務　局より挨拶がありました。\n"),
    ),
    case(
        "layout-spaced-event-name",
        {R: report_yaml().replace("name: テストセミナー", "name: 働き方改革セミナー　報　告　会")},
    ),
    case(
        "layout-names-ok",
        {
            R: report_yaml(
                sessions=speaker("name: 林 修")
                + speaker("name: 鈴木　一郎", "department: 総務部 総務課")
            )
        },
    ),
    # ---------------------------------------------------------------- full-width letters and digits
    case("full-width-letters-in-title", {R: report_yaml(title="自治体ＤＸの第一歩")}),
    case("full-width-digits-in-markdown", talk("## 概要\n\n２０２１年に始めた取り組みです。\n")),
    case(
        "full-width-digits-whole-value",
        {R: report_yaml(sessions=_session("kind: 講演", "title: １２３"))},
    ),
    case("full-width-in-comment-ok", {R: "# ＤＸの報告（コメント）\n" + report_yaml()}),
    # ---------------------------------------------------------------- link text (2.4.4)
    case(
        "link-text-kochira-in-lead",
        {R: report_yaml(lead="セミナーの案内は[こちら](https://example.jp/seminar/)です。")},
    ),
    case(
        "link-text-click-here-in-markdown",
        talk("## 概要\n\n申し込みは[ここをクリック](https://example.jp/form/)してください。\n"),
    ),
    case(
        "link-text-shosai-wa-kochira",
        talk("## 概要\n\n[詳細はこちら](https://example.jp/detail/)\n"),
    ),
    case(
        "link-text-reference-style",
        talk("## 概要\n\n資料は[こちら][資料]から。\n\n[資料]: https://example.jp/docs/\n"),
    ),
    case(
        "link-text-html-anchor",
        talk('## 概要\n\n<a href="https://example.jp/">こちら</a>をご覧ください。\n'),
    ),
    case(
        "link-text-click-here-english",
        talk("## Summary\n\nThe slides are [here](https://example.jp/slides/).\n"),
        site=ENGLISH_SITE,
    ),
    case(
        "link-text-descriptive-ok",
        talk(
            "## 概要\n\n[セミナーの申込フォーム](https://example.jp/form/)からお申し込みください。\n"
        ),
    ),
    # ---------------------------------------------------------------- attachments: format and size
    case(
        "attachment-pdf-without-size",
        talk(
            "## 資料\n\n[講演資料](slides.pdf)をご覧ください。\n",
            **{f"{REPORT_DIR}/slides.pdf": PDF},
        ),
    ),
    case(
        "attachment-format-without-size",
        talk(
            "## 資料\n\n[配布資料（Word）](handout.docx)\n", **{f"{REPORT_DIR}/handout.docx": DOCX}
        ),
    ),
    case("attachment-missing-file", talk("## 資料\n\n[集計表](files/table.xlsx)\n")),
    case(
        "attachment-in-lead",
        {
            R: report_yaml(lead="'[当日の資料](files/day1.pdf)を公開しました。'"),
            f"{REPORT_DIR}/files/day1.pdf": SMALL_PDF,
        },
    ),
    case(
        "attachment-from-static",
        talk(
            "## 資料\n\n[ガイドブック](../../assets/guide.pdf)\n", **{"static/guide.pdf": SMALL_PDF}
        ),
    ),
    case(
        "attachment-english-site",
        talk("## Materials\n\n[Slides](slides.pdf)\n", **{f"{REPORT_DIR}/slides.pdf": SMALL_PDF}),
        site=ENGLISH_SITE,
    ),
    case(
        "attachment-size-differs",
        talk(
            "## 資料\n\n[講演資料（PDF：350KB）](slides.pdf)と[配布資料（Word：約30KB）](handout.docx)\n",
            **{f"{REPORT_DIR}/slides.pdf": PDF, f"{REPORT_DIR}/handout.docx": DOCX},
        ),
    ),
    case(
        "attachment-pages-differ",
        talk(
            "## 資料\n\n[講演資料（PDF、18ページ、1.2MB）](slides.pdf)\n",
            **{f"{REPORT_DIR}/slides.pdf": PDF},
        ),
    ),
    case(
        "attachment-with-info-ok",
        talk(
            "## 資料\n\n[講演資料（PDF：1.2MB）](slides.pdf)\n", **{f"{REPORT_DIR}/slides.pdf": PDF}
        ),
    ),
    # ---------------------------------------------------------------- alt text (1.1.1)
    case(
        "alt-is-camera-file-name",
        {R: photos("file: a.jpg\nalt: DSC01234.JPG"), f"{REPORT_DIR}/a.jpg": JPEG},
        photos=1,
    ),
    case(
        "alt-is-file-stem",
        {R: photos("file: IMG_0001.jpg\nalt: IMG_0001"), f"{REPORT_DIR}/IMG_0001.jpg": JPEG},
        photos=1,
    ),
    case(
        "alt-only-says-photo",
        {R: photos("file: a.jpg\nalt: 写真1"), f"{REPORT_DIR}/a.jpg": JPEG},
        photos=1,
    ),
    case(
        "alt-same-as-caption",
        {
            R: photos("file: a.jpg\nalt: 講演の様子\ncaption: 講演の様子"),
            f"{REPORT_DIR}/a.jpg": JPEG,
        },
        photos=1,
    ),
    case(
        "alt-same-as-caption-in-captions-file",
        {
            R: report_yaml().replace(
                "    sessions:",
                "    photos: {folder: photos, captions: photos/captions.yaml}\n    sessions:",
            ),
            f"{REPORT_DIR}/photos/a.jpg": JPEG,
            f"{REPORT_DIR}/photos/b.jpg": _jpeg((10, 200, 10)),
            f"{REPORT_DIR}/photos/captions.yaml": "a.jpg:\n  alt: 受付の様子\n  caption: 受付の様子\nb.jpg:\n  alt: イメージ画像\n  caption: 会場\n",
        },
        photos=2,
    ),
    case("alt-in-markdown-image", talk("## 概要\n\n![image.png](https://example.jp/image.png)\n")),
    case(
        "alt-descriptive-ok",
        {
            R: photos("file: a.jpg\nalt: 投影資料を指して説明する講師\ncaption: 講演の様子"),
            f"{REPORT_DIR}/a.jpg": JPEG,
        },
        photos=1,
    ),
    # ---------------------------------------------------------------- colour or position only (notes)
    case("note-red-text", talk("## 申込\n\n赤字の項目は必ず入力してください。\n")),
    case("note-picture-on-the-right", talk("## 概要\n\n右の図のように、3つの段階で進めます。\n")),
    case("note-table-below", {R: report_yaml(lead="参加者の内訳は下の表のとおりです。")}),
    case(
        "note-english-position-and-colour",
        talk("## Summary\n\nThe items in red are required; see the table below.\n"),
        site=ENGLISH_SITE,
    ),
    case(
        "note-reading-order-ok",
        talk("## 概要\n\n以下の表と上記の資料をご覧ください。財政の赤字が課題です。\n"),
    ),
    # ---------------------------------------------------------------- heading levels (1.3.1)
    case(
        "heading-skips-a-level",
        talk("## 概要\n\n本文\n\n### 背景\n\n本文\n\n## 事例\n\n#### 効果\n\n本文\n"),
    ),
    case("heading-first-not-highest", talk("### 背景\n\n本文\n\n## 概要\n\n### 詳細\n")),
    case(
        "heading-square-then-deep",
        {
            R: report_yaml(extra="body: narrative.md\n"),
            f"{REPORT_DIR}/narrative.md": "■開催概要\n\n本文\n\n### 目的\n\n本文\n\n■当日の様子\n\n#### 写真\n",
        },
    ),
    case(
        "heading-in-yaml-summary",
        {
            R: report_yaml(
                sessions=_session(
                    "kind: 講演",
                    "summary: |",
                    "  ## 概要",
                    "  ",
                    "  本文",
                    "  ",
                    "  ### 詳細",
                    "  ",
                    "  ## 質疑",
                    "  ",
                    "  #### 回答",
                )
            )
        },
    ),
    case("heading-in-code-fence-ok", talk("## 概要\n\n```\n#### コード中の行\n```\n\n### 詳細\n")),
    case("heading-gap-renumbered-ok", talk("## 概要\n\n#### 詳細\n\n## 事例\n")),
    # ---------------------------------------------------------------- code blocks: no rule reads code
    case(
        "code-fences-ok",
        talk(
            "## 概要\n\n設定の例です。\n\n"
            "~~~\n㈱ ｶﾀｶﾅ 総　務　課 2月30日 令和元年4月30日\n#### コード中の行\n"
            "[こちら](資料.pdf) ![image.png](x.png)\n~~~\n\n"
            "````python\n```\n① ｾﾐﾅｰ 13月1日\n```\n````\n\n### 詳細\n\n本文です。\n"
        ),
    ),
    case(
        "code-fence-in-yaml-summary-ok",
        {
            R: report_yaml(
                sessions=_session(
                    "kind: 講演",
                    "summary: |",
                    "  手順です。",
                    "  ",
                    "  ```sh",
                    "  echo ｶﾀｶﾅ ① 2月30日",
                    "  #### 行",
                    "  ```",
                )
            )
        },
    ),
    # ---------------------------------------------------------------- impossible dates
    case("date-february-30", {R: report_yaml(lead="2月30日に開催したセミナーの報告です。")}),
    case("date-month-13", talk("## 概要\n\n次回は13月1日の予定です。\n")),
    case(
        "date-reiwa-before-it-began", {R: report_yaml(lead="令和元年1月1日から準備を始めました。")}
    ),
    case("date-heisei-after-it-ended", talk("## 概要\n\n平成31年5月1日に改元されました。\n")),
    case("date-heisei-year-32", talk("## 概要\n\n平成32年度までの計画です。\n")),
    case("date-showa-64-after-it-ended", talk("## 概要\n\n昭和64年1月8日の出来事です。\n")),
    case("date-not-a-leap-year", talk("## 概要\n\n2021年2月29日に開催しました。\n")),
    case("date-february-29-in-event-year", talk("## 概要\n\n2月29日にも続けました。\n")),
    case("date-april-31-full-width", talk("## 概要\n\n４月３１日\n")),
    case(
        "dates-valid-ok",
        talk("## 概要\n\n令和元年5月1日、平成31年4月30日、2020年2月29日、12月31日。\n"),
    ),
    # ---------------------------------------------------------------- files as authors save them
    case(
        "fixes-in-crlf-file-with-bom",
        {R: b"\xef\xbb\xbf" + report_yaml(title="①ｾﾐﾅｰ報告").replace("\n", "\r\n").encode()},
    ),
    case("fixes-in-quoted-values", {R: report_yaml(title="'①''報告'''", lead='"ｶﾞｲﾄﾞの紹介です。"')}),
    case(
        "fixes-in-block-scalar",
        {
            R: report_yaml(
                sessions=_session(
                    "kind: 講演", "summary: |", "  ①はじめに", "  ", "  ｾﾐﾅｰの概要です。"
                )
            )
        },
    ),
]
