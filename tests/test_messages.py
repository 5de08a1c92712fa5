"""Messages in the author's language (issue 12 item 2): gettext catalogs made with Babel.

Every msgid in the code has a Japanese translation with the same placeholders; the compiled
catalog that ships is the one the .po file makes; the language is chosen as documented.
"""

from __future__ import annotations

import ast
import gettext
import io
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from seminar_site import i18n
from seminar_site.i18n import _, render
from tests.conftest import REPO, MakeSite, cli_env

sys.path.insert(0, str(REPO / "tools"))
import messages

sys.path.remove(str(REPO / "tools"))

PO = i18n.LOCALE_DIR / "ja" / "LC_MESSAGES" / "seminar_site.po"


def placeholders(template: str) -> set[str]:
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    return names | set(re.findall(r"%\((\w+)\)s", template))


def catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle, locale="ja", domain="seminar_site")


def test_every_message_in_the_code_has_a_japanese_translation() -> None:
    translated = {m.id: m for m in catalog() if m.id}
    missing = []
    for message in messages.extracted():
        if not message.id:
            continue
        entry = translated.get(message.id)
        if entry is None or not entry.string or entry.fuzzy:
            where = ", ".join(f"{path}" for path, _line in message.locations)
            missing.append(f"{message.id!r} ({where})")
    assert missing == [], "run python tools/messages.py and translate:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders() -> None:
    wrong = [
        (m.id, m.string)
        for m in catalog()
        if m.id and m.string and placeholders(m.id) != placeholders(str(m.string))
    ]
    assert wrong == []


def test_the_shipped_catalog_is_compiled_from_the_po_file() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalog(), use_fuzzy=False)
    compiled.seek(0)
    fresh = gettext.GNUTranslations(compiled)
    with (PO.with_suffix(".mo")).open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    assert shipped._catalog == fresh._catalog, "run python tools/messages.py"  # type: ignore[attr-defined]


def test_a_message_is_english_text_until_shown_in_japanese() -> None:
    message = _("'{key}' must be {kind}", key="title", kind=_("a text"))
    assert message == "'title' must be a text"
    assert render(message, "en") == "'title' must be a text"
    assert render(_("error: {problem}", problem="x"), "ja") == "エラー: x"
    assert render("plain text", "ja") == "plain text"


def test_a_message_crosses_a_process_boundary_as_itself() -> None:
    import pickle

    message = pickle.loads(pickle.dumps(_("created {path}", path="a/b")))
    assert isinstance(message, i18n.Message)
    assert render(message, "ja") == "作成しました: a/b"


@pytest.mark.parametrize(
    ("option", "environ", "site", "chosen"),
    [
        (None, {}, None, "ja"),  # no site.yaml language: Japanese, the users' language
        (None, {}, "en", "en"),
        (None, {}, "ja", "ja"),
        (None, {"LANG": "C"}, "ja", "ja"),  # C says nothing about the language
        (None, {"LANG": "C.UTF-8"}, "en", "en"),
        (None, {"LANG": "en_US.UTF-8"}, "ja", "en"),
        (None, {"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "en", "ja"),
        (None, {"LANGUAGE": "fr:en", "LANG": "ja_JP.UTF-8"}, "ja", "en"),
        (None, {"LANGUAGE": "", "LANG": "ja_JP.UTF-8"}, "en", "ja"),
        (None, {"LC_ALL": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "ja", "ja"),
        ("en", {"LANG": "ja_JP.UTF-8"}, "ja", "en"),
        ("ja", {"LANGUAGE": "en"}, "en", "ja"),
    ],
)
def test_the_language_of_messages(
    option: str | None, environ: dict[str, str], site: str | None, chosen: str
) -> None:
    assert i18n.choose(option, environ, site) == chosen


def run(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = cli_env(**env)
    for name in i18n.LOCALE_VARIABLES:
        if name not in env:
            environ.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "seminar_site", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        env=environ,
        check=False,
    )


def test_a_japanese_site_speaks_japanese_and_lang_en_overrides_it(make_site: MakeSite) -> None:
    root = make_site({"content/reports/r1/report.yaml": "title: [\n"})
    japanese = run(root, "check", LANG="C")
    assert japanese.returncode == 2
    assert japanese.stderr.splitlines()[-1] == "seminar-site: エラーが 1 件あります"
    assert japanese.stderr.startswith("エラー: content/reports/r1/report.yaml:1:")
    english = subprocess.run(
        [sys.executable, "-m", "seminar_site", "--lang", "en", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**cli_env(LANG="C"), "LANGUAGE": ""},
        check=False,
    )
    assert english.returncode == 2
    assert english.stderr.startswith("error: content/reports/r1/report.yaml:1:")
    assert english.stderr.splitlines()[-1] == "seminar-site: 1 error(s)"


def test_the_no_change_build_says_it_in_the_language_of_the_build(make_site: MakeSite) -> None:
    root = make_site()
    first = run(root, "build", LANG="ja_JP.UTF-8")
    assert first.returncode == 0, first.stderr
    again = run(root, "build", LANG="ja_JP.UTF-8")
    assert again.stdout.strip().endswith("変更はありません"), again.stdout
    english = run(root, "build", LANG="en_US.UTF-8")
    assert english.stdout.strip().endswith("nothing changed"), english.stdout


# Calls whose text reaches the author: the message (first argument) and the hint.
MESSAGE_CALLS = {"SiteError", "OutputError", "PhotoError", "error", "warn_at", "say"}


def _is_plain_text(node: ast.expr) -> bool:
    """A literal, an f-string or a sum of them: English that no catalog can translate."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _is_plain_text(node.left) or _is_plain_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_plain_text(node.body) or _is_plain_text(node.orelse)
    return False


def test_no_message_is_written_as_plain_english() -> None:
    """Every text of an error, a warning, a hint or a preview line goes through ``_``."""
    plain = []
    for path in sorted(i18n.LOCALE_DIR.parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in MESSAGE_CALLS:
                continue
            texts = list(node.args[:1]) + [k.value for k in node.keywords if k.arg == "hint"]
            if name == "error" and len(node.args) > 1:  # data.error(key, message, hint)
                texts = list(node.args[1:3])
            if name in {"SiteError", "OutputError", "PhotoError"} and len(node.args) >= 5:
                texts.append(node.args[4])
            for text in texts:
                if _is_plain_text(text):
                    relative = path.relative_to(i18n.LOCALE_DIR.parent)
                    plain.append(f"{relative}:{node.lineno}: {ast.unparse(text)[:70]}")
    assert plain == [], "wrap these in _():\n" + "\n".join(plain)


def test_usage_errors_and_help_speak_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    from seminar_site.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "ja", "build", "--jobs", "x"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("使い方: seminar-site build")
    assert (
        "seminar-site build: エラー: --jobs の指定: 'x' は使えません。半角数字で書いてください"
        in err
    )
    with pytest.raises(SystemExit):
        main(["--lang", "ja", "check", "--help"])
    out = capsys.readouterr().out
    assert "オプション:" in out and "警告（代替テキストがない、など）もエラーとして扱います" in out
    # Every option of every help screen is explained in Japanese (--version was not).
    for command in ([], ["build"], ["serve"], ["check"], ["new"], ["import"], ["export"]):
        with pytest.raises(SystemExit):
            main(["--lang", "ja", *command, "--help"])
        for line in capsys.readouterr().out.splitlines():
            if line.startswith("  -"):
                help_text = line.strip().split("  ")[-1]
                assert not help_text.isascii() or help_text.startswith("-"), (command, line)
    with pytest.raises(SystemExit):  # the same process, in English again
        main(["--lang", "en", "build", "--jobs", "x"])
    err = capsys.readouterr().err
    assert err.startswith("usage: seminar-site build")
    assert "error: argument --jobs: invalid int value: 'x'" in err
