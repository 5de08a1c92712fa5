"""Progress and timings of a build as a stream of events.

The stages report what they do here instead of printing: the CLI draws a progress bar
from the events, ``serve`` shows them in its console, and tests assert on them
(``BufferReporter``). The null reporter costs nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from seminar_site.i18n import _, render

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    stage: str  # "load", "photos", "render", "write"
    kind: str  # "start", "progress" or "end"
    done: int = 0  # progress: items finished so far
    total: int = 0  # items the stage has to do (0: not counted)
    seconds: float = 0.0  # end: how long the stage took


class Reporter:
    """Receives the events of a build; this one ignores them."""

    def emit(self, event: Event) -> None:
        """Called for every event, on the thread that runs the build."""

    @contextmanager
    def stage(self, name: str, total: int = 0) -> Iterator[Progress]:
        """Report the start and the end of stage ``name`` around the block."""
        started = time.perf_counter()
        self.emit(Event(name, "start", total=total))
        progress = Progress(self, name, total)
        yield progress
        self.emit(Event(name, "end", progress.done, total, time.perf_counter() - started))


class Progress:
    """Counts the items of one stage as they finish."""

    def __init__(self, reporter: Reporter, stage: str, total: int) -> None:
        self.reporter, self.stage, self.total, self.done = reporter, stage, total, 0

    def step(self) -> None:
        self.done += 1
        self.reporter.emit(Event(self.stage, "progress", self.done, self.total))


class BufferReporter(Reporter):
    """Keeps every event, for tests and for showing a build's timings afterwards."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def emit(self, event: Event) -> None:
        self.events.append(event)

    def timings(self) -> dict[str, float]:
        return {e.stage: e.seconds for e in self.events if e.kind == "end"}


class TerminalReporter(Reporter):
    """A one-line bar while photos are processed, written to ``stream`` (the CLI passes its
    terminal, or None in CI logs and with --quiet), and each stage's time in the debug log."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def emit(self, event: Event) -> None:
        if event.kind == "end":
            log.debug("stage %s: %.3f s", event.stage, event.seconds)
        if self.stream is None or event.stage != "photos" or not event.total:
            return
        if event.kind == "progress":
            filled = 30 * event.done // event.total
            bar = "#" * filled + "-" * (30 - filled)
            line = _("photos [{bar}] {done}/{total}", bar=bar, done=event.done, total=event.total)
            self.stream.write("\r" + render(line))
            self.stream.flush()
        elif event.kind == "end":
            self.stream.write("\n")
            self.stream.flush()


NULL = Reporter()
