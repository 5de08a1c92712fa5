"""The site's share image (site.yaml ``social_image``) and the reports left without one.

The sharing card (og:image, 1200×630) of a report is made from its ``social_image`` or its
first photo; a report with neither (a panel without photos) and the list of reports take
the site's image, so that LINE or Facebook show a picture for every page. Looked for on
every run (a stat, and site.yaml's text for the key's line), as site.yaml is read; ``check``
warns about each report that still has none.
"""

from __future__ import annotations

import re
from pathlib import Path

from seminar_site.content.paths import require_file
from seminar_site.content.site_warnings import key_at
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.i18n import _
from seminar_site.model import Location, Photo, Site
from seminar_site.settings.config import SITE_FILE, SiteConfig
from seminar_site.settings.renditions import IMAGE_SUFFIXES
from seminar_site.settings.schema import Checked

KEY = "social_image"
_KEY = re.compile(r"^(social_image)[ \t]*:", re.MULTILINE)
_TITLE = re.compile(r"^(title)[ \t]*:", re.MULTILINE)


def site_image(root: Path, config: SiteConfig, errors: ErrorCollector) -> Photo | None:
    """The site's share image as a photo located at its key in site.yaml (its alt text is
    ``social_image_alt``, else the site name), or None; a missing file or one that is not
    an image is an error there, as a report's ``social_image`` is."""
    if not config.social_image:
        return None
    path = root / SITE_FILE
    line, col = key_at(path, _KEY)
    data = Checked(path, line or 1, col or 1)
    data[KEY] = config.social_image
    data.marks[KEY] = (data.line, data.col)
    content = (root / SITE_FILE).parent.resolve()
    try:
        source = require_file(data, KEY, content, content, _("share image"))
    except SiteError as error:
        errors.add(error)
        return None
    if source.suffix.lower() not in IMAGE_SUFFIXES:
        message = _(
            "the share image '{path}' is not a photo file (JPEG, PNG, WebP, TIFF or HEIC)",
            path=config.social_image,
        )
        hint = _("save it as a PNG or JPEG of 1200×630 pixels and write that file's name here")
        errors.add(data.error(KEY, message, hint=hint))
        return None
    alt = config.social_image_alt or config.title
    return Photo(source, alt, "", "", "", Location(path, data.line, data.col))


def reports_without_share_image(site: Site) -> list[SiteError]:
    """A warning at each report whose page gets no sharing card: no ``social_image``, no
    photo, and none in site.yaml. Only with a ``base_url``: without one no page has a card
    (og:image must be absolute), which the loader's own warning says."""
    if not site.config.base_url or site.social_image is not None:
        return []
    found: list[SiteError] = []
    for report in site.reports:
        if report.social_image is not None:
            continue
        path = report.source_dir / "report.yaml"
        line, col = key_at(path, _TITLE)
        message = _(
            "the report has no photo and no 'social_image': LINE and Facebook show its "
            "page without a picture"
        )
        hint = _(
            "add 'social_image: share.jpg' to report.yaml (a JPEG or PNG of 1200×630 pixels "
            "in the report folder), or 'social_image: images/share.png' to content/site.yaml "
            "for every page without a photo"
        )
        found.append(SiteError(message, path, line, col, hint=hint))
    return found
