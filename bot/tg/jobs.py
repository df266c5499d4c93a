"""JobQueue callbacks: a few lines each, calling the services."""

from __future__ import annotations

import logging

from telegram.ext import ContextTypes

from bot.tg.deliver import deliver_pending

log = logging.getLogger(__name__)


async def poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    new = await context.bot_data["chats"].poll()
    log.info("poll: %d new items", new)


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    chats = context.bot_data["chats"]
    queued = await chats.queue_due()
    report = await deliver_pending(context.bot, chats, context.bot_data["pacer"])
    if queued or report.sent or report.failed:
        log.info(
            "digests: %d queued, %d sent, %d failed, %d deferred",
            queued,
            report.sent,
            report.failed,
            report.deferred,
        )
