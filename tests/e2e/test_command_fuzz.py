"""Every command with hypothesis-made arguments, through the real bot and the fake Bot API.

No input may raise in a handler (the error handler would log it) or go unanswered, and an
argument the command cannot use always earns a usage hint.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import load_config
from bot.schedule import ScheduleError, parse_schedule
from bot.tg.handlers import COMMANDS, number_arg
from tests.conftest import ROOT, config_with_feeds
from tests.e2e.harness import ADMIN, Clock, running_bot
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.feed_server import FeedServer, Route
from tests.test_command_fuzz import ARGS

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Cuban citizens recruited to fight for Russia, Havana says</title>
<description>Cuba's foreign ministry said it had uncovered a network recruiting Cuban
citizens to fight for Russia in Ukraine.</description>
<guid>c1</guid><link>https://x.example/c1</link></item></channel></rss>"""


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # the logger, thread and traceback say whose error it was when one turns up
        detail = f"{record.name} [{record.threadName}]: {record.getMessage()}"
        if record.exc_info:
            detail += "\n" + "".join(traceback.format_exception(*record.exc_info))
        self.records.append(detail)


class BotThread:
    """The real Application on its own event loop, so hypothesis can drive it synchronously."""

    def __init__(self, api: FakeBotApi, db_url: str, feeds: FeedServer) -> None:
        config = config_with_feeds(
            load_config(ROOT / "feeds.yaml"), [("Feed", feeds.url("/feed.xml"))]
        )
        self.ready = threading.Event()
        self.done = threading.Event()

        async def main() -> None:
            clock = Clock(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
            async with running_bot(api, config, db_url, clock, digest_every=3600):
                self.ready.set()
                while not self.done.is_set():
                    await asyncio.sleep(0.05)

        self.thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)


@pytest.fixture(scope="module")
def bot(tmp_path_factory) -> Iterator[tuple[FakeBotApi, Errors]]:
    errors = Errors()
    logging.getLogger().addHandler(errors)
    db = Path(tmp_path_factory.mktemp("fuzz")) / "fuzz.db"
    with FeedServer() as feeds, FakeBotApi(rate_limits=False) as api:
        feeds.routes["/feed.xml"] = Route(body=FEED)
        runner = BotThread(api, f"sqlite+aiosqlite:///{db}", feeds)
        runner.thread.start()
        assert runner.ready.wait(30)
        try:
            yield api, errors
        finally:
            runner.done.set()
            runner.thread.join(30)
            logging.getLogger().removeHandler(errors)


def unusable(command: str, args: list[str]) -> bool:
    """Whether the command must answer with its usage hint (an oracle from the pure parsers)."""
    if command == "latest":
        return bool(args) and number_arg(args, 1, 20) is None
    if command == "sources":
        return bool(args) and number_arg(args, 1, 50) is None
    if command == "why":
        return number_arg(args, 1, 50) is None
    if command == "digest":
        try:
            parse_schedule(args)
        except ScheduleError:
            return True
    return False


@given(
    command=st.sampled_from(sorted(COMMANDS)),
    args=ARGS,
    admin=st.booleans(),
    chat=st.integers(1, 40),
)
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_command_answers_and_never_raises(bot, command, args, admin, chat):
    api, errors = bot
    words = [a for a in (" ".join(args)).split() if a]
    text = " ".join([f"/{command}", *words])
    before, failures = len(api.messages(chat)), len(errors.records)
    api.send_command(chat, text, user_id=ADMIN if admin else 10_000 + chat)
    deadline = time.monotonic() + 15
    while len(api.messages(chat)) == before and time.monotonic() < deadline:
        time.sleep(0.01)
    replies = api.messages(chat)[before:]
    assert replies, f"no answer to {text!r}"
    assert len(errors.records) == failures, errors.records[failures:]
    if unusable(command, words):
        assert "Usage" in replies[0], (text, replies[0])
