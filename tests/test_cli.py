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


def two_feed_config(tmp_path: Path, feed_server, *, good: bool) -> Path:
    """A feeds.yaml with a broken feed, and a working one (a demo feed) when `good`."""
    body = (ROOT / "bot" / "data" / "demo" / "nairobi-ledger.xml").read_bytes()
    feed_server.routes["/ledger.xml"] = Route(body=body)
    config = yaml.safe_load((ROOT / "feeds.yaml").read_text())
    config["feeds"] = [
        {"name": "Ledger", "url": feed_server.url("/ledger.xml" if good else "/gone.xml")},
        {"name": "Broken", "url": feed_server.url("/missing.xml")},
    ]
    path = tmp_path / "feeds.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def db_env(tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite"}


def test_digest_names_each_failed_feed_once_and_sums_up_on_stderr(tmp_path, feed_server):
    config = two_feed_config(tmp_path, feed_server, good=True)
    since = ["--since", "2026-11-01"]
    proc = run("digest", "--config", str(config), *since, env=db_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "Kenyans" in proc.stdout and "Broken" not in proc.stdout
    assert proc.stderr.count("404") == 1 and "! Broken: HTTP 404" in proc.stderr
    assert proc.stderr.rstrip().endswith("1 of 2 feeds could not be read")
    # --json: stdout is one document, now with the feeds, the same shape as in `check`
    proc = run("digest", "--config", str(config), "--json", *since, env=db_env(tmp_path))
    data = json.loads(proc.stdout)
    assert data["stories"]
    feeds = {f["name"]: f for f in data["feeds"]}
    assert feeds["Ledger"]["status"] == "ok" and feeds["Broken"]["status"] == "error"
    assert set(feeds["Broken"]) == {"name", "url", "status", "error", "items", "new_items"}
    assert proc.stderr.count("404") == 1 and "1 of 2 feeds could not be read" in proc.stderr


def test_check_lists_failures_on_stdout_and_only_the_summary_on_stderr(tmp_path, feed_server):
    config = two_feed_config(tmp_path, feed_server, good=True)
    proc = run("check", "--config", str(config), env=db_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "[error] Broken — HTTP 404" in proc.stdout and "[ok] Ledger" in proc.stdout
    assert (proc.stdout + proc.stderr).count("404") == 1  # each failure is printed once
    assert "1 of 2 feeds could not be read" in proc.stderr


def test_every_feed_failing_exits_3_without_a_false_all_clear(tmp_path, feed_server):
    config = two_feed_config(tmp_path, feed_server, good=False)
    digest = run("digest", "--config", str(config), env=db_env(tmp_path))
    assert digest.returncode == 3
    assert "Nothing new" not in digest.stdout
    assert digest.stderr.count("404") == 2 and "2 of 2 feeds could not be read" in digest.stderr
    check = run("check", "--config", str(config), "--json", "--quiet", env=db_env(tmp_path))
    assert check.returncode == 3
    assert [f["status"] for f in json.loads(check.stdout)["feeds"]] == ["error", "error"]
    assert "2 of 2 feeds could not be read" in check.stderr
    # a configuration error is still 2
    assert run("check", "--config", str(tmp_path / "nope.yaml")).returncode == 2


def test_an_installed_bot_uses_its_own_feeds_yaml_where_there_is_none(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--quiet"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env={
            **{k: v for k, v in os.environ.items() if k != "BOT_CONFIG"},
            "PYTHONPATH": str(ROOT),  # this checkout's bot, from a folder outside it
            **db_env(tmp_path),
        },
    )
    assert proc.returncode == 0, proc.stderr
    assert "Kenyans" in proc.stdout and proc.stderr == ""


def test_check_shows_a_feeds_warnings(tmp_path, feed_server):
    feed_server.routes["/cut.xml"] = Route(
        body=b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title>
<item><title>Kenyan recruits in Russian army</title><guid>c1</guid></item></channel>"""
    )
    config = yaml.safe_load((ROOT / "feeds.yaml").read_text())
    config["feeds"] = [{"name": "Cut", "url": feed_server.url("/cut.xml")}]
    path = tmp_path / "feeds.yaml"
    path.write_text(yaml.safe_dump(config))
    proc = run("check", "--config", str(path), env=db_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "[ok] Cut (1 items, 1 new) — warning: parsed with problems" in proc.stdout
    assert "could not be read" not in proc.stderr
