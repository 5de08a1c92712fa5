"""The default theme compiled when the wheel is built (render/compiled.py) is a speed trick
only: a build that uses the shipped templates writes the same site, byte for byte, as one
that compiles them, and a shipped template is used only for the very source, name,
Python, Jinja and environment it was compiled for."""

from __future__ import annotations

import marshal
import pickle
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jinja2
import jinja2.bccache
import pytest

from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.render import compiled
from seminar_site.render.environment import make_environment
from seminar_site.render.theme import default_theme_dir
from seminar_site.settings.config import SiteConfig
from tests.conftest import REPO
from tests.test_incremental import assert_same_tree, tree


def theme_names() -> list[str]:
    return tree(default_theme_dir("templates"))


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source, in order."""
    names: list[str] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        names.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def ship(folder: Path, env: jinja2.Environment | None = None) -> Path:
    """What setup.py puts in the wheel, for ``env`` (the default one by default); it
    compiles every template (``compiles`` counts them: clear it after)."""
    env = env or make_environment(folder.parent, SiteConfig(title=""))
    assert sorted(compiled.compile_theme(env, folder)) == theme_names()
    return folder


def bundled_site(tmp_path: Path, name: str, language: str = "ja") -> Path:
    root = tmp_path / name
    shutil.copytree(REPO / "content", root / "content")
    site = root / "content/site.yaml"
    text = site.read_text(encoding="utf-8")
    assert "\nlanguage: ja\n" in text
    site.write_text(text.replace("\nlanguage: ja\n", f"\nlanguage: {language}\n"), "utf-8")
    return root


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_cold_build_with_the_shipped_templates_equals_one_that_compiles_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiles: list[str], language: str
) -> None:
    monkeypatch.setattr(compiled, "SHIPPED", tmp_path / "none")
    plain = bundled_site(tmp_path, "plain", language)
    build(BuildOptions(root=plain, out=plain / "_site"))
    assert "report.html" in compiles and set(compiles) <= set(theme_names())
    monkeypatch.setattr(compiled, "SHIPPED", ship(tmp_path / "compiled"))
    compiles.clear()
    root = bundled_site(tmp_path, "shipped", language)
    build(BuildOptions(root=root, out=root / "_site"))
    assert compiles == []  # a cold build, and nothing compiled
    assert_same_tree(root / "_site", plain / "_site")


def test_a_sites_own_template_is_compiled_from_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiles: list[str]
) -> None:
    monkeypatch.setattr(compiled, "SHIPPED", ship(tmp_path / "shipped"))
    compiles.clear()
    root = bundled_site(tmp_path, "own")
    own = root / "templates" / "partials" / "overview.html"
    own.parent.mkdir(parents=True)
    source = (default_theme_dir("templates") / "partials" / "overview.html").read_text("utf-8")
    own.write_text("<p class=own>自前の開催概要</p>\n" + source, encoding="utf-8")
    build(BuildOptions(root=root, out=root / "_site"))
    assert compiles == ["partials/overview.html"]
    page = root / "_site" / "reports" / "2021-withcorona-dx" / "index.html"
    assert "自前の開催概要" in page.read_text(encoding="utf-8")


def test_shipped_templates_of_another_source_or_environment_are_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiles: list[str]
) -> None:
    changed = tmp_path / "theme"
    shutil.copytree(default_theme_dir("templates"), changed)
    base = changed / "base.html"
    base.write_text(base.read_text("utf-8").replace("<body", "<body data-old", 1), "utf-8")
    other_source = make_environment(tmp_path, SiteConfig(title=""))
    other_source.loader = jinja2.FileSystemLoader(str(changed))
    old = tmp_path / "old"
    compiled.compile_theme(other_source, old)
    extra = make_environment(tmp_path, SiteConfig(title=""))
    extra.filters["unused"] = str  # another filter set: another signature
    for folder in (old, ship(tmp_path / "extra", extra)):
        monkeypatch.setattr(compiled, "SHIPPED", folder)
        compiles.clear()
        root = bundled_site(tmp_path, folder.name + "-site")
        build(BuildOptions(root=root, out=root / "_site"))
        if folder is old:
            assert "base.html" in compiles  # its base.html is of other source
            html = (root / "_site" / "index.html").read_text(encoding="utf-8")
            assert "data-old" not in html
        else:
            assert "base.html" in compiles and "report.html" in compiles


def test_a_shipped_file_of_another_python_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiles: list[str]
) -> None:
    shipped = ship(tmp_path / "shipped")
    magic = jinja2.bccache.bc_magic  # b"j2", Jinja's format, then Python's major and minor
    other = b"j2" + pickle.dumps(jinja2.bccache.bc_version, 2) + pickle.dumps((3 << 24) | 99, 2)
    assert other != magic and len(other) == len(magic)
    for path in shipped.iterdir():
        data = path.read_bytes()
        assert data.startswith(magic)
        path.write_bytes(other + data[len(magic) :])
    monkeypatch.setattr(compiled, "SHIPPED", shipped)
    compiles.clear()
    root = bundled_site(tmp_path, "site")
    build(BuildOptions(root=root, out=root / "_site"))
    assert "base.html" in compiles and "report.html" in compiles


def test_the_wheel_ships_every_template_compiled(tmp_path: Path) -> None:
    source = tmp_path / "source"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    for name in listed:  # what the wheel is built of, as in a fresh clone
        packaged = name.split("/")[0] in ("src", "templates", "static") or "/" not in name
        if packaged and (REPO / name).is_file() and "__pycache__" not in name:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), "."],
        cwd=source, check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("seminar_site-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        shipped = [n for n in names if n.startswith("seminar_site/theme/compiled/")]
        assert len(shipped) == len(theme_names())
        env = make_environment(tmp_path, SiteConfig(title=""))
        signature = compiled.signature(env)
        for name in theme_names():
            text = (default_theme_dir("templates") / name).read_text(encoding="utf-8")
            checksum = compiled.CompiledTemplates(None).get_source_checksum(text)
            entry = compiled.shipped_name(signature, name, checksum)
            assert f"seminar_site/theme/compiled/{entry}" in shipped, name


def compiled_code(env: jinja2.Environment, source: str, name: str) -> bytes:
    return marshal.dumps(env.compile(source, name, f"templates/{name}"))


def test_the_theme_compiles_the_same_for_every_language_and_date_style(tmp_path: Path) -> None:
    """One compiled theme serves every site only if no site setting is baked into the code:
    Jinja folds a filter of a constant at compile time, and the date and count filters
    follow the site's language and date style (make_environment marks them so that Jinja
    never folds them)."""
    envs = [
        make_environment(tmp_path, SiteConfig(title="", language=language, date_style=style))
        for language in ("ja", "en")
        for style in ("western", "era", "both")
    ]
    for name in theme_names():
        source = (default_theme_dir("templates") / name).read_text(encoding="utf-8")
        assert len({compiled_code(env, source, name) for env in envs}) == 1, name
    folded = "<p>{{ 3|people }} {{ 1|people(approximate=true) }}</p>"
    assert len({compiled_code(env, folded, "folded.html") for env in envs}) == 1
    assert {env.from_string(folded).render() for env in envs} == {
        "<p>3名 約1名</p>",
        "<p>3 people about 1 person</p>",
    }
    plain = make_environment(tmp_path, SiteConfig(title="", language="en"))
    plain.filters["people"] = lambda n, approximate=False: f"{n} people"  # foldable
    assert compiled_code(plain, folded, "folded.html") != compiled_code(envs[0], folded, "f.html")


def test_a_sites_template_follows_a_change_of_language(tmp_path: Path) -> None:
    """A site's own template with a count of a constant, built in Japanese, then in English
    with the compiled templates of the first build still in .seminar-cache/jinja."""
    root = bundled_site(tmp_path, "site")
    own = root / "templates" / "partials" / "overview.html"
    own.parent.mkdir(parents=True)
    source = (default_theme_dir("templates") / "partials" / "overview.html").read_text("utf-8")
    own.write_text("<p class=folded>{{ 3|people }}</p>\n" + source, encoding="utf-8")
    page = root / "_site" / "reports" / "2021-withcorona-dx" / "index.html"
    build(BuildOptions(root=root, out=root / "_site"))
    assert "<p class=folded>3名</p>" in page.read_text(encoding="utf-8")
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("language: ja", "language: en"), "utf-8")
    build(BuildOptions(root=root, out=root / "_site"))
    assert "<p class=folded>3 people</p>" in page.read_text(encoding="utf-8")


def test_a_site_cache_compiled_with_filters_called_another_way_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade in place: .seminar-cache/jinja holds code of an older seminar-site whose
    filters took no render context, for the same template files. It must not be run with
    the new filters (it would call them without the context)."""
    from seminar_site.render import environment

    root = bundled_site(tmp_path, "site")
    with monkeypatch.context() as older:
        older.setattr(environment, "_never_folded", lambda func: func)
        build(BuildOptions(root=root, out=root / "_site", incremental=False))
    assert list((root / ".seminar-cache" / "jinja").iterdir())
    build(BuildOptions(root=root, out=root / "_site", incremental=False))
    fresh = bundled_site(tmp_path, "fresh")
    build(BuildOptions(root=fresh, out=fresh / "_site"))
    assert_same_tree(root / "_site", fresh / "_site")
