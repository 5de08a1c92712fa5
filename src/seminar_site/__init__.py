"""seminar-site: a static website generator for seminar and event reports."""

from __future__ import annotations

__version__ = "0.1.0"
