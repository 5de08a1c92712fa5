"""A `serve` session: build into a private folder, serve it, watch, rebuild, clean up.

The preview is built into ``ROOT/.seminar-cache/serve`` (not ``_site``, which stays what the
last ``build`` made, without the reload script) and that folder is removed on exit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from seminar_site.dev.serve import RELOAD_SCRIPT, Hub, bind, error_page, running
from seminar_site.dev.watch import Rebuilder, prepare_folder, remove_folder
from seminar_site.pipeline.build import BuildOptions, Warm
from seminar_site.pipeline.manifest import CACHE_DIR
from seminar_site.pipeline.record import load_record, record_path

PREVIEW_DIR = "serve"
WATCH_READY_TIMEOUT = 10.0


@dataclass(frozen=True)
class Preview:
    url: str
    out: Path
    rebuilder: Rebuilder
    note: str | None  # e.g. "port 8000 is already in use; serving on port 8001 instead"


def preview_folder(root: Path) -> Path:
    return root / CACHE_DIR / PREVIEW_DIR


@contextmanager
def preview(
    options: BuildOptions,
    host: str = "127.0.0.1",
    port: int = 8000,
    say: Callable[[str], None] = lambda _line: None,
    watch: bool = True,
) -> Iterator[Preview]:
    """Build, serve and (with ``watch``) rebuild on changes until the block exits.

    On exit every thread is stopped and joined and the preview folder is removed.
    """
    out = preview_folder(options.root)
    prepare_folder(out)
    primer = Warm(load_record(record_path(options.root, options.out)))  # what `build` made
    options = replace(options, out=out, reload_script=RELOAD_SCRIPT)
    hub = Hub()
    server, note = bind(host, port, out, hub)
    rebuilder = Rebuilder(options, hub, server.lock, say, primer)
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(
        target=rebuilder.watch, args=(stop, ready), name="seminar-watch", daemon=True
    )
    try:
        if not rebuilder.rebuild():
            server.fallback = error_page(hub.snapshot()["errors"], hub.language)
        shown_host = f"[{host}]" if ":" in host else host
        url = f"http://{shown_host}:{server.server_address[1]}/"
        with running(server):
            if watch:
                watcher.start()
                ready.wait(WATCH_READY_TIMEOUT)
            try:
                yield Preview(url, out, rebuilder, note)
            finally:
                stop.set()
                if watcher.is_alive():
                    watcher.join()
    finally:
        server.server_close()
        remove_folder(out)
