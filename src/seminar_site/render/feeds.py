"""sitemap.xml, robots.txt and the Atom feed: the only outputs with absolute URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from seminar_site.model import Site


def escape(text: str) -> str:
    """XML text escape (xml.sax.saxutils would be imported on every build just for this)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    return '"' + escape(text).replace('"', "&quot;") + '"'


def sitemap(site: Site) -> bytes:
    base = site.config.base_url
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    if base:
        newest = max((r.modified or r.published for r in site.reports), default=None)
        lines.append(_url(base, newest.isoformat() if newest else None))
        for report in site.reports:
            lines.append(
                _url(base + report.url_path, (report.modified or report.published).isoformat())
            )
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _url(loc: str, lastmod: str | None) -> str:
    extra = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    return f"  <url><loc>{escape(loc)}</loc>{extra}</url>"


def robots_belongs(base_url: str) -> bool:
    """Crawlers read robots.txt only at a host's root: none is written for a site published
    under a sub-path (content/site_warnings.py warns instead)."""
    return urlsplit(base_url).path in ("", "/")


def robots(site: Site) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if site.config.base_url:
        lines.append(f"Sitemap: {site.config.base_url}sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")


def atom_feed(site: Site) -> bytes:
    config = site.config
    base = config.base_url
    offset = config.utc_offset
    newest = max((r.modified or r.published for r in site.reports), default=None)
    author = config.organiser.name if config.organiser else config.title
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <title>{escape(config.title)}</title>",
        f"  <id>{escape(base or 'urn:seminar-site:' + config.title)}</id>",
        f"  <updated>{newest.isoformat() if newest else '1970-01-01'}T00:00:00{offset}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
    ]
    if base:
        lines.append(f'  <link rel="self" href={quoteattr(base + "feed.xml")}/>')
        lines.append(f"  <link href={quoteattr(base)}/>")
    for report in site.reports:
        url = base + report.url_path if base else f"urn:seminar-site:{report.slug}"
        updated = (report.modified or report.published).isoformat()
        lines += [
            "  <entry>",
            f"    <title>{escape(report.title)}</title>",
            f"    <id>{escape(url)}</id>",
        ]
        if base:
            lines.append(f"    <link href={quoteattr(url)}/>")
        lines += [
            f"    <published>{report.published.isoformat()}T00:00:00{offset}</published>",
            f"    <updated>{updated}T00:00:00{offset}</updated>",
            f"    <summary>{escape(report.description)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
