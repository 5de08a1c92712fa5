"""Hostile requests to the editor (issue 14 item 8): Host, Origin and CSRF checked before
routing; the login of a non-loopback --host; uploads that are not photos, too large, or
named to escape; everything it writes stays inside the site."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from tests.test_editor_api import SLUGS, TestClient, bundled_site, client

UNSAFE_PATHS = [
    "/_edit/api/validate",
    "/_edit/api/reports",
    f"/_edit/api/reports/{SLUGS[0]}",
    f"/_edit/api/reports/{SLUGS[0]}/photos",
    "/_edit/api/history/restore",
    "/_edit/no/such/route",
    "/_edit/",
]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return bundled_site(tmp_path)


@pytest.fixture
def web(site: Path) -> Iterator[TestClient]:
    browser, _security = client(site)
    with browser:
        yield browser


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def heic() -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 10, 10)).save(out, format="HEIF")
    return out.getvalue()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", UNSAFE_PATHS)
def test_writes_without_csrf_token_or_from_another_origin_get_403_whatever_the_path(
    web: TestClient, site: Path, method: str, path: str
) -> None:
    before = sorted(p for p in site.rglob("*"))
    good = dict(web.headers)
    for headers in (
        {"x-csrf-token": ""},  # missing
        {"x-csrf-token": "wrong-token"},
        {"origin": "http://evil.example"},  # a cross-origin form or fetch
        {"origin": ""},
        {"origin": "http://127.0.0.1:8001"},  # another port is another origin
    ):
        sent = {**good, **headers}
        web.headers.clear()
        web.headers.update({k: v for k, v in sent.items() if v})
        answer = web.request(method, path, json={})
        assert answer.status_code == 403, (method, path, headers, answer.text)
    web.headers.update(good)
    assert sorted(p for p in site.rglob("*")) == before


def test_the_refusal_is_in_the_sites_language(web: TestClient) -> None:
    web.headers["X-CSRF-Token"] = "x"
    answer = web.post("/_edit/api/validate", json={})
    assert answer.status_code == 403 and "トークン" in answer.text


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1:9", ""])
def test_any_other_host_header_gets_403(web: TestClient, host: str) -> None:
    for method, path in (("GET", "/_edit/"), ("GET", "/_edit/api/shapes"), ("POST", "/_edit/")):
        answer = web.request(method, path, headers={"Host": host})
        assert answer.status_code == 403, (host, path)


def test_the_page_carries_the_csrf_token_and_the_api_accepts_it(site: Path) -> None:
    browser, security = client(site)
    page = browser.get("/_edit/")
    assert page.status_code == 200 and f'content="{security.csrf}"' in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and page.headers["x-frame-options"] == "DENY"
    assert browser.post("/_edit/api/dates", json={"text": "令和7年11月8日"}).status_code == 200


def test_a_non_loopback_host_needs_the_printed_token(site: Path) -> None:
    browser, security = client(site, host="0.0.0.0")
    assert security.token and security.login_required
    assert browser.get("/_edit/api/shapes").status_code == 403
    assert browser.get("/_edit/?token=wrong").status_code == 403
    login = browser.get(f"/_edit/?token={security.token}")
    assert login.status_code == 303 and login.headers["location"] == "/_edit/"
    cookie = login.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/;" in cookie
    assert browser.get("/_edit/api/shapes").status_code == 200  # the cookie is kept
    assert security.login_url("http://0.0.0.0:8000/").endswith(f"?token={security.token}")
    assert (
        security.preview_url("http://0.0.0.0:8000/")
        == f"http://0.0.0.0:8000/?token={security.token}"
    )


def test_a_non_loopback_host_needs_the_token_for_the_preview_too(site: Path) -> None:
    """Not only the editor: the preview's pages too, on any other address than loopback."""
    browser, security = client(site, host="0.0.0.0")
    stranger = TestClient(browser.app, base_url="http://0.0.0.0:8000", follow_redirects=False)
    assert stranger.get("/").status_code == 403
    assert stranger.get("/reports/x/index.html").status_code == 403
    assert stranger.get(f"/reports/x/?token={security.token}x").status_code == 403
    login = stranger.get(f"/reports/x/?token={security.token}")
    assert login.status_code == 303 and login.headers["location"] == "/reports/x/"
    assert stranger.get("/reports/x/").status_code != 403  # logged in: the app answers
    loopback, plain = client(site)
    assert not plain.login_required and loopback.get("/_edit/api/shapes").status_code == 200


def upload(web: TestClient, files: list[tuple[str, bytes]], day: str = "photos/day1") -> dict:  # type: ignore[type-arg]
    answer = web.post(
        f"/_edit/api/reports/{SLUGS[0]}/photos",
        data={"day": day},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
    )
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def test_photos_are_decoded_named_safely_and_kept_inside_the_report(
    web: TestClient, site: Path
) -> None:
    report = site / f"content/reports/{SLUGS[0]}"
    nfd = unicodedata.normalize("NFD", "会場のパネル.jpg")
    assert nfd != unicodedata.normalize("NFC", nfd)
    answer = upload(
        web,
        [
            ("good.jpg", jpeg()),
            ("iphone.HEIC", heic()),
            ("../../x.jpg", jpeg()),
            (nfd, jpeg()),
            ("notes.jpg", b"%PDF-1.4 not an image at all"),
            ("script.html", b"<script>alert(1)</script>"),
            ("bad\x07name.jpg", jpeg()),
            ("..", jpeg()),
        ],
    )
    added = [item["file"] for item in answer["added"]]
    assert added == [
        "photos/day1/good.jpg",
        "photos/day1/iphone.HEIC",
        "photos/day1/x.jpg",
        "photos/day1/" + unicodedata.normalize("NFC", "会場のパネル.jpg"),
    ]
    refused = {item["name"]: item["message"] for item in answer["refused"]}
    sent_as = {unquote(name) for name in refused}  # the client may send %07 for \x07
    assert sent_as == {"notes.jpg", "script.html", "bad\x07name.jpg", ".."}
    assert all(refused.values())  # a message for each, in our own words
    assert not (site / "x.jpg").exists() and not (site / "content/x.jpg").exists()
    for name in added:
        assert (report / name).is_file()
        thumb = web.get(answer["added"][added.index(name)]["thumb_url"])
        assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/webp"
        assert Image.open(io.BytesIO(thumb.content)).size[0] <= 320
    again = upload(web, [("good.jpg", jpeg())])
    assert again["added"][0]["file"] == "photos/day1/good-2.jpg"  # never overwrites


@pytest.mark.parametrize("day", ["../../..", "/etc", "photos/../../x", ".hidden", "a\x00b"])
def test_a_day_folder_outside_the_report_is_refused(web: TestClient, site: Path, day: str) -> None:
    answer = upload(web, [("good.jpg", jpeg())], day=day)
    assert answer["added"] == [] and answer["refused"][0]["message"]
    assert not any(p.name == "good.jpg" for p in site.rglob("*"))


def test_a_200_mb_upload_is_refused_at_its_declared_length(web: TestClient, site: Path) -> None:
    headers = {"Content-Type": "multipart/form-data; boundary=b"}
    declared = web.post(
        f"/_edit/api/reports/{SLUGS[0]}/photos",
        content=b"x",
        headers={**headers, "Content-Length": str(200 * 1024 * 1024)},
    )
    assert declared.status_code == 413 and "MB" in declared.json()["message"]


def test_a_200_mb_streamed_upload_is_cut_off_and_never_held(tmp_path: Path) -> None:
    """Through the real server, chunked (no Content-Length): refused once past the limit,
    the rest never read, nothing kept."""
    import http.client
    import re

    from seminar_site.dev.preview import preview
    from seminar_site.editor.photos import MAX_REQUEST_BYTES
    from seminar_site.pipeline.build import BuildOptions

    root = bundled_site(tmp_path)
    options = BuildOptions(root=root, out=root / "_site", workers=1)
    with preview(options, port=0, watch=False) as session:
        host, port = session.url.split("//")[1].rstrip("/").split(":")
        page = http.client.HTTPConnection(host, int(port), timeout=30)
        page.request("GET", "/_edit/")
        html = page.getresponse().read().decode()
        token = re.search(r'name="csrf-token" content="([^"]+)"', html)
        csrf = token.group(1) if token else ""
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.putrequest("POST", f"/_edit/api/reports/{SLUGS[0]}/photos")
        for name, value in (
            ("Content-Type", "multipart/form-data; boundary=b"),
            ("Transfer-Encoding", "chunked"),
            ("Origin", f"http://{host}:{port}"),
            ("X-CSRF-Token", csrf),
        ):
            connection.putheader(name, value)
        connection.endheaders()
        chunk = b"\0" * (1024 * 1024)
        head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.jpg"\r\n\r\n'
        sent = 0
        try:
            connection.send(b"%x\r\n%s\r\n" % (len(head), head))
            for _ in range(200):
                connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += 1
            connection.send(b"0\r\n\r\n")
        except OSError:  # the server answered and closed: the rest is never read
            pass
        answer = connection.getresponse()
        assert answer.status == 413
        assert sent * len(chunk) < MAX_REQUEST_BYTES + 16 * len(chunk) < 200 * len(chunk)
    assert not any(p.name.startswith("big") for p in root.rglob("*"))


def test_too_many_photos_at_once_are_refused(web: TestClient) -> None:
    from seminar_site.editor.photos import MAX_FILES

    files = [("files", (f"p{i}.jpg", b"x", "image/jpeg")) for i in range(MAX_FILES + 1)]
    answer = web.post(
        f"/_edit/api/reports/{SLUGS[0]}/photos", data={"day": "photos/day1"}, files=files
    )
    assert answer.status_code == 400


def test_a_photo_is_trashed_only_by_a_guarded_save_and_only_from_inside_the_report(
    web: TestClient, site: Path, tmp_path: Path
) -> None:
    """The form removes photos through the save (its ``trash`` list): that request is refused
    without the page's token, from another origin or for another Host, and moves nothing
    but a photo of the report that the saved list no longer names."""
    report = site / f"content/reports/{SLUGS[0]}"
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(jpeg())
    (report / "photos/day1/link.jpg").symlink_to(outside)  # inside by name, outside in fact
    body = web.get(f"/_edit/api/reports/{SLUGS[0]}").json()
    photos = body["data"]["days"][0]["photos"]
    photo = photos.pop(1)["file"]
    other = photos.pop(1)["file"]  # out of the list too, but named only in ways that escape
    source = report / photo
    data = source.read_bytes()
    hostile = [
        "../report.yaml",
        "../../site.yaml",
        "photos/../../site.yaml",
        "photos/%2e%2e/%2e%2e/site.yaml",
        "photos/day1/../../report.yaml",
        str(site / "content/site.yaml"),
        "/etc/passwd",
        other.replace("/", "\\"),
        str(report / other),
        ".seminar-editor/history",
        "photos/day1/link.jpg",
    ]
    payload = {"data": body["data"], "version": body["version"], "trash": [photo, *hostile]}
    url = f"/_edit/api/reports/{SLUGS[0]}"
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    good = dict(web.headers)
    for headers in (
        {"x-csrf-token": ""},
        {"x-csrf-token": "wrong-token"},
        {"origin": "http://evil.example"},
        {"host": "evil.example:8000"},
    ):
        web.headers.clear()
        web.headers.update({k: v for k, v in {**good, **headers}.items() if v})
        answer = web.put(url, json=payload)
        assert answer.status_code == 403, (headers, answer.text)
    web.headers.clear()
    web.headers.update(good)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before

    saved = web.put(url, json=payload)
    assert saved.status_code == 200, saved.text
    assert saved.json()["trashed"] == [f"content/reports/{SLUGS[0]}/{photo}"]  # that one only
    assert not source.exists()
    from seminar_site.editor.store import Store

    kept = Store(site).trashed(f"content/reports/{SLUGS[0]}/{photo}")
    assert kept is not None and kept.read_bytes() == data
    assert ".seminar-editor/trash/" in kept.as_posix()
    for name in ("content/site.yaml", f"content/reports/{SLUGS[0]}/report.yaml"):
        assert (site / name).is_file(), name
    assert (report / other).is_file() and outside.is_file()
    assert (report / "photos/day1/link.jpg").is_symlink()


def test_no_request_deletes_a_photo_on_its_own(web: TestClient, site: Path) -> None:
    """The old immediate delete is gone: a photo leaves only through a save."""
    photo = site / f"content/reports/{SLUGS[0]}/photos/day1/IMG_0002.jpg"
    answer = web.delete(f"/_edit/api/reports/{SLUGS[0]}/photos/photos/day1/IMG_0002.jpg")
    assert answer.status_code in (404, 405) and photo.is_file()
