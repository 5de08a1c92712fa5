"""The loader's messages said in the form's words, for the editor only.

``check`` and ``build`` name YAML keys ('participants', 'affiliations'): there the author
edits the YAML. The form's authors never see a key, so a message shown in the editor names
the field by the label the form shows above it (「参加者数」, 「複数の所属」) and says what to
do in the form (tick a box, leave a field empty). An item of the file that the form has no
field for (an unknown key) cannot be shown at all: its message says where it is and what it
holds, and offers a button that takes it out of the form, or moves its value to the field
it was surely meant for (``fix``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from seminar_site.editor.forms import field_label
from seminar_site.i18n import Message, _, render
from seminar_site.settings.schema import Shape
from seminar_site.settings.shapes import REPORT, SITE

MISSING_KEY = "missing required key '{key}' in {shape}"
UNKNOWN_KEY = "unknown key '{key}' in {shape}"
DID_YOU_MEAN = "did you mean '{key}'?"
ITEM = "{key} item"
SESSION_NEEDS = "a session needs a 'title' or a 'kind'"
MATERIAL_NEEDS = "a material needs a 'file' or a 'url'"
NO_CONSENT = "photo '{file}' has no 'consent'"  # said at the photo's consent field
NO_BASE_URL = "no 'base_url' is set: sitemap.xml lists no pages and feed.xml has no links"
#: Messages about a mapping as a whole. The loader reports them where the mapping starts,
#: which is also where its first key is: they belong at the item, not at that first field.
AT_MAPPING = frozenset({SESSION_NEEDS, MATERIAL_NEEDS})
_PLAIN_KEY = re.compile(r"^[^.\[\]\s]+$")


@dataclass(frozen=True)
class Place:
    """Where a message is shown: the shape of its file, the field path (in the file the
    form edits; '' elsewhere), the mapping it is about, and the site's language."""

    shape: Shape
    path: str
    base: str
    language: str

    def _label(self, shape: Shape, path: str) -> str | None:
        return field_label(shape, path, self.language)

    def near(self, key: str) -> str:
        """The label of ``key`` beside the field (in the mapping the message is about)."""
        path = f"{self.base}.{key}" if self.base else key
        return self._label(self.shape, path) or key

    def top(self, path: str, shape: Shape | None = None) -> str:
        """The label of a field named by its full path (``days``, ``days[0].materials``)."""
        return self._label(shape or self.shape, path) or path.rsplit(".", 1)[-1]

    def here(self) -> str:
        return self.top(self.path)


@dataclass(frozen=True)
class Worded:
    message: Message
    hint: Message | None
    path: str
    fix: dict[str, str] | None = None


Rewording = Callable[[dict[str, Any], Place], Message]


def _exclusive(p: dict[str, Any], at: Place) -> Message:
    return _(
        "give either '{first}' or '{second}' in {shape}, not both",
        first=at.near(str(p["first"])),
        second=at.near(str(p["second"])),
        shape=p["shape"],
    )


MESSAGES: dict[str, Rewording] = {
    "give either '{first}' or '{second}' in {shape}, not both": _exclusive,
    "'participants' is {given}, but 'participants_parts' add up to {total}": lambda p, at: _(
        "'{participants}' is {given}, but the numbers in '{parts}' add up to {total}",
        participants=at.near("participants"),
        parts=at.near("participants_parts"),
        given=p["given"],
        total=p["total"],
    ),
    "'modified' is earlier than 'published'": lambda p, at: _(
        "'{modified}' is a date before '{published}': write the same date or a later one",
        modified=at.near("modified"),
        published=at.near("published"),
    ),
    "days must be in date order, each on a different date": lambda p, at: _(
        "the days of '{days}' must be in date order, each on a different date (Up and Down "
        "move a day)",
        days=at.top("days"),
    ),
    SESSION_NEEDS: lambda p, at: _(
        "a session needs a '{title}' or a '{kind}'", title=at.near("title"), kind=at.near("kind")
    ),
    MATERIAL_NEEDS: lambda p, at: _(
        "a material needs a '{file}' or a '{url}'", file=at.near("file"), url=at.near("url")
    ),
    NO_CONSENT: lambda p, at: _(
        "choose '{consent}' for the photo '{file}'", consent=at.near("consent"), file=p["file"]
    ),
    "{count} photo(s) in '{folder}' are listed by no day, so they are not published: "
    "{names}": lambda p, at: _(
        "{count} photo(s) in '{folder}' are in no day's '{photos}', so they are not "
        "published: {names}",
        count=p["count"],
        folder=p["folder"],
        photos=at.top("days[0].photos"),
        names=p["names"],
    ),
    NO_BASE_URL: lambda p, at: _(
        "'{label}' is not set: sitemap.xml lists no pages and feed.xml has no links",
        label=at.top("base_url", SITE),
    ),
    "'base_url' {problem}": lambda p, at: _(
        "'{label}' {problem}", label=at.top("base_url", SITE), problem=p["problem"]
    ),
    "'utc_offset' must look like +09:00": lambda p, at: _(
        "'{label}' must look like +09:00", label=at.top("utc_offset", SITE)
    ),
    "photo widths must be between 16 and 8000 pixels": lambda p, at: _(
        "'{label}' must be between 16 and 8000 pixels", label=at.top("photos.widths", SITE)
    ),
}

HINTS: dict[str, Rewording] = {
    "write participants: {total}, or leave it out to have it computed": lambda p, at: _(
        "write {total} in '{participants}', or leave it empty to have the total computed",
        total=p["total"],
        participants=at.near("participants"),
    ),
    "write {value}, and participants_approximate: true to show 約": lambda p, at: _(
        "write {value}, and tick '{label}' to show 約",
        value=p["value"],
        label=at.near("participants_approximate"),
    ),
    "write the start and the end as two keys: start: {start} and end: {end}": lambda p, at: _(
        "write {start} in '{start_label}' and {end} in '{end_label}'",
        start=p["start"],
        end=p["end"],
        start_label=at.near("start"),
        end_label=at.near("end"),
    ),
    "write kind: {bare}": lambda p, at: _(
        "write {bare} in '{kind}'", bare=p["bare"], kind=at.near("kind")
    ),
    "name the material, e.g. 'label: 講演資料' or 'label: 配布資料'": lambda p, at: _(
        "write in '{label}' what the material is, e.g. 講演資料 or 配布資料",
        label=at.near("label"),
    ),
    "convert it to PDF, or link to it with 'url:'": lambda p, at: _(
        "convert it to PDF, or give its address in '{url}' instead", url=at.near("url")
    ),
    "this site requires consent: obtained, blurred or not-identifiable": lambda p, at: _(
        "the site's settings require it for every photo"
    ),
    "add 'alt:' describing what the photo shows (--strict makes this an error)": lambda p, at: _(
        "describe in '{alt}' what the photo shows", alt=at.top("days[0].photos[0].alt")
    ),
    "describe in 'alt' what the photo shows (who, what, where); the caption can stay as it is": (
        lambda p, at: _(
            "describe in '{alt}' what the photo shows (who, what, where); the caption can "
            "stay as it is",
            alt=at.top("days[0].photos[0].alt"),
        )
    ),
    "list each under the day's 'photos:' ('- file: {example}' with its 'alt:'), or publish "
    "the whole folder with 'photos: {{folder: {folder}}}'": lambda p, at: _(
        "to publish them, add them to the day's '{photos}'; photos not to publish can stay "
        "in the folder",
        photos=at.top("days[0].photos"),
    ),
    "use it with 'photos: {{folder: {folder}, captions: {file}}}', or write its texts under "
    "each photo in report.yaml": lambda p, at: _(
        "write its texts into '{alt}' and '{caption}' of each photo of the day; the file can "
        "then be removed",
        alt=at.top("days[0].photos[0].alt"),
        caption=at.top("days[0].photos[0].caption"),
    ),
    "put the file inside content/ and list it under 'materials:' of the session or report": (
        lambda p, at: _(
            "put the file in the report's folder and add it to '{session}' or to '{report}'",
            session=at.top("days[0].sessions[0].materials", REPORT),
            report=at.top("materials", REPORT),
        )
    ),
    "for a video, give its address as 'recording: url:' of the session or report": (
        lambda p, at: _(
            "for a video, write its address in '{session}' or in '{report}'",
            session=at.top("days[0].sessions[0].recording", REPORT),
            report=at.top("recording", REPORT),
        )
    ),
    "the page shows a placeholder; it is fetched again when the report changes (or set "
    "'fetch_posters: false' in site.yaml)": lambda p, at: _(
        "the page shows a placeholder; it is fetched again when the report changes (or "
        "untick '{label}' in the site settings)",
        label=at.top("fetch_posters", SITE),
    ),
    "add 'base_url: https://…/' (the site's public address) to content/site.yaml, "
    "or pass --base-url": lambda p, at: _(
        "write the site's public address (https://…/) in '{label}' of the site settings",
        label=at.top("base_url", SITE),
    ),
}


def _msgid(text: object) -> str:
    return text.msgid if isinstance(text, Message) else str(text)


def _params(text: object) -> dict[str, Any]:
    return dict(text.params) if isinstance(text, Message) else {}


def parent(path: str) -> str:
    """``days[0].sessions[1].title`` → ``days[0].sessions[1]``; ``event`` → ``''``."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def in_form_words(
    message: str,
    hint: str | None,
    path: str,
    file: str,
    language: str,
    value_at: Callable[[str], tuple[bool, Any]],
    line: int | None,
) -> Worded:
    """``message`` and ``hint`` in the form's words, and the field path to show them at.
    ``file``: the site-relative file of the message (site.yaml or a report's file);
    ``value_at``: (found, value) of a field path of the form's file."""
    shape = SITE if file == "content/site.yaml" else REPORT
    msgid = _msgid(message)
    params = _params(message)
    at_mapping = msgid in AT_MAPPING
    place = Place(shape, path, path if at_mapping else parent(path), language)
    if msgid == UNKNOWN_KEY and path:
        return _unknown(params, _params(hint), place, file, line, value_at)
    worded_hint = _as_message(hint) if hint else None
    reword_hint = HINTS.get(_msgid(hint)) if hint else None
    if reword_hint is not None:
        worded_hint = reword_hint(_params(hint), place)
    reword = MESSAGES.get(msgid)
    if reword is not None:
        shown_at = f"{place.base}.consent" if msgid == NO_CONSENT and path else path
        if msgid == NO_BASE_URL and shape is SITE:
            shown_at = "base_url"  # beside its field in the site's form
        return Worded(reword(params, place), worded_hint, shown_at)
    keyed = _keyed(message, worded_hint, path, place)
    if keyed is not None:
        return keyed
    return Worded(_as_message(message), worded_hint, path)


def _as_message(text: str) -> Message:
    return text if isinstance(text, Message) else Message(text, {})


def _keyed(message: str, hint: str | None, path: str, place: Place) -> Worded | None:
    """A message naming its field through ``{key}`` (``'end' must be a time like 13:30``),
    with the label instead; a required key left out is a field to fill in."""
    if not isinstance(message, Message):
        return None
    key = message.params.get("key")
    if isinstance(key, Message) and key.msgid == ITEM:  # '{key} item': an item of a list
        inner = str(key.params.get("key", ""))
        item = path[: -len(key) - 1] if path.endswith("." + key) else path
        label = field_label(
            place.shape, parent(item) if item.endswith("]") else item, place.language
        )
        if label is None:
            return None
        worded = Message(message.msgid, {**message.params, "key": _(ITEM, key=label)})
        return Worded(worded, _hint_kept(hint, inner), item)
    if not isinstance(key, str) or (path != key and not path.endswith("." + key)):
        return None
    label = field_label(place.shape, path, place.language)
    if label is None:
        return None
    if message.msgid == MISSING_KEY:
        return Worded(_("fill in '{label}'", label=label), None, path)
    worded = Message(message.msgid, {**message.params, "key": label})
    return Worded(worded, _hint_kept(hint, key), path)


def _hint_kept(hint: str | None, key: str) -> Message | None:
    """The loader's hint, unless it tells to type the key ("add 'title:'"): the field is
    there to be filled in."""
    if not isinstance(hint, Message) or hint.params.get("key") == key:
        return None
    return hint


def _unknown(
    params: dict[str, Any],
    hint_params: dict[str, Any],
    at: Place,
    file: str,
    line: int | None,
    value_at: Callable[[str], tuple[bool, Any]],
) -> Worded:
    """An item the form has no field for: where it is, what it holds, and a button that
    moves it to the field it was meant for (a close key not given yet) or takes it out."""
    key = str(params["key"])
    name = file.rsplit("/", 1)[-1]
    message = _(
        "{shape} has an item '{key}' that the form has no field for ({file}, line {line}): "
        "the site cannot be built with it, so the form cannot be saved until it is moved or "
        "taken out",
        shape=params["shape"],
        key=key,
        file=name,
        line=line if line is not None else "?",
    )
    _found, value = value_at(at.path)
    shown = _shown(value, at.language)
    meant = hint_params.get("key")
    if not _PLAIN_KEY.match(key):
        return Worded(message, None, at.path)
    target = f"{at.base}.{meant}" if at.base else str(meant)
    if isinstance(meant, str) and not value_at(target)[0]:
        label = at.near(meant)
        button = _("Move it to '{label}'", label=label)
        hint = _(
            "it looks like a misspelling of '{label}': '{button}' puts its value ({value}) "
            "into that field",
            label=label,
            button=button,
            value=shown,
        )
        fix = {
            "action": "move",
            "path": at.path,
            "to": meant,
            "field": label,
            "label": render(button, at.language),
        }
        return Worded(message, hint, at.path, fix)
    button = _("Take this item out")
    hint = _(
        "its value is {value}. '{button}' takes it out of the form; the version before the "
        "save stays in the history of saves",
        value=shown,
        button=button,
    )
    fix = {"action": "remove", "path": at.path, "label": render(button, at.language)}
    return Worded(message, hint, at.path, fix)


def _shown(value: Any, language: str) -> str:
    """A value of the file as a short text: 「山田 花子」, or its JSON when it is not text."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(str(text).split())
    text = text if len(text) <= 40 else text[:38] + "…"
    return f"「{text}」" if language == "ja" else f"'{text}'"
