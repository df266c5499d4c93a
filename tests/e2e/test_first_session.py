"""A newcomer taps through the menu at a person's pace and is never told off; a script's
flood gets one notice. The shipped flood limits, through the real bot and the fake Bot API.

Time is compressed: each command carries the date Telegram would have stamped on it (the
flood gate reads the user's pace from those), while the test sends it as soon as the
previous reply is in.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from bot.__main__ import demo_config
from bot.store import Store
from bot.tg.app import BotOptions
from tests.e2e.harness import Clock, ask, running_bot, wait_for
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.telegram_html import parse_telegram_html
from tests.test_flood import FIRST_SESSION

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # just after the demo feeds' newest items
SHIPPED = BotOptions()
LIMITS = {"flood_burst": SHIPPED.flood_burst, "flood_refill": SHIPPED.flood_refill}
EXPECTED = {
    "/start": "Subscribed",
    "/help": "/latest",
    "/poll": "for the bot's admins",
    "/latest": "Kenyans",
    "/sources": "Outlets watched (4)",
    "/sources 1": "Story 1:",
    "/why 1": "Why story 1 matched",
    "/digest": "Digests at 08:00",
    "/digest 08:00 Europe/Kyiv": "Digests at 08:00 (Europe/Kyiv)",
    "/digest now": "Foreign nationals in the Russia–Ukraine war",
    "/latest abc": "Usage: /latest",
    "/stats": "for the bot's admins",
    "/stop": "Unsubscribed",
}


async def test_a_first_session_at_a_persons_pace_is_answered_in_full(base_config, db_url):
    with FakeBotApi(rate_limits=False) as api:
        async with running_bot(api, demo_config(base_config), db_url, Clock(NOW), **LIMITS):
            await first_poll_done(db_url)
            start = int(time.time())
            for n, command in enumerate(FIRST_SESSION):
                sent = await ask(api, 808, command, date=start + int(n * 1.5), timeout=15)
                reply = shown(sent)
                assert "Too many commands" not in reply, (command, reply)
                assert EXPECTED[command] in reply, (command, reply)
                if command == "/digest now":
                    await asyncio.sleep(1.2)  # the rest of the digest, paced at 1 s a message


def shown(text: str) -> str:
    """Telegram HTML as the user reads it."""
    return "".join(parse_telegram_html(text).text)


async def first_poll_done(db_url: str) -> None:
    store = await Store.open(db_url)
    try:
        for _ in range(400):
            states = await store.feed_states()
            if len(states) == 4 and all(s.last_success for s in states.values()):
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the first poll did not finish")
    finally:
        await store.close()


async def test_a_script_sending_30_commands_in_10_seconds_gets_one_notice(base_config, db_url):
    with FakeBotApi(rate_limits=False) as api:
        async with running_bot(api, demo_config(base_config), db_url, Clock(NOW), **LIMITS):
            start = int(time.time())
            for n in range(30):
                api.send_command(909, "/help", date=start + int(n / 3))
            await wait_for(lambda: any("Too many commands" in m for m in api.messages(909)))
            await asyncio.sleep(1.0)
            replies = api.messages(909)
            assert sum("Too many commands" in m for m in replies) == 1
            served = len(replies) - 1
            assert SHIPPED.flood_burst <= served <= 15, served  # the rest is dropped
            assert "/latest" in await ask(api, 910, "/help")  # another chat is served
