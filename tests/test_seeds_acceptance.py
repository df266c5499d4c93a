"""Acceptance on the five seed articles: claims, claimants, exact sources, 155 vs 163."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import Config
from bot.service import BriefingService
from bot.store import Store
from tests.acceptance import conflict_flagged, score_digest
from tests.conftest import config_with_feeds
from tests.fakes.feed_server import FeedServer, Route
from tests.seedfeed import SEEDS, seed_feed

pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not present")
NOW = datetime(2025, 4, 12, 9, 0, tzinfo=UTC)


async def seeds_digest(config: Config, server: FeedServer, db_url: str, unlimited: bool):
    server.routes["/seeds.xml"] = Route(body=seed_feed())
    config = config_with_feeds(config, [("Seeds", server.url("/seeds.xml"))])
    store = await Store.open(db_url)
    try:
        service = BriefingService(config, store)
        report = await service.poll(NOW, force=True)
        assert [f.status for f in report.feeds] == ["ok"]
        assert all(match.relevant for _, match in report.items), report.items
        return await service.briefing(
            NOW, since=datetime(2025, 4, 1, tzinfo=UTC), unlimited=unlimited
        )
    finally:
        await store.close()


async def test_seeds_make_one_story(base_config, feed_server, db_url):
    digest = await seeds_digest(base_config, feed_server, db_url, unlimited=True)
    assert len(digest.stories) == 1
    assert len(digest.stories[0].outlets) == 5


async def test_seeds_digest_lists_expected_claims(base_config, feed_server, db_url):
    digest = await seeds_digest(base_config, feed_server, db_url, unlimited=True)
    rows = score_digest(digest)
    listed = [r["id"] for r in rows if r["listed"]]
    report = "\n".join(
        f"{r['id']:24} listed={r['listed']} claimant={r.get('claimant')!r} "
        f"sources={r.get('sources')}"
        for r in rows
    )
    print(report)
    # 10 of 14: the general attribution rules (7), a long article's claims past its own
    # share shown where other outlets carry them too, and a partitive's whole ("one of the
    # two captured ...") no figure two claims share (12 before, with rules tuned on these
    # five articles; the dev set is the measure that generalises, see issue 11's note)
    assert len(listed) >= 10, report


async def test_seeds_flag_155_vs_163(base_config, feed_server, db_url):
    digest = await seeds_digest(base_config, feed_server, db_url, unlimited=True)
    assert conflict_flagged(digest, "155", "163")


async def test_default_limits_keep_digest_short(base_config, feed_server, db_url):
    digest = await seeds_digest(base_config, feed_server, db_url, unlimited=False)
    story = digest.stories[0]
    assert len(story.claims) == base_config.digest.max_claims
    # the claims shown are the ones most outlets carry, and 155 is among them
    carried = [len({s.outlet for s in c.sources}) for c in story.claims]
    assert carried[0] >= 3 and carried == sorted(carried, reverse=True), carried
    assert any("155" in c.figures for c in story.claims)
    assert conflict_flagged(digest, "155", "163")
