"""Authoring helpers: ``new DIR`` (a minimal site that builds as is) and ``new-report SLUG``."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from seminar_site.content import placeholders as p
from seminar_site.errors import SiteError
from seminar_site.i18n import _, site_language
from seminar_site.settings.dates_iso import ImpossibleDate, impossible_reason, read_loose_date

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
SAMPLE_SLUG = "sample-seminar"

SITE_YAML = """\
# yaml-language-server: $schema=../schema/site.schema.json
# サイト全体の設定です。各項目の説明は seminar-site の docs/content-format.md にあります。
title: {title}
language: ja
# サイトを公開するアドレスを書いてください（正規 URL、サイトマップ、フィードに使います）:
# base_url: https://reports.example.jp/
description: セミナー・イベントの開催報告です。
# 一覧や写真のない報告が LINE・Facebook・X で共有されたときに表示する画像
# （content/ に置く 1200×630 の JPEG か PNG。例: 団体のロゴとサイト名の画像）:
# social_image: images/share.png
back_link:
  label: サイトへ戻る
  url: https://www.example.jp/
organiser:
  name: {organiser}
numbered_kinds: [事例]
"""

REPORT_YAML = """\
# yaml-language-server: $schema=../../../schema/report.schema.json
{about}
title: {title}
lead: {date_md}に開催したセミナーの開催報告です。
published: {published}
event:
  name: {title}
  format: online
  venue: オンライン
body: narrative.md
days:
  - date: {date}
    sessions:
      - kind: 講演
        title: {keynote_title}
        speakers:
          - name: {speaker}
            organisation: {organisation}
            role: {role}
        summary_file: talks/day1-keynote.md
      - kind: 事例
        title: {case_title}
        speakers:
          - name: {second_speaker}
            organisation: {organisation}
            department: {department}
        summary: {case_summary}
    # photos:
    #   - file: photos/day1/IMG_0001.jpg
    #     alt: {photo_alt}
    #     caption: {photo_caption}
"""

# The report's first comment, in the site's language (its texts are Japanese either way).
REPORT_ABOUT = {
    "ja": "# 報告 1 件分です。各項目の説明は seminar-site の docs/content-format.md にあります",
    "en": "# One report. Every key is explained in docs/content-format.md of seminar-site.",
}

NARRATIVE_MD = """\
■開催概要

{date_md}にオンラインでセミナーを開催しました。{narrative}

■当日の様子

各講演の概要は以下のとおりです。
"""

KEYNOTE_MD = f"""\
{p.KEYNOTE_SUMMARY}

- {p.KEYNOTE_LIST}
- {p.KEYNOTE_MARKUP}
"""
# The placeholder texts of the report templates (content/placeholders.py: one list, which
# the loader also uses to warn about those left in).
_REPORT_TEXTS = {
    "keynote_title": p.KEYNOTE_TITLE,
    "case_title": p.CASE_TITLE,
    "speaker": p.SPEAKER,
    "second_speaker": p.SECOND_SPEAKER,
    "organisation": p.ORGANISATION,
    "department": p.DEPARTMENT,
    "role": p.ROLE,
    "case_summary": p.CASE_SUMMARY,
    "photo_alt": p.PHOTO_ALT,
    "photo_caption": p.PHOTO_CAPTION,
}

GITIGNORE = "_site/\n_export/\n.seminar-cache/\n.seminar-site-*/\n.seminar-editor/\n"


def new_site(
    folder: Path, title: str | None = None, extra: dict[Path, str] | None = None
) -> list[Path]:
    """Create a site with one sample report (a day, two sessions) that builds as is;
    ``extra`` adds files (the CLI passes the JSON Schemas for editors)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SiteError(
            _("{folder} already exists and is not empty", folder=folder),
            hint=_("choose a new folder name, or add reports with 'seminar-site new-report SLUG'"),
        )
    site = SITE_YAML.format(title=_quoted(title or p.SITE_TITLE), organiser=p.ORGANISER)
    files = {Path("content/site.yaml"): site}
    files.update(_report_files(SAMPLE_SLUG, p.SAMPLE_TITLE, dt.date.today(), "ja"))
    files[Path(".gitignore")] = GITIGNORE
    files.update(extra or {})
    return _write(folder, files)


def new_report(
    root: Path, slug: str, title: str | None = None, date: str | None = None
) -> list[Path]:
    """Add ``content/reports/SLUG/`` with a report.yaml skeleton and its Markdown files."""
    if not (root / "content" / "site.yaml").is_file():
        raise SiteError(
            _("{root} is not a seminar-site site (no content/site.yaml)", root=root),
            hint=_("run this inside a site, pass --root, or start one with 'seminar-site new DIR'"),
        )
    check_slug(slug)
    folder = root / "content" / "reports" / slug
    _refuse_clash(folder)
    if folder.exists():
        raise SiteError(_("a report named '{slug}' already exists", slug=slug), folder)
    day = _event_date(date)
    language = "en" if site_language(root) == "en" else "ja"
    files = _report_files(slug, title or p.NEW_REPORT_TITLE, day, language)
    return _write(root, files)


def check_slug(slug: str) -> None:
    """Refuse a report name that cannot be a folder and URL name."""
    if slug.startswith("-"):
        raise SiteError(
            _("a report name cannot start with '-': '{slug}'", slug=slug),
            hint=_("start it with a letter or a digit, e.g. {example}", example=_example(slug)),
        )
    if not SLUG.match(slug):
        raise SiteError(
            _("'{slug}' cannot be used as a report name", slug=slug),
            hint=_("use letters, digits and '-' (up to 80), e.g. 2024-06-dx-seminar"),
        )


def _example(slug: str) -> str:
    rest = slug.lstrip("-")
    return rest if SLUG.match(rest) else "2024-06-dx-seminar"


def _refuse_clash(folder: Path) -> None:
    """A new folder whose name differs from a report's only in letter case is refused, as
    the next check would refuse the pair (content/site.py): their URLs clash."""
    try:
        names = [child.name for child in folder.parent.iterdir() if child.is_dir()]
    except OSError:
        return
    for name in names:
        if name != folder.name and name.casefold() == folder.name.casefold():
            raise SiteError(
                _(
                    "report folders '{first}' and '{second}' differ only in letter case: "
                    "their URLs clash",
                    first=name,
                    second=folder.name,
                ),
                folder.parent / name,
                hint=_("choose another name for the new report, or add to '{name}'", name=name),
            )


# A date without its year (6/3, 6月3日): the hint gives it in the current year.
_NO_YEAR = re.compile(r"\s*([0-9]{1,2})\s*(?:[-/.]|月)\s*([0-9]{1,2})\s*日?\s*")


def _event_date(date: str | None) -> dt.date:
    """``--date`` as a date: YYYY-MM-DD, or 2025/11/8, 2025年11月8日 and 令和7年11月8日 too, as
    the editor's form takes them; today without it."""
    today = dt.date.today()
    try:
        day = read_loose_date(date) if date else today
    except ImpossibleDate as impossible:
        message = _(
            "'{key}' is not a real date: {date} ({reason})",
            key="--date",
            date=date,
            reason=impossible.reason,
        )
        raise SiteError(message, hint=_("check the date, and write it as YYYY-MM-DD")) from None
    if day is not None:
        return day
    assert date is not None
    example = today.isoformat()
    no_year = _NO_YEAR.fullmatch(unicodedata.normalize("NFKC", date))
    if no_year is not None:
        month, number = int(no_year[1]), int(no_year[2])
        if impossible_reason(today.year, month, number) is None:
            example = dt.date(today.year, month, number).isoformat()
    raise SiteError(
        _("--date '{date}' is not a date like 2024-06-30", date=date),
        hint=_("write the year, month and day: --date {example}", example=example),
    )


def _report_files(slug: str, title: str, day: dt.date, language: str) -> dict[Path, str]:
    folder = Path("content/reports") / slug
    report = REPORT_YAML.format(
        about=REPORT_ABOUT[language],
        title=_quoted(title),
        date=day.isoformat(),
        published=day.isoformat(),
        date_md=f"{day.month}月{day.day}日",
        **_REPORT_TEXTS,
    )
    narrative = NARRATIVE_MD.format(date_md=f"{day.month}月{day.day}日", narrative=p.NARRATIVE)
    return {
        folder / "report.yaml": report,
        folder / "narrative.md": narrative,
        folder / "talks" / "day1-keynote.md": KEYNOTE_MD,
    }


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one), safe for any title."""
    return json.dumps(text, ensure_ascii=False)


def _write(base: Path, files: dict[Path, str]) -> list[Path]:
    created = []
    for relative, text in files.items():
        path = base / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as f:  # never overwrite
            f.write(text)
        created.append(path)
    return created
