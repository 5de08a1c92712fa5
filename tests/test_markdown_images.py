"""Images that a Markdown text shows (``![会場の様子](hall.jpg)``) are published as clean copies
beside the page (``reports/r1/images/<digest>.jpg``): without metadata, at most 1600 pixels
long, the ``<img>`` with the copy's width and height; a missing or broken image is an error at
its place in the text, for build and check alike."""

from __future__ import annotations

import io
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

from seminar_site.pipeline.build import BuildOptions, build
from tests.conftest import REPORT_DIR, REPORT_PATH, MakeSite, report_yaml
from tests.test_corpus import run_cli
from tests.test_text_rules import run_check

PAGE = "reports/r1/index.html"
SESSION = """\
      - kind: 講演
        title: 基調講演
        summary_file: talks/t1.md
"""


def _jpeg_with_gps(size: tuple[int, int]) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PrivateCam"  # Make
    exif[0x8825] = {1: "N", 2: (35.0, 40.0, 12.0), 3: "E", 4: (139.0, 45.0, 0.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 90, 200)).save(out, "PNG")
    return out.getvalue()


def _site(make_site: MakeSite, talk: str, **files: str | bytes) -> Path:
    return make_site(
        {
            REPORT_PATH: report_yaml(sessions=SESSION),
            f"{REPORT_DIR}/talks/t1.md": talk,
            **{f"{REPORT_DIR}/{name}": data for name, data in files.items()},
        }
    )


def _images(out: Path, page: str = PAGE) -> list[dict[str, str]]:
    soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
    return [
        {key: str(value) for key, value in img.attrs.items()}
        for img in soup.select(".summary img, .card-lead img")
    ]


def test_an_image_beside_the_text_is_published_with_its_size(make_site: MakeSite) -> None:
    root = _site(make_site, "![講演の図](pic.png)\n", **{"talks/pic.png": _png((40, 30))})
    out = root / "_site"
    code, _stdout, stderr = run_cli(root, out)
    assert code == 0, stderr
    [img] = _images(out)
    assert img["alt"] == "講演の図"
    assert img["src"].startswith("images/") and img["src"].endswith(".png")
    published = out / "reports/r1" / img["src"]
    with Image.open(published) as image:
        assert image.size == (40, 30)
        assert (img["width"], img["height"]) == ("40", "30")


def test_a_large_photo_is_made_smaller_and_loses_its_metadata(make_site: MakeSite) -> None:
    talk = "![会場の様子](会場 写真.jpg)\n"
    root = _site(make_site, talk, **{"会場 写真.jpg": _jpeg_with_gps((3200, 2400))})
    out = root / "_site"
    build(BuildOptions(root=root, out=out))
    [img] = _images(out)
    published = out / "reports/r1" / img["src"]
    assert published.suffix == ".jpg"
    with Image.open(published) as image:
        assert image.size == (1600, 1200)
        assert not image.getexif()
        assert "exif" not in image.info
    assert (img["width"], img["height"]) == ("1600", "1200")
    assert b"PrivateCam" not in published.read_bytes()
    assert not (out / "reports/r1/会場 写真.jpg").exists()  # never the file itself


def test_the_same_source_publishes_the_same_bytes_again(make_site: MakeSite) -> None:
    root = _site(make_site, "![会場](hall.jpg)\n", **{"hall.jpg": _jpeg_with_gps((800, 600))})
    first, second = root / "_a", root / "_b"
    build(BuildOptions(root=root, out=first))
    build(BuildOptions(root=root, out=second))
    [img] = _images(first)
    assert _images(second) == [img]
    path = f"reports/r1/{img['src']}"
    assert (first / path).read_bytes() == (second / path).read_bytes()


def test_a_missing_image_stops_build_and_check_at_its_line(make_site: MakeSite) -> None:
    talk = "はじめに\n\n![会場の様子](会場 写真.jpg)\n"
    root = _site(make_site, talk, **{"talks/会場写真.jpg": _jpeg_with_gps((40, 30))})
    where = f"{REPORT_DIR}/talks/t1.md:3:10"
    code, _stdout, stderr = run_cli(root, root / "_site", "ja")
    assert code == 2
    assert f"{where}: 画像「会場 写真.jpg」が報告のフォルダーにありません" in stderr
    assert not (root / "_site").exists()
    code, _stdout, checked = run_check(root, "ja")
    assert code == 2
    assert f"{where}: 画像「会場 写真.jpg」が報告のフォルダーにありません" in checked
    assert "reports/r1/index.html" not in checked  # said in the text, not at the page


def test_a_missing_image_hint_names_the_folder_or_similar_files(make_site: MakeSite) -> None:
    root = _site(make_site, "![会場の様子](hall.jpg)\n")
    _code, _stdout, stderr = run_cli(root, root / "_site", "ja")
    assert "報告のフォルダー「content/reports/r1」" in stderr
    (root / REPORT_DIR / "HALL.JPG").write_bytes(_jpeg_with_gps((40, 30)))
    _code, _stdout, stderr = run_cli(root, root / "_site", "ja")
    assert "「HALL.JPG」" in stderr


def test_a_broken_image_is_an_error(make_site: MakeSite) -> None:
    root = _site(make_site, "![会場の様子](hall.jpg)\n", **{"hall.jpg": b"not an image"})
    code, _stdout, stderr = run_cli(root, root / "_site")
    assert code == 2
    assert f"{REPORT_DIR}/talks/t1.md:1:10: the image 'hall.jpg' cannot be read" in stderr


def test_the_index_card_shows_the_lead_image_from_the_top(make_site: MakeSite) -> None:
    root = make_site(
        {
            REPORT_PATH: report_yaml(lead="'![会場の様子](hall.png) 当日の様子です。'"),
            f"{REPORT_DIR}/hall.png": _png((30, 20)),
        }
    )
    out = root / "_site"
    build(BuildOptions(root=root, out=out))
    [card] = _images(out, "index.html")
    assert card["src"].startswith("reports/r1/images/")
    assert (out / card["src"]).is_file()
    assert (card["width"], card["height"]) == ("30", "20")
    _code, _stdout, stderr = run_check(root)
    assert "leads to no page or file" not in stderr


def test_a_link_to_an_image_gets_a_hint_to_show_it(make_site: MakeSite) -> None:
    """A link ``[..](pic.png)`` publishes nothing (only documents): the hint says how to show
    the image, not to move a file that is already in the report's folder."""
    root = _site(make_site, "[会場の写真](pic.png)\n", **{"talks/pic.png": _png((40, 30))})
    _code, _stdout, stderr = run_check(root, "ja")
    assert f"{REPORT_DIR}/talks/t1.md:1:9: リンク「pic.png」" in stderr
    assert "「![写っているもの](pic.png)」と書くとページに表示されます" in stderr
    assert "報告のフォルダーに移す" not in stderr


def test_a_changed_or_added_image_is_published_by_the_next_build(make_site: MakeSite) -> None:
    root = _site(make_site, "![会場の様子](hall.png)\n")
    out = root / "_site"
    code, _stdout, _stderr = run_cli(root, out)
    assert code == 2  # not there yet
    (root / REPORT_DIR / "hall.png").write_bytes(_png((30, 20)))
    code, _stdout, stderr = run_cli(root, out)
    assert code == 0, stderr
    [first] = _images(out)
    (root / REPORT_DIR / "hall.png").write_bytes(_png((60, 40)))
    build(BuildOptions(root=root, out=out))
    [second] = _images(out)
    assert second["src"] != first["src"]
    assert (second["width"], second["height"]) == ("60", "40")
    assert not (out / "reports/r1" / first["src"]).exists()  # the old copy is gone
    assert (out / "reports/r1" / second["src"]).is_file()


def test_the_cms_fragment_carries_the_text_images(make_site: MakeSite, tmp_path: Path) -> None:
    from tests.test_export_fragment import export, fragment_html

    talk = "![会場の様子](hall.jpg)\n"
    root = _site(make_site, talk, **{"hall.jpg": _jpeg_with_gps((800, 600))})
    out = tmp_path / "fragment"
    export(root, out)
    [img] = [i for i in fragment_html(out).select("img") if i.get("alt") == "会場の様子"]
    published = out / str(img["src"])
    assert published.is_file()
    assert b"PrivateCam" not in published.read_bytes()
    assert (img["width"], img["height"]) == ("800", "600")


def test_an_image_from_another_site_is_a_warning_at_its_place(make_site: MakeSite) -> None:
    """A reader's browser would ask the other site for it: build and check both say so, at
    the address in the text, and the page is still published (a warning, not an error)."""
    talk = "はじめに\n\n![地図](https://maps.example.com/a.png)\n"
    root = _site(make_site, talk)
    where = f"{REPORT_DIR}/talks/t1.md:3:7"
    said = "画像「https://maps.example.com/a.png」は、ほかのサイトから表示されます"
    code, _stdout, stderr = run_cli(root, root / "_site", "ja")
    assert code == 0 and f"警告: {where}: {said}" in stderr
    assert "報告のフォルダーに入れ" in stderr
    code, _stdout, checked = run_check(root, "ja")
    assert code == 0 and f"警告: {where}: {said}" in checked
    assert [image["src"] for image in _images(root / "_site")] == ["https://maps.example.com/a.png"]
