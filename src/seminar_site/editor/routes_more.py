"""The editor's routes beyond the forms: new report, slug, dates, Markdown preview, photos.

A photo is added here and never removed here: the form takes it out of its list and the
save moves it to the trash (workspace.py), so no request deletes a file on its own.

Uploads are read by python-multipart (through Starlette's form parser, which spools files
to disk): the request's size is limited before and while it is read (a 200 MB body is
refused at its Content-Length, or cut off once past the limit when it has none), and the
number of files per request too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from seminar_site.editor import newreport, photos
from seminar_site.editor.workspace import SLUG
from seminar_site.i18n import Message, _, render
from seminar_site.photos.plan import PhotoError

if TYPE_CHECKING:
    from seminar_site.editor.app import Editor

HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


class TooLarge(Exception):
    pass


def more_routes(editor: Editor) -> list[Route]:
    routes = Routes(editor)
    return [
        Route("/api/slug", routes.slug, methods=["GET"]),
        Route("/api/reports", routes.new_report, methods=["POST"]),
        Route("/api/preview", routes.preview, methods=["POST"]),
        Route("/api/dates", routes.dates, methods=["POST"]),
        Route("/api/reports/{slug}/photos", routes.upload, methods=["POST"]),
        Route("/api/reports/{slug}/thumbs/{file:path}", routes.thumb, methods=["GET"]),
    ]


class Routes:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.root = editor.root
        self.language = editor.language
        self.previewer = newreport.Previewer(editor.root)

    def json(self, status: int, body: dict[str, Any]) -> Response:
        return JSONResponse(body, status, headers=HEADERS)

    def message(self, status: int, message: Message) -> Response:
        return self.json(status, {"message": render(message, self.language)})

    def too_large(self, message: Message) -> Response:
        """413, closing the connection: the rest of the body is never read."""
        answer = self.message(413, message)
        answer.headers["Connection"] = "close"
        return answer

    async def body(self, request: Request) -> dict[str, Any] | None:
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) else None

    async def slug(self, request: Request) -> Response:
        title = request.query_params.get("title", "")
        date = request.query_params.get("date") or None
        taken = {child.name for child in (self.root / "content" / "reports").glob("*")}
        slug = await run_in_threadpool(newreport.suggest_slug, title, date, taken)
        return self.json(200, {"slug": slug})

    async def new_report(self, request: Request) -> Response:
        body = await self.body(request)
        fields = [body.get(key, "") for key in ("title", "date", "slug")] if body else []
        if body is None or not all(isinstance(value, str) for value in fields):
            return self.editor.bad_request()
        title, date, slug = (str(value) for value in fields)
        status, answer = await run_in_threadpool(
            newreport.create, self.root, self.editor.new_report, title, date, slug, self.language
        )
        return self.json(status, answer)

    async def preview(self, request: Request) -> Response:
        body = await self.body(request)
        if body is None or not isinstance(body.get("markdown"), str):
            return self.editor.bad_request()
        slug = body.get("slug") if isinstance(body.get("slug"), str) else None
        status, answer = await run_in_threadpool(
            self.previewer.html, body["markdown"], self.language, slug, body.get("data")
        )
        return self.json(status, answer)

    async def dates(self, request: Request) -> Response:
        body = await self.body(request)
        if body is None or not isinstance(body.get("text"), str):
            return self.editor.bad_request()
        return self.json(*newreport.read_date(body["text"], self.language))

    def report(self, slug: str) -> Path | None:
        folder = self.root / "content" / "reports" / slug
        if not SLUG.match(slug) or ".." in slug or not (folder / "report.yaml").is_file():
            return None
        return folder

    async def upload(self, request: Request) -> Response:
        report = self.report(request.path_params["slug"])
        if report is None:
            return self.message(404, _("there is no such report"))
        limit_mb = photos.MAX_REQUEST_BYTES // (1024 * 1024)
        too_large = _("the photos sent at once are larger than {limit} MB", limit=limit_mb)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > photos.MAX_REQUEST_BYTES:
            return self.too_large(too_large)
        limited = Request(request.scope, _limited(request.receive, photos.MAX_REQUEST_BYTES))
        try:
            form = await limited.form(max_files=photos.MAX_FILES, max_fields=20)
        except TooLarge:
            return self.too_large(too_large)
        except Exception:  # Starlette's MultiPartException and parser errors
            many = _("send at most {count} photos at once", count=photos.MAX_FILES)
            return self.message(400, many)
        try:
            folder = form.get("day")
            files = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
            if not isinstance(folder, str) or not files:
                return self.message(400, _("choose a day and at least one photo"))
            added, refused = await run_in_threadpool(self._keep, report, folder, files)
        finally:
            await form.close()
        slug = request.path_params["slug"]
        listed = [{"file": a.file, "thumb_url": _thumb_url(slug, a.file)} for a in added]
        return self.json(200, {"added": listed, "refused": refused})

    def _keep(
        self, report: Path, folder: str, files: list[UploadFile]
    ) -> tuple[list[photos.Added], list[dict[str, str]]]:
        added, refused = [], []
        for item in files:
            name = item.filename or ""
            try:
                added.append(photos.keep_upload(report, folder, name, item.file, item.size or 0))
            except photos.Refused as no:
                refused.append({"name": name, "message": render(no.message, self.language)})
        return added, refused

    async def thumb(self, request: Request) -> Response:
        report = self.report(request.path_params["slug"])
        photo = photos.photo_in(report, request.path_params["file"]) if report else None
        if photo is None:
            return self.message(404, _("there is no such photo"))
        try:
            made = await run_in_threadpool(photos.thumbnail, self.root, photo)
        except PhotoError:
            return self.message(422, _("this file is not a photo that can be read"))
        return FileResponse(made, headers=HEADERS, media_type="image/webp")


def _thumb_url(slug: str, file: str) -> str:
    from urllib.parse import quote

    return f"/_edit/api/reports/{quote(slug)}/thumbs/{quote(file)}"


def _limited(receive: Any, limit: int) -> Any:
    seen = 0

    async def counted() -> Any:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
        return message

    return counted
