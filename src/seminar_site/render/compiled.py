"""The default theme's templates compiled when the wheel is built: a speed trick of the render
stage, kept behind Jinja's bytecode-cache interface.

A cold build compiles every template its pages use: about 50 ms for the default theme, a
fifth of the build's own process time on a gallery site, spent while the photo workers need
the cores. The wheel therefore ships them compiled (``setup.py`` calls :func:`compile_theme`),
as it ships Python's own bytecode. :class:`CompiledTemplates` is the environment's bytecode
cache: the site's ``.seminar-cache/jinja`` first (what earlier builds compiled), then the
shipped files. A shipped file is used only for the same template name and source (Jinja
checks the source's checksum), the same Python (Jinja's header) and the same Jinja version,
options, filters and tests (its file name is a digest of them: :func:`signature`); anything
else, a site's own template included, is compiled as before. A source checkout has none, and
compiles. One compiled theme serves every site because no site setting is in its code: Jinja
folds a filter of a constant when it compiles, and the date and count filters follow the
site's language, so make_environment marks them as filters Jinja never folds; a test
compiles the theme for every language and date style and finds the same code.
``tests/test_compiled_templates.py`` also builds sites with and without the shipped files
and compares every output file byte for byte.

This module imports only the standard library and Jinja: ``setup.py`` loads it at build time.
"""

from __future__ import annotations

import hashlib
import weakref
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

#: The options the compiled form of a template depends on (make_environment passes them).
OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
#: Where the wheel keeps them (setup.py writes there; a source checkout has no such folder).
SHIPPED = Path(__file__).parents[1] / "theme" / "compiled"
_SUFFIX = ".jinja"


def signature(env: jinja2.Environment) -> str:
    """What a compiled template depends on besides its name and source: Jinja's version,
    the syntax options, and every filter and test with the context it asks for."""
    syntax = {name: getattr(env, name) for name in sorted(_SYNTAX)}
    calls = [
        (kind, name, str(getattr(func, "jinja_pass_arg", "")))
        for kind, table in (("filter", env.filters), ("test", env.tests))
        for name, func in sorted(table.items())
    ]
    facts = (jinja2.__version__, syntax, sorted(env.extensions), env.finalize is None, calls)
    return hashlib.sha256(repr(facts).encode()).hexdigest()


_SYNTAX = (
    "block_start_string", "block_end_string", "variable_start_string",
    "variable_end_string", "comment_start_string", "comment_end_string",
    "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
    "newline_sequence", "keep_trailing_newline", "optimized", "is_async", "autoescape",
)  # fmt: skip


def shipped_name(env_signature: str, name: str, checksum: str) -> str:
    key = repr((env_signature, name, checksum)).encode()
    return hashlib.sha256(key).hexdigest()[:40] + _SUFFIX


_signatures: weakref.WeakKeyDictionary[jinja2.Environment, str] = weakref.WeakKeyDictionary()


class CompiledTemplates(jinja2.BytecodeCache):
    """The site's compiled templates (``folder``; written unless ``write`` is False, as for
    ``check``), then the shipped ones of ``shipped`` (default :data:`SHIPPED`). Both are
    found by the environment's :func:`signature` too (computed at its first template), so
    that code compiled by another version of seminar-site or Jinja is never run."""

    def __init__(self, folder: Path | None, write: bool = True, shipped: Path | None = None):
        self.site = jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None
        self.write = write
        self.shipped = SHIPPED if shipped is None else shipped

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        """Jinja's bucket, keyed by the environment's signature too: the site's folder may
        hold code compiled by another version, with filters called another way."""
        env_signature = _signatures.get(environment)
        if env_signature is None:  # once per environment (an overlay is another one)
            env_signature = _signatures[environment] = signature(environment)
        key = f"{self.get_cache_key(name, filename)}-{env_signature[:16]}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        if bucket.code is None:
            path = self.shipped / shipped_name(env_signature, name, bucket.checksum)
            try:
                data = path.read_bytes()
            except OSError:
                return bucket
            bucket.bytecode_from_string(data)  # reset again unless header and checksum match
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if self.site is not None:
            self.site.load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self.site is not None and self.write:
            self.site.dump_bytecode(bucket)


def compile_theme(env: jinja2.Environment, target: Path) -> list[str]:
    """Compile every template ``env``'s loader lists into ``target`` (emptied first), for
    :class:`CompiledTemplates`; the names compiled. A template that does not compile is
    left out (the build reports it where it is used)."""
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob(f"*{_SUFFIX}"):
        old.unlink()
    assert env.loader is not None
    env_signature, done = signature(env), []
    checksum = CompiledTemplates(None, shipped=target).get_source_checksum
    for name in env.loader.list_templates():
        source, _filename, _uptodate = env.loader.get_source(env, name)
        try:  # errors name the template file at run time: no build folder is kept in the code
            code = env.compile(source, name, f"templates/{name}")
        except jinja2.TemplateError:
            continue
        bucket = Bucket(env, name, checksum(source))
        bucket.code = code
        (target / shipped_name(env_signature, name, bucket.checksum)).write_bytes(
            bucket.bytecode_to_string()
        )
        done.append(name)
    return done
