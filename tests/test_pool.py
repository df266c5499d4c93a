"""Poll workers: a poll through worker processes stores exactly what an in-process poll does.

Real feeds (the captured corpus and the seed articles) from a server on 127.0.0.1, with a
broken feed, a 500 and a 304 among them; two stores, one polled with two worker processes
and one without; everything stored and reported must agree.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.pool import shard_count, split, worker_count
from bot.service import BriefingService, PollReport
from bot.store import Store
from bot.store import tables as t
from tests.conftest import config_with_feeds
from tests.fakes.feed_server import FeedServer, Route
from tests.seedfeed import SHARED, seed_feed

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
CORPUS = SHARED / "corpus" / "news-feeds"


def _serve(server: FeedServer) -> list[tuple[str, str]]:
    feeds = []
    for n, path in enumerate(sorted(CORPUS.glob("*.xml"))):
        server.routes[f"/{path.name}"] = Route(body=path.read_bytes(), etag=f'"e{n}"')
        feeds.append((path.stem, server.url(f"/{path.name}")))
    server.routes["/seeds.xml"] = Route(body=seed_feed(), etag='"seeds"')
    server.routes["/broken.xml"] = Route(body=b"<html><body>Not a feed</body></html>")
    server.routes["/down.xml"] = Route(status=500, body=b"oops")
    feeds += [(name, server.url(f"/{name}.xml")) for name in ("seeds", "broken", "down")]
    return feeds


async def _stored(store: Store) -> dict[str, object]:
    async with store.engine.connect() as conn:
        items = set((await conn.execute(select(t.items.c.id))).scalars())
        relevant = set(
            (await conn.execute(select(t.matches.c.item_id).where(t.matches.c.relevant))).scalars()
        )
        claims = dict(
            (
                await conn.execute(
                    select(t.claims.c.item_id, func.count()).group_by(t.claims.c.item_id)
                )
            ).all()
        )
        matched = (await conn.execute(select(func.count()).select_from(t.matches))).scalar()
    return {"items": items, "relevant": relevant, "claims": claims, "matched": matched}


def _statuses(report: PollReport) -> dict[str, tuple[str, int, int]]:
    return {f.name: (f.status, f.new_items, f.items) for f in report.feeds}


async def _poll_twice(config, url: str) -> tuple[PollReport, PollReport, dict[str, object]]:
    store = await Store.open(url)
    service = BriefingService(config, store)
    try:
        first = await service.poll(NOW, force=True)
        second = await service.poll(NOW + timedelta(hours=1), force=True)
        return first, second, await _stored(store)
    finally:
        service.close()
        await store.close()


@pytest.mark.parametrize(
    "feeds,workers,expected",
    [(1000, 2, 8), (1000, 3, 9), (1000, 4, 8), (100, 2, 4), (129, 1, 2), (5000, 4, 40)],
)
def test_shards_are_small_and_even_across_workers(feeds, workers, expected):
    count = shard_count(feeds, workers, 128)
    assert count == expected
    assert count % workers == 0 and count >= 2 * workers
    assert max(map(len, split(list(range(feeds)), count))) <= 128 or count == 2 * workers


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
async def test_workers_store_what_one_process_stores(base_config, feed_server, tmp_path):
    feeds = _serve(feed_server)
    pooled = config_with_feeds(base_config, feeds, workers=2)
    single = config_with_feeds(base_config, feeds, workers=0)
    p_first, p_second, p_stored = await _poll_twice(pooled, f"sqlite+aiosqlite:///{tmp_path}/p.db")
    s_first, s_second, s_stored = await _poll_twice(single, f"sqlite+aiosqlite:///{tmp_path}/s.db")

    assert (p_first.workers, p_second.workers, s_first.workers) == (2, 2, 0)
    assert _statuses(p_first) == _statuses(s_first)
    assert _statuses(p_second) == _statuses(s_second)
    assert p_stored == s_stored
    first = _statuses(p_first)
    assert first["down"][0] == "error" and first["broken"][0] == "error"
    assert first["seeds"] == ("ok", 5, 5)
    assert len(p_stored["relevant"]) >= 5 and p_stored["claims"]
    assert p_stored["matched"] == len(p_stored["items"])  # every stored item has its match
    # the second poll: every feed with an ETag answers 304, through the workers too
    second = _statuses(p_second)
    assert second["seeds"][0] == "not_modified"
    assert sum(s == "not_modified" for s, _, _ in second.values()) == len(feeds) - 2
    assert {(it.id, m.relevant) for it, m in p_first.items} == {
        (it.id, m.relevant) for it, m in s_first.items
    }


@pytest.mark.parametrize(
    "configured,due,expected",
    [(None, 20, 0), (None, 99, 0), (0, 5000, 0), (3, 5, 3)],
)
def test_worker_count(configured, due, expected):
    assert worker_count(configured, due) == expected


def test_worker_count_uses_the_cores_for_big_polls():
    assert 1 <= worker_count(None, 1000) <= 4


@pytest.mark.parametrize("count,shards", [(10, 3), (1000, 16), (2, 4), (0, 2)])
def test_split_covers_every_feed_once(count, shards):
    parts = split(list(range(count)), shards)
    assert sorted(n for part in parts for n in part) == list(range(count))
    assert all(parts) and len(parts) <= shards


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
@pytest.mark.parametrize("when", ["idle", "polling"])
async def test_a_killed_worker_loses_nothing(base_config, feed_server, tmp_path, when, caplog):
    """Worker processes killed (as the OOM killer would) between polls or during one: the
    poll still stores every feed, doing the lost share in-process."""
    import os
    import signal

    feeds = _serve(feed_server)
    config = config_with_feeds(base_config, feeds, workers=2)
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path}/k.db")
    service = BriefingService(config, store)
    try:
        await service.poll(NOW, force=True)
        pids = service._workers.pids()
        if when == "polling":
            for route in feed_server.routes.values():
                route.delay = 0.3  # the workers are busy waiting when they die
                route.etag = ""

            async def kill_soon() -> None:
                await asyncio.sleep(0.15)
                for pid in pids:
                    os.kill(pid, signal.SIGKILL)

            killer = asyncio.create_task(kill_soon())
        else:
            for pid in pids:
                os.kill(pid, signal.SIGKILL)
            await asyncio.sleep(0.3)
        report = await service.poll(NOW + timedelta(hours=1), force=True)
        if when == "polling":
            await killer
            assert "worker process died" in caplog.text
        statuses = _statuses(report)
        assert statuses["seeds"][0] in ("ok", "not_modified")
        assert sum(s == "error" for s, _, _ in statuses.values()) == 2  # broken + down only
        stored = await _stored(store)
        assert stored["matched"] == len(stored["items"])
        # and the next poll has working workers again
        again = await service.poll(NOW + timedelta(hours=2), force=True)
        assert again.workers == 2 and sum(f.status == "error" for f in again.feeds) == 2
    finally:
        service.close()
        await store.close()
