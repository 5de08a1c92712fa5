"""The context of each page, rendered with the site's environment (render/environment.py).
Returns pages in memory; writing them is the output stage's job."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from seminar_site.errors import SiteError
from seminar_site.model import Photo, Report, Site, Speaker
from seminar_site.photos.plan import PhotoResult, Rendition, photo_path
from seminar_site.render.structured_data import report_graph
from seminar_site.render.templates import INDEX_TEMPLATE, NOT_FOUND_TEMPLATE, REPORT_TEMPLATE
from seminar_site.render.theme import Assets
from seminar_site.settings.config import SiteConfig


@dataclass(frozen=True)
class RenderInputs:
    """Everything a page may show besides its reports: the settings, the published assets and
    the photo renditions (a report without photos needs none, so it can be rendered as soon
    as it is loaded)."""

    config: SiteConfig
    assets: Assets
    photos: Mapping[Path, PhotoResult]
    reload_script: str = ""  # set by `serve` only; never in `build` output


class Renderer:
    """Renders the pages of one site: the report pages, the index and the 404 page."""

    def __init__(self, env: jinja2.Environment, inputs: RenderInputs) -> None:
        """``env`` from :func:`~seminar_site.render.environment.make_environment` for the same
        settings; it is only read, so renderers with different inputs can share it."""
        self.env = env
        self.inputs = inputs
        self.config = inputs.config

    def _render(
        self, template: str, page_path: str, root: str | None = None, **context: Any
    ) -> bytes:
        if root is None:
            root = "../" * page_path.count("/")
        try:
            html = self.env.get_template(template).render(
                root=root,
                page_path=page_path,
                asset=lambda name: root + self.inputs.assets.url(name),
                canonical=self.config.base_url + _pretty(page_path) if self.config.base_url else "",
                **context,
            )
        except jinja2.TemplateSyntaxError as exc:
            raise SiteError(
                f"template syntax error: {exc.message}", exc.filename or template, exc.lineno
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise SiteError(f"template not found: {exc.name}", template) from None
        except jinja2.UndefinedError as exc:
            raise SiteError(f"template uses an undefined value: {exc.message}", template) from None
        if self.inputs.reload_script:
            html = html.replace("</body>", self.inputs.reload_script + "</body>", 1)
        return html.encode("utf-8")

    def report_page(self, report: Report) -> bytes:
        page_path = report.url_path + "index.html"
        root = "../" * page_path.count("/")
        galleries = {
            day.number: [self._photo_item(photo, root) for photo in day.photos]
            for day in report.days
        }
        social = self._social(report)
        graph = report_graph(report, self.config, self._absolute(report.url_path), social)
        return self._render(
            REPORT_TEMPLATE,
            page_path,
            report=report,
            galleries=galleries,
            social=social,
            speaker_line=self._speaker_line,
            json_ld=_json_script(graph),
            time_value=lambda day, hhmm: f"{day.isoformat()}T{hhmm}{self.config.utc_offset}",
        )

    def index_page(self, site: Site) -> bytes:
        reports = site.reports
        thumbs = {report.slug: self._thumbnail(report) for report in reports}
        return self._render(INDEX_TEMPLATE, "index.html", reports=reports, thumbs=thumbs)

    def not_found_page(self) -> bytes:
        # Servers show 404.html at any depth, so relative links cannot work there: use the
        # site's absolute path when base_url gives one. The preview (the only build with a
        # reload script) serves the site at "/".
        if self.inputs.reload_script:
            root = "/"
        else:
            root = urlsplit(self.config.base_url).path if self.config.base_url else ""
        return self._render(NOT_FOUND_TEMPLATE, "404.html", root=root)

    # --- pieces -----------------------------------------------------------------------

    def _absolute(self, path: str) -> str:
        return self.config.base_url + path if self.config.base_url else ""

    def _speaker_line(self, speakers: tuple[Speaker, ...]) -> list[dict[str, Any]]:
        """Speakers as parts; an organisation repeated from the previous speaker is left out."""
        parts: list[dict[str, Any]] = []
        previous_org = ""
        for speaker in speakers:
            affiliations = []
            for index, affiliation in enumerate(speaker.affiliations):
                organisation = affiliation.organisation
                if index == 0 and organisation and organisation == previous_org:
                    organisation = ""
                affiliations.append(
                    {"org": organisation, "dept": affiliation.department, "role": affiliation.role}
                )
            if speaker.affiliations:
                previous_org = speaker.affiliations[0].organisation
            parts.append(
                {"affiliations": affiliations, "name": speaker.name, "honorific": speaker.honorific}
            )
        return parts

    def _photo_item(self, photo: Photo, root: str) -> dict[str, Any]:
        result = self.inputs.photos[photo.source]

        def srcset(kind: str) -> str:
            return ", ".join(
                f"{root}{photo_path(r.filename)} {r.width}w"
                for r in result.renditions
                if r.format == kind
            )

        jpegs = [r for r in result.renditions if r.format == "jpeg"]
        largest = max(jpegs, key=lambda r: r.width)
        # The in-page image: the middle JPEG rendition (good for a 2-column grid).
        shown = jpegs[min(1, len(jpegs) - 1)]
        return {
            "alt": photo.alt,
            "caption": photo.caption,
            "credit": photo.credit,
            "width": shown.width,
            "height": shown.height,
            "src": f"{root}{photo_path(shown.filename)}",
            "srcset_jpeg": srcset("jpeg"),
            "srcset_webp": srcset("webp"),
            "srcset_avif": srcset("avif"),
            "large": f"{root}{photo_path(largest.filename)}",
            "large_width": largest.width,
            "large_height": largest.height,
        }

    def _social(self, report: Report) -> dict[str, Any] | None:
        if report.social_image is None:
            return None
        result = self.inputs.photos.get(report.social_image.source)
        if result is None or result.social is None:
            return None
        card: Rendition = result.social
        relative = photo_path(card.filename)
        absolute = self._absolute(relative)
        return {
            "url": f"{absolute}?v={result.source_hash[:8]}" if absolute else "",
            "width": card.width,
            "height": card.height,
            "alt": report.social_image.alt or report.title,
        }

    def _thumbnail(self, report: Report) -> dict[str, Any] | None:
        photo = report.social_image
        if photo is None:
            return None
        result = self.inputs.photos.get(photo.source)
        if result is None or not result.thumbnail:
            return None
        by_format = {r.format: r for r in result.thumbnail}
        jpeg = by_format.get("jpeg") or result.thumbnail[0]
        webp = by_format.get("webp")
        return {
            "src": photo_path(jpeg.filename),
            "webp": photo_path(webp.filename) if webp else "",
            "width": jpeg.width,
            "height": jpeg.height,
        }


def _pretty(page_path: str) -> str:
    return page_path[: -len("index.html")] if page_path.endswith("index.html") else page_path


def _json_script(data: Any) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
