"""Messages in the reader's language: English msgids, gettext catalogs, translated when shown.

A message is written in English with named placeholders and made with ``_``::

    _("'{key}' must be {kind}", key=spec.key, kind=_("a whole number"))

The result is a ``Message``: a ``str`` whose value is the English text (so code and tests
that treat it as text keep working), which also keeps its msgid and parameters. ``render``
turns it into the current language when it is shown: the CLI, the build summary and the
preview's error overlay call it. Parameters that are messages themselves are translated too.

The catalogs are ``locale/<lang>/LC_MESSAGES/seminar_site.po``, extracted and compiled with
Babel (docs/translating.md); the compiled ``.mo`` files ship in the package. Only the standard
library is imported here, and ``gettext`` only when a message is first shown in a language
other than English: a ``build`` with nothing to do never loads it.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

LANGUAGES = ("ja", "en")  # languages with messages; English is the msgids themselves
DOMAIN = "seminar_site"
LOCALE_DIR = Path(__file__).parent / "locale"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order

_current = "en"
_catalogs: dict[str, object] = {}


class Message(str):
    """English text that remembers how to say itself in another language."""

    msgid: str
    params: dict[str, object]

    def __new__(cls, msgid: str, params: Mapping[str, object]) -> Message:
        english = _fill(msgid, msgid, params, "en")
        message = super().__new__(cls, english)
        message.msgid = msgid
        message.params = dict(params)
        return message

    def __reduce__(self) -> tuple[object, ...]:  # crosses process boundaries as itself
        return (Message, (self.msgid, self.params))

    def __repr__(self) -> str:
        return f"_({self.msgid!r}, **{self.params!r})"


def _(msgid: str, /, **params: object) -> Message:
    """A message to translate when it is shown (the keyword Babel extracts)."""
    return Message(msgid, params)


def N_(msgid: str) -> str:
    """Marks a msgid for extraction without translating it (for a template kept as text)."""
    return msgid


def render(text: object, language: str | None = None) -> str:
    """``text`` in ``language`` (default: the current one); plain strings stay as they are."""
    if not isinstance(text, Message):
        return str(text)
    language = language or _current
    if language == "en":
        return str.__str__(text)
    return _fill(translate(text.msgid, language), text.msgid, text.params, language)


def translate(msgid: str, language: str | None = None) -> str:
    """The translated template of ``msgid`` (the msgid itself when there is none)."""
    language = language or _current
    if language == "en":
        return msgid
    catalog = _catalog(language)
    return catalog.gettext(msgid) if catalog is not None else msgid  # type: ignore[attr-defined]


def _fill(template: str, msgid: str, params: Mapping[str, object], language: str) -> str:
    values = {name: render(value, language) for name, value in params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):  # a broken translation: say it in English
        return msgid.format(**values)


def _catalog(language: str) -> object | None:
    if language not in _catalogs:
        import gettext  # not on the no-change path: only when a message is shown translated

        try:
            _catalogs[language] = gettext.translation(DOMAIN, LOCALE_DIR, [language])
        except OSError:
            _catalogs[language] = None
    return _catalogs[language]


def current() -> str:
    return _current


def set_language(language: str) -> None:
    global _current
    _current = language if language in LANGUAGES else "en"


@contextlib.contextmanager
def using(language: str) -> Iterator[None]:
    """Messages shown inside the block are in ``language``; the previous one comes back."""
    before = _current
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def supported(code: str | None) -> str | None:
    """``ja_JP.UTF-8`` → ``ja``; ``C``, ``POSIX`` and unknown languages → None."""
    if not code:
        return None
    for part in code.split(":"):  # LANGUAGE may list several, best first
        base = re.split(r"[_.@-]", part.strip(), maxsplit=1)[0].lower()
        if base in LANGUAGES:
            return base
    return None


def choose(
    option: str | None, environ: Mapping[str, str] | None = None, site: str | None = None
) -> str:
    """The language of messages: ``--lang``, else the usual locale variables (the first one
    set, as gettext reads them; ``C`` and ``POSIX`` say nothing), else the site's
    ``language``, else Japanese (the language of the people the tool is made for)."""
    chosen = supported(option)
    if chosen:
        return chosen
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name)
        if value:
            chosen = supported(value)
            if chosen:
                return chosen
            if name != "LANGUAGE":  # the first of LC_ALL, LC_MESSAGES, LANG that is set decides
                break
    if site is not None:
        return "ja" if site.lower().startswith("ja") else "en"
    return "ja"


_SITE_LANGUAGE = re.compile(r"""^language[ \t]*:[ \t]*["']?([A-Za-z][A-Za-z_-]*)""", re.M)


def site_language(root: Path) -> str | None:
    """The ``language`` of ``content/site.yaml``, read with a pattern so that messages are in
    the site's language even when the file has a YAML error elsewhere."""
    try:
        text = (root / "content" / "site.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = _SITE_LANGUAGE.search(text[:65536])
    return match.group(1) if match else None
