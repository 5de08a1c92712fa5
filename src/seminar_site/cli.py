"""Command line: the only place where a user error becomes a message and an exit code.

Exit codes: 0 success, 1 internal error (a bug: please report it), 2 content or usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from seminar_site import __version__
from seminar_site.errors import ContentErrors, SiteError

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_CONTENT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seminar-site",
        description="Build report pages for seminars and events from YAML and Markdown.",
        epilog="Docs: docs/cli.md and docs/content-format.md. Exit codes: 0 ok, 1 internal error, "
        "2 content error.",
    )
    parser.add_argument("--version", action="version", version=f"seminar-site {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root", type=Path, default=Path("."), help="site folder holding content/ (default: .)"
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    common.add_argument(
        "--strict", action="store_true", help="treat warnings (e.g. missing alt text) as errors"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = sub.add_parser("build", parents=[common], help="build the site into an output folder")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/_site)")
    build.add_argument(
        "--base-url", default=None, help="public URL of the site, e.g. https://example.jp/reports/"
    )
    build.add_argument(
        "--jobs", type=int, default=None, help="photo worker processes (default: all cores)"
    )
    build.add_argument("--quiet", action="store_true", help="print only errors")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
    try:
        if args.command == "build":
            return _build(args)
    except SiteError as error:
        _print_error(error, root)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception:
        if args.debug:
            traceback.print_exc()
        else:
            print(
                "seminar-site: internal error (this is a bug). Run again with --debug for details.",
                file=sys.stderr,
            )
            print(f"  {traceback.format_exc().strip().splitlines()[-1]}", file=sys.stderr)
        return EXIT_INTERNAL
    parser.error(f"unknown command {args.command}")
    return EXIT_CONTENT


def _print_error(error: SiteError, root: Path) -> None:
    text = error.format(relative_to=root)
    count = len(error.errors) if isinstance(error, ContentErrors) else 1
    for line in text.splitlines():
        print(f"error: {line}", file=sys.stderr)
    print(f"seminar-site: {count} error(s); nothing was written", file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from seminar_site.build import BuildOptions, build

    root: Path = args.root
    out: Path = args.out if args.out is not None else root / "_site"
    progress = None if not args.quiet else False
    report = build(
        BuildOptions(
            root=root,
            out=out,
            base_url=args.base_url,
            strict=args.strict,
            workers=args.jobs,
            progress=progress,
        )
    )
    for warning in report.warnings:
        print(f"warning: {warning.format(relative_to=root)}", file=sys.stderr)
    if not args.quiet:
        changed = (
            f"{report.write.written} written, {report.write.linked} unchanged, "
            f"{report.write.removed} removed"
            if report.write.swapped
            else "nothing changed"
        )
        print(
            f"built {report.pages} pages, {report.photos} photos "
            f"({report.decoded} processed) into {out} in {report.seconds:.2f} s; {changed}"
        )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
