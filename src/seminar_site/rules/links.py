"""Link rules (JIS X 8341-3:2016 2.4.4): link text that does not say where the link goes, and
links to attachments (PDF, Word, Excel …) whose text does not give the format and size."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from seminar_site.content.material_labels import SIZE, size_words
from seminar_site.i18n import _
from seminar_site.rules.findings import Context, Finding, criterion
from seminar_site.rules.link_facts import stated_findings
from seminar_site.rules.markdown_text import Link, links
from seminar_site.rules.sources import MARKDOWN, Prose

_VAGUE_JA = re.compile(
    r"(?:詳しく|詳細|くわしく)?(?:は|について(?:は)?)?(?:こちら|ここ|コチラ|ココ|此方)?"
    r"(?:から|を|に|で|の)?(?:クリック|タップ|ご覧|参照|確認|表示)?(?:して|ください|下さい|する)*"
)
_VAGUE = frozenset(
    {
        "click", "click here", "here", "this", "this link", "link", "more", "read more",
        "learn more", "more info", "more information", "details", "url", "リンク",
        "続き", "続きを読む", "もっと見る", "もっと読む", "こちらのリンク", "このリンク",
        "このページ", "こちらのページ", "リンク先",
    }
)  # fmt: skip
_PUNCTUATION = re.compile(
    r"[\s「」『』【】\[\]()（）<>＜＞。、.,，．!！?？:：;；・…→►▶»›〉》*_~`\"']+"
)
_TAGS = re.compile(r"<[^>]*>")

# Extension → (name written in the link text, the spellings that count as naming it).
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("PDF", ("pdf",)),
    "doc": ("Word", ("word", "ワード", "doc")),
    "docx": ("Word", ("word", "ワード", "doc")),
    "xls": ("Excel", ("excel", "エクセル", "xls")),
    "xlsx": ("Excel", ("excel", "エクセル", "xls")),
    "xlsm": ("Excel", ("excel", "エクセル", "xls")),
    "ppt": ("PowerPoint", ("powerpoint", "パワーポイント", "パワポ", "ppt")),
    "pptx": ("PowerPoint", ("powerpoint", "パワーポイント", "パワポ", "ppt")),
    "odt": ("ODT", ("odt", "opendocument")),
    "ods": ("ODS", ("ods", "opendocument")),
    "odp": ("ODP", ("odp", "opendocument")),
    "rtf": ("RTF", ("rtf",)),
    "csv": ("CSV", ("csv",)),
    "txt": ("TXT", ("txt", "テキスト", "text")),
    "zip": ("ZIP", ("zip",)),
    "jtd": ("一太郎", ("一太郎", "jtd")),
}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


def link_findings(prose: Prose, context: Context) -> Iterator[Finding]:
    source = prose.source
    for region in prose.ready().regions:
        if region.kind != MARKDOWN:
            continue
        for link in links(source.text, region.start, region.end):
            text = source.text[link.text_start : link.text_end]
            if not text or "![" in text or "<img" in text.lower():
                continue  # an image link: its alt text names it
            vague = is_vague(text)
            if not (vague or _may_be_attachment(link.destination)):
                continue
            if not prose.is_prose(link.text_start, link.text_end):
                continue
            if vague:
                yield source.finding(
                    "link-text",
                    link.text_start,
                    _(
                        "link text '{text}' does not say where the link goes ({criterion})",
                        text=text,
                        criterion=criterion("2.4.4"),
                    ),
                    _(
                        "write what the reader gets there as the link text, e.g. "
                        "'申込フォーム' or '講演資料（PDF：1.2MB）'"
                    ),
                )
            yield from _attachment(prose, link, text, context)


def is_vague(text: str) -> bool:
    plain = _PUNCTUATION.sub(" ", _TAGS.sub("", unicodedata.normalize("NFKC", text)))
    plain = " ".join(plain.split()).casefold()
    if not plain:
        return False
    return plain in _VAGUE or bool(_VAGUE_JA.fullmatch(plain.replace(" ", "")))


def _may_be_attachment(destination: str) -> bool:
    extension = destination.rsplit(".", 1)[-1].split("#", 1)[0].split("?", 1)[0]
    return extension.lower() in FORMATS


def _attachment(prose: Prose, link: Link, text: str, context: Context) -> Iterator[Finding]:
    destination = unquote(link.destination.split("#", 1)[0].split("?", 1)[0])
    extension = posixpath.splitext(destination)[1][1:].lower()
    if extension not in FORMATS or _SCHEME.match(destination):
        return
    name, spellings = FORMATS[extension]
    plain = unicodedata.normalize("NFKC", text).casefold()
    has_format = any(spelling in plain for spelling in spellings)
    size = SIZE.search(plain)
    has_size = size is not None
    source = prose.source
    found = attachment_file(destination, source.path, context)
    if found is not None and (has_format or has_size):  # what the text says, against the file
        yield from stated_findings(source, link, text, found, size, context.language)
    if has_format and has_size:
        return
    file, number = posixpath.basename(destination), criterion("2.4.4")
    if has_format:
        message = _(
            "the link to '{file}' does not say the file's size: readers should know what "
            "they open ({criterion})",
            file=file,
            criterion=number,
        )
    elif has_size:
        message = _(
            "the link to '{file}' does not say the file's format: readers should know what "
            "they open ({criterion})",
            file=file,
            criterion=number,
        )
    else:
        message = _(
            "the link to '{file}' does not say the file's format and size: readers should "
            "know what they open ({criterion})",
            file=file,
            criterion=number,
        )
    if found is None:
        example = attachment_text(name, 1258291, context.language)
        hint = _(
            "add the format and size to the link text, e.g. '{example}' (the file was not "
            "found beside the report, so its size is not known)",
            example=example,
        )
        yield source.finding("attachment", link.text_start, message, hint)
        return
    info = attachment_text(name, found.stat().st_size, context.language)
    if has_format or has_size:
        hint = _("write the format and size in the link text as '{info}'", info=info)
        yield source.finding("attachment", link.text_start, message, hint)
        return
    hint = _("add '{info}' to the link text: {text}{info}", info=info, text=text)
    yield source.finding(
        "attachment", link.text_start, message, hint, fix=(link.text_end, text + info)
    )


def attachment_text(name: str, size: int, language: str) -> str:
    """（PDF：1.2MB） on a Japanese page, (PDF, 1.2 MB) on an English one."""
    if language == "ja":
        return f"（{name}：{size_words(size, language)}）"
    return f" ({name}, {size_words(size, language)})"


def attachment_file(destination: str, source: Path, context: Context) -> Path | None:
    """The file a local link points to: beside the text, in the report folder, or a site
    path of a static file (static/ is published under assets/)."""
    candidates: list[Path] = []
    if destination.startswith("/"):
        if destination.startswith(context.base_path):
            candidates += _static(destination[len(context.base_path) :], context.root)
    else:
        candidates.append(source.parent / destination)
        if context.folder is not None:
            candidates.append(context.folder / destination)
            page = f"reports/{context.folder.name}"
            candidates += _static(
                posixpath.normpath(posixpath.join(page, destination)), context.root
            )
    root = context.root.resolve()
    for candidate in candidates:
        try:
            if candidate.is_file() and candidate.resolve().is_relative_to(root):
                return candidate
        except OSError:
            continue
    return None


def _static(site_path: str, root: Path) -> list[Path]:
    site_path = site_path.lstrip("/")
    if site_path.startswith("assets/"):
        return [root / "static" / site_path[len("assets/") :]]
    return []
