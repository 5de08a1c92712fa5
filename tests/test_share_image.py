"""Every page has a sharing card (R22, R24, R25): a report's own photo, else site.yaml's
``social_image``; the list of reports has full meta too. Checked on the parsed head and
JSON-LD of tiny built sites, and on the card files themselves."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from seminar_site.cli import main
from seminar_site.errors import ContentErrors
from seminar_site.pipeline.build import BuildOptions, BuildReport, build
from seminar_site.render.labels import labels_for
from tests.conftest import REPORT_DIR, REPORT_PATH, SITE_PATH, report_yaml, site_yaml
from tests.test_incremental import settled

BASE = "base_url: https://example.jp/\n"
SHARE = "social_image: images/share.png\nsocial_image_alt: テスト協議会のロゴ\n"
SESSION = "      - kind: 講演\n        title: 基調講演\n"
PHOTO = "    photos:\n      - file: photos/a.jpg\n        alt: 会場で講演を聞く参加者\n"


def image(size: tuple[int, int], fmt: str = "PNG", exif: bool = False) -> bytes:
    picture = Image.new("RGB", size, (0, 49, 216))
    buffer = io.BytesIO()
    extra: dict[str, Any] = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "TestCamera"  # Make
        tags[0x0132] = "2021:01:22 13:00:00"  # DateTime
        extra["exif"] = tags.tobytes()
    picture.save(buffer, fmt, **extra)
    return buffer.getvalue()


def share_site(make_site, site_extra: str = BASE + SHARE, **files: str | bytes) -> Path:
    return make_site(
        {
            SITE_PATH: site_yaml(extra=site_extra),
            "content/images/share.png": image((1600, 900), exif=True),
            **files,
        }
    )


def built(root: Path, out: Path) -> BuildReport:
    return build(BuildOptions(root=root, out=out, workers=1))


def head(out: Path, page: str) -> dict[str, str]:
    soup = BeautifulSoup((out / page).read_text("utf-8"), "html.parser")
    found: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key:
            found[str(key)] = str(meta.get("content"))
    return found


def graph(out: Path, page: str) -> dict[str, dict[str, Any]]:
    soup = BeautifulSoup((out / page).read_text("utf-8"), "html.parser")
    (script,) = soup.find_all("script", type="application/ld+json")
    return {node["@type"]: node for node in json.loads(script.get_text())["@graph"]}


def card_file(out: Path, url: str) -> Path:
    path, _, version = url.removeprefix("https://example.jp/").partition("?v=")
    assert len(version) == 8 and version.isalnum()
    return out / path


def test_a_report_without_photos_takes_the_site_share_image(make_site, tmp_path: Path) -> None:
    out = tmp_path / "out"
    built(share_site(make_site), out)
    meta = head(out, "reports/r1/index.html")
    url = meta["og:image"]
    assert url.startswith("https://example.jp/photos/") and "-social.jpg?v=" in url
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == "テスト協議会のロゴ"
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == url
    article = graph(out, "reports/r1/index.html")["Article"]
    assert article["image"] == {"@type": "ImageObject", "url": url, "width": 1200, "height": 630}
    card = card_file(out, url)
    assert card.stat().st_size <= 1024 * 1024
    with Image.open(card) as picture:
        assert (picture.format, picture.size) == ("JPEG", (1200, 630))
        assert not picture.getexif() and "xmp" not in picture.info and "exif" not in picture.info
    # The card alone: no gallery sizes of the share image are made or published.
    assert [p.name for p in (out / "photos").iterdir()] == [card.name]


def test_a_report_keeps_its_own_photo_before_the_site_image(make_site, tmp_path: Path) -> None:
    own = report_yaml(title="写真のある報告", sessions=SESSION + PHOTO)
    chosen = report_yaml(title="選んだ画像の報告", extra="social_image: card.png\n")
    root = share_site(
        make_site,
        **{
            REPORT_PATH: own,
            f"{REPORT_DIR}/photos/a.jpg": image((1600, 1200), "JPEG"),
            "content/reports/r2/report.yaml": chosen,
            "content/reports/r2/card.png": image((1200, 630)),
        },
    )
    out = tmp_path / "out"
    built(root, out)
    first = head(out, "reports/r1/index.html")
    second = head(out, "reports/r2/index.html")
    site = head(out, "index.html")
    assert first["og:image:alt"] == "会場で講演を聞く参加者"
    assert second["og:image:alt"] == "選んだ画像の報告"  # no alt for a file of its own
    assert site["og:image:alt"] == "テスト協議会のロゴ"
    assert len({first["og:image"], second["og:image"], site["og:image"]}) == 3


def test_the_list_of_reports_has_complete_meta(make_site, tmp_path: Path) -> None:
    out = tmp_path / "out"
    built(share_site(make_site, BASE + SHARE + "description: 協議会のセミナーの報告です。\n"), out)
    meta = head(out, "index.html")
    assert meta["og:type"] == "website" and meta["og:url"] == "https://example.jp/"
    assert meta["description"] == meta["og:description"] == "協議会のセミナーの報告です。"
    assert meta["twitter:description"] == meta["description"]
    assert meta["og:title"] == meta["twitter:title"] == meta["og:site_name"] == "テストサイト"
    assert meta["og:locale"] == "ja_JP" and meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"] == head(out, "reports/r1/index.html")["og:image"]
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")


def test_without_a_site_image_the_list_takes_the_newest_reports_card(
    make_site, tmp_path: Path
) -> None:
    older = report_yaml(title="古い報告", published="2020-01-10", sessions=SESSION + PHOTO)
    root = make_site(
        {
            SITE_PATH: site_yaml(extra=BASE),
            "content/reports/r0/report.yaml": older,
            "content/reports/r0/photos/a.jpg": image((1600, 1200), "JPEG"),
        }
    )
    out = tmp_path / "out"
    built(root, out)
    meta = head(out, "index.html")
    assert meta["og:image"] == head(out, "reports/r0/index.html")["og:image"]
    assert meta["og:description"] == labels_for("ja")["report_list_lead"]  # as the page
    # The newest report (r1) has no picture at all: a small card, not a large one without.
    report = head(out, "reports/r1/index.html")
    assert "og:image" not in report and report["twitter:card"] == "summary"
    assert "image" not in graph(out, "reports/r1/index.html")["Article"]


def test_editing_the_share_image_changes_its_versioned_url(make_site, tmp_path: Path) -> None:
    root = share_site(make_site)
    out = tmp_path / "out"
    settled(root)
    built(root, out)
    before = head(out, "reports/r1/index.html")["og:image"]
    again = built(root, out)
    assert again.decoded == 0 and again.rendered == 0  # the card is cached like the rest
    (root / "content/images/share.png").write_bytes(image((1800, 1000)))
    settled(root)
    edited = built(root, out)
    after = head(out, "reports/r1/index.html")
    assert edited.decoded == 1 and edited.rendered == 2  # the pages showing it: r1, the list
    assert after["og:image"] != before
    assert head(out, "index.html")["og:image"] == after["og:image"]
    assert not card_file(out, before).exists() and card_file(out, after["og:image"]).is_file()


def test_a_missing_share_image_is_an_error_at_its_key(make_site, tmp_path: Path) -> None:
    extra = BASE + "description: 説明\nsocial_image: images/shar.png\n"
    root = share_site(make_site, extra)
    with pytest.raises(ContentErrors) as caught:
        built(root, tmp_path / "out")
    (error,) = caught.value.errors
    assert str(error.path).endswith("site.yaml") and (error.line, error.col) == (5, 1)
    assert "images/shar.png" in error.message and "share.png" in str(error.hint)


def test_an_svg_share_image_is_refused_with_what_to_do(make_site, tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
    root = share_site(make_site, BASE + "social_image: logo.svg\n", **{"content/logo.svg": svg})
    with pytest.raises(ContentErrors) as caught:
        built(root, tmp_path / "out")
    (error,) = caught.value.errors
    assert error.line == 4 and "PNG or JPEG of 1200×630" in str(error.hint)


def test_a_small_share_image_is_warned_about(make_site, tmp_path: Path) -> None:
    root = share_site(make_site, **{"content/images/share.png": image((600, 315))})
    report = built(root, tmp_path / "out")
    (warning,) = [w for w in report.warnings if "share image" in str(w.message)]
    assert "600x315" in str(warning.message) and warning.line == 4
    assert "1200x630" in str(warning.hint)


def run(*args: str) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = main(list(args))
    return code, stderr.getvalue()


def test_check_warns_at_each_report_left_without_a_card(make_site) -> None:
    root = make_site({SITE_PATH: site_yaml(extra=BASE)})
    code, text = run("check", "--root", str(root), "--lang", "ja")
    (line,) = [line for line in text.splitlines() if "social_image" in line]
    assert code == 0 and line.startswith("警告: content/reports/r1/report.yaml:1:1: ")
    assert "写真も social_image もありません" in line
    assert "「social_image: share.jpg」" in line and "「social_image: images/share.png」" in line
    # Fixed by either: the site's image (here) or the report's own.
    (root / SITE_PATH).write_text(site_yaml(extra=BASE + SHARE), "utf-8")
    (root / "content/images").mkdir()
    (root / "content/images/share.png").write_bytes(image((1200, 630)))
    code, text = run("check", "--root", str(root))
    assert code == 0 and "social_image" not in text


def test_without_a_base_url_check_does_not_ask_for_a_card(make_site) -> None:
    """No page has og:image without base_url (the loader warns about that once)."""
    code, text = run("check", "--root", str(make_site()))
    assert code == 0 and "social_image" not in text
