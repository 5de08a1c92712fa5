"""``seminar-site import``: the folder written atomically (nothing when there are errors,
all errors at once, exit 2 with Japanese messages), ``--update`` keeping every other key and
the author's comments, ``check`` passing on what it wrote, import-report.md never published,
and openpyxl loaded by ``import`` alone.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from seminar_site.cli import main
from tests.conftest import cli_env
from tests.test_import_sheets import (
    PROGRAMME,
    programme_rows,
    programme_xlsx,
    write_csv,
    write_xlsx,
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    assert main(["new", str(root)]) == 0
    return root


def _import(site: Path, source: Path, slug: str, *extra: str) -> int:
    return main(["import", str(source), "--slug", slug, "--root", str(site), *extra])


def _listing(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("kind", ["xlsx", "cp932", "bom"])
def test_import_then_check_passes_without_edit(
    site: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "xlsx":
        source = programme_xlsx(tmp_path / "programme.xlsx")
    else:
        source = write_csv(tmp_path / f"{kind}.csv", "cp932" if kind == "cp932" else "utf-8",
                           bom=kind == "bom")  # fmt: skip
    assert _import(site, source, "dx2024") == 0
    out = capsys.readouterr().out
    assert "2 day(s), 6 session(s), 11 speaker(s)" in out
    folder = site / "content" / "reports" / "dx2024"
    assert sorted(_listing(folder)) == ["import-report.md", "report.yaml"]
    assert main(["check", "--root", str(site)]) == 0
    check = capsys.readouterr()
    assert "dx2024" not in check.err  # no warning about the imported report


def test_the_three_encodings_and_xlsx_write_identical_report_yaml(
    site: Path, tmp_path: Path
) -> None:
    sources = [
        programme_xlsx(tmp_path / "p.xlsx"),
        write_csv(tmp_path / "p-sjis.csv", "cp932"),
        write_csv(tmp_path / "p-bom.csv", "utf-8", bom=True),
    ]
    written = []
    for number, source in enumerate(sources):
        assert _import(site, source, f"r{number}") == 0
        written.append((site / "content" / "reports" / f"r{number}" / "report.yaml").read_bytes())
    assert written[1:] == [written[0]] * 2


def test_errors_write_nothing_and_are_all_located_in_japanese(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [list(row) for row in programme_rows()]
    rows[3][6] = ""  # the 役職 header is missing
    rows[11][0] = "10月32日"  # a bad date
    source = write_xlsx(tmp_path / "bad.xlsx", rows)
    before = _listing(site)
    code = main(["import", str(source), "--slug", "x", "--root", str(site), "--lang", "ja"])
    err = capsys.readouterr().err
    assert code == 2
    assert "プログラム!G4: " in err and "見出し" in err
    assert "プログラム!A12: " in err and "10月は31日までです" in err
    assert "何も書き込んでいません" in err  # seminar-site: 2 error(s); nothing was written
    assert "Traceback" not in err
    assert _listing(site) == before  # nothing written, no staging folder left


def test_an_existing_report_is_refused_without_update(site: Path) -> None:
    before = _listing(site)
    assert _import(site, PROGRAMME, "sample-seminar") == 2
    assert _listing(site) == before


def test_update_replaces_only_the_programme_and_keeps_comments(site: Path, tmp_path: Path) -> None:
    folder = site / "content" / "reports" / "sample-seminar"
    text = (folder / "report.yaml").read_text(encoding="utf-8")
    text = text.replace("format: online\n", "format: online  # the author's comment\n")
    text = re.sub(r"  - date: [0-9-]+\n", "  - date: 2024-10-03\n    label: 初日\n", text, count=1)
    (folder / "report.yaml").write_text(text, encoding="utf-8")
    assert main(["check", "--root", str(site)]) == 0
    narrative = (folder / "narrative.md").read_bytes()
    # The sample's sessions have summaries written by hand, and the programme none of their
    # titles: without --force that is refused (test_update_never_loses_..., below).
    assert _import(site, PROGRAMME, "sample-seminar", "--update", "--force") == 0
    new = (folder / "report.yaml").read_text(encoding="utf-8")
    assert "format: online  # the author's comment" in new
    assert new.startswith("# yaml-language-server")  # the first comments kept too
    data = yaml.safe_load(new)
    assert data["title"] == yaml.safe_load(text)["title"]  # every other key kept
    assert data["body"] == "narrative.md"
    assert [d["date"].isoformat() for d in data["days"]] == ["2024-10-03", "2024-10-04"]
    assert data["days"][0]["label"] == "初日"  # the day's other keys kept
    assert data["days"][0]["sessions"][0]["title"] == "開会挨拶"
    assert (folder / "narrative.md").read_bytes() == narrative
    assert main(["check", "--root", str(site)]) == 0


def test_update_of_a_missing_report_is_refused(site: Path) -> None:
    assert _import(site, PROGRAMME, "nothing-here", "--update") == 2
    assert not (site / "content" / "reports" / "nothing-here").exists()


def test_import_report_is_never_published(site: Path, tmp_path: Path) -> None:
    assert _import(site, PROGRAMME, "dx2024") == 0
    report = site / "content" / "reports" / "dx2024" / "import-report.md"
    assert "休憩" in report.read_text(encoding="utf-8")
    assert main(["build", "--root", str(site), "--quiet"]) == 0
    published = [p for p in (site / "_site").rglob("*") if p.is_file()]
    assert not [p for p in published if "import-report" in p.name]
    assert not [p for p in published if b"Import report" in p.read_bytes()]


def test_unknown_suffix_and_missing_file(site: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert _import(site, old, "x") == 2
    assert "save it as .xlsx" in capsys.readouterr().err
    assert _import(site, tmp_path / "missing.csv", "x") == 2
    assert "file not found" in capsys.readouterr().err


def test_mapping_file_option(site: Path, tmp_path: Path) -> None:
    rows = [["実施日", "セッション名", "お名前"], ["2024/10/3", "基調講演", "大森 恵子"]]
    source = write_xlsx(tmp_path / "odd.xlsx", rows)
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "columns:\n  実施日: date\n  セッション名: title\n  お名前: name\n", encoding="utf-8"
    )
    assert _import(site, source, "odd", "--map", str(mapping)) == 0
    assert main(["check", "--root", str(site)]) == 0


def test_openpyxl_and_ruamel_are_imported_by_import_alone(site: Path) -> None:
    probe = (
        "import sys\n"
        "from seminar_site.cli import main\n"
        "codes = [main(a) for a in sys.argv[1:2] and [['build', '--root', sys.argv[1], '--quiet'],"
        " ['build', '--root', sys.argv[1], '--quiet'], ['check', '--root', sys.argv[1]]]]\n"
        "print(codes, 'openpyxl' in sys.modules, 'ruamel.yaml' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(site)],
        env=cli_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split("\n")[-2] == "[0, 0, 0] False False"


def test_update_keeps_what_the_author_wrote_about_each_session(site: Path) -> None:
    folder = site / "content" / "reports" / "talks"
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text(
        "# the author's notes\n"
        "title: 自治体DXセミナー 開催報告\n"
        "lead: 報告です。\n"
        "published: 2024-10-20\n"
        "event:\n"
        "  name: 自治体DXセミナー\n"
        "  format: hybrid  # 会場とオンライン\n"
        "days:\n"
        "  - date: 2024-10-03\n"
        "    sessions:\n"
        "      - title: 開会挨拶\n"
        "        id: opening\n"
        "        summary: >-\n"
        "          会長が挨拶しました。\n"
        "  - date: 2024-10-02\n"
        "    sessions:\n"
        "      - title: 前日の講演\n"
        "materials:\n"
        "  - label: 開催報告書\n"
        "    url: https://www.example.jp/report/\n",
        encoding="utf-8",
    )
    assert _import(site, PROGRAMME, "talks", "--update") == 0
    text = (folder / "report.yaml").read_text(encoding="utf-8")
    assert text.startswith("# the author's notes\n")
    assert "format: hybrid  # 会場とオンライン" in text
    assert "summary: >-\n          会長が挨拶しました。" in text  # its style kept too
    data = yaml.safe_load(text)
    opening = data["days"][0]["sessions"][0]
    assert list(opening) == ["kind", "title", "id", "start", "end", "speakers", "summary"]
    assert opening["id"] == "opening" and opening["start"] == "13:00"
    assert data["materials"][0]["label"] == "開催報告書"
    assert [d["date"].isoformat() for d in data["days"]] == ["2024-10-03", "2024-10-04"]
    notes = (folder / "import-report.md").read_text(encoding="utf-8")
    assert "2024-10-02" in notes  # the day removed is listed
    assert main(["check", "--root", str(site)]) == 0


def test_a_report_the_loader_refuses_is_not_written(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--update of a report whose other keys are wrong: the loader's error, located at the
    real report.yaml (not the staging folder), and the file left as it was."""
    folder = site / "content" / "reports" / "sample-seminar"
    path = folder / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("format: online", "format: tv"),
                    encoding="utf-8")  # fmt: skip
    before = _listing(site)
    assert _import(site, PROGRAMME, "sample-seminar", "--update") == 2
    err = capsys.readouterr().err
    assert "content/reports/sample-seminar/report.yaml:" in err and ".import-" not in err
    assert _listing(site) == before
    assert not [p for p in (site / "content").iterdir() if p.name.startswith(".import-")]


@pytest.mark.parametrize("slug", ["../escape", "with space", "_under", "SAMPLE-SEMINAR"])
def test_bad_or_clashing_slugs_are_refused(site: Path, slug: str) -> None:
    before = _listing(site)
    assert _import(site, PROGRAMME, slug) == 2
    assert _listing(site) == before


@pytest.mark.parametrize(
    ("text", "where", "said"),
    [
        ("columns:\n  形式： ignore\n", "map.yaml:2:5: ", "「形式: ignore」としてください"),
        ("columns:\n  実施日: date\n  形式： ignore\nyear: 2024\n", "map.yaml:3:5: ",
         "「形式: ignore」としてください"),
        ("columns:\n　形式: ignore\n", "map.yaml:2:1: ", "全角スペース"),
        ("columns:\n  講師（敬称略）:　name\n", "map.yaml:2:11: ", "全角スペース"),
        ("columns：\n  形式: ignore\n", "map.yaml:1:8: ", "「columns:」としてください"),
    ],
)  # fmt: skip
def test_full_width_slips_in_a_mapping_file_are_named(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str,
    said: str,
) -> None:  # fmt: skip
    """As in report.yaml (settings/slips.py), with the sheet's headers as keys: never
    「「columns」は対応表ファイルのキーではありません」."""
    mapping = tmp_path / "map.yaml"
    mapping.write_text(text, encoding="utf-8")
    code = main(["import", str(PROGRAMME), "--slug", "x", "--root", str(site), "--map",
                 str(mapping), "--lang", "ja"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert where in err and said in err
    assert "対応表ファイルのキーではありません" not in err
