"""The keys of a material (a file to download or a link) and of a recording (a video).

Kept apart from ``shapes`` so that the report's shapes there stay short; ``shapes`` puts
them in the session and the report.
"""

from __future__ import annotations

from seminar_site.i18n import N_
from seminar_site.settings.schema import Field, Shape

MATERIAL = Shape(
    N_("material"),
    N_("a file to download or a link"),
    (
        Field(
            "label",
            "str",
            N_("What the file is, e.g. 講演資料 (format, size and pages are added)."),
            required=True,
        ),
        Field(
            "file",
            "path",
            N_("PDF, PPTX, XLSX or DOCX file beside report.yaml (copied into the site)."),
        ),
        Field("url", "url", N_("Address of a material published elsewhere (instead of 'file').")),
    ),
    exclusive=(("file", "url"),),
)

RECORDING = Shape(
    N_("recording"),
    N_("a video recording"),
    (
        Field(
            "url",
            "url",
            N_("YouTube or Vimeo address of the video, e.g. https://youtu.be/…"),
            required=True,
        ),
        Field(
            "title",
            "str",
            N_("Title of the video: it names the play button."),
            required=True,
        ),
        Field("captions", "bool", N_("The video has captions (字幕); they are switched on.")),
        Field("transcript", "text", N_("Transcript as Markdown, shown in a collapsed section.")),
    ),
)
