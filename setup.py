"""Ship the repository's templates/ and static/ inside the wheel as the default theme.

The top-level folders stay where users look for them (and where a site's own
overrides mirror them); at build time they are copied to seminar_site/theme/.
"""

from __future__ import annotations

import shutil
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


setup(cmdclass={"build_py": BuildPyWithTheme})
