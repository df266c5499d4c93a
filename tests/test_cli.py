"""The command line as a user runs it: help, demo, check --json, digest --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.fakes.feed_server import Route
from tests.seedfeed import SEEDS, seed_feed


def run(*args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize("command", [[], ["demo"], ["check"], ["digest"], ["run"]])
def test_help_everywhere(command):
    proc = run(*command, "--help")
    assert proc.returncode == 0 and "usage:" in proc.stdout


def test_demo_prints_a_briefing_offline():
    proc = run("demo")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Kenyans" in out and "Figures disagree" in out and "Covered by" in out
    assert "French Foreign Legion" not in out and "drone parts" not in out  # near misses left out
    assert "polling" in proc.stderr  # progress goes to stderr


def test_demo_json_is_clean_on_stdout():
    proc = run("demo", "--json")
    data = json.loads(proc.stdout)
    assert data["stories"] and data["stories"][0]["conflicts"]


def write_config(tmp_path: Path, url: str) -> Path:
    config = yaml.safe_load((ROOT / "feeds.yaml").read_text())
    config["feeds"] = [{"name": "Seeds", "url": url}, {"name": "Broken", "url": url + "-missing"}]
    path = tmp_path / "feeds.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not present")
def test_check_json(tmp_path, feed_server):
    feed_server.routes["/seeds.xml"] = Route(body=seed_feed())
    config = write_config(tmp_path, feed_server.url("/seeds.xml"))
    proc = run(
        "check",
        "--config",
        str(config),
        "--json",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite"},
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    feeds = {f["name"]: f for f in data["feeds"]}
    assert feeds["Seeds"]["status"] == "ok" and feeds["Broken"]["status"] == "error"
    assert "404" in feeds["Broken"]["error"]
    assert set(data["feeds"][0]) >= {"name", "url", "status", "error"}
    assert len(data["items"]) == 5
    for it in data["items"]:
        assert set(it) >= {
            "id",
            "feed",
            "outlet",
            "title",
            "link",
            "published",
            "relevant",
            "score",
            "reasons",
        }
        assert it["relevant"] is True and it["reasons"]


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not present")
def test_digest_json(tmp_path, feed_server):
    feed_server.routes["/seeds.xml"] = Route(body=seed_feed())
    config = write_config(tmp_path, feed_server.url("/seeds.xml"))
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite"}
    proc = run(
        "digest", "--config", str(config), "--json", "--since", "2025-04-01", "--all", env=env
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    [story] = data["stories"]
    assert set(story) >= {"title", "items", "claims", "conflicts"}
    assert len(story["items"]) == 5
    claim = story["claims"][0]
    assert set(claim) >= {"text", "claimant", "figures", "sources"}
    assert all(s.startswith("https://seed-") for s in claim["sources"])
    assert any({"155", "163"} <= set(c["figures"]) for c in story["conflicts"])
    # default limits: short
    short = json.loads(
        run("digest", "--config", str(config), "--json", "--since", "2025-04-01", env=env).stdout
    )
    assert len(short["stories"][0]["claims"]) <= 4


def test_bad_since_is_a_usage_error():
    proc = run("digest", "--since", "yesterday-ish")
    assert proc.returncode == 2 and "ISO-8601" in proc.stderr
