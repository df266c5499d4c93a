"""Store stage under faults, on SQLite or PostgreSQL (TEST_DATABASE_URL): one feed's bad row
never sinks a poll, over-long validators are not kept, a database that cannot be opened is one
line, hosts' URLs work as given, and locks hold between processes.

Driver errors are injected with triggers in the database itself, so the real driver raises
its real error on one feed's row.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.models import FeedState, Match
from bot.service import BriefingService
from bot.store import Store, StoreError
from bot.store.engine import parse_url
from tests.conftest import ROOT, config_with_feeds
from tests.databases import BACKEND, PG_URL, Databases, execute
from tests.fakes.feed_server import Route
from tests.test_feed_faults import HEALTHY, NOW, item, rss
from tests.test_store import item as stored_item

pg_only = pytest.mark.skipif(BACKEND != "postgresql", reason="needs TEST_DATABASE_URL")


def refuse_rows(url: str, table: str, column: str, value: str) -> None:
    """A trigger that makes the database refuse rows of `table` whose `column` is `value`."""
    if BACKEND == "sqlite":
        execute(
            url,
            *(
                f"CREATE TRIGGER refuse_{table}_{op} BEFORE {op} ON {table} "
                f"WHEN NEW.{column} = '{value}' "
                f"BEGIN SELECT RAISE(ABORT, 'injected fault: {table} row refused'); END;"
                for op in ("INSERT", "UPDATE")
            ),
        )
        return
    execute(
        url,
        "CREATE OR REPLACE FUNCTION refuse_row() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'injected fault: % row refused', TG_TABLE_NAME; END $$ LANGUAGE plpgsql",
        f"CREATE TRIGGER refuse_{table} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
        f"WHEN (NEW.{column} = '{value}') EXECUTE FUNCTION refuse_row()",
    )


def three_feeds(server, base_config, middle: Route):
    server.routes["/a"] = Route(body=HEALTHY, etag='"a1"')
    server.routes["/bad"] = middle
    server.routes["/b"] = Route(
        body=rss(item("Another healthy item", "b1"), item("And one more", "b2")), etag='"b1"'
    )
    feeds = [("A", server.url("/a")), ("Bad", server.url("/bad")), ("B", server.url("/b"))]
    return config_with_feeds(base_config, feeds, timeout=2.0)


async def items_of(store: Store, feed: str) -> int:
    async with store.engine.connect() as conn:
        query = text("select count(*) from items where feed = :f")
        return (await conn.execute(query, {"f": feed})).scalar() or 0


async def test_over_long_validators_are_not_kept_and_the_poll_goes_on(
    feed_server, base_config, db_url
):
    middle = Route(
        body=rss(item("An item behind a huge ETag", "x1")),
        etag='"' + "e" * 598 + '"',  # 600 characters: failed varchar(512) on PostgreSQL
        last_modified="Sun, 01 Mar 2026 10:00:00 GMT; " + "x" * 200,
    )
    config = three_feeds(feed_server, base_config, middle)
    store = await Store.open(db_url)
    try:
        service = BriefingService(config, store)
        report = await service.poll(NOW, force=True)
        status = {f.name: f for f in report.feeds}
        assert [status[n].status for n in ("A", "Bad", "B")] == ["ok", "ok", "ok"]
        assert "ETag of 600 characters not kept (at most 512)" in status["Bad"].error
        assert "Last-Modified of 231 characters not kept (at most 128)" in status["Bad"].error
        states = await store.feed_states()
        assert states["Bad"].etag == "" and states["Bad"].last_modified == ""
        assert "ETag of 600 characters not kept" in states["Bad"].last_error  # its health
        assert states["Bad"].error_count == 0
        assert states["A"].etag == '"a1"' and states["B"].etag == '"b1"'
        assert [await items_of(store, n) for n in ("A", "Bad", "B")] == [2, 1, 2]
        # without a validator the feed is read whole next time, like a server without them
        feed_server.requests.clear()
        await service.poll(NOW + timedelta(hours=1), force=True)
        sent = {path: headers for path, headers in feed_server.requests}
        assert "If-None-Match" not in sent["/bad"] and sent["/a"]["If-None-Match"] == '"a1"'
        service.close()
    finally:
        await store.close()


async def test_a_refused_feed_state_row_costs_only_that_feed(feed_server, base_config, db_url):
    config = three_feeds(feed_server, base_config, Route(body=rss(item("Middle", "m1"))))
    store = await Store.open(db_url)
    refuse_rows(db_url, "feeds", "name", "Bad")
    try:
        service = BriefingService(config, store)
        report = await service.poll(NOW, force=True)
        status = {f.name: f for f in report.feeds}
        assert "its state could not be stored: " in status["Bad"].error
        assert "injected fault: feeds row refused" in status["Bad"].error
        assert status["A"].error == "" and status["B"].error == ""
        states = await store.feed_states()
        assert set(states) == {"A", "B"}  # both saved although the row between them failed
        assert states["A"].last_success == NOW and states["B"].etag == '"b1"'
        assert [await items_of(store, n) for n in ("A", "Bad", "B")] == [2, 1, 2]
        service.close()
    finally:
        await store.close()


async def test_refused_items_cost_only_their_feed_and_are_read_again(
    feed_server, base_config, db_url
):
    middle = Route(body=rss(item("Middle", "m1"), item("Middle two", "m2")), etag='"m1"')
    config = three_feeds(feed_server, base_config, middle)
    store = await Store.open(db_url)
    refuse_rows(db_url, "items", "feed", "Bad")
    try:
        service = BriefingService(config, store)
        report = await service.poll(NOW, force=True)
        status = {f.name: f for f in report.feeds}
        assert status["Bad"].status == "error"
        assert "its items could not be stored: " in status["Bad"].error
        assert "injected fault: items row refused" in status["Bad"].error
        assert status["A"].status == status["B"].status == "ok"
        assert [await items_of(store, n) for n in ("A", "Bad", "B")] == [2, 0, 2]
        states = await store.feed_states()
        # recorded in its health, backing off, and its ETag not kept: the items come again
        assert states["Bad"].error_count == 1 and "injected fault" in states["Bad"].last_error
        assert states["Bad"].etag == "" and states["B"].etag == '"b1"'
        service.close()
    finally:
        await store.close()


async def test_long_names_and_nul_characters_are_stored_on_every_backend(db_url):
    """A 250-character feed name failed varchar(200) on PostgreSQL; PostgreSQL's text cannot
    hold NUL, which a feed's stray &#0; becomes."""
    name = "N" * 250
    store = await Store.open(db_url)
    try:
        problems = await store.save_feed_states(
            [FeedState(name, "https://x.example/feed", etag='"e"')], attempted=NOW
        )
        assert problems == {}
        assert (await store.feed_states())[name].etag == '"e"'
        odd = replace(stored_item("n1", feed=name), title="nul\x00here", outlet="O" * 250)
        new = await store.add_analysed([odd], {"n1": Match("n1", "t", True, 9.0)}, {}, NOW)
        assert [it.id for it in new] == ["n1"]
        (back,) = await store.items_by_id(["n1"])
        assert back.title == "nulhere" and back.feed == name and back.outlet == "O" * 250
    finally:
        await store.close()


def test_hosts_urls_are_mapped_for_the_driver():
    def mapped(url: str) -> tuple[str, dict]:
        parsed, args = parse_url(url)
        return parsed.render_as_string(hide_password=False), args

    assert mapped("postgres://u:p@db.example:5432/bot")[0] == (
        "postgresql+asyncpg://u:p@db.example:5432/bot"
    )
    assert mapped("postgresql://u:p@db.example/bot?sslmode=require") == (
        "postgresql+asyncpg://u:p@db.example/bot?ssl=require",
        {},
    )
    assert mapped("postgres://u@h/bot?sslmode=verify-full&connect_timeout=7") == (
        "postgresql+asyncpg://u@h/bot?ssl=verify-full",
        {"timeout": 7.0},
    )
    assert mapped("postgres://u@h/bot?application_name=briefing")[1] == {
        "server_settings": {"application_name": "briefing"}
    }
    assert mapped("postgresql+asyncpg://u@h/bot")[0] == "postgresql+asyncpg://u@h/bot"
    assert mapped("sqlite:///data/x.db")[0] == "sqlite+aiosqlite:///data/x.db"
    with pytest.raises(StoreError, match="sslmode='sometimes' is not one of"):
        parse_url("postgres://u@h/bot?sslmode=sometimes")


def run_check(database_url: str, tmp_path) -> subprocess.CompletedProcess:
    config = tmp_path / "feeds.yaml"
    config.write_text((ROOT / "feeds.yaml").read_text())
    return subprocess.run(
        [sys.executable, "-m", "bot", "check", "--config", str(config)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_line_exit_2(proc: subprocess.CompletedProcess, *needles: str) -> str:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert len(lines) == 1, proc.stderr[-2000:]
    assert lines[0].startswith("error: DATABASE_URL: ")
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    proc = run_check(f"sqlite:///{blocker}/sub/bot.db", tmp_path)
    assert_one_line_exit_2(proc, "cannot open sqlite+aiosqlite:///")
    refused = run_check("postgres://bot:hunter2-secret@127.0.0.1:9/briefing", tmp_path)
    line = assert_one_line_exit_2(refused, "postgresql+asyncpg://bot:***@127.0.0.1:9/briefing")
    assert "hunter2-secret" not in refused.stderr + refused.stdout and "Connect" in line


@pg_only
def test_a_wrong_password_is_one_line_without_it(tmp_path):
    """.ci/postgres makes role pwcheck ask for its password (right-password)."""
    databases = Databases(tmp_path)
    url = databases.url_of("postgres").replace("postgres@", "pwcheck:Wr0ng-Pass@", 1)
    proc = run_check(url, tmp_path)
    if proc.returncode == 0:
        pytest.skip("this server does not ask pwcheck for a password (not .ci/postgres)")
    line = assert_one_line_exit_2(proc, "password authentication failed", "pwcheck:***@")
    assert "Wr0ng-Pass" not in proc.stderr + proc.stdout, line


async def test_locks_are_shared_by_every_store_on_the_database(db_url):
    first, second = await Store.open(db_url), await Store.open(db_url)
    try:
        async with first.lock("poll") as mine:
            assert mine
            async with second.lock("poll") as theirs, second.lock("digests") as other:
                assert not theirs and other  # another name is another lock
        async with second.lock("poll") as now_mine:
            assert now_mine
    finally:
        await first.close()
        await second.close()


HOLDER = """
import asyncio, sys
from bot.store import Store

async def main():
    store = await Store.open(sys.argv[1])
    async with store.lock("digests") as mine:
        print("held" if mine else "busy", flush=True)
        await asyncio.sleep(120)

asyncio.run(main())
"""


async def test_a_killed_holder_frees_its_lock(db_url):
    """A lease would stay taken until it expired; these locks go with the process."""
    store = await Store.open(db_url)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, db_url], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        async with store.lock("digests") as mine:
            assert not mine
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        started = time.monotonic()
        async with store.lock("digests", wait=10) as mine:
            assert mine and time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
        await store.close()


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL")
def test_the_test_databases_are_postgresql_when_asked():
    assert BACKEND == "postgresql"
