"""Ship the repository's templates/ and static/ inside the wheel as the default theme.

The top-level folders stay where users look for them (and where a site's own
overrides mirror them); at build time they are copied to seminar_site/theme/, and the
templates are compiled into seminar_site/theme/compiled/ (seminar_site.render.compiled:
a cold build then does not compile the default theme, as Python does not compile the
package's modules).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


class BuildPyWithTheme(build_py):
    def run(self) -> None:
        super().run()
        theme = Path(self.build_lib) / "seminar_site" / "theme"
        for folder in ("templates", "static"):
            target = theme / folder
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(HERE / folder, target)
        compile_default_theme(Path(self.build_lib), self.warn)


def compile_default_theme(build_lib: Path, warn: Callable[[str], None]) -> None:
    """The default theme's templates compiled as make_environment compiles them, with the
    package just built (build-system requires Jinja and PyYAML for this)."""
    sys.path.insert(0, str(build_lib))
    try:
        from seminar_site.render.compiled import SHIPPED, compile_theme
        from seminar_site.render.environment import make_environment
        from seminar_site.settings.config import SiteConfig

        with tempfile.TemporaryDirectory() as root:
            compiled = compile_theme(make_environment(Path(root), SiteConfig(title="")), SHIPPED)
        print(f"compiled {len(compiled)} templates into {SHIPPED}")
    except ImportError as exc:  # the wheel still works: its first build compiles them
        warn(f"default theme not compiled ({exc})")
    finally:
        sys.path.remove(str(build_lib))
        for name in [name for name in sys.modules if name.split(".")[0] == "seminar_site"]:
            del sys.modules[name]


setup(cmdclass={"build_py": BuildPyWithTheme})
