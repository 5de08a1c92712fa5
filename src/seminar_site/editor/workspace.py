"""What the editor does to one site: read a file for the form, validate, save, history.

Plain values in, plain JSON out (``Reply``): the HTTP side (app.py) only moves them. Saves
are serialised by one lock; a save is refused (409) when the file's bytes are not the ones
the form loaded, and (422) while the loader finds errors, unless it is a draft.
"""

from __future__ import annotations

import posixpath
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seminar_site.editor.documents import Document, merge, plain, texts_of
from seminar_site.editor.photos import in_folder, photo_in, photos_by_folder
from seminar_site.editor.store import Store, read_bytes, version_of
from seminar_site.editor.validate import SITE_FILE, Issue, report_file, validate
from seminar_site.i18n import _, render
from seminar_site.settings.schema import Shape
from seminar_site.settings.shapes import REPORT, SITE

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Parsed:
    document: Document  # never changed: copied before a merge
    plain: Any


class Workspace:
    def __init__(self, root: Path, language: str) -> None:
        self.root = root
        self.language = language
        self.store = Store(root)
        self.lock = threading.Lock()
        self._parsed: dict[str, tuple[str, Parsed]] = {}

    def parsed(self, relative: str, data: bytes) -> Parsed:
        """The round-trip tree of ``data`` (the file ``relative``), parsed once per version:
        ruamel's parser is the slow part of a field's validation."""
        version = version_of(data)
        kept = self._parsed.get(relative)
        if kept is not None and kept[0] == version:
            return kept[1]
        document = Document(data.decode("utf-8", "replace"))
        made = Parsed(document, plain(document.data))
        self._parsed[relative] = (version, made)
        return made

    def error(self, status: int, message: str) -> Reply:
        return Reply(status, {"message": render(message, self.language)})

    def target(self, kind: str, slug: str | None) -> tuple[str, Shape] | None:
        """The site-relative file and shape of a form; None for a bad slug."""
        if kind == "site":
            return SITE_FILE, SITE
        if slug is None or not SLUG.match(slug) or ".." in slug:
            return None
        return report_file(slug), REPORT

    def reports(self) -> Reply:
        found = []
        folder = self.root / "content" / "reports"
        for child in sorted(folder.iterdir()) if folder.is_dir() else []:
            if not (child / "report.yaml").is_file() or not SLUG.match(child.name):
                continue
            try:
                data = plain(Document(child.joinpath("report.yaml").read_text("utf-8")).data)
            except Exception:  # a broken file is still listed, to be opened and fixed
                data = {}
            data = data if isinstance(data, dict) else {}
            days = data.get("days") if isinstance(data.get("days"), list) else []
            first = days[0] if days and isinstance(days[0], dict) else {}
            title = data.get("title") if isinstance(data.get("title"), str) else child.name
            found.append({"slug": child.name, "title": title, "date": first.get("date")})
        return Reply(200, {"reports": found})

    def load(self, kind: str, slug: str | None) -> Reply:
        where = self.target(kind, slug)
        if where is None or not (self.root / where[0]).is_file():
            return self.error(404, _("there is no such report"))
        raw = read_bytes(self.root / where[0])
        try:
            data = self.parsed(where[0], raw).plain
        except Exception:
            return self.error(422, _("this file cannot be read as YAML; fix it in a text editor"))
        body: dict[str, Any] = {"data": data, "version": version_of(raw)}
        if kind == "report" and slug is not None:
            body["markdown"] = self._markdown(slug, data)
            body["markdown_versions"] = {
                name: version_of(text.encode("utf-8")) for name, text in body["markdown"].items()
            }
            body["photos"] = photos_by_folder(slug, data, self.root / "content/reports" / slug)
        draft = self.store.draft(where[0])
        body["draft"] = draft.decode("utf-8", "replace") if draft is not None else None
        body["draft_data"] = _readable(draft) if draft is not None else None
        body["draft_saved"] = self.store.draft_saved(where[0])
        if kind == "report" and slug is not None:
            body["draft_markdown"] = {
                name: text.decode("utf-8", "replace")
                for name, relative in self._markdown_drafts(slug, data, body["draft_data"])
                if (text := self.store.draft(relative)) is not None
            }
        return Reply(200, body)

    def _markdown_drafts(self, slug: str, *datas: Any) -> list[tuple[str, str]]:
        """(name, site-relative) of the Markdown files the report's versions name."""
        names = dict.fromkeys(name for data in datas for name in markdown_files(data))
        paths = [(name, self.markdown_path(slug, name)) for name in names]
        return [(name, p.relative_to(self.root).as_posix()) for name, p in paths if p]

    def _markdown(self, slug: str, data: Any) -> dict[str, str]:
        found: dict[str, str] = {}
        for name in markdown_files(data):
            path = self.markdown_path(slug, name)
            if path is not None and path.is_file():
                found[name] = path.read_bytes().decode("utf-8", errors="replace")
        return found

    def markdown_path(self, slug: str, name: str) -> Path | None:
        """``name`` (relative to the report folder) when it is a Markdown file inside it."""
        clean = posixpath.normpath(name)
        if not name.endswith(".md") or clean.startswith(("..", "/")) or "\\" in name:
            return None
        if any(part.startswith(".") for part in clean.split("/")) or "\0" in name:
            return None
        return self.root / "content" / "reports" / slug / clean

    def files_for(
        self, kind: str, slug: str | None, data: Any, markdown: Mapping[str, str]
    ) -> tuple[dict[str, bytes], dict[str, bytes]] | Reply:
        """(every file the form would write, those of them that differ from the disk)."""
        where = self.target(kind, slug)
        if where is None:
            return self.error(404, _("there is no such report"))
        relative, shape = where
        current = read_bytes(self.root / relative)
        parsed = self.parsed(relative, current)
        if parsed.plain == data:
            text = current  # unchanged: the very bytes, whatever a dump would give
        else:
            document = parsed.document.copy()
            document.data = merge(document.data, data, shape)
            text = document.dump().encode("utf-8")
        files = {relative: text}
        for name, content in markdown.items():
            path = self.markdown_path(slug or "", name) if slug else None
            if path is None:
                return self.error(
                    422, _("'{name}' is not a Markdown file of this report", name=name)
                )
            files[path.relative_to(self.root).as_posix()] = content.encode("utf-8")
        changed = {k: v for k, v in files.items() if read_bytes(self.root / k) != v}
        return files, changed

    def check(
        self,
        kind: str,
        slug: str | None,
        data: Any,
        markdown: Mapping[str, str],
        trash: Sequence[str] = (),
    ) -> Reply:
        """The form's errors and warnings, as if saved (with the photos ``trash`` gone)."""
        made = self.files_for(kind, slug, data, markdown)
        if isinstance(made, Reply):
            return made
        report = slug if kind == "report" else None
        gone = self._to_trash(report, data, trash)
        errors, warnings = validate(self.root, made[0], report, self.language, leave_out=gone)
        return Reply(200, {"errors": _json(errors), "warnings": _json(warnings)})

    def save(
        self,
        kind: str,
        slug: str | None,
        data: Any,
        version: str,
        markdown: Mapping[str, str],
        draft: bool = False,
        markdown_versions: Mapping[str, str] | None = None,
        trash: Sequence[str] = (),
        keep_draft: bool = False,
    ) -> Reply:
        """``markdown_versions`` (optional): the versions of the Markdown files the form
        loaded; one changed on disk since, and changed by the form too, is a conflict.
        ``trash``: photos (report-relative) removed in the form, moved to the trash once the
        save is written (never by a draft, nor while the data still names them).
        ``keep_draft``: the draft stays (the conflict dialog has just kept there the
        author's texts of the files whose version on disk was chosen)."""
        where = self.target(kind, slug)
        if where is None or not (self.root / where[0]).is_file():
            return self.error(404, _("there is no such report"))
        with self.lock:
            current = read_bytes(self.root / where[0])
            made = self.files_for(kind, slug, data, markdown)
            if isinstance(made, Reply):
                return made
            files, changed = made
            stale = [where[0]] if version != version_of(current) else []
            for name, loaded in (markdown_versions or {}).items():
                path = self.markdown_path(slug, name) if slug and name in markdown else None
                relative = path.relative_to(self.root).as_posix() if path else ""
                on_disk = read_bytes(path) if path else b""
                if path and relative in changed and version_of(on_disk) != loaded:
                    stale.append(relative)
            if stale:
                return Reply(409, {"conflict": self._conflict(stale, files)})
            if draft:
                for relative, content in files.items():
                    self.store.save_draft(relative, content)
                return Reply(200, {"version": version, "draft": True, "files_changed": []})
            report = slug if kind == "report" else None
            gone = self._to_trash(report, data, trash)
            if changed or gone:
                errors, warnings = validate(self.root, files, report, self.language, leave_out=gone)
                if errors:
                    return Reply(422, {"errors": _json(errors), "warnings": _json(warnings)})
            for relative, content in changed.items():
                self.store.save(relative, content, keep_draft=keep_draft)
            if not keep_draft:
                self.store.draft_done(where[0])
            if kind == "report" and slug is not None and not keep_draft:  # the report's, whole
                for _name, relative in self._markdown_drafts(slug, data):
                    self.store.draft_done(relative)
            new_version = version_of(files[where[0]])
            texts = {name: version_of(text.encode("utf-8")) for name, text in markdown.items()}
            answer = {"version": new_version, "files_changed": sorted(changed)}
            for photo in gone.values():
                self.store.trash(photo)
            trashed = sorted(gone)
            return Reply(200, {**answer, "markdown_versions": texts, "trashed": trashed})

    def _conflict(self, stale: list[str], files: Mapping[str, bytes]) -> dict[str, Any]:
        """Every file changed on disk since the form loaded it, each with both texts: the
        form shows them all at once, to be settled in one go."""
        entries = []
        for relative in stale:
            theirs = read_bytes(self.root / relative)
            entries.append(
                {
                    "file": relative,
                    "mine": files[relative].decode("utf-8", "replace"),
                    "theirs": theirs.decode("utf-8", "replace"),
                    "version": version_of(theirs),
                }
            )
        return {"files": entries, "versions": {e["file"]: e["version"] for e in entries}}

    def _to_trash(self, slug: str | None, data: Any, files: Sequence[str]) -> dict[str, Path]:
        """The photos ``files`` (report-relative) of the report ``slug`` that ``data`` (the
        report to save) no longer names: site-relative name → the photo."""
        if slug is None or not files:
            return {}
        report = self.root / "content" / "reports" / slug
        named = {posixpath.normpath(text) for text in texts_of(data)}
        found = {}
        for file in files:
            photo = photo_in(report, file)
            if photo is None or posixpath.normpath(file) in named or in_folder(data, file):
                continue
            found[photo.relative_to(self.root).as_posix()] = photo
        return found

    def history(self, relative: str) -> Reply:
        if not self.editable(relative):
            return self.error(404, _("there is no such file"))
        versions = self.store.history(relative)
        listed = [{"id": v.id, "saved": v.saved, "size": v.size} for v in versions]
        return Reply(200, {"versions": listed})

    def old_version(self, relative: str, saved_id: str) -> Reply:
        data = self.store.version(relative, saved_id) if self.editable(relative) else None
        if data is None:
            return self.error(404, _("there is no such version"))
        return Reply(200, {"text": data.decode("utf-8", "replace")})

    def restore(self, relative: str, saved_id: str) -> Reply:
        from seminar_site.editor.restore import restore

        return restore(self, relative, saved_id)

    def editable(self, relative: str) -> bool:
        """A file the editor writes: site.yaml, a report.yaml or a report's Markdown."""
        parts = relative.split("/")
        if relative == SITE_FILE:
            return True
        if len(parts) < 4 or parts[:2] != ["content", "reports"] or not SLUG.match(parts[2]):
            return False
        name = "/".join(parts[3:])
        return name == "report.yaml" or self.markdown_path(parts[2], name) is not None


def markdown_files(data: Any) -> list[str]:
    """The Markdown files a report names: its body and its sessions' summary files."""
    names: list[str] = []
    if not isinstance(data, dict):
        return names
    if isinstance(data.get("body"), str):
        names.append(data["body"])
    for day in data.get("days") or []:
        for session in (day.get("sessions") or []) if isinstance(day, dict) else []:
            if isinstance(session, dict) and isinstance(session.get("summary_file"), str):
                names.append(session["summary_file"])
    return names


def _readable(data: bytes) -> Any:
    """A draft's data for the form (None if it is not readable YAML)."""
    try:
        return plain(Document(data.decode("utf-8", "replace")).data)
    except Exception:  # ruamel raises many types for broken YAML
        return None


def _json(issues: list[Issue]) -> list[dict[str, Any]]:
    return [issue.json() for issue in issues]
