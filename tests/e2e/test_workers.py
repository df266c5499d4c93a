"""Two `python -m bot run` processes on one database (a host that starts a second worker),
against one fake Bot API, with 200 subscribers' digests due: every digest arrives once (0
lost, 0 duplicated), the feeds are polled by one process, not both, and only one reads the
updates: Telegram answers the other's getUpdates with 409 Conflict, which it logs once.

On SQLite, or on PostgreSQL with TEST_DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.config import load_config
from bot.models import Subscriber
from bot.service import BriefingService
from bot.store import Store
from tests.conftest import ROOT
from tests.databases import Databases, execute
from tests.e2e.test_crash import delivered, outbox, recent_demo_feeds, start, wait_until
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.feed_server import FeedServer, Route

CHATS = range(2000, 2200)  # 200 subscribers
READER = 77  # a user who sends a command while both run
TAKEN = "another process is reading this bot's updates"


async def prepare(folder: Path, databases: Databases, server: FeedServer) -> tuple[Path, str]:
    """feeds.yaml (the demo feeds served over HTTP), a database with them read once and
    every subscriber's digest due; then the feeds are made due again, for both processes."""
    now = datetime.now(UTC)
    settings = yaml.safe_load((ROOT / "feeds.yaml").read_text())
    feeds = []
    for feed in recent_demo_feeds(folder, now):
        path = "/" + Path(feed["url"]).name
        server.routes[path] = Route(body=Path(feed["url"]).read_bytes(), etag=f'"{path}"')
        feeds.append({"name": feed["name"], "url": server.url(path)})
    settings.update(feeds=feeds, channels=[])
    config_path = folder / "feeds.yaml"
    config_path.write_text(yaml.safe_dump(settings, allow_unicode=True))
    db = databases.new("workers")
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
    execute(db, "UPDATE feeds SET next_attempt = NULL")
    return config_path, db


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_two_processes_on_one_database_send_each_digest_once(tmp_path, databases, feed_server):
    config, db = asyncio.run(prepare(tmp_path, databases, feed_server))
    feed_server.requests.clear()
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    with FakeBotApi() as api:
        for chat in CHATS:
            api.add_chat(chat)
        workers = [start(api, config, db, log) for log in logs]
        try:
            assert wait_until(lambda: delivered(api) > 0, 60), logs[0].read_text()[-2000:]
            assert wait_until(lambda: api.conflicts > 0, 30), "no second getUpdates was refused"
            api.send_command(READER, "/help")
            done = wait_until(
                lambda: (
                    len(outbox(db)) == len(CHATS)
                    and all(set(api.messages(c)) >= set(p) for c, p in outbox(db).items())
                ),
                120,
            )
            assert wait_until(lambda: api.messages(READER), 30), "the command got no answer"
            time.sleep(2.0)  # anything sent twice, or polled twice, would have come by now
        finally:
            for proc in workers:
                stop(proc)
        texts = [log.read_text() for log in logs]
        assert done, texts[0][-3000:] + texts[1][-3000:]
        parts = outbox(db)
        lost = sum(1 for c, p in parts.items() for text in p if text not in api.messages(c))
        dupes = sum(len(api.messages(c)) - len(set(api.messages(c))) for c in parts)
        print(f"two processes, {len(CHATS)} subscribers: lost {lost}, duplicated {dupes}")
        assert (lost, dupes) == (0, 0)
        assert len(api.messages(READER)) == 1, api.messages(READER)  # one process answered
    # each feed read once in this round: the second process's poll found the lock taken,
    # or the feeds no longer due
    reads = Counter(path for path, _ in feed_server.requests)
    assert reads and set(reads.values()) == {1}, reads
    # the 409 is said once per process that met it, not every time PTB asks again
    said = [text.count(TAKEN) for text in texts]
    assert 1 in said and max(said) == 1, said
    for text in texts:
        assert "Traceback" not in text, text[-3000:]
