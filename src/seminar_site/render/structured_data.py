"""schema.org JSON-LD: an Article about an Event, with a subEvent per day and per session."""

from __future__ import annotations

from typing import Any

from seminar_site.model import Day, Report, Session, Speaker
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
    report: Report, config: SiteConfig, page_url: str, social: dict[str, Any] | None
) -> dict[str, Any]:
    offset = config.utc_offset
    event_id = f"{page_url}#event"
    event: dict[str, Any] = {
        "@type": "Event",
        "@id": event_id,
        "name": report.event.name,
        "startDate": f"{report.first_day.isoformat()}T00:00:00{offset}",
        "endDate": f"{report.last_day.isoformat()}T23:59:59{offset}",
        "eventAttendanceMode": _MODES[report.event.format],
        "eventStatus": _STATUS[report.event.status],
        "location": _location(report, page_url),
        "subEvent": [_day(day, report, offset, page_url) for day in report.days],
    }
    if report.event.organiser:
        event["organizer"] = _organisation(report.event.organiser)
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
        "inLanguage": config.language,
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


def _organisation(organisation: Organisation) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": organisation.name}
    if organisation.url:
        data["url"] = organisation.url
    return data


def _location(report: Report, page_url: str) -> Any:
    virtual = {"@type": "VirtualLocation", "url": report.event.url or page_url}
    place = {
        "@type": "Place",
        "name": report.event.venue or report.event.name,
        "address": report.event.address or report.event.venue or "",
    }
    if report.event.format == "online":
        return virtual
    if report.event.format == "offline":
        return place
    return [place, virtual]


def _day(day: Day, report: Report, offset: str, page_url: str) -> dict[str, Any]:
    return {
        "@type": "Event",
        "@id": f"{page_url}#{day.anchor}",
        "name": f"{report.event.name} {day.label}" if day.label else report.event.name,
        "startDate": f"{day.date.isoformat()}T00:00:00{offset}",
        "endDate": f"{day.date.isoformat()}T23:59:59{offset}",
        "eventAttendanceMode": _MODES[report.event.format],
        "eventStatus": _STATUS[report.event.status],
        "location": _location(report, page_url),
        "subEvent": [_session(session, day, report, offset, page_url) for session in day.sessions],
    }


def _session(
    session: Session, day: Day, report: Report, offset: str, page_url: str
) -> dict[str, Any]:
    start = session.start or "00:00"
    end = session.end or "23:59"
    data: dict[str, Any] = {
        "@type": "Event",
        "@id": f"{page_url}#{session.anchor}",
        "name": (session.label + session.title) or report.event.name,
        "startDate": f"{day.date.isoformat()}T{start}:00{offset}",
        "endDate": f"{day.date.isoformat()}T{end}:00{offset}",
        "eventAttendanceMode": _MODES[report.event.format],
        "eventStatus": _STATUS[report.event.status],
        "location": _location(report, page_url),
        "performer": [_person(speaker) for speaker in session.speakers],
    }
    return data


def _person(speaker: Speaker) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
    if speaker.job_title:
        person["jobTitle"] = speaker.job_title
    organisations = speaker.organisations
    if organisations:
        person["affiliation"] = [{"@type": "Organization", "name": name} for name in organisations]
    return person
