"""The checks that run before routing, on every request of the serve port (ASGI middleware).

- ``Host`` must name this server (DNS rebinding): anything else gets 403, preview included.
- Under ``/_edit/``, every POST, PUT, PATCH and DELETE needs the ``X-CSRF-Token`` header equal
  to the session token and an ``Origin`` equal to the server's origin, whatever the path.
- With a non-loopback ``--host`` the whole server (the preview and the editor) needs a login:
  the token printed on the console (``/?token=…``, as Jupyter does), which sets an HttpOnly,
  SameSite=Strict cookie.
  Every comparison is constant-time (:func:`hmac.compare_digest`).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, quote

from seminar_site import i18n
from seminar_site.i18n import _, render

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PREFIX = "/_edit"
COOKIE = "seminar_edit"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


@dataclass
class Security:
    """What requests are checked against; made once per session."""

    host: str
    port: int
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    token: str | None = None  # login token (non-loopback only)
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    extra_hosts: tuple[str, ...] = ()

    @classmethod
    def for_address(cls, host: str, port: int) -> Security:
        """Loopback needs no login; any other address a fresh token."""
        return cls(host, port, token=None if is_loopback(host) else secrets.token_urlsafe(24))

    @property
    def login_required(self) -> bool:
        return self.token is not None

    def hosts(self) -> set[str]:
        """Every ``Host`` header value that names this server."""
        names = {self.host, *LOOPBACK_NAMES, *self.extra_hosts}
        if self.host in ("0.0.0.0", "::", ""):  # every address of this machine
            names |= {socket.gethostname(), socket.getfqdn()}
        found = {f"{_shown(name)}:{self.port}".lower() for name in names}
        if self.port == 80:  # a browser leaves the default port out
            found |= {_shown(name).lower() for name in names}
        return found

    def host_allowed(self, value: str) -> bool:
        value = value.lower()
        if value in self.hosts():
            return True
        if self.host in ("0.0.0.0", "::", ""):  # an IP literal cannot be a rebound name
            name, _sep, port = value.rpartition(":")
            try:
                ipaddress.ip_address(name.strip("[]"))
            except ValueError:
                return False
            return port == str(self.port)
        return False

    def origin_allowed(self, origin: str) -> bool:
        return any(hmac.compare_digest(origin.lower(), f"http://{h}") for h in self.hosts())

    def csrf_ok(self, value: str) -> bool:
        return hmac.compare_digest(value.encode(), self.csrf.encode())

    def login_ok(self, value: str) -> bool:
        """``value``: the ``?token=`` of a request."""
        token = self.token
        return token is not None and hmac.compare_digest(value.encode(), token.encode())

    def session_ok(self, cookie: str) -> bool:
        return hmac.compare_digest(cookie.encode(), self.session.encode())

    def login_url(self, base: str) -> str:
        return f"{base}_edit/?token={quote(self.token)}" if self.token else f"{base}_edit/"

    def preview_url(self, base: str) -> str:
        """The preview's address as printed: with the login token when one is needed."""
        return f"{base}?token={quote(self.token)}" if self.token else base


class Guard:
    """The middleware; ``language`` is the site's, for the refusal's text."""

    def __init__(self, app: ASGIApp, security: Security, language: str | None = None) -> None:
        self.app = app
        self.security = security
        self.language = language or i18n.current()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        if not self.security.host_allowed(headers.get("host", "")):
            await self._refuse(send, 403, _("this server does not answer to that host name"))
            return
        path: str = scope.get("path", "")
        if (path == PREFIX or path.startswith(PREFIX + "/")) and scope["method"] in UNSAFE:
            if not self.security.origin_allowed(headers.get("origin", "")):
                await self._refuse(send, 403, _("refused: the request comes from another site"))
                return
            if not self.security.csrf_ok(headers.get("x-csrf-token", "")):
                await self._refuse(
                    send, 403, _("refused: the editor's security token is missing or wrong")
                )
                return
        if self.security.login_required and not await self._logged_in(scope, headers, send):
            return
        await self.app(scope, receive, send)

    async def _logged_in(self, scope: Scope, headers: dict[str, str], send: Send) -> bool:
        cookie = SimpleCookie(headers.get("cookie", "")).get(COOKIE)
        if cookie is not None and self.security.session_ok(cookie.value):
            return True
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = (query.get("token") or [""])[0]
        if given and self.security.login_ok(given):
            value = f"{COOKIE}={self.security.session}; Path=/; HttpOnly; SameSite=Strict"
            here = quote(scope.get("path", "/") or "/").encode()  # the same page, without the token
            await send(
                {
                    "type": "http.response.start",
                    "status": 303,
                    "headers": [(b"location", here), (b"set-cookie", value.encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return False
        await self._refuse(
            send, 403, _("log in with the address printed by seminar-site serve (with ?token=)")
        )
        return False

    async def _refuse(self, send: Send, status: int, message: i18n.Message) -> None:
        body = (render(message, self.language) + "\n").encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-store"),
                    (b"x-content-type-options", b"nosniff"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
