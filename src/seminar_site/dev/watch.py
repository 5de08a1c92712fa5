"""Watch the site's sources and rebuild the preview: one build thread, debounced, never dying.

A burst of saves (an editor writing a temp file and renaming it, "save all") arrives as one
batch from ``watchfiles`` (it waits ``STEP_MS`` of quiet) and gives one build. A content
error keeps the last good output and is published to the pages (overlay) and the terminal.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from seminar_site.dev.serve import Hub
from seminar_site.errors import ContentErrors, SiteError, warning_line
from seminar_site.i18n import _
from seminar_site.output.marker import MARKER
from seminar_site.pipeline.build import BuildOptions, Warm, build
from seminar_site.system.report import Event, Reporter

log = logging.getLogger(__name__)

STEP_MS = 10  # quiet time that ends a burst of saves (editors save within 1-2 ms)
MAX_BATCH_MS = 1600  # a batch is cut after this even if saves keep coming
READY_MS = 100  # the watcher wakes this often without changes (and says it is ready)
WATCHED = ("content", "templates", "static")

Say = Callable[[str], None]


class ConsoleReporter(Reporter):
    """What ``serve`` shows of a build's events on its console: the photo stage when it has
    photos to process (the first preview of a large report takes a while), so that a
    silent pause is never mistaken for a hang."""

    def __init__(self, say: Say) -> None:
        self.say = say

    def emit(self, event: Event) -> None:
        if event.stage != "photos" or not event.total:
            return
        if event.kind == "start":
            self.say(_("processing {count} photo(s)…", count=event.total))
        elif event.kind == "end":
            seconds = format(event.seconds, ".1f")
            self.say(_("photos processed in {seconds} s", seconds=seconds))


class Rebuilder:
    """Builds into the preview folder and tells the pages what changed."""

    def __init__(
        self,
        options: BuildOptions,
        hub: Hub,
        lock: threading.Lock,
        say: Say,
        warm: Warm | None = None,
        reporter: Reporter | None = None,
    ) -> None:
        self.options = replace(options, in_place=True, write_lock=lock)
        self.hub = hub
        self.say = say
        self.warm = warm or Warm()
        self.reporter = reporter if reporter is not None else ConsoleReporter(say)
        self.builds = 0
        self.good = False  # a build has succeeded: the folder holds a whole site

    def rebuild(self, changes: Iterable[str] = ()) -> bool:
        """One build; returns whether it succeeded. Never raises for content errors."""
        started = time.perf_counter()
        before = self.warm.record.output.digests
        try:
            report = build(self.options, self.warm, self.reporter)
        except SiteError as error:
            self._failed(_error_lines(error, self.options.root))
            return False
        except Exception as exc:  # a bug must not stop the preview either
            log.debug("build failed", exc_info=True)
            lines: list[str] = [
                _("internal error (a bug in seminar-site): {error}", error=repr(exc))
            ]
            lines += traceback.format_exc().strip().splitlines()[-3:]
            self._failed(lines)
            return False
        self.builds += 1
        self.good = True
        self.warm = report.warm
        after = self.warm.record.output.digests
        changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
        self.hub.publish(changed, [])
        ms = (time.perf_counter() - started) * 1000
        # Editors' temporary files come and go within a save: name only what is still there.
        edited = {_short(c, self.options.root) for c in changes if Path(c).exists()}
        names = ", ".join(sorted(edited)[:3])
        for warning in report.warnings:
            self.say(warning_line(warning, self.options.root))
        counts = {"ms": format(ms, ".0f"), "pages": report.rendered, "files": len(changed)}
        if names:
            self.say(
                _(
                    "built in {ms} ms after {names}: {pages} page(s) rendered, "
                    "{files} file(s) changed",
                    names=names,
                    **counts,
                )
            )
        else:
            self.say(
                _("built in {ms} ms: {pages} page(s) rendered, {files} file(s) changed", **counts)
            )
        return True

    def _failed(self, lines: list[str]) -> None:
        for line in lines:
            self.say(_("error: {problem}", problem=line))
        kept = _("keeping the last good build") if self.good else _("no good build yet")
        count = len(lines)
        self.say(_("{count} error(s); {kept}: fix the file and save again", count=count, kept=kept))
        notice = (
            _("seminar-site: the last edit cannot be built; this is the last good version.")
            if self.good
            else _("seminar-site: the site cannot be built yet.")
        )
        self.hub.publish([], lines, notice)

    def watch(self, stop: threading.Event, ready: threading.Event | None = None) -> None:
        """Rebuild on every batch of changes until ``stop`` is set; ``ready`` is set once the
        file system watches are in place (saves made before that could be missed)."""
        import watchfiles

        paths = [self.options.root / name for name in WATCHED]
        existing = [path for path in paths if path.is_dir()]
        for changes in watchfiles.watch(
            *existing,
            watch_filter=watchfiles.DefaultFilter(),
            debounce=MAX_BATCH_MS,
            step=STEP_MS,
            stop_event=stop,
            rust_timeout=READY_MS,
            yield_on_timeout=True,  # an empty batch after READY_MS: the watches exist
            raise_interrupt=False,
        ):
            if ready is not None:
                ready.set()
            if stop.is_set():
                break
            if changes:
                self.rebuild(path for _change, path in changes)


def prepare_folder(out: Path) -> None:
    """Start from an empty preview folder (ours: it carries the marker, or does not exist)."""
    if out.exists():
        if not (out / MARKER).is_file() and any(out.iterdir()):
            raise SiteError(
                _("preview folder {out} exists and was not made by seminar-site", out=out)
            )
        shutil.rmtree(out)


def remove_folder(out: Path) -> None:
    if out.exists() and (out / MARKER).is_file():
        shutil.rmtree(out, ignore_errors=True)


def _error_lines(error: SiteError, root: Path) -> list[str]:
    errors = error.errors if isinstance(error, ContentErrors) else [error]
    return [item.format(relative_to=root) for item in errors]


def _short(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path
