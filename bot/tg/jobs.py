"""JobQueue callbacks: a few lines each, calling the services.

Each job runs under a lock shared by every process on the database, so a second worker on
the same database neither polls at the same time nor queues and sends the same digests.
"""

from __future__ import annotations

import logging

from telegram.ext import ContextTypes

from bot.tg.deliver import deliver_pending

log = logging.getLogger(__name__)


async def poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    new = await context.bot_data["chats"].poll_unless_busy()
    if new is None:
        log.info("poll: another process is polling; skipped")
    else:
        log.info("poll: %d new items", new)


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    chats = context.bot_data["chats"]
    async with chats.store.lock("digests") as mine:
        if not mine:  # another process queues and sends them, this minute
            return
        queued = await chats.queue_due()
        report = await deliver_pending(context.bot, chats, context.bot_data["pacer"], wait=0)
    if queued or report.sent or report.failed:
        log.info(
            "digests: %d queued, %d sent, %d failed, %d deferred",
            queued,
            report.sent,
            report.failed,
            report.deferred,
        )
