"""End to end: a user talks to the real PTB Application through the fake Bot API."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.store import Store
from tests.conftest import config_with_feeds
from tests.databases import fetch
from tests.e2e.harness import ADMIN, Clock, ask, running_bot, wait_for
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.feed_server import Route
from tests.seedfeed import SEEDS, seed_feed

pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not present")
# The seeds are from April 2025: the clock is set then, digest at 08:00 Kyiv (05:00 UTC).
BEFORE_DIGEST = datetime(2025, 4, 12, 4, 50, tzinfo=UTC)
AT_DIGEST = datetime(2025, 4, 12, 5, 0, 30, tzinfo=UTC)


@pytest.fixture
def seeds_config(base_config, feed_server):
    feed_server.routes["/seeds.xml"] = Route(body=seed_feed())
    config = config_with_feeds(base_config, [("Seeds", feed_server.url("/seeds.xml"))])
    digest = config.digest.model_copy(update={"window_hours": 24 * 7})
    return config.model_copy(update={"digest": digest})


async def test_user_journey(seeds_config, feed_server, db_url):
    clock = Clock(BEFORE_DIGEST)
    with FakeBotApi() as api:
        async with running_bot(api, seeds_config, db_url, clock):
            assert any(c.method == "setMyCommands" for c in api.calls)
            reply = await ask(api, 100, "/start")
            assert "Subscribed" in reply and "08:00" in reply and "/latest" in reply
            await wait_for(lambda: any(p == "/seeds.xml" for p, _ in feed_server.requests))
            await asyncio.sleep(0.5)  # the first poll stores and analyses the seeds

            # the scheduled digest arrives at its minute, once
            clock.now = AT_DIGEST
            await wait_for(lambda: any("155" in m for m in api.messages(100)), timeout=15)
            digest = next(m for m in api.messages(100) if "155" in m)
            assert "Zelensky" in digest and "Figures disagree" in digest
            assert '<a href="https://seed-' in digest
            await asyncio.sleep(1.0)
            assert len([m for m in api.messages(100) if "155" in m]) == 1

            latest = await ask(api, 100, "/latest 1")
            assert latest.count("<b>1.") == 1 and "155" in latest

            sources = await ask(api, 100, "/sources")
            assert "Seeds" in sources and "last read" in sources and "5 on-topic" in sources

            story = await ask(api, 100, "/sources 1")
            assert story.count("https://seed-") == 5

            why = await ask(api, 100, "/why 1")
            assert "foreign-people" in why and "score" in why

            schedule = await ask(api, 100, "/digest 09:30,21:00 Europe/Warsaw")
            assert "09:30, 21:00" in schedule and "Europe/Warsaw" in schedule
            assert "off" in await ask(api, 100, "/digest off")
            assert "Usage" in await ask(api, 100, "/digest 25:99")
            assert "Usage" in await ask(api, 100, "/why banana")
            assert "Usage" in await ask(api, 100, "/latest -3")

            refused = await ask(api, 100, "/stats")
            assert "admins" in refused
            stats = await ask(api, ADMIN, "/stats", user_id=ADMIN)
            assert "Subscribers: 1" in stats and "Messages:" in stats

            assert "Unsubscribed" in await ask(api, 100, "/stop")
        store = await Store.open(db_url)
        try:
            assert await store.chats.subscriber(100) is None
        finally:
            await store.close()


async def test_group_chat_and_restart_keeps_subscribers(seeds_config, db_url):
    clock = Clock(BEFORE_DIGEST)
    with FakeBotApi() as api:
        api.set_member(-1001, 1001, "administrator")  # the group's admin subscribes it
        async with running_bot(api, seeds_config, db_url, clock):
            reply = await ask(api, -1001, "/start@briefing_test_bot", kind="group")
            assert "Subscribed" in reply
            await ask(api, 7, "/start")
            await ask(api, 7, "/digest 07:45 Europe/Kyiv")
        # a restart with the same database: subscribers and schedules are still there
        clock.now = AT_DIGEST
        async with running_bot(api, seeds_config, db_url, clock):
            await wait_for(lambda: any("155" in m for m in api.messages(-1001)), timeout=15)
            store = await Store.open(db_url)
            try:
                sub = await store.chats.subscriber(7)
                assert sub is not None and sub.times == ("07:45",) and sub.timezone == "Europe/Kyiv"
            finally:
                await store.close()


async def test_digest_now_and_nothing_new_sends_nothing(seeds_config, db_url):
    clock = Clock(BEFORE_DIGEST)
    with FakeBotApi() as api:
        async with running_bot(api, seeds_config, db_url, clock, first_poll=0.05):
            await ask(api, 55, "/start")
            await asyncio.sleep(1.0)
            await ask(api, 55, "/digest now")
            assert any("155" in m for m in api.messages(55)), api.messages(55)
            sent = len(api.messages(55))
            # the scheduled slot comes, but nothing arrived since /digest now: nothing is sent
            clock.now = AT_DIGEST
            await wait_for(lambda: _last_slot_is_served(db_url), timeout=10)
            await asyncio.sleep(0.5)
            assert len(api.messages(55)) == sent


async def test_subscribing_after_todays_slot_waits_for_the_next_one(seeds_config, db_url):
    """08:00 has passed when the chat subscribes at 12:00: its first digest is tomorrow's."""
    clock = Clock(datetime(2025, 4, 12, 9, 0, tzinfo=UTC))  # 12:00 in Kyiv
    with FakeBotApi() as api:
        async with running_bot(api, seeds_config, db_url, clock, first_poll=0.05):
            assert "Subscribed" in await ask(api, 66, "/start")
            await asyncio.sleep(1.5)  # several runs of the digest job
            assert len(api.messages(66)) == 1, api.messages(66)
            clock.now = datetime(2025, 4, 13, 5, 0, 30, tzinfo=UTC)
            await wait_for(lambda: any("155" in m for m in api.messages(66)), timeout=15)
            assert len(api.messages(66)) == 2


def _last_slot_is_served(db_url: str) -> bool:
    rows = fetch(db_url, "select last_slot from subscribers where chat_id = 55")
    return bool(rows and rows[0][0] == "2025-04-12 08:00")


async def test_channels_in_feeds_yaml_receive_scheduled_digests(seeds_config, db_url):
    config = seeds_config.model_copy(update={"channels": ["@briefing_channel"]})
    clock = Clock(BEFORE_DIGEST)
    with FakeBotApi() as api:
        api.add_chat(-100777, "channel", "Briefing channel", username="briefing_channel")
        async with running_bot(api, config, db_url, clock):
            await asyncio.sleep(1.0)
            clock.now = AT_DIGEST
            await wait_for(lambda: any("155" in m for m in api.messages(-100777)), timeout=15)
