"""A session's kind as the page shows it: the theme writes it in 【】 (``Session.label``), so
brackets typed around it (``kind: 【講演】``, which would show 【【講演】】) are taken off, with
a warning that says what to write. build, check and serve read it here alike."""

from __future__ import annotations

from seminar_site.errors import SiteError
from seminar_site.i18n import _
from seminar_site.settings.schema import Checked

#: Brackets an author may type around a kind (full-width and half-width).
BRACKETS = "【】[]［］〔〕"


def bare_kind(kind: str) -> str:
    """``【講演】`` → ``講演`` (spaces and brackets around it taken off)."""
    return kind.strip().strip(BRACKETS + " \u3000").strip()


def session_kind(data: Checked, warnings: list[SiteError]) -> str:
    """The session's ``kind`` without brackets around it; a warning at the key if it had."""
    kind: str = data.get("kind", "")
    bare = bare_kind(kind)
    if bare != kind.strip():
        message = _("the session kind '{kind}' gets its 【】 on the page already", kind=kind)
        warnings.append(data.error("kind", message, hint=_("write kind: {bare}", bare=bare)))
    return bare
