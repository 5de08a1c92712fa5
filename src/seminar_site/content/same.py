"""A session's speakers, and the affiliation shorthand 「同」 ("the organisation above"; also
「同上」 and 〃): shown as written, resolved for structured data to the last organisation named
above it in the session. A speaker listed twice in a session, and an honorific typed into a
name that the page adds one to (「山本花子 氏 氏」), are warnings at the name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from seminar_site.errors import Edit, Fixable, SiteError
from seminar_site.i18n import _
from seminar_site.model import Affiliation, Speaker
from seminar_site.settings.schema import Checked

# 「同」, 「同上」 or the ditto marks 〃 ″, alone or before a unit: 「同 データ駆動科学センター」.
_SAME = re.compile(r"(?:同上?|〃|″)(?:[ \u3000]+(.+))?")


def speakers_of(
    items: list[Checked], honorific: str, warnings: list[SiteError]
) -> tuple[Speaker, ...]:
    """The speakers of a session's ``speakers:`` list, 「同」 resolved; ``honorific``: the
    site's, for a speaker who has none of their own."""
    speakers = [(data, _speaker(data, honorific)) for data in items]
    _check_names(speakers, warnings)
    return resolve_same(speakers, warnings)


# An honorific at the end of a name, typed by hand (the page adds the site's own after it).
_TYPED_HONORIFIC = re.compile(r"^(.*?\S)[ \u3000]*(氏|様|先生|さん)$")


def _check_names(speakers: list[tuple[Checked, Speaker]], warnings: list[SiteError]) -> None:
    seen: dict[str, Checked] = {}
    for data, speaker in speakers:
        name = speaker.name.strip()
        typed = _TYPED_HONORIFIC.fullmatch(name)
        if typed is not None and speaker.honorific:
            warnings.append(_typed_honorific(data, name, typed[1], typed[2], speaker.honorific))
        key = "".join(unicodedata.normalize("NFKC", typed[1] if typed else name).split())
        first = seen.setdefault(key, data) if key else data
        if first is not data:
            message = _("{name} is listed twice among this session's speakers", name=name)
            line = first.marks.get("name", (first.line,))[0]
            hint = _("remove this entry: the same name is listed at line {line}", line=line)
            warnings.append(data.error("name", message, hint=hint))


def _typed_honorific(data: Checked, name: str, bare: str, typed: str, honorific: str) -> SiteError:
    shown = name + " " + honorific
    message = _(
        "the name ends with '{typed}', and the page adds '{honorific}' after it: "
        "it would show 「{shown}」",
        typed=typed,
        honorific=honorific,
        shown=shown,
    )
    start, end = data.spans.get("name", (0, 0))
    written = data["name"]  # as written when the span is as long (a plain one-line value)
    fix = Edit(start, end, written, bare) if end - start == len(written) else None
    line, col = data.marks.get("name", (data.line, data.col))
    if typed == honorific:
        hint = _("remove '{typed}' from the name: name: {name}", typed=typed, name=bare)
    else:
        hint = _(
            "remove '{typed}' from the name: name: {name} (to show '{typed}' instead of "
            "'{honorific}', write honorific: {typed})",
            typed=typed,
            name=bare,
            honorific=honorific,
        )
    return Fixable(message, data.path, line, col, hint, edit=fix)  # check --fix removes it


def _speaker(data: Checked, honorific: str) -> Speaker:
    if "affiliations" in data:
        affiliations = tuple(
            Affiliation(a.get("organisation", ""), a.get("department", ""), a.get("role", ""))
            for a in data["affiliations"]
        )
    else:
        affiliations = (
            Affiliation(
                data.get("organisation", ""), data.get("department", ""), data.get("role", "")
            ),
        )
    affiliations = tuple(a for a in affiliations if a.organisation or a.department or a.role)
    return Speaker(
        name=data.get("name", ""),
        affiliations=affiliations,
        honorific=data.get("honorific", honorific),
        session_role=data.get("session_role", "").strip(),
    )


def resolve_same(
    speakers: list[tuple[Checked, Speaker]], warnings: list[SiteError]
) -> tuple[Speaker, ...]:
    """The session's speakers with each 「同」 organisation resolved (Affiliation.resolved);
    one with nothing above it is kept as written, with a warning at its speaker."""
    above = ""
    resolved = []
    for data, speaker in speakers:
        affiliations = []
        for affiliation in speaker.affiliations:
            same = _SAME.fullmatch(affiliation.organisation)
            if same is None:
                above = affiliation.organisation or above
            elif above:
                meant = " ".join(part for part in (above, same.group(1)) if part)
                affiliation = replace(affiliation, resolved=meant)
            else:
                key = "affiliations" if "affiliations" in data else "organisation"
                message = _("'同' stands for the organisation above, but none is named above it")
                hint = _("write the organisation's name instead of '同'")
                warnings.append(data.error(key, message, hint=hint))
            affiliations.append(affiliation)
        resolved.append(replace(speaker, affiliations=tuple(affiliations)))
    return tuple(resolved)
