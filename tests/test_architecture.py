"""Imports go one way: models <- pure stages <- service <- tg / __main__."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
PURE = [
    "models",
    "text",
    "vectors",
    "world",
    "language",
    "figures",
    "reporting",
    "clauses",
    "attribution",
    "context",
    "places",
    "names",
    "bodies",
    "claimants",
    "referents",
    "topic",
    "claims",
    "grouping",
    "stories",
    "digest",
    "render",
]
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


# The general stages: they work on language and world knowledge, never on the topic's words.
GENERAL = [
    "text",
    "figures",
    "clauses",
    "attribution",
    "reporting",
    "context",
    "places",
    "names",
    "bodies",
    "claimants",
    "referents",
    "claims",
    "stories",
    "grouping",
    "digest",
    "render",
]


def _string_literals(path: Path) -> list[str]:
    """The strings of a module's code, docstrings left out (they may give examples)."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _topic_words() -> set[str]:
    """The words of the shipped topics' own lists and terms (not references to world data)."""
    from bot.config import load_config

    config = load_config(BOT.parent / "feeds.yaml")
    words: set[str] = set()
    for topic in config.topics:
        # lists a rule uses only as a context (the words before or after a term) hold function
        # words ("in", "who", "a"), not the topic's vocabulary
        contexts = {
            name
            for rule in topic.rules
            for side in ("before", "after", "not_after")
            for name in getattr(rule, side, [])
        }
        contexts |= {n for rule in topic.rules for n in (getattr(rule, "apart", None) or [])}
        used = {n for rule in topic.rules for n in (*rule.lists, *rule.near)}
        terms = [
            t
            for name, terms in topic.lists.items()
            if name in used or name not in contexts
            for t in terms
        ]
        terms += [t for rule in topic.rules for t in getattr(rule, "terms", [])]
        terms += topic.exclude
        for term in terms:
            if term.startswith("@"):
                continue
            # a one-word term is a topic word; a phrase's words alone are not ("full-scale")
            words.add(" ".join(term.lower().lstrip("=").replace("-", " ").split()))
    return {w for w in words if len(w) > 3}


@pytest.mark.parametrize("module", GENERAL)
def test_general_stages_hold_no_topic_words(module):
    """Topic words live in the topic's lexicon; a stage that knows them is a bug.

    Words the general language data also holds ("soldier" as a speaker, "army" as a body)
    are language, not topic."""
    import yaml

    language = yaml.safe_load((BOT / "data" / "lang" / "en.yaml").read_text(encoding="utf-8"))
    general: set[str] = set()
    for value in language.values():
        items = value.values() if isinstance(value, dict) else [value]
        for entry in items:
            for phrase in entry if isinstance(entry, list) else [entry]:
                general.update(str(phrase).lower().split())
    from bot.text import STOPWORDS

    topic = _topic_words() - general - STOPWORDS
    found: set[str] = set()
    for literal in _string_literals(BOT / f"{module}.py"):
        text = " " + " ".join(re.split(r"[^\w']+", literal.lower().replace("-", " "))) + " "
        found |= {term for term in topic if f" {term} " in text}
    assert not found, f"bot/{module}.py holds topic words {sorted(found)}"


def test_sources_hold_no_control_characters():
    """A pattern edited through an escape ('\\b' written as a backspace) fails silently: the
    regex matches nothing. Only newlines and tabs belong in a source file."""
    bad = [
        f"{path.relative_to(BOT.parent)}:{n}"
        for path in sorted(BOT.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", line)
    ]
    assert not bad, bad
