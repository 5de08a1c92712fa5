"""``report.txt``: what the person pasting the fragment into the CMS needs beside it — the
page title, the steps as a checklist, each image's alt text and caption, the materials.

Written in the site's language (a Japanese site gets Japanese notes, whatever the
command's own language), from the same values the fragment was made of.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from seminar_site.i18n import _, render

if TYPE_CHECKING:
    from seminar_site.export.fragment import FragmentOptions, Picture
    from seminar_site.export.load import ExportInput


def checklist(
    export: ExportInput,
    options: FragmentOptions,
    pictures: Sequence[Picture],
    materials: Sequence[tuple[str, str]],
    asset: Callable[[str], str],
) -> str:
    lang = export.config.language
    report = export.report
    lines = [
        _("Hand-off notes for pasting the report into a CMS"),
        "",
        _("Page title (type it into the CMS's title field): {title}", title=report.title),
        _(
            "The headings of report.html start at h{level} (change it with --heading-level).",
            level=options.heading_level,
        ),
        "",
        _("Checklist"),
    ]
    steps = [
        _(
            "Upload the {photos} photo(s) in images/ and the {files} file(s) in files/ to the CMS.",
            photos=len(pictures),
            files=len(materials),
        )
    ]
    if options.asset_url:
        steps.append(
            _("Check that the uploaded files are at {url} (report.html links to them there).",
              url=options.asset_url)
        )  # fmt: skip
    else:
        steps.append(
            _(
                "After uploading, replace each image and link address with the CMS's one "
                "(or export again with --asset-url and the upload folder's address)."
            )
        )
    steps += [
        _(
            "Open report.html in a browser, select all (Ctrl+A), copy, and paste into the "
            "CMS's body field (or paste the file's text in the editor's HTML source view)."
        ),
        _("In the CMS's preview, check that every photo shows and has the alt text listed below."),
        _("Check that the table's header cells are still header cells."),
        _("Open each material link once and check that the file downloads."),
        _("Check that the headings follow each other without skipping a level."),
    ]
    lines += [f"[ ] {index}. {render(step, lang)}" for index, step in enumerate(steps, 1)]
    lines += ["", _("Photos and their alt texts ({count})", count=len(pictures))]
    for picture in pictures:
        lines += [
            "",
            f"{picture.path}  ({picture.width}×{picture.height})"
            + (f"  → {asset(picture.path)}" if options.asset_url else ""),
            _("  alt text: {alt}", alt=picture.alt or "-"),
        ]
        if picture.caption:
            lines.append(_("  caption: {caption}", caption=picture.caption))
    if materials:
        lines += ["", _("Materials ({count})", count=len(materials))]
        lines += [f"{path}  {text}" for path, text in materials]
    return "\r\n".join(render(line, lang) for line in lines) + "\r\n"
