"""Several files changed on disk since the form loaded them: one 409 lists every one of them
with both texts (the form shows them together, to be settled in one go), nothing is written;
the settlement (a draft of the author's texts, then a save that keeps that draft) loses
neither side."""

from __future__ import annotations

from pathlib import Path

from tests.test_editor_api import SLUGS, TestClient, load, put, site, web

__all__ = ["site", "web"]  # the fixtures, imported for pytest

SLUG = SLUGS[0]
REPORT = f"content/reports/{SLUG}/report.yaml"


def _changed_elsewhere(site: Path, body: dict) -> tuple[str, str, str]:  # type: ignore[type-arg]
    """report.yaml and two Markdown files saved by someone else after ``body`` was loaded;
    a third Markdown file left alone. Their report-relative names."""
    first, second, third = list(body["markdown"])[:3]
    folder = site / f"content/reports/{SLUG}"
    yaml_file = site / REPORT
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace("三輪 修平", "三輪 修平（別の人）"),
        encoding="utf-8",
    )
    (folder / first).write_text("別の人が書いた一つ目。\n", encoding="utf-8")
    (folder / second).write_text("別の人が書いた二つ目。\n", encoding="utf-8")
    return first, second, third


def test_every_file_changed_on_disk_is_in_the_one_conflict_with_both_texts(
    site: Path, web: TestClient
) -> None:
    body = load(web, SLUG)
    first, second, third = _changed_elsewhere(site, body)
    before = {p: p.read_bytes() for p in (site / "content").rglob("*") if p.is_file()}
    body["data"]["title"] = "このタブの題名"
    mine = {first: "このタブの一つ目。\n", second: "このタブの二つ目。\n", third: "三つ目。\n"}
    answer = put(web, SLUG, body, markdown=mine, markdown_versions=body["markdown_versions"])
    assert answer.status_code == 409, answer.text
    conflict = answer.json()["conflict"]
    entries = {entry["file"]: entry for entry in conflict["files"]}
    base = f"content/reports/{SLUG}/"
    assert list(entries) == [REPORT, base + first, base + second]  # not the untouched third
    assert "このタブの題名" in entries[REPORT]["mine"]
    assert "三輪 修平（別の人）" in entries[REPORT]["theirs"]
    assert entries[base + first]["mine"] == mine[first]
    assert entries[base + first]["theirs"] == "別の人が書いた一つ目。\n"
    assert entries[base + second]["theirs"] == "別の人が書いた二つ目。\n"
    for name, entry in entries.items():
        assert conflict["versions"][name] == entry["version"]
    after = {p: p.read_bytes() for p in (site / "content").rglob("*") if p.is_file()}
    assert after == before  # nothing written, not even the third file


def test_settling_them_in_one_go_keeps_the_authors_texts_and_the_disks(
    site: Path, web: TestClient
) -> None:
    """Mine for report.yaml and the first file, the disk's for the second: the author's whole
    form is a draft first, then the save writes mine over the two, keeping that draft."""
    body = load(web, SLUG)
    first, second, _third = _changed_elsewhere(site, body)
    body["data"]["title"] = "このタブの題名"
    mine = {first: "このタブの一つ目。\n", second: "このタブの二つ目。\n"}
    stale = put(web, SLUG, body, markdown=mine, markdown_versions=body["markdown_versions"])
    versions = stale.json()["conflict"]["versions"]
    base = f"content/reports/{SLUG}/"
    accepted = {name: versions.get(base + name, v) for name, v in body["markdown_versions"].items()}
    draft = put(
        web,
        SLUG,
        {**body, "version": versions[REPORT]},
        markdown=mine,
        markdown_versions=accepted,
        draft=True,
    )
    assert draft.status_code == 200, draft.text
    saved = put(
        web,
        SLUG,
        {**body, "version": versions[REPORT]},
        markdown={first: mine[first]},  # the second: the disk's text, not sent
        markdown_versions=accepted,
        keep_draft=True,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["files_changed"] == sorted([REPORT, base + first])
    folder = site / f"content/reports/{SLUG}"
    assert (folder / first).read_text(encoding="utf-8") == mine[first]
    assert (folder / second).read_text(encoding="utf-8") == "別の人が書いた二つ目。\n"
    # The other person's versions overwritten are in the history ...
    for relative, text in (
        (REPORT, "三輪 修平（別の人）"),
        (base + first, "別の人が書いた一つ目。"),
    ):
        ids = [
            v["id"]
            for v in web.get("/_edit/api/history", params={"file": relative}).json()["versions"]
        ]
        shown = [
            web.get(f"/_edit/api/history/{i}", params={"file": relative}).json()["text"]
            for i in ids
        ]
        assert any(text in old for old in shown), relative
    # ... and the author's text of the second file is still in the draft.
    again = load(web, SLUG)
    assert again["draft_data"]["title"] == "このタブの題名"
    assert again["draft_markdown"][second] == mine[second]
    # A plain save afterwards removes the draft, as ever.
    assert put(web, SLUG, again).status_code == 200
    assert load(web, SLUG)["draft"] is None
