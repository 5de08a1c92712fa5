"""Unexpected errors inside a request handler (a bug): the author's console gets one line in
the site's language, not a traceback (that is kept for ``--debug``), and the browser a 500
with a JSON message that the form shows.

A pure ASGI middleware, placed inside Starlette's own error middleware (which would print
the traceback through uvicorn's log and answer in plain English).
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
from typing import Any

from seminar_site.i18n import _, render

log = logging.getLogger("seminar_site.editor")

Scope = dict[str, Any]
ASGIApp = Any


def debugging() -> bool:
    """``--debug`` (the CLI sets the log level to DEBUG)."""
    return log.isEnabledFor(logging.DEBUG)


class Failures:
    """Wraps ``app``: an exception escaping it is told on stderr in one line and answered
    with 500 ``{"message": …}`` (when the answer has not started yet)."""

    def __init__(self, app: ASGIApp, language: str = "ja") -> None:
        self.app = app
        self.language = language

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:  # a bug: whatever it is, the author gets words
            self.tell(scope, error)
            if not started:
                await self.answer(send)

    def tell(self, scope: Scope, error: Exception) -> None:
        where = f"{scope.get('method', '')} {scope.get('path', '')}".strip()
        line = _(
            "internal error (a bug in seminar-site) while answering {request}: {kind}; run "
            "serve again with --debug to see the details",
            request=where,
            kind=type(error).__name__,
        )
        stamp = time.strftime("%H:%M:%S")
        shown = render(_("error: {problem}", problem=line), self.language)
        print(f"[{stamp}] {shown}", file=sys.stderr, flush=True)
        if debugging():
            traceback.print_exception(error, file=sys.stderr)

    async def answer(self, send: Any) -> None:
        message = _(
            "the editor met an internal error (a bug) and could not finish this; the window "
            "of seminar-site serve says more (start it with --debug for the details)"
        )
        body = json.dumps({"message": render(message, self.language)}, ensure_ascii=False)
        data = body.encode("utf-8")
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(data)).encode()),
            (b"cache-control", b"no-store"),
            (b"x-content-type-options", b"nosniff"),
        ]
        await send({"type": "http.response.start", "status": 500, "headers": headers})
        await send({"type": "http.response.body", "body": data})
