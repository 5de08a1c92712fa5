"""The editor names fields by the labels the form shows, never by their YAML keys (which its
authors never see); `check` keeps the keys, where the author edits the YAML. An item of the
file that the form has no field for is said in plain words, with a button to fix it."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seminar_site.settings.schema import Shape
from seminar_site.settings.shapes import REPORT, SITE
from tests.test_editor_api import SLUGS, TestClient, client, load, site, web

__all__ = ["site", "web"]  # the fixtures, imported for pytest

SLUG = SLUGS[0]
SPEAKER = "days[0].sessions[3].speakers[0]"  # 中村健, with two affiliations


def _keys(shape: Shape) -> set[str]:
    found = set()
    for field in shape.fields:
        found.add(field.key)
        for inner in (field.shape, field.item, *field.alternatives):
            if isinstance(inner, Shape):
                found |= _keys(inner)
    return found


KEYS = _keys(REPORT) | _keys(SITE)


def _raw_keys(text: str) -> set[str]:
    """The YAML keys a text names as keys: 「participants」, 'end', start: 13:30."""
    named = set(re.findall(r"[「'‘“]([a-z_]+)[」'’”]", text))
    named |= set(re.findall(r"(?<![\w/.])([a-z_]+):(?:\s|$)", text))
    return named & KEYS


def _issues(web: TestClient, data: Any, markdown: dict[str, str] | None = None) -> list[dict]:  # type: ignore[type-arg]
    payload = {"target": "report", "slug": SLUG, "data": data, "markdown": markdown or {}}
    answer = web.post("/_edit/api/validate", json=payload)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return [*body["errors"], *body["warnings"]]


def _set(path: str, value: Any) -> Callable[[dict], None]:  # type: ignore[type-arg]
    def change(data: dict) -> None:  # type: ignore[type-arg]
        keys = re.findall(r"[^.\[\]]+", path)
        node: Any = data
        for key in keys[:-1]:
            node = node[int(key)] if key.isdigit() else node.setdefault(key, {})
        node[keys[-1]] = value

    return change


CASES: dict[str, tuple[Callable[[dict], None], str, list[str]]] = {  # type: ignore[type-arg]
    # name: (change, the field path shown at, texts the message or hint must hold)
    "both given": (
        _set(f"{SPEAKER}.role", "事務局長"),
        f"{SPEAKER}.affiliations",
        ["「役職」と「複数の所属」の両方は書けません"],
    ),
    "participants and their parts": (
        _set("event.participants_parts", [{"label": "会場", "count": 10}]),
        "event.participants",
        ["「参加者数」は 300 ですが、「参加者数の内訳」", "「参加者数」に 10 と書くか、空にして"],
    ),
    "about a number": (
        _set("event.participants", "約300"),
        "event.participants",
        ["300 と書いてください", "「参加者数を「約…」と表示します」にチェック"],
    ),
    "modified before published": (
        _set("modified", "2020-01-01"),
        "modified",
        ["「大きく更新した日」が「公開日」より前の日付です"],
    ),
    "days out of order": (
        _set("days[1].date", "2021-01-01"),
        "days[1].date",
        ["「イベントの開催日」の各日は日付の順に", "「上へ」「下へ」"],
    ),
    "a session with neither title nor kind": (
        lambda data: [data["days"][0]["sessions"][0].pop(k) for k in ("kind", "title")],
        "days[0].sessions[0]",  # the session itself, not its first field
        ["「講演のタイトル」か「セッションの種類」"],
    ),
    "a material with neither file nor url": (
        _set("materials", [{"label": "講演資料"}]),
        "materials[0]",
        ["「ほかの場所で公開している資料のアドレス」"],
    ),
    "a vague material label": (
        _set("materials", [{"label": "資料", "url": "https://example.jp/a.pdf"}]),
        "materials[0].label",
        ["「何の資料か」に、講演資料、配布資料"],
    ),
    "a time range in one field": (
        _set("days[0].sessions[0].start", "13:30～14:10"),
        "days[0].sessions[0].start",
        ["「開始時刻」に 13:30、「終了時刻」に 14:10"],
    ),
    "a kind in brackets": (
        _set("days[0].sessions[0].kind", "【講演】"),
        "days[0].sessions[0].kind",
        ["「セッションの種類」には「講演」と書いて"],
    ),
    "alt text equal to the caption": (
        lambda data: data["days"][0]["photos"][0].update(
            alt=data["days"][0]["photos"][0]["caption"]
        ),
        "days[0].photos[0].alt",
        ["「写真の内容を説明する代替テキスト」には写真に写っているもの"],
    ),
    "a photo without alt text": (
        _set("days[0].photos[0].alt", ""),
        "days[0].photos[0].alt",
        ["「写真の内容を説明する代替テキスト」に写真に写っているもの"],
    ),
    "a photo of the folder in no day": (
        lambda data: data["days"][0]["photos"].pop(),
        "days[0].photos",
        ["どの日の「その日の写真」にも入っていない", "その日の「その日の写真」に追加して"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_message_in_the_form_names_the_fields_label_not_its_key(
    web: TestClient, name: str
) -> None:
    change, path, expected = CASES[name]
    data = copy.deepcopy(load(web, SLUG)["data"])
    change(data)
    shown = [i for i in _issues(web, data) if i["path"] == path]
    assert shown, (name, [(i["path"], i["message"]) for i in _issues(web, data)])
    texts = " ".join(f"{i['message']} {i['hint'] or ''}" for i in shown)
    for part in expected:
        assert part in texts, (name, texts)
    assert _raw_keys(texts) == set(), (name, texts)


def test_markdown_hints_name_the_sections_of_the_form(web: TestClient) -> None:
    data = load(web, SLUG)["data"]
    markdown = {"narrative.md": "<iframe src='https://www.youtube.com/embed/x'></iframe>\n\n"}
    markdown["narrative.md"] += "[資料](file:///c:/資料.docx)\n"
    shown = [i for i in _issues(web, data, markdown) if i["file"].endswith("narrative.md")]
    hints = " ".join(i["hint"] or "" for i in shown)
    assert "「講演の記録映像」か「催し全体の記録映像」" in hints, hints
    assert "「講演の資料」か「催し全体の資料」" in hints, hints
    assert _raw_keys(hints) == set(), hints


def test_the_site_settings_name_their_labels(site: Path) -> None:
    web, _security = client(site)
    with web:
        data = web.get("/_edit/api/site").json()["data"]
        unset = {k: v for k, v in data.items() if k != "base_url"}  # a warning only
        wrong = {**data, "utc_offset": "9", "photos": {"widths": [5, "abc"]}}
        issues = {}
        for sent in (unset, wrong):
            answer = web.post("/_edit/api/validate", json={"target": "site", "data": sent})
            issues |= {i["path"]: i for i in [*answer.json()["errors"], *answer.json()["warnings"]]}
    assert issues["base_url"]["message"].startswith("「サイトを公開するアドレス」が設定されて")
    assert "サイトの設定の「サイトを公開するアドレス」に" in issues["base_url"]["hint"]
    assert (
        issues["utc_offset"]["message"]
        == "「イベントの時間帯」は +09:00 のような形で書いてください"
    )
    assert issues["photos.widths"]["message"].startswith("「書き出す写真の大きさ」は 16 から")
    assert "書き出す写真の大きさ" in issues["photos.widths[1]"]["message"]
    for issue in issues.values():
        assert _raw_keys(f"{issue['message']} {issue['hint'] or ''}") == set(), issue


def test_a_photo_without_consent_is_asked_for_at_its_consent_field(site: Path) -> None:
    settings = site / "content/site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "require_consent: true\n", "utf-8")
    web, _security = client(site)
    with web:
        data = load(web, SLUG)["data"]
        del data["days"][0]["photos"][1]["consent"]
        [issue] = [i for i in _issues(web, data) if "consent" in i["path"]]
    assert issue["path"] == "days[0].photos[1].consent"
    assert "「写っている人の同意」を選んでください" in issue["message"]
    assert issue["hint"] == "サイトの設定で、すべての写真に必要になっています"


def test_an_item_the_form_has_no_field_for_says_where_and_offers_a_fix(web: TestClient) -> None:
    data = load(web, SLUG)["data"]
    speaker = data["days"][0]["sessions"][0]["speakers"][0]
    speaker["nmae"] = speaker.pop("name")  # a colleague's typo in the YAML
    data["event"]["zzz"] = {"a": 1}
    issues = {i["path"]: i for i in _issues(web, data)}
    typo = issues["days[0].sessions[0].speakers[0].nmae"]
    assert "フォームにない項目「nmae」" in typo["message"] and "report.yaml の" in typo["message"]
    assert "移すか消すまで保存できません" in typo["message"]
    assert "「氏名」の書き間違いのようです" in typo["hint"] and "「槙 茂」" in typo["hint"]
    assert typo["fix"] == {
        "action": "move",
        "path": "days[0].sessions[0].speakers[0].nmae",
        "to": "name",
        "field": "氏名",
        "label": "「氏名」に移す",
    }
    unknown = issues["event.zzz"]
    assert '書かれている値は「{"a": 1}」です' in unknown["hint"]
    assert unknown["fix"] == {"action": "remove", "path": "event.zzz", "label": "この項目を消す"}
    # Moving it, as the button does, leaves no error; taking the other out too.
    speaker["name"] = speaker.pop("nmae")
    del data["event"]["zzz"]
    payload = {"target": "report", "slug": SLUG, "data": data}
    assert web.post("/_edit/api/validate", json=payload).json()["errors"] == []


def test_a_close_key_already_given_is_not_offered_as_the_move(web: TestClient) -> None:
    data = load(web, SLUG)["data"]
    data["days"][0]["sessions"][0]["speakers"][0]["nmae"] = "槙 茂"  # and name is there
    [issue] = [i for i in _issues(web, data) if i["path"].endswith(".nmae")]
    assert issue["fix"]["action"] == "remove"


def test_check_keeps_the_keys_where_the_author_edits_the_yaml(site: Path) -> None:
    from seminar_site.i18n import render
    from seminar_site.pipeline.check import check

    report = site / f"content/reports/{SLUG}/report.yaml"
    text = report.read_text(encoding="utf-8")
    parts = "  participants_parts:\n    - {label: 会場, count: 10}\n  zzz: 1\n"
    text = text.replace("  participants: 300\n", "  participants: 300\n" + parts, 1)
    speaker = "          - name: 中村健\n"
    text = text.replace(speaker, speaker + "            role: 事務局長\n", 1)
    report.write_text(text, encoding="utf-8")
    messages = " ".join(render(e.message, "ja") for e in check(site).errors)
    assert "「participants」は 300 ですが、「participants_parts」の合計は 10 です" in messages
    assert "「zzz」というキーはありません" in messages
    assert "「role」と「affiliations」の両方は書けません" in messages, messages


def test_an_english_site_gets_the_form_words_in_english(site: Path) -> None:
    web, _security = client(site, language="en")
    with web:
        data = load(web, SLUG)["data"]
        data["event"]["participants_parts"] = [{"label": "hall", "count": 10}]
        [issue] = [i for i in _issues(web, data) if i["path"] == "event.participants"]
    assert issue["message"] == (
        "'Number of participants' is 300, but the numbers in 'Participants by part' add up to 10"
    )
    assert issue["hint"] == (
        "write 10 in 'Number of participants', or leave it empty to have the total computed"
    )
