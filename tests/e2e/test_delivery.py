"""Delivery through the fake Bot API: every Telegram failure mode, and crash safety."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from telegram.ext import AIORateLimiter, ExtBot

from bot.chats import ChatService
from bot.models import Subscriber
from bot.service import BriefingService
from bot.store import Store
from bot.tg.deliver import ChatPacer, deliver_pending
from tests.e2e.harness import TOKEN, Clock
from tests.fakes.bot_api import FakeBotApi, Fault

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def api():
    with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def rig(api, base_config, db_url) -> AsyncIterator[tuple[ExtBot, ChatService, Clock]]:
    store = await Store.open(db_url)
    clock = Clock(NOW)
    chats = ChatService(base_config, store, BriefingService(base_config, store), clock=clock)
    bot = ExtBot(TOKEN, base_url=api.base_url, rate_limiter=AIORateLimiter(max_retries=3))
    async with bot:
        yield bot, chats, clock
    await store.close()


async def queue(chats: ChatService, chat_id: int, parts: list[str], slot: str = "s1") -> None:
    sub = Subscriber(chat_id, "private", "", True, ("08:00",), "UTC")
    await chats.chats.upsert_subscriber(sub, NOW)
    await chats.chats.enqueue(sub, slot, parts, NOW, ())


async def test_retry_after_is_waited_exactly_and_nothing_is_lost_or_doubled(api, rig):
    bot, chats, _ = rig
    api.add_chat(1)
    api.inject("sendMessage", Fault(429, "Too Many Requests: retry after 2", retry_after=2), 1)
    await queue(chats, 1, ["<b>hello</b>"])
    started = time.monotonic()
    report = await deliver_pending(bot, chats, ChatPacer())
    assert time.monotonic() - started >= 2
    assert report.sent == 1 and api.messages(1) == ["<b>hello</b>"]


async def test_forbidden_deactivates_only_that_subscriber(api, rig):
    bot, chats, _ = rig
    api.add_chat(2)
    api.add_chat(3)
    api.inject("sendMessage", Fault(403, "Forbidden: bot was blocked by the user"), 2)
    await queue(chats, 2, ["one"])
    await queue(chats, 3, ["two"])
    report = await deliver_pending(bot, chats, ChatPacer())
    assert (report.sent, report.failed) == (1, 1)
    assert not (await chats.subscriber(2)).active and (await chats.subscriber(3)).active
    assert api.messages(3) == ["two"]


async def test_unparsable_html_is_resent_as_plain_text(api, rig):
    bot, chats, _ = rig
    api.add_chat(4)
    await queue(chats, 4, ["<b>Bold <i>broken</b> &amp; more"])
    await deliver_pending(bot, chats, ChatPacer(0.05))
    [text] = api.messages(4)
    assert "<" not in text and "Bold" in text and "& more" in text


async def test_chat_not_found_gives_up_and_deactivates(api, rig):
    bot, chats, _ = rig
    await queue(chats, 5, ["to nowhere"])
    report = await deliver_pending(bot, chats, ChatPacer())
    assert report.failed == 1 and not (await chats.subscriber(5)).active
    assert await chats.chats.pending(NOW + timedelta(days=1)) == []


@pytest.mark.parametrize(
    "fault", [Fault(500, "Internal Server Error"), Fault(502, "Bad Gateway"), Fault(0, drop=True)]
)
async def test_server_errors_and_dropped_connections_are_retried_later(api, rig, fault):
    bot, chats, clock = rig
    api.add_chat(6)
    api.inject("sendMessage", fault, 6)
    await queue(chats, 6, ["later"])
    first = await deliver_pending(bot, chats, ChatPacer(0.05))
    assert first.deferred == 1 and api.messages(6) == []
    assert await chats.chats.pending(clock()) == []  # backed off: not due yet
    clock.now = NOW + timedelta(minutes=5)
    second = await deliver_pending(bot, chats, ChatPacer(0.05))
    assert second.sent == 1 and api.messages(6) == ["later"]


async def test_group_migrated_to_supergroup_moves_the_subscription(api, rig):
    bot, chats, _ = rig
    api.add_chat(-7, "group")
    api.add_chat(-1007, "supergroup")
    api.inject(
        "sendMessage",
        Fault(400, "Bad Request: group chat was upgraded to a supergroup chat", migrate_to=-1007),
        -7,
    )
    await queue(chats, -7, ["moved"])
    await deliver_pending(bot, chats, ChatPacer(0.05))
    assert api.messages(-1007) == ["moved"]
    assert await chats.subscriber(-7) is None
    assert (await chats.subscriber(-1007)).kind == "supergroup"


async def test_restart_mid_digest_sends_only_the_rest(api, rig):
    bot, chats, _ = rig
    api.add_chat(8)
    await queue(chats, 8, ["part 1", "part 2", "part 3"])
    [entry] = await chats.chats.pending(NOW)
    await chats.chats.part_sent(entry.id, 1, done=False)  # the process died after part 1
    await deliver_pending(bot, chats, ChatPacer(0.05))
    assert api.messages(8) == ["part 2", "part 3"]
    assert await chats.chats.pending(NOW) == []


async def test_same_slot_is_never_queued_twice(rig):
    _, chats, _ = rig
    await queue(chats, 9, ["x"], slot="2026-11-20 08:00")
    sub = await chats.subscriber(9)
    assert not await chats.chats.enqueue(sub, "2026-11-20 08:00", ["x"], NOW, ())


async def test_per_chat_pace_avoids_429s(api, rig):
    bot, chats, _ = rig
    api.add_chat(10)
    await queue(chats, 10, [f"part {n}" for n in range(4)])
    started = time.monotonic()
    await deliver_pending(bot, chats, ChatPacer())
    assert api.messages(10) == [f"part {n}" for n in range(4)]
    assert api.rate_limited == 0 and time.monotonic() - started >= 3


async def test_many_chats_take_turns_so_a_chat_pause_holds_nobody_up(api, rig):
    bot, chats, _ = rig
    for chat in range(100, 140):
        api.add_chat(chat)
        await queue(chats, chat, [f"{chat} part 1", f"{chat} part 2"])
    started = time.monotonic()
    report = await deliver_pending(bot, chats, ChatPacer())
    took = time.monotonic() - started
    assert report.sent == 80 and api.rate_limited == 0
    for chat in range(100, 140):
        assert api.messages(chat) == [f"{chat} part 1", f"{chat} part 2"]
    # in turn, 80 messages at under 30/s take about 3 s; one chat after another would take 40
    assert took < 20


async def test_digest_now_during_a_fan_out_sends_nothing_twice(api, rig):
    bot, chats, _ = rig
    for chat in range(200, 230):
        api.add_chat(chat)
        await queue(chats, chat, [f"{chat} digest"])
    pacer = ChatPacer()
    fan_out = asyncio.create_task(deliver_pending(bot, chats, pacer))
    await asyncio.sleep(0.2)
    await queue(chats, 231, ["late arrival"])
    api.add_chat(231)
    second = await deliver_pending(bot, chats, pacer)  # what /digest now does
    await fan_out
    assert second.sent == 0
    for chat in range(200, 230):
        assert api.messages(chat) == [f"{chat} digest"]
    assert api.messages(231) == ["late arrival"]
