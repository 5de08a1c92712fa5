from __future__ import annotations

from seminar_site.cli import run

run()
