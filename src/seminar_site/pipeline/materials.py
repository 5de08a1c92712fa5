"""The material files to publish: each under its content-addressed name, once.

A file already in the output with the same bytes (its digest is the sha256 the loader
took) is carried over; another is read and written as bytes, never hard-linked, so that
an edit in the output can never reach the author's file in content/.
"""

from __future__ import annotations

from collections.abc import Mapping

from seminar_site.content.markdown_images import published_image
from seminar_site.model import Material, Site
from seminar_site.output.files import Carried, FileSource


def site_materials(site: Site) -> list[Material]:
    """Every material file of the site's reports and sessions (links have no file), the
    files their texts link to, and the recordings' fetched posters."""
    found = [material for report in site.reports for material in report.all_materials()]
    found += [material for report in site.reports for material in report.attachments]
    found += [r.poster for report in site.reports for r in report.recordings() if r.poster]
    return [material for material in found if material.source is not None]


def site_images(site: Site) -> list[Material]:
    """The images the reports' texts show: each published as a clean copy, not as its file."""
    return [image for report in site.reports for image in report.images]


def image_files(site: Site, published: Mapping[str, str]) -> dict[str, FileSource]:
    """Output path → the clean copy of each image the texts show (made again only when the
    output does not have it: the same source gives the same bytes)."""
    files: dict[str, FileSource] = {}
    for image in site_images(site):
        if image.published in files:
            continue
        if published.get(image.published) == image.digest:
            files[image.published] = Carried(image.digest)
        else:
            assert image.source is not None
            files[image.published] = published_image(image.source)[0]
    return files


def material_files(site: Site, published: Mapping[str, str]) -> dict[str, FileSource]:
    """Output path → source; ``published``: output path → digest of the file there now.
    With the images the texts show (:func:`image_files`)."""
    files: dict[str, FileSource] = image_files(site, published)
    for material in site_materials(site):
        path = material.published
        if path in files:
            continue  # the same bytes under the same name: one file
        if published.get(path) == material.digest:
            files[path] = Carried(material.digest)
        else:
            assert material.source is not None
            files[path] = material.source.read_bytes()
    return files
