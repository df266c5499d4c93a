"""Imports go one way: models <- pure stages <- service <- tg / __main__."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
PURE = ["models", "text", "vectors", "figures", "topic", "claims", "stories", "digest", "render"]
FORBIDDEN_IN_PURE = {
    "bot.store",
    "bot.service",
    "bot.feeds.fetch",
    "bot.tg",
    "telegram",
    "httpx",
    "sqlalchemy",
    "feedparser",
    "os",
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("module", PURE)
def test_pure_stages_touch_no_io(module):
    bad = {
        name
        for name in imports_of(BOT / f"{module}.py")
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_PURE)
    }
    assert not bad, f"bot/{module}.py imports {bad}"


def test_pure_stages_read_no_clock():
    for module in PURE:
        source = (BOT / f"{module}.py").read_text()
        assert "datetime.now" not in source and "time.time(" not in source, module


def test_only_tg_imports_telegram():
    for path in BOT.rglob("*.py"):
        if "tg" in path.relative_to(BOT).parts:
            continue
        assert not any(n == "telegram" or n.startswith("telegram.") for n in imports_of(path)), path


def test_feedparser_stays_in_parse():
    for path in BOT.rglob("*.py"):
        if path.name != "parse.py":
            assert "feedparser" not in imports_of(path), path


def test_only_settings_reads_environment():
    for path in BOT.rglob("*.py"):
        if path.name != "settings.py":
            assert "os.environ" not in path.read_text(), path
