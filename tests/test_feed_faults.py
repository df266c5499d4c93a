"""Fault injection for the fetch and parse stages: one catalogue, one poll per fault.

Every fault is served by the real HTTP server on 127.0.0.1 next to a healthy feed. For each
one the poll must finish within the fault's own timeout, record the fault in the feed's
health, back off when it is an error, and still store the healthy feed's items.
"""

from __future__ import annotations

import tracemalloc
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler

import pytest
from sqlalchemy import text

from bot.chats import ChatService
from bot.render import render
from bot.service import BriefingService
from bot.store import Store
from tests.conftest import config_with_feeds
from tests.fakes.feed_server import FeedServer, Route

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TIMEOUT = 1.0
MAX_BYTES = 300_000


def rss(*items: str, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (
        f'{head}<rss version="2.0"><channel><title>Faulty</title>{"".join(items)}</channel></rss>'
    ).encode()


def item(title: str = "", guid: str = "", link: str = "", date: str = "", desc: str = "") -> str:
    parts = [
        f"<title>{title}</title>" if title else "",
        f"<guid>{guid}</guid>" if guid else "",
        f"<link>{link}</link>" if link else "",
        f"<pubDate>{date}</pubDate>" if date else "",
        f"<description>{desc}</description>" if desc else "",
    ]
    return "<item>" + "".join(parts) + "</item>"


HEALTHY = rss(
    item("Nepali recruits held in Russian camps, families say", "h1", "https://ok.example/1"),
    item("Sri Lanka seeks return of citizens fighting for Russia", "h2", "https://ok.example/2"),
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'.encode()
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + b']><rss version="2.0"><channel><title>t</title>'
    b"<item><title>Laughs &i;</title><guid>l1</guid></item>"
    b"<item><title>Plain item after the bomb</title><guid>l2</guid></item></channel></rss>"
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">'
    b'<!ENTITY y SYSTEM "http://127.0.0.1:9/steal">]><rss version="2.0"><channel><title>t'
    b"</title><item><title>Secret &x; &y;</title><guid>x1</guid></item></channel></rss>"
)


def gzip_bomb(megabytes: int) -> bytes:
    """A few hundred kB that inflate to `megabytes` MB, built without holding the inflated form."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * 1_000_000
    return b"".join([packer.compress(block) for _ in range(megabytes)] + [packer.flush()])


CYRILLIC = "Київ повідомив про полонених громадян Китаю, які воювали за Росію"


def redirect(to: str, status: int = 301) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handle


def hang_up(h: BaseHTTPRequestHandler) -> None:
    h.close_connection = True
    h.connection.close()


@dataclass
class Fault:
    name: str
    routes: dict[str, Route] = field(default_factory=dict)
    url: str = ""  # overrides the served path for network-level faults
    error: str = ""  # expected in the recorded error; "" means the feed must be read
    items: int | None = None  # items stored from the faulty feed, when it is read
    retry_after: int = 0
    check: Callable[[list[dict]], None] | None = None


def literal_entities(rows: list[dict]) -> None:
    titles = " ".join(r["title"] for r in rows)
    assert "root:" not in titles and "steal" not in titles
    assert "Plain item" in titles or "Secret" in titles
    assert all(len(r["title"]) <= 500 for r in rows)


def readable_cyrillic(rows: list[dict]) -> None:
    assert rows[0]["title"] == CYRILLIC


def clamped_to_now(rows: list[dict]) -> None:
    assert all(_utc(r["published"]) <= NOW for r in rows)


def undated_get_now(rows: list[dict]) -> None:
    assert {r["title"] for r in rows} >= {"No date here", "No link either"}
    assert all(_utc(r["published"]) == NOW for r in rows if r["title"] == "No date here")
    titled = [r for r in rows if r["title"].startswith("A body with no title")]
    assert titled, "an item with only a description takes its title from it"


def _utc(value: datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


FAULTS = [
    Fault("connection refused", url="http://127.0.0.1:9/feed", error="ConnectError"),
    Fault("DNS failure", url="http://feeds.does-not-exist.invalid/rss", error="ConnectError"),
    Fault("timeout", {"/f": Route(body=HEALTHY, delay=4)}, error="timed out"),
    Fault("slow drip", {"/f": Route(drip=0.2)}, error="timed out"),
    Fault("connection dropped", {"/f": Route(handler=hang_up)}, error="RemoteProtocolError"),
    Fault("404", {"/f": Route(status=404)}, error="HTTP 404"),
    Fault("410", {"/f": Route(status=410)}, error="HTTP 410"),
    Fault(
        "429",
        {"/f": Route(status=429, headers={"Retry-After": "7200"})},
        error="HTTP 429",
        retry_after=7200,
    ),
    Fault(
        "503",
        {"/f": Route(status=503, headers={"Retry-After": "600"})},
        error="HTTP 503",
        retry_after=600,
    ),
    Fault("500", {"/f": Route(status=500)}, error="HTTP 500"),
    Fault(
        "redirect loop",
        {"/f": Route(handler=redirect("/f2", 302)), "/f2": Route(handler=redirect("/f", 302))},
        error="redirects",
    ),
    Fault("body over the cap", {"/f": Route(body=b"<rss>" + b"x" * (MAX_BYTES * 10))}, error="cap"),
    Fault(
        "gzip bomb",
        {"/f": Route(body=gzip_bomb(1000), headers={"Content-Encoding": "gzip"})},
        error="cap",
    ),
    Fault(
        "HTML instead of a feed",
        {
            "/f": Route(
                body=b"<!doctype html><html><body><h1>Subscribe!</h1></body></html>",
                headers={"Content-Type": "text/html"},
            )
        },
        error="not a feed",
    ),
    Fault("empty body", {"/f": Route(body=b"")}, error="not a feed"),
    Fault("empty feed", {"/f": Route(body=rss())}, items=0),
    Fault(
        "invalid XML flagged bozo",
        {
            "/f": Route(
                body=rss(item("Broken & unescaped <b>markup", "b1"), item("Second item", "b2"))[
                    :-20
                ]
            )
        },
        items=2,
    ),
    Fault(
        "wrong charset declared",
        {
            "/f": Route(
                body=rss(item(CYRILLIC, "c1")),
                headers={"Content-Type": "application/rss+xml; charset=iso-8859-1"},
            )
        },
        items=1,
        check=readable_cyrillic,
    ),
    Fault(
        "missing charset, cp1251 bytes",
        {
            "/f": Route(
                body=rss(item(CYRILLIC, "c1", desc="Служба безпеки України повідомила"), head="")
                .decode()
                .encode("cp1251"),
                headers={"Content-Type": "application/rss+xml"},
            )
        },
        items=1,
        check=readable_cyrillic,
    ),
    Fault("billion laughs", {"/f": Route(body=LAUGHS)}, items=2, check=literal_entities),
    Fault("external entities", {"/f": Route(body=EXTERNAL)}, items=1, check=literal_entities),
    Fault(
        "duplicate guids",
        {
            "/f": Route(
                body=rss(item("First copy", "dup"), item("Second copy", "dup"), item("Other", "u2"))
            )
        },
        items=2,
    ),
    Fault(
        "no dates, links or titles",
        {
            "/f": Route(
                body=rss(
                    item("No date here", "n1", "https://x.example/n1"),
                    item("No link either", "n2"),
                    item(guid="n3", desc="A body with no title still makes an item"),
                    item(),
                )
            )
        },
        items=3,
        check=undated_get_now,
    ),
    Fault(
        "dates in the future",
        {
            "/f": Route(
                body=rss(
                    item("From next year", "d1", date="Mon, 01 Mar 2027 12:00:00 GMT"),
                    item("From 9999", "d2", date="Fri, 31 Dec 9999 23:59:59 GMT"),
                )
            )
        },
        items=2,
        check=clamped_to_now,
    ),
]


async def poll_with(fault: Fault, server: FeedServer, base_config, db_url: str):
    server.routes["/healthy"] = Route(body=HEALTHY)
    server.routes.update(fault.routes)
    url = fault.url or server.url("/f")
    config = config_with_feeds(
        base_config,
        [("healthy", server.url("/healthy")), ("faulty", url)],
        timeout=TIMEOUT,
        max_bytes=MAX_BYTES,
    )
    store = await Store.open(db_url)
    service = BriefingService(config, store)
    return store, service, await service.poll(NOW, force=True)


async def stored(store: Store, feed: str) -> list[dict]:
    async with store.engine.connect() as conn:
        rows = await conn.execute(text("select * from items where feed = :f"), {"f": feed})
        return [dict(r) for r in rows.mappings()]


@pytest.fixture(scope="module")
def warm_stages(base_config):
    """Load the language data once before anything is timed or traced: the first item in a
    language compiles that language's lexicon (and simplemma's dictionary), a one-off cost
    of the process, not of a faulty feed."""
    from bot.analysis import FeedSource, analyse_feed

    analyse_feed(rss(item(CYRILLIC, "warm")), FeedSource("warm", "Warm"), base_config.topic, NOW)


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
async def test_fault_is_contained_recorded_and_backed_off(
    fault, feed_server, base_config, db_url, warm_stages
):
    tracemalloc.start()
    try:
        store, _service, report = await poll_with(fault, feed_server, base_config, db_url)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    try:
        status = {f.name: f for f in report.feeds}
        # the healthy feed is read, and the fault costs at most its own timeout (x2 overall)
        assert status["healthy"].status == "ok" and status["healthy"].new_items == 2
        assert report.seconds < TIMEOUT * 2 + 1.5
        assert peak < 3 * MAX_BYTES + 30_000_000, f"peak {peak:,} bytes"
        health = (await store.feed_states())["faulty"]
        if fault.error:
            assert status["faulty"].status == "error"
            assert fault.error in health.last_error and health.error_count == 1
            assert health.next_attempt >= NOW + timedelta(minutes=1)
            if fault.retry_after:
                assert health.next_attempt == NOW + timedelta(seconds=fault.retry_after)
        else:
            assert status["faulty"].status == "ok", status["faulty"].error
            assert health.error_count == 0 and health.last_success == NOW
            rows = await stored(store, "faulty")
            assert len(rows) == fault.items
            if fault.check:
                fault.check(rows)
    finally:
        await store.close()


async def test_backoff_keeps_growing_while_the_fault_lasts(feed_server, base_config, db_url):
    store, service, _ = await poll_with(FAULTS[9], feed_server, base_config, db_url)  # 500
    try:
        delays = []
        now = NOW
        for _ in range(4):
            health = (await store.feed_states())["faulty"]
            delays.append(health.next_attempt - now)
            now = health.next_attempt
            await service.poll(now)
        assert delays == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
        feed_server.routes["/f"] = Route(body=HEALTHY)
        await service.poll((await store.feed_states())["faulty"].next_attempt)
        assert (await store.feed_states())["faulty"].error_count == 0
    finally:
        await store.close()


async def test_gone_feed_is_no_longer_polled_and_shows_in_sources(feed_server, base_config, db_url):
    store, service, _ = await poll_with(FAULTS[6], feed_server, base_config, db_url)  # 410
    try:
        asked = len(feed_server.requests)
        later = await service.poll(NOW + timedelta(days=2))
        assert {f.name: f.status for f in later.feeds}["faulty"] == "skipped"
        assert all(path != "/f" for path, _ in feed_server.requests[asked:])
        chats = ChatService(service.config, store, service, clock=lambda: NOW)
        feeds = await chats.sources()
        page = render("sources.html.j2", feeds=feeds, now=NOW)
        line = next(line for line in page.splitlines() if "faulty" in line)
        assert "⛔" in line and "no longer polled" in line
    finally:
        await store.close()


async def test_permanent_redirect_is_remembered(feed_server, base_config, db_url):
    fault = Fault("301", {"/f": Route(handler=redirect("/moved")), "/moved": Route(body=HEALTHY)})
    store, service, report = await poll_with(fault, feed_server, base_config, db_url)
    try:
        assert {f.name: f.status for f in report.feeds}["faulty"] == "ok"
        assert (await store.feed_states())["faulty"].extra["final_url"].endswith("/moved")
        asked = len(feed_server.requests)
        await service.poll(NOW + timedelta(hours=1), force=True)
        paths = [path for path, _ in feed_server.requests[asked:]]
        assert "/moved" in paths and "/f" not in paths
        chats = ChatService(service.config, store, service, clock=lambda: NOW)
        page = render("sources.html.j2", feeds=await chats.sources(), now=NOW)
        assert "moved permanently to http://127.0.0.1" in page
    finally:
        await store.close()


async def test_temporary_redirect_is_not_remembered(feed_server, base_config, db_url):
    fault = Fault("302", {"/f": Route(handler=redirect("/tmp", 302)), "/tmp": Route(body=HEALTHY)})
    store, service, _ = await poll_with(fault, feed_server, base_config, db_url)
    try:
        assert not (await store.feed_states())["faulty"].extra.get("final_url")
        asked = len(feed_server.requests)
        await service.poll(NOW + timedelta(hours=1), force=True)
        assert "/f" in [path for path, _ in feed_server.requests[asked:]]
    finally:
        await store.close()
