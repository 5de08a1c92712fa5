"""Where the prose of a content file is: the string values of YAML text fields (never keys,
comments, codes, URLs or paths) and Markdown outside code and markup, as exact ranges.

The YAML is composed again here (the loader keeps no character positions of values), after
the loader accepted it, and walked by the same shapes the loader checks (settings/shapes.py),
so that a field's type decides whether it is prose: ``str`` and ``text`` fields without
fixed choices are, ``path``, ``url``, ``date`` and the like are not.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import yaml

from seminar_site.rules.findings import SourceText
from seminar_site.rules.markdown_text import masks
from seminar_site.settings.schema import Shape
from seminar_site.settings.shapes import PHOTO, PHOTO_TEXT, SPEAKER

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"

# Kinds of prose, for rules that depend on the field (a name may have one space, …).
NAME = "name"  # a speaker's name
SHORT = "short"  # a label, a role, a department: a few words
TEXT = "text"  # a title, a description
MARKDOWN = "markdown"  # lead, summary, and Markdown files
ALT = "alt"
CAPTION = "caption"

_CODES = frozenset({"id", "utc_offset", "email", "phone"})  # str fields that are not prose
_SHORT_KEYS = frozenset(
    {"kind", "label", "organisation", "department", "role", "honorific", "unit", "audience"}
)


@dataclass(frozen=True)
class Region:
    """``text[start:end]`` is the value of a prose field (or a whole Markdown file)."""

    start: int
    end: int
    kind: str
    indent: int = 0  # a YAML block scalar's own indentation


@dataclass(frozen=True)
class Scalar:
    value: str
    start: int


@dataclass(frozen=True)
class PhotoText:
    """A photo's texts: a report.yaml photo entry or a captions file's entry."""

    file: str
    alt: Scalar | None
    caption: Scalar | None


class Prose:
    """The prose regions of one file and the masks (code, URLs, markup) inside them.

    A YAML file is composed only when a rule first asks where its prose is: most files
    hold nothing any rule looks for, and are then never composed."""

    def __init__(self, source: SourceText, shape: Shape | None = None, yaml_file: bool = False):
        self.source = source
        self.regions: list[Region] = []
        self.paths: list[tuple[str, Scalar]] = []  # (key, value) of path fields
        self.photos: list[PhotoText] = []
        self._shape = shape
        self._pending = yaml_file
        self._starts: list[int] = []
        self._masks: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}

    @property
    def composed(self) -> bool:
        return not self._pending

    def ready(self) -> Prose:
        """Itself, with its regions, paths and photos found (the YAML composed)."""
        if self._pending:
            self._pending = False
            _compose(self, self._shape)
            self.regions.sort(key=lambda region: region.start)
            self._starts = [region.start for region in self.regions]
        return self

    def region(self, start: int, end: int) -> Region | None:
        """The region holding all of ``start:end`` as prose (no mask overlaps it), or None."""
        self.ready()
        index = bisect.bisect_right(self._starts, start) - 1
        if index < 0:
            return None
        region = self.regions[index]
        if end > region.end:
            return None
        starts, spans = self.masks(index)
        last = bisect.bisect_right(starts, end - 1) - 1
        if last >= 0 and spans[last][1] > start:
            return None
        return region

    def masks(self, index: int) -> tuple[list[int], list[tuple[int, int]]]:
        if index not in self._masks:
            region = self.regions[index]
            spans = masks(self.source.text, region.start, region.end, region.kind == MARKDOWN)
            self._masks[index] = ([low for low, _high in spans], spans)
        return self._masks[index]

    def is_prose(self, start: int, end: int) -> bool:
        return self.region(start, end) is not None


def markdown_prose(source: SourceText) -> Prose:
    prose = Prose(source)
    prose.regions.append(Region(0, len(source.text), MARKDOWN))
    prose._starts = [0]
    return prose


def yaml_prose(source: SourceText, shape: Shape | None) -> Prose:
    """The prose of a YAML file of ``shape`` (None: a captions file), composed when needed."""
    return Prose(source, shape, yaml_file=True)


def _compose(prose: Prose, shape: Shape | None) -> None:
    try:
        root = yaml.compose(prose.source.text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):  # the loader has reported it
        return
    walker = _Walker(prose)
    if root is None:
        return
    if shape is not None:
        walker.mapping(root, shape)
    elif isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(value, yaml.ScalarNode):
                walker.scalar(value, CAPTION)
                caption = walker.scalar_value(value)
                prose.photos.append(PhotoText(str(key.value), None, caption))
            else:
                walker.mapping(value, PHOTO_TEXT, file=str(key.value))


# The paths of other files a report.yaml names, read without composing it (most report.yaml
# files need nothing else from a rule). Only for files without quoted values, flow style,
# anchors, tags, block scalars or escapes, whose lines are what they look like; anything else
# is composed (tests/test_text_rules_units.py compares the two on the whole corpus).
_LISTED = re.compile(r"\n[ \t]*(?:-[ \t]+)?(body|summary_file|captions)[ \t]*:[ \t]*([^\n]*)")
_NOT_PLAIN = re.compile(r"[{}&\\]|[:\-\[,][ \t]*[*!|>\"']")


def listed_paths(text: str) -> list[tuple[str, str]] | None:
    """(key, path) of body, summary_file and captions; None when only composing can tell."""
    if _NOT_PLAIN.search(text):
        return None
    found = []
    for match in _LISTED.finditer("\n" + text):
        value = match.group(2).strip()
        if " #" in value:
            value = value[: value.index(" #")].rstrip()
        if value[:1] in ("", "#", "["):
            return None
        found.append((match.group(1), value))
    return found


class _Walker:
    def __init__(self, prose: Prose) -> None:
        self.prose = prose
        self.seen: set[int] = set()

    def mapping(self, node: yaml.Node, shape: Shape, file: str = "") -> None:
        if not isinstance(node, yaml.MappingNode) or id(node) in self.seen:
            return
        self.seen.add(id(node))
        texts: dict[str, Scalar | None] = {}
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            spec = shape.field_named(key) if isinstance(key, str) else None
            if spec is None or key is None:
                continue
            if spec.type in ("str", "text") and not spec.choices and key not in _CODES:
                self.scalar(value, self._kind(shape, key, spec.type))
                texts[key] = self.scalar_value(value)
            elif spec.type == "path":
                scalar = self.scalar_value(value)
                if scalar is not None:
                    self.prose.paths.append((key, scalar))
                    texts[key] = scalar
            elif spec.type == "map" and spec.shape is not None:
                self.mapping(value, spec.shape)
            elif spec.type == "list":
                self._list(key, value, spec.item, spec.alternatives)
        if shape in (PHOTO, PHOTO_TEXT):
            listed = texts.get("file")
            name = file or (listed.value if listed else "")
            self.prose.photos.append(PhotoText(name, texts.get("alt"), texts.get("caption")))

    def _list(
        self, key: str, node: yaml.Node, item: Shape | str | None, alternatives: tuple[Shape, ...]
    ) -> None:
        if isinstance(node, yaml.MappingNode) and alternatives:
            self.mapping(node, alternatives[0])
        elif isinstance(node, yaml.SequenceNode):
            for element in node.value:
                if isinstance(item, Shape):
                    self.mapping(element, item)
                elif item == "str":
                    self.scalar(element, SHORT if key == "co_organisers" else TEXT)

    @staticmethod
    def _kind(shape: Shape, key: str, type_: str) -> str:
        if type_ == "text":
            return MARKDOWN
        if shape is SPEAKER and key == "name":
            return NAME
        if key in ("alt", "caption"):
            return ALT if key == "alt" else CAPTION
        return SHORT if key in _SHORT_KEYS else TEXT

    def scalar_value(self, node: yaml.Node) -> Scalar | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            return None
        return Scalar(str(node.value), self._content(node)[0])

    def scalar(self, node: yaml.Node, kind: str) -> None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR or id(node) in self.seen:
            return
        self.seen.add(id(node))
        start, end = self._content(node)
        if start >= end:
            return
        indent = 0
        if node.style in ("|", ">"):
            block = self.prose.source.text[start:end]
            first = next((line for line in block.split("\n") if line.strip()), "")
            indent = len(first) - len(first.lstrip(" "))
        self.prose.regions.append(Region(start, end, kind, indent))

    def _content(self, node: yaml.ScalarNode) -> tuple[int, int]:
        """The characters of the value in the file: inside the quotes, after a block
        scalar's header line."""
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("'", '"'):
            return start + 1, end - 1
        if node.style in ("|", ">"):
            newline = self.prose.source.text.find("\n", start, end)
            return (newline + 1, end) if newline >= 0 else (end, end)
        return start, end
