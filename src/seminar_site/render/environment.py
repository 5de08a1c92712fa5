"""The Jinja environment of one site and its settings: made once, then only read.

Autoescape and StrictUndefined always; the site's ``templates/`` first, then the default
theme. The settings the templates show everywhere (``site``, ``labels``, ``lang``) and the
date and count filters are fixed here, so that renderers with different inputs (the early
text-only pages and the pages with photos) share one environment without changing it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from seminar_site.content import dates
from seminar_site.render.compiled import OPTIONS, CompiledTemplates
from seminar_site.render.labels import (
    applications_count,
    labels_for,
    participants_part,
    people_count,
    shown_format,
)
from seminar_site.render.media import LABELS as MEDIA_LABELS
from seminar_site.render.media import media_functions
from seminar_site.render.theme import template_dirs
from seminar_site.settings.config import SiteConfig


def make_environment(
    root: Path, config: SiteConfig, bytecode_cache: Path | None = None, read_only: bool = False
) -> jinja2.Environment:
    """``bytecode_cache``: a folder for compiled templates, reused by the next build.
    ``read_only``: use what earlier builds compiled there, and write nothing (``check``);
    Jinja compares each entry's source checksum, so an edited template is compiled again.
    Where that folder has no template, the ones the wheel ships compiled are used
    (:mod:`seminar_site.render.compiled`), for a cold build too."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in template_dirs(root)]),
        undefined=jinja2.StrictUndefined,
        **OPTIONS,
    )
    if bytecode_cache is not None and not read_only:
        bytecode_cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = CompiledTemplates(bytecode_cache, write=not read_only)
    lang = config.language
    env.globals.update(
        site=config,
        labels=labels_for(lang),
        lang=lang,
        participants_part=lambda label, n: participants_part(label, n, lang),
        shown_format=lambda event: shown_format(event, lang),
    )
    filters = site_filters(config)
    env.filters.update({name: _never_folded(func) for name, func in filters.items()})
    env.globals["media_labels"] = MEDIA_LABELS[lang]
    return env


def site_filters(config: SiteConfig) -> dict[str, Callable[..., Any]]:
    """The templates' date, count and media filters in the site's language and date style,
    as plain functions (the environment holds them as filters Jinja never folds)."""
    lang, style = config.language, config.date_style
    return {
        "date_long": lambda d: dates.format_date(d, lang, style),
        "date_md": lambda d: dates.format_month_day(d, lang),
        "date_full": lambda d: _overview_day(d, lang, style),
        "iso": dates.iso_date,
        "people": lambda n, approximate=False: people_count(n, lang, approximate),
        "applications": lambda n: applications_count(n, lang),
        "from_folder": from_folder,
        "latin": lambda text: latin_words(text, lang),
        **media_functions(lang),
    }


# A run of Latin words ("Day1", "Atom", "Open Data"): starts with a letter, so that numbers
# and times are left as they are.
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[ .'&-][A-Za-z0-9]+)*")


def latin_words(text: str, lang: str) -> Markup:
    """``text`` escaped, its runs of Latin words marked ``lang="en"`` on a Japanese page
    (R1: a screen reader reads 「Day1」 with English rules, not as Japanese letters)."""
    if lang != "ja":
        return escape(text)
    parts, at = [], 0
    for match in _LATIN.finditer(text):
        parts += [escape(text[at : match.start()]), Markup('<span lang="en">%s</span>') % match[0]]
        at = match.end()
    parts.append(escape(text[at:]))
    return Markup("").join(parts)


_RELATIVE = re.compile(r'(\s(?:href|src)=")(?![A-Za-z][A-Za-z0-9+.\-]*:|/)([^"]*)"')


def from_folder(html: str, folder: str) -> str:
    """An HTML fragment written for the page in ``folder`` (``reports/r1/``), with its
    relative links and images made to work from the site's top (a report's lead on the
    index page: ``files/day1.pdf`` → ``reports/r1/files/day1.pdf``)."""
    if 'href="' not in html and 'src="' not in html:
        return html
    return _RELATIVE.sub(lambda m: f'{m[1]}{folder}{m[2]}"', html)


def _never_folded(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` as a filter that Jinja calls at render time only. Jinja folds a filter of a
    constant into the compiled template (``{{ 3|people }}`` becomes 「3名」), and these follow
    the site's language and date style: folded, the compiled code kept in
    ``.seminar-cache/jinja`` (or shipped in the wheel) would keep the language it was first
    compiled for. A filter that asks for the render context is never folded."""

    @jinja2.pass_context
    def at_render_time(_context: Any, *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return at_render_time


def _overview_day(day: dt.date, lang: str, style: str) -> str:
    """A day in the 開催概要 list: the year, with the weekday as the headings write it
    (ja "2021年1月22日(金)", en "Fri, January 22, 2021")."""
    if lang == "en":
        return f"{dates.weekday(day, 'en')}, {dates.format_date(day, 'en')}"
    return f"{dates.format_date(day, 'ja', style)}({dates.weekday(day, 'ja')})"
