"""The placeholder texts that ``new`` and ``new-report`` write, and finding them left in.

One list for both sides: dev/scaffold.py writes these texts into a new site and report,
and the loader warns about each one still there, at its line and column, so that none is
published by mistake (build and check alike).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from seminar_site.errors import SiteError
from seminar_site.i18n import _
from seminar_site.settings.textfile import read_text


@dataclass(frozen=True)
class Placeholder:
    text: str
    whole: bool = False  # only as a whole YAML value (所属団体 is a word that real text has)
    # A sample name (山田 太郎 is a real name too, and a programme imported from a sheet or a
    # past page may hold it): counted only in a file that still holds another placeholder,
    # other than the title prompt (which an import writes too, beside real names).
    name: bool = False
    vouches: bool = True  # found, it makes the sample names in its file count


# The texts of the scaffold (dev/scaffold.py formats its templates with these).
TITLE_PROMPT = "(タイトルを入れてください)"
NEW_REPORT_TITLE = "セミナー開催報告" + TITLE_PROMPT
SITE_TITLE = "セミナーレポート"
SAMPLE_TITLE = "サンプルセミナー開催報告"
ORGANISER = "主催団体名"
KEYNOTE_TITLE = "基調講演のタイトル"
CASE_TITLE = "事例発表のタイトル"
SPEAKER = "山田 太郎"
SECOND_SPEAKER = "佐藤 花子"
ORGANISATION = "所属団体"
DEPARTMENT = "部署名"
ROLE = "役職"
CASE_SUMMARY = "事例発表の概要をここに書きます(短い場合はこのように直接書けます)。"
NARRATIVE = "ここに開催の背景や全体のまとめを書きます。"
KEYNOTE_SUMMARY = "講演の概要をここに書きます。段落は空行で区切ります。"
KEYNOTE_LIST = "箇条書きも使えます"
KEYNOTE_MARKUP = "**強調**や[主催者のサイト](https://www.example.jp/)のようなリンクも使えます"
PHOTO_ALT = "写真に写っているものの説明"
PHOTO_CAPTION = "写真の説明文"

PLACEHOLDERS = (
    Placeholder(TITLE_PROMPT, vouches=False),
    Placeholder(SITE_TITLE, whole=True),
    Placeholder(SAMPLE_TITLE),
    Placeholder(ORGANISER),
    Placeholder(KEYNOTE_TITLE),
    Placeholder(CASE_TITLE),
    Placeholder(SPEAKER, name=True),
    Placeholder(SECOND_SPEAKER, name=True),
    Placeholder(ORGANISATION, whole=True),
    Placeholder(DEPARTMENT, whole=True),
    Placeholder(ROLE, whole=True),
    Placeholder(CASE_SUMMARY),
    Placeholder(NARRATIVE),
    Placeholder(KEYNOTE_SUMMARY),
    Placeholder(KEYNOTE_LIST),
    Placeholder(KEYNOTE_MARKUP),
    Placeholder(PHOTO_ALT),
    Placeholder(PHOTO_CAPTION),
)


def find_placeholders(text: str, is_yaml: bool) -> list[tuple[int, int, str]]:
    """(line, col, placeholder) of each placeholder in ``text``; YAML comment lines (where
    the scaffold shows keys to uncomment) are skipped, a ``whole`` one counts only as a
    whole value (``role: 役職``), and a sample ``name`` only beside another placeholder."""
    found: list[tuple[int, int, str]] = []
    names: list[tuple[int, int, str]] = []
    vouched = False
    for placeholder in PLACEHOLDERS:
        if placeholder.whole and not is_yaml:
            continue
        start = text.find(placeholder.text)  # in the whole text: usually found nowhere
        while start >= 0:
            end = start + len(placeholder.text)
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            begin = start - line_start
            if not (is_yaml and line.lstrip().startswith("#")) and (
                not placeholder.whole or _whole_value(line, begin, begin + len(placeholder.text))
            ):
                place = (text.count("\n", 0, start) + 1, begin + 1, placeholder.text)
                (names if placeholder.name else found).append(place)
                vouched = vouched or (placeholder.vouches and not placeholder.name)
            start = text.find(placeholder.text, end)
    return sorted([*found, *names] if vouched else found)


def _whole_value(line: str, start: int, end: int) -> bool:
    before, after = line[:start], line[end:]
    if before[-1:] in ('"', "'") and after[:1] == before[-1]:
        before, after = before[:-1], after[1:]
    before = before.rstrip(" \t")
    after = after.strip(" \t")
    is_value = before.endswith(":") or before.lstrip(" \t") == "-" or before.endswith(" -")
    return is_value and (after == "" or after.startswith("#"))


def placeholders_in(files: Iterable[Path | tuple[Path, str]]) -> list[SiteError]:
    """A warning for each placeholder left in these files: paths (read here), or a path
    with the text the loader has already read."""
    warnings: list[SiteError] = []
    texts: dict[Path, str | None] = {}
    for file in files:
        path, text = file if isinstance(file, tuple) else (file, None)
        texts.setdefault(path, text)
    for path, known in texts.items():
        try:
            text = known if known is not None else read_text(path)
        except SiteError:  # read without trouble by the loader; nothing to add here
            continue
        is_yaml = path.suffix.lower() in (".yaml", ".yml")
        for line, col, text_found in find_placeholders(text, is_yaml):
            warnings.append(
                SiteError(
                    _(
                        "'{text}' is placeholder text (written by 'seminar-site new' or "
                        "'new-report'): it would be published as it is",
                        text=text_found,
                    ),
                    path,
                    line,
                    col,
                    hint=_("write the real text in its place"),
                )
            )
    return warnings
