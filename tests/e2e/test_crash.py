"""SIGKILL during a digest fan-out, then a restart: nothing lost, at most one duplicate.

The real `python -m bot run` process talks to the fake Bot API. A few hundred subscribers
have a digest due; the process is killed at a random point of the fan-out, restarted, and
every chat's messages are checked against the outbox. Repeated CRASH_RUNS times (20), on
SQLite or, with TEST_DATABASE_URL, on PostgreSQL (CI runs 20 kills on one, 5 on the other).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
import yaml

from bot.__main__ import DEMO_DIR, DEMO_FEEDS
from bot.config import load_config
from bot.models import Subscriber
from bot.service import BriefingService
from bot.store import Store
from tests.conftest import ROOT
from tests.databases import Databases, fetch
from tests.fakes.bot_api import FakeBotApi

RUNS = int(os.environ.get("CRASH_RUNS", "20"))
CHATS = range(1000, 1250)  # 250 subscribers
TOKEN = "555000:CRASH-test-token"
_RFC822 = re.compile(rb"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]?\w+")
_ISO = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})")


def recent_demo_feeds(folder: Path, now: datetime) -> list[dict[str, str]]:
    """The bundled demo feeds, re-dated to an hour ago so the digest window holds them."""
    hour_ago = now - timedelta(hours=1)
    feeds = []
    for name, file in DEMO_FEEDS:
        body = (DEMO_DIR / file).read_bytes()
        body = _RFC822.sub(format_datetime(hour_ago).encode(), body)
        body = _ISO.sub(hour_ago.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), body)
        (folder / file).write_bytes(body)
        feeds.append({"name": name, "url": str(folder / file)})
    return feeds


async def prepare(folder: Path, databases: Databases) -> tuple[Path, str]:
    """feeds.yaml and a database with the feeds read and every subscriber's digest due."""
    now = datetime.now(UTC)
    settings = yaml.safe_load((ROOT / "feeds.yaml").read_text())
    settings["feeds"] = recent_demo_feeds(folder, now)
    settings["channels"] = []
    config_path = folder / "feeds.yaml"
    config_path.write_text(yaml.safe_dump(settings, allow_unicode=True))
    db = databases.new("template")
    store = await Store.open(db)
    try:
        report = await BriefingService(load_config(config_path), store).poll(now, force=True)
        assert report.new_items > 5
        due = (now - timedelta(minutes=30)).strftime("%H:%M")
        for chat in CHATS:
            sub = Subscriber(chat, "private", f"Reader {chat}", True, (due,), "UTC")
            await store.chats.upsert_subscriber(sub, now)
    finally:
        await store.close()
    return config_path, db


def start(api: FakeBotApi, config: Path, db: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.base_url,
        "DATABASE_URL": db,
    }
    with log.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", str(config)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )


def delivered(api: FakeBotApi) -> int:
    return sum(1 for c in api.calls if c.method == "sendMessage")


def outbox(db: str) -> dict[int, list[str]]:
    rows = fetch(db, "select chat_id, parts from outbox")
    return {chat: json.loads(parts) for chat, parts in rows}


def integrity(db: str) -> str:
    if not db.startswith("sqlite"):  # a killed client cannot corrupt a PostgreSQL server's data
        return "ok"
    with sqlite3.connect(db.split("///", 1)[1]) as conn:
        return conn.execute("pragma integrity_check").fetchone()[0]


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def crash_once(
    run: int, config: Path, template: str, folder: Path, databases: Databases
) -> tuple[int, int, int, int]:
    """Kill during the fan-out, restart, wait; returns (sent before kill, expected, lost, dupes)."""
    rng = random.Random(run)
    db = databases.copy(template, f"run{run}")
    log = folder / f"run{run}.log"
    with FakeBotApi() as api:
        for chat in CHATS:
            api.add_chat(chat)
        first = start(api, config, db, log)
        try:
            assert wait_until(lambda: delivered(api) > 0, 60), log.read_text()[-2000:]
            kill_after = rng.randint(1, len(CHATS) - 10)
            wait_until(lambda: delivered(api) >= kill_after, 60)
            first.send_signal(signal.SIGKILL)
        finally:
            first.kill()
            first.wait()
        sent_before = delivered(api)
        assert integrity(db) == "ok"
        second = start(api, config, db, log)
        try:
            done = wait_until(
                lambda: all(set(api.messages(c)) >= set(p) for c, p in outbox(db).items()), 120
            )
            time.sleep(0.5)  # anything sent twice would have arrived by now
        finally:
            second.send_signal(signal.SIGTERM)
            try:
                second.wait(30)
            except subprocess.TimeoutExpired:
                second.kill()
                second.wait()
        parts = outbox(db)
        assert done and len(parts) == len(CHATS), log.read_text()[-3000:]
        assert integrity(db) == "ok"
        expected = sum(len(p) for p in parts.values())
        lost = sum(1 for c, p in parts.items() for text in p if text not in api.messages(c))
        dupes = sum(len(api.messages(c)) - len(set(api.messages(c))) for c in parts)
    return sent_before, expected, lost, dupes


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_during_fan_out_loses_nothing(tmp_path, databases):
    config, template = asyncio.run(prepare(tmp_path, databases))
    duplicates = 0
    for run in range(RUNS):
        sent_before, expected, lost, dupes = crash_once(run, config, template, tmp_path, databases)
        print(
            f"run {run:2}: killed after {sent_before:3} of {expected} messages; "
            f"lost {lost}; duplicates {dupes}"
        )
        assert lost == 0 and dupes <= 1
        duplicates += dupes
    print(
        f"{RUNS} kills on {databases.backend}: 0 lost, {duplicates} duplicates in all, "
        "database intact each time"
    )
