"""Poll workers: the fetch and analysis stages for a shard of feeds, in another process.

A big poll is CPU-bound (HTTP client overhead, feedparser, matching, claims); one Python
process uses one core. The orchestrator hands each worker a shard of feeds; the worker
fetches them with its own HTTP client and analyses each body as it arrives, and returns
plain values. The store stays with the orchestrator.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import datetime

import httpx

from bot.analysis import FeedAnalysis, FeedSource, analyse_feed
from bot.config import PollConfig, TopicConfig
from bot.feeds.fetch import FetchRequest, FetchResult, fetch_one, make_client

# below this many due feeds a poll stays in one process: workers would cost more than they save
MIN_FEEDS_FOR_WORKERS = 100


@dataclass(frozen=True, slots=True)
class Shard:
    requests: tuple[FetchRequest, ...]
    sources: tuple[FeedSource, ...]
    poll: PollConfig
    topic: TopicConfig
    now: datetime
    concurrency: int


Fetched = tuple[FetchResult, FeedAnalysis | None]


def worker_count(configured: int | None, due: int) -> int:
    """How many worker processes a poll of `due` feeds uses; 0 means in-process."""
    if configured is not None:
        return configured
    if due < MIN_FEEDS_FOR_WORKERS:
        return 0
    return min(4, os.cpu_count() or 1)


def make_pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the parent runs threads (SQLite, asyncio), and forking them is unsafe
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


class Workers:
    """The orchestrator's pool of worker processes: started on first use, kept between
    polls, restarted at the size asked for or when a worker died."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._size = 0

    def submit(self, shards: list[Shard], size: int) -> list[asyncio.Future[list[Fetched]]]:
        loop = asyncio.get_running_loop()
        if self._pool is None or self._size != size:
            self._start(size)
        try:
            return [loop.run_in_executor(self._pool, run_shard, shard) for shard in shards]
        except BrokenProcessPool:  # a worker died while the pool was idle: start afresh
            self._start(size)
            return [loop.run_in_executor(self._pool, run_shard, shard) for shard in shards]

    def pids(self) -> list[int]:
        if not self._pool:
            return []
        return [p.pid for p in (self._pool._processes or {}).values() if p.pid is not None]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool, self._size = None, 0

    def _start(self, size: int) -> None:
        self.close()
        self._pool, self._size = make_pool(size), size


def shard_count(feeds: int, workers: int, most: int) -> int:
    """Shards of at most `most` feeds, at least two per worker, and a multiple of the worker
    count: 7 shards on 2 workers left one worker a whole shard alone at the end of the poll."""
    count = max(workers * 2, -(-feeds // most))
    return -(-count // workers) * workers


def split(items: Sequence[int], shards: int) -> list[list[int]]:
    """Round-robin, so each shard gets a share of every host and of the slow feeds."""
    return [list(items[k::shards]) for k in range(shards) if items[k::shards]]


class _Worker:
    """A worker process's own event loop and HTTP client, kept from shard to shard so
    connections are reused (a new client per shard reconnected to every host)."""

    def __init__(self) -> None:
        self.runner = asyncio.Runner()
        self.clients: dict[tuple[float, str, int], httpx.AsyncClient] = {}

    def client(self, poll: PollConfig) -> httpx.AsyncClient:
        key = (poll.timeout, poll.user_agent, poll.max_redirects)
        if key not in self.clients:
            self.clients[key] = make_client(
                timeout=poll.timeout, user_agent=poll.user_agent, max_redirects=poll.max_redirects
            )
        return self.clients[key]


_worker: list[_Worker] = []  # this process's, created by its first shard


def run_shard(shard: Shard) -> list[Fetched]:
    """Worker entry point: fetch and analyse every feed of the shard."""
    if not _worker:
        _worker.append(_Worker())
    worker = _worker[0]
    return worker.runner.run(_fetch_and_analyse(shard, worker.client(shard.poll)))


async def _fetch_and_analyse(shard: Shard, client: httpx.AsyncClient) -> list[Fetched]:
    poll = shard.poll
    semaphore = asyncio.Semaphore(shard.concurrency)

    async def one(request: FetchRequest, source: FeedSource) -> Fetched:
        async with semaphore:
            result = await fetch_one(
                client, request, max_bytes=poll.max_bytes, timeout=poll.timeout
            )
        return analyse_result(result, source, shard.topic, shard.now)

    return list(
        await asyncio.gather(
            *(one(r, s) for r, s in zip(shard.requests, shard.sources, strict=True))
        )
    )


def analyse_result(
    result: FetchResult, source: FeedSource, topic: TopicConfig, now: datetime
) -> Fetched:
    """A fetched feed with its analysis; the body is dropped once analysed (it is not
    needed further, and would be copied back from a worker for nothing)."""
    if result.status != "ok":
        return result, None
    base = replace(source, base_url=result.final_url or source.base_url)
    analysis = analyse_feed(result.body, base, topic, now, result.headers)
    return replace(result, body=b""), analysis
