"""Rules on wording: spaces used for layout, and references by colour or position only
(notes)."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from seminar_site.i18n import _
from seminar_site.rules.findings import Finding, criterion
from seminar_site.rules.sources import NAME, SHORT, Prose, Region

# Kanji and kana (with 々 〆 ゝ ゞ ー ヽ ヾ): the characters a layout space is put between.
_J = (
    "\u3005\u3006\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
_IS_J = re.compile(f"[{_J}]")
_GAPS = re.compile(f"[{_J}]([ \u3000]+)(?=[{_J}])")  # spaces between two characters
LAYOUT_TRIGGER = re.compile("[ \u3000]")


@dataclass(frozen=True)
class _Gap:
    start: int
    end: int
    spaces: str


def _gaps(text: str, start: int = 0, end: int | None = None) -> list[_Gap]:
    found = _GAPS.finditer(text, start, len(text) if end is None else end)
    return [_Gap(match.start(1), match.end(1), match.group(1)) for match in found]


def layout_findings(prose: Prose) -> Iterator[Finding]:
    """Spaces between characters for layout (総　務　課, 佐 々 木, 課　長, 山田　　太郎).
    Three or more single characters with a space between each are a spaced-out word; two
    are one in a short field (a role, a label) and a name in a speaker's (林 修)."""
    text = prose.source.text
    gaps = _gaps(text)
    names: dict[int, Region] = {}
    index = 0
    while index < len(gaps):
        run = [gaps[index]]  # gaps with one character between each
        while index + len(run) < len(gaps) and gaps[index + len(run)].start == run[-1].end + 1:
            run.append(gaps[index + len(run)])
        index += len(run)
        start, end = run[0].start - 1, run[-1].end + 1
        first_single = not (start and _IS_J.match(text, start - 1))
        last_single = not _IS_J.match(text, end)
        if len(run) == 1 and not (first_single and last_single) and len(run[0].spaces) == 1:
            continue  # one space between words: no rule looks at it, no need to ask where
        region = prose.region(start, end)
        if region is None:
            continue
        if region.kind == NAME:
            names.setdefault(region.start, region)
            continue
        reported = yield from _spaced_words(prose, run, first_single, last_single, region)
        yield from (
            _wide(prose, gap)
            for gap in run
            if len(gap.spaces) > 1 and not any(low < gap.start < high for low, high in reported)
        )
    for region in names.values():
        yield from _name(prose, region.start, region.end)


def _spaced_words(
    prose: Prose, run: list[_Gap], first_single: bool, last_single: bool, region: Region
) -> Generator[Finding, None, list[tuple[int, int]]]:
    """The words of a run spelt out one character at a time; returns the spans reported.
    The characters between the gaps are single; the first and the last may end a word."""
    text = prose.source.text
    singles = [first_single, *([True] * (len(run) - 1)), last_single]
    starts = [run[0].start - 1, *(gap.end for gap in run)]  # each character's offset
    reported: list[tuple[int, int]] = []
    index = 0
    while index < len(singles):
        if not singles[index]:
            index += 1
            continue
        length = 1
        while index + length < len(singles) and singles[index + length]:
            length += 1
        if length >= 3 or (length == 2 and region.kind == SHORT):
            low, high = starts[index], starts[index + length - 1] + 1
            fixed = "".join(text[offset] for offset in starts[index : index + length])
            yield _layout(prose, low, high, fixed)
            reported.append((low, high))
        index += length
    if not reported and len(run) >= 3:  # 主催　事　務　局より: single characters inside words
        low, high = run[0].start - 1, run[-1].end + 1
        fixed = text[low] + "".join(text[gap.end] for gap in run)
        yield _layout(prose, low, high, fixed)
        reported.append((low, high))
    return reported


def _layout(prose: Prose, start: int, end: int, fixed: str) -> Finding:
    return prose.source.finding(
        "layout-spaces",
        start,
        _layout_message(prose.source.text[start:end]),
        _("write '{fixed}'", fixed=fixed),
        fix=(end, fixed),
    )


def _wide(prose: Prose, gap: _Gap) -> Finding:
    """Two or more spaces in a row between characters: one is what was meant."""
    text = prose.source.text
    start, end = gap.start - 1, gap.end + 1
    return _layout(prose, start, end, text[start] + gap.spaces[0] + text[gap.end])


def _name(prose: Prose, start: int, end: int) -> Iterator[Finding]:
    """A speaker's name: one space between family and given name is right, more is layout."""
    text = prose.source.text
    gaps = _gaps(text, start, end)
    if len(gaps) >= 2:
        yield prose.source.finding(
            "layout-spaces",
            gaps[0].start - 1,
            _layout_message(text[start:end].strip()),
            _(
                "write the name without spaces between its characters, with one space "
                "between family and given name at most, e.g. '佐々木 一郎'"
            ),
        )
    elif gaps and len(gaps[0].spaces) > 1:
        yield _wide(prose, gaps[0])


def _layout_message(text: str) -> str:
    return _(
        "the spaces in '{text}' are there for layout: screen readers read the characters "
        "as separate words ({criterion})",
        text=text,
        criterion=criterion("1.3.2"),
    )


_COLOUR = "(?:赤|青|緑|黄|黄色|橙|オレンジ|紫|ピンク|水色|茶|灰|灰色|グレー|黒|白)"
# Each pattern starts with a literal or one character class, which the regular expression
# engine skips to quickly; the English ones are screened that way and then matched exactly.
_COLOUR_JA = re.compile(
    rf"{_COLOUR}色?(?:(?:い|の)?(?:文字|字)(?:で|の(?:項目|部分|箇所|ところ|所|語句|欄)|部分|箇所"
    r"|表示)|で(?:示|表示|囲|塗|強調|書)|(?:い|の)?(?:枠|線|丸|矢印|ボタン|マーク|背景|網掛け)"
    r"(?=[でのにはをが]))"
)
_COLOURED_JA = re.compile(r"色の?(?:付いた|ついた)(?:部分|箇所|項目|所|文字)")
# 以下の表 and 上記 refer to the reading order, which a screen reader follows too.
_PLACE_JA = re.compile(
    r"(?:右|左|上|下)(?<![以地部][上下])(?:上|下)?側?(?:の|に(?:ある|示す|示した|掲載の|掲載した))?"
    r"(?:図|表|写真|画像|グラフ|イラスト|ボタン|リンク|欄|一覧|地図|囲み|アイコン|メニュー)"
)
_EN_SCREEN = re.compile(
    r"[IiTtMmSsHhWwFfPpCcBbLlOo](?:n|he|arked|hown|ighlighted|ritten|able|igure|mage|hoto"
    r"|icture|hart|ap|utton|ink)s? (?:in |on )?(?:the )?(?:red|blue|green|yellow|orange"
    r"|below|above|right|left)\b"
)
_COLOURS_EN = "(?:red|blue|green|yellow|orange)"
_COLOUR_EN = re.compile(
    rf"(?:(?:marked|shown|highlighted|written) )?in {_COLOURS_EN}"
    rf"|the {_COLOURS_EN} (?:text|items?|words?|box(?:es)?|buttons?)",
    re.I,
)
_PLACE_EN = re.compile(
    r"(?:the )?(?:table|figure|image|photo|picture|chart|map|button|link)s? "
    r"(?:below|above|on the (?:right|left))|on the (?:right|left)",
    re.I,
)
_WORD_CHAR = re.compile("[A-Za-z]")


def _references(text: str) -> Iterator[tuple[re.Match[str], bool]]:
    """(match, is a colour) of each reference by colour or by place."""
    for pattern, colour in ((_COLOUR_JA, True), (_COLOURED_JA, True), (_PLACE_JA, False)):
        for match in pattern.finditer(text):
            yield match, colour
    for screened in _EN_SCREEN.finditer(text):
        start = screened.start()
        if start and _WORD_CHAR.match(text, start - 1):
            continue
        for pattern, colour in ((_COLOUR_EN, True), (_PLACE_EN, False)):
            exact = pattern.match(text, start)
            if exact is not None and not _WORD_CHAR.match(text, exact.end()):
                yield exact, colour
                break


def reference_notes(prose: Prose) -> Iterator[Finding]:
    source = prose.source
    for match, colour in _references(source.text):
        if not prose.is_prose(*match.span()):
            continue
        if colour:
            yield source.finding(
                "colour-only",
                match.start(),
                _(
                    "'{text}' points to something by its colour alone: who cannot tell the "
                    "colours apart, or listens to the page, misses it ({criterion})",
                    text=match.group(),
                    criterion=criterion("1.4.1"),
                ),
                _("say it in words as well, e.g. '必須の項目（赤字）', or mark the items with ※"),
                note=True,
            )
        else:
            yield source.finding(
                "position-only",
                match.start(),
                _(
                    "'{text}' points to something by its place on the page: the layout "
                    "changes on a phone, and a screen reader has no right or below "
                    "({criterion})",
                    text=match.group(),
                    criterion=criterion("1.3.3"),
                ),
                _("name what you mean, e.g. '写真「会場の様子」' or '表「参加者数の推移」'"),
                note=True,
            )
