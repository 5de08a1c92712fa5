"""Which templates each page template uses, and a version of each that changes with them.

A page is rendered again when a template it extends, includes or imports changes; the
others keep their pages. The template slice of the build record keeps the digests and the
closures, so an unchanged theme is not parsed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.meta

from seminar_site.render.theme import template_dirs

REPORT_TEMPLATE = "report.html"
INDEX_TEMPLATE = "index.html"
NOT_FOUND_TEMPLATE = "404.html"
PAGE_TEMPLATES = (REPORT_TEMPLATE, INDEX_TEMPLATE, NOT_FOUND_TEMPLATE)


@dataclass(frozen=True)
class TemplateRecord:
    """Template name → content digest, and page template → the templates it uses."""

    digests: dict[str, str] = field(default_factory=dict)
    closures: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def version(self, template: str) -> str:
        """A digest covering every template ``template`` uses (all of them if unknown)."""
        used = self.closures.get(template, ("*",))
        names = sorted(self.digests) if "*" in used else used
        return hashlib.sha256(repr([(n, self.digests.get(n)) for n in names]).encode()).hexdigest()


def template_versions(
    env: jinja2.Environment, root: Path, previous: TemplateRecord
) -> TemplateRecord:
    """The templates as they are now; parsed again only when one of them changed."""
    digests: dict[str, str] = {}
    for folder in template_dirs(root):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in digests:
                digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    if digests == previous.digests and previous.closures:
        return previous
    if env.cache is not None:
        env.cache.clear()  # `serve` keeps its environment: drop the old compiled templates
    return TemplateRecord(digests, {name: _closure(env, name) for name in PAGE_TEMPLATES})


def compile_templates(env: jinja2.Environment, record: TemplateRecord) -> None:
    """Compile every template the pages use, ahead of rendering (``build`` does it while the
    photo workers run). A template that fails is left for the render stage, which meets the
    same error in its place and reports it."""
    for name in sorted({n for used in record.closures.values() for n in used if n != "*"}):
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


def _closure(env: jinja2.Environment, top: str) -> tuple[str, ...]:
    """Names of the templates ``top`` uses, itself included; ("*",) when not knowable."""
    seen: set[str] = set()
    todo = [top]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            assert env.loader is not None
            source, _, _ = env.loader.get_source(env, name)
            references = plain_references(source)
            if references is None:
                references = list(jinja2.meta.find_referenced_templates(env.parse(source)))
        except (jinja2.TemplateError, AssertionError):
            return ("*",)  # rendering will report the error
        if None in references:
            return ("*",)  # a computed template name
        todo.extend(ref for ref in references if ref is not None)
    return tuple(sorted(seen))


# A tag that may name another template, and the arguments that name it plainly: one quoted
# name, then only the words Jinja allows after it (ignore missing, as x, import a, b as c,
# with/without context).
_REFERENCE_TAG = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\b(.*?)[-+]?%\}", re.DOTALL)
_PLAIN_NAME = re.compile(
    r"""\s*(?P<quote>["'])(?P<name>[^"'\\]*)(?P=quote)\s*"""
    r"""(?:ignore\s+missing\s*)?(?:(?:as|import)\s[\w\s,]*)?(?:(?:with|without)\s+context\s*)?"""
)


def plain_references(source: str) -> list[str | None] | None:
    """The templates ``source`` names, found without parsing it, or None when a name is not
    a plain string (then Jinja's parser decides). A tag inside a comment or a raw block is
    counted too, which only adds a template that a page does not really depend on."""
    names: list[str | None] = []
    for tag in _REFERENCE_TAG.finditer(source):
        plain = _PLAIN_NAME.fullmatch(tag.group(1))
        if plain is None:
            return None
        names.append(plain.group("name"))
    return names
