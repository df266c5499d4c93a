"""The orchestrator end to end against local servers: full text, bad feeds, stories stored."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.config import FeedConfig
from bot.service import BriefingService
from bot.store import Store
from bot.store import tables as t
from tests.conftest import config_with_feeds
from tests.fakes.feed_server import Route

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
ARTICLE = """<html><head><title>Kenyans in Russian units</title></head><body>
<nav>Home | World | Sport</nav>
<article><h1>Kenyans in Russian units</h1>
<p>Ukraine's military intelligence said on Friday that at least 260 Kenyan citizens have served
in Russian assault units since last year, more than the figure given by Nairobi.</p>
<p>Intelligence spokesman Taras Melnyk said the recruits were sent to the front line after two
weeks of training near Rostov. He said nine Kenyans are being held as prisoners of war.</p>
<p>Kenya's foreign ministry said at least 210 Kenyans had been recruited through job agencies
that promised work as drivers and guards in Russia.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


def teaser_feed(link: str) -> bytes:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title>
<item><title>Kenyan recruits in Russian army, Ukraine says</title><link>{link}</link>
<guid>{link}</guid><pubDate>Fri, 20 Nov 2026 08:00:00 GMT</pubDate>
<description>Ukraine says Kenyan citizens serve in Russia's army.</description></item>
</channel></rss>""".encode()


async def test_full_text_feed_reads_the_article(base_config, feed_server, db_url):
    feed_server.routes["/article"] = Route(
        body=ARTICLE.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    feed_server.routes["/teasers.xml"] = Route(body=teaser_feed(feed_server.url("/article")))
    feed = FeedConfig(name="Teasers", url=feed_server.url("/teasers.xml"), full_text=True)
    config = base_config.model_copy(update={"feeds": [feed]})
    store = await Store.open(db_url)
    try:
        report = await BriefingService(config, store).poll(NOW, force=True)
        [(item, match)] = report.items
        assert "260 Kenyan citizens" in item.content and "Subscribe" not in item.content
        assert match.relevant
        claims = await store.claims_for([item.id])
        assert any("260" in [f.text for f in c.figures] for c in claims)
        stored = await store.items_by_id([item.id])
        assert "260 Kenyan citizens" in stored[0].content
    finally:
        await store.close()


async def test_article_extraction_failure_keeps_the_teaser_and_is_reported(
    base_config, feed_server, db_url, monkeypatch
):
    import bot.feeds.article as article

    def broken(html: bytes, url: str) -> str:
        raise ImportError("lxml.html.clean module is now a separate project")

    monkeypatch.setattr(article, "extract_main_text", broken)
    feed_server.routes["/article"] = Route(
        body=ARTICLE.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    feed_server.routes["/teasers.xml"] = Route(body=teaser_feed(feed_server.url("/article")))
    other = teaser_feed("https://x.example/other").replace(b"Ukraine says", b"Kyiv reports")
    feed_server.routes["/ok.xml"] = Route(body=other)
    config = base_config.model_copy(
        update={
            "feeds": [
                FeedConfig(name="Teasers", url=feed_server.url("/teasers.xml"), full_text=True),
                FeedConfig(name="Ok", url=feed_server.url("/ok.xml")),
            ]
        }
    )
    store = await Store.open(db_url)
    try:
        report = await BriefingService(config, store).poll(NOW, force=True)
        status = {f.name: f for f in report.feeds}
        assert status["Teasers"].status == "ok" and status["Teasers"].new_items == 1
        assert "article text not extracted" in status["Teasers"].error
        assert "ImportError" in status["Teasers"].error
        assert status["Ok"].status == "ok" and status["Ok"].new_items == 1
        teaser = next(item for item, _ in report.items if item.feed == "Teasers")
        assert teaser.text.startswith("Ukraine says Kenyan citizens")
    finally:
        await store.close()


async def test_html_instead_of_feed_is_an_error_and_others_still_work(
    base_config, feed_server, db_url
):
    feed_server.routes["/page"] = Route(
        body=b"<html><body><p>Parked domain</p></body></html>",
        headers={"Content-Type": "text/html"},
    )
    feed_server.routes["/ok.xml"] = Route(body=teaser_feed("https://x.example/a"))
    config = config_with_feeds(
        base_config, [("Page", feed_server.url("/page")), ("Ok", feed_server.url("/ok.xml"))]
    )
    store = await Store.open(db_url)
    try:
        report = await BriefingService(config, store).poll(NOW, force=True)
        status = {f.name: f for f in report.feeds}
        assert status["Page"].status == "error" and "not a feed" in status["Page"].error
        assert status["Ok"].status == "ok" and status["Ok"].new_items == 1
        states = await store.feed_states()
        assert states["Page"].error_count == 1 and states["Ok"].error_count == 0
    finally:
        await store.close()


async def test_briefing_stores_its_stories(base_config, feed_server, db_url):
    feed_server.routes["/ok.xml"] = Route(body=teaser_feed("https://x.example/a"))
    config = config_with_feeds(base_config, [("Ok", feed_server.url("/ok.xml"))])
    store = await Store.open(db_url)
    try:
        service = BriefingService(config, store)
        await service.poll(NOW, force=True)
        digest = await service.briefing(NOW)
        assert len(digest.stories) == 1
        async with store.engine.connect() as conn:
            rows = (await conn.execute(select(t.stories.c.key, t.stories.c.title))).all()
            keys = (await conn.execute(select(t.matches.c.story_key))).scalars().all()
        assert rows and keys == [rows[0].key]
    finally:
        await store.close()


async def test_briefing_is_rebuilt_after_a_write_or_a_minute(base_config, feed_server, db_url):
    """A briefing asked for again is reused only while nothing was stored and the minute
    is the same; a poll that stores something is in the next /latest at once."""
    feed_server.routes["/a.xml"] = Route(body=teaser_feed("https://x.example/a"))
    feed_server.routes["/b.xml"] = Route(body=b"")
    config = config_with_feeds(
        base_config, [("A", feed_server.url("/a.xml")), ("B", feed_server.url("/b.xml"))]
    )
    store = await Store.open(db_url)
    try:
        service = BriefingService(config, store)
        await service.poll(NOW, force=True)
        first = await service.briefing(NOW)
        assert first.total_items == 1
        assert await service.briefing(NOW + timedelta(seconds=20)) is first
        # nothing new stored: the next poll leaves the briefing as it is
        await service.poll(NOW + timedelta(seconds=30), force=True)
        assert await service.briefing(NOW + timedelta(seconds=40)) is first
        # the same report from another outlet, stored by a poll: in the very next briefing
        other = teaser_feed("https://y.example/b").replace(b"Teasers", b"Other")
        feed_server.routes["/b.xml"] = Route(
            body=other.replace(b"Ukraine says Kenyan", b"Kyiv says 40 Kenyan")
        )
        await service.poll(NOW + timedelta(seconds=45), force=True)
        second = await service.briefing(NOW + timedelta(seconds=50))
        assert second is not first and second.total_items == 2
        # a new minute: built afresh, with the same content
        third = await service.briefing(NOW + timedelta(minutes=1))
        assert third is not second and third.total_items == 2
    finally:
        await store.close()


async def test_overlapping_polls_store_each_item_once(base_config, feed_server, db_url):
    """An admin's /poll while the scheduled poll runs: both finish without an error and the
    items are stored once (the second poll waits for the first, then finds nothing new)."""
    feed_server.routes["/slow.xml"] = Route(body=teaser_feed("https://x.example/a"), delay=0.2)
    config = config_with_feeds(base_config, [("Slow", feed_server.url("/slow.xml"))])
    store = await Store.open(db_url)
    try:
        service = BriefingService(config, store)
        first, second = await asyncio.gather(
            service.poll(NOW, force=True), service.poll(NOW, force=True)
        )
        assert sorted([first.new_items, second.new_items]) == [0, 1]
        assert (await service.briefing(NOW)).total_items == 1
    finally:
        await store.close()


CUT_SHORT = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title>
<item><title>Kenyan recruits in Russian army, Ukraine says</title><guid>cut-1</guid>
<link>https://x.example/cut-1</link></item></channel>"""  # </rss> never comes


async def test_a_feeds_warning_is_kept_and_shown_in_sources(base_config, feed_server, db_url):
    from bot.chats import ChatService
    from bot.render import render

    feed_server.routes["/cut.xml"] = Route(body=CUT_SHORT, etag='"v1"')
    feed_server.routes["/fine.xml"] = Route(body=teaser_feed("https://x.example/fine"))
    config = config_with_feeds(
        base_config, [("Cut", feed_server.url("/cut.xml")), ("Fine", feed_server.url("/fine.xml"))]
    )
    store = await Store.open(db_url)
    try:
        briefings = BriefingService(config, store)
        status = {f.name: f for f in (await briefings.poll(NOW, force=True)).feeds}
        assert status["Cut"].status == "ok" and "parsed with problems" in status["Cut"].error
        chats = ChatService(config, store, briefings, clock=lambda: NOW)
        for _ in range(2):  # a 304 on the next poll brings nothing new: the warning stands
            health = {h.name: h for h in await chats.sources()}
            assert health["Cut"].error_count == 0 and "no element found" in health["Cut"].error
            assert health["Fine"].error == ""
            text = render("sources.html.j2", feeds=list(health.values()), now=NOW)
            assert "✅ Cut – last read just now; warning: parsed with problems" in text
            assert "failing" not in text
            report = await briefings.poll(NOW + timedelta(hours=1), force=True)
        assert {f.name: f.status for f in report.feeds}["Cut"] == "not_modified"
    finally:
        await store.close()


def one_item_feed(guid: str, when: str, title: str, body: str) -> bytes:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>{guid}</title>
<item><title>{title}</title><link>https://news.example/{guid}</link><guid>{guid}</guid>
<pubDate>{when}</pubDate><description>{body}</description></item></channel></rss>""".encode()


ON_TOPIC = one_item_feed(
    "first",
    "Thu, 19 Nov 2026 20:00:00 GMT",
    "Two Peruvian men killed fighting for Russia in Ukraine, ministry says",
    "Peru's foreign ministry said on Tuesday that two Peruvian men recruited by the Russian army"
    " had been killed near Pokrovsk in eastern Ukraine. The ministry said Jorge Quispe, 24, and"
    " Luis Mamani, 29, had travelled to Moscow on student visas last year.",
)
FOLLOW_UP = one_item_feed(
    "later",
    "Fri, 20 Nov 2026 10:00:00 GMT",
    "Families of Jorge Quispe and Luis Mamani ask for their bodies",
    "The families of Jorge Quispe and Luis Mamani, the two Peruvian students who died last week,"
    " asked Peru's government on Thursday to bring their bodies home from Russia. Quispe's uncle"
    " said the family had not been told how he died.",
)


async def test_a_near_miss_of_an_on_topic_event_joins_the_topic_in_either_order(
    base_config, feed_server, databases
):
    feed_server.routes["/on.xml"] = Route(body=ON_TOPIC)
    feed_server.routes["/follow.xml"] = Route(body=FOLLOW_UP)
    on, follow_up = ("On", feed_server.url("/on.xml")), ("Follow", feed_server.url("/follow.xml"))
    for first, second in ((on, follow_up), (follow_up, on)):
        store = await Store.open(databases.new())
        try:
            await BriefingService(config_with_feeds(base_config, [first]), store).poll(NOW)
            service = BriefingService(config_with_feeds(base_config, [first, second]), store)
            later = NOW + timedelta(hours=1)
            report = await service.poll(later, force=True)
            [story] = (await service.briefing(later)).stories
            assert {s.title[:8] for s in story.items} == {"Two Peru", "Families"}
            follow = next(s.item_id for s in story.items if s.title.startswith("Families"))
            matches = await store.matches_for([follow], base_config.topic.name)
            assert "same event as an on-topic report" in matches[follow].reasons[-1]
            assert await store.claims_for([follow])  # its claims were read when it joined
            if first is on:  # the poll that brought it reports it on the topic
                assert any(it.id == follow and m.relevant for it, m in report.items)
        finally:
            await store.close()
