"""Stages import downward only (docs/architecture.md), checked with ast.

The unit is the stage: a sub-package (``settings``, ``content``, ...) or a top-level module
(``errors``, ``model``, ``cli``). A module may import from its own stage and from stages on
lower floors; stages on one floor (``content`` and ``photos``) do not import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "seminar_site"

# Lower floors first.
FLOORS: list[set[str]] = [
    {"__init__"},
    {"i18n"},
    {"errors"},
    {"system"},
    {"settings"},
    {"model"},
    {"content", "photos"},
    {"render", "rules"},  # rules: check's text rules, beside render (neither imports the other)
    {"output"},
    {"pipeline"},
    {"editor"},  # the form editor, which the preview (dev/serve) mounts at /_edit/
    {"dev", "imports", "export"},  # import and export: beside the preview, none imports another
    {"arguments"},
    {"cli"},
    {"__main__"},
]

MAX_MODULE_LINES = 400


def stage_of(module: str) -> str:
    """``seminar_site.content.site`` → ``content``; ``seminar_site`` → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def floor_of(stage: str) -> int:
    for index, floor in enumerate(FLOORS):
        if stage in floor:
            return index
    raise AssertionError(f"stage {stage} is on no floor: add it to FLOORS and the docs")


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1 and parts[-2] != "seminar_site":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "seminar_site":
                found |= {
                    "seminar_site" if alias.name == "__version__" else f"seminar_site.{alias.name}"
                    for alias in node.names
                }
            elif node.module.startswith("seminar_site."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("seminar_site.")}
    return found


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_stage_imports_only_lower_floors() -> None:
    problems = []
    for path in sources():
        stage = stage_of(module_name(path))
        level = floor_of(stage)
        for imported in imported_modules(path):
            other = stage_of(imported)
            if other != stage and floor_of(other) >= level:
                problems.append(f"{module_name(path)} ({stage}) imports {imported}")
    assert problems == []


def test_the_floor_table_names_only_real_stages() -> None:
    real = {stage_of(module_name(path)) for path in sources()}
    assert set().union(*FLOORS) == real


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in sources()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_content_never_imports_render() -> None:
    """The combined load-and-render stage for speed lives in pipeline/, not in content/."""
    leaks = [
        f"{module_name(path)} imports {imported}"
        for path in sorted((PACKAGE / "content").rglob("*.py"))
        for imported in imported_modules(path)
        if stage_of(imported) in {"render", "output", "pipeline", "dev"}
    ]
    assert leaks == []
