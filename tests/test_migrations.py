"""Store stage, migrations, on SQLite or PostgreSQL (TEST_DATABASE_URL): the last release's
database (with rows in every table) upgrades with every row kept and ends up the same as a
fresh one; several processes opening one database at once are safe; a newer schema is refused.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from bot.models import FeedState
from bot.store import Store, StoreError
from bot.store import tables as t
from bot.store.engine import parse_url
from bot.store.migrations import LATEST, MIGRATIONS
from tests import schema_v1 as v1
from tests.conftest import ROOT
from tests.databases import BACKEND, execute, fetch

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
TABLES = (
    "select name from sqlite_master where type = 'table'"
    if BACKEND == "sqlite"
    else "select tablename from pg_tables where schemaname = 'public'"
)
ORDER = {
    "meta": "key",
    "feeds": "name",
    "items": "id",
    "matches": "item_id, topic",
    "claims": "id",
    "stories": "key, topic",
    "subscribers": "chat_id",
    "outbox": "id",
    "counters": "name, day",
}


def engine_for(url: str):
    parsed, args = parse_url(url)
    return create_async_engine(parsed, connect_args=args)


async def build_release_1(url: str) -> None:
    """The database as the last release left it: its own create_all, version row, rows."""
    engine = engine_for(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(v1.metadata.create_all)
            await conn.execute(v1.meta.insert().values(key="schema", value="1"))
            await conn.execute(
                v1.feeds.insert(),
                [
                    {"name": "Kyiv Independent", "url": "https://kyivindependent.com/rss/",
                     "final_url": "", "etag": '"abc"', "last_modified": "Fri, 20 Nov 2026",
                     "error_count": 0, "last_error": "", "next_attempt": NOW,
                     "last_attempt": NOW, "last_success": NOW, "gone": False},
                    {"name": "Broken one", "url": "https://x.example/feed", "final_url": "",
                     "etag": "", "last_modified": "", "error_count": 3,
                     "last_error": "HTTP 500", "next_attempt": NOW, "last_attempt": NOW,
                     "last_success": None, "gone": True},
                ],
            )  # fmt: skip
            await conn.execute(
                v1.items.insert(),
                [
                    {"id": f"item{n:016d}", "feed": "Kyiv Independent",
                     "outlet": "Kyiv Independent", "title": f"Title {n} – ünïcode", "link": f"https://x.example/{n}",
                     "canonical_link": f"https://x.example/{n}", "summary": "Summary",
                     "content": "Content " * 50, "published": NOW, "first_seen": NOW,
                     "language": "en", "content_hash": f"hash{n}"}
                    for n in range(30)
                ],
            )  # fmt: skip
            await conn.execute(
                v1.matches.insert(),
                [
                    {"item_id": f"item{n:016d}", "topic": "foreign-nationals",
                     "relevant": n % 2 == 0, "score": n + 0.5, "reasons": [f"why {n}"],
                     "story_key": "story1" if n % 2 == 0 else None}
                    for n in range(30)
                ],
            )  # fmt: skip
            await conn.execute(
                v1.claims.insert(),
                [
                    {"item_id": "item0000000000000000", "position": n, "text": f"Claim {n}",
                     "claimant": "Someone", "attributed": True,
                     "figures": [["155", 155.0, "Chinese citizens", "at_least"]]}
                    for n in range(5)
                ],
            )  # fmt: skip
            await conn.execute(
                v1.stories.insert().values(
                    key="story1", topic="foreign-nationals", title="A story", updated=NOW,
                    outlets=3, items=15,
                )
            )  # fmt: skip
            await conn.execute(
                v1.subscribers.insert(),
                [
                    {"chat_id": -100123456789 + n, "kind": "supergroup", "title": f"Chat {n}",
                     "active": True, "times": ["08:00", "20:00"], "timezone": "Europe/Kyiv",
                     "last_slot": "2026-11-20 08:00", "last_digest_at": NOW,
                     "last_stories": [{"key": "story1", "title": "A story", "items": ["a"]}],
                     "created": NOW}
                    for n in range(5)
                ],
            )  # fmt: skip
            await conn.execute(
                v1.outbox.insert(),
                [
                    {"chat_id": -100123456789 + n, "slot": "2026-11-20 08:00", "created": NOW,
                     "parts": ["<b>one</b>", "two"], "sent_parts": n % 3,
                     "status": "pending" if n % 2 else "sent", "attempts": 0,
                     "next_attempt": None, "last_error": ""}
                    for n in range(5)
                ],
            )  # fmt: skip
            await conn.execute(
                v1.counters.insert(),
                [{"name": "sent", "day": "2026-11-20", "value": 12.0},
                 {"name": "last_poll_seconds", "day": "-", "value": 0.25}],
            )  # fmt: skip
    finally:
        await engine.dispose()


def every_row(url: str) -> dict[str, list[tuple]]:
    return {table: fetch(url, f"select * from {table} order by {o}") for table, o in ORDER.items()}


async def shape(url: str) -> dict[str, object]:
    """Every table's columns (name, type, nullable, key), indexes and unique constraints."""
    engine = engine_for(url)

    def read(conn) -> dict[str, object]:  # type: ignore[no-untyped-def]
        found = inspect(conn)
        out: dict[str, object] = {}
        for table in sorted(found.get_table_names()):
            out[table] = (
                [
                    (c["name"], str(c["type"]), c["nullable"])
                    for c in found.get_columns(table)
                ],
                found.get_pk_constraint(table)["constrained_columns"],
                sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                       for i in found.get_indexes(table)),
                sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(table)),
            )  # fmt: skip
        return out

    try:
        async with engine.connect() as conn:
            return await conn.run_sync(read)
    finally:
        await engine.dispose()


def test_the_schema_version_is_the_last_migrations():
    assert t.SCHEMA_VERSION == LATEST
    assert [m.version for m in MIGRATIONS] == list(range(2, LATEST + 1))


async def test_the_last_releases_database_upgrades_keeping_every_row(databases):
    old = databases.new("release1")
    await build_release_1(old)
    before = every_row(old)
    assert all(before.values()), "every table has rows"
    store = await Store.open(old)
    try:
        after = every_row(old)
        assert after.pop("meta") == [("schema", str(LATEST))]
        before.pop("meta")
        # version 3 added claims.primary_claim: every claim saved before was within its
        # item's share, so every old row reads true there
        claims = after.pop("claims")
        assert [row[:-1] for row in claims] == before.pop("claims")
        assert all(bool(row[-1]) for row in claims)
        assert after == before
        # what the upgrade was for: a 250-character name, now on PostgreSQL too
        await store.save_feed_states([FeedState("N" * 250, "https://x.example")], attempted=NOW)
        assert "N" * 250 in await store.feed_states()
        assert len(await store.chats.pending(NOW)) == 2
    finally:
        await store.close()
    fresh = databases.new("fresh")
    await (await Store.open(fresh)).close()
    assert await shape(old) == await shape(fresh)
    again = await Store.open(old)  # up to date: opening again changes nothing
    await again.close()
    assert fetch(old, "select value from meta") == [(str(LATEST),)]


async def test_a_newer_schema_is_refused_in_one_line(db_url):
    await (await Store.open(db_url)).close()
    execute(db_url, "UPDATE meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(StoreError, match=r"schema version 99, newer than this bot's \(3\)"):
        await Store.open(db_url)


OPENER = """
import asyncio, sys, time
from bot.store import Store
start = float(sys.argv[2])
time.sleep(max(0.0, start - time.time()))  # all four open at the same moment

async def main():
    store = await Store.open(sys.argv[1])
    await store.close()

asyncio.run(main())
print("opened")
"""


def open_at_once(url: str, processes: int = 4) -> list[subprocess.CompletedProcess]:
    start = time.time() + 2.0  # past every interpreter's start-up
    running = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, url, str(start)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    done = []
    for proc in running:
        out, err = proc.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


@pytest.mark.parametrize("start", ["fresh", "release 1"])
def test_four_processes_opening_one_database_at_once(databases, start):
    """Before the lock, 4 processes on a fresh database: two died with `duplicate key ...
    pg_type_typname_nsp_index` on PostgreSQL, `table meta already exists` on SQLite."""
    url = databases.new("four")
    if start == "release 1":
        asyncio.run(build_release_1(url))
    before = every_row(url) if start == "release 1" else {}
    results = open_at_once(url)
    for proc in results:
        assert proc.returncode == 0 and proc.stdout.strip() == "opened", proc.stderr[-3000:]
    assert fetch(url, "select key, value from meta") == [("schema", str(LATEST))]
    if before:
        after = every_row(url)
        # (claims gained primary_claim in version 3: the old rows, each read true there)
        after["claims"] = [row[:-1] for row in after["claims"] if row[-1]]
        assert {k: v for k, v in after.items() if k != "meta"} == {
            k: v for k, v in before.items() if k != "meta"
        }
    assert {r[0] for r in fetch(url, TABLES)} == set(t.metadata.tables)
