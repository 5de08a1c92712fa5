"""``export --format zip`` (issue 16, item 3): one report with its assets, photos and
materials; byte-identical across runs; Windows-safe names; Japanese names with the UTF-8
flag, as ``zipinfo`` lists them; every link of the unzipped page relative and there."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from seminar_site.export.archive import MAX_NAME, is_windows_safe, windows_name
from tests.chromium import missing_tool
from tests.conftest import REPO, REPORT_DIR, MakeSite
from tests.test_export_fragment import BUNDLED, export_site, pdf, run_cli

UTF8_FLAG = 0x800


def export_zip(root: Path, out: Path, slug: str = "r1") -> str:
    proc = run_cli("export", slug, "--format", "zip", "--root", str(root), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "content", root / "content")
    out = root / "_export" / f"{BUNDLED}.zip"
    return out, export_zip(root, out, BUNDLED)


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    return export_site(make_site)


def test_bundled_report_zip_is_byte_identical_across_runs(
    bundled: tuple[Path, str], tmp_path: Path
) -> None:
    first, printed = bundled
    assert printed.startswith(f"wrote {first}: ")
    assert f"unzip it and open {BUNDLED}/index.html" in printed
    root = first.parents[1]
    second = tmp_path / "again.zip"
    export_zip(root, second, BUNDLED)  # the photo cache is warm now: the bytes do not care
    assert second.read_bytes() == first.read_bytes()
    copy = tmp_path / "cold"
    shutil.copytree(REPO / "content", copy / "content")  # a cold cache, another folder
    third = tmp_path / "third.zip"
    export_zip(copy, third, BUNDLED)
    assert third.read_bytes() == first.read_bytes()


def test_entries_are_sorted_dated_and_plain_files(bundled: tuple[Path, str]) -> None:
    with zipfile.ZipFile(bundled[0]) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert f"{BUNDLED}/index.html" in names
    assert sum(name.startswith(f"{BUNDLED}/photos/") for name in names) >= 6
    for info in infos:
        assert info.filename.startswith(f"{BUNDLED}/")
        assert info.date_time == (2021, 2, 24, 0, 0, 0)  # the report's publication day
        assert info.external_attr >> 16 == 0o100644 and info.create_system == 3
        assert not info.extra


def test_japanese_names_have_the_utf8_flag_and_zipinfo_lists_them(
    site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r1.zip"
    export_zip(site, out)
    with zipfile.ZipFile(out) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    japanese = {"r1/files/配布資料（架空市）.pdf", "r1/files/事例集.xlsx"}
    assert japanese <= set(infos)
    for name, info in infos.items():
        assert bool(info.flag_bits & UTF8_FLAG) == (not name.isascii()), name
    zipinfo = shutil.which("zipinfo")
    if zipinfo is None:
        missing_tool("zipinfo (package unzip) is not installed")
    listed = subprocess.run(
        [zipinfo, "-1", str(out)], capture_output=True, check=True, env={"LC_ALL": "C.UTF-8"}
    ).stdout.decode("utf-8")
    assert japanese <= set(listed.splitlines())


def test_the_page_links_the_materials_under_their_names(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "r1.zip"
    export_zip(site, out)
    with zipfile.ZipFile(out) as archive:
        archive.extractall(tmp_path / "x")
        page = archive.read("r1/index.html").decode("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    hrefs = {a.get_text(): unquote(str(a["href"])) for a in soup.select(".materials a")}
    assert hrefs["配布資料（架空市）(PDF形式、3ページ、1KB)"] == "files/配布資料（架空市）.pdf"
    original = site / REPORT_DIR / "資料" / "配布資料（架空市）.pdf"
    assert (tmp_path / "x/r1/files/配布資料（架空市）.pdf").read_bytes() == original.read_bytes()


def test_every_link_of_the_unzipped_page_is_relative_and_there(
    bundled: tuple[Path, str], tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundled[0]) as archive:
        archive.extractall(tmp_path)
    page = tmp_path / BUNDLED / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    urls = [str(t["href"]) for t in soup.find_all(["a", "link"], href=True)]
    urls += [str(t["src"]) for t in soup.find_all(["img", "script", "source"], src=True)]
    for tag in soup.find_all(srcset=True):
        urls += [part.strip().split(" ")[0] for part in str(tag["srcset"]).split(",")]
    checked = 0
    for url in urls:
        if urlsplit(url).scheme in ("https", "mailto", "tel") or url.startswith("#"):
            continue
        assert not url.startswith(("/", "../")), url
        target = (page.parent / unquote(url.split("#")[0])).resolve()
        assert target.is_relative_to(tmp_path / BUNDLED) and target.is_file(), url
        checked += 1
    assert checked > 20


def zipped_page(root: Path, out: Path, *extra: str) -> BeautifulSoup:
    proc = run_cli("export", "r1", "--format", "zip", "--root", str(root), "--out", str(out),
                   *extra)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(out) as archive:
        return BeautifulSoup(archive.read("r1/index.html").decode("utf-8"), "html.parser")


def test_home_and_the_report_list_lead_to_the_public_site(site: Path, tmp_path: Path) -> None:
    """Alone in its zip the page has no list of reports beside it: 「ホーム」, the site's
    title and 「レポート一覧」 lead to the published site (base_url), never back to the
    report itself."""
    base = "https://reports.example.jp/"
    soup = zipped_page(site, tmp_path / "r1.zip", "--base-url", base)
    home = [a for a in soup.find_all("a") if a.get_text() in ("ホーム", "レポート一覧")]
    home += soup.select(".site-title a")
    assert len(home) == 3 and {a["href"] for a in home} == {base}
    to_itself = [a for a in soup.find_all("a", href=True) if a["href"] == "index.html"]
    assert [a.get("aria-current") for a in to_itself] == ["page"]  # the trail's last step


def test_without_base_url_the_links_to_the_site_are_left_out(site: Path, tmp_path: Path) -> None:
    soup = zipped_page(site, tmp_path / "r1.zip")
    assert soup.select(".breadcrumb") == []  # a trail of one step, to itself, says nothing
    title = soup.select_one(".site-title")
    assert title is not None and title.find("a") is None and title.get_text() == "テストサイト"
    texts = {a.get_text() for a in soup.find_all("a")}
    assert not texts & {"ホーム", "レポート一覧"}
    assert all(a.get("href") for a in soup.find_all("a"))  # no link without an address
    assert not soup.find_all("a", href="index.html")


def test_windows_refused_names_are_renamed(make_site: MakeSite, tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "ガイドブック.pdf")  # as macOS writes it
    long_name = "とても長い資料名" * 10 + ".pdf"
    files = {
        "CON.pdf": "本体資料",
        'a<b>c:"d"|e?.pdf': "記号資料",
        decomposed: "手引き資料",
        long_name: "長い名前の資料",
        "Slides.PDF": "スライド資料",
        "slides.pdf": "別のスライド資料",
    }
    materials = "".join(
        f"  - label: {label}\n    file: m/{name}\n" for name, label in files.items()
    )
    root = make_site(
        {
            f"{REPORT_DIR}/report.yaml": _report(materials),
            **{f"{REPORT_DIR}/m/{name}": pdf(1) + name.encode() for name in files},
        }
    )
    out = tmp_path / "r1.zip"
    export_zip(root, out)
    with zipfile.ZipFile(out) as archive:
        names = [n.removeprefix("r1/files/") for n in archive.namelist() if "/files/" in n]
        assert all(is_windows_safe(n) for n in archive.namelist())
    assert "_CON.pdf" in names and "a_b_c__d__e_.pdf" in names
    assert unicodedata.normalize("NFC", decomposed) in names
    assert len({n.casefold() for n in names}) == len(names) == len(files)
    assert all(len(n) <= MAX_NAME for n in names) and any(n.startswith("とても長い") for n in names)


def _report(materials: str) -> str:
    from tests.conftest import report_yaml

    return report_yaml() + "materials:\n" + materials


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("nul.txt", "_nul.txt"),
        ("COM1", "_COM1"),
        ("lpt9.tar.gz", "_lpt9.tar.gz"),
        ("report. ", "report"),
        ("a\x01b.pdf", "a_b.pdf"),
        ("資料.pdf", "資料.pdf"),
        ("...", "file"),
        ("console.pdf", "console.pdf"),
    ],
)
def test_windows_name(name: str, safe: str) -> None:
    assert windows_name(name) == safe
    assert windows_name(safe) == safe


def test_an_existing_folder_as_out_gets_the_zip_under_its_default_name(
    site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "existing-dir"
    folder.mkdir()
    printed = export_zip(site, folder)
    assert [p.name for p in folder.iterdir()] == ["r1.zip"]
    assert zipfile.is_zipfile(folder / "r1.zip") and f"wrote {folder / 'r1.zip'}:" in printed
    made = tmp_path / "new-dir"  # a final '/' says "a folder", one that is not there yet
    proc = run_cli("export", "r1", "--format", "zip", "--root", str(site), "--out", f"{made}/")
    assert proc.returncode == 0 and zipfile.is_zipfile(made / "r1.zip"), proc.stderr


def test_a_zip_named_like_another_file_type_is_refused(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "zip2.pdf"
    proc = run_cli("export", "r1", "--format", "zip", "--root", str(site), "--out", str(out))
    assert proc.returncode == 2 and not out.exists()
    assert f"--out {out} ends in .pdf, but --format zip makes a .zip file" in proc.stderr
    assert f"(hint: write --out {tmp_path / 'zip2.zip'})" in proc.stderr
    ja = run_cli("export", "r1", "--format", "zip", "--root", str(site), "--out", str(out),
                 lang="ja")  # fmt: skip
    assert "--format zip で作るのは「.zip」のファイルです" in ja.stderr
    assert f"「--out {tmp_path / 'zip2.zip'}」と書いてください" in ja.stderr


def test_a_name_without_the_extension_gets_it(site: Path, tmp_path: Path) -> None:
    printed = export_zip(site, tmp_path / "report")
    assert zipfile.is_zipfile(tmp_path / "report.zip") and not (tmp_path / "report").exists()
    assert f"wrote {tmp_path / 'report.zip'}:" in printed


@pytest.mark.parametrize(
    ("raw", "fmt", "made"),
    [
        ("report", "pdf", "report.pdf"),
        ("report.PDF", "pdf", "report.PDF"),
        ("議事録 v1.2", "pdf", "議事録 v1.2.pdf"),  # a dot in the name is no file type
        ("out/", "zip", "out/r1.zip"),
        ("frag.d", "fragment", "frag.d"),  # a fragment is a folder: its name as written
    ],
)
def test_export_out_names(raw: str, fmt: str, made: str, tmp_path: Path) -> None:
    from seminar_site.export.options import export_out

    assert export_out(raw, tmp_path, "r1", fmt) == Path(made)
    assert export_out(None, tmp_path, "r1", fmt) == tmp_path / "_export" / (
        "r1" if fmt == "fragment" else f"r1.{fmt}"
    )


def test_zip_into_content_is_refused(site: Path) -> None:
    out = site / "content" / "r1.zip"
    proc = run_cli("export", "r1", "--format", "zip", "--root", str(site), "--out", str(out))
    assert proc.returncode == 2 and "inside the content folder" in proc.stderr
    assert not out.exists()


def test_content_error_leaves_the_previous_zip(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "r1.zip"
    export_zip(site, out)
    before = out.read_bytes()
    (site / REPORT_DIR / "report.yaml").write_text("title: [\n", encoding="utf-8")
    proc = run_cli("export", "r1", "--format", "zip", "--root", str(site), "--out", str(out))
    assert proc.returncode == 2 and "content/reports/r1/report.yaml:" in proc.stderr
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r1.zip", "site"]
