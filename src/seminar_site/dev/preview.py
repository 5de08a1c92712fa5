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
from typing import TYPE_CHECKING

from seminar_site import i18n
from seminar_site.dev.scaffold import new_report
from seminar_site.dev.serve import RELOAD_SCRIPT, Hub, bind, error_page, running
from seminar_site.dev.watch import Rebuilder, prepare_folder, remove_folder
from seminar_site.pipeline.build import BuildOptions, Warm
from seminar_site.pipeline.manifest import CACHE_DIR
from seminar_site.pipeline.record import PREVIEW_FOLDER, load_record, record_path

if TYPE_CHECKING:
    from seminar_site.dev.serve import PreviewServer
    from seminar_site.editor.app import Editor

WATCH_READY_TIMEOUT = 10.0


@dataclass(frozen=True)
class Preview:
    url: str
    out: Path
    rebuilder: Rebuilder
    note: str | None  # e.g. "port 8000 is already in use; serving on port 8001 instead"
    editor_url: str = ""  # the form editor (with ?token=… when a login is needed)
    shown_url: str = ""  # the preview's address as printed (with ?token=… likewise)


def preview_folder(root: Path) -> Path:
    return root / CACHE_DIR / PREVIEW_FOLDER


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
    server.editor = _editor(options.root, server).asgi
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
                editor_url = server.security.login_url(url)
                shown_url = server.security.preview_url(url)
                yield Preview(url, out, rebuilder, note, editor_url, shown_url)
            finally:
                stop.set()
                if watcher.is_alive():
                    watcher.join()
    finally:
        server.server_close()
        remove_folder(out)


def _editor(root: Path, server: PreviewServer) -> Editor:
    """The form editor of the site, in the site's language (ja unless it says en)."""
    from seminar_site.editor.app import Editor

    language = "en" if (i18n.site_language(root) or "ja").lower().startswith("en") else "ja"
    return Editor(root, server.security, language, new_report)
