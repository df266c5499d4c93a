"""Where the files shipped with the bot are: templates/, feeds.yaml and the demo feeds.

In a checkout they are the top-level `templates/` and `feeds.yaml` (the source of truth) and
`bot/data/demo/`. A built wheel carries copies of the top-level ones inside the package, under
`bot/_bundled/` (setup.py's build step writes them; git holds only the originals).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent
BUNDLED = PACKAGE / "_bundled"
DEMO_DIR = PACKAGE / "data" / "demo"  # the demo's sample feeds (package data)


def _in_checkout() -> bool:
    # an installed package's parent is site-packages (or a --target folder): no pyproject
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "templates").is_dir()


def templates_dir() -> Path:
    """The folder of the Jinja2 templates."""
    return CHECKOUT / "templates" if _in_checkout() else BUNDLED / "templates"


def default_config() -> Path:
    """The feeds.yaml shipped with the bot, used when none is given and ./feeds.yaml is absent."""
    return CHECKOUT / "feeds.yaml" if _in_checkout() else BUNDLED / "feeds.yaml"
