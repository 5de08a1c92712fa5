"""Extract, update and compile the message catalogs with Babel (docs/translating.md).

    python tools/messages.py              # extract → update ja → compile (the usual run)
    python tools/messages.py --check      # exit 1 if a message has no Japanese translation
    python tools/messages.py --merge DIR  # also take translations from DIR/*.po first

The same as ``pybabel extract -F babel.cfg``, ``pybabel update`` and ``pybabel compile``,
in one step and without a stale ``.pot`` in between. Needs the ``dev`` or ``test`` extra.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "seminar_site"
LOCALE = PACKAGE / "locale"
DOMAIN = "seminar_site"
LANGUAGES = ("ja",)


def extracted() -> Catalog:
    """Every msgid of the package, with where it is used."""
    template = Catalog(project="seminar-site", domain=DOMAIN)
    method_map = [("**.py", "python")]
    keywords = DEFAULT_KEYWORDS
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=method_map, keywords=keywords
    ):
        location = (f"src/seminar_site/{filename}", lineno)
        template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="seminar-site")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def updated(language: str, template: Catalog, merge: list[Path]) -> Catalog:
    catalog = read(po_path(language), language)
    for fragment in merge:
        for message in read(fragment, language):
            if message.id and message.string:
                existing = catalog.get(message.id)
                if existing is None:
                    catalog.add(message.id, message.string)
                else:
                    existing.string = message.string
                    existing.flags.discard("fuzzy")
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()  # a message no longer in the code is no longer translated
    return catalog


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temp, path)


def untranslated(catalog: Catalog) -> list[str]:
    return [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report missing translations")
    parser.add_argument("--merge", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    template = extracted()
    missing_any = False
    for language in LANGUAGES:
        fragments = sorted(p for d in args.merge for p in d.glob("*.po"))
        catalog = updated(language, template, fragments)
        missing = untranslated(catalog)
        for msgid in missing:
            print(f"{language}: no translation: {msgid!r}", file=sys.stderr)
        missing_any = missing_any or bool(missing)
        if args.check:
            continue
        po, mo = io.BytesIO(), io.BytesIO()
        write_po(po, catalog, width=100, include_lineno=False)
        write_mo(mo, catalog, use_fuzzy=False)
        atomic_write(po_path(language), po.getvalue())
        atomic_write(po_path(language).with_suffix(".mo"), mo.getvalue())
        print(f"{language}: {len(catalog)} messages, {len(missing)} untranslated")
    if not args.check:
        out = io.BytesIO()
        write_po(out, template, width=100, include_lineno=False)
        atomic_write(LOCALE / f"{DOMAIN}.pot", out.getvalue())
    return 1 if (args.check and missing_any) else 0


if __name__ == "__main__":
    sys.exit(main())
