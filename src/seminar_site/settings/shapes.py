"""The keys of site.yaml and report.yaml: names, types and one line of documentation each.

Names and docs are English msgids marked with ``N_``: messages show them translated (a hint
says "add 'title:' ({doc})"), the docs and the JSON Schema as they are. They are message
templates, so a literal brace is written ``{{`` (``schema.doc_message`` reads them).
"""

from __future__ import annotations

from seminar_site.i18n import N_
from seminar_site.settings.aliases import (
    CONSENT_ALIASES,
    DATE_STYLE_ALIASES,
    FORMAT_ALIASES,
    LANGUAGE_ALIASES,
)
from seminar_site.settings.schema import Field, Shape
from seminar_site.settings.shapes_media import MATERIAL, RECORDING

LINK = Shape(
    N_("link"),
    N_("a link with a label"),
    (
        Field("label", "str", N_("Text of the link (default サイトへ戻る / Back to site).")),
        Field(
            "url",
            "url",
            N_("Where it goes (absolute URL), e.g. the organisation's home page."),
            required=True,
        ),
    ),
)

ORGANISATION = Shape(
    N_("organiser"),
    N_("an organisation"),
    (
        Field("name", "str", N_("Name of the organisation."), required=True),
        Field("url", "url", N_("Its web site (used in structured data).")),
    ),
)

CONTACT = Shape(
    N_("contact"),
    N_("a contact point"),
    (
        Field(
            "unit",
            "str",
            N_("Issuing unit, e.g. 早稲田大学マニフェスト研究所 事務局."),
            required=True,
        ),
        Field("email", "str", N_("E-mail address.")),
        Field("phone", "str", N_("Telephone number.")),
        Field("url", "url", N_("Contact form or page.")),
    ),
)

PHOTO_SETTINGS = Shape(
    N_("photos"),
    N_("photo rendition settings"),
    (
        Field(
            "widths",
            "list",
            N_("Rendition sizes in pixels, measured on the long edge (never upscaled)."),
            item="int",
        ),
        Field(
            "formats",
            "list",
            N_(
                "Formats made at every width, from webp, jpeg, avif; without jpeg, one JPEG "
                "at the middle width is made as the fallback."
            ),
            item="str",
        ),
        Field("jpeg_quality", "int", N_("JPEG quality 1–95."), minimum=1),
        Field("webp_quality", "int", N_("WebP quality 1–100."), minimum=1),
    ),
)

SITE = Shape(
    N_("site.yaml"),
    N_("the site settings"),
    (
        Field("title", "str", N_("Site name, shown in the header and in <title>."), required=True),
        Field(
            "language",
            "str",
            N_("Page language and labels."),
            choices=("ja", "en"),
            aliases=LANGUAGE_ALIASES,
        ),
        Field(
            "base_url",
            "url",
            N_("Public address of the site, used only for canonical, og:url, sitemap and feed."),
        ),
        Field("description", "str", N_("One-sentence description of the site (index page meta).")),
        Field(
            "social_image",
            "path",
            N_(
                "The site's image for the 1200×630 sharing card: of the list of reports and of "
                "every report without a photo. Relative to content/ (JPEG or PNG, 1200×630 or "
                "larger)."
            ),
        ),
        Field(
            "social_image_alt",
            "str",
            N_("What the sharing image shows, for og:image:alt (default: the site name)."),
        ),
        Field(
            "back_link",
            "map",
            N_("The link above each report back to the parent site."),
            shape=LINK,
        ),
        Field("organiser", "map", N_("Who runs the site and its events."), shape=ORGANISATION),
        Field(
            "contact", "map", N_("お問い合わせ: shown at the foot of every report."), shape=CONTACT
        ),
        Field("accessibility_url", "url", N_("Link to the organisation's アクセシビリティ方針.")),
        Field("honorific", "str", N_("Honorific after speakers' names (default 氏 in Japanese).")),
        Field(
            "date_style",
            "str",
            N_("How Japanese dates are written."),
            choices=("western", "era", "both"),
            aliases=DATE_STYLE_ALIASES,
        ),
        Field(
            "numbered_kinds",
            "list",
            N_("Session kinds that are numbered in order, e.g. 事例 → 【事例1】【事例2】."),
            item="str",
        ),
        Field("utc_offset", "str", N_("Time zone of the events, e.g. +09:00.")),
        Field("photos", "map", N_("Photo rendition settings."), shape=PHOTO_SETTINGS),
        Field(
            "trusted_html",
            "bool",
            N_("Keep raw HTML in Markdown unsanitised (only for sites whose authors are trusted)."),
        ),
        Field("require_consent", "bool", N_("Make a photo without 'consent' an error.")),
        Field(
            "fetch_posters",
            "bool",
            N_("Fetch each recording's poster from the video host when building (3 s at most)."),
        ),
    ),
)

AFFILIATION = Shape(
    N_("affiliation"),
    N_("one affiliation of a speaker"),
    (
        Field("organisation", "str", N_("Organisation, e.g. つくば市.")),
        Field("department", "str", N_("Department, e.g. 総務部 総務課.")),
        Field("role", "str", N_("Role or title, e.g. 課長補佐.")),
    ),
)

SPEAKER = Shape(
    N_("speaker"),
    N_("a speaker"),
    (
        Field("name", "str", N_("Full name, family name first, e.g. 三輪 修平."), required=True),
        Field("organisation", "str", N_("Organisation (first affiliation).")),
        Field("department", "str", N_("Department within the organisation.")),
        Field("role", "str", N_("Role or job title.")),
        Field(
            "affiliations",
            "list",
            N_(
                "Several affiliations, shown joined by / (instead of organisation/department/role)."
            ),
            item=AFFILIATION,
        ),
        Field(
            "honorific",
            "str",
            N_("Overrides the site's honorific for this person; '' for none (e.g. own staff)."),
        ),
        Field(
            "session_role",
            "str",
            N_(
                "Part taken in this session: 司会, モデレーター, コーディネーター, パネリスト, "
                "登壇者, コメンテーター (or chair, moderator, coordinator, panelist, speaker, "
                "commentator), or any other text; speakers are grouped by it."
            ),
        ),
    ),
    exclusive=(
        ("organisation", "affiliations"),
        ("department", "affiliations"),
        ("role", "affiliations"),
    ),
)

SESSION = Shape(
    N_("session"),
    N_("a session"),
    (
        Field(
            "kind",
            "str",
            N_("Kind label, e.g. 講演, 事例, クロージング; numbering is added for numbered kinds."),
        ),
        Field("title", "str", N_("Title of the talk.")),
        Field("id", "str", N_("Anchor id for links to this session (default day1-session2).")),
        Field("start", "time", N_("Start time, e.g. 13:30.")),
        Field("end", "time", N_("End time, e.g. 14:10.")),
        Field("speakers", "list", N_("Speakers, in the order shown."), item=SPEAKER),
        Field("summary", "text", N_("Summary of the talk as inline Markdown.")),
        Field(
            "summary_file", "path", N_("Summary of the talk in a Markdown file beside report.yaml.")
        ),
        Field("materials", "list", N_("Slides and handouts of the talk."), item=MATERIAL),
        Field("recording", "map", N_("Video of the talk."), shape=RECORDING),
    ),
    exclusive=(("summary", "summary_file"),),
)

PHOTO = Shape(
    N_("photo"),
    N_("a photo"),
    (
        Field("file", "path", N_("Image file, relative to the report folder."), required=True),
        Field("alt", "str", N_("Alternative text describing the picture (not the file name).")),
        Field("caption", "str", N_("Caption shown under the photo.")),
        Field("credit", "str", N_("Photo credit, shown as 写真提供：… on Japanese pages")),
        Field(
            "consent",
            "str",
            N_("Consent of the people shown."),
            choices=("obtained", "blurred", "not-identifiable"),
            aliases=CONSENT_ALIASES,
        ),
    ),
)

PHOTO_FOLDER = Shape(
    N_("photo folder"),
    N_("a folder of photos"),
    (
        Field("folder", "path", N_("Folder of images, taken in name order."), required=True),
        Field(
            "captions",
            "path",
            N_(
                "YAML file mapping file name → {{alt, caption, credit, consent}} "
                "(or → caption text)."
            ),
        ),
    ),
)

DAY = Shape(
    N_("day"),
    N_("a day of the event"),
    (
        Field("date", "date", N_("Date of the day, e.g. 2021-01-22."), required=True),
        Field(
            "label",
            "str",
            N_(
                "Label after the date (default Day1, Day2, … when there is more than one day; "
                "none for a one-day event)."
            ),
        ),
        Field("sessions", "list", N_("Sessions of the day, in programme order."), item=SESSION),
        Field(
            "photos",
            "list",
            N_("Photos of the day: a list of photos, or {{folder, captions}}."),
            item=PHOTO,
            alternatives=(PHOTO_FOLDER,),
        ),
    ),
)

ONLINE = Shape(
    N_("online"),
    N_("the online part of an event"),
    (
        Field("platform", "str", N_("Streaming platform, e.g. Zoom ウェビナー, YouTube Live.")),
        Field(
            "url",
            "url",
            N_("Public viewing page (VirtualLocation url); leave out a private meeting link."),
        ),
    ),
)

PARTICIPANTS_PART = Shape(
    N_("participants part"),
    N_("one part of the participants"),
    (
        Field("label", "str", N_("What the part is, e.g. 会場 or オンライン."), required=True),
        Field("count", "int", N_("Participants in this part."), required=True, minimum=0),
    ),
)

EVENT = Shape(
    N_("event"),
    N_("the event"),
    (
        Field("name", "str", N_("Official name of the event."), required=True),
        Field(
            "format",
            "str",
            N_("How people took part."),
            required=True,
            choices=("online", "offline", "hybrid"),
            aliases=FORMAT_ALIASES,
        ),
        Field("venue", "str", N_("Venue or platform, e.g. オンライン(Zoom).")),
        Field("address", "str", N_("Venue address (for offline and hybrid events).")),
        Field("url", "url", N_("Event or streaming page (VirtualLocation url).")),
        Field(
            "online",
            "map",
            N_("The online part of an event (the 配信 row), apart from the venue."),
            shape=ONLINE,
        ),
        Field("status", "str", N_("Event status."), choices=("scheduled", "moved-online")),
        Field(
            "organiser", "map", N_("Organiser (default: the site's organiser)."), shape=ORGANISATION
        ),
        Field("co_organisers", "list", N_("Co-organisers (共催), by name."), item="str"),
        Field("audience", "str", N_("Who it was for (対象), e.g. 自治体職員.")),
        Field("applications", "int", N_("Number of applications (申込数)."), minimum=0),
        Field("participants", "int", N_("Number of participants (参加者数)."), minimum=0),
        Field("participants_approximate", "bool", N_("Show the participant count as 約…")),
        Field(
            "participants_parts",
            "list",
            N_(
                "Participants by part, e.g. 会場 and オンライン; 'participants' is their sum "
                "(computed when left out)."
            ),
            item=PARTICIPANTS_PART,
        ),
    ),
)

REPORT = Shape(
    N_("report.yaml"),
    N_("a report"),
    (
        Field("title", "str", N_("Report title (the page's only <h1>)."), required=True),
        Field(
            "lead", "text", N_("Lead paragraph under the title (inline Markdown)."), required=True
        ),
        Field("description", "str", N_("Meta description (default: the lead as plain text).")),
        Field("published", "date", N_("Publication date (公開日)."), required=True),
        Field("modified", "date", N_("Last significant update (更新日), if any.")),
        Field("event", "map", N_("The event the report is about."), required=True, shape=EVENT),
        Field("body", "path", N_("Markdown file with the narrative sections.")),
        Field(
            "social_image",
            "path",
            N_(
                "Photo for the 1200×630 sharing card (default: the first photo, else "
                "site.yaml's social_image)."
            ),
        ),
        Field(
            "days", "list", N_("Days of the event, in order."), required=True, item=DAY, minimum=1
        ),
        Field("materials", "list", N_("Materials of the whole event."), item=MATERIAL),
        Field("recording", "map", N_("Video of the whole event."), shape=RECORDING),
    ),
)

PHOTO_TEXT = Shape(
    N_("captions entry"),
    N_("a photo's texts in a captions file"),
    tuple(field for field in PHOTO.fields if field.key != "file"),
)
