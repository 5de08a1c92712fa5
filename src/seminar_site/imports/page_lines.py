"""What the page readers (text, HTML) hand the structure reader: the page as a list of lines.

A line knows where it came from (its source line), what it is (a paragraph line, a heading,
an overview row, an image, a link to a file) and its text with layout spaces kept as typed.
Site chrome (サイトへ戻る, breadcrumbs, ページの先頭へ, the お問い合わせ box) is recognised
here by its words, for text pages and for HTML pages whose markup does not say it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    where: int  # source line number (1-based)
    text: str
    kind: str = "text"  # text | heading | row | image | link
    level: int = 0  # heading level 1-6 (HTML), 0 otherwise
    cells: tuple[str, ...] = ()  # an overview row: (header, value)
    src: str = ""  # image source or link target, as written in the page
    alt: str = ""  # image alt text
    caption: str = ""  # image caption (figcaption)
    counted: bool = True  # a text line of the main content (images and links are not)
    item: bool = False  # a list item (<li>): a Markdown list item where it lands
    links_only: bool = False  # 「資料：<a>…(PDF)</a>」: nothing but links to files


@dataclass(frozen=True)
class Chrome:
    """A piece of site chrome that was left out, for the import report."""

    where: int
    text: str


_CHROME_LINES = re.compile(
    r"^(?:サイトへ戻る|トップページへ戻る|前のページへ戻る|戻る|ページの先頭へ(?:戻る)?|"
    r"このページの(?:先頭|トップ)へ(?:戻る)?|ページトップ(?:へ)?|印刷(?:する|用ページ)?|"
    r"本文(?:へ|に)(?:移動|スキップ)|メニュー|閉じる|検索|サイトマップ|"
    r"文字サイズ.*|背景色.*|Language|English|やさしい日本語|"
    r"(?:Copyright|copyright|\(C\)|\(c\)|©).*|All rights reserved.*|"
    r"このページ(?:の情報)?は(?:役に立ちましたか|お役に立ちましたか|分かりやすかったですか).*|"
    r"(?:Adobe )?(?:Acrobat )?Reader.*(?:ダウンロード|必要).*|"
    r"PDFファイルをご覧いただくには.*)$"
)
_BREADCRUMB = re.compile(r"^(?:ホーム|トップ(?:ページ)?|TOP|Home)\s*[>＞»›]")
_CONTACT = re.compile(
    r"^(?:このページに関する)?(?:お問い?合わ?せ|問い?合わ?せ先?)(?:先)?\s*[：:]?$"
)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
_MD_LINE_START = re.compile(r"^([#>+\-]|\d+[.)])(\s)")


def markdown_text(text: str) -> str:
    """A line of the page as Markdown that shows exactly that text (no emphasis, no list)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")
    return _MD_LINE_START.sub(r"\\\1\2", escaped)


def is_chrome_line(text: str) -> bool:
    """A line of site chrome rather than of the report (サイトへ戻る, ホーム > …)."""
    stripped = text.strip(" \t\u3000\u00a0")
    return bool(_CHROME_LINES.match(stripped) or _BREADCRUMB.match(stripped))


def is_contact_heading(text: str) -> bool:
    """「お問い合わせ」 or 「このページに関するお問い合わせ」: the box at the foot of CMS pages."""
    return bool(_CONTACT.match(text.strip(" \t\u3000\u00a0■□◆")))
