"""feeds.yaml validation: every mistake gets a message naming the place, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from bot.config import ConfigError, parse_config
from tests.conftest import ROOT

GOOD_TOPIC = {
    "name": "t",
    "lists": {"a": ["alpha"], "b": ["beta"]},
    "rules": [{"name": "r", "near": ["a", "b"]}],
}


def doc(**overrides: object) -> str:
    base: dict = {
        "feeds": [{"name": "One", "url": "https://one.example/rss"}],
        "topics": [GOOD_TOPIC],
    }
    base.update(overrides)
    return yaml.safe_dump(base)


CASES = [
    ("missing feeds", yaml.safe_dump({"topics": [GOOD_TOPIC]}), "feeds: required key is missing"),
    (
        "feed without url",
        doc(feeds=[{"name": "Kyiv Daily"}]),
        "feeds[0] (Kyiv Daily).url: required",
    ),
    (
        "bad url scheme",
        doc(feeds=[{"name": "X", "url": "ftp://x.example/rss"}]),
        "feeds[0] (X).url",
    ),
    (
        "javascript url",
        doc(feeds=[{"name": "X", "url": "javascript:alert(1)"}]),
        "feeds[0] (X).url",
    ),
    (
        "unknown key",
        doc(feeds=[{"name": "X", "url": "https://x.example", "intervall": 5}]),
        "feeds[0] (X).intervall: unknown key",
    ),
    (
        "bad interval",
        doc(feeds=[{"name": "X", "url": "https://x.example", "interval": "soon"}]),
        "feeds[0] (X).interval",
    ),
    (
        "duplicate names",
        doc(
            feeds=[
                {"name": "X", "url": "https://a.example"},
                {"name": "X", "url": "https://b.example"},
            ]
        ),
        "used twice",
    ),
    ("bad timezone", doc(digest={"timezone": "Mars/Olympus"}), "digest.timezone"),
    ("timezone folder", doc(digest={"timezone": "Europe"}), "digest.timezone"),
    ("bad time", doc(digest={"time": "25:00"}), "digest.time"),
    ("empty topic list", doc(topics=[]), "topics"),
    (
        "rule with unknown list",
        doc(topics=[{**GOOD_TOPIC, "rules": [{"name": "r", "lists": ["zzz"]}]}]),
        "unknown list 'zzz'",
    ),
    ("wrong type", doc(digest={"max_stories": "many"}), "digest.max_stories"),
    ("not yaml", "feeds: [unclosed", "not valid YAML"),
    ("not a mapping", "- just\n- a list\n", "expected a mapping"),
]


@pytest.mark.parametrize("label,text,expected", CASES, ids=[c[0] for c in CASES])
def test_mistakes_name_their_place(label, text, expected):
    with pytest.raises(ConfigError) as err:
        parse_config(text, source="feeds.yaml")
    assert expected in str(err.value)
    assert str(err.value).startswith("feeds.yaml")


def test_shipped_feeds_yaml_is_valid(base_config):
    assert len(base_config.feeds) >= 15
    assert any("news.google.com" in f.url for f in base_config.feeds)
    assert base_config.topic.name == "foreign-nationals"


def test_durations_and_defaults():
    config = parse_config(doc(feeds=[{"name": "X", "url": "https://x.example", "interval": "1h"}]))
    assert config.feeds[0].interval == 3600
    assert config.digest.max_stories >= 1


def test_cli_prints_clear_error_not_traceback(tmp_path):
    bad = tmp_path / "feeds.yaml"
    bad.write_text(doc(feeds=[{"name": "Broken", "url": "gopher://x"}]))
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--config", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "feeds[0] (Broken).url" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_names_are_capped_with_a_message_naming_the_place():
    feeds = [
        {"name": "One", "url": "https://one.example/rss"},
        {"name": "Two", "url": "https://two.example/rss", "outlet": "O" * 201},
        {"name": "N" * 500, "url": "https://three.example/rss"},
    ]
    with pytest.raises(ConfigError) as err:
        parse_config(doc(feeds=feeds, topics=[{**GOOD_TOPIC, "name": "t" * 201}]))
    message = str(err.value)
    assert f"feeds[2].name: '{'N' * 40}…' is longer than 200 characters" in message
    assert "feeds[1] (Two).outlet: 'OOOO" in message and "N" * 41 not in message
    assert "topics[0].name: 'tttt" in message and "; " in message
    fits = [{"name": "N" * 200, "url": "https://x.example/rss", "outlet": "O" * 200}]
    assert parse_config(doc(feeds=fits)).feeds[0].name == "N" * 200
