"""The preview server: serves one output folder, and tells open pages when to reload.

Only files inside the output folder are served (no ``..``, no dot-files, no symlink leading
out); every response says ``Cache-Control: no-store``. Pages get a tiny script (injected by
the renderer in serve mode only) that listens to ``/__seminar__/events`` (Server-Sent
Events): it reloads the page when a build changed it, and shows an overlay listing the
content errors while the last edit cannot be built (the last good build stays served). The
overlay's words come with the errors, in the language of messages (i18n), not from the script.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from seminar_site import i18n
from seminar_site.errors import SiteError
from seminar_site.i18n import _, render

log = logging.getLogger(__name__)

EVENTS_PATH = "/__seminar__/events"
KEEPALIVE_SECONDS = 10.0
HISTORY = 50  # epochs of changed paths kept for clients that fell behind

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

RELOAD_SCRIPT = """<script>/* seminar-site serve: reload + error overlay (never in build output) */
(() => {
  const here = decodeURIComponent(location.pathname).replace(/^\\//, "")
    .replace(/(^|\\/)$/, "$1index.html");
  let seen = null;
  const show = (s) => {
    let box = document.getElementById("seminar-site-errors");
    if (!s.errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "seminar-site-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
        "z-index:2147483647;margin:0;padding:1em 1.25em;background:#3b0a0a;color:#fff;" +
        "border-top:4px solid #ff5c5c;font:14px/1.6 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.lang = s.overlay.lang;
    box.textContent = s.overlay.notice + "\\n\\n" + s.errors.join("\\n");
  };
  const stale = (s) => {
    if (s.instance !== seen.instance) return true;
    if (s.epoch === seen.epoch) return false;
    const steps = s.history.filter((h) => h.epoch > seen.epoch);
    if (steps.length !== s.epoch - seen.epoch) return true;
    return steps.some((h) => h.changed.some((p) => p === "*" || p === here ||
      !/\\.(html|xml|txt)$/.test(p)));
  };
  const events = new EventSource("/__seminar__/events");
  events.addEventListener("state", (e) => {
    const s = JSON.parse(e.data);
    if (seen !== null && stale(s)) { events.close(); location.reload(); return; }
    seen = s;
    show(s);
    document.documentElement.dataset.seminarLive = String(s.epoch);
  });
})();
</script>
"""


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

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


class PreviewServer(ThreadingHTTPServer):
    """Serves ``out``; ``lock`` is held by the writer while it updates the folder."""

    daemon_threads = False  # server_close() joins the handler threads: a clean exit
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], out: Path, hub: Hub) -> None:
        self.out = out
        self.hub = hub
        self.lock = threading.Lock()
        self.fallback: bytes = b""  # shown when there is no good build yet
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.address_family = family
        super().__init__(address, _Handler)

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


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS_PATH:
            self._events()
        else:
            self._serve(body=True)

    def _serve(self, body: bool) -> None:
        with self.server.lock:  # never between two files of one update
            found = self.server.resolve(self.path)
            status = HTTPStatus.OK
            if found is None:
                status = HTTPStatus.NOT_FOUND
                found = self.server.resolve("/404.html")
            data, kind = self._read(found)
        if isinstance(found, str):
            self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", {"Location": found})
            return
        if data is None:
            missing = render(_("404 Not Found"), self.server.hub.language) + "\n"
            data = self.server.fallback or missing.encode()
            kind = MIME_TYPES[".html"] if self.server.fallback else MIME_TYPES[".txt"]
        self._send(status, data if body else b"", kind, length=len(data))

    @staticmethod
    def _read(found: Path | str | None) -> tuple[bytes | None, str]:
        if not isinstance(found, Path):
            return None, ""
        try:
            data = found.read_bytes()
        except OSError:
            return None, ""
        return data, MIME_TYPES.get(found.suffix.lower(), "application/octet-stream")

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        kind: str,
        extra: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if data:
            self.wfile.write(data)

    def _events(self) -> None:
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        hub = self.server.hub
        state: dict[str, Any] | None = hub.snapshot()
        seen = -1
        try:
            while not hub.closed:
                if state is None:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    message = json.dumps(state, ensure_ascii=False)
                    self.wfile.write(f"event: state\ndata: {message}\n\n".encode())
                self.wfile.flush()
                seen = state["version"] if state is not None else seen
                state = hub.wait(seen, KEEPALIVE_SECONDS)
        except OSError:
            return  # the tab was closed


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
    thread = threading.Thread(target=server.serve_forever, name="seminar-serve", daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        server.hub.close()
        server.shutdown()
        server.server_close()
        thread.join()


def error_page(errors: list[str], language: str | None = None) -> bytes:
    """What every URL shows while no build has succeeded yet (the overlay lists the errors),
    in ``language`` (default: the language of messages)."""
    from html import escape

    language = language or i18n.current()
    title, heading, advice = (
        escape(render(message, language))
        for message in (
            _("seminar-site: cannot build"),
            _("The site cannot be built yet"),
            _(
                "Fix the problems below and save the file: this page reloads by itself "
                "once the site can be built."
            ),
        )
    )
    items = "\n".join(escape(render(error, language)) for error in errors)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>"
        f"<h1>{heading}</h1><p>{advice}</p><pre>{items}</pre>"
        f"{RELOAD_SCRIPT}</body></html>\n"
    ).encode()
