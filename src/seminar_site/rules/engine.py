"""Run every text rule over the files of a loaded site: site.yaml, each report.yaml, its
captions files and Markdown files (body, summaries), and the names of its files.

A rule runs on a file only when the file holds what the rule looks for (a cheap pattern over
the whole text), and a YAML file is composed only when a rule asks where its prose is, so a
site without problems costs little more than reading its files; a large site's reports are
shared out to forked workers, as their loading was (tests/test_text_rules_units.py compares
that with the run in one process).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from seminar_site.i18n import _
from seminar_site.model import Report, Site
from seminar_site.rules import characters, dates, links, markdown_text, structure, wording
from seminar_site.rules.findings import Context, Finding, SourceText
from seminar_site.rules.fix import yaml_shape
from seminar_site.rules.sources import Prose, Scalar, listed_paths, markdown_prose, yaml_prose
from seminar_site.settings.schema import Shape
from seminar_site.settings.shapes import REPORT, SITE
from seminar_site.system.workers import can_fork, run_forked

_MARKDOWN_KEYS = ("body", "summary_file")


@dataclass(frozen=True)
class Findings:
    """``warnings``: findings (``--strict`` makes them errors); ``notes``: softer ones."""

    warnings: tuple[Finding, ...]
    notes: tuple[Finding, ...]


def text_findings(site: Site) -> Findings:
    """Every finding of the text rules in ``site`` (which the loader has accepted)."""
    config = site.config
    base_path = urlsplit(config.base_url).path or "/"
    found: list[Finding] = []
    site_yaml = site.root / "content" / "site.yaml"
    found += _yaml_file(site_yaml, SITE, Context(site.root, config.language, None, None, base_path))
    contexts = [
        Context(site.root, config.language, report.source_dir, report.first_day.year, base_path)
        for report in site.reports
    ]
    for findings in _each_report(site.reports, contexts):
        found += findings
    unique = {(f.sort_key(), f.rule, str(f.message)): f for f in found}
    ordered = sorted(unique.values(), key=Finding.sort_key)
    return Findings(tuple(f for f in ordered if not f.note), tuple(f for f in ordered if f.note))


PARALLEL_FROM = 24  # reports, as the loader's (content/parallel.py)
_PER_JOB = 8


def _each_report(reports: Sequence[Report], contexts: Sequence[Context]) -> list[list[Finding]]:
    """Each report's findings, in forked workers for a large site (as its loading was)."""
    pairs = list(zip(reports, contexts, strict=True))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    if len(pairs) < PARALLEL_FROM or cores < 2 or not can_fork():
        return [list(_report(report, context)) for report, context in pairs]
    chunks = [pairs[start : start + _PER_JOB] for start in range(0, len(pairs), _PER_JOB)]
    jobs = [functools.partial(_chunk, chunk) for chunk in chunks]
    return [findings for chunk in run_forked(jobs, cores) for findings in chunk]


def _chunk(pairs: Sequence[tuple[Report, Context]]) -> list[list[Finding]]:
    return [list(_report(report, context)) for report, context in pairs]


def _report(report: Report, context: Context) -> Iterator[Finding]:
    folder = report.source_dir
    source = SourceText.read(folder / "report.yaml")
    if source is None:
        return
    prose = yaml_prose(source, REPORT)
    yield from _fixable_in_yaml(list(run_rules(prose, context)), source)
    if characters.has_decomposed(source.text):
        yield from _file_names(prose.ready().paths, source)
    quick = None if prose.composed else listed_paths(source.text)
    if quick is None:
        quick = [(key, scalar.value) for key, scalar in prose.ready().paths]
    seen: set[Path] = set()
    for key, value in quick:
        path = folder / value
        if path in seen or key not in (*_MARKDOWN_KEYS, "captions"):
            continue
        seen.add(path)
        if key == "captions":
            yield from _yaml_file(path, None, context)
        else:
            text = SourceText.read(path)
            if text is not None:
                yield from run_rules(markdown_prose(text), context)
    yield from _photo_names(report, prose)


def _yaml_file(path: Path, shape: Shape | None, context: Context) -> list[Finding]:
    source = SourceText.read(path)
    if source is None:
        return []
    prose = yaml_prose(source, shape)
    found = _fixable_in_yaml(list(run_rules(prose, context)), source)
    if characters.has_decomposed(source.text):
        found += _file_names(prose.ready().paths, source)
    return found


Rule = Callable[[Prose, Context], Iterable[Finding]]

# (a pattern the file must hold for the rule to run, or None, the rule).
RULES: tuple[tuple[re.Pattern[str] | None, Rule], ...] = (
    (characters.TRIGGER, lambda prose, _context: characters.character_findings(prose)),
    (wording.LAYOUT_TRIGGER, lambda prose, _context: wording.layout_findings(prose)),
    (None, lambda prose, _context: wording.reference_notes(prose)),
    (dates.DATE_TRIGGER, lambda prose, context: dates.date_findings(prose, context.year)),
    (markdown_text.LINK_TRIGGER, links.link_findings),
    (markdown_text.HEADING_TRIGGER, lambda prose, _context: structure.heading_findings(prose)),
)


def run_rules(prose: Prose, context: Context) -> Iterator[Finding]:
    """The rules whose pattern occurs in the file's text, then the alt texts."""
    text = prose.source.text
    for trigger, rule in RULES:
        if trigger is None or trigger.search(text):
            yield from rule(prose, context)
    if structure.may_have_alt_findings(text):
        yield from structure.alt_findings(prose)


def _fixable_in_yaml(found: list[Finding], source: SourceText) -> list[Finding]:
    """The findings, without the fixes that would change what the YAML means: a title
    ``１２３`` written half-width would become a number (the hint still says what to type)."""
    editing = [finding for finding in found if finding.edit is not None]
    if editing:
        text = source.text
        shape = yaml_shape(text)
        for finding in editing:
            edit = finding.edit
            assert edit is not None
            if yaml_shape(text[: edit.start] + edit.new + text[edit.end :]) != shape:
                finding.edit = None
                finding.hint = _(
                    "{hint}, in quotes: the value must stay a text", hint=finding.hint or ""
                )
    return found


def _decomposed_message(name: str) -> str:
    return _(
        "the file name '{name}' is written with decomposed characters (as a Mac stores "
        "them): it may not match the same name typed elsewhere, or on another computer",
        name=name,
    )


def _file_names(paths: list[tuple[str, Scalar]], source: SourceText) -> Iterator[Finding]:
    """Paths in YAML that name files with decomposed (NFD) names. Not fixed: renaming a
    file is for the author to do (see docs/text-rules.md)."""
    for _key, scalar in paths:
        fixed = characters.decomposed_name(scalar.value)
        if fixed is not None:
            yield source.finding(
                "decomposed-file-name",
                scalar.start,
                _decomposed_message(scalar.value),
                _(
                    "rename the file to '{fixed}' (the same name, composed) and write it "
                    "here that way",
                    fixed=fixed,
                ),
            )


def _photo_names(report: Report, prose: Prose) -> Iterator[Finding]:
    """Photos of a photo folder whose names are decomposed (the YAML does not name them)."""
    base = report.source_dir.resolve()
    for photo in report.photos:
        relative = os.path.relpath(photo.source, base)
        fixed = characters.decomposed_name(relative)
        if fixed is None:
            continue
        listed = {os.path.normpath(scalar.value) for _key, scalar in prose.ready().paths}
        if os.path.normpath(relative) in listed:
            continue  # reported where report.yaml names it
        where = photo.location
        yield Finding(
            _decomposed_message(relative),
            where.path,
            where.line,
            where.col,
            _(
                "rename the file to '{fixed}' (the same name, composed); an entry for it "
                "in a captions file needs the new name too",
                fixed=fixed,
            ),
            rule="decomposed-file-name",
        )
