"""Fetch stage against a real HTTP server on 127.0.0.1: every status and misbehaviour."""

from __future__ import annotations

import asyncio
import gzip
import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.feeds.fetch import (
    FetchRequest,
    backoff_delay,
    fetch_all,
    fetch_one,
    make_client,
    parse_retry_after,
)
from bot.service import BriefingService
from bot.store import Store
from tests.conftest import config_with_feeds
from tests.fakes.feed_server import Route

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Kenyan recruits captured fighting for Russia in Ukraine</title>
<link>https://x.example/1</link><guid>https://x.example/1</guid></item></channel></rss>"""


def client(timeout: float = 2.0, redirects: int = 5):
    return make_client(timeout=timeout, user_agent="briefing-bot-test/1", max_redirects=redirects)


async def get(server, path: str, *, max_bytes: int = 100_000, timeout: float = 2.0, **req):
    async with client(timeout) as c:
        return await fetch_one(
            c, FetchRequest("f", server.url(path), **req), max_bytes=max_bytes, timeout=timeout
        )


async def test_200_with_validators(feed_server):
    feed_server.routes["/ok"] = Route(
        body=RSS, etag='"v1"', last_modified="Wed, 01 Jan 2025 00:00:00 GMT"
    )
    result = await get(feed_server, "/ok")
    assert result.status == "ok" and result.body == RSS
    assert result.etag == '"v1"' and result.last_modified.startswith("Wed")
    assert feed_server.requests[-1][1]["User-Agent"] == "briefing-bot-test/1"


async def test_304_when_validators_match(feed_server):
    feed_server.routes["/ok"] = Route(body=RSS, etag='"v1"')
    result = await get(feed_server, "/ok", etag='"v1"')
    assert result.status == "not_modified" and result.body == b""
    assert feed_server.requests[-1][1]["If-None-Match"] == '"v1"'


async def test_connection_reused_after_304_and_error_pages(feed_server):
    """A 304 or an error page left unread closed the connection: every later request to
    that host paid a new handshake (in a 1,000-feed poll, nearly one per feed)."""
    feed_server.routes["/same"] = Route(body=RSS, etag='"v1"')
    feed_server.routes["/broken"] = Route(status=500, body=b"<html>" + b"x" * 5000 + b"</html>")
    feed_server.routes["/gone"] = Route(status=404, body=b"not here")
    async with client() as c:
        for path, etag in [("/same", '"v1"'), ("/broken", ""), ("/gone", ""), ("/same", "")]:
            request = FetchRequest("f", feed_server.url(path), etag=etag)
            await fetch_one(c, request, max_bytes=100_000, timeout=2.0)
    assert len(feed_server.peers) == 4
    assert len(set(feed_server.peers)) == 1


async def test_slow_error_page_is_still_reported_as_the_error(feed_server):
    feed_server.routes["/drip500"] = Route(status=500, drip=0.2)  # a body that never ends
    started = time.monotonic()
    result = await get(feed_server, "/drip500", timeout=5.0)
    assert result.status == "error" and result.error.startswith("HTTP 500")
    assert time.monotonic() - started < 5.0  # the body was given up on, not waited out


@pytest.mark.parametrize("status", [404, 410, 500])
async def test_http_errors(feed_server, status):
    feed_server.routes["/e"] = Route(status=status, body=b"nope")
    result = await get(feed_server, "/e")
    assert result.status == "error" and f"HTTP {status}" in result.error
    assert result.gone == (status == 410)


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_is_read(feed_server, status):
    feed_server.routes["/slow-down"] = Route(status=status, headers={"Retry-After": "120"})
    result = await get(feed_server, "/slow-down")
    assert result.status == "error" and result.retry_after == 120
    assert backoff_delay(1, result.retry_after) == timedelta(seconds=120)


async def test_slow_server_times_out(feed_server):
    feed_server.routes["/slow"] = Route(body=RSS, delay=10)
    started = time.monotonic()
    result = await get(feed_server, "/slow", timeout=0.5)
    assert result.status == "error" and "timed out" in result.error
    assert time.monotonic() - started < 5  # far below the server's 10 s


async def test_drip_feed_is_cut_off(feed_server):
    feed_server.routes["/drip"] = Route(drip=0.05)
    started = time.monotonic()
    result = await get(feed_server, "/drip", timeout=0.5)
    assert result.status == "error"
    assert time.monotonic() - started < 10  # the drip would last 30 s


async def test_oversized_body_refused(feed_server):
    feed_server.routes["/big"] = Route(body=b"x" * 300_000)
    result = await get(feed_server, "/big", max_bytes=50_000)
    assert result.status == "error" and "cap" in result.error


async def test_gzip_is_decoded_and_bomb_is_capped(feed_server):
    feed_server.routes["/gz"] = Route(body=RSS, gzip=True)
    assert (await get(feed_server, "/gz")).body == RSS
    feed_server.routes["/bomb"] = Route(body=b"\0" * 20_000_000, gzip=True)
    result = await get(feed_server, "/bomb", max_bytes=1_000_000)
    assert result.status == "error" and "cap" in result.error
    assert len(gzip.compress(b"\0" * 20_000_000)) < 100_000


async def test_redirect_loop(feed_server):
    feed_server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    feed_server.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    result = await get(feed_server, "/a")
    assert result.status == "error" and "redirects" in result.error


async def test_redirect_followed(feed_server):
    feed_server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    feed_server.routes["/new"] = Route(body=RSS)
    result = await get(feed_server, "/old")
    assert result.status == "ok" and result.final_url.endswith("/new")


async def test_connection_refused():
    async with client() as c:
        result = await fetch_one(
            c, FetchRequest("f", "http://127.0.0.1:9/feed"), max_bytes=1000, timeout=1
        )
    assert result.status == "error" and result.error


async def test_one_slow_feed_does_not_hold_up_others(feed_server):
    feed_server.routes["/slow"] = Route(body=RSS, delay=10)
    for i in range(5):
        feed_server.routes[f"/f{i}"] = Route(body=RSS)
    requests = [FetchRequest("slow", feed_server.url("/slow"))] + [
        FetchRequest(f"f{i}", feed_server.url(f"/f{i}")) for i in range(5)
    ]
    started = time.monotonic()
    async with client(0.8) as c:
        results = await fetch_all(requests, client=c, concurrency=2, max_bytes=100_000, timeout=0.8)
    assert [r.status for r in results] == ["error"] + ["ok"] * 5
    assert time.monotonic() - started < 6  # the slow one alone would take 10 s


def test_retry_after_http_date():
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_retry_after("Wed, 01 Jan 2025 00:02:00 GMT", now) == 120
    assert parse_retry_after("garbage", now) is None


@pytest.mark.parametrize("errors,minutes", [(1, 1), (2, 2), (3, 4), (6, 32), (20, 360)])
def test_backoff_grows_and_is_capped(errors, minutes):
    assert backoff_delay(errors) == timedelta(minutes=minutes)


async def test_poll_remembers_validators_and_backs_off(base_config, feed_server, db_url):
    feed_server.routes["/ok"] = Route(body=RSS, etag='"v7"')
    feed_server.routes["/bad"] = Route(status=500)
    config = config_with_feeds(
        base_config, [("ok", feed_server.url("/ok")), ("bad", feed_server.url("/bad"))]
    )
    store = await Store.open(db_url)
    try:
        service = BriefingService(config, store)
        now = datetime(2026, 1, 1, tzinfo=UTC)
        first = await service.poll(now, force=True)
        assert {f.name: f.status for f in first.feeds} == {"ok": "ok", "bad": "error"}
        assert first.new_items == 1
        second = await service.poll(now + timedelta(hours=1), force=True)
        assert {f.name: f.status for f in second.feeds}["ok"] == "not_modified"
        states = await store.feed_states()
        assert states["ok"].etag == '"v7"' and states["bad"].error_count == 2
        # not forced and inside the backoff window: the broken feed is not asked again
        asked = len(feed_server.requests)
        third = await service.poll(now + timedelta(hours=1, seconds=30))
        assert {f.name: f.status for f in third.feeds}["bad"] == "skipped"
        assert all("/bad" not in path for path, _ in feed_server.requests[asked:])
    finally:
        await store.close()


async def test_many_feeds_concurrently(feed_server):
    for i in range(40):
        feed_server.routes[f"/m{i}"] = Route(body=RSS, delay=0.05)
    requests = [FetchRequest(f"m{i}", feed_server.url(f"/m{i}")) for i in range(40)]
    async with client() as c:
        results = await asyncio.wait_for(
            fetch_all(requests, client=c, concurrency=10, max_bytes=100_000, timeout=2), 10
        )
    assert all(r.status == "ok" for r in results)
