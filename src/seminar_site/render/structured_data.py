"""schema.org JSON-LD: an Article about an Event, with a subEvent per day and per session.

Times are the programme's: an event or a day starts at its first session's start and ends at
its last session's end; where the programme gives no time, the value is the date alone
(schema.org's startDate and endDate take a Date), never an invented 00:00-23:59.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from seminar_site.model import Day, Report, Session, Speaker
from seminar_site.render.labels import role_label
from seminar_site.settings.config import Organisation, SiteConfig

_MODES = {
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "offline": "https://schema.org/OfflineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}
_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "moved-online": "https://schema.org/EventMovedOnline",
}


def report_graph(
    report: Report,
    config: SiteConfig,
    page_url: str,
    social: dict[str, Any] | None,
    language: str = "",
) -> dict[str, Any]:
    """``language``: the one the report is written in, when not the site's."""
    offset = config.utc_offset
    event_id = f"{page_url}#event"
    first, last = report.days[0], report.days[-1]
    event: dict[str, Any] = {
        "@type": "Event",
        "@id": event_id,
        "name": report.event.name,
        "startDate": moment(first.date, _span(first)[0], offset),
        "endDate": moment(last.date, _span(last)[1], offset),
        "eventAttendanceMode": _MODES[report.event.format],
        "eventStatus": _STATUS[report.event.status],
        **_location(report, page_url),
        "subEvent": [_day(day, report, config, page_url) for day in report.days],
    }
    organisers = _organisers(report)
    if organisers:
        event["organizer"] = organisers[0] if len(organisers) == 1 else organisers
    if report.event.audience:
        event["audience"] = {"@type": "Audience", "audienceType": report.event.audience}
    if social and social["url"]:
        event["image"] = [social["url"]]
    article: dict[str, Any] = {
        "@type": "Article",
        "@id": f"{page_url}#article",
        "headline": report.title,
        "description": report.description,
        "datePublished": f"{report.published.isoformat()}T00:00:00{offset}",
        "dateModified": f"{(report.modified or report.published).isoformat()}T00:00:00{offset}",
        "inLanguage": language or config.language,
        "about": {"@id": event_id},
        "mainEntityOfPage": page_url,
    }
    if page_url:
        article["url"] = page_url
    if social and social["url"]:
        article["image"] = {
            "@type": "ImageObject",
            "url": social["url"],
            "width": social["width"],
            "height": social["height"],
        }
    if config.organiser:
        article["author"] = _organisation(config.organiser)
        article["publisher"] = _organisation(config.organiser)
    return {"@context": "https://schema.org", "@graph": [article, event]}


def moment(date: dt.date, hhmm: str, offset: str) -> str:
    """An ISO 8601 date-time with the offset (``13:00`` → ``…T13:00:00+09:00``; ``9:30``
    as ``09:30``), or the date alone when ``hhmm`` is ``""``."""
    if not hhmm:
        return date.isoformat()
    return f"{date.isoformat()}T{clock(hhmm)}:00{offset}"


def clock(hhmm: str) -> str:
    """``HH:MM`` of a time as written (the loader accepts ``9:30``)."""
    hour, _, minute = hhmm.partition(":")
    return f"{int(hour):02d}:{minute}"


def _span(day: Day) -> tuple[str, str]:
    """The day's first session start and last session end (``HH:MM``), each ``""`` when the
    programme does not give it: no end when a session starts after every end given."""
    starts = [clock(session.start) for session in day.sessions if session.start]
    ends = [clock(session.end) for session in day.sessions if session.end]
    start = min(starts, default="")
    end = max(ends, default="")
    return start, end if end and end >= max(starts, default="") else ""


def _organisers(report: Report) -> list[dict[str, Any]]:
    """主催 then 共催, as the 開催概要 lists them: every one organises the event."""
    event = report.event
    found = [_organisation(event.organiser)] if event.organiser else []
    found += [{"@type": "Organization", "name": name} for name in event.co_organisers]
    return found


def _organisation(organisation: Organisation) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": organisation.name}
    if organisation.url:
        data["url"] = organisation.url
    return data


def _location(report: Report, page_url: str) -> dict[str, Any]:
    """``{"location": …}``: a Place for the venue, a VirtualLocation for the online part when
    it has a real URL (never ``"url": ""``); the report page stands in for an online event's."""
    event = report.event
    url = event.online_url or event.url or (page_url if event.format == "online" else "")
    virtual = {"@type": "VirtualLocation", "url": url}
    place: dict[str, Any] = {"@type": "Place", "name": event.venue or event.name}
    if event.address or event.venue:
        place["address"] = event.address or event.venue
    if event.format == "online":
        return {"location": virtual} if url else {}
    if event.format == "offline" or not url:
        return {"location": place}
    return {"location": [place, virtual]}


def _day(day: Day, report: Report, config: SiteConfig, page_url: str) -> dict[str, Any]:
    offset = config.utc_offset
    start, end = _span(day)
    return {
        "@type": "Event",
        "@id": f"{page_url}#{day.anchor}",
        "name": f"{report.event.name} {day.label}" if day.label else report.event.name,
        "startDate": moment(day.date, start, offset),
        "endDate": moment(day.date, end, offset),
        "eventAttendanceMode": _MODES[report.event.format],
        "eventStatus": _STATUS[report.event.status],
        **_location(report, page_url),
        "subEvent": [_session(session, day, report, config, page_url) for session in day.sessions],
    }


def _session(
    session: Session, day: Day, report: Report, config: SiteConfig, page_url: str
) -> dict[str, Any]:
    offset = config.utc_offset
    data: dict[str, Any] = {
        "@type": "Event",
        "@id": f"{page_url}#{session.anchor}",
        "name": (session.label + session.title) or report.event.name,
        "startDate": moment(day.date, session.start, offset),
        "endDate": moment(day.date, session.end, offset),
        "eventAttendanceMode": _MODES[report.event.format],
        "eventStatus": _STATUS[report.event.status],
        **_location(report, page_url),
        "performer": [_performer(speaker, config.language) for speaker in session.speakers],
    }
    return data


def _performer(speaker: Speaker, lang: str) -> dict[str, Any]:
    """The Person; with a session role, wrapped in schema.org's PerformanceRole (its
    ``roleName`` in the page's words, the Person inside as ``performer``)."""
    if not speaker.session_role:
        return _person(speaker)
    return {
        "@type": "PerformanceRole",
        "roleName": role_label(speaker.session_role, lang),
        "performer": _person(speaker),
    }


def _person(speaker: Speaker) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
    if speaker.job_title:
        person["jobTitle"] = speaker.job_title
    organisations = speaker.organisations
    if organisations:
        person["affiliation"] = [{"@type": "Organization", "name": name} for name in organisations]
    return person
