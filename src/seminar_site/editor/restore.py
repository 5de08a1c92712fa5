"""A version from the history written back, checked first as a save is: a version the site
would not build with is refused with the loader's reasons, and the files it names that were
moved to the trash since (a photo, a material) come back to their places."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from seminar_site.editor.documents import Document, plain, texts_of
from seminar_site.editor.store import read_bytes
from seminar_site.editor.validate import validate
from seminar_site.editor.workspace import Reply, Workspace
from seminar_site.i18n import _, render


def restore(workspace: Workspace, relative: str, saved_id: str) -> Reply:
    """``POST api/history/restore``: 200 with the new version and the files brought back
    from the trash; 422 with the errors of the version (nothing written)."""
    store = workspace.store
    data = store.version(relative, saved_id) if workspace.editable(relative) else None
    if data is None:
        return workspace.error(404, _("there is no such version"))
    parts = relative.split("/")
    slug = parts[2] if parts[:2] == ["content", "reports"] else None
    root = workspace.root
    with workspace.lock:
        back = trashed_files(workspace, relative, data, slug)
        if read_bytes(root / relative) != data:
            errors, warnings = validate(
                root, {relative: data}, slug, workspace.language, links=back
            )
            if errors:
                message = _("this version cannot be restored: the site would not build with it")
                return Reply(
                    422,
                    {
                        "message": render(message, workspace.language),
                        "errors": [issue.json() for issue in errors],
                        "warnings": [issue.json() for issue in warnings],
                    },
                )
        for target, source in back.items():
            (root / target).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, root / target)
        version = store.save(relative, data)
    return Reply(200, {"version": version, "files_restored": sorted(back)})


def trashed_files(
    workspace: Workspace, relative: str, data: bytes, slug: str | None
) -> dict[str, Path]:
    """The files a report.yaml version names (photos, materials, …) that are missing from
    the report folder and kept in the trash: site-relative → the newest copy there."""
    if slug is None or not relative.endswith("/report.yaml"):
        return {}
    try:
        values = plain(Document(data.decode("utf-8", "replace")).data)
    except Exception:  # ruamel raises many types for broken YAML; the loader says why
        return {}
    report = f"content/reports/{slug}"
    found: dict[str, Path] = {}
    for text in texts_of(values):
        if len(text) > 240 or "\n" in text:
            continue  # a text, not a file name
        clean = posixpath.normpath(text)
        parts = clean.split("/")
        if "\\" in text or "\0" in text or "." not in parts[-1] or clean.startswith(("..", "/")):
            continue
        if any(part.startswith(".") for part in parts) or ":" in parts[0]:
            continue  # a hidden file, or an address (https://…)
        name = f"{report}/{clean}"
        if (workspace.root / name).exists():
            continue
        kept = workspace.store.trashed(name)
        if kept is not None:
            found[name] = kept
    return found
