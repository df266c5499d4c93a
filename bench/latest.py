"""Benchmark: /latest and a chat's digest on a large store (100k items, 10k stories).

    python bench/latest.py [--items 100000] [--stories 10000] [--runs 60]

The store is real SQLite in a temporary folder, filled through the Store API with
synthetic items spread over 30 days (about one in ten on the topic, matched and with
claims extracted by the real stages) and `stories` stored stories. Each run first stores one
new item (as a poll does), then builds and renders what /latest replies and what a chat's
digest holds, through ChatService, twice: the first request after the write builds afresh,
the second is served from the briefing built by the first (as every request until the
next poll stores something, within the same minute). Prints p50/p95 in milliseconds for
both, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import off_topic_text, on_topic_text  # noqa: E402
from bot.chats import ChatService  # noqa: E402
from bot.claims import extract_claims  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.feeds.parse import content_hash  # noqa: E402
from bot.models import Item, Subscriber  # noqa: E402
from bot.service import BriefingService  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.stories import build_story  # noqa: E402
from bot.topic import match_item  # noqa: E402

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def make_items(total: int, seed: int = 11) -> list[Item]:
    rng = random.Random(seed)
    events = max(1, total // 60)
    items = []
    for n in range(total):
        if rng.random() < 0.1:
            title, body = on_topic_text(rng, rng.randrange(events))
        else:
            title, body = off_topic_text(rng)
        when = NOW - timedelta(minutes=rng.randrange(30 * 24 * 60))
        items.append(
            Item(
                id=f"b{n}",
                feed=f"feed {n % 300}",
                outlet=f"Outlet {n % 120}",
                title=title,
                link=f"https://example.org/{n}",
                summary=body,
                content="",
                published=when,
                language="en",
                content_hash=content_hash(title, body),
            )
        )
    return items


async def fill(store: Store, total: int, stories: int) -> tuple[int, int]:
    topic = load_config(ROOT / "feeds.yaml").topic
    items = make_items(total)
    relevant = []
    for start in range(0, total, 2000):
        chunk = items[start : start + 2000]
        await store.add_items(chunk, NOW)
        matches = [match_item(it, topic) for it in chunk]
        await store.save_matches(matches)
        relevant += [it for it, m in zip(chunk, matches, strict=True) if m.relevant]
    for item in relevant:
        await store.save_claims(item.id, extract_claims(item))
    # history: older single-report stories, as months of briefings leave behind
    old = [
        replace(build_story([it], [], NOW), key=f"old-{n}")
        for n, it in enumerate(relevant[:stories])
    ]
    await store.save_stories(topic.name, old)
    return len(relevant), len(old)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def run(total: int, stories: int, runs: int, folder: str) -> dict[str, float | int]:
    config = load_config(ROOT / "feeds.yaml")
    store = await Store.open(f"sqlite+aiosqlite:///{folder}/latest.db")
    started = time.perf_counter()
    relevant, stored = await fill(store, total, stories)
    fill_s = time.perf_counter() - started
    clock = [NOW]
    service = ChatService(config, store, BriefingService(config, store), clock=lambda: clock[0])
    await store.chats.upsert_subscriber(
        Subscriber(
            1, "private", "", True, ("08:00",), "UTC", last_digest_at=NOW - timedelta(hours=12)
        ),
        NOW,
    )
    names = ("prepare", "latest", "latest_cached", "latest_minute", "digest", "digest_cached")
    timings: dict[str, list[float]] = {name: [] for name in names}
    rng = random.Random(99)
    events = max(1, total // 60)

    async def timed(name: str, request: Callable[[], Awaitable[object]]) -> None:
        started = time.perf_counter()
        await request()
        timings[name].append((time.perf_counter() - started) * 1000)

    async def digest() -> None:
        found = await service.briefings.briefing(clock[0], fresh_since=NOW - timedelta(hours=12))
        service.render_digest(found)

    for n in range(runs):
        # a poll stores one new report on the topic, published minutes ago: the day's
        # reports change, so the briefing must be regrouped
        now = clock[0] = NOW + timedelta(minutes=2 * n)
        title, body = on_topic_text(rng, rng.randrange(events))
        item = Item(
            id=f"new{n}",
            feed="feed new",
            outlet=f"Outlet {n % 7}",
            title=title,
            link=f"https://n.example/{n}",
            summary=body,
            content="",
            published=now - timedelta(minutes=5),
            language="en",
            content_hash=content_hash(title, body),
        )
        match = match_item(item, config.topic)
        await store.add_analysed([item], {item.id: match}, {item.id: extract_claims(item)}, now)
        # what the poll job does after storing: build and render the default /latest
        await timed("prepare", service.prepare_latest)
        await timed("latest", lambda: service.latest(1))
        await timed("latest_cached", lambda: service.latest(1))
        await timed("digest", digest)
        await timed("digest_cached", digest)
        # a minute later, nothing stored in between
        clock[0] = now + timedelta(minutes=1)
        await timed("latest_minute", lambda: service.latest(1))
    briefing = await service.latest(1)
    await store.close()
    return {
        "items": total,
        "relevant": relevant,
        "stored_stories": stored,
        "fill_s": round(fill_s, 1),
        "latest_stories": len(briefing.digest.stories),
        "latest_messages": len(briefing.messages),
        **{
            f"{name}_{stat}_ms": round(value(values), 1)
            for name, values in timings.items()
            for stat, value in (("p50", statistics.median), ("p95", p95))
        },
        "runs": runs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = asyncio.run(run(args.items, args.stories, args.runs, folder))
    figures.update(benchmark="latest", cores=os.cpu_count())
    print(
        f"cores: {os.cpu_count()}; store: {figures['items']} items "
        f"({figures['relevant']} on topic), {figures['stored_stories']} stories; "
        f"filled in {figures['fill_s']} s"
    )
    print("request                       p50 ms   p95 ms")
    for name, label in (
        ("prepare", "poll job: prepare /latest"),
        ("latest", "/latest, just after a poll"),
        ("latest_cached", "/latest, again"),
        ("latest_minute", "/latest, a minute later"),
        ("digest", "digest, just after a poll"),
        ("digest_cached", "digest, again"),
    ):
        print(f"{label:<28}{figures[name + '_p50_ms']:>9}{figures[name + '_p95_ms']:>9}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
