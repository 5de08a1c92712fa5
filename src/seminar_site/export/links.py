"""The links of a printed copy (the PDF): the site's public addresses, or none.

The PDF is printed from a temporary folder, so Chromium would write every relative link as
``file:///tmp/seminar-pdf-…/materials/…``: dead once the PDF is mailed, and a local path
shown to its readers. The page is rendered where the site has it (export/load.py's
``in_place``), so each relative link, resolved against the page's public address
(base_url), is the address the published site has for it; without base_url there is no
such address, and the link keeps only its text.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

# A start tag of a link, attribute values quoted either way (a '>' inside them is text).
_ANCHOR = re.compile(r"""<a\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_PUBLIC = ("http:", "https:", "mailto:", "tel:")


def public_links(page: str, page_path: str, base_url: str) -> str:
    """``page`` (published at ``page_path`` under ``base_url``) with every link an address a
    reader of the PDF can follow: web, mail and phone links as they are, links within the
    page (``#id``) as they are (Chromium makes them links inside the PDF), relative links
    made absolute with base_url, or, without it, left without an address (text kept)."""
    page_url = urljoin(base_url, page_path) if base_url else ""

    def anchor(match: re.Match[str]) -> str:
        tag = match[0]
        found = _HREF.search(tag)
        if found is None:
            return tag
        href = html.unescape(found[1] if found[1] is not None else found[2])
        address = public_address(href, page_url)
        if address == href:
            return tag
        start, end = found.span()
        if address is None:
            return tag[:start] + tag[end:]
        return f'{tag[:start]} href="{html.escape(address)}"{tag[end:]}'

    return _ANCHOR.sub(anchor, page)


def public_address(href: str, page_url: str) -> str | None:
    """Where ``href``, written on the page published at ``page_url``, leads for a reader of
    a copy of the page elsewhere; None when nowhere (a relative link without base_url, a
    ``file:`` or ``javascript:`` address)."""
    stripped = href.strip()
    if stripped.startswith("#") or stripped.lower().startswith(_PUBLIC):
        return href
    if _SCHEME.match(stripped) or not page_url:
        return None
    return urljoin(page_url, stripped)
