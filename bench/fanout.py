"""Benchmark: a due digest fanned out to 2,000 chats through the fake Bot API.

    python bench/fanout.py [--chats 2000]

The fake Bot API (tests/fakes/bot_api.py, real HTTP on 127.0.0.1) enforces 30 messages a
second overall and one a second per chat, answering 429 with retry_after beyond. The bot's
own code queues the digest (ChatService.queue_due) and sends it (deliver_pending through
PTB's ExtBot with AIORateLimiter), exactly as the digest job does. Prints a table, then
one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram.ext import AIORateLimiter, ExtBot  # noqa: E402

from bot.__main__ import demo_config  # noqa: E402
from bot.chats import ChatService  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.models import Subscriber  # noqa: E402
from bot.service import BriefingService  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.tg.deliver import ChatPacer, deliver_pending  # noqa: E402
from tests.fakes.bot_api import FakeBotApi  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, 30, tzinfo=UTC)  # the demo feeds' time; digest at 12:00
TOKEN = "100000:BENCH-token"


async def run(chats: int, folder: str) -> dict[str, float | int]:
    config = demo_config(load_config(ROOT / "feeds.yaml"))
    store = await Store.open(f"sqlite+aiosqlite:///{folder}/fanout.db")
    briefings = BriefingService(config, store)
    service = ChatService(config, store, briefings, clock=lambda: NOW)
    await briefings.poll(NOW, force=True)
    ids = list(range(10_000, 10_000 + chats))
    for chat in ids:
        sub = Subscriber(chat, "private", "", True, ("12:00",), "UTC")
        await store.chats.upsert_subscriber(sub, NOW)
    started = time.perf_counter()
    queued = await service.queue_due()
    queue_s = time.perf_counter() - started
    expected = {e.chat_id: list(e.parts) for e in await store.chats.pending(NOW)}
    with FakeBotApi() as api:
        for chat in ids:
            api.add_chat(chat)
        bot = ExtBot(TOKEN, base_url=api.base_url, rate_limiter=AIORateLimiter(max_retries=3))
        async with bot:
            started = time.perf_counter()
            report = await deliver_pending(bot, service, ChatPacer())
            send_s = time.perf_counter() - started
        received = [
            (c.params["chat_id"], c.params["text"]) for c in api.calls if c.method == "sendMessage"
        ]
        attempts = sum(1 for c in api.calls if c.method.endswith("sendMessage")) + api.rate_limited
        limited = api.rate_limited
    await store.close()
    counts = Counter(received)
    lost = sum(1 for chat, parts in expected.items() for p in parts if (chat, p) not in counts)
    duplicated = sum(n - 1 for n in counts.values() if n > 1)
    return {
        "chats": chats,
        "queued": queued,
        "queue_s": round(queue_s, 3),
        "messages": len(received),
        "send_s": round(send_s, 3),
        "messages_per_s": round(len(received) / send_s, 2) if send_s else 0,
        "requests": attempts,
        "rate_limited_429": limited,
        "rate_limited_share": round(limited / attempts, 4) if attempts else 0,
        "lost": lost,
        "duplicated": duplicated,
        "failed": report.failed,
        "deferred": report.deferred,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = asyncio.run(run(args.chats, folder))
    figures.update(benchmark="fanout", cores=os.cpu_count())
    print(f"cores: {os.cpu_count()}; {args.chats} chats; limits 30/s overall, 1/s per chat")
    for key in (
        "queued",
        "queue_s",
        "messages",
        "send_s",
        "messages_per_s",
        "requests",
        "rate_limited_429",
        "rate_limited_share",
        "lost",
        "duplicated",
        "failed",
    ):
        print(f"{key:<22}{figures[key]:>10}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
