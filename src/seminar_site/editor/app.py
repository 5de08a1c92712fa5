"""The editor's HTTP side (Starlette), mounted at ``/_edit`` by the preview server.

Routes only: each handler reads the request, calls the workspace (in a worker thread, since
it reads and writes files) and returns its JSON. The contract: /tmp/w/editor-api.md
(docs/serve.md for users). The guard (guard.py) has already checked Host, Origin, CSRF and
login before any of this runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from seminar_site.editor.failures import Failures
from seminar_site.editor.forms import shapes
from seminar_site.editor.guard import Security
from seminar_site.editor.newreport import NewReport
from seminar_site.editor.store import remove_stale_temps
from seminar_site.editor.workspace import Reply, Workspace
from seminar_site.i18n import _, render

STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
#: The shell runs only its own files: an XSS payload typed into a field has nowhere to run
#: even if some text reached the page as HTML (no inline script, no event attribute).
#: No 'unsafe-eval' and no 'unsafe-inline': the browser tests that evaluate strings open
#: their pages with Playwright's ``bypass_csp``.
PAGE_HEADERS = {
    **HEADERS,
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' blob: data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
PLACEHOLDER = """<!DOCTYPE html>
<html lang="{{lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="{{csrf}}"><title>{{title}}</title></head>
<body><main><h1>{{title}}</h1></main></body></html>
"""


def reply(result: Reply) -> Response:
    return JSONResponse(result.body, result.status, headers=HEADERS)


async def body_of(request: Request) -> dict[str, Any] | None:
    try:
        data = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


class Editor:
    """One site's editor: ``asgi`` is the app to mount at ``/_edit``."""

    def __init__(
        self,
        root: Path,
        security: Security,
        language: str,
        new_report: NewReport | None = None,
    ) -> None:
        self.root = root
        self.security = security
        self.language = language
        self.workspace = Workspace(root, language)
        remove_stale_temps(root)  # of a save killed half-way (the file itself is whole)
        self.new_report = new_report
        self.asgi = Starlette(
            routes=self.routes(), middleware=[Middleware(Failures, language=language)]
        )

    def routes(self) -> list[Route]:
        from seminar_site.editor.routes_more import more_routes

        return [
            Route("/", self.shell, methods=["GET"]),
            Route("/static/{name:path}", self.static, methods=["GET"]),
            Route("/api/shapes", self.shapes, methods=["GET"]),
            Route("/api/site", self.site, methods=["GET", "PUT"]),
            Route("/api/reports", self.reports, methods=["GET"]),
            Route("/api/reports/{slug}", self.report, methods=["GET", "PUT"]),
            Route("/api/validate", self.validate, methods=["POST"]),
            Route("/api/history", self.history, methods=["GET"]),
            Route("/api/history/restore", self.restore, methods=["POST"]),
            Route("/api/history/{id}", self.old_version, methods=["GET"]),
            *more_routes(self),
        ]

    def bad_request(self) -> Response:
        message = render(_("the request is not the JSON the editor sends"), self.language)
        return JSONResponse({"message": message}, 400, headers=HEADERS)

    async def call(self, function: Callable[..., Reply], *args: Any) -> Response:
        return reply(await run_in_threadpool(function, *args))

    async def shell(self, request: Request) -> Response:
        page = _static_file("index.html")
        template = page.decode("utf-8") if page is not None else PLACEHOLDER
        title = render(_("seminar-site editor"), self.language)
        filled = (
            template.replace("{{csrf}}", escape(self.security.csrf))
            .replace("{{lang}}", escape(self.language))
            .replace("{{title}}", escape(title))
        )
        return Response(filled, 200, headers=PAGE_HEADERS, media_type=STATIC_TYPES[".html"])

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        data = _static_file(name)
        if data is None:
            return Response(render(_("404 Not Found"), self.language), 404, headers=HEADERS)
        kind = STATIC_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
        return Response(data, 200, headers=HEADERS, media_type=kind)

    async def shapes(self, request: Request) -> Response:
        return JSONResponse(shapes(self.language), headers=HEADERS)

    async def site(self, request: Request) -> Response:
        return await self._document(request, "site", None)

    async def reports(self, request: Request) -> Response:
        return await self.call(self.workspace.reports)

    async def report(self, request: Request) -> Response:
        return await self._document(request, "report", request.path_params["slug"])

    async def _document(self, request: Request, kind: str, slug: str | None) -> Response:
        if request.method == "GET":
            return await self.call(self.workspace.load, kind, slug)
        body = await body_of(request)
        if body is None or not isinstance(body.get("version", ""), str):
            return self.bad_request()
        markdown = _markdown(body)
        if markdown is None:
            return self.bad_request()
        versions = body.get("markdown_versions") or {}
        if not isinstance(versions, dict) or not all(isinstance(v, str) for v in versions.values()):
            return self.bad_request()
        trash = _names(body, "trash")
        if trash is None:
            return self.bad_request()
        return await self.call(
            self.workspace.save,
            kind,
            slug,
            body.get("data"),
            body.get("version", ""),
            markdown,
            bool(body.get("draft", False)),
            versions,
            trash,
            body.get("keep_draft") is True,
        )

    async def validate(self, request: Request) -> Response:
        body = await body_of(request)
        markdown = _markdown(body) if body is not None else None
        if body is None or markdown is None or body.get("target") not in ("site", "report"):
            return self.bad_request()
        slug = body.get("slug") if isinstance(body.get("slug"), str) else None
        trash = _names(body, "trash")
        if trash is None:
            return self.bad_request()
        return await self.call(
            self.workspace.check, body["target"], slug, body.get("data"), markdown, trash
        )

    async def history(self, request: Request) -> Response:
        return await self.call(self.workspace.history, request.query_params.get("file", ""))

    async def old_version(self, request: Request) -> Response:
        relative = request.query_params.get("file", "")
        return await self.call(self.workspace.old_version, relative, request.path_params["id"])

    async def restore(self, request: Request) -> Response:
        body = await body_of(request)
        if body is None or not isinstance(body.get("file"), str):
            return self.bad_request()
        if not isinstance(body.get("id"), str):
            return self.bad_request()
        return await self.call(self.workspace.restore, body["file"], body["id"])


def _markdown(body: dict[str, Any]) -> dict[str, str] | None:
    markdown = body.get("markdown") or {}
    if not isinstance(markdown, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in markdown.items()
    ):
        return None
    return markdown


def _names(body: dict[str, Any], key: str) -> list[str] | None:
    """A list of texts (file names) of the request, [] when absent; None if it is not one."""
    names = body.get(key) or []
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return None
    return names


def _static_file(name: str) -> bytes | None:
    """A file of editor/static/ (the front end's), never outside it."""
    parts = name.split("/")
    if not name or any(p in ("", ".", "..") or p.startswith(".") or "\\" in p for p in parts):
        return None
    node = resources.files("seminar_site.editor").joinpath("static", *parts)
    try:
        return node.read_bytes() if node.is_file() else None
    except OSError:
        return None
