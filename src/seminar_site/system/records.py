"""Versioned records kept between runs: load one, or start empty when it is unusable.

A record may be missing, truncated by a crash, written by another version of the format, or
(pickles) written by someone else. Each of these means "start empty": a record only ever
saves work, so the caller falls back to doing the work. Saving is atomic.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from seminar_site.system.atomic import write_atomic

TYPE_CHECKING = False  # the no-change check does not import typing; mypy knows the name
if TYPE_CHECKING:
    from typing import Any


def load_json(path: Path, version: int) -> dict[str, Any] | None:
    """The record's data when ``path`` holds a JSON object of this ``version``, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != version:
        return None
    return data


def save_json(path: Path, version: int, data: dict[str, Any], **dump: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"version": version, **data}, **dump)
    write_atomic(path, text.encode("utf-8"))


def load_pickle(path: Path, version: int) -> Any:
    """The pickled value saved with this ``version``, or None.

    Only a file this user wrote and nobody else can change is unpickled (a pickle runs code
    when it is loaded).
    """
    import pickle  # here: the no-change check reads JSON records only

    try:
        st = path.stat()
        if st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
        with path.open("rb") as f:
            saved_version, value = pickle.load(f)
    except Exception:  # missing, truncated, or pickled from classes that have changed
        return None
    return value if saved_version == version else None


def save_pickle(path: Path, version: int, value: Any) -> None:
    import pickle

    path.parent.mkdir(parents=True, exist_ok=True)
    data = pickle.dumps((version, value), protocol=pickle.HIGHEST_PROTOCOL)
    write_atomic(path, data, mode=0o600)
