"""Briefing memo: a long-running service, which reuses groupings and stories between
briefings, must give exactly the briefings a freshly started one builds from the same store.

Real feeds (the captured corpus and the seed articles), stored in two polls; briefings asked
for at many moments, with the default window, the week's window, a chat's new-only digest
and unlimited stories.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.claims import extract_claims
from bot.memo import Lru, StoryMemo
from bot.models import Item
from bot.service import BriefingService
from bot.store import Store
from bot.stories import build_story, group_stories
from bot.topic import match_item
from tests.conftest import config_with_feeds
from tests.fakes.feed_server import Route
from tests.seedfeed import seed_feed
from tests.test_pool import CORPUS, _serve

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def _first_items(feed: bytes, count: int) -> bytes:
    """The same RSS document with only its first `count` items."""
    items = re.findall(rb"<item>.*?</item>", feed, flags=re.S)
    for extra in items[count:]:
        feed = feed.replace(extra, b"")
    return feed


def _moments(published: list[datetime]) -> list[datetime]:
    """Times just after some reports, and a few minutes and hours later."""
    picked = sorted(set(published))[:: max(1, len(published) // 6)]
    return [when + later for when in picked for later in (timedelta(minutes=7), timedelta(hours=5))]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
async def test_a_long_running_service_briefs_like_a_fresh_one(base_config, feed_server, db_url):
    feeds = _serve(feed_server)
    # three seed reports come with the first poll, the other two join their story later
    feed_server.routes["/seeds.xml"] = Route(body=_first_items(seed_feed(), 3))
    config = config_with_feeds(base_config, feeds, workers=0)
    store = await Store.open(db_url)
    service = BriefingService(config, store)
    try:
        asked = 0
        for round_ in range(2):
            report = await service.poll(NOW + timedelta(hours=round_), force=True)
            published = [it.published for it, match in report.items if match.relevant]
            assert published, "every poll stores reports on the topic"
            for now in _moments(published):
                for options in (
                    {},
                    {"window": timedelta(days=7)},
                    {"fresh_since": now - timedelta(hours=3)},
                    {"unlimited": True},
                ):
                    # asked twice: the second is served from what the first built
                    for _ in range(2):
                        kept = await service.briefing(now, **options)
                        fresh = await BriefingService(config, store).briefing(now, **options)
                        assert kept == fresh, (now, options)
                        asked += bool(kept.stories)
            feed_server.routes["/seeds.xml"] = Route(body=seed_feed(), etag='"all"')
        assert asked >= 20
    finally:
        service.close()
        await store.close()


async def test_the_window_starts_at_the_full_hour(base_config, db_url):
    store = await Store.open(db_url)
    try:
        now = datetime(2026, 11, 20, 12, 37, 15, tzinfo=UTC)
        service = BriefingService(base_config, store)
        digest = await service.briefing(now)
        assert (digest.since, digest.until) == (datetime(2026, 11, 19, 12, tzinfo=UTC), now)
        week = await service.briefing(now, window=timedelta(days=7))
        assert week.since == datetime(2026, 11, 13, 12, tzinfo=UTC)
        explicit = now - timedelta(hours=3)
        assert (await service.briefing(now, since=explicit)).since == explicit
    finally:
        await store.close()


async def test_a_report_dated_ahead_shows_when_its_time_comes(base_config, db_url):
    """A feed's clock can run ahead: the report is stored now and shown from its date on,
    with no write in between to refresh the briefing."""
    store = await Store.open(db_url)
    try:
        service = BriefingService(base_config, store)
        item = _item("ahead", NOW + timedelta(minutes=30))
        match = match_item(item, base_config.topic)
        assert match.relevant
        await store.add_analysed([item], {item.id: match}, {item.id: extract_claims(item)}, NOW)
        assert (await service.briefing(NOW)).total_items == 0
        assert (await service.briefing(NOW + timedelta(minutes=31))).total_items == 1
    finally:
        await store.close()


def _item(key: str, published: datetime, title: str = "") -> Item:
    title = title or "Kenyan recruits fight in Russian army, Ukraine says"
    body = "Ukraine's intelligence said 40 Kenyan citizens serve in Russia's army near Bakhmut."
    return Item(key, "Feed", "Outlet", title, f"https://x.example/{key}", body, "", published)


def test_memo_rebuilds_only_what_changed():
    memo = StoryMemo()
    first = [_item("a", NOW), _item("b", NOW + timedelta(minutes=5))]
    groups = memo.groups(first)
    assert groups == group_stories(first)
    assert memo.groups(list(first)) == groups  # the same reports: the same grouping
    story = memo.story(groups[0], [], NOW)
    assert story == build_story(groups[0], [], NOW)
    assert memo.story(groups[0], [], NOW) is story
    later = memo.story(groups[0], [], NOW + timedelta(hours=6))  # only the rank moves
    assert later == build_story(groups[0], [], NOW + timedelta(hours=6))
    assert later.score < story.score
    claims = [c for it in groups[0] for c in extract_claims(it)]
    assert claims and memo.story(groups[0], claims, NOW) == build_story(groups[0], claims, NOW)


def test_lru_keeps_the_most_recent():
    lru: Lru[str, int] = Lru(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1
    lru.put("c", 3)
    assert (lru.get("a"), lru.get("b"), lru.get("c"), len(lru)) == (1, None, 3, 2)
