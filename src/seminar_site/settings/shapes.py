"""The keys of site.yaml and report.yaml: names, types and one line of documentation each."""

from __future__ import annotations

from seminar_site.settings.schema import Field, Shape

LINK = Shape(
    "link",
    "a link with a label",
    (
        Field("label", "str", "Text of the link (default サイトへ戻る / Back to site)."),
        Field("url", "url", "Where it goes (absolute URL); default: the site's report index."),
    ),
)

ORGANISATION = Shape(
    "organiser",
    "an organisation",
    (
        Field("name", "str", "Name of the organisation.", required=True),
        Field("url", "url", "Its web site (used in structured data)."),
    ),
)

CONTACT = Shape(
    "contact",
    "a contact point",
    (
        Field(
            "unit", "str", "Issuing unit, e.g. 早稲田大学マニフェスト研究所 事務局.", required=True
        ),
        Field("email", "str", "E-mail address."),
        Field("phone", "str", "Telephone number."),
        Field("url", "url", "Contact form or page."),
    ),
)

PHOTO_SETTINGS = Shape(
    "photos",
    "photo rendition settings",
    (
        Field(
            "widths",
            "list",
            "Rendition sizes in pixels, measured on the long edge (never upscaled).",
            item="int",
        ),
        Field(
            "formats",
            "list",
            "Output formats, from webp, jpeg, avif (jpeg is always made as the fallback).",
            item="str",
        ),
        Field("jpeg_quality", "int", "JPEG quality 1–95.", minimum=1),
        Field("webp_quality", "int", "WebP quality 1–100.", minimum=1),
    ),
)

SITE = Shape(
    "site.yaml",
    "the site settings",
    (
        Field("title", "str", "Site name, shown in the header and in <title>.", required=True),
        Field("language", "str", "Page language and labels.", choices=("ja", "en")),
        Field(
            "base_url",
            "url",
            "Public address of the site, used only for canonical, og:url, sitemap and feed.",
        ),
        Field("description", "str", "One-sentence description of the site (index page meta)."),
        Field(
            "back_link", "map", "The link above each report back to the parent site.", shape=LINK
        ),
        Field("organiser", "map", "Who runs the site and its events.", shape=ORGANISATION),
        Field("contact", "map", "お問い合わせ: shown at the foot of every report.", shape=CONTACT),
        Field("accessibility_url", "url", "Link to the organisation's アクセシビリティ方針."),
        Field("honorific", "str", "Honorific after speakers' names (default 氏 in Japanese)."),
        Field(
            "date_style",
            "str",
            "How Japanese dates are written.",
            choices=("western", "era", "both"),
        ),
        Field(
            "numbered_kinds",
            "list",
            "Session kinds that are numbered in order, e.g. 事例 → 【事例1】【事例2】.",
            item="str",
        ),
        Field("utc_offset", "str", "Time zone of the events, e.g. +09:00."),
        Field("photos", "map", "Photo rendition settings.", shape=PHOTO_SETTINGS),
        Field(
            "trusted_html",
            "bool",
            "Keep raw HTML in Markdown unsanitised (only for sites whose authors are trusted).",
        ),
        Field("require_consent", "bool", "Make a photo without 'consent' an error."),
    ),
)

AFFILIATION = Shape(
    "affiliation",
    "one affiliation of a speaker",
    (
        Field("organisation", "str", "Organisation, e.g. つくば市."),
        Field("department", "str", "Department, e.g. 総務部 総務課."),
        Field("role", "str", "Role or title, e.g. 課長補佐."),
    ),
)

SPEAKER = Shape(
    "speaker",
    "a speaker",
    (
        Field("name", "str", "Full name, family name first, e.g. 三輪 修平.", required=True),
        Field("organisation", "str", "Organisation (first affiliation)."),
        Field("department", "str", "Department within the organisation."),
        Field("role", "str", "Role or job title."),
        Field(
            "affiliations",
            "list",
            "Several affiliations, shown joined by / (instead of organisation/department/role).",
            item=AFFILIATION,
        ),
        Field(
            "honorific",
            "str",
            "Overrides the site's honorific for this person; '' for none (e.g. own staff).",
        ),
    ),
    exclusive=(
        ("organisation", "affiliations"),
        ("department", "affiliations"),
        ("role", "affiliations"),
    ),
)

SESSION = Shape(
    "session",
    "a session",
    (
        Field(
            "kind",
            "str",
            "Kind label, e.g. 講演, 事例, クロージング; numbering is added for numbered kinds.",
        ),
        Field("title", "str", "Title of the talk."),
        Field("id", "str", "Anchor id for links to this session (default day1-session2)."),
        Field("start", "time", "Start time, e.g. 13:30."),
        Field("end", "time", "End time, e.g. 14:10."),
        Field("speakers", "list", "Speakers, in the order shown.", item=SPEAKER),
        Field("summary", "text", "Summary of the talk as inline Markdown."),
        Field("summary_file", "path", "Summary of the talk in a Markdown file beside report.yaml."),
    ),
    exclusive=(("summary", "summary_file"),),
)

PHOTO = Shape(
    "photo",
    "a photo",
    (
        Field("file", "path", "Image file, relative to the report folder.", required=True),
        Field("alt", "str", "Alternative text describing the picture (not the file name)."),
        Field("caption", "str", "Caption shown under the photo."),
        Field("credit", "str", "Photo credit, shown as 写真提供:…"),
        Field(
            "consent",
            "str",
            "Consent of the people shown.",
            choices=("obtained", "blurred", "not-identifiable"),
        ),
    ),
)

PHOTO_FOLDER = Shape(
    "photo folder",
    "a folder of photos",
    (
        Field("folder", "path", "Folder of images, taken in name order.", required=True),
        Field(
            "captions",
            "path",
            "YAML file mapping file name → {alt, caption, credit, consent} (or → caption text).",
        ),
    ),
)

DAY = Shape(
    "day",
    "a day of the event",
    (
        Field("date", "date", "Date of the day, e.g. 2021-01-22.", required=True),
        Field(
            "label",
            "str",
            "Label after the date (default Day1, Day2, … when there is more than one day; "
            "none for a one-day event).",
        ),
        Field("sessions", "list", "Sessions of the day, in programme order.", item=SESSION),
        Field(
            "photos",
            "list",
            "Photos of the day: a list of photos, or {folder, captions}.",
            item=PHOTO,
            alternatives=(PHOTO_FOLDER,),
        ),
    ),
)

EVENT = Shape(
    "event",
    "the event",
    (
        Field("name", "str", "Official name of the event.", required=True),
        Field(
            "format",
            "str",
            "How people took part.",
            required=True,
            choices=("online", "offline", "hybrid"),
        ),
        Field("venue", "str", "Venue or platform, e.g. オンライン(Zoom)."),
        Field("address", "str", "Venue address (for offline and hybrid events)."),
        Field("url", "url", "Event or streaming page (VirtualLocation url)."),
        Field("status", "str", "Event status.", choices=("scheduled", "moved-online")),
        Field("organiser", "map", "Organiser (default: the site's organiser).", shape=ORGANISATION),
        Field("co_organisers", "list", "Co-organisers (共催), by name.", item="str"),
        Field("audience", "str", "Who it was for (対象), e.g. 自治体職員."),
        Field("applications", "int", "Number of applications (申込数).", minimum=0),
        Field("participants", "int", "Number of participants (参加者数).", minimum=0),
        Field("participants_approximate", "bool", "Show the participant count as 約…"),
    ),
)

REPORT = Shape(
    "report.yaml",
    "a report",
    (
        Field("title", "str", "Report title (the page's only <h1>).", required=True),
        Field("lead", "text", "Lead paragraph under the title (inline Markdown).", required=True),
        Field("description", "str", "Meta description (default: the lead as plain text)."),
        Field("published", "date", "Publication date (公開日).", required=True),
        Field("modified", "date", "Last significant update (更新日), if any."),
        Field("event", "map", "The event the report is about.", required=True, shape=EVENT),
        Field("body", "path", "Markdown file with the narrative sections."),
        Field(
            "social_image",
            "path",
            "Photo for the 1200×630 sharing card (default: the first photo).",
        ),
        Field("days", "list", "Days of the event, in order.", required=True, item=DAY, minimum=1),
    ),
)

PHOTO_TEXT = Shape(
    "captions entry",
    "a photo's texts in a captions file",
    tuple(field for field in PHOTO.fields if field.key != "file"),
)
