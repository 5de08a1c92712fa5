"""404.html is shown at any depth, so its links are absolute paths: the site's, or / in preview."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from seminar_site.pipeline.build import BuildOptions, build
from tests.test_exit_codes import write_site


def links_of_404(out: Path) -> list[str]:
    soup = BeautifulSoup((out / "404.html").read_text(encoding="utf-8"), "html.parser")
    tags = soup.find_all(["link", "a", "script"])
    return [
        str(tag.get("href") or tag.get("src")) for tag in tags if tag.get("href") or tag.get("src")
    ]


def test_404_links_use_the_path_of_base_url(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    out = tmp_path / "_site"
    build(BuildOptions(root=root, out=out, base_url="https://www.example.jp/seminar/"))
    internal = [link for link in links_of_404(out) if not link.startswith(("#", "https:"))]
    assert internal and all(link.startswith("/seminar/") for link in internal)


def test_404_links_in_preview_start_at_the_server_root(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    out = tmp_path / "preview"
    options = BuildOptions(
        root=root,
        out=out,
        base_url="https://www.example.jp/seminar/",
        reload_script="<script>/* reload */</script>",
        in_place=True,
    )
    build(options)
    internal = [link for link in links_of_404(out) if not link.startswith(("#", "https:"))]
    assert internal and all(
        link.startswith("/") and not link.startswith("/seminar/") for link in internal
    )
    assert all((out / link.lstrip("/")).is_file() for link in internal)
