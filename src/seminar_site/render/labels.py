"""The one translation table for fixed UI strings in the templates (ja and en).

Templates look strings up by key (`labels.skip_link`), so an English site comes from the
same templates. Every language must define exactly the same keys; a test checks this.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from seminar_site.i18n import _
from seminar_site.model import Event

LANGUAGES = ("ja", "en")

# key: (ja, en). Count strings take `{n}` (already formatted); `approx` takes `{x}`.
_TABLE: dict[str, tuple[str, str]] = {
    # navigation and landmarks
    "back_to_site": ("サイトへ戻る", "Back to site"),
    "skip_link": ("本文へ移動", "Skip to main content"),
    "breadcrumb": ("現在位置", "You are here"),
    "home": ("ホーム", "Home"),
    "reports": ("レポート一覧", "Reports"),
    "not_found_title": ("ページが見つかりません", "Page not found"),
    "not_found_text": (
        "お探しのページは見つかりませんでした。",
        "The page you are looking for could not be found.",
    ),
    "contact": ("お問い合わせ", "Contact"),
    "accessibility_policy": ("アクセシビリティ方針", "Accessibility policy"),
    # article dates; `label_separator` goes between a label and its value (公開日：…): a
    # full-width colon in Japanese text
    "published": ("公開日", "Published"),
    "updated": ("更新日", "Updated"),
    "label_separator": ("：", ": "),
    # around a venue after the format (ハイブリッド(会場名), Hybrid (venue))
    "paren_open": ("(", " ("),
    "paren_close": (")", ")"),
    # 開催概要
    "event_overview": ("開催概要", "Event overview"),
    "date_time": ("日時", "Date"),
    "format": ("形式", "Format"),
    "venue": ("会場", "Venue"),
    "organizer": ("主催", "Organizer"),
    "co_organizer": ("共催", "Co-organizer"),
    "audience": ("対象", "Audience"),
    "attendance": ("参加者数", "Participants"),
    "applications": ("申込数", "Applications"),
    "format_online": ("オンライン", "Online"),
    "format_offline": ("会場開催", "In person"),
    "format_hybrid": ("ハイブリッド", "Hybrid"),
    "online": ("配信", "Streaming"),
    # one part of the participants after the total: 389名(会場138名、オンライン251名)
    "participants_part": ("{label}{n}名", "{label}: {n}"),
    # between two times (13:00～13:10): Japanese screen readers read ～ as から, and the en
    # dash as nothing or as a minus; English keeps the en dash
    "time_range": ("～", "–"),
    # sessions and speakers
    "speaker_separator": ("、", ", "),
    "honorific_default": ("氏", ""),
    # session roles (speakers are grouped by them); `_many` for a group of several
    "role_chair": ("司会", "Chair"),
    "role_chair_many": ("司会", "Chairs"),
    "role_moderator": ("モデレーター", "Moderator"),
    "role_moderator_many": ("モデレーター", "Moderators"),
    "role_coordinator": ("コーディネーター", "Coordinator"),
    "role_coordinator_many": ("コーディネーター", "Coordinators"),
    "role_panelist": ("パネリスト", "Panelist"),
    "role_panelist_many": ("パネリスト", "Panelists"),
    "role_speaker": ("登壇者", "Speaker"),
    "role_speaker_many": ("登壇者", "Speakers"),
    "role_commentator": ("コメンテーター", "Commentator"),
    "role_commentator_many": ("コメンテーター", "Commentators"),
    # photos and the lightbox
    "photos": ("写真", "Photos"),
    "photo_credit": ("写真提供", "Photo"),
    "previous": ("前へ", "Previous"),
    "next": ("次へ", "Next"),
    "close": ("閉じる", "Close"),
    # counts
    "people_count": ("{n}名", "{n} people"),
    "people_count_one": ("{n}名", "{n} person"),
    "applications_count": ("{n}件", "{n} applications"),
    "applications_count_one": ("{n}件", "{n} application"),
    "approx": ("約{x}", "about {x}"),
    # site index, feed and page furniture
    "report_list_lead": (
        "開催したセミナー・イベントの報告です。",
        "Reports of our seminars and events.",
    ),
    "feed": ("更新情報(Atom)", "Updates (Atom feed)"),
    "page_top": ("ページの先頭へ", "Back to top"),
    "programme": ("プログラム", "Programme"),
    "no_photos": ("写真はありません。", "No photos."),
    "email": ("メール", "E-mail"),
    "phone": ("電話", "Phone"),
    "contact_form": ("お問い合わせフォーム", "Contact form"),
    "locale": ("ja_JP", "en_US"),
}

_BY_LANG: dict[str, Mapping[str, str]] = {
    lang: MappingProxyType({key: values[i] for key, values in _TABLE.items()})
    for i, lang in enumerate(LANGUAGES)
}


def labels_for(lang: str) -> Mapping[str, str]:
    """All UI strings for one language (read-only). Unknown language -> ValueError."""
    try:
        return _BY_LANG[lang]
    except KeyError:
        message = _(
            "unknown language {language}; expected one of {languages}",
            language=repr(lang),
            languages=", ".join(LANGUAGES),
        )
        raise ValueError(message) from None


def _count(key: str, n: int, lang: str, approximate: bool) -> str:
    labels = labels_for(lang)
    text = labels[f"{key}_one" if n == 1 else key].format(n=f"{n:,}")
    return labels["approx"].format(x=text) if approximate else text


def people_count(n: int, lang: str, approximate: bool = False) -> str:
    """ja "300名" / "約300名"; en "300 people" / "about 300 people"."""
    return _count("people_count", n, lang, approximate)


def applications_count(n: int, lang: str, approximate: bool = False) -> str:
    """ja "240件" / "約240件"; en "240 applications"."""
    return _count("applications_count", n, lang, approximate)


ROLES = ("chair", "moderator", "coordinator", "panelist", "speaker", "commentator")
# What an author may write for each known role: its key, or its label in either language.
_ROLE_WORDS = {
    word.casefold(): role
    for role in ROLES
    for word in (role, *_TABLE[f"role_{role}"], *_TABLE[f"role_{role}_many"], f"{role}s")
} | {"司会者": "chair", "panellist": "panelist"}


def role_key(written: str) -> str:
    """The known role a session role names ('panelist' for パネリスト), or '' for free text."""
    return _ROLE_WORDS.get(written.strip().casefold(), "")


def role_label(written: str, lang: str, many: bool = False) -> str:
    """A session role as the page shows it: a known role in the page's language, free text
    as written."""
    role = role_key(written)
    if not role:
        return written
    return labels_for(lang)[f"role_{role}_many" if many else f"role_{role}"]


def shown_format(event: Event, lang: str) -> str:
    """The 形式 row: the format, and for an online event its platform in brackets
    (オンライン(Zoom)); a venue written with the format already (``venue: オンライン(Zoom)``,
    as the docs' example) is shown as written, not as オンライン(オンライン(Zoom))."""
    labels = labels_for(lang)
    shown = labels["format_" + event.format]
    venue = event.venue.strip()
    if event.format != "online" or not venue or venue == shown:
        return shown
    if venue.startswith(shown):
        return venue
    return shown + labels["paren_open"] + venue + labels["paren_close"]


def participants_part(label: str, n: int, lang: str) -> str:
    """ja "会場138名"; en "Venue: 138"."""
    return labels_for(lang)["participants_part"].format(label=label, n=f"{n:,}")
