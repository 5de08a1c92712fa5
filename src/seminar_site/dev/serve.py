"""The preview server: serves one output folder, and tells open pages when to reload.

Only files inside the output folder are served (no ``..``, no dot-files, no symlink leading
out); every response says ``Cache-Control: no-store``. Pages get a tiny script (injected by
the renderer in serve mode only) that listens to ``/__seminar__/events`` (Server-Sent
Events): it reloads the page when a build changed it, and shows an overlay listing the
content errors while the last edit cannot be built (the last good build stays served). The
overlay's words come with the errors, in the language of messages (i18n), not from the script.

One ASGI application (Starlette, run by uvicorn in a thread) serves the preview, the event
stream and the form editor at ``/_edit/`` on one port, behind :class:`editor.guard.Guard`
(the ``Host`` check on every request; CSRF and same-origin checks on the editor's writes).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from seminar_site import i18n
from seminar_site.dev.reload import RELOAD_SCRIPT, error_page
from seminar_site.editor.guard import PREFIX, ASGIApp, Guard, Security
from seminar_site.errors import SiteError
from seminar_site.i18n import _, render

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["RELOAD_SCRIPT", "Hub", "PreviewServer", "bind", "error_page", "running"]

log = logging.getLogger(__name__)

EVENTS_PATH = "/__seminar__/events"
KEEPALIVE_SECONDS = 10.0
HISTORY = 50  # epochs of changed paths kept for clients that fell behind
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
    ".webmanifest": "application/manifest+json",
}


class Hub:
    """The build state that pages follow: an epoch per output change, and current errors
    with the overlay's words (``notice``) in ``language``, the language of messages."""

    def __init__(self, language: str | None = None) -> None:
        self.instance = uuid.uuid4().hex
        self.language = language or i18n.current()
        self.epoch = 0
        self.version = 0  # bumps on every publish, so waiting clients wake up
        self.errors: list[str] = []
        self.notice = ""
        self.history: list[dict[str, Any]] = []
        self.closed = False
        self._cond = threading.Condition()
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def publish(self, changed: list[str], errors: list[str], notice: str = "") -> None:
        """``errors`` and ``notice`` (the overlay's first line) are rendered in the hub's
        language once, here: the event stream sends them as text."""
        with self._cond:
            if changed:
                self.epoch += 1
                shown = changed if len(changed) <= 200 else ["*"]
                self.history = [*self.history, {"epoch": self.epoch, "changed": shown}][-HISTORY:]
            self.errors = [render(error, self.language) for error in errors]
            self.notice = render(notice, self.language)
            self.version += 1
            self._cond.notify_all()
            self._wake()

    def snapshot(self) -> dict[str, Any]:
        with self._cond:
            return {
                "instance": self.instance,
                "epoch": self.epoch,
                "version": self.version,
                "errors": self.errors,
                "overlay": {"lang": self.language, "notice": self.notice},
                "history": self.history,
            }

    def wait(self, seen: int, timeout: float) -> dict[str, Any] | None:
        """The state once it is newer than version ``seen`` (None on timeout or close)."""
        with self._cond:
            self._cond.wait_for(lambda: self.closed or self.version > seen, timeout)
            if self.closed or self.version <= seen:
                return None
        return self.snapshot()

    async def next_state(self, seen: int, timeout: float) -> dict[str, Any] | None:
        """:meth:`wait` for the event loop: the state once newer than ``seen`` (None on
        timeout or close), without holding a thread."""
        loop = asyncio.get_running_loop()
        waiter = (loop, asyncio.Event())
        with self._cond:
            if not self.closed and self.version <= seen:
                self._waiters.add(waiter)
        try:
            if waiter in self._waiters:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter[1].wait(), timeout)
        finally:
            with self._cond:
                self._waiters.discard(waiter)
        with self._cond:
            if self.closed or self.version <= seen:
                return None
        return self.snapshot()

    def _wake(self) -> None:
        for loop, event in list(self._waiters):
            with contextlib.suppress(RuntimeError):  # that loop has ended
                loop.call_soon_threadsafe(event.set)

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()
            self._wake()


class PreviewServer:
    """Serves ``out`` on a socket bound at once (so that the port is known and taken);
    ``lock`` is held by the writer while it updates the folder. ``editor`` (an ASGI app) is
    mounted at ``/_edit`` and ``security`` checks every request (see :mod:`editor.guard`)."""

    def __init__(self, address: tuple[str, int], out: Path, hub: Hub) -> None:
        self.out = out
        self.hub = hub
        self.lock = threading.Lock()
        self.fallback: bytes = b""  # shown when there is no good build yet
        self.editor: ASGIApp | None = None
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        # IPPROTO_TCP named: asyncio sets TCP_NODELAY only on sockets that say so, and
        # without it a response's headers and body wait out the client's delayed ACK (40 ms).
        self.socket = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.socket.bind(address)
            self.socket.listen(128)
        except OSError:
            self.socket.close()
            raise
        self.server_address: tuple[str, int] = self.socket.getsockname()[:2]
        self.security = Security.for_address(address[0], self.server_address[1])
        self._uvicorn: Any = None

    def resolve(self, raw_path: str) -> Path | str | None:
        """The file to serve for a request path; a str is a redirect; None means 404."""
        path = unquote(urlsplit(raw_path).path)
        if "\0" in path or "\\" in path or not path.startswith("/"):
            return None
        parts = [part for part in path.split("/") if part]
        if any(part in (".", "..") or part.startswith(".") for part in parts):
            return None  # no traversal, no dot-files (the marker, temp files)
        root = os.path.realpath(self.out)
        target = os.path.join(root, *parts)
        if os.path.isdir(target):
            if not path.endswith("/"):
                return urlsplit(raw_path).path + "/"
            target = os.path.join(target, "index.html")
        real = os.path.realpath(target)
        if not real.startswith(root + os.sep) or not os.path.isfile(real):
            return None  # missing, or a symlink leading out of the output folder
        return Path(real)

    def lookup(self, raw_path: str) -> tuple[int, bytes, str, dict[str, str]]:
        """Status, body, type and extra headers for a GET of ``raw_path``."""
        with self.lock:  # never between two files of one update
            found = self.resolve(raw_path)
            status = HTTPStatus.OK
            if found is None:
                status = HTTPStatus.NOT_FOUND
                found = self.resolve("/404.html")
            data, kind = _read(found)
        if isinstance(found, str):
            return HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", {"Location": found}
        if data is None:
            missing = render(_("404 Not Found"), self.hub.language) + "\n"
            data = self.fallback or missing.encode()
            kind = MIME_TYPES[".html"] if self.fallback else MIME_TYPES[".txt"]
        return status, data, kind, {}

    def app(self) -> ASGIApp:
        """The whole site of the port: the guard, then the routes."""
        from starlette.applications import Starlette
        from starlette.middleware import Middleware
        from starlette.routing import Mount, Route

        from seminar_site.editor.failures import Failures

        routes: list[Any] = [Route(EVENTS_PATH, self._events, methods=["GET"])]
        if self.editor is not None:
            routes.append(Route(PREFIX, _to_editor, methods=["GET", "HEAD"]))
            routes.append(Mount(PREFIX, app=self.editor))
        routes.append(Route("/{path:path}", self._page, methods=["GET", "HEAD"]))
        caught = [Middleware(Failures, language=self.hub.language)]  # one line, not a traceback
        return Guard(Starlette(routes=routes, middleware=caught), self.security, self.hub.language)

    async def _page(self, request: Request) -> Response:
        from anyio import to_thread
        from starlette.responses import Response

        raw = request.scope.get("raw_path") or request.scope["path"].encode()
        status, data, kind, extra = await to_thread.run_sync(self.lookup, raw.decode("latin-1"))
        headers = {**extra, **NO_STORE, "Content-Length": str(len(data))}
        body = b"" if request.method == "HEAD" else data
        return Response(body, status, headers=headers, media_type=kind)

    async def _events(self, request: Request) -> Response:
        from starlette.responses import StreamingResponse

        hub = self.hub

        async def stream() -> AsyncIterator[bytes]:
            state: dict[str, Any] | None = hub.snapshot()
            seen = -1
            while not hub.closed:
                if state is None:
                    yield b": keep-alive\n\n"
                else:
                    message = json.dumps(state, ensure_ascii=False)
                    yield f"event: state\ndata: {message}\n\n".encode()
                    seen = state["version"]
                state = await hub.next_state(seen, KEEPALIVE_SECONDS)

        kind = "text/event-stream; charset=utf-8"
        return StreamingResponse(stream(), headers=dict(NO_STORE), media_type=kind)

    def prepare(self) -> None:
        """The uvicorn server, made before its thread starts (so that shutdown reaches it)."""
        import uvicorn

        config = uvicorn.Config(
            self.app(),
            loop="asyncio",
            http="h11",
            ws="none",
            lifespan="off",
            log_config=None,
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=5,
        )
        self._uvicorn = uvicorn.Server(config)

    def serve_forever(self) -> None:
        if self._uvicorn is None:
            self.prepare()
        asyncio.run(self._uvicorn.serve(sockets=[self.socket]))

    def shutdown(self) -> None:
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True

    def server_close(self) -> None:
        self.socket.close()


async def _to_editor(request: Request) -> Response:
    from starlette.responses import RedirectResponse

    return RedirectResponse(PREFIX + "/", 301, headers=NO_STORE)


def _read(found: Path | str | None) -> tuple[bytes | None, str]:
    if not isinstance(found, Path):
        return None, ""
    try:
        data = found.read_bytes()
    except OSError:
        return None, ""
    return data, MIME_TYPES.get(found.suffix.lower(), "application/octet-stream")


def bind(
    host: str, port: int, out: Path, hub: Hub, tries: int = 20
) -> tuple[PreviewServer, str | None]:
    """A server on ``port``, or on the next free one with a note saying so."""
    first_error: OSError | None = None
    for candidate in range(port, port + tries):
        try:
            server = PreviewServer((host, candidate), out, hub)
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            first_error = first_error or exc
            if port == 0:
                raise
            continue
        if candidate == port:
            return server, None
        note = _(
            "port {port} is already in use; serving on port {candidate} instead",
            port=port,
            candidate=candidate,
        )
        return server, note
    log.debug("no free port: %s", first_error)
    raise SiteError(
        _("ports {first}-{last} are all in use", first=port, last=port + tries - 1),
        hint=_("choose another port with --port, e.g. --port {example}", example=port + 100),
    )


@contextmanager
def running(server: PreviewServer) -> Iterator[threading.Thread]:
    """Serve in a thread; on exit stop it, wake the event streams and join every thread."""
    server.prepare()
    thread = threading.Thread(target=server.serve_forever, name="seminar-serve", daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        server.hub.close()
        server.shutdown()
        thread.join()
        server.server_close()
