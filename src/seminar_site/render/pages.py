"""The context of each page, rendered with the site's environment (render/environment.py).
Returns pages in memory; writing them is the output stage's job."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from seminar_site.content.language_check import written_language
from seminar_site.errors import SiteError
from seminar_site.i18n import _
from seminar_site.model import Photo, Report, Site, Speaker
from seminar_site.photos.plan import PhotoResult, Rendition, photo_path
from seminar_site.render.gallery import gallery_sizes, row_layout
from seminar_site.render.keep_whole import KeepWhole
from seminar_site.render.labels import role_key, role_label
from seminar_site.render.structured_data import clock, report_graph
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
    share_image: Photo | None = None  # Site.social_image: the card of pages without their own


class Renderer:
    """Renders the pages of one site: the report pages, the index and the 404 page."""

    def __init__(self, env: jinja2.Environment, inputs: RenderInputs) -> None:
        """``env`` from :func:`~seminar_site.render.environment.make_environment` for the same
        settings; it is only read, so renderers with different inputs can share it."""
        self.env = env
        self.inputs = inputs
        self.config = inputs.config

    def _render(
        self,
        template: str,
        page_path: str,
        root: str | None = None,
        canonical_path: str = "",
        home: str | None = None,
        **context: Any,
    ) -> bytes:
        if root is None:
            root = "../" * page_path.count("/")
        try:
            html = self.env.get_template(template).render(
                root=root,
                page_path=page_path,
                home=root + "index.html" if home is None else home,
                asset=lambda name: root + self.inputs.assets.url(name),
                canonical=self.config.base_url + _pretty(canonical_path or page_path)
                if self.config.base_url
                else "",
                **context,
            )
        except jinja2.TemplateSyntaxError as exc:
            message = _("template syntax error: {detail}", detail=exc.message)
            raise SiteError(message, exc.filename or template, exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise SiteError(_("template not found: {name}", name=exc.name), template) from None
        except jinja2.UndefinedError as exc:
            message = _("template uses an undefined value: {detail}", detail=exc.message)
            raise SiteError(message, template) from None
        if self.inputs.reload_script:
            html = html.replace("</body>", self.inputs.reload_script + "</body>", 1)
        return html.encode("utf-8")

    def report_page(self, report: Report, page_path: str = "", home: str | None = None) -> bytes:
        """``page_path``: where the page goes (export puts it at the top of its tree);
        ``home``: where its links to the list of reports lead (default: the site's
        ``index.html``; ``""``: the page has none, and leaves those links out)."""
        page_path = page_path or report.url_path + "index.html"
        root = "../" * page_path.count("/")
        # The report's own text, marked when it is not in the page's language (an English
        # site's report written in Japanese): screen readers then read it with a Japanese
        # voice, and Chromium breaks its lines as Japanese.
        written = written_language(report, self.config.language)
        text_lang = written if written != self.config.language else ""
        galleries = {
            day.number: _with_sizes(
                [self._photo_item(photo, root) | {"lang": text_lang} for photo in day.photos]
            )
            for day in report.days
        }
        social = self._social(report)
        names = (s.name for d in report.days for session in d.sessions for s in session.speakers)
        whole = KeepWhole(names, written)
        graph = report_graph(report, self.config, self._absolute(report.url_path), social, written)
        return self._render(
            REPORT_TEMPLATE,
            page_path,
            canonical_path=report.url_path,
            home=home,
            report=report,
            galleries=galleries,
            social=social,
            speaker_line=self._speaker_line,
            speaker_groups=self._speaker_groups,
            json_ld=_json_script(graph),
            time_value=self._time_value,
            keep_whole=whole.html,
            keep_whole_text=whole.text,
            text_lang=Markup(f' lang="{text_lang}"') if text_lang else "",
        )

    def index_page(self, site: Site) -> bytes:
        """The list of reports; its sharing card is the site's share image, else the newest
        report's own card."""
        reports = site.reports
        thumbs = {report.slug: self._thumbnail(report) for report in reports}
        social = self._card(self.inputs.share_image, self.config.title) or next(
            (card for r in reports if (card := self._card(r.social_image, r.title))), None
        )
        return self._render(
            INDEX_TEMPLATE, "index.html", reports=reports, thumbs=thumbs, social=social
        )

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

    def _time_value(self, day: dt.date, hhmm: str) -> str:
        """A ``<time datetime>`` for a time of ``day``: 2025-11-08T09:30+09:00 (the hour
        always two digits, as the format wants, whether 9:30 or 09:30 was written)."""
        return f"{day.isoformat()}T{clock(hhmm)}{self.config.utc_offset}"

    def _speaker_groups(self, speakers: tuple[Speaker, ...]) -> list[dict[str, Any]]:
        """Speakers grouped by session role, in order of each role's first speaker
        (「モデレーター：…」「パネリスト：…」); one group without a role when none has one."""
        groups: dict[str, list[Speaker]] = {}
        for speaker in speakers:
            key = role_key(speaker.session_role) or speaker.session_role
            groups.setdefault(key, []).append(speaker)
        lang = self.config.language
        return [
            {
                "role": role_label(members[0].session_role, lang, many=len(members) > 1),
                "key": role_key(members[0].session_role),
                "people": self._speaker_line(tuple(members)),
            }
            for members in groups.values()
        ]

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
                f"{root}{photo_path(r.filename)} {r.width}w" for r in result.in_format(kind)
            )

        largest = result.largest()
        shown = result.fallback()  # the <img>'s own file: JPEG, read by every browser
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
            **row_layout(largest.width, largest.height),
        }

    def _social(self, report: Report) -> dict[str, Any] | None:
        """The report's sharing card: of its ``social_image`` or first photo, else of the
        site's share image (content/site_image.py)."""
        if report.social_image is not None:
            return self._card(report.social_image, report.title)
        return self._card(self.inputs.share_image, self.config.title)

    def _card(self, photo: Photo | None, default_alt: str) -> dict[str, Any] | None:
        """og:image of ``photo``'s 1200×630 card, its URL versioned by the photo's bytes
        (LINE and Facebook keep a preview until the URL changes); None without a card."""
        result = self.inputs.photos.get(photo.source) if photo is not None else None
        if photo is None or result is None or result.social is None:
            return None
        card: Rendition = result.social
        absolute = self._absolute(photo_path(card.filename))
        return {
            "url": f"{absolute}?v={result.source_hash[:8]}" if absolute else "",
            "width": card.width,
            "height": card.height,
            "alt": photo.alt or default_alt,
        }

    def _thumbnail(self, report: Report) -> dict[str, Any] | None:
        """The index card's picture: the social image's own renditions (no extra file)."""
        photo = report.social_image
        if photo is None:
            return None
        result = self.inputs.photos.get(photo.source)
        if result is None or not result.renditions:
            return None
        jpeg = result.fallback()
        webp = result.in_format("webp")
        return {
            "src": photo_path(jpeg.filename),
            "webp": ", ".join(f"{photo_path(r.filename)} {r.width}w" for r in webp),
            "width": jpeg.width,
            "height": jpeg.height,
        }


def _with_sizes(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each photo of one gallery with the ``sizes`` of the widths its rows draw it at."""
    shapes = [(float(item["ratio"]), int(item["max_width"])) for item in items]
    sizes = gallery_sizes(shapes)
    return [item | {"sizes": value} for item, value in zip(items, sizes, strict=True)]


def _pretty(page_path: str) -> str:
    return page_path[: -len("index.html")] if page_path.endswith("index.html") else page_path


def _json_script(data: Any) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
