"""Rules on structure: alt text that does not describe the picture (JIS X 8341-3:2016 1.1.1)
and heading levels skipped inside Markdown (1.3.1)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import PurePosixPath

from seminar_site.i18n import _
from seminar_site.rules.findings import Finding, criterion
from seminar_site.rules.markdown_text import Heading, headings, images
from seminar_site.rules.sources import MARKDOWN, Prose, Scalar

# What the loader warns about already (content/photo_records.py): not reported twice.
_LOADER_VAGUE = frozenset({"写真", "画像", "photo", "image", "picture", "img"})
_VAGUE = frozenset(
    {
        "写真", "画像", "イメージ", "イメージ画像", "イメージ写真", "写真画像", "画像データ",
        "写真データ", "図", "図版", "スナップ", "サムネイル", "photo", "image", "picture", "img",
        "pic", "photograph", "thumbnail", "snapshot",
    }
)  # fmt: skip
_IMAGE_SUFFIX = r"\.(?:jpe?g|png|gif|webp|heic|heif|avif|tiff?|bmp|svg)"
_FILE_NAME = re.compile(rf"^[^\s/\\]+{_IMAGE_SUFFIX}$", re.I)
_CAMERA = re.compile(
    r"^(?:IMG|DSC[NF]?|P|PXL|PIC|IMAG|MVIMG|PHOTO|SCAN|image|スクリーンショット)[-_ ]?[0-9][\w-]*"
    rf"(?:{_IMAGE_SUFFIX})?$",
    re.I,
)
_DECORATION = re.compile(r"[\s0-9０-９()（）\[\]「」【】:：、。.,・#＃_-]+")


_ALT_LINE = re.compile(r"\n[ \t]*(?:-[ \t]+)?alt[ \t]*:[ \t]*([^\n]*)")
_QUOTES = "'\" \t\r"


def may_have_alt_findings(text: str) -> bool:
    """Whether a file can hold an alt text finding: a Markdown image, an alt text that
    looks like a file name or a vague word, or alt and caption both (they may be equal).
    Cheap, so that most report.yaml files need not be composed for it."""
    if "![" in text or ("caption" in text and "alt" in text):
        return True
    for match in _ALT_LINE.finditer("\n" + text):
        value = match.group(1).strip(_QUOTES)
        if not value or value[0] in "|>&*" or _looks_vague(value, ""):
            return True
    return False


def alt_findings(prose: Prose) -> Iterator[Finding]:
    """Alt texts of photo entries (report.yaml, captions files) and of Markdown images."""
    for photo in prose.ready().photos:
        if photo.alt is None or not photo.alt.value.strip():
            continue
        alt = photo.alt.value.strip()
        if alt.lower() in _LOADER_VAGUE or alt == PurePosixPath(photo.file).name:
            continue  # the loader's warning says it
        finding = _alt(prose, photo.alt, photo.file)
        if finding is None and photo.caption is not None and _same(alt, photo.caption.value):
            finding = prose.source.finding(
                "alt-text",
                photo.alt.start,
                _(
                    "alt text is the same as the caption: screen readers read the same words "
                    "twice ({criterion})",
                    criterion=criterion("1.1.1"),
                ),
                _(
                    "describe in 'alt' what the photo shows (who, what, where); the caption "
                    "can stay as it is"
                ),
            )
        if finding is not None:
            yield finding
    text = prose.source.text
    for region in prose.regions:
        if region.kind != MARKDOWN or text.find("![", region.start, region.end) < 0:
            continue
        for image in images(text, region.start, region.end):
            if image.alt_start < image.alt_end and prose.is_prose(image.alt_start, image.alt_end):
                written = Scalar(text[image.alt_start : image.alt_end], image.alt_start)
                finding = _alt(prose, written, image.source)
                if finding is not None:
                    yield finding


def _alt(prose: Prose, alt: Scalar, file: str) -> Finding | None:
    value = alt.value.strip()
    if _is_file_name(value, file):
        message = _(
            "alt text '{alt}' is a file name: it should say what the picture shows ({criterion})",
            alt=value,
            criterion=criterion("1.1.1"),
        )
    elif _is_vague(value):
        message = _(
            "alt text '{alt}' only says that there is a picture: it should say what the "
            "picture shows ({criterion})",
            alt=value,
            criterion=criterion("1.1.1"),
        )
    else:
        return None
    hint = _("describe the picture in a short sentence, e.g. '講演する山田氏と会場の参加者'")
    return prose.source.finding("alt-text", alt.start, message, hint)


def _is_file_name(value: str, file: str) -> bool:
    stem = PurePosixPath(file).stem
    return bool(_FILE_NAME.match(value) or _CAMERA.match(value) or (stem and value == stem))


def _is_vague(value: str) -> bool:
    return _DECORATION.sub("", unicodedata.normalize("NFKC", value)).casefold() in _VAGUE


def _looks_vague(value: str, file: str) -> bool:
    return _is_file_name(value, file) or _is_vague(value)


def _same(alt: str, caption: str) -> bool:
    def plain(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split()).rstrip("。.")

    return plain(alt) == plain(caption)


# What can hide a heading line from Markdown: code fences, comments, indented code.
_HIDING = ("```", "~~~", "<!--", "\n    ", "\n\t")


def heading_findings(prose: Prose) -> Iterator[Finding]:
    """A heading more than one level below the one before it, as the page will show it: the
    loader maps the levels a text uses onto consecutive ones (## and #### alone become h2,
    h3), so only a level used elsewhere in the text makes a real gap."""
    text = prose.source.text
    for region in prose.ready().regions:
        if region.kind != MARKDOWN:
            continue
        found = headings(text, region.start, region.end, region.indent)
        if any(text.find(mark, region.start, region.end) >= 0 for mark in _HIDING):
            found = [h for h in found if prose.is_prose(h.offset, h.offset + len(h.marker))]
        if found:
            yield from _skips(prose, found)


def _skips(prose: Prose, found: list[Heading]) -> Iterator[Finding]:
    levels = sorted({heading.level for heading in found})
    rank = {level: index for index, level in enumerate(levels)}
    previous: Heading | None = None
    for heading in found:
        if previous is None:
            wanted = levels[0]
        elif heading.level > previous.level:
            wanted = levels[rank[previous.level] + 1]
        else:
            wanted = heading.level
        if heading.level > wanted:
            if previous is None:
                message = _(
                    "heading '{heading}' comes first but is not at the text's highest level "
                    "({criterion})",
                    heading=_shown(heading),
                    criterion=criterion("1.3.1"),
                )
                hint = _("start with a '{wanted}' heading", wanted="#" * wanted)
            else:
                message = _(
                    "heading '{heading}' skips a level after '{previous}' ({criterion})",
                    heading=_shown(heading),
                    previous=_shown(previous),
                    criterion=criterion("1.3.1"),
                )
                hint = _(
                    "write it as '{wanted}', one level below the heading before it",
                    wanted="#" * wanted,
                )
            yield prose.source.finding("heading-levels", heading.offset, message, hint)
        previous = heading


def _shown(heading: Heading) -> str:
    if heading.marker.startswith("#"):
        return f"{heading.marker} {heading.text}".strip()
    if heading.marker in ("■", "□"):
        return heading.marker + heading.text
    return f"{heading.text} ({heading.marker})"
