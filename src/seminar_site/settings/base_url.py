"""The rule for the site's public address (``base_url`` in site.yaml, ``--base-url``): an
absolute http(s) URL with a host. Anything else would make canonical links such as
``www.example.jp/reports/reports/r1/``. Standard library only: the CLI checks the option
before a no-change build, which must not import YAML.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _

EXAMPLE = "https://www.example.jp/reports/"


def base_url_problem(url: str) -> tuple[Message, str] | None:
    """What is wrong with ``url`` as a base URL (the end of a sentence that names it: "is not
    a valid address") and the address to write instead, or None when it is fine (an empty
    value means "no base URL" and is fine too)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a bad port or bracketed host
        return _("is not a valid address"), EXAMPLE
    if any(char.isspace() for char in url):
        return _("must not contain spaces"), _suggest("".join(url.split()))
    if "://" not in url:
        full = "https://" + url.lstrip("/")
        return _("must be a full address starting with https:// or http://"), _suggest(full)
    if parts.scheme.lower() not in ("http", "https"):
        full = "https://" + url.split("://", 1)[1]
        problem = _("must start with https:// or http://, not {scheme}://", scheme=parts.scheme)
        return problem, _suggest(full)
    if not host:
        return _("has no host name after {scheme}://", scheme=parts.scheme), EXAMPLE
    if parts.query or parts.fragment:
        return _("must not have a ?query or #fragment"), _suggest(
            f"{parts.scheme}://{parts.netloc}{parts.path}"
        )
    return None


def _suggest(candidate: str) -> str:
    """``candidate`` ending in '/', when it is a usable address; else the example."""
    candidate = candidate if candidate.endswith("/") else candidate + "/"
    try:
        parts = urlsplit(candidate)
        host = parts.hostname or ""
    except ValueError:
        return EXAMPLE
    if "." not in host and host != "localhost":  # "https://reports/" is no better a guess
        return EXAMPLE
    return candidate


def check_base_url(url: str) -> str:
    """The ``--base-url`` option ending in '/' (empty stays empty), or a SiteError saying
    what to write."""
    problem = base_url_problem(url)
    if problem is not None:
        message, example = problem
        raise SiteError(
            _("--base-url '{url}' {problem}", url=url, problem=message),
            hint=_("write the full address, e.g. {example}", example=example),
        )
    return url if not url or url.endswith("/") else url + "/"
