"""Speaker lines of Japanese programmes split into report.yaml speakers.

``講師：筑波大学 システム情報系 准教授　佐々木　一郎　氏`` becomes organisation 筑波大学,
department システム情報系, role 准教授, name 佐々木 一郎 (layout spaces made single), and the
honorific is left to the site (氏); ``早稲田大学 名誉教授/マニフェスト研究所 顧問 北川 正恭`` has
two affiliations and no honorific. Pure functions on text: the page readers call them.
"""

from __future__ import annotations

import re
from typing import Any

# Words before 「：」 that say what the people on the line do in the session. 講師, 発表者 and
# 登壇者 are what a session's speakers are anyway: they set no session_role.
_PLAIN_ROLES = ("講師", "発表者", "登壇者", "演者", "報告者", "スピーカー")
_SESSION_ROLES = {
    "司会": "司会",
    "司会者": "司会",
    "進行": "司会",
    "モデレーター": "モデレーター",
    "コーディネーター": "コーディネーター",
    "ファシリテーター": "ファシリテーター",
    "パネリスト": "パネリスト",
    "コメンテーター": "コメンテーター",
    "助言者": "助言者",
}
_PREFIX = re.compile(
    r"^[〇○●・]?\s*(?P<word>"
    + "|".join(sorted((*_PLAIN_ROLES, *_SESSION_ROLES), key=len, reverse=True))
    + r")\s*[：:]\s*"
)
_HONORIFIC = re.compile(r"\s*(?P<h>氏|様|さん|先生)$")
_SPACES = re.compile(r"[\s\u3000]+")
_NAME_FIRST = re.compile(
    r"^(?P<name>[^\s（(）)]{1,5}(?: [^\s（(）)]{1,5})?) ?(?P<h>氏|様|先生|さん)?"
    r" ?[（(](?P<aff>[^（）()]+)[）)]$"
)
_SLASH = re.compile(r"\s*[/／]\s*")
# A speaker ends with an honorific; the next one starts after 、 (or a comma).
_SPEAKER_SEPARATOR = re.compile(
    r"(?<=氏|様)\s*[、,，]\s*|(?<=先生)\s*[、,，]\s*|(?<=[）)])\s*[、,，]\s*"
)

# Endings of a role or job title. 長 covers 課長, 部長, 市長, 事務局長 ...
_ROLE_ENDINGS = (
    "長", "教授", "講師", "助教", "研究員", "主査", "主任", "主事", "主幹", "参事", "参与",
    "顧問", "補佐", "担当官", "理事", "委員", "代表", "取締役", "役員", "職員", "知事",
    "ディレクター", "マネージャー", "マネジャー", "コンサルタント", "リーダー", "エンジニア",
    "アナリスト", "プロデューサー", "オフィサー", "フェロー", "パートナー", "アドバイザー",
    "監", "統括", "専門員", "技師", "推進員", "支援員", "相談員", "官", "CEO", "CIO", "CDO",
    "CTO", "会長", "社長", "議員", "プランナー", "デザイナー", "研究者", "学生", "院生",
)  # fmt: skip
# A municipality and a role written together (いちょう町デジタル推進員, 八王子市総務部長).
_PLACE_THEN_ROLE = re.compile(r"^(?P<place>[^\s]{1,6}?[都道府県市区町村])(?P<role>[^\s]{2,})$")
_ORG_MARKS = (
    "市", "町", "村", "県", "都", "府", "道", "区", "大学", "株式会社", "有限会社", "(株)",
    "（株）", "法人", "機構", "協会", "研究所", "省", "庁", "委員会", "財団", "事務所", "銀行",
    "会社", "会議所", "学院", "公社", "組合", "連合", "協議会", "センター", "合同会社", "Inc",
    "LLC", "高校", "学校", "病院", "会",
)  # fmt: skip
_UNIT_ENDINGS = ("部", "課", "係", "室", "局", "班", "系", "科", "グループ", "チーム", "担当")
_NAME_PART = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff\u3005\u3040-\u309f]{1,4}$")
_KANA_NAME_PART = re.compile(r"^[\u30a0-\u30ffー・]{2,10}$")
_MAX_LINE = 160


def normalise_spaces(text: str) -> str:
    """Layout spaces (full-width, several, tabs) as one ASCII space."""
    return _SPACES.sub(" ", text).strip()


def _is_role(token: str) -> bool:
    return token == "兼" or token.startswith("元") or token.endswith(_ROLE_ENDINGS)


def _is_org(token: str) -> bool:
    """Ends like an organisation (つくば市, 株式会社クニエ is caught by its length elsewhere);
    a mark inside is not enough: 中村 and 町田 are names."""
    if token.startswith(("株式会社", "有限会社", "合同会社")):
        return True
    long_mark = token.endswith(tuple(m for m in _ORG_MARKS if len(m) > 1))
    return long_mark or (len(token) >= 3 and token.endswith(_ORG_MARKS))  # 中村, 木村: names


def _name_part(token: str) -> bool:
    if _is_role(token) or _is_org(token) or token.endswith(_UNIT_ENDINGS):
        return False
    return bool(_NAME_PART.match(token) or _KANA_NAME_PART.match(token))


def _split_name(tokens: list[str]) -> tuple[str, list[str]] | None:
    """The name at the end of ``tokens`` (family and given name, or one token) and the rest."""
    if (
        len(tokens) >= 2
        and _name_part(tokens[-1])
        and _name_part(tokens[-2])
        and len(tokens[-2]) + len(tokens[-1]) <= 8
    ):
        return f"{tokens[-2]} {tokens[-1]}", tokens[:-2]
    last = tokens[-1] if tokens else ""
    if _name_part(last) and 2 <= len(last) <= 5:
        return last, tokens[:-1]
    return None


def _affiliation(text: str) -> dict[str, str]:
    """``塩尻市 企画政策部 情報政策課長`` → organisation, department, role."""
    tokens = text.split(" ") if text else []
    start = next((i for i, token in enumerate(tokens) if _is_role(token)), len(tokens))
    before, role = tokens[:start], tokens[start:]
    if role and not before:
        local = _PLACE_THEN_ROLE.match(role[0])
        if local and _is_role(local["role"]):  # いちょう町デジタル推進員
            before, role = [local["place"]], [local["role"], *role[1:]]
    found: dict[str, str] = {}
    if before and not before[0].endswith(_UNIT_ENDINGS):
        found["organisation"] = before.pop(0)
    if before:
        found["department"] = " ".join(before)
    if role:
        found["role"] = " ".join(role)
    return found


# Role words that end a 「所属・役職」 cell clearly: 「さくら大学 教授」, 「さくら市 企画課長」.
_CLEAR_ROLES = (
    "教授", "准教授", "助教", "講師", "課長", "部長", "係長", "主査", "主任", "主事", "主幹",
    "参事", "理事長", "理事", "代表取締役", "取締役", "社長", "会長", "室長", "センター長",
    "所長", "局長", "課長補佐", "研究員", "顧問", "委員長", "校長", "館長", "院長", "市長",
    "町長", "村長", "知事", "代表", "CEO", "CIO", "CTO", "CDO",
)  # fmt: skip


def split_affiliation(text: str) -> dict[str, str] | None:
    """A 「所属・役職」 cell as organisation (department) and role, when a known role word
    ends it and nothing before it is a role: 「さくら大学 教授」, 「さくら大学教授」; None when
    the split is not clear (the caller keeps the cell whole)."""
    text = normalise_spaces(text)
    tokens = text.split(" ") if text else [""]
    last = tokens[-1]
    if len(tokens) == 1 and _is_org(last) and not last.endswith(_CLEAR_ROLES):
        return {"organisation": last}  # no role in it: an organisation alone
    if not last.endswith(_CLEAR_ROLES) or any(_is_role(t) for t in tokens[:-1]):
        return None
    if len(tokens) == 1:
        if last in _CLEAR_ROLES:
            return {"role": last}
        role = max((r for r in _CLEAR_ROLES if last.endswith(r)), key=len)
        place = last[: -len(role)]
        return {"organisation": place, "role": role} if _is_org(place) else None
    found = _affiliation(text)
    clear = "role" in found and ("organisation" in found or "department" in found)
    return found if clear else None


def _name_first(text: str) -> str:
    """「山田 太郎 氏（かえで大学 教授）」 → 「かえで大学 教授 山田 太郎 氏」: the usual order."""
    found = _NAME_FIRST.match(text)
    if not found:
        return text
    return f"{found['aff']} {found['name']} {found['h'] or ''}".strip()


def parse_speaker(text: str, session_role: str | None = None) -> dict[str, Any] | None:
    """One speaker (``株式会社クニエ ディレクター 槙 茂 氏``), or None when it is no speaker."""
    text = _name_first(normalise_spaces(text))
    honorific = _HONORIFIC.search(text)
    body = text[: honorific.start()] if honorific else text
    tokens = normalise_spaces(body).split(" ") if body.strip() else []
    named = _split_name(tokens)
    if named is None:
        return None
    name, rest = named
    affiliations = [_affiliation(part) for part in _SLASH.split(" ".join(rest)) if part]
    affiliations = [a for a in affiliations if a]
    if not honorific and not affiliations and session_role is None:
        return None  # a bare word is no speaker line
    speaker: dict[str, Any] = {"name": name}
    if honorific is None:
        speaker["honorific"] = ""
    elif honorific["h"] != "氏":
        speaker["honorific"] = honorific["h"]
    if session_role:
        speaker["session_role"] = session_role
    if len(affiliations) == 1:
        speaker.update(affiliations[0])
    elif affiliations:
        speaker["affiliations"] = affiliations
    return speaker


def parse_speaker_line(line: str) -> list[dict[str, Any]] | None:
    """Every speaker of a line (``講師：…氏、…氏``), or None when the line is not a speaker line."""
    text = normalise_spaces(line)
    if not text or len(text) > _MAX_LINE or "。" in text or "「" in text or "【" in text:
        return None
    prefix = _PREFIX.match(text)
    session_role: str | None = None
    if prefix:
        session_role = _SESSION_ROLES.get(prefix["word"])
        text = text[prefix.end() :]
    pieces = [p for p in _SPEAKER_SEPARATOR.split(text) if p.strip()]
    speakers: list[dict[str, Any]] = []
    for piece in pieces:
        speaker = parse_speaker(piece, session_role if prefix else None)
        if speaker is None:
            return None
        if prefix and session_role is None:
            speaker.pop("session_role", None)
        speakers.append(speaker)
    if not speakers:
        return None
    if not prefix and not any(_looks_named(s) for s in speakers):
        return None
    return _inherit_organisation(speakers)


def _looks_named(speaker: dict[str, Any]) -> bool:
    """Without a 「講師：」 prefix, a line is a speaker line when it names an organisation or a
    role beside the name, or ends with an honorific."""
    return (
        speaker.get("honorific") != ""
        or "role" in speaker
        or "organisation" in speaker
        or "affiliations" in speaker
    )


_SAME_UNIT = re.compile(r"同(課|部|局|室|係|班|グループ|センター|研究科|学部)")


def _same_unit(department: str, above: str) -> str:
    """「同課」 after 「総務部 総務課」 → 「総務部 総務課」, 「同部」 → 「総務部」: the unit of the
    speaker above, as 「同」/「同上」 is the organisation above; as written when none is."""
    found = _SAME_UNIT.fullmatch(department)
    if found is None:
        return department
    tokens = above.split(" ") if above else []
    last = max((i for i, t in enumerate(tokens) if t.endswith(found[1])), default=None)
    return department if last is None else " ".join(tokens[: last + 1])


def _inherit_organisation(speakers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``東村山市 … 深野 聡 氏、情報政策課主査 川合 憲二 氏``: the second works at 東村山市 too;
    ``…総務課 主査 佐藤 花子 氏、同課 主事 鈴木 一郎 氏``: in 総務課 too."""
    previous: str | None = None
    department = ""
    for speaker in speakers:
        if "department" in speaker:
            speaker["department"] = _same_unit(speaker["department"], department)
        department = speaker.get("department", "")
        organisation = speaker.get("organisation")
        alone = organisation is None and previous and "affiliations" not in speaker
        if alone and ("department" in speaker or "role" in speaker):
            ordered = {"name": speaker.pop("name"), "organisation": previous}
            ordered.update(speaker)
            speaker.clear()
            speaker.update(ordered)
        previous = speaker.get("organisation", previous)
    return speakers
