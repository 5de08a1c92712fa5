"""docs/content-format.md and the published JSON Schemas agree with the loader's shapes;
docs/theming.md's examples with the date filters."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from seminar_site.errors import ErrorCollector
from seminar_site.settings.jsonschema import report_schema, site_schema
from seminar_site.settings.schema import all_fields, check_mapping
from seminar_site.settings.shapes import REPORT, SITE
from seminar_site.settings.yamlsource import parse_yaml

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "content-format.md"


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize(("shape", "name"), [(SITE, "site"), (REPORT, "report")])
def test_every_key_of_the_model_is_documented(shape: Any, name: str) -> None:
    text = doc_text()
    missing = [dotted for dotted, _ in all_fields(shape) if f"`{dotted}`" not in text]
    assert missing == [], f"{name} keys missing from docs/content-format.md"


def test_documented_keys_all_exist() -> None:
    text = doc_text()
    reference = text[text.index("## Reference") :]
    documented = set(re.findall(r"^\| `([^`]+)` \|", reference, flags=re.MULTILINE))
    known = {dotted for shape in (SITE, REPORT) for dotted, _ in all_fields(shape)}
    assert documented and documented <= known


@pytest.mark.parametrize(
    ("file", "generate"),
    [("site.schema.json", site_schema), ("report.schema.json", report_schema)],
)
def test_published_json_schema_is_up_to_date(file: str, generate: Any) -> None:
    published = json.loads((REPO / "docs" / file).read_text(encoding="utf-8"))
    assert published == generate(), f"regenerate docs/{file} from seminar_site.settings.jsonschema"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_bundled_content_matches_the_json_schema() -> None:
    reports = sorted((REPO / "content/reports").glob("*/report.yaml"))
    assert len(reports) >= 2  # the workshop and the hybrid symposium
    for path in reports:
        jsonschema.validate(
            _plain(yaml.safe_load(path.read_text(encoding="utf-8"))), report_schema()
        )
    site = yaml.safe_load((REPO / "content/site.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(_plain(site), site_schema())


def test_json_schema_rejects_what_the_loader_rejects() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "langauge": "ja"}, site_schema())


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", doc_text(), flags=re.DOTALL)


@pytest.mark.parametrize(("heading", "shape"), [("site.yaml", SITE), ("report.yaml", REPORT)])
def test_full_examples_in_the_doc_pass_validation(heading: str, shape: Any, tmp_path: Path) -> None:
    text = doc_text()
    section = text[text.index(f"## {heading}: a full example") :]
    block = re.search(r"```yaml\n(.*?)```", section, flags=re.DOTALL)
    assert block is not None
    path = tmp_path / heading
    path.write_text(block.group(1), encoding="utf-8")
    errors = ErrorCollector()
    checked = check_mapping(parse_yaml(path), shape, path, errors)
    assert [e.format() for e in errors.errors] == []
    used = {dotted for dotted, _ in all_fields(shape)}
    shown = _keys(checked)
    if shape is REPORT:
        # Every key of a report is shown at least once in the full example.
        assert used - shown == set()


def _keys(value: Any, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(prefix + key)
            found |= _keys(item, prefix + key + ".")
    elif isinstance(value, list):
        for item in value:
            found |= _keys(item, prefix[:-1] + "[]." if prefix else "")
    return found


THEMING = REPO / "docs" / "theming.md"
_FILTER_EXAMPLE = re.compile(
    r"`(date_md|date_full)`\s*[（(]\s*(\d{4}年)?(\d{1,2}月\d{1,2}日\([^)]*\))"
)


def test_theming_doc_shows_what_the_date_filters_give() -> None:
    """docs/theming.md's examples of the date filters (both languages' sections) are their
    real output for 2021-01-22: (金), not (金曜日) (issue 13)."""
    from seminar_site.render.environment import site_filters
    from seminar_site.settings.config import SiteConfig

    filters = site_filters(SiteConfig(title="t"))
    found = _FILTER_EXAMPLE.findall(THEMING.read_text(encoding="utf-8"))
    assert {name for name, _year, _day in found} == {"date_md", "date_full"}
    assert len(found) >= 4, found  # each filter in the Japanese and the English section
    for name, year, day in found:
        assert year + day == filters[name](dt.date(2021, 1, 22)), (name, year + day)
