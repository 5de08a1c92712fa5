"""Issue 12 items 5 and 6: the author's words are kept, and nothing is left out silently.

Dates in text are shown as written, except numeric ones, written out in the language of the
sentence (``dates_in_text``); a wrong weekday is a warning; every rewrite is listed by
``check --explain-rewrites`` at its place. Photos of a day's folder that no day lists, captions
entries that match no photo, a missing base_url and scaffold placeholders are warnings, in
build and check alike. (The corpus cases of tests/corpus/omissions.py hold the exact
messages; these tests hold the rules.)
"""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import pytest

from seminar_site.cli import main
from seminar_site.content.dates import dates_in_text, text_language
from seminar_site.content.markdown import DateContext, MarkdownRenderer
from seminar_site.content.markdown_dates import Noted
from seminar_site.content.placeholders import PLACEHOLDERS, find_placeholders
from seminar_site.content.rewrites import DateNotes, TextSource
from seminar_site.dev.scaffold import new_report, new_site
from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.pipeline.check import check
from tests.conftest import REPORT_DIR, REPORT_PATH, SITE_PATH, MakeSite, report_yaml, site_yaml
from tests.corpus.cases import JPEG
from tests.corpus.text_rules import SHARE, SHARE_PNG

KNOWN = (date(2021, 1, 22), date(2021, 2, 5))
PUBLISHED = {  # with its share image: check then asks for no sharing card
    SITE_PATH: site_yaml(extra="base_url: https://reports.example.jp/\nsocial_image: share.png\n"),
    SHARE: SHARE_PNG,
}


def shown(text: str, page: str = "ja", style: str = "western") -> list[tuple[str, str]]:
    return [
        (item.written, item.shown) for item in dates_in_text(text, 2021, KNOWN, lambda: page, style)
    ]


# ------------------------------------------------------------------ dates as written
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年1月22日(金)に開催", [("2021年1月22日(金)", "2021年1月22日(金)")]),
        ("令和3年1月22日に開催", [("令和3年1月22日", "令和3年1月22日")]),
        ("1月22日(金曜日)に", [("1月22日(金曜日)", "1月22日(金曜日)")]),
        ("1/22と2/5に開催", [("1/22", "1月22日(金)"), ("2/5", "2月5日(金)")]),
        ("1/22(金)に開催", [("1/22(金)", "1月22日(金)")]),
        ("1/22（金）に開催", [("1/22（金）", "1月22日（金）")]),  # the author's brackets kept
        ("2021/1/22に開催", [("2021/1/22", "2021年1月22日")]),
        ("2021-01-22 (金) に開催", [("2021-01-22 (金)", "2021年1月22日 (金)")]),
    ],
)
def test_japanese_text_keeps_its_words_and_writes_numeric_dates_out(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert shown(text) == expected
    assert shown(text, page="en") == expected  # the same on an English site


def test_the_site_date_style_applies_only_to_dates_written_out() -> None:
    assert shown("2021年1月22日に", style="both") == [("2021年1月22日", "2021年1月22日")]
    assert shown("2021/1/22に", style="both") == [("2021/1/22", "2021年(令和3年)1月22日")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talk on 1/22 was recorded.", [("1/22", "Fri, January 22")]),
        ("Held on 2021/1/22 online.", [("2021/1/22", "January 22, 2021")]),
        ("Held on 1/22 (Fri) online.", [("1/22 (Fri)", "January 22 (Fri)")]),
        ("Held on Friday, January 22.", [("Friday, January 22", "Friday, January 22")]),
    ],
)
def test_english_text_gets_english_dates_even_on_a_japanese_site(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert shown(text, page="ja") == expected


def test_text_without_letters_follows_its_paragraph_then_the_page() -> None:
    assert text_language("1/22") is None
    assert shown("1/22", page="en") == [("1/22", "Fri, January 22")]
    assert shown("1/22", page="ja") == [("1/22", "1月22日(金)")]
    md = MarkdownRenderer(language="en")
    table = "| 日程 | 内容 |\n| --- | --- |\n| 1/22 | 講演 |\n"
    assert ">1月22日(金)</time>" in md.block(table, DateContext("en", 2021, KNOWN))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("1/22と2/5に開催", "ja"),
        ("総務部DX推進課 1/22", "ja"),  # kanji and a few Latin letters: Japanese
        ("Mr. 山田 spoke on 1/22", "en"),  # a Japanese name in an English sentence
        ("RPA 2021/1/22", "en"),
        ("1月22日", None),  # the date's own kanji do not count
        ("12:00-13:00", None),
        ("申込：https://forms.example.jp/apply?event=dx2021&from=top（締切 1/20）", "ja"),
        ("問合せ info-dx@city.example.jp 総務課 1/20", "ja"),  # addresses are no words
        ("Apply at https://forms.example.jp/ by 1/20", "en"),
        ("締切（1/20）", "ja"),  # Japanese punctuation
    ],
)
def test_the_language_of_a_text(text: str, language: str | None) -> None:
    assert text_language(text) == language


@pytest.mark.parametrize(
    ("text", "corrected"),
    [
        ("11月8日(金)", "11月8日(土)"),
        ("2025年11月8日(金曜日)", "2025年11月8日(土曜日)"),
        ("2025/11/8 （金）", "2025/11/8 （土）"),
        ("Friday, November 8, 2025", "Saturday, November 8, 2025"),
        ("Fri, November 8, 2025", "Sat, November 8, 2025"),
        ("2025/11/8 (Fri)", "2025/11/8 (Sat)"),
        ("11月8日(土)", ""),  # right: nothing to say
        ("11月8日", ""),
    ],
)
def test_a_wrong_weekday_is_kept_and_corrected_in_the_hint(text: str, corrected: str) -> None:
    [item] = dates_in_text(text, 2025, (date(2025, 11, 8),))
    assert item.date == date(2025, 11, 8)
    assert item.corrected == corrected
    if not item.rewritten:
        assert item.shown == text  # the author's weekday, right or wrong, stays


def test_renderer_notes_rewrites_and_wrong_weekdays_by_fragment() -> None:
    md = MarkdownRenderer()
    context = DateContext("ja", 2021, KNOWN)
    texts = ["概要です。", "1/22の講演。", "**強調** 1月22日(土)と2/5。"]
    joined: Noted = []
    md.blocks(texts, context, 4, ["a-", "b-", "c-"], noted=joined)
    alone: Noted = []
    md.blocks([*texts, "<div>生のHTML</div>"], context, 4, ["a-", "b-", "c-", "d-"], alone)
    noted = [(index, item.written, item.shown, item.corrected) for index, item in joined]
    assert sorted(noted) == [
        (1, "1/22", "1月22日(金)", ""),
        (2, "1月22日(土)", "1月22日(土)", "1月22日(金)"),
        (2, "2/5", "2月5日(金)", ""),
    ]
    assert sorted(noted) == sorted((i, t.written, t.shown, t.corrected) for i, t in alone)
    nothing: Noted = []
    md.block("`1/22` と [1/22](https://x.jp/) と 1月22日(金)", context, noted=nothing)
    assert nothing == []  # code, links and right dates: nothing rewritten


def test_notes_are_located_in_the_file_occurrence_by_occurrence(tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    path.write_text("title: 1/22\nlead: |\n  1/22と1/22、\n  1月22日(土)\n", encoding="utf-8")
    items = dates_in_text("1/22と1/22、\n1月22日(土)\n", 2021, KNOWN)
    notes = DateNotes()
    notes.add(items, TextSource(path, 2, 1))  # the key 'lead' is at line 2
    assert [(r.line, r.col, r.before, r.after) for r in notes.rewrites] == [
        (3, 3, "1/22", "1月22日(金)"),
        (3, 8, "1/22", "1月22日(金)"),
    ]
    [warning] = notes.warnings
    assert (warning.line, warning.col) == (4, 9)  # at the weekday itself
    assert warning.hint == "write '1月22日(金)'; the page shows the weekday as it is written"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_check_explain_rewrites_lists_each_rewrite_in_both_languages(make_site: MakeSite) -> None:
    root = make_site(
        {
            **PUBLISHED,
            REPORT_PATH: report_yaml(lead="1/22と2/5に開催した、2021年1月22日(金)の報告です。"),
        }
    )
    code, stdout, stderr = run("--lang", "en", "check", "--root", str(root), "--explain-rewrites")
    assert (code, stderr) == (0, "")
    assert stdout.splitlines() == [
        f"rewrite: {REPORT_PATH}:2:7: '1/22' is shown as '1月22日(金)'",
        f"rewrite: {REPORT_PATH}:2:12: '2/5' is shown as '2月5日(金)'",
        "the build rewrites 2 date(s) of the text",
        "seminar-site check: no errors, 0 warning(s)",
    ]
    code, stdout, _ = run("--lang", "ja", "check", "--root", str(root), "--explain-rewrites")
    assert stdout.splitlines()[:3] == [
        f"書き換え: {REPORT_PATH}:2:7: 「1/22」は「1月22日(金)」と表示されます",
        f"書き換え: {REPORT_PATH}:2:12: 「2/5」は「2月5日(金)」と表示されます",
        "本文の日付のうち 2 件を書き換えて表示します",
    ]
    assert run("check", "--root", str(root))[1].splitlines() == [
        "seminar-site check: no errors, 0 warning(s)"
    ]  # without the option: no list


def test_the_bundled_site_has_no_warnings_and_four_rewrites(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "site"
    shutil.copytree(Path(__file__).resolve().parents[1] / "content", root / "content")
    report = check(root)
    assert (report.errors, report.warnings) == ((), ())
    assert [(r.before, r.after) for r in report.rewrites] == [
        ("1/22", "1月22日(金)"),
        ("2/5", "2月5日(金)"),
        ("1/22", "1月22日(金)"),
        ("2/5", "2月5日(金)"),
    ]


# ------------------------------------------------------------------ photos left out
def day_photos(block: str) -> str:
    return report_yaml().replace("    sessions:", block + "    sessions:")


def warnings_of(root: Path) -> list[str]:
    return [w.format(relative_to=root) for w in check(root).warnings]


def test_unlisted_photos_name_a_few_and_count_the_rest(make_site: MakeSite) -> None:
    listed = "    photos:\n      - file: photos/day1/a.jpg\n        alt: 会場\n"
    files = {f"{REPORT_DIR}/photos/day1/{name}.jpg": JPEG for name in "abcdef"}
    root = make_site({**PUBLISHED, REPORT_PATH: day_photos(listed), **files})
    [warning] = warnings_of(root)
    assert warning.startswith(
        f"{REPORT_PATH}:9:5: 5 photo(s) in 'photos/day1' are listed by no day, so they are not "
        "published: b.jpg, c.jpg, d.jpg and 2 more (hint: list each under the day's 'photos:'"
    )
    assert "or publish the whole folder with 'photos: {folder: photos/day1}'" in warning


def test_photos_used_elsewhere_are_not_unlisted(make_site: MakeSite) -> None:
    """The social image, a photo listed by another day, or a folder published whole."""
    listed = "    photos:\n      - file: photos/day1/a.jpg\n        alt: 会場\n"
    text = day_photos(listed).replace("days:", "social_image: photos/day1/b.jpg\ndays:")
    root = make_site(
        {
            **PUBLISHED,
            REPORT_PATH: text + "  - date: 2021-01-23\n    photos: {folder: photos/day2}\n"
            "    sessions:\n      - kind: 講演\n",
            f"{REPORT_DIR}/photos/day1/a.jpg": JPEG,
            f"{REPORT_DIR}/photos/day1/b.jpg": JPEG,
            f"{REPORT_DIR}/photos/day2/c.jpg": JPEG,
        }
    )
    assert [w for w in warnings_of(root) if "listed by no day" in w] == []


def test_a_photo_added_later_is_reported_by_the_next_build(make_site: MakeSite) -> None:
    listed = "    photos:\n      - file: photos/day1/a.jpg\n        alt: 会場\n"
    root = make_site(
        {**PUBLISHED, REPORT_PATH: day_photos(listed), f"{REPORT_DIR}/photos/day1/a.jpg": JPEG}
    )
    options = BuildOptions(root=root, out=root / "_site", workers=1)
    assert build(options).warnings == ()
    (root / REPORT_DIR / "photos/day1/b.jpg").write_bytes(JPEG)
    [warning] = build(options).warnings
    assert "1 photo(s) in 'photos/day1' are listed by no day" in warning.message


def test_a_case_only_captions_match_is_used_and_an_exact_one_wins(make_site: MakeSite) -> None:
    folder = "    photos:\n      folder: photos\n      captions: photos/captions.yaml\n"
    root = make_site(
        {
            **PUBLISHED,
            REPORT_PATH: day_photos(folder),
            f"{REPORT_DIR}/photos/img_1.jpg": JPEG,
            f"{REPORT_DIR}/photos/img_2.jpg": JPEG,
            f"{REPORT_DIR}/photos/captions.yaml": "IMG_1.JPG:\n  alt: 市長のあいさつ\n"
            "img_2.jpg:\n  alt: 会場\nIMG_2.jpg:\n  alt: 受付\n",
        }
    )
    captions = f"{REPORT_DIR}/photos/captions.yaml"
    assert warnings_of(root) == [
        f"{captions}:1:1: captions entry 'IMG_1.JPG' differs from the photo 'img_1.jpg' only in "
        "letter case: its texts are used for that photo (hint: write the name exactly as the "
        "file is named: img_1.jpg)",
        f"{captions}:5:1: captions entry 'IMG_2.jpg' matches no photo in 'photos': its texts are "
        "not used (hint: did you mean 'img_2.jpg'?)",
    ]
    build(BuildOptions(root=root, out=root / "_site", workers=1))
    page = (root / "_site/reports/r1/index.html").read_text(encoding="utf-8")
    assert 'alt="市長のあいさつ"' in page and 'alt="会場"' in page and "受付" not in page


def test_missing_alt_in_a_captions_file_is_reported_there(make_site: MakeSite) -> None:
    folder = "    photos:\n      folder: photos\n      captions: photos/captions.yaml\n"
    root = make_site(
        {
            **PUBLISHED,
            REPORT_PATH: day_photos(folder),
            f"{REPORT_DIR}/photos/a.jpg": JPEG,
            f"{REPORT_DIR}/photos/captions.yaml": "a.jpg: 会場の様子\n",
        }
    )
    [warning] = warnings_of(root)
    assert warning.startswith(f"{REPORT_DIR}/photos/captions.yaml:1:1: photo 'photos/a.jpg'")


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_photo_written_twice_in_a_captions_file_is_an_error_at_the_second(
    make_site: MakeSite, command: str
) -> None:
    """YAML would keep the second entry and drop the first's alt text without a word."""
    folder = "    photos:\n      folder: photos\n      captions: photos/captions.yaml\n"
    root = make_site(
        {
            **PUBLISHED,
            REPORT_PATH: day_photos(folder),
            f"{REPORT_DIR}/photos/a.jpg": JPEG,
            f"{REPORT_DIR}/photos/captions.yaml": "a.jpg:\n  alt: 講演者\n  caption: 講演\n"
            "a.jpg: 重複\n",
        }
    )
    code, _out, err = run(command, "--root", str(root))
    assert code == 2
    assert (
        f"{REPORT_DIR}/photos/captions.yaml:4:1: 'a.jpg' is written twice in the captions file "
        "(first on line 1) (hint: keep one entry, with the alt text and caption together)"
    ) in err


# ------------------------------------------------------------------ base_url, placeholders
def test_no_base_url_is_one_warning_per_run_in_build_and_check(make_site: MakeSite) -> None:
    root = make_site({"content/reports/r2/report.yaml": report_yaml(title="二つ目")})
    expected = [
        f"{SITE_PATH}: no 'base_url' is set: sitemap.xml lists no pages and feed.xml has no links"
        " (hint: add 'base_url: https://…/' (the site's public address) to content/site.yaml, "
        "or pass --base-url)"
    ]
    assert warnings_of(root) == expected
    built = build(BuildOptions(root=root, out=root / "_site", workers=1))
    assert [w.format(relative_to=root) for w in built.warnings] == expected
    given = build(BuildOptions(root=root, out=root / "_site", base_url="https://x.jp/"))
    assert given.warnings == ()
    # With an address, no page of these text-only reports has a sharing card: check says so.
    cards = [w.path.parent.name for w in check(root, base_url="https://x.jp/").warnings]
    assert cards == ["r1", "r2"]
    assert run("check", "--strict", "--root", str(root))[0] == 2  # --strict: an error


def test_the_placeholder_list_is_the_scaffold_s(tmp_path: Path) -> None:
    """Every placeholder is written by new or new-report (one list for both), and a fresh
    site warns about each one that it holds outside comments."""
    site = tmp_path / "site"
    written = new_site(site) + new_report(site, "second")
    texts = "\n".join(path.read_text(encoding="utf-8") for path in written)
    for placeholder in PLACEHOLDERS:
        assert placeholder.text in texts, placeholder
    found = {w.message.params["text"] for w in check(site).warnings if "placeholder" in w.message}
    commented = {"写真に写っているものの説明", "写真の説明文"}  # only in a comment to uncomment
    assert found == {p.text for p in PLACEHOLDERS} - commented


@pytest.mark.parametrize(
    ("text", "is_yaml", "found"),
    [
        ("role: 役職\n", True, [(1, 7, "役職")]),
        ("role: '役職'  # 仮\n", True, [(1, 8, "役職")]),
        ("  - 役職\n", True, [(1, 5, "役職")]),
        ("role: 役職名\ndepartment: 所属団体の総務課\n", True, []),  # real words around it
        ("# name: 山田 太郎\n", True, []),  # a comment is not published
        ("役職の方が\n", False, []),
        ("講師: 山田 太郎 氏\n", False, []),  # a sample name alone: a real name too
        (
            "講師: 山田 太郎 氏、箇条書きも使えます\n",
            False,
            [(1, 5, "山田 太郎"), (1, 13, "箇条書きも使えます")],
        ),
        ("title: 報告(タイトルを入れてください)\n", True, [(1, 10, "(タイトルを入れてください)")]),
    ],
)
def test_find_placeholders(text: str, is_yaml: bool, found: list[tuple[int, int, str]]) -> None:
    assert find_placeholders(text, is_yaml) == found


def _image(name: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    frames = [Image.new("P", (64, 48), colour) for colour in (1, 5)]
    if name.endswith(".gif"):  # animated: the photo is its first frame
        frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    else:
        Image.new("RGB", (64, 48), "green").save(buffer, "BMP")
    return buffer.getvalue()


def test_a_folder_publishes_gif_and_bmp_as_a_listed_photo_would(make_site: MakeSite) -> None:
    folder = "    photos: {folder: photos}\n"
    root = make_site(
        {
            **PUBLISHED,
            REPORT_PATH: day_photos(folder),
            f"{REPORT_DIR}/photos/captions.yaml": "e.gif: {alt: 受付の様子}\nf.bmp: {alt: 会場}\n",
            f"{REPORT_DIR}/photos/e.gif": _image("e.gif"),
            f"{REPORT_DIR}/photos/f.bmp": _image("f.bmp"),
        }
    ).resolve()
    from seminar_site.content.site import load_site
    from seminar_site.settings.config import load_config

    site = load_site(root, load_config(root))[0].site
    assert [photo.source.name for photo in site.reports[0].photos] == ["e.gif", "f.bmp"]
    out = root / "_site"
    build(BuildOptions(root=root, out=out))
    assert len(list((out / "photos").glob("*.webp"))) == 2


def test_files_of_a_photo_folder_that_are_not_photos_are_named(make_site: MakeSite) -> None:
    folder = "    photos: {folder: photos}\n"
    root = make_site(
        {
            **PUBLISHED,
            REPORT_PATH: day_photos(folder),
            f"{REPORT_DIR}/photos/a.jpg": JPEG,
            f"{REPORT_DIR}/photos/logo.svg": "<svg/>",
            f"{REPORT_DIR}/photos/movie.mov": b"x",
            f"{REPORT_DIR}/photos/.DS_Store": b"x",
            f"{REPORT_DIR}/photos/Thumbs.db": b"x",
        }
    )
    found = [w for w in warnings_of(root) if "not photos" in w]
    assert found == [
        f"{REPORT_PATH}:9:14: 2 file(s) in 'photos' are not photos, so they are not published: "
        "logo.svg, movie.mov (hint: a photo is a JPEG, PNG, WebP, GIF, BMP, TIFF or HEIC file: "
        "save it as one of those, or move the file out of the folder (a document goes under "
        "'materials:'))"
    ]
