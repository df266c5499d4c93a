"""Delivery: sends the outbox through PTB, with Telegram's failure modes handled.

Each digest part is marked sent right after Telegram accepts it, so a crash repeats at most
the one message that was in flight. Several bot processes on one database send through one
of them at a time (the delivery lock: Telegram's 30 messages a second are per bot, not per
process), and each part is sent under a claim on its outbox row, so none is sent twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
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
DELIVERY_WAIT = 30.0  # seconds a /digest now waits while another process sends


def retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class ChatPacer:
    """Telegram's limits, kept by us: one message per second per chat, and a smooth overall
    rate just under 30 per second (the rate limiter's bucket would otherwise allow bursts)."""

    def __init__(self, interval: float = 1.0, overall: float = 1 / 29) -> None:
        self.interval = interval
        self.overall = overall
        self.last: dict[int, float] = {}
        self.previous = 0.0
        # One fan-out at a time: a /digest now during a scheduled fan-out must not send
        # the same pending entries a second time.
        self.sending = asyncio.Lock()

    def ready_in(self, chat_id: int) -> float:
        return max(0.0, self.last.get(chat_id, -1e9) + self.interval - time.monotonic())

    async def wait(self, chat_id: int) -> None:
        now = time.monotonic()
        gap = max(self.ready_in(chat_id), self.previous + self.overall - now)
        if gap > 0:
            await asyncio.sleep(gap)
        self.last[chat_id] = self.previous = time.monotonic()
        if len(self.last) > 10_000:  # forget chats whose second has long passed
            cutoff = self.previous - self.interval
            self.last = {c: t for c, t in self.last.items() if t > cutoff}


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


@dataclass
class _Progress:
    entry: OutboxEntry
    chat_id: int


async def deliver_pending(
    bot: Bot, chats: ChatService, pacer: ChatPacer, *, wait: float = DELIVERY_WAIT
) -> DeliveryReport:
    """Send every pending outbox entry; failures are recorded, never raised.

    One message is in flight at a time, so a crash repeats at most one. Entries take turns
    part by part (round robin), so a chat's one-second gap never holds up the others.
    Entries queued while a fan-out runs are picked up before it returns, including those
    another process queued: when it is sending already, this one waits up to `wait` seconds
    for it, then leaves the sending to it."""
    report = DeliveryReport()
    tried: set[int] = set()
    async with pacer.sending, chats.store.lock("delivery", wait=wait) as mine:
        if not mine:
            log.info("delivery: another process is sending; it sends these too")
            return report
        while True:
            batch = [e for e in await chats.chats.pending(chats.clock()) if e.id not in tried]
            if not batch:
                return report
            tried.update(e.id for e in batch)
            turns = deque(_Progress(e, e.chat_id) for e in batch)
            while turns:
                turn = turns.popleft()
                if await _send_next(bot, chats, turn, pacer, report):
                    turns.append(turn)


async def _send_next(
    bot: Bot, chats: ChatService, turn: _Progress, pacer: ChatPacer, report: DeliveryReport
) -> bool:
    """Send the entry's next part; True while it has more to send."""
    entry = turn.entry
    try:
        try:
            more = await _send_claimed(bot, chats, turn, pacer)
        except ChatMigrated as err:  # the claim is let go first: moving writes its row
            await chats.move_chat(turn.chat_id, err.new_chat_id)
            turn.chat_id = err.new_chat_id
            more = await _send_claimed(bot, chats, turn, pacer)
    except Forbidden as err:  # blocked, kicked, or a deleted account
        await chats.deactivate(turn.chat_id)
        await _give_up(chats, entry, f"forbidden: {err}", report)
        return False
    except BadRequest as err:  # chat not found and other permanent refusals
        if "chat not found" in str(err).lower():
            await chats.deactivate(turn.chat_id)
        await _give_up(chats, entry, f"bad request: {err}", report)
        return False
    except NetworkError as err:  # includes TimedOut and Telegram's 5xx
        log.warning("delivery to a chat deferred: %s", type(err).__name__)
        if entry.attempts + 1 >= MAX_ATTEMPTS:
            await _give_up(chats, entry, f"network: {err}", report)
        else:
            delay = timedelta(seconds=min(3600, 15 * 2 ** min(entry.attempts, 8)))
            await chats.chats.retry_later(entry.id, f"network: {err}", chats.clock() + delay)
            report.deferred += 1
        return False
    if more is None:  # sent in full or given up since it was read, or being sent elsewhere
        return False
    await chats.record("sent")
    report.sent += 1
    return more


async def _send_claimed(
    bot: Bot, chats: ChatService, turn: _Progress, pacer: ChatPacer
) -> bool | None:
    """The entry's next unsent part, sent and marked under a claim on its row; whether parts
    remain, or None when there was nothing to claim."""
    async with chats.chats.claim(turn.entry.id) as claim:
        if claim is None:
            return None
        turn.chat_id = claim.chat_id  # a migration another process saw moves it too
        index = claim.sent_parts
        await send_part(bot, claim.chat_id, turn.entry.parts[index], pacer)
        done = index + 1 >= len(turn.entry.parts)
        await claim.part_sent(index + 1, done)
        return not done


async def _give_up(
    chats: ChatService, entry: OutboxEntry, why: str, report: DeliveryReport
) -> None:
    await chats.chats.give_up(entry.id, why)
    await chats.record("failed")
    report.failed += 1
