"""Compare an imported report folder with a hand-made one, field by field.

    python tools/compare_import.py IMPORTED_FOLDER [EXPECTED_FOLDER]

EXPECTED_FOLDER defaults to the bundled content/reports/2021-withcorona-dx. Both report.yaml
files are flattened into fields (``days[0].sessions[1].speakers[0].organisation``); the
Markdown files are read in: ``summary_file`` becomes the summary's text and ``body`` one field
per paragraph, so the file names chosen do not matter, their text does. Keys that a page
cannot give are left out of the ratio and listed: photos and social_image when comparing with
the bundled report, whose photos were added by hand (the seed has none). Prints the table of
differences and the ratio equal / all fields.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "content" / "reports" / "2021-withcorona-dx"
NOT_IN_SOURCE = ("social_image", "photos")  # added by hand to the bundled report


@dataclass(frozen=True)
class Comparison:
    fields: int
    equal: int
    differences: list[tuple[str, object, object]]  # (field, imported, expected)
    excluded: list[str]

    @property
    def ratio(self) -> float:
        return self.equal / self.fields if self.fields else 1.0


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _resolve(value: Any, folder: Path) -> Any:
    """summary_file → summary text; body → its paragraphs (recursively)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key == "summary_file":
                text = (folder / str(item)).read_text(encoding="utf-8")
                out["summary"] = "\n\n".join(_paragraphs(text))
            elif key == "body":
                out["body"] = _paragraphs((folder / str(item)).read_text(encoding="utf-8"))
            else:
                out[key] = _resolve(item, folder)
        return out
    if isinstance(value, list):
        return [_resolve(item, folder) for item in value]
    return value


def _flatten(
    value: Any, prefix: str, out: dict[str, object], excluded: set[str], skip: tuple[str, ...]
) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if key in skip:
                excluded.add(_unindexed(path))
                continue
            _flatten(item, path, out, excluded, skip)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}[{index}]", out, excluded, skip)
    else:
        out[prefix] = value.isoformat() if isinstance(value, date) else value


def _unindexed(path: str) -> str:
    import re

    return re.sub(r"\[\d+\]", "[]", path)


def fields_of(folder: Path, skip: tuple[str, ...] = ()) -> tuple[dict[str, object], set[str]]:
    report = yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8"))
    out: dict[str, object] = {}
    excluded: set[str] = set()
    _flatten(_resolve(report, folder), "", out, excluded, skip)
    return out, excluded


def compare(imported: Path, expected: Path = BUNDLED) -> Comparison:
    skip = NOT_IN_SOURCE if expected.resolve() == BUNDLED.resolve() else ()
    got, excluded_got = fields_of(imported, skip)
    want, excluded_want = fields_of(expected, skip)
    keys = list(dict.fromkeys([*want, *got]))
    differences = [(k, got.get(k), want.get(k)) for k in keys if got.get(k) != want.get(k)]
    return Comparison(
        fields=len(keys),
        equal=len(keys) - len(differences),
        differences=differences,
        excluded=sorted(excluded_got | excluded_want),
    )


def _cell(value: object) -> str:
    if value is None:
        return "(none)"
    text = str(value).replace("\n", " ").replace("|", "\\|")
    return text if len(text) <= 60 else text[:59] + "…"


def table(result: Comparison) -> str:
    lines = [
        f"fields compared: {result.fields}, equal: {result.equal}, "
        f"ratio: {result.ratio:.3f} ({result.ratio:.1%})",
        "",
        "| field | imported | hand-made |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {k} | {_cell(a)} | {_cell(b)} |" for k, a, b in result.differences]
    if not result.differences:
        lines.append("| (no differences) | | |")
    if result.excluded:
        lines += ["", "left out (not in the source page): " + ", ".join(result.excluded)]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    expected = Path(argv[1]) if len(argv) == 2 else BUNDLED
    print(table(compare(Path(argv[0]), expected)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
