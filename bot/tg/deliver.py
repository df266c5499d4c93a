"""Delivery: sends the outbox through PTB, with Telegram's failure modes handled.

Each digest part is marked sent right after Telegram accepts it, so a crash repeats at most
the one message that was in flight.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.chats import ChatService
from bot.models import OutboxEntry
from bot.text import clean_text

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class ChatPacer:
    """At most one message per second to any one chat (Telegram's per-chat limit)."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self.last: dict[int, float] = {}
        # One fan-out at a time: a /digest now during a scheduled fan-out must not send
        # the same pending entries a second time.
        self.sending = asyncio.Lock()

    async def wait(self, chat_id: int) -> None:
        gap = self.last.get(chat_id, 0.0) + self.interval - time.monotonic()
        if gap > 0:
            await asyncio.sleep(gap)
        self.last[chat_id] = time.monotonic()


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    deferred: int = 0


async def send_part(bot: Bot, chat_id: int, text: str, pacer: ChatPacer) -> None:
    """One message; RetryAfter is waited out exactly, unparsable HTML goes as plain text."""
    for _ in range(5):
        await pacer.wait(chat_id)
        try:
            await bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML, disable_web_page_preview=True
            )
            return
        except RetryAfter as err:
            await asyncio.sleep(retry_seconds(err))
        except BadRequest as err:
            if "can't parse entities" not in str(err).lower():
                raise
            await pacer.wait(chat_id)
            await bot.send_message(chat_id, clean_text(text), disable_web_page_preview=True)
            return
    raise NetworkError("still rate-limited after five waits")


async def deliver_entry(
    bot: Bot, chats: ChatService, entry: OutboxEntry, pacer: ChatPacer, report: DeliveryReport
) -> None:
    chat_id = entry.chat_id
    for index in range(entry.sent_parts, len(entry.parts)):
        try:
            await send_part(bot, chat_id, entry.parts[index], pacer)
        except ChatMigrated as err:
            await chats.move_chat(chat_id, err.new_chat_id)
            chat_id = err.new_chat_id
            await send_part(bot, chat_id, entry.parts[index], pacer)
        await chats.chats.part_sent(entry.id, index + 1, done=index + 1 == len(entry.parts))
        await chats.record("sent")
        report.sent += 1


async def deliver_pending(bot: Bot, chats: ChatService, pacer: ChatPacer) -> DeliveryReport:
    """Send every pending outbox entry; failures are recorded, never raised.

    Entries queued while a fan-out runs are picked up before it returns."""
    report = DeliveryReport()
    tried: set[int] = set()
    async with pacer.sending:
        while True:
            batch = [e for e in await chats.chats.pending(chats.clock()) if e.id not in tried]
            if not batch:
                return report
            for entry in batch:
                tried.add(entry.id)
                await _deliver_or_record(bot, chats, entry, pacer, report)


async def _deliver_or_record(
    bot: Bot, chats: ChatService, entry: OutboxEntry, pacer: ChatPacer, report: DeliveryReport
) -> None:
    try:
        await deliver_entry(bot, chats, entry, pacer, report)
    except Forbidden as err:  # blocked, kicked, or a deleted account
        await chats.deactivate(entry.chat_id)
        await chats.chats.give_up(entry.id, f"forbidden: {err}")
        await chats.record("failed")
        report.failed += 1
    except BadRequest as err:  # chat not found and other permanent refusals
        if "chat not found" in str(err).lower():
            await chats.deactivate(entry.chat_id)
        await chats.chats.give_up(entry.id, f"bad request: {err}")
        await chats.record("failed")
        report.failed += 1
    except NetworkError as err:  # includes TimedOut and Telegram's 5xx
        delay = timedelta(seconds=min(3600, 15 * 2 ** min(entry.attempts, 8)))
        if entry.attempts + 1 >= MAX_ATTEMPTS:
            await chats.chats.give_up(entry.id, f"network: {err}")
            await chats.record("failed")
            report.failed += 1
        else:
            await chats.chats.retry_later(entry.id, f"network: {err}", chats.clock() + delay)
            report.deferred += 1
        log.warning("delivery to a chat deferred: %s", type(err).__name__)
