"""Past report pages into report folders (issue 15, item 2): speaker lines split, site chrome
left out, headings as days, sessions and sections, overview tables as event fields, images as
photos (or import-report entries), PDF links as materials, and nothing lost.

The three HTML pages in tests/data/import/pages/ are written for these tests in the styles of
municipal CMSs (a table overview with <h3> per session; a definition-list overview with
dated <h2> days; a list overview under an older layout), and one text page like the seed,
each with the report an author would type by hand in expected/ (for the last two written
before they were first imported); the images and PDFs beside them are made here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image
from pypdf import PdfWriter

from seminar_site.cli import main
from seminar_site.errors import SiteError
from seminar_site.imports.pages import read_page
from seminar_site.imports.speakers import parse_speaker_line
from tests.conftest import REPO

PAGES = REPO / "tests" / "data" / "import" / "pages"
CITY = "city-dx-seminar.html"
FORUM = "prefecture-forum.html"
TOWN = "town-ict-lecture.html"  # its hand-made report was written before its first import
LIBRARY = "library-seminar.txt"  # a text page; its hand-made report was written blind too
CITY_TITLE = "令和6年度 自治体DX推進セミナーを開催しました"


def squash(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


# --- speaker lines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "講師：筑波大学 システム情報系 准教授　佐々木　一郎　氏",
            [{"name": "佐々木 一郎", "organisation": "筑波大学", "department": "システム情報系",
              "role": "准教授"}],
        ),
        (
            "株式会社クニエ ディレクター 槙 茂 氏",
            [{"name": "槙 茂", "organisation": "株式会社クニエ", "role": "ディレクター"}],
        ),
        (
            "発表者：奄美市 総務部 総務課 課長補佐 兼 働き方改革担当官 押川 裕也氏",
            [{"name": "押川 裕也", "organisation": "奄美市", "department": "総務部 総務課",
              "role": "課長補佐 兼 働き方改革担当官"}],
        ),
        (
            "東村山市 経営政策部 行政経営課長 深野 聡 氏、情報政策課主査 川合 憲二 氏",
            [{"name": "深野 聡", "organisation": "東村山市", "department": "経営政策部",
              "role": "行政経営課長"},
             {"name": "川合 憲二", "organisation": "東村山市", "role": "情報政策課主査"}],
        ),
        (
            "コーディネーター：東北大学 教授 中村 健 氏",
            [{"name": "中村 健", "session_role": "コーディネーター", "organisation": "東北大学",
              "role": "教授"}],
        ),
        (
            "早稲田大学 名誉教授/マニフェスト研究所 顧問、元三重県知事 北川 正恭",
            [{"name": "北川 正恭", "honorific": "",
              "affiliations": [{"organisation": "早稲田大学", "role": "名誉教授"},
                               {"organisation": "マニフェスト研究所",
                                "role": "顧問、元三重県知事"}]}],
        ),
        (
            "講師：国立大学法人かえで大学 経済学部 教授　小林　誠　先生",
            [{"name": "小林 誠", "honorific": "先生", "organisation": "国立大学法人かえで大学",
              "department": "経済学部", "role": "教授"}],
        ),
        (
            "講師：いちょう町デジタル推進員　加藤　由美　氏",
            [{"name": "加藤 由美", "organisation": "いちょう町", "role": "デジタル推進員"}],
        ),
        (
            "パネリスト：鈴木 花子 氏（さくら市 企画課長）、高橋 次郎 氏（もみじ町 総務課 主査）",
            [{"name": "鈴木 花子", "session_role": "パネリスト", "organisation": "さくら市",
              "role": "企画課長"},
             {"name": "高橋 次郎", "session_role": "パネリスト", "organisation": "もみじ町",
              "department": "総務課", "role": "主査"}],
        ),
    ],
)  # fmt: skip
def test_speaker_lines_are_split(line: str, expected: list[dict[str, Any]]) -> None:
    assert parse_speaker_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "本セミナの総括として、本来自治体の働き方改革はどうあるべきか、を考える。",
        "【クロージング】",
        "「自治体におけるRPA導入ガイドブック」の紹介",
        "ICTによる業務改革の取り組み",
        "※各回の様子を写真でご紹介",
        "質疑応答",
    ],
)
def test_other_lines_are_no_speakers(line: str) -> None:
    assert parse_speaker_line(line) is None


# --- HTML pages --------------------------------------------------------------------------


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    assert main(["new", str(root)]) == 0
    return root


def _page_with_files(tmp_path: Path, name: str, files: list[str]) -> Path:
    """The test page copied into tmp_path with the named images / PDFs made beside it."""
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(PAGES / name, folder / name)
    for relative in files:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == ".pdf":
            writer = PdfWriter()
            writer.add_blank_page(595, 842)
            with target.open("wb") as out:
                writer.write(out)
        else:
            Image.new("RGB", (640, 480), (120, 160, 200)).save(target)
    return folder / name


def _imported(site: Path, source: Path, slug: str) -> tuple[dict[str, Any], str, Path]:
    assert main(["import", str(source), "--slug", slug, "--root", str(site)]) == 0
    folder = site / "content" / "reports" / slug
    report = yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8"))
    markdown = [p for p in sorted(folder.rglob("*.md")) if p.name != "import-report.md"]
    texts = "\n".join(p.read_text(encoding="utf-8") for p in markdown)
    return report, texts + (folder / "report.yaml").read_text(encoding="utf-8"), folder


def _main_content_lines(path: Path) -> list[str]:
    """The page's text lines, read independently of the importer: every paragraph line,
    heading, list item, table row and term + definition of the main content (the contact
    box left out), layout spaces kept."""
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    main_tag = soup.find("main") or soup.find(id="tmp_contents") or soup.find(id="main")
    assert main_tag is not None
    for chrome in main_tag.select(".contact_box, .inquiry, .pagetop, .feedback-link, aside"):
        chrome.decompose()
    lines: list[str] = []
    for div in main_tag.find_all("div"):  # text written straight into a <div>
        own = " ".join(str(t) for t in div.find_all(string=True, recursive=False)).strip()
        if squash(own):
            lines.append(own)
    for tag in main_tag.find_all(["p", "h1", "h2", "h3", "h4", "li", "tr", "dd"]):
        for part in re.split(r"<br\s*/?>", tag.decode_contents()):
            text = BeautifulSoup(part, "html.parser").get_text(" ").strip()
            if squash(text):
                lines.append(re.sub(r"\s+", " ", text))
    return lines


@pytest.mark.parametrize("name", [CITY, FORUM, TOWN])
def test_nothing_of_the_main_content_is_lost(tmp_path: Path, name: str) -> None:
    site = _site(tmp_path)
    source = _page_with_files(tmp_path, name, [])
    _report, texts, folder = _imported(site, source, "r")
    result = read_page(source)
    lines = _main_content_lines(source)
    assert result.source_lines == len(lines)  # the importer counts the same lines
    written = squash(texts + (folder / "import-report.md").read_text(encoding="utf-8"))
    written = written.replace("\\", "")  # Markdown escapes
    sentences = [line for line in lines if line.endswith("。")]
    assert len(sentences) >= 4
    assert [s for s in sentences if squash(s) not in written] == []  # word for word
    speaker_lines = [speakers for line in lines if (speakers := parse_speaker_line(line))]
    names = [squash(s["name"]) for speakers in speaker_lines for s in speakers]
    assert len(names) >= 2
    assert [n for n in names if n not in written] == []


@pytest.mark.parametrize("name", [CITY, FORUM, TOWN])
def test_counted_lines_are_placed_or_left_over(name: str) -> None:
    result = read_page(PAGES / name)
    text_leftovers = [
        left for left in result.leftovers if not left.text.startswith(("alt「", "「"))
    ]  # images and file links are not text lines
    unplaced = [left for left in text_leftovers if "hours" not in left.reason]  # a part of a row
    assert result.placed_lines + len(unplaced) == result.source_lines
    assert result.placed_lines >= result.source_lines - 3
    for left in result.leftovers:
        assert re.fullmatch(r"line \d+", left.where)


def test_city_page_table_overview_and_h3_sessions(tmp_path: Path) -> None:
    site = _site(tmp_path)
    source = _page_with_files(tmp_path, CITY, ["img/keynote.jpg", "files/panel-slides.pdf"])
    report, texts, folder = _imported(site, source, "city")
    assert report["title"] == "令和6年度 自治体DX推進セミナーを開催しました"
    assert str(report["published"]) == "2024-11-15"  # 更新日, the only date the page shows
    event = report["event"]
    assert event["name"] == "令和6年度 自治体DX推進セミナー"
    assert event["format"] == "hybrid"
    assert event["venue"] == "さくら市役所本庁舎 7階 大会議室"  # （オンライン併用）: hybrid
    assert event["organiser"] == {"name": "さくら市 デジタル推進課"}
    assert event["audience"] == "県内市町村職員"
    assert event["participants"] == 86
    assert event["participants_parts"] == [
        {"label": "会場", "count": 38},
        {"label": "オンライン", "count": 48},
    ]
    (day,) = report["days"]
    assert str(day["date"]) == "2024-10-03"
    sessions = day["sessions"]
    assert [(s.get("kind"), s.get("start"), s.get("end")) for s in sessions] == [
        ("基調講演", "13:30", "14:30"),
        ("事例", "14:40", "15:10"),
        ("事例", "15:10", "15:40"),
        ("パネルディスカッション", "15:50", "16:30"),
    ]
    assert sessions[0]["speakers"] == [
        {"name": "佐々木 一郎", "organisation": "筑波大学", "department": "システム情報系",
         "role": "准教授"}
    ]  # fmt: skip
    panel = sessions[3]["speakers"]
    assert [(s["name"], s["session_role"]) for s in panel] == [
        ("佐々木 一郎", "コーディネーター"),
        ("山本 花子", "パネリスト"),
        ("田中 健太", "パネリスト"),
    ]
    # the image beside the page is a photo; the missing one is in the import report
    assert day["photos"] == [
        {"file": "photos/day1/keynote.jpg", "alt": "大会議室で講演する講師と聞き入る参加者"}
    ]
    assert (folder / "photos/day1/keynote.jpg").is_file()
    assert sessions[3]["materials"] == [
        {"label": "パネルディスカッション資料", "file": "materials/panel-slides.pdf"}
    ]
    assert (folder / "materials/panel-slides.pdf").is_file()
    import_report = (folder / "import-report.md").read_text(encoding="utf-8")
    assert "RPAの画面を映したスクリーンの前で説明する発表者" in import_report
    assert "img/case2.jpg" in import_report
    assert "files/survey.pdf" in import_report
    for chrome in ("サイトマップ", "くらし・手続き", "ホーム >", "000-000-0000", "Copyright",
                   "ページの先頭へ"):  # fmt: skip
        assert chrome not in texts
    assert "site chrome" in import_report
    assert "Lines (rows) of the source: 29; placed in the report: 28" in import_report


def test_forum_page_dated_h2_days_and_part_kinds(tmp_path: Path) -> None:
    site = _site(tmp_path)
    source = _page_with_files(tmp_path, FORUM, ["photos/groupwork.png"])
    report, texts, folder = _imported(site, source, "forum")
    assert str(report["published"]) == "2025-02-10"
    event = report["event"]
    assert event["name"] == "業務改革フォーラム2025～つながる行政をつくる～"
    assert (event["format"], event["venue"]) == ("online", "オンライン（Zoom ウェビナー）")
    assert event["co_organisers"] == ["かえで県市町村振興協会"]
    assert (event["applications"], event["participants"]) == (152, 120)
    assert event["participants_approximate"] is True
    assert [(str(d["date"]), d.get("label")) for d in report["days"]] == [
        ("2025-01-22", "1日目"),
        ("2025-01-29", "2日目"),
    ]
    day1, day2 = report["days"]
    assert [(s.get("kind"), s.get("title")) for s in day1["sessions"]] == [
        ("第1部", "基調講演「行政サービスのデザイン」"),
        ("第2部", "事例発表"),
        ("事例", "書かない窓口の一年"),
        ("事例", "電子契約と文書管理"),
    ]
    assert day2["sessions"][1]["speakers"][0]["session_role"] == "司会"
    assert day2["photos"] == [
        {"file": "photos/day2/groupwork.png", "alt": "ブレイクアウトルームで話し合う参加者の画面"}
    ]
    assert "photos" not in day1  # its image is an address on the old site
    import_report = (folder / "import-report.md").read_text(encoding="utf-8")
    assert "https://www.pref.kaede.example/images/forum2025/day1.jpg" in import_report
    assert "オンライン画面に映る講師と共有された資料" in import_report
    assert "## 主な内容" in texts  # 「■ 主な内容」 inside a session: a sub-heading of its summary
    narrative = (folder / "narrative.md").read_text(encoding="utf-8")
    assert (
        "## 参加者の声\n\n- 他の自治体の具体的な数字が聞けて参考になった。\n- グループ" in narrative
    )
    assert "関連リンク" not in texts and "ファクス" not in texts


FILES = {
    CITY: ["img/keynote.jpg", "img/case2.jpg", "files/panel-slides.pdf", "files/survey.pdf"],
    FORUM: ["photos/groupwork.png", "materials/kobayashi.pdf"],  # day 1's image is remote
    TOWN: ["images/lecture2.jpg", "docs/enquete.pdf"],
    LIBRARY: [],
}


@pytest.mark.parametrize("name", [CITY, FORUM, TOWN, LIBRARY])
def test_import_matches_the_hand_made_report_field_by_field(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_import_seed import compare_module

    site = _site(tmp_path)
    source = _page_with_files(tmp_path, name, FILES[name])
    _report, _texts, folder = _imported(site, source, "page")
    compare = compare_module()
    result = compare.compare(folder, PAGES / "expected" / Path(name).stem)
    with capsys.disabled():
        print(f"\n{name}\n" + compare.table(result))
    assert result.excluded == []  # photos are compared: they are in the page
    assert result.fields >= 25
    assert result.ratio >= 0.9, compare.table(result)
    capsys.readouterr()
    assert main(["check", "--root", str(site)]) == 0  # with the photos and the PDFs too


def test_the_built_page_of_an_imported_page(tmp_path: Path) -> None:
    """The city page, imported with its files and built: sessions, split speakers, photos,
    materials, and no chrome on the page."""
    from seminar_site.pipeline.build import BuildOptions, build

    site = _site(tmp_path)
    source = _page_with_files(tmp_path, CITY, FILES[CITY])
    _imported(site, source, "city")
    out = tmp_path / "_site"
    build(BuildOptions(root=site, out=out))
    page = BeautifulSoup((out / "reports/city/index.html").read_text("utf-8"), "html.parser")
    assert page.h1 is not None and page.h1.get_text() == CITY_TITLE
    labels = [s.get_text() for s in page.select("section.session h3 .session-label")]
    assert labels == ["【基調講演】", "【事例1】", "【事例2】", "【パネルディスカッション】"]
    text = squash(page.get_text())
    for expected in ("筑波大学", "システム情報系", "准教授", "佐々木一郎", "窓口改善係長", "86名"):
        assert expected in text
    alts = [img.get("alt") for img in page.select("figure img")]
    assert "大会議室で講演する講師と聞き入る参加者" in alts
    assert any("パネルディスカッション資料" in a.get_text() for a in page.select("a[href$='.pdf']"))
    assert "サイトマップ" not in text and "ページの先頭へ戻る" not in text


@pytest.mark.parametrize("name", [CITY, FORUM, TOWN, LIBRARY])
def test_check_passes_on_each_imported_page(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path)
    source = _page_with_files(tmp_path, name, [])  # no image, no PDF: still a valid report
    assert main(["import", str(source), "--slug", "page", "--root", str(site)]) == 0
    capsys.readouterr()
    assert main(["check", "--root", str(site)]) == 0
    assert "reports/page" not in capsys.readouterr().err


PROGRAMME_TABLE_PAGE = """\
<html><head><meta charset="Shift_JIS"><title>研修会</title></head><body>
<div id="header"><p>もみじ町</p></div>
<div id="main">
<h1>もみじ町 情報化研修会を開催しました</h1>
<p>令和7年3月5日（水曜日）、町職員を対象に情報化研修会を開催しました。</p>
<h2>プログラム</h2>
<table>
<tr><th>時間</th><th>内容</th><th>講師（敬称略）</th></tr>
<tr><td>10:00～10:10</td><td>開会挨拶</td><td>もみじ町長　山田　一郎</td></tr>
<tr><td>10:10～11:30</td><td>基調講演「小さな町のDX」</td><td>かえで大学 准教授 佐藤 花子</td></tr>
<tr><td>11:30～12:00</td><td>意見交換</td><td>もみじ町 総務課長 鈴木 太郎<br>
もみじ町 企画課主査 高橋 次郎</td></tr>
</table>
<p>研修の資料は後日、庁内のポータルに掲載します。</p>
</div></body></html>
"""


def test_shift_jis_page_with_a_programme_table(tmp_path: Path) -> None:
    source = tmp_path / "kenshu.html"
    source.write_bytes(PROGRAMME_TABLE_PAGE.encode("cp932"))
    result = read_page(source)
    (day,) = result.report["days"]
    assert str(day["date"]) == "2025-03-05"  # from the lead: there is no overview
    assert str(result.report["published"]) == "2025-03-05"
    assert [(s.get("kind"), s["title"], s["start"]) for s in day["sessions"]] == [
        (None, "開会挨拶", "10:00"),
        ("基調講演", "「小さな町のDX」", "10:10"),
        (None, "意見交換", "11:30"),
    ]
    speakers = [sp for s in day["sessions"] for sp in s["speakers"]]
    assert [s["name"] for s in speakers] == ["山田 一郎", "佐藤 花子", "鈴木 太郎", "高橋 次郎"]
    assert all("honorific" not in s for s in speakers)  # 敬称略: the site's 氏 is shown
    # 企画課主査 is written as one word: one role, so that the page reads as the source.
    assert speakers[3] == {"name": "高橋 次郎", "organisation": "もみじ町",
                           "role": "企画課主査"}  # fmt: skip
    assert "summary_file" not in day["sessions"][2]  # the paragraph after the table
    assert result.files["narrative.md"] == "研修の資料は後日、庁内のポータルに掲載します。\n"
    assert result.source_lines == result.placed_lines


# --- text pages ----------------------------------------------------------------------------

TEXT_PAGE = """\
トップページ > 報告
令和6年度 地域DXワークショップ 開催報告
掲載日：2024年12月2日
市民と職員が一緒に地域の課題を考えるワークショップを開催しました。
日時：令和6年11月16日（土曜日）
会場：さくら市民会館 大ホール
主催：さくら市
参加者数：45名
第1部　基調講演「市民とつくるデジタル」
講師：さくら大学 情報学部 教授　佐藤　花子　氏
暮らしの中のデジタル化を、市民の目線で考える視点が紹介されました。
第2部　グループワーク
コーディネーター：さくら市 企画課長　伊藤　学　氏
6つのテーブルに分かれて、地域の困りごとを話し合いました。
■アンケートから
参加者の9割が「また参加したい」と答えました。
このページに関するお問い合わせ
さくら市 企画課
"""


def test_a_title_on_the_line_after_the_kind(tmp_path: Path) -> None:
    source = tmp_path / "kind.html"
    source.write_text(
        "<h1>報告</h1><p>リードです。</p><h2>1月22日（金）</h2><h3>【基調講演】</h3>"
        "<p>「これからの自治体」</p><p>講師：かえで大学 教授 山田 太郎 氏</p><p>概要です。</p>",
        "utf-8",
    )
    (session,) = read_page(source).report["days"][0]["sessions"]
    assert (session["kind"], session["title"]) == ("基調講演", "「これからの自治体」")
    assert session["speakers"][0]["name"] == "山田 太郎"


def test_text_page_with_overview_lines_and_parts(tmp_path: Path) -> None:
    source = tmp_path / "workshop.txt"
    source.write_bytes(TEXT_PAGE.encode("cp932"))  # saved by an old Windows tool
    result = read_page(source)
    report = result.report
    assert report["title"] == "令和6年度 地域DXワークショップ 開催報告"
    assert str(report["published"]) == "2024-12-02"
    event = report["event"]
    assert event["venue"] == "さくら市民会館 大ホール"
    assert event["format"] == "offline"
    assert event["participants"] == 45
    (day,) = report["days"]
    assert str(day["date"]) == "2024-11-16"
    assert [(s["kind"], s["title"]) for s in day["sessions"]] == [
        ("第1部", "基調講演「市民とつくるデジタル」"),
        ("第2部", "グループワーク"),
    ]
    assert day["sessions"][1]["speakers"] == [
        {"name": "伊藤 学", "session_role": "コーディネーター", "organisation": "さくら市",
         "role": "企画課長"}
    ]  # fmt: skip
    assert result.files["narrative.md"].startswith("■アンケートから")
    assert result.source_lines == result.placed_lines == 15
    notes = "\n".join(result.notes)
    assert "トップページ > 報告" in notes and "さくら市 企画課" in notes


def test_an_unreadable_page_is_a_located_error(tmp_path: Path) -> None:
    source = tmp_path / "broken.txt"
    source.write_bytes(b"\x82\xa0\xff\xfe\x00\x81")
    with pytest.raises(SiteError) as caught:
        read_page(source)
    assert caught.value.path == source
    assert "UTF-8" in caught.value.message


def test_a_page_without_report_text_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "blank.html"
    source.write_text("<html><body><nav><a href='/'>ホーム</a></nav></body></html>", "utf-8")
    with pytest.raises(SiteError) as caught:
        read_page(source)
    assert caught.value.path == source and caught.value.hint


def test_import_of_an_unreadable_page_exits_2_in_japanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path)
    source = tmp_path / "broken.txt"
    source.write_bytes(b"\x82\xa0\xff\xfe\x00\x81")
    capsys.readouterr()
    code = main(["--lang", "ja", "import", str(source), "--slug", "b", "--root", str(site)])
    assert code == 2
    err = capsys.readouterr().err
    assert "broken.txt" in err and "UTF-8" in err and "Shift_JIS" in err
    assert not (site / "content" / "reports" / "b").exists()
