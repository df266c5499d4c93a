"""Build step: copies the top-level templates/ and feeds.yaml into the package of a wheel.

They stay at the top of the repository (the source of truth, where the design puts them);
a wheel carries them as bot/_bundled/, found at run time by bot/resources.py. Everything
else about the package is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
IGNORED = shutil.ignore_patterns("__pycache__", "*~", ".*")
SHIPPED = {"templates": "templates", "feeds.yaml": "feeds.yaml"}  # source -> bot/_bundled/


class BuildWithBundledFiles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the top-level files themselves
        target = Path(self.build_lib) / "bot" / "_bundled"
        for source, name in SHIPPED.items():
            path, dest = HERE / source, target / name
            if path.is_dir():
                shutil.copytree(path, dest, dirs_exist_ok=True, ignore=IGNORED)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)


setup(cmdclass={"build_py": BuildWithBundledFiles})
