"""A saved HTML report page (as a municipal CMS makes them) into lines, chrome left out.

Chrome is recognised by its markup (``header``/``nav``/``footer``/``aside``, landmark roles,
the ids and classes CMSs give them: ``#header``, ``.breadcrumb``, ``.topicpath``, ``.pankuzu``,
``.pagetop``, ``.contact``…) and by its words (the 「お問い合わせ」 box, 「ページの先頭へ」).
The main content (``<main>``, ``role=main``, ``#main``/``#contents``, else the body) becomes
lines: headings, paragraph lines (``<br>`` splits them), overview rows from two-cell tables
and definition lists, images with their alt text, and links to PDF and Office files.
Parsing is BeautifulSoup's with Python's own HTML parser: no compiled dependency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from seminar_site.imports.page_files import is_material_link
from seminar_site.imports.page_lines import Chrome, Line, is_chrome_line, is_contact_heading

_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select")
_CHROME_TAGS = ("nav",)
_OUTER_CHROME_TAGS = ("header", "footer", "aside")
_CHROME_ROLES = ("banner", "navigation", "contentinfo", "complementary", "search")
_CHROME_NAMES = re.compile(
    r"(?:^|[-_ ])(?:g?navi?|globalnav|gnavi|localnav|lnav|snav|menu|breadcrumbs?|bread|"
    r"topicpath|topic-path|pankuzu|pan|sidebar|side|sidenav|pagetop|page-top|skip|"
    r"utility|sns|share|contact|contact_box|inquiry|toiawase|otoiawase|feedback|enquete|"
    r"related|relation|kanren)(?:$|[-_ ])",
    re.IGNORECASE,
)
_OUTER_CHROME_NAMES = re.compile(
    r"(?:^|[-_ ])(?:header|footer|site-header|site-footer)(?:$|[-_ ])", re.I
)
_MAIN_IDS = ("main", "contents", "content", "main-contents", "maincontents", "main_contents",
             "tmp_contents", "article", "primary")  # fmt: skip
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th", "blockquote", "pre", "figure", "figcaption",
    "address", "hr", "header", "footer", "center", *_HEADINGS,
}  # fmt: skip
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")


def _links_only(text: str, labels: list[str]) -> bool:
    """「資料：パネル資料（PDF：1.2MB）」: the line says nothing but its links and a word."""
    if not labels or "。" in text:
        return False
    rest = text
    for label in labels:
        rest = rest.replace(label, "")
    return len(rest.strip(" \u3000：:・、")) <= 6


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" \u3000")


def _names(tag: Tag) -> str:
    value = tag.get("class")
    classes = [value] if isinstance(value, str) else [str(c) for c in value or ()]
    return " ".join([str(tag.get("id") or ""), *classes])


def _inside_main(tag: Tag) -> bool:
    return any(p.name in ("main", "article") for p in tag.parents)


def _is_chrome(tag: Tag) -> bool:
    role = str(tag.get("role") or "")
    names = _names(tag)
    if tag.name in _CHROME_TAGS or role in _CHROME_ROLES or _CHROME_NAMES.search(names):
        return not (tag.name in _HEADINGS or tag.name == "main")
    if tag.name in _OUTER_CHROME_TAGS or _OUTER_CHROME_NAMES.search(names):
        return not _inside_main(tag)
    return False


def _chrome_text(tag: Tag) -> str:
    text = _clean(tag.get_text(" "))
    return text if len(text) <= 60 else text[:59] + "…"


def _remove_chrome(body: Tag) -> list[Chrome]:
    chrome: list[Chrome] = []
    for tag in list(body.find_all(True)):
        if tag.decomposed or not isinstance(tag, Tag):
            continue
        if _is_chrome(tag):
            chrome.append(Chrome(tag.sourceline or 0, _chrome_text(tag)))
            tag.decompose()
    for heading in list(body.find_all(_HEADINGS)):
        if heading.decomposed or not is_contact_heading(heading.get_text()):
            continue
        box = heading.parent
        if (
            isinstance(box, Tag)
            and box.name in ("div", "section", "aside")
            and box is not body
            and box.find(_HEADINGS) is heading
        ):
            chrome.append(Chrome(box.sourceline or 0, _chrome_text(box)))
            box.decompose()
            continue
        for sibling in [heading, *heading.find_next_siblings()]:
            if sibling is not heading and sibling.name in _HEADINGS:
                break
            chrome.append(Chrome(sibling.sourceline or 0, _chrome_text(sibling)))
            sibling.decompose()
    return chrome


def _main(body: Tag) -> Tag:
    found = body.find("main") or body.find(True, attrs={"role": "main"})
    if isinstance(found, Tag):
        return found
    for name in _MAIN_IDS:
        by_id = body.find(id=name)
        if isinstance(by_id, Tag) and by_id.find(_HEADINGS):
            return by_id
    return body


@dataclass
class _Walk:
    lines: list[Line] = field(default_factory=list)
    chrome: list[Chrome] = field(default_factory=list)
    run: list[str] = field(default_factory=list)
    run_line: int = 0
    links: list[Line] = field(default_factory=list)
    images: list[Line] = field(default_factory=list)
    unnamed: bool = False  # the programme table's names are written without honorifics
    items: int = 0  # depth of <li> elements around the current run

    def flush(self) -> None:
        text = _clean("".join(self.run))
        if text:
            if is_chrome_line(text):
                self.chrome.append(Chrome(self.run_line, text))
            else:
                only = _links_only(text, [link.text for link in self.links])
                self.lines.append(Line(self.run_line, text, item=self.items > 0, links_only=only))
        self.lines.extend(self.images)
        self.lines.extend(self.links)
        self.run, self.links, self.images = [], [], []

    def text(self, string: str, line: int) -> None:
        if not self.run or not _clean("".join(self.run)):
            self.run_line = line
        self.run.append(string)

    def block(self, tag: Tag) -> None:
        self.flush()
        line = tag.sourceline or 0
        if tag.name in _HEADINGS:
            text = _clean(tag.get_text(" "))
            if text:
                self.lines.append(Line(line, text, "heading", int(tag.name[1])))
            return
        if tag.name == "table":
            self.table(tag)
            return
        if tag.name == "dl":
            self.definitions(tag)
            return
        self.items += tag.name == "li"
        self.children(tag)
        self.flush()
        self.items -= tag.name == "li"

    def children(self, tag: Tag) -> None:
        line = tag.sourceline or 0
        for child in tag.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self.text(str(child), line)
                line += str(child).count("\n")
            elif isinstance(child, Tag):
                line = child.sourceline or line
                self.element(child)

    def element(self, tag: Tag) -> None:
        if tag.name == "br":
            self.flush()
        elif tag.name == "img":
            self.image(tag)
        elif tag.name == "figure":
            self.figure(tag)
        elif tag.name in _BLOCKS:
            self.block(tag)
        else:
            if tag.name == "a":
                self.link(tag)
            self.children(tag)

    def link(self, tag: Tag) -> None:
        """A link to a PDF or Office file: a material (its text stays in the line too)."""
        href = str(tag.get("href") or "")
        if href and is_material_link(href):
            label = _clean(tag.get_text(" "))
            self.links.append(Line(tag.sourceline or 0, label, "link", src=href, counted=False))

    def image(self, tag: Tag, caption: str = "") -> None:
        src = str(tag.get("src") or "")
        alt = _clean(str(tag.get("alt") or ""))
        self.images.append(
            Line(
                tag.sourceline or 0, alt, "image", src=src, alt=alt, caption=caption, counted=False
            )
        )

    def figure(self, tag: Tag) -> None:
        self.flush()
        caption_tag = tag.find("figcaption")
        caption = _clean(caption_tag.get_text(" ")) if isinstance(caption_tag, Tag) else ""
        for img in tag.find_all("img"):
            self.image(img, caption)
        self.flush()

    def table(self, tag: Tag) -> None:
        rows = [
            (row, [c for c in row.find_all(["th", "td"]) if c.find_parent("tr") is row])
            for row in tag.find_all("tr")
        ]
        headers = [_clean(c.get_text(" ")) for c in rows[0][1]] if rows else []
        columns = _programme_columns(headers)
        self.unnamed = any("敬称略" in h for h in headers)  # 「講師（敬称略）」: names bare
        for number, (row, cells) in enumerate(rows):
            texts = [_clean(c.get_text(" ")) for c in cells]
            line = row.sourceline or 0
            if columns and number == 0:
                pass  # the header row of a programme table: its words are column labels
            elif columns:
                self.programme_row(line, columns, cells)
            elif len(texts) == 2 and all(texts):
                self.lines.append(Line(line, f"{texts[0]}：{texts[1]}", "row", cells=(*texts,)))
            elif any(texts):
                self.lines.append(Line(line, "　".join(t for t in texts if t)))
            for img in row.find_all("img"):
                self.image(img)
            for link in row.find_all("a", href=True):
                self.link(link)
            self.flush()
        if columns:  # what follows the table is no longer its last session
            self.lines.append(Line(tag.sourceline or 0, "", "end", counted=False))

    def programme_row(self, line: int, columns: dict[str, int], cells: list[Tag]) -> None:
        """時間 | 内容 | 講師: one session, its head line counted, its speakers with it."""

        def cell(key: str) -> list[str]:
            index = columns.get(key)
            return _cell_lines(cells[index]) if index is not None and index < len(cells) else []

        head = " ".join([*cell("time"), *(f"【{k}】" for k in cell("kind")), *cell("title")])
        if head.strip():
            self.lines.append(Line(line, head, "session"))
        for speaker in cell("speaker"):
            bare = self.unnamed and not re.search(r"(氏|様|先生|さん)$", speaker)
            text = f"{speaker} 氏" if bare else speaker  # the site's honorific, not none
            self.lines.append(Line(line, text, counted=False))

    def definitions(self, tag: Tag) -> None:
        term: Tag | None = None
        for child in tag.find_all(["dt", "dd"]):
            if child.name == "dt":
                term = child
                continue
            key = _clean(term.get_text(" ")) if term is not None else ""
            value = _clean(child.get_text(" "))
            line = (term or child).sourceline or 0
            if key and value:
                self.lines.append(Line(line, f"{key}：{value}", "row", cells=(key, value)))
            elif value:
                self.lines.append(Line(line, value))
            term = None


_PROGRAMME_HEADERS = {
    "time": ("時間", "時刻", "開始時刻", "時間帯"),
    "kind": ("区分", "種別"),
    "title": ("内容", "演題", "テーマ", "タイトル", "プログラム", "演目", "項目", "講演"),
    "speaker": ("講師", "登壇者", "発表者", "氏名", "講師等", "出演者", "講師名", "発表者名"),
}


def _programme_columns(headers: list[str]) -> dict[str, int]:
    """The columns of a programme table (時間, 内容, 講師 …) by its header row, or {}."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        word = re.sub(r"[\s（(].*$", "", header)
        for key, words in _PROGRAMME_HEADERS.items():
            if word in words and key not in found:
                found[key] = index
    return found if "title" in found and ("time" in found or "speaker" in found) else {}


def _cell_lines(cell: Tag) -> list[str]:
    for br in cell.find_all("br"):
        br.replace_with("\n")
    return [text for part in cell.get_text().split("\n") if (text := _clean(part))]


def html_lines(data: str) -> tuple[list[Line], list[Chrome]]:
    """The lines of the page's main content (the page decoded), and the chrome left out."""
    soup = BeautifulSoup(data, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    body = soup.body if isinstance(soup.body, Tag) else soup
    chrome = _remove_chrome(body)
    main = _main(body)
    if main is not body:
        for outside in list(body.find_all(True, recursive=False)):
            if outside is not main and main not in outside.descendants:
                text = _chrome_text(outside)
                if text:
                    chrome.append(Chrome(outside.sourceline or 0, text))
    walk = _Walk(chrome=chrome)
    walk.children(main)
    walk.flush()
    walk.chrome.sort(key=lambda c: c.where)
    return walk.lines, walk.chrome
