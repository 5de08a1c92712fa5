"""Shared by the bench scripts: byte-compiling the sources before timing, the machine
description, and writing one section of docs/benchmarks.md (each script owns one
`## Heading` section and replaces only it)."""

from __future__ import annotations

import compileall
import re
import subprocess
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
SRC = Path(__file__).resolve().parents[1] / "src"


def compile_sources() -> None:
    """Byte-compile ``src/`` as installing the package does (pip compiles what it installs).
    The benches run the sources, and where PYTHONDONTWRITEBYTECODE is set (it is on this
    machine) Python would compile every module again in every timed run, about 40 ms of a
    cold build, while the peers run from installed, compiled modules."""
    compileall.compile_dir(str(SRC), quiet=1)


def lscpu_lines(count: int = 15) -> list[str]:
    try:
        output = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    except OSError:
        return ["lscpu not available"]
    return output.splitlines()[:count]


def machine_block(count: int = 15, note: str = "") -> list[str]:
    """The "Machine" paragraph of a section: the first ``count`` lines of ``lscpu``."""
    return [
        f"Machine ({note}`lscpu | head -{count}`):",
        "",
        "```",
        *lscpu_lines(count),
        "```",
    ]


def write_section(heading: str, section: str) -> None:
    """Replace the ``## heading`` section of docs/benchmarks.md with ``section`` (or add it)."""
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    section = section.rstrip("\n") + "\n\n"
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOCS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
