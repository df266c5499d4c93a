"""End to end under abuse and outages: floods, getUpdates down, admin-only commands."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.tg.app import BotOptions
from tests.conftest import config_with_feeds
from tests.e2e.harness import ADMIN, Clock, ask, running_bot, wait_for
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.feed_server import Route

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Indian nationals recruited to fight for Russia return home</title>
<guid>i1</guid><link>https://x.example/i1</link></item></channel></rss>"""


@pytest.fixture
def config(base_config, feed_server):
    feed_server.routes["/feed.xml"] = Route(body=FEED)
    return config_with_feeds(base_config, [("Feed", feed_server.url("/feed.xml"))])


async def test_a_flooding_chat_is_refused_once_aloud_and_others_are_served(config, db_url):
    defaults = BotOptions()
    with FakeBotApi(rate_limits=False) as api:
        async with running_bot(
            api,
            config,
            db_url,
            Clock(NOW),
            flood_burst=defaults.flood_burst,
            flood_refill=defaults.flood_refill,
        ):
            for _ in range(40):
                api.send_command(500, "/help")
            await wait_for(lambda: any("Too many commands" in m for m in api.messages(500)))
            await asyncio.sleep(1.0)
            replies = api.messages(500)
            assert sum("Too many commands" in m for m in replies) == 1
            # the burst is served, a token or so comes back meanwhile, the rest is dropped
            assert defaults.flood_burst <= len(replies) - 1 <= defaults.flood_burst + 2
            # another chat at the same moment is unaffected
            assert "/latest" in await ask(api, 501, "/help")


async def test_get_updates_outage_polls_feeds_and_resumes(config, feed_server, db_url):
    clock = Clock(NOW)
    with FakeBotApi() as api:
        async with running_bot(api, config, db_url, clock, poll_every=0.5):
            assert "Subscribed" in await ask(api, 600, "/start")
            api.down.add("getUpdates")
            await asyncio.sleep(1.5)  # a long poll already in flight ends
            asked = len(feed_server.requests)
            api.send_command(600, "/sources")  # waits on Telegram's side during the outage
            for _ in range(3):
                clock.now += timedelta(hours=1)  # the feed is due again
                await asyncio.sleep(1.0)
            assert len(feed_server.requests) >= asked + 2, "feeds are still polled"
            assert not any("Outlets watched" in m for m in api.messages(600))
            api.down.clear()
            await wait_for(
                lambda: any("Outlets watched" in m for m in api.messages(600)), timeout=40
            )


@pytest.mark.parametrize("kind,chat_id", [("private", 700), ("group", -700)])
@pytest.mark.parametrize("command", ["/stats", "/poll"])
async def test_admin_commands_refuse_non_admins(config, db_url, kind, chat_id, command):
    with FakeBotApi() as api:
        async with running_bot(api, config, db_url, Clock(NOW)):
            refused = await ask(api, chat_id, command, kind=kind, user_id=701)
            assert "Sorry" in refused and "admins" in refused
            served = await ask(api, chat_id, command, kind=kind, user_id=ADMIN)
            assert "admins" not in served
