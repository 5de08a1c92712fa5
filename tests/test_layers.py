"""Modules import only from layers below them (docs/architecture.md), checked with ast."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "seminar_site"

# Lower layers first; a module may import only from strictly lower layers.
LAYERS: list[set[str]] = [
    {"__init__", "errors", "dates", "labels", "serve", "workers"},
    {"textfile", "images", "theme", "scaffold"},
    {"photo_worker"},
    {"yamlsource", "stamps"},
    {"schema"},
    {"shapes", "paths"},
    {"config", "jsonschema"},
    {"model", "markdown", "manifest"},
    {"photo_records"},
    {"loader", "feeds", "structured_data", "photos", "output"},
    {"render", "report_loading"},
    {"incremental"},
    {"build", "check"},
    {"watch"},
    {"preview"},
    {"cli"},
    {"__main__"},
]


def layer_of(module: str) -> int:
    for index, layer in enumerate(LAYERS):
        if module in layer:
            return index
    raise AssertionError(f"module {module} is in no layer: add it to LAYERS and the docs")


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "seminar_site":
                found |= {alias.name for alias in node.names if alias.name != "__version__"}
                if any(alias.name == "__version__" for alias in node.names):
                    found.add("__init__")
            elif node.module.startswith("seminar_site."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {
                alias.name.split(".")[1]
                for alias in node.names
                if alias.name.startswith("seminar_site.")
            }
    return found


def test_every_module_imports_only_lower_layers() -> None:
    problems = []
    for path in sorted(PACKAGE.glob("*.py")):
        module = path.stem
        level = layer_of(module)
        for imported in imported_modules(path):
            if layer_of(imported) >= level and imported != module:
                problems.append(f"{module} (layer {level}) imports {imported}")
    assert problems == []


def test_the_layer_table_names_only_real_modules() -> None:
    real = {path.stem for path in PACKAGE.glob("*.py")}
    listed = set().union(*LAYERS)
    assert listed == real
