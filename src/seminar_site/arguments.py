"""The command line's arguments, with help and usage errors in the author's language.

argparse's own words (``usage:``, ``options``, "the following arguments are required") are
in our catalog too: argparse reads them through its module-level ``_`` when it speaks, so a
run in Japanese that shows help or a usage error parses again with that ``_`` translating.
A run that does neither reads no catalog (the no-change build stays light).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from seminar_site import __version__, i18n
from seminar_site.i18n import N_, _, render


class _Speak(Exception):
    """argparse is about to show an error: parse again with its words translated."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        if i18n.current() != "en" and not _translating():
            raise _Speak
        super().error(message)

    def print_help(self, file: IO[str] | None = None) -> None:  # type: ignore[override]
        if i18n.current() != "en" and not _translating():
            raise _Speak
        super().print_help(file)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The parsed arguments, or None when there is no command (help was printed)."""
    try:
        return _parse(argv)
    except _Speak:
        _argparse_speaks()
        return _parse(argv)


def _parse(argv: Sequence[str]) -> argparse.Namespace | None:
    parser = _parser()
    dashed = _dashed_slug(argv)
    if dashed is not None:  # argparse would take it for an option and ask for SLUG
        example = dashed.lstrip("-") or "2024-06-dx-seminar"
        message = _(
            "a report name cannot start with '-': '{slug}'; start it with a letter or a digit, "
            "e.g. {example}",
            slug=dashed,
            example=example,
        )
        parser.error(render(message))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return None
    return args


class _Translated(argparse.HelpFormatter):
    """Help in the current language: the texts are ``_()`` messages, rendered when shown
    (so that a run that shows no help reads no catalog)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return None if action.help is None else render(action.help)

    def _format_text(self, text: str) -> str:
        return super()._format_text(render(text))


def _parser() -> argparse.ArgumentParser:
    """The arguments; help texts are messages, translated only when help is shown."""
    parser = _Parser(
        prog="seminar-site",
        formatter_class=_Translated,
        description=_("Build report pages for seminars and events from YAML and Markdown."),
        epilog=_(
            "Docs: docs/cli.md, docs/serve.md and docs/content-format.md. "
            "Exit codes: 0 ok, 1 internal error, 2 content or usage error."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"seminar-site {__version__}",
        help=_("show program's version number and exit"),
    )
    lang_help = _("language of messages: ja or en (default: the site's language)")
    parser.add_argument("--lang", default=None, choices=i18n.LANGUAGES, help=lang_help)
    common = _Parser(add_help=False)
    common.add_argument(
        "--root", type=Path, default=Path("."), help=_("site folder holding content/ (default: .)")
    )
    common.add_argument("--debug", action="store_true", help=_("show tracebacks and debug logs"))
    common.add_argument("--lang", default=argparse.SUPPRESS, choices=i18n.LANGUAGES, help=lang_help)
    strict = _Parser(add_help=False)
    strict.add_argument(
        "--strict", action="store_true", help=_("treat warnings (e.g. missing alt text) as errors")
    )
    site = _Parser(add_help=False)
    site.add_argument(
        "--base-url",
        default=None,
        help=_("public URL of the site, e.g. https://example.jp/reports/"),
    )
    site.add_argument(
        "--jobs", type=int, default=None, help=_("photo worker processes (default: all cores)")
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser(
        "build",
        formatter_class=_Translated,
        parents=[common, strict, site],
        help=_("build the site into an output folder"),
    )
    build.add_argument(
        "--out", type=Path, default=None, help=_("output folder (default: ROOT/_site)")
    )
    build.add_argument("--quiet", action="store_true", help=_("print only errors and warnings"))
    build.add_argument(
        "--full",
        action="store_true",
        help=_("ignore what earlier builds recorded and build everything again"),
    )

    serve = sub.add_parser(
        "serve",
        formatter_class=_Translated,
        parents=[common, strict, site],
        help=_("preview: build, serve, rebuild on every save and reload the browser"),
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help=_("address to listen on (default: %(default)s)")
    )
    serve.add_argument(
        "--port",
        type=_port,
        default=8000,
        help=_("port (default: %(default)s; the next free one if taken)"),
    )
    serve.add_argument("--open", action="store_true", help=_("open the site in a web browser"))

    new = sub.add_parser(
        "new",
        formatter_class=_Translated,
        parents=[common],
        help=_("create a new site with a sample report"),
    )
    new.add_argument("folder", type=Path, metavar="DIR", help=_("folder to create (must be empty)"))
    new.add_argument("--title", default=None, help=_("site title (default: a placeholder)"))

    report = sub.add_parser(
        "new-report",
        formatter_class=_Translated,
        parents=[common],
        help=_("add a report skeleton to the site at --root"),
    )
    report.add_argument("slug", metavar="SLUG", help=_("folder and URL name, e.g. 2024-dx-seminar"))
    report.add_argument("--title", default=None, help=_("report title (default: a placeholder)"))
    report.add_argument(
        "--date",
        default=None,
        help=_("event date, e.g. 2025-11-08, 2025/11/8 or 令和7年11月8日 (default: today)"),
    )

    check = sub.add_parser(
        "check",
        formatter_class=_Translated,
        parents=[common, strict, site],
        help=_(
            "find what build would refuse, plus lints (warnings: the text rules of "
            "docs/text-rules.md, broken internal links); writes nothing unless --fix"
        ),
    )
    check.add_argument(
        "--explain-rewrites",
        action="store_true",
        help=_("also list each date the build writes out, with its place and before → after"),
    )
    check.add_argument(
        "--fix",
        action="store_true",
        help=_(
            "apply the text rules' mechanical fixes (characters, half-width katakana, …) to "
            "the files, show the changes and keep a copy of each file in "
            ".seminar-cache/fix-backups/"
        ),
    )

    imported = sub.add_parser(
        "import",
        formatter_class=_Translated,
        parents=[common],
        help=_(
            "make a report folder from a programme spreadsheet (.xlsx, .csv) or a past report "
            "page (.html, .txt); writes nothing when there are errors"
        ),
    )
    imported.add_argument(
        "source", type=Path, metavar="SOURCE", help=_("the spreadsheet or page to read")
    )
    imported.add_argument(
        "--slug", required=True, help=_("folder and URL name of the new report, e.g. 2024-dx")
    )
    imported.add_argument(
        "--update",
        action="store_true",
        help=_("the report exists: replace only its programme and keep every other key"),
    )
    imported.add_argument(
        "--force",
        action="store_true",
        help=_(
            "with --update: write even when what was written by hand in report.yaml would be "
            "lost (it is listed in import-report.md; the old file is kept in the history)"
        ),
    )
    imported.add_argument(
        "--map",
        type=Path,
        default=None,
        metavar="FILE",
        help=_("a mapping file for column headers it does not know (docs/import.md)"),
    )

    export = sub.add_parser(
        "export",
        formatter_class=_Translated,
        parents=[common, strict, site],
        help=_("hand one report off without a web server: a CMS fragment, a PDF or a zip"),
    )
    export.add_argument("slug", metavar="SLUG", help=_("the report's folder name"))
    export.add_argument(
        "--format",
        required=True,
        choices=("fragment", "pdf", "zip"),
        help=_("fragment (HTML to paste into a CMS), pdf (A4) or zip (the report's pages)"),
    )
    export.add_argument(
        "--out",
        default=None,  # a string: a final '/' says "a folder" (export/options.py)
        help=_("where to write (default: ROOT/_export/SLUG…); a folder: the file goes in it"),
    )
    export.add_argument(
        "--heading-level",
        type=int,
        default=2,
        choices=range(1, 7),
        metavar="N",
        help=_("fragment: the level of its first headings, 1–6 (default: 2, under the CMS's h1)"),
    )
    export.add_argument(
        "--asset-url",
        default="",
        metavar="URL",
        help=_("fragment: the address images/ and files/ are uploaded to (default: relative)"),
    )
    return parser


# argparse's own words (it looks its module-level ``_`` up when it speaks), in our catalog.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def _port(text: str) -> int:
    """A TCP port, 0 to 65535 (0: any free one), in the author's words when it is not."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        message = _(
            "'{value}' is not a port: write a number from 1 to 65535, e.g. 8000", value=text
        )
        raise argparse.ArgumentTypeError(render(message))
    return port


_NEW_REPORT_OPTIONS = ("--title", "--date", "--root", "--lang")  # the ones that take a value
_NEW_REPORT_FLAGS = ("--debug", "-h", "--help")


def _dashed_slug(argv: Sequence[str]) -> str | None:
    """The SLUG of ``new-report -dx``: a word after the command that starts with '-' and is
    none of its options, when no other word is there to be the SLUG."""
    words = list(argv)
    if "new-report" not in words or "--" in words:
        return None
    dashed, plain, skip = None, False, False
    for word in words[words.index("new-report") + 1 :]:
        if skip:
            skip = False
        elif word in _NEW_REPORT_OPTIONS:
            skip = True
        elif word in _NEW_REPORT_FLAGS or word.startswith(
            tuple(option + "=" for option in _NEW_REPORT_OPTIONS)
        ):
            continue
        elif word.startswith("-") and len(word) > 1:
            dashed = dashed or word
        else:
            plain = True
    return None if plain else dashed


def _argparse_speaks() -> None:
    """argparse's usage lines, headings and errors in the current language from now on."""
    argparse._ = _Words()  # type: ignore[attr-defined]


class _Words:
    def __call__(self, message: str) -> str:
        return i18n.translate(message)


def _translating() -> bool:
    return isinstance(getattr(argparse, "_", None), _Words)


def early_arguments(argv: Sequence[str]) -> tuple[str | None, Path]:
    """``--lang`` and ``--root`` before the real parse, so that help and usage errors are
    in the right language too."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", default=None)
    early.add_argument("--root", type=Path, default=Path("."))
    known, _rest = early.parse_known_args(list(argv))
    return known.lang, known.root
