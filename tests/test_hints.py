"""Hints that give the answer: the ISO date an era, slash or kanji date means, the
half-width number, the folder that is there, the full http(s) address."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import pytest

from seminar_site.cli import main
from seminar_site.errors import ContentErrors, ErrorCollector, SiteError
from seminar_site.settings.base_url import base_url_problem, check_base_url
from seminar_site.settings.config import SITE_FILE, load_config
from seminar_site.settings.dates_iso import ImpossibleDate, read_loose_date
from seminar_site.settings.schema import check_mapping
from seminar_site.settings.shapes import REPORT
from seminar_site.settings.yamlsource import parse_yaml
from tests.conftest import MakeSite, report_yaml, site_yaml
from tests.corpus.cases import JPEG
from tests.test_corpus import run_cli


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("令和7年11月8日", date(2025, 11, 8)),
        ("令和７年１１月８日", date(2025, 11, 8)),
        ("2025/11/08", date(2025, 11, 8)),
        ("2025/11/8", date(2025, 11, 8)),
        ("2025.11.8", date(2025, 11, 8)),
        ("2025年11月8日", date(2025, 11, 8)),
        ("2025年11月8日(土)", date(2025, 11, 8)),
        ("2025年11月8日（土曜日）", date(2025, 11, 8)),
        ("２０２５-１１-２０", date(2025, 11, 20)),
        ("R7.11.8", date(2025, 11, 8)),
        ("H31.4.30", date(2019, 4, 30)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("㋿7年11月8日", date(2025, 11, 8)),
    ],
)
def test_loose_dates_are_read_as_the_date_they_mean(text: str, meant: date) -> None:
    assert read_loose_date(text) == meant


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("令和元年4月1日", "令和 began on 2019-05-01"),
        ("平成31年5月1日", "平成 ended on 2019-04-30"),
        ("昭和64年1月8日", "昭和 ended on 1989-01-07"),
        ("2025/02/30", "2025-02 has only 28 days"),
        ("2025年11月8日(金)", "2025-11-08 is a 土曜日, not a 金曜日"),
    ],
)
def test_a_date_that_never_was_is_no_hint(text: str, reason: str) -> None:
    with pytest.raises(ImpossibleDate, match=reason):
        read_loose_date(text)


@pytest.mark.parametrize("text", ["来週", "11月8日", "2025/11-08", "約300名", "R7"])
def test_what_is_not_a_date_is_not_read_as_one(text: str) -> None:
    assert read_loose_date(text) is None


def report_errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    errors = ErrorCollector()
    check_mapping(parse_yaml(path), REPORT, path, errors)
    return [f"{e.line}:{e.col}: {e.message} (hint: {e.hint})" for e in errors.errors]


@pytest.mark.parametrize(
    ("published", "hint"),
    [
        ("令和7年11月8日", "write 2025-11-08"),
        ("2025/11/08", "write 2025-11-08"),
        ("2025年11月8日(土)", "write 2025-11-08"),
        ("R7.11.8", "write 2025-11-08"),
        ("２０２５-１１-２０", "write 2025-11-20"),
        ("令和元年5月1日", "write 2019-05-01"),
        ("平成31年4月30日", "write 2019-04-30"),
    ],
)
def test_a_date_field_hints_the_iso_date(tmp_path: Path, published: str, hint: str) -> None:
    assert report_errors(tmp_path, report_yaml(published=published)) == [
        f"3:12: 'published' must be a date like 2021-02-24 (hint: {hint})"
    ]


def test_an_era_date_that_never_was_is_a_clear_error(tmp_path: Path) -> None:
    assert report_errors(tmp_path, report_yaml(published="令和元年4月1日")) == [
        "3:12: 'published' is not a real date: 令和元年4月1日 (令和 began on 2019-05-01) "
        "(hint: check the date, and write it as YYYY-MM-DD)"
    ]


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("４１２", "write 412"),
        ("1,200", "write 1200"),
        ("'412'", "write 412 without quotes"),
        ("400人", "write 400"),
        ("延べ240件", "write 240"),
        ("'320名'", "write 320"),
        ("約320", "write 320"),  # applications has no 約: the number alone
    ],
)
def test_a_number_field_hints_the_half_width_number(tmp_path: Path, value: str, hint: str) -> None:
    assert report_errors(tmp_path, report_yaml(extra=f"  applications: {value}\n")) == [
        f"7:17: 'applications' must be a whole number (hint: {hint})"
    ]


@pytest.mark.parametrize("value", ["約320名", "320名程度", "およそ320人", "320名余り", "320人以上"])
def test_participants_written_as_about_get_the_number_and_the_approximate_key(
    tmp_path: Path, value: str
) -> None:
    assert report_errors(tmp_path, report_yaml(extra=f"  participants: {value}\n")) == [
        "7:17: 'participants' must be a whole number "
        "(hint: write 320, and participants_approximate: true to show 約)"
    ]


@pytest.mark.parametrize("value", ["13時〜", "13:00～", "13時から"])
def test_a_start_written_open_ended_gets_the_time(tmp_path: Path, value: str) -> None:
    sessions = f"      - kind: 講演\n        title: 基調講演\n        start: {value}\n"
    assert report_errors(tmp_path, report_yaml(sessions=sessions)) == [
        "12:16: 'start' must be a time like 13:30 (hint: write 13:00)"
    ]


def build_stderr(root: Path, *extra: str) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = main(["build", "--root", str(root), "--jobs", "1", *extra])
    return code, stderr.getvalue()


def test_full_width_date_digits_fail_build_and_check_alike(make_site: MakeSite) -> None:
    """Both commands load the site the same way: one error, the same one."""
    root = make_site(
        {"content/reports/r1/report.yaml": report_yaml(published="２０２５-１１-２０")}
    )
    code, stderr = build_stderr(root)
    assert code == 2
    check = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(check):
        assert main(["check", "--root", str(root)]) == 2
    line = (
        "error: content/reports/r1/report.yaml:3:12: 'published' must be a date like "
        "2021-02-24 (hint: write 2025-11-20)"
    )
    assert [text for text in stderr.splitlines() if text.startswith("error: ")] == [line]
    assert [text for text in check.getvalue().splitlines() if text.startswith("error: ")] == [line]


def _photo_folder(folder: str) -> str:
    return report_yaml().replace(
        "    sessions:", f"    photos: {{folder: '{folder}'}}\n    sessions:"
    )


@pytest.mark.parametrize(
    ("folder", "hint"),
    [
        ("photos/dya1", "did you mean 'photos/day1'?"),
        ("photo/day1", "did you mean 'photos/day1'?"),
        ("Photos/Day1", "did you mean 'photos/day1'?"),
        ("photos\\day1", "use '/' between folders: photos/day1"),
        ("pictures", "create the folder pictures next to report.yaml"),
    ],
)
def test_a_missing_folder_gets_the_folder_that_is_there(
    make_site: MakeSite, folder: str, hint: str
) -> None:
    root = make_site(
        {
            "content/reports/r1/report.yaml": _photo_folder(folder),
            "content/reports/r1/photos/day1/.keep": "",
            "content/reports/r1/photos/day2/.keep": "",
        }
    )
    code, stderr = build_stderr(root)
    assert code == 2
    assert f"photo folder '{folder}' not found (hint: {hint})" in stderr


def _listed_photos(*names: str) -> str:
    listing = "".join(f"      - file: photos/{n}\n        alt: 会場の様子\n" for n in names)
    return report_yaml().replace("    sessions:", f"    photos:\n{listing}    sessions:")


@pytest.mark.parametrize(
    ("on_disk", "hint"),
    [
        ("IMG_0002.JPG", "did you mean 'IMG_0002.JPG'?"),
        ("img_0002.jpg", "did you mean 'img_0002.jpg'?"),
        ("IMG_0002.png", "did you mean 'IMG_0002.png'?"),
        (
            "IMG_0020.jpg",
            "put the file IMG_0002.jpg in the folder 'content/reports/r1/photos', "
            "or check the file name",
        ),
        ("ＩＭＧ_0002.jpg", "did you mean 'ＩＭＧ_0002.jpg'?"),
        ("IMG-0002.jpg", "did you mean 'IMG-0002.jpg'?"),
    ],
)
def test_a_missing_photo_gets_the_file_meant_and_never_another_numbered_photo(
    make_site: MakeSite, on_disk: str, hint: str
) -> None:
    """IMG_0003.jpg, listed next, is another photo: it is never offered for IMG_0002.jpg."""
    root = make_site(
        {
            "content/reports/r1/report.yaml": _listed_photos("IMG_0002.jpg", "IMG_0003.jpg"),
            f"content/reports/r1/photos/{on_disk}": JPEG,
            "content/reports/r1/photos/IMG_0003.jpg": JPEG,
        }
    )
    code, stderr = build_stderr(root)
    assert code == 2
    assert f"photo 'photos/IMG_0002.jpg' not found (hint: {hint})" in stderr


@pytest.mark.parametrize(
    ("url", "example"),
    [
        ("www.example.jp/reports", "https://www.example.jp/reports/"),
        ("example.jp", "https://example.jp/"),
        ("ftp://x", "https://www.example.jp/reports/"),
        ("ftp://files.example.jp/r", "https://files.example.jp/r/"),
        ("https://", "https://www.example.jp/reports/"),
        ("/reports/", "https://www.example.jp/reports/"),
        ("javascript:alert(1)", "https://www.example.jp/reports/"),
    ],
)
def test_a_base_url_must_be_a_full_http_address(url: str, example: str) -> None:
    problem = base_url_problem(url)
    assert problem is not None and problem[1] == example
    with pytest.raises(SiteError, match=r"^--base-url "):
        check_base_url(url)


@pytest.mark.parametrize("url", ["", "https://example.jp", "http://localhost:8000/x/"])
def test_a_full_base_url_is_kept(url: str) -> None:
    assert base_url_problem(url) is None
    assert check_base_url(url) == (url if not url or url.endswith("/") else url + "/")


def test_the_base_url_option_is_refused_before_anything_is_built(make_site: MakeSite) -> None:
    root = make_site()
    code, stderr = build_stderr(root, "--base-url", "www.example.jp/reports")
    assert code == 2
    assert stderr.splitlines() == [
        "error: --base-url 'www.example.jp/reports' must be a full address starting with "
        "https:// or http:// (hint: write the full address, e.g. https://www.example.jp/reports/)",
        "seminar-site: 1 error(s); nothing was written",
    ]
    assert not (root / "_site").exists()


def test_base_url_in_site_yaml_is_reported_once_at_its_value(make_site: MakeSite) -> None:
    root = make_site({str(SITE_FILE): site_yaml(extra="base_url: ftp://x\n")})
    with pytest.raises(ContentErrors) as caught:
        load_config(root)
    assert [e.format(root) for e in caught.value.errors] == [
        f"{SITE_FILE}:3:11: 'base_url' must start with https:// or http://, not ftp:// "
        "(hint: write the full address, e.g. https://www.example.jp/reports/)"
    ]


def test_a_back_link_without_its_address_is_an_error_not_a_link_that_never_shows(
    make_site: MakeSite,
) -> None:
    root = make_site({"content/site.yaml": site_yaml(extra="back_link:\n  label: 協議会へ\n")})
    code, stderr = build_stderr(root)
    assert code == 2
    assert "content/site.yaml:4:3: missing required key 'url' in link (hint: add 'url:'" in stderr


def test_a_missing_material_says_where_to_put_it_and_lists_near_names(
    make_site: MakeSite,
) -> None:
    """A material file that is not there: put it in the report's folder, or correct the name
    to one of the files there that differ only in case, width or extension."""
    sessions = (
        "      - kind: 講演\n        title: 基調講演\n        materials:\n"
        "          - label: 講演資料\n            file: missing.pdf\n"
    )
    root = make_site({"content/reports/r1/report.yaml": report_yaml(sessions=sessions)})
    code, _stdout, stderr = run_cli(root, root / "_site", "ja")
    assert code == 2
    assert (
        "フォルダー「content/reports/r1」にファイル「missing.pdf」を入れるか、"
        "ファイル名を確かめてください" in stderr
    )
    for name in ("Missing.PDF", "missing.pptx"):
        (root / "content/reports/r1" / name).write_bytes(b"x")
    code, _stdout, stderr = run_cli(root, root / "_site", "ja")
    assert (
        "ファイル名を確かめてください。フォルダーにあるのは「Missing.PDF」、「missing.pptx」です"
        in stderr
    )
