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

from seminar_site import __version__, i18n
from seminar_site.errors import ContentErrors, SiteError, warning_line
from seminar_site.i18n import _, render

TYPE_CHECKING = False  # typing is not imported on the no-change path; mypy knows the name
if TYPE_CHECKING:
    from seminar_site.system.report import Reporter


EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_CONTENT = 2
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    """The arguments, with help texts in the current language (``--lang`` is read first)."""

    def t(msgid: str) -> str:
        return render(_(msgid))

    parser = argparse.ArgumentParser(
        prog="seminar-site",
        description=t("Build report pages for seminars and events from YAML and Markdown."),
        epilog=t(
            "Docs: docs/cli.md, docs/serve.md and docs/content-format.md. "
            "Exit codes: 0 ok, 1 internal error, 2 content or usage error."
        ),
    )
    parser.add_argument("--version", action="version", version=f"seminar-site {__version__}")
    lang_help = t("language of messages: ja or en (default: the site's language)")
    parser.add_argument("--lang", default=None, choices=i18n.LANGUAGES, help=lang_help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root", type=Path, default=Path("."), help=t("site folder holding content/ (default: .)")
    )
    common.add_argument("--debug", action="store_true", help=t("show tracebacks and debug logs"))
    common.add_argument("--lang", default=argparse.SUPPRESS, choices=i18n.LANGUAGES, help=lang_help)
    strict = argparse.ArgumentParser(add_help=False)
    strict.add_argument(
        "--strict", action="store_true", help=t("treat warnings (e.g. missing alt text) as errors")
    )
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument(
        "--base-url",
        default=None,
        help=t("public URL of the site, e.g. https://example.jp/reports/"),
    )
    site.add_argument(
        "--jobs", type=int, default=None, help=t("photo worker processes (default: all cores)")
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser(
        "build", parents=[common, strict, site], help=t("build the site into an output folder")
    )
    build.add_argument(
        "--out", type=Path, default=None, help=t("output folder (default: ROOT/_site)")
    )
    build.add_argument("--quiet", action="store_true", help=t("print only errors and warnings"))
    build.add_argument(
        "--full",
        action="store_true",
        help=t("ignore what earlier builds recorded and build everything again"),
    )

    serve = sub.add_parser(
        "serve",
        parents=[common, strict, site],
        help=t("preview: build, serve, rebuild on every save and reload the browser"),
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help=t("address to listen on (default: %(default)s)")
    )
    serve.add_argument(
        "--port",
        type=int,
        default=8000,
        help=t("port (default: %(default)s; the next free one if taken)"),
    )
    serve.add_argument("--open", action="store_true", help=t("open the site in a web browser"))

    new = sub.add_parser("new", parents=[common], help=t("create a new site with a sample report"))
    new.add_argument("folder", type=Path, metavar="DIR", help=t("folder to create (must be empty)"))
    new.add_argument("--title", default=None, help=t("site title (default: a placeholder)"))

    report = sub.add_parser(
        "new-report", parents=[common], help=t("add a report skeleton to the site at --root")
    )
    report.add_argument("slug", metavar="SLUG", help=t("folder and URL name, e.g. 2024-dx-seminar"))
    report.add_argument("--title", default=None, help=t("report title (default: a placeholder)"))
    report.add_argument("--date", default=None, help=t("event date YYYY-MM-DD (default: today)"))

    check = sub.add_parser(
        "check",
        parents=[common, strict, site],
        help=t(
            "find what build would refuse, plus lints (warnings: full-width letters, "
            "broken internal links); writes nothing"
        ),
    )
    del check
    return parser


def _early(argv: Sequence[str]) -> tuple[str | None, Path]:
    """``--lang`` and ``--root`` before the real parse, so that help and usage errors are
    in the right language too."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", default=None)
    early.add_argument("--root", type=Path, default=Path("."))
    known, _rest = early.parse_known_args(list(argv))
    return known.lang, known.root


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
    option, early_root = _early(arguments)
    language = i18n.choose(option, os.environ, i18n.site_language(early_root))
    with i18n.using(language):
        return _main(arguments)


def _main(argv: Sequence[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
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
    from seminar_site.pipeline.manifest import CACHE_DIR, UNCHANGED, quick_key, up_to_date

    key = quick_key(args.base_url, args.strict, language=i18n.current())
    same = None if args.full else up_to_date(root, out, root / CACHE_DIR, key)
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
    from seminar_site.pipeline.build import BuildOptions, build

    report = build(
        BuildOptions(
            root=root,
            out=out,
            base_url=args.base_url,
            strict=args.strict,
            workers=args.jobs,
            incremental=not args.full,
        ),
        reporter=_reporter(args.quiet),
    )
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
                url=session.url,
            )
        )
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            say(
                _(
                    "warning: listening on {host}: other computers may see the preview",
                    host=args.host,
                )
            )
        if args.open:
            webbrowser.open(session.url)
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
    for warning in report.warnings:
        print(render(warning_line(warning, args.root)), file=sys.stderr)
    if report.errors:  # printed as build prints its errors, with the same exit code
        raise ContentErrors(report.errors)
    count = len(report.warnings)
    print(render(_("seminar-site check: no errors, {count} warning(s)", count=count)))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
