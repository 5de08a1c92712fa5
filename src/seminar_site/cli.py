"""Command line: the only place where a user error becomes a message and an exit code.

Exit codes: 0 success, 1 internal error (a bug: please report it), 2 content or usage error.
Only the standard library is imported up front: a ``build`` with nothing to do answers from
stamps and the manifest without loading Jinja, Markdown, YAML or Pillow.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from seminar_site import i18n
from seminar_site.arguments import early_arguments, parse_arguments
from seminar_site.errors import ContentErrors, SiteError, warning_line
from seminar_site.i18n import _, render

TYPE_CHECKING = False  # typing is not imported on the no-change path; mypy knows the name
if TYPE_CHECKING:
    from seminar_site.content.rewrites import Rewrite
    from seminar_site.settings.renditions import RenditionSettings
    from seminar_site.system.report import Reporter


EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_CONTENT = 2
EXIT_INTERRUPTED = 130


def run() -> None:
    """The console command: ``main``, then exit without tearing the interpreter down.
    Freeing every object of a large site one by one takes tens of milliseconds and changes
    nothing: output, logs and files are flushed and closed by then. (``main`` stays
    importable and returns its code, for tests and callers.)"""
    code = main()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed, or a reader that went away
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    option, early_root = early_arguments(arguments)
    language = i18n.choose(option, os.environ, i18n.site_language(early_root))
    with i18n.using(language):
        return _main(arguments)


def _main(argv: Sequence[str]) -> int:
    args = parse_arguments(argv)
    if args is None:  # no command: help was printed
        return EXIT_CONTENT
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    root: Path = args.root
    commands = {
        "build": _build,
        "serve": _serve,
        "new": _new,
        "new-report": _new_report,
        "check": _check,
        "import": _import,
        "export": _export,
    }
    try:
        if getattr(args, "base_url", None) is not None:
            from seminar_site.settings.base_url import check_base_url  # standard library only

            check_base_url(args.base_url)  # before the no-change check, which trusts it
        return commands[args.command](args)
    except SiteError as error:
        _print_error(error, root, args.command)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print(render(_("interrupted")), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:
        if args.debug:
            traceback.print_exc()
        else:
            print(
                render(
                    _(
                        "seminar-site: internal error (this is a bug). "
                        "Run again with --debug for details."
                    )
                ),
                file=sys.stderr,
            )
            print(f"  {traceback.format_exc().strip().splitlines()[-1]}", file=sys.stderr)
        return EXIT_INTERNAL


def _print_error(error: SiteError, root: Path, command: str) -> None:
    text = error.format(relative_to=root)
    count = len(error.errors) if isinstance(error, ContentErrors) else 1
    for line in text.splitlines():
        print(render(_("error: {problem}", problem=line)), file=sys.stderr)
    if command == "check":
        summary = _("seminar-site: {count} error(s)", count=count)
    elif command in ("new", "new-report"):
        summary = _("seminar-site: {count} error(s); nothing was created", count=count)
    else:
        summary = _("seminar-site: {count} error(s); nothing was written", count=count)
    print(render(summary), file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    root: Path = args.root
    out: Path = args.out if args.out is not None else root / "_site"
    from seminar_site.pipeline.manifest import (
        CACHE_DIR,
        UNCHANGED,
        NoChangeCheck,
        check_unchanged,
        quick_key,
    )

    key = quick_key(args.base_url, args.strict, language=i18n.current())
    found = NoChangeCheck() if args.full else check_unchanged(root, out, root / CACHE_DIR, key)
    same = found.manifest
    if same is not None:  # nothing to do: answered without the heavy imports, nor gettext
        warnings = same.summary.get("warnings", [])  # saved in this language (it is in the key)
        for warning in warnings if isinstance(warnings, list) else []:
            print(warning, file=sys.stderr)
        template = same.summary.get("unchanged", UNCHANGED)
        if not args.quiet and isinstance(template, str):
            seconds = f"{time.perf_counter() - started:.2f}"
            pages, photos = same.summary.get("pages"), same.summary.get("photos")
            print(template.format(pages=pages, photos=photos, out=out, seconds=seconds))
        return EXIT_OK
    # Photo workers first, so that they decode while the pipeline is imported and loaded.
    from seminar_site.photos.prefetch import start_prefetch

    prefetch = start_prefetch(
        root, args.jobs, _photo_settings, root / CACHE_DIR / "photos", found.scanned
    )
    try:
        from seminar_site.pipeline.build import BuildOptions, build

        report = build(
            BuildOptions(
                root=root,
                out=out,
                base_url=args.base_url,
                strict=args.strict,
                workers=args.jobs,
                incremental=not args.full,
                prefetch=prefetch,
            ),
            reporter=_reporter(args.quiet),
        )
    finally:
        if prefetch is not None:
            prefetch.close()  # closed by the photo stage, unless the build stopped before
    for warning in report.warnings:
        print(render(warning_line(warning, root)), file=sys.stderr)
    if not args.quiet:
        write = report.write
        changed = (
            _(
                "{written} written, {linked} unchanged, {removed} removed",
                written=write.written,
                linked=write.linked,
                removed=write.removed,
            )
            if write.swapped
            else _("nothing changed")
        )
        summary = _(
            "built {pages} pages, {photos} photos ({decoded} processed) into {out} "
            "in {seconds} s; {changed}",
            pages=report.pages,
            photos=report.photos,
            decoded=report.decoded,
            out=out,
            seconds=format(report.seconds, ".2f"),
            changed=changed,
        )
        print(render(summary))
    return EXIT_OK


def _photo_settings(root: Path) -> RenditionSettings:
    """site.yaml's photo settings, for the prefetch (which calls this once the photo workers
    are forked: YAML is imported meanwhile)."""
    from seminar_site.settings.config import load_config

    return load_config(root).photos


def _reporter(quiet: bool) -> Reporter:
    """The photo progress bar on a terminal (not in CI logs or with --quiet), and each
    stage's time in the debug log."""
    from seminar_site.system.report import TerminalReporter  # not on the no-change path

    show_bar = not quiet and sys.stderr.isatty() and not os.environ.get("CI")
    return TerminalReporter(sys.stderr if show_bar else None)


def _serve(args: argparse.Namespace) -> int:
    import signal
    import threading
    import webbrowser

    from seminar_site.dev.preview import preview
    from seminar_site.pipeline.build import BuildOptions

    def say(line: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        is_error = (line.msgid if isinstance(line, i18n.Message) else line).startswith("error")
        print(f"[{stamp}] {render(line)}", file=sys.stderr if is_error else sys.stdout)
        sys.stdout.flush()

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C ends the session, then cleanup
        signal.signal(signum, lambda _signum, _frame: stop.set())
    options = BuildOptions(
        root=args.root,
        out=args.root / "_site",  # replaced by the private preview folder
        base_url=args.base_url,
        strict=args.strict,
        workers=args.jobs,
    )
    with preview(options, args.host, args.port, say) as session:
        if session.note:
            say(session.note)
        say(
            _(
                "serving {url}  (watching content/, templates/, static/; Ctrl-C to stop)",
                url=session.shown_url or session.url,
            )
        )
        say(_("editor: {url}", url=session.editor_url))
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            say(
                _(
                    "warning: listening on {host}: other computers may see the preview",
                    host=args.host,
                )
            )
        if args.open:
            webbrowser.open(session.shown_url or session.url)
        while not stop.wait(0.5):
            pass
    say(_("stopped; preview folder removed"))
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    import json

    from seminar_site.dev.scaffold import new_site
    from seminar_site.settings.jsonschema import report_schema, site_schema

    schemas = {
        Path("schema") / name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        for name, schema in (
            ("site.schema.json", site_schema()),
            ("report.schema.json", report_schema()),
        )
    }
    created = new_site(args.folder, title=args.title, extra=schemas)
    print(render(_("created a new site in {folder} ({count} files)", folder=args.folder,
                   count=len(created))))  # fmt: skip
    print(render(_("next: cd {folder} && seminar-site serve", folder=args.folder)))
    return EXIT_OK


def _new_report(args: argparse.Namespace) -> int:
    from seminar_site.dev.scaffold import new_report

    created = new_report(args.root, args.slug, title=args.title, date=args.date)
    for path in created:
        print(render(_("created {path}", path=path)))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from seminar_site.pipeline.check import check

    report = check(args.root, base_url=args.base_url, strict=args.strict)
    if args.explain_rewrites:
        _explain_rewrites(report.rewrites, args.root)
    fixed = _fix(args.root, [*report.errors, *report.warnings]) if args.fix else set()
    errors = [error for error in report.errors if id(error) not in fixed]
    warnings = [warning for warning in report.warnings if id(warning) not in fixed]
    notes = {id(note) for note in report.notes}
    for item in sorted([*warnings, *report.notes], key=SiteError.sort_key):
        shown = item.format(relative_to=args.root)
        line = (
            _("note: {problem}", problem=shown)
            if id(item) in notes
            else warning_line(item, args.root)
        )
        print(render(line), file=sys.stderr)
    if errors:  # printed as build prints its errors, with the same exit code
        raise ContentErrors(errors)
    count = len(warnings)
    if report.notes:
        summary = _(
            "seminar-site check: no errors, {count} warning(s), {notes} note(s)",
            count=count,
            notes=len(report.notes),
        )
    else:
        summary = _("seminar-site check: no errors, {count} warning(s)", count=count)
    print(render(summary))
    fixable = sum(getattr(warning, "edit", None) is not None for warning in warnings)
    if fixable and not args.fix:
        print(
            render(_("{count} of them can be fixed with 'seminar-site check --fix'", count=fixable))
        )
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from seminar_site.imports.command import run_import

    return run_import(args)


def _export(args: argparse.Namespace) -> int:
    from seminar_site.export.command import run_export

    return run_export(args)


def _fix(root: Path, found: Sequence[SiteError]) -> set[int]:
    """``check --fix``: the text rules' mechanical fixes applied, each file's diff shown;
    the ids of the findings fixed."""
    from seminar_site.errors import Fixable
    from seminar_site.pipeline.manifest import CACHE_DIR
    from seminar_site.rules.fix import fix_findings

    findings = [finding for finding in found if isinstance(finding, Fixable)]
    result = fix_findings(root, findings, root / CACHE_DIR / "fix-backups")
    for diff in result.diffs:
        sys.stdout.write(diff)
    for finding in result.fixed:
        print(
            render(_("fixed: {problem}", problem=finding.format(relative_to=root))), file=sys.stderr
        )
    if result.backup is None:
        print(render(_("check --fix: nothing to fix")))
    else:
        backup = os.path.relpath(result.backup, root)
        done = _(
            "check --fix: fixed {count} finding(s) in {files} file(s); the files as they were "
            "are in {backup}",
            count=len(result.fixed),
            files=len(result.diffs),
            backup=backup,
        )
        print(render(done))
    return {id(finding) for finding in result.fixed}


def _explain_rewrites(rewrites: Sequence[Rewrite], root: Path) -> None:
    """``check --explain-rewrites``: each date the pages show otherwise than it is written."""
    for rewrite in rewrites:
        print(render(_("rewrite: {place}", place=rewrite.as_note().format(relative_to=root))))
    print(render(_("the build rewrites {count} date(s) of the text", count=len(rewrites))))


if __name__ == "__main__":
    sys.exit(main())
