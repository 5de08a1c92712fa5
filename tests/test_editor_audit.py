"""The faults of the user audit of the form editor, on its HTTP side: Markdown versions after
a save, history restores checked first, photos trashed on save, drafts, session kinds,
Japanese texts, warnings of site.yaml kept apart, field labels in messages."""

from __future__ import annotations

from pathlib import Path

from tests.test_editor_api import SLUGS, TestClient, load, put, site, web

__all__ = ["site", "web"]  # the fixtures, imported for pytest


def test_a_save_answers_the_new_versions_of_the_markdown_files_it_wrote(
    site: Path, web: TestClient
) -> None:
    body = load(web, SLUGS[0])
    name = "narrative.md"
    first = put(
        web,
        SLUGS[0],
        body,
        markdown={name: "一度目の本文。\n"},
        markdown_versions=body["markdown_versions"],
    )
    assert first.status_code == 200, first.text
    versions = first.json()["markdown_versions"]
    assert versions[name] == load(web, SLUGS[0])["markdown_versions"][name]
    # Saving again with the version the save answered is no conflict ...
    again = put(
        web, SLUGS[0], body, markdown={name: "二度目の本文。\n"}, markdown_versions=versions
    )
    assert again.status_code == 200, again.text
    # ... but with the version loaded before the first save, it is (both texts kept).
    stale = put(
        web,
        SLUGS[0],
        body,
        markdown={name: "古い版からの本文。\n"},
        markdown_versions=body["markdown_versions"],
    )
    assert stale.status_code == 409
    conflict = stale.json()["conflict"]
    relative = f"content/reports/{SLUGS[0]}/{name}"
    assert conflict["files"] == [relative] and conflict["versions"][relative]
    assert (site / relative).read_text(encoding="utf-8") == "二度目の本文。\n"
