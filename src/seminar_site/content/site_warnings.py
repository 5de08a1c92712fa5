"""Warnings about the site as a whole, made once per run by the loader (build, check, serve):
no ``base_url`` (so no sitemap or feed links), a ``base_url`` under a sub-path (so no
robots.txt), and scaffold placeholders in site.yaml."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from seminar_site.content.placeholders import placeholders_in
from seminar_site.errors import SiteError
from seminar_site.i18n import _
from seminar_site.settings.config import SITE_FILE, SiteConfig
from seminar_site.settings.textfile import read_text, text_position
from seminar_site.settings.yaml_comments import SUSPECT
from seminar_site.settings.yamlsource import parse_yaml

# The scaffold's site.yaml has the key commented out: the warning points at that line.
_COMMENTED_BASE_URL = re.compile(r"^[ \t]*#[ \t]*(base_url)[ \t]*:", re.MULTILINE)
_BASE_URL = re.compile(r"^(base_url)[ \t]*:", re.MULTILINE)


def site_warnings(root: Path, config: SiteConfig) -> list[SiteError]:
    path = root / SITE_FILE
    found = [*placeholders_in([path]), *_cut_off_comments(path)] if path.is_file() else []
    if not config.base_url:
        found.append(no_base_url(path))
    elif urlsplit(config.base_url).path not in ("", "/"):
        found.append(no_robots_txt(path, config.base_url))
    return found


def _cut_off_comments(path: Path) -> list[SiteError]:
    """The values of site.yaml that a ' #' cut short (as report.yaml's are, when loaded)."""
    try:
        if not SUSPECT.search(read_text(path)):
            return []
        found: list[SiteError] = []
        parse_yaml(path, warnings=found)
    except SiteError:
        return []  # load_config has reported it
    return found


def key_at(path: Path, pattern: re.Pattern[str]) -> tuple[int | None, int | None]:
    """Line and column of the key ``pattern`` finds in the file (its group 1), if any."""
    try:
        text = read_text(path)
    except SiteError:
        return None, None
    key = pattern.search(text)
    return text_position(text, key.start(1)) if key is not None else (None, None)


def no_robots_txt(path: Path, base_url: str) -> SiteError:
    """Crawlers read robots.txt only at the host's root, so a site under a sub-path gets
    none (render/feeds.py): say so once, where base_url is set."""
    line, col = key_at(path, _BASE_URL)
    parts = urlsplit(base_url)
    host_robots = f"{parts.scheme}://{parts.netloc}/robots.txt"
    return SiteError(
        _(
            "robots.txt is not written: the site is under the sub-path {path}, and crawlers "
            "read robots.txt only at {root}",
            path=parts.path,
            root=host_robots,
        ),
        path,
        line,
        col,
        hint=_(
            "ask whoever runs {host} to add 'Sitemap: {sitemap}' to its robots.txt",
            host=parts.netloc,
            sitemap=base_url + "sitemap.xml",
        ),
    )


def no_base_url(path: Path) -> SiteError:
    """One warning per run (not per page): without the site's public address there is no
    sitemap to submit and the feed cannot link to the reports."""
    line, col = key_at(path, _COMMENTED_BASE_URL)
    return SiteError(
        _("no 'base_url' is set: sitemap.xml lists no pages and feed.xml has no links"),
        path,
        line,
        col,
        hint=_(
            "add 'base_url: https://…/' (the site's public address) to content/site.yaml, "
            "or pass --base-url"
        ),
    )
