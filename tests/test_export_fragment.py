"""``export --format fragment`` (issue 16, item 1): body-only HTML a CMS editor keeps, its
images and files, report.txt, heading levels, --asset-url; atomic and located like build."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from bs4 import BeautifulSoup, Tag
from PIL import Image
from pypdf import PdfWriter

from tests.conftest import REPO, REPORT_DIR, REPORT_PATH, MakeSite, cli_env, report_yaml
from tests.test_materials import office_bytes

BUNDLED = "2021-withcorona-dx"
BOM = b"\xef\xbb\xbf"

SESSIONS = """\
      - kind: 講演
        title: 基調講演
        speakers:
          - name: 早稲田 一郎
            organisation: 架空市
            department: 企画部
            role: 部長
        summary: |
          自治体DXの進め方を解説しました。

          - 業務の棚卸し
          - 小さく始める
        materials:
          - label: 配布資料（架空市）
            file: 資料/配布資料（架空市）.pdf
          - label: 関連リンク集
            url: https://example.jp/links
      - kind: 事例
        title: 窓口改革
        materials:
          - label: 窓口改革の事例集
            file: 資料/事例集.xlsx
    photos:
      - file: photos/会場.jpg
        alt: 会場の前方から見た講演の様子
        caption: 基調講演の様子
        credit: 架空市広報課
        consent: not-identifiable
      - file: photos/tall.jpg
        alt: 縦長の写真
        caption: 事例発表
        consent: not-identifiable
"""
NARRATIVE = """\
## 開催の背景

自治体DXの[関連ページ](https://example.jp/dx)と[当日の記録](#day-1)を紹介します。

### 参加者の内訳

| 区分 | 人数 |
| --- | --- |
| 会場 | 40 |
| オンライン | 60 |

<script>alert(1)</script>
"""


def jpeg(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def export_site(make_site: MakeSite, name: str = "site") -> Path:
    """A report with photos, materials with Japanese names, a body with a table and links."""
    return make_site(
        {
            REPORT_PATH: report_yaml(sessions=SESSIONS, extra="body: narrative.md\n"),
            f"{REPORT_DIR}/narrative.md": NARRATIVE,
            f"{REPORT_DIR}/資料/配布資料（架空市）.pdf": pdf(3),
            f"{REPORT_DIR}/資料/事例集.xlsx": office_bytes("xlsx", 5000),
            f"{REPORT_DIR}/photos/会場.jpg": jpeg(1600, 1200, (120, 140, 160)),
            f"{REPORT_DIR}/photos/tall.jpg": jpeg(900, 1200, (160, 120, 100)),
        },
        name=name,
    )


def run_cli(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seminar_site", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=cli_env(LANGUAGE=lang),
        check=False,
    )


def export(root: Path, out: Path, *extra: str, slug: str = "r1") -> str:
    proc = run_cli(
        "export", slug, "--format", "fragment", "--root", str(root), "--out", str(out), *extra
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def fragment_html(out: Path) -> BeautifulSoup:
    data = (out / "report.html").read_bytes()
    assert data.startswith(BOM)  # no <head> to say UTF-8: the BOM does
    return BeautifulSoup(data[len(BOM) :].decode("utf-8"), "html.parser")


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    return export_site(make_site)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The bundled report exported once from a copy of content/, and what the command printed."""
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "content", root / "content")
    out = root / "_export" / BUNDLED
    return out, export(root, out, slug=BUNDLED)


def headings(soup: BeautifulSoup) -> list[int]:
    return [int(tag.name[1]) for tag in soup.find_all(re.compile(r"^h[1-6]$"))]


# ------------------------------------------------------------------------- body only


def test_bundled_report_is_body_content_only(bundled: tuple[Path, str]) -> None:
    out, printed = bundled
    assert printed.startswith(f"wrote the CMS fragment of {BUNDLED} into ")
    soup = fragment_html(out)
    for tag in ("html", "head", "body", "script", "style", "div", "span", "section", "figure"):
        assert soup.find(tag) is None, tag
    for tag in soup.find_all(True):
        assert isinstance(tag, Tag)
        assert not {"class", "style", "id"} & set(tag.attrs), tag
        assert not any(name.startswith(("on", "data-")) for name in tag.attrs), tag


def test_bundled_report_headings_start_at_h2_without_skipping(bundled: tuple[Path, str]) -> None:
    levels = headings(fragment_html(bundled[0]))
    assert levels[0] == 2 and min(levels) == 2
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert f"report.html ({len(levels)} headings from h2)" in bundled[1]


def test_every_image_has_alt_and_its_files_real_size(bundled: tuple[Path, str]) -> None:
    out = bundled[0]
    images = fragment_html(out).find_all("img")
    assert len(images) == 6
    for img in images:
        assert img["alt"]
        src = str(img["src"])
        assert src.startswith("images/")
        with Image.open(out / src) as picture:
            assert picture.size == (int(img["width"]), int(img["height"]))
    assert sorted(p.name for p in (out / "images").iterdir()) == sorted(
        str(i["src"]).removeprefix("images/") for i in images
    )


def test_overview_is_a_table_with_row_headers(bundled: tuple[Path, str]) -> None:
    table = fragment_html(bundled[0]).find("table")
    assert isinstance(table, Tag)
    headers = {th.get_text(): th.get("scope") for th in table.find_all("th")}
    assert headers["日時"] == "row" and headers["参加者数"] == "row"
    assert set(headers.values()) == {"row"}


# ------------------------------------------------------------------------- the small site


def test_material_links_say_format_pages_and_size(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "frag"
    printed = export(site, out)
    assert "2 file(s) in files/" in printed
    links = {a.get_text(): str(a["href"]) for a in fragment_html(out).find_all("a")}
    size = (site / REPORT_DIR / "資料/配布資料（架空市）.pdf").stat().st_size
    text = f"配布資料（架空市）(PDF形式、3ページ、{-(-size // 1024)}KB)"
    href = links[text]
    assert href == "files/" + quote("配布資料（架空市）.pdf")  # its own name, URL-encoded
    original = site / REPORT_DIR / "資料/配布資料（架空市）.pdf"
    assert (out / unquote(href)).read_bytes() == original.read_bytes()
    assert links["窓口改革の事例集(Excel形式、5KB)"].startswith("files/")
    assert links["関連リンク集"] == "https://example.jp/links"


def test_body_text_is_kept_in_cms_words(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "frag"
    export(site, out)
    soup = fragment_html(out)
    assert "alert(1)" not in str(soup)
    assert [h.get_text() for h in soup.find_all("h3")][:1] == ["参加者の内訳"]
    link = soup.find("a", string="関連ページ")
    assert isinstance(link, Tag) and link["href"] == "https://example.jp/dx"
    # a link to an id of the page (which the fragment has not) keeps only its text
    assert soup.find("a", string="当日の記録") is None and "当日の記録" in soup.get_text()
    cols = [(th.get_text(), th.get("scope")) for th in soup.select("table thead th")]
    assert cols == [("区分", "col"), ("人数", "col")]
    assert [li.get_text() for li in soup.find_all("li")][:2] == ["業務の棚卸し", "小さく始める"]
    speaker = soup.find("p", string=re.compile("早稲田 一郎"))
    assert isinstance(speaker, Tag) and speaker.get_text() == "架空市 企画部 部長 早稲田 一郎 氏"
    assert soup.find("p", string="基調講演の様子(写真提供：架空市広報課)") is not None


def test_heading_level_moves_every_heading(site: Path, tmp_path: Path) -> None:
    export(site, tmp_path / "two")
    printed = export(site, tmp_path / "four", "--heading-level", "4")
    two, four = (
        headings(fragment_html(tmp_path / "two")),
        headings(fragment_html(tmp_path / "four")),
    )
    assert four == [level + 2 for level in two] and four[0] == 4
    assert "headings from h4" in printed


def test_heading_level_too_deep_is_a_clear_error(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "deep"
    proc = run_cli("export", "r1", "--format", "fragment", "--root", str(site), "--out", str(out),
                   "--heading-level", "6")  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "--heading-level 6 would need headings below h6" in proc.stderr
    assert "choose --heading-level 5 or less" in proc.stderr
    assert not out.exists()
    ja = run_cli("export", "r1", "--format", "fragment", "--root", str(site), "--out", str(out),
                 "--heading-level", "6", lang="ja")  # fmt: skip
    assert "「--heading-level」には 5 以下を指定してください" in ja.stderr


def test_asset_url_rewrites_every_image_and_file(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "frag"
    url = "https://cms.example.jp/uploads/2021"
    export(site, out, "--asset-url", url)
    soup = fragment_html(out)
    sources = [str(img["src"]) for img in soup.find_all("img")]
    files = [str(a["href"]) for a in soup.find_all("a") if "形式" in a.get_text()]
    assert len(sources) == 2 and len(files) == 2
    for address in sources + files:
        assert address.startswith(url + "/") and "/images/" not in address, address
        name = unquote(address.rsplit("/", 1)[1])
        assert (out / "images" / name).is_file() or (out / "files" / name).is_file()
    assert f"{url}/" in (out / "report.txt").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("url", "said", "hint"),
    [
        ("uploads 2025", "has a space, which a web address cannot have", "/uploads%202025"),
        ("https://cms.example.jp/up loads/", "has a space", "https://cms.example.jp/up%20loads/"),
        ("ftp://x/", "is not a web address", "--asset-url /uploads/2021dx/"),
        ("C:\\uploads", "is not a web address", "--asset-url https://"),
        ("uploads/2021dx", "is a relative path", "--asset-url /uploads/2021dx/"),
        ("/uploads/a?b", "has '?', which a folder's address cannot have", "write it as %3F"),
        ("https://cms.example.jp/a?x=1", "must not have a ?query", "https://cms.example.jp/a/"),
    ],
)
def test_an_asset_url_that_is_no_web_address_is_refused(
    site: Path, tmp_path: Path, url: str, said: str, hint: str
) -> None:
    out = tmp_path / "frag"
    proc = run_cli("export", "r1", "--format", "fragment", "--root", str(site), "--out", str(out),
                   "--asset-url", url)  # fmt: skip
    assert proc.returncode == 2 and not out.exists()
    assert f"error: --asset-url '{url}' {said}" in proc.stderr
    assert hint in proc.stderr.split("(hint: ", 1)[1]


def test_an_asset_url_from_the_top_of_the_site_is_kept(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "frag"
    export(site, out, "--asset-url", "/uploads/2021dx")
    sources = [str(img["src"]) for img in fragment_html(out).find_all("img")]
    assert sources and all(src.startswith("/uploads/2021dx/") for src in sources)


def test_a_space_in_the_asset_url_is_refused_in_japanese(site: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "f")
    proc = run_cli("export", "r1", "--format", "fragment", "--root", str(site), "--out", out,
                   "--asset-url", "uploads 2025", lang="ja")  # fmt: skip
    assert "「uploads 2025」にはスペースがあります" in proc.stderr
    assert "スペースを「%20」と書く（/uploads%202025）か" in proc.stderr


def test_report_txt_lists_alt_texts_and_a_checklist_in_the_sites_language(
    site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "frag"
    export(site, out)  # the command speaks English; the site is Japanese
    raw = (out / "report.txt").read_bytes()
    assert raw.startswith(BOM)
    text = raw.decode("utf-8-sig")
    assert "ページのタイトル（CMS のタイトル欄に入力してください）: テスト報告" in text
    assert "チェックリスト" in text
    assert len(re.findall(r"^\[ \] \d\. ", text, re.MULTILINE)) >= 6
    for img in fragment_html(out).find_all("img"):
        assert str(img["src"]) in text and f"代替テキスト: {img['alt']}" in text
    assert "files/" in text and "配布資料（架空市）(PDF形式" in text


def test_english_site_gets_english_notes(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({"content/site.yaml": "title: Test site\nlanguage: en\n"})
    out = tmp_path / "frag"
    export(root, out)
    text = (out / "report.txt").read_text(encoding="utf-8-sig")
    assert "Checklist" in text and "Page title (type it into the CMS's title field)" in text


# ------------------------------------------------------------------------- like build


def test_a_second_export_replaces_the_first(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "frag"
    export(site, out)
    (out / "images" / "stale.jpg").write_bytes(b"old")
    export(site, out, "--heading-level", "3")
    assert not (out / "images" / "stale.jpg").exists()
    assert headings(fragment_html(out))[0] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frag", "site"]  # no temp left


def test_a_folder_it_did_not_write_is_refused(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep", encoding="utf-8")
    proc = run_cli("export", "r1", "--format", "fragment", "--root", str(site), "--out", str(out))
    assert proc.returncode == 2 and "was not created by seminar-site" in proc.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_content_error_is_located_and_nothing_is_written(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site({REPORT_PATH: report_yaml(published="2021-13-45")})
    out = tmp_path / "frag"
    proc = run_cli("export", "r1", "--format", "fragment", "--root", str(root), "--out", str(out))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert re.search(r"content/reports/r1/report\.yaml:\d+:\d+: ", proc.stderr), proc.stderr
    assert "nothing was written" in proc.stderr
    assert not out.exists()


def test_unknown_report_names_the_ones_there_are(site: Path) -> None:
    proc = run_cli("export", "r2", "--format", "fragment", "--root", str(site))
    assert proc.returncode == 2
    assert "there is no report 'r2' in content/reports" in proc.stderr
    assert "the reports are: r1" in proc.stderr
    ja = run_cli("export", "r2", "--format", "fragment", "--root", str(site), lang="ja")
    assert "「content/reports」に報告「r2」はありません" in ja.stderr
    assert not (site / "_export").exists()


def test_default_output_is_under_export(site: Path) -> None:
    proc = run_cli("export", "r1", "--format", "fragment", "--root", str(site))
    assert proc.returncode == 0, proc.stderr
    assert (site / "_export" / "r1" / "report.html").is_file()


# ------------------------------------------------------------------------- the pieces


def test_clean_keeps_only_what_a_cms_keeps() -> None:
    from seminar_site.export.clean import HeadingTooDeep, clean

    html = (
        '<section class="x" id="s"><h2 id="a">見出し</h2><div><p style="color:red">'
        '<span class="n">本文</span> <a href="#a" class="k">内部</a> '
        '<a href="https://e.jp/" onclick="x()">外部</a></p></div>'
        "<script>alert(1)</script><dl><dt>項目</dt><dd>値</dd></dl>"
        '<table><thead><tr><th>列</th></tr></thead><tbody><tr><th>行</th><td colspan="2">'
        '</td></tr></tbody></table><img src="i.jpg" alt="代替" width="3" height="2" class="c">'
        "</section>"
    )
    out = clean(html, 1, lambda href: None if href.startswith("#") else href)
    assert out.splitlines() == [
        '<h3>見出し</h3><p>本文 内部 <a href="https://e.jp/">外部</a></p><p>項目</p><p>値</p>'
        '<table><thead><tr><th scope="col">列</th></tr></thead><tbody><tr><th scope="row">行'
        '</th><td colspan="2"></td></tr></tbody></table>'
        '<img src="i.jpg" alt="代替" width="3" height="2">'
    ]
    with pytest.raises(HeadingTooDeep) as deep:
        clean("<h2>a</h2><h4>b</h4><h3>c</h3>", 3)
    assert deep.value.deepest == 7


def test_clean_keeps_every_line_of_a_code_block() -> None:
    """Blank lines and trailing spaces go, but not inside <pre>: there they are the code."""
    from seminar_site.export.clean import clean

    html = (
        '<div class="narrative"><p>前</p>\n\n<pre tabindex="0"><code class="language-python">'
        "def f():\n\n    return 1  \n&lt;b&gt;</code></pre>\n\n<p>後</p></div>"
    )
    out = clean(html)
    assert out == (
        "<p>前</p>\n<pre><code>def f():\n\n    return 1  \n&lt;b&gt;</code></pre>\n<p>後</p>\n"
    )


def test_publish_leaves_the_previous_output_when_making_fails(tmp_path: Path) -> None:
    from seminar_site.export.output import publish

    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    out = tmp_path / "out" / "r.zip"
    publish(out, root, lambda temp: temp.write_bytes(b"first"), folder=False)

    def broken(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise RuntimeError("cut short")

    with pytest.raises(RuntimeError):
        publish(out, root, broken, folder=False)
    assert out.read_bytes() == b"first"
    assert [p.name for p in out.parent.iterdir()] == ["r.zip"]
    folder = tmp_path / "out" / "frag"
    publish(folder, root, lambda temp: (temp / "a.txt").write_text("1"), folder=True)
    with pytest.raises(RuntimeError):
        publish(folder, root, lambda temp: broken(temp / "b.txt"), folder=True)
    assert sorted(p.name for p in folder.iterdir()) == [".seminar-site", "a.txt"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["frag", "r.zip"]
