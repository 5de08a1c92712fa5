"""The one error hierarchy for user mistakes: every error knows where it happened."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from seminar_site.i18n import Message, _, render


class SiteError(Exception):
    """A problem the user can fix, located at ``path:line:col`` (line and col are 1-based)."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.col = col
        self.hint = hint

    def location(self, relative_to: Path | None = None) -> str:
        if self.path is None:
            return ""
        shown: Path = self.path
        if relative_to is not None:
            # Lexically first (a symlink inside the site is shown where the user sees it),
            # then with links resolved.
            for path, root in (
                (Path(os.path.abspath(self.path)), Path(os.path.abspath(relative_to))),
                (self.path.resolve(), relative_to.resolve()),
            ):
                if path.is_relative_to(root):
                    shown = path.relative_to(root)
                    break
        text = str(shown)
        if self.line is not None:
            text += f":{self.line}"
            if self.col is not None:
                text += f":{self.col}"
        return text

    def format(self, relative_to: Path | None = None) -> str:
        """``path:line:col: message (hint: ...)`` in the current language (i18n)."""
        where = self.location(relative_to)
        text = render(self.message)
        if self.hint:
            text = render(_("{message} (hint: {hint})", message=text, hint=self.hint))
        return f"{where}: {text}" if where else text

    def __str__(self) -> str:
        return self.format()

    def sort_key(self) -> tuple[str, int, int]:
        return (str(self.path or ""), self.line or 0, self.col or 0)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with every field, so that an error crosses a process boundary (a worker
        loading a report, or processing a photo) as itself, subclass included."""
        fields = (self.message, self.path, self.line, self.col, self.hint)
        return (_rebuilt, (type(self), fields, self.__dict__))


class Edit:
    """Replace ``old`` at ``start:end`` (characters of the file's text, BOM excluded).
    Immutable, compared by value. A plain class, not a dataclass or a named tuple: every
    command imports this module, and making either costs each start-up 1.5-6 ms."""

    __slots__ = ("end", "new", "old", "start")
    start: int
    end: int
    old: str
    new: str

    def __init__(self, start: int, end: int, old: str, new: str) -> None:
        for name, value in (("start", start), ("end", end), ("old", old), ("new", new)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Edit is immutable: {name}")

    def _fields(self) -> tuple[int, int, str, str]:
        return self.start, self.end, self.old, self.new

    def __reduce__(self) -> tuple[type[Edit], tuple[int, int, str, str]]:
        return Edit, self._fields()  # (a loader's warning crosses from a worker with its edit)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Edit) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Edit({!r}, {!r}, {!r}, {!r})".format(*self._fields())


class Fixable(SiteError):
    """A problem whose fix is mechanical: ``edit``, the exact characters to replace, which
    ``check --fix`` applies (rules/fix.py); a text rule's finding, or a loader's warning."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
        *,
        edit: Edit | None = None,
    ) -> None:
        super().__init__(message, path, line, col, hint)
        self.edit = edit


class ContentErrors(SiteError):
    """Several user errors found in one run, reported together."""

    errors: list[SiteError]

    def __init__(self, errors: Iterable[SiteError]) -> None:
        flat: list[SiteError] = []
        for error in errors:
            flat.extend(error.errors if isinstance(error, ContentErrors) else [error])
        self.errors = sorted(flat, key=SiteError.sort_key)
        super().__init__(_("{count} problem(s) in the content", count=len(self.errors)))

    def format(self, relative_to: Path | None = None) -> str:
        return "\n".join(error.format(relative_to) for error in self.errors)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.errors,))


_Fields = tuple[str, "Path | None", "int | None", "int | None", "str | None"]


def _rebuilt(cls: type[SiteError], fields: _Fields, state: dict[str, object]) -> SiteError:
    error = cls.__new__(cls)
    SiteError.__init__(error, *fields)
    error.__dict__.update(state)
    return error


class OutputError(SiteError):
    """The output folder cannot be used (unsafe location, not ours, disk full, read-only)."""


class ErrorCollector:
    """Gathers errors during a stage so that all of them are reported at once."""

    def __init__(self) -> None:
        self.errors: list[SiteError] = []
        self.warnings: list[SiteError] = []

    def add(self, error: SiteError) -> None:
        if isinstance(error, ContentErrors):
            self.errors.extend(error.errors)
        else:
            self.errors.append(error)

    def warn(self, warning: SiteError) -> None:
        self.warnings.append(warning)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(self.errors)


def warning_line(warning: SiteError, relative_to: Path | None = None) -> Message:
    """``warning: path:line:col: message`` as build, check and the preview print it."""
    return _("warning: {problem}", problem=warning.format(relative_to=relative_to))
