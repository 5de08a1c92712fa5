"""``seminar-site export SLUG --format fragment|pdf|zip``: one report handed off without a
web server. Like ``build``: everything is read and checked first, then the export is
written beside its place and renamed over it (export/output.py); errors are SiteErrors,
which the CLI prints located, with exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from seminar_site import i18n
from seminar_site.errors import SiteError, warning_line
from seminar_site.export.load import ExportInput, load_export, write_tree
from seminar_site.export.options import asset_url, export_out
from seminar_site.export.output import publish
from seminar_site.i18n import Message, _, render
from seminar_site.render.media import size_text


def run_export(args: argparse.Namespace) -> int:
    root: Path = args.root
    out = export_out(args.out, root, args.slug, args.format)
    # Both checked before anything is read.
    args = argparse.Namespace(**{**vars(args), "asset_url": asset_url(args.asset_url)})
    export = load_export(
        root,
        args.slug,
        base_url=args.base_url,
        strict=args.strict,
        workers=args.jobs,
        in_place=args.format == "pdf",  # its links become the site's addresses
    )
    for warning in export.warnings:
        print(render(warning_line(warning, root)), file=sys.stderr)
    formats = {"fragment": _fragment, "zip": _zip, "pdf": _pdf}
    for line in formats[args.format](export, out, args):
        print(render(line))
    return 0


def _fragment(export: ExportInput, out: Path, args: argparse.Namespace) -> list[Message]:
    from seminar_site.export.fragment import FragmentOptions, make_fragment

    options = FragmentOptions(heading_level=args.heading_level, asset_url=args.asset_url)
    fragment = make_fragment(export, options)
    publish(out, export.root, lambda temp: write_tree(temp, fragment.files), folder=True)
    return [
        _(
            "wrote the CMS fragment of {slug} into {out}: report.html ({headings} headings "
            "from h{level}), {images} image(s) in images/, {files} file(s) in files/, and "
            "report.txt with the alt texts and a checklist",
            slug=export.report.slug,
            out=out,
            headings=fragment.headings,
            level=options.heading_level,
            images=len(fragment.pictures),
            files=len(fragment.materials),
        )
    ]


def _zip(export: ExportInput, out: Path, args: argparse.Namespace) -> list[Message]:
    from seminar_site.export.archive import is_windows_safe, write_zip, zip_tree

    tree = zip_tree(export)
    for name in tree:
        if not is_windows_safe(name):
            raise SiteError(
                _("'{name}' is a file name that Windows refuses or a path too long", name=name),
                hint=_("rename the file in static/ or content/ (letters, digits, - and _)"),
            )
    published = export.report.published
    date = (published.year, published.month, published.day)
    summaries = []
    publish(
        out, export.root, lambda temp: summaries.append(write_zip(tree, temp, date)), folder=False
    )
    summary = summaries[0]
    page = export.report.slug + "/index.html"
    return [
        _(
            "wrote {out}: {entries} files, {size}; unzip it and open {page}",
            out=out,
            entries=summary.entries,
            size=size_text(summary.size, i18n.current()),
            page=page,
        )
    ]


def _pdf(export: ExportInput, out: Path, args: argparse.Namespace) -> list[Message]:
    from seminar_site.export.pdf import export_pdf

    lines: list[Message] = []
    publish(out, export.root, lambda temp: lines.extend(export_pdf(export, temp)), folder=False)
    size = size_text(out.stat().st_size, i18n.current())
    return [_("wrote {out} ({size})", out=out, size=size), *lines]
