"""Runs the real PTB Application against the fake Bot API, with a clock the test moves."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from telegram.ext import Application

from bot.config import Config
from bot.settings import Settings
from bot.tg.app import BotOptions, build_application
from tests.fakes.bot_api import FakeBotApi

TOKEN = "123456:TEST-token-not-real"
ADMIN = 4242


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


def settings_for(api: FakeBotApi, db_url: str) -> Settings:
    return Settings(
        token=TOKEN,
        database_url=db_url,
        telegram_api_url=api.base_url,
        admin_ids=frozenset({ADMIN}),
    )


@asynccontextmanager
async def running_bot(
    api: FakeBotApi, config: Config, db_url: str, clock: Clock, **options: float
) -> AsyncIterator[Application]:
    app = build_application(
        settings_for(api, db_url),
        config,
        BotOptions(
            poll_every=options.get("poll_every", 3600),
            first_poll=options.get("first_poll", 0.1),
            digest_every=options.get("digest_every", 0.3),
            clock=clock,
            pacer_interval=1.0,
            # scripted users type faster than people; the flood test sets the real limits
            flood_burst=int(options.get("flood_burst", 1000)),
            flood_refill=options.get("flood_refill", 0.01),
            admin_cache_seconds=options.get("admin_cache_seconds", 60.0),
        ),
    )
    # the same sequence run_polling() goes through, minus its own event loop
    async with app:
        await app.post_init(app)
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
            await app.post_shutdown(app)


async def wait_for(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def ask(
    api: FakeBotApi,
    chat_id: int,
    text: str,
    *,
    kind: str = "private",
    user_id: int | None = None,
    timeout: float = 10.0,
    date: int | None = None,
    as_chat: bool = False,
) -> str:
    """Send a command as a user and return the bot's (first new) reply to that chat."""
    before = len(api.messages(chat_id))
    api.send_command(chat_id, text, kind=kind, user_id=user_id, date=date, as_chat=as_chat)
    await wait_for(lambda: len(api.messages(chat_id)) > before, timeout)
    await asyncio.sleep(0.1)
    return "\n".join(api.messages(chat_id)[before:])
