"""The orchestrator: sequences fetch -> parse -> store -> match -> claims -> stories -> digest.

It owns the store and the HTTP client; its briefing half (stories and digests from what is
stored) is bot/briefings.py. Every stage it calls is pure or an edge adapter. Telegram
handlers and the CLI call these functions and nothing deeper.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import httpx

from bot.analysis import FeedAnalysis, FeedSource, try_extract_claims, try_match_item
from bot.briefings import Briefings
from bot.companions import COMPANION_WINDOW, find_companions, is_near_miss
from bot.config import Config, FeedConfig
from bot.feeds.article import fetch_article_text
from bot.feeds.fetch import FetchRequest, FetchResult, backoff_delay, fetch_all, make_client
from bot.models import Claim, FeedState, FeedStatus, Item, Match
from bot.pool import Fetched, Shard, Workers, analyse_result, shard_count, split, worker_count
from bot.store import Store

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
_BATCH = 64  # feeds stored per transaction in a poll without workers
_SHARD = 128  # at most about this many feeds per worker shard (one transaction each)


@dataclass
class PollReport:
    feeds: list[FeedStatus] = field(default_factory=list)
    items: list[tuple[Item, Match]] = field(default_factory=list)
    fresh: set[str] = field(default_factory=set)  # ids of the items first stored by this poll
    seconds: float = 0.0
    workers: int = 0  # worker processes that fetched and analysed; 0: this process

    @property
    def new_items(self) -> int:
        return sum(f.new_items for f in self.feeds)


class BriefingService:
    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        progress: Progress | None = None,
        log_failures: bool = True,
    ) -> None:
        self.config = config
        self.store = store
        self.transport = transport
        self.progress = progress or (lambda _msg: None)
        # the command line prints each failed feed itself, once; the bot logs them
        self.log_failures = log_failures
        self._workers = Workers()
        self.briefings = Briefings(config, store)
        # the digest that would be sent now: the briefing half's own signature, not a copy
        self.briefing = self.briefings.build
        # one poll at a time: an admin's /poll during the scheduled one would otherwise
        # store the same new items twice (a UNIQUE error that loses the whole batch)
        self._polling = asyncio.Lock()

    def _client(self) -> httpx.AsyncClient:
        poll = self.config.poll
        return make_client(
            timeout=poll.timeout,
            user_agent=poll.user_agent,
            max_redirects=poll.max_redirects,
            transport=self.transport,
        )

    # polling ---------------------------------------------------------------------------
    async def poll(self, now: datetime, *, force: bool = False) -> PollReport:
        """Poll every due feed once (every feed when force), store and analyse new items.

        A poll asked for while another runs waits for it, then polls what is still due."""
        async with self._polling:
            return await self._poll(now, force)

    async def _poll(self, now: datetime, force: bool) -> PollReport:
        started = asyncio.get_running_loop().time()
        known = await self.store.feed_states()
        report = PollReport()
        due: list[tuple[FeedConfig, FeedState]] = []
        for feed in self.config.feeds:
            if not feed.enabled:
                continue
            state = known.get(feed.name) or FeedState(feed.name, feed.url)
            if state.url != feed.url:  # the operator changed the URL: start afresh
                state = FeedState(feed.name, feed.url)
            if not force and state.extra.get("gone"):
                report.feeds.append(FeedStatus(feed.name, feed.url, "skipped", "gone (HTTP 410)"))
                continue
            if not force and state.next_attempt and state.next_attempt > now:
                when = state.next_attempt.strftime("%H:%M UTC")
                report.feeds.append(
                    FeedStatus(feed.name, feed.url, "skipped", f"not due until {when}")
                )
                continue
            due.append((feed, state))
        requests = [
            FetchRequest(
                feed.name,
                state.extra.get("final_url") or feed.url,
                state.etag,
                state.last_modified,
                self.config.feed_path(feed) if feed.is_local else None,
            )
            for feed, state in due
        ]
        self.progress(f"polling {len(requests)} feeds")
        sources = [
            FeedSource(feed.name, feed.display_outlet, feed.language, feed.url) for feed, _ in due
        ]
        states: list[FeedState] = []
        async with self._client() as client:
            async for batch in self._fetched(requests, sources, now, client, report):
                absorbed = [(due[n], fetched) for n, fetched in batch]
                for status in await self._absorb(absorbed, now, client, report, states):
                    report.feeds.append(status)
                    if status.status != "error":  # failures are the caller's to report
                        self.progress(f"{status.name}: {status.status} {status.error}".rstrip())
        await self._companions(report)
        problems = await self.store.save_feed_states(states, attempted=now)
        if problems:  # a validator too long to keep, a state row the database refused
            report.feeds = [_noting(status, problems.get(status.name)) for status in report.feeds]
        # feeds in feeds.yaml order, however the workers' shards came back
        order = {feed.name: n for n, feed in enumerate(self.config.feeds)}
        report.feeds.sort(key=lambda status: order.get(status.name, len(order)))
        report.seconds = asyncio.get_running_loop().time() - started
        return report

    async def _fetched(
        self,
        requests: list[FetchRequest],
        sources: list[FeedSource],
        now: datetime,
        client: httpx.AsyncClient,
        report: PollReport,
    ) -> AsyncIterator[list[tuple[int, Fetched]]]:
        """Fetched and analysed feeds, in batches (index into `requests`, result).

        Small polls, and polls through a test transport, run in this process; big ones in
        worker processes, batch by batch as shards finish, so storing overlaps fetching."""
        poll, topic = self.config.poll, self.config.topic
        workers = 0 if self.transport else worker_count(poll.workers, len(requests))
        if not workers:
            analysed = list(
                enumerate(
                    await self._in_process(range(len(requests)), requests, sources, now, client)
                )
            )
            for start in range(0, len(analysed), _BATCH):
                yield analysed[start : start + _BATCH]
            return
        report.workers = workers
        indexes = list(range(len(requests)))
        shards = split(indexes, shard_count(len(requests), workers, _SHARD))
        # each worker runs one shard at a time: the fetch concurrency is shared among them
        per_worker = max(1, poll.concurrency // workers)
        tasks = [
            Shard(
                tuple(requests[n] for n in shard),
                tuple(sources[n] for n in shard),
                poll,
                topic,
                now,
                per_worker,
            )
            for shard in shards
        ]
        pending = list(zip(shards, self._workers.submit(tasks, workers), strict=True))
        for shard, future in pending:
            try:
                fetched = await future
            except BrokenProcessPool:
                # a worker died (killed, out of memory): lose nothing, do its share here
                log.warning("a poll worker process died; its feeds are polled in-process")
                self.close()
                fetched = await self._in_process(shard, requests, sources, now, client)
            yield list(zip(shard, fetched, strict=True))

    async def _in_process(
        self,
        indexes: Sequence[int],
        requests: list[FetchRequest],
        sources: list[FeedSource],
        now: datetime,
        client: httpx.AsyncClient,
    ) -> list[Fetched]:
        """Fetch and analyse these feeds here, in the orchestrator's own process."""
        poll = self.config.poll
        results = await fetch_all(
            [requests[n] for n in indexes],
            client=client,
            concurrency=poll.concurrency,
            max_bytes=poll.max_bytes,
            timeout=poll.timeout,
        )
        return [
            analyse_result(result, sources[n], self.config.topic, now)
            for n, result in zip(indexes, results, strict=True)
        ]

    def close(self) -> None:
        """Stop the poll workers, if any were started."""
        self._workers.close()

    async def _absorb(
        self,
        absorbed: list[tuple[tuple[FeedConfig, FeedState], Fetched]],
        now: datetime,
        client: httpx.AsyncClient,
        report: PollReport,
        states: list[FeedState],
    ) -> list[FeedStatus]:
        """Store what a batch of feeds brought, in one transaction; each feed's new state
        joins `states`, saved with the rest at the end of the poll."""
        statuses: dict[str, FeedStatus] = {}
        stored: list[tuple[FeedConfig, FeedAnalysis]] = []
        kept: dict[str, int] = {}  # feed name -> its new state's place in `states`
        for (feed, state), (result, analysis) in absorbed:
            if result.status == "error":
                statuses[feed.name] = self._failed(feed, state, result.error, now, result, states)
                continue
            moved = {"final_url": result.moved_to} if result.moved_to else {}
            if moved:
                log.info("feed %s moved permanently to %s", feed.name, result.moved_to)
            interval = timedelta(seconds=feed.interval or self.config.poll.interval)
            # a healthy feed's last_error holds the last read's warnings (shown in /sources);
            # a 304 brings nothing new, so the warnings about what it last read still stand
            healthy = replace(
                state,
                error_count=0,
                last_error=state.last_error if state.error_count == 0 else "",
                next_attempt=now + interval,
                last_success=now,
                extra={**state.extra, **moved},
            )
            if analysis is None:  # not modified
                states.append(healthy)
                statuses[feed.name] = FeedStatus(feed.name, feed.url, "not_modified")
                continue
            parsed = analysis.parsed
            if not parsed.items and not parsed.is_feed:
                statuses[feed.name] = self._failed(feed, state, parsed.problem, now, result, states)
                continue
            kept[feed.name] = len(states)
            states.append(
                replace(
                    healthy,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    extra={**healthy.extra, "gone": ""},
                )
            )
            stored.append((feed, analysis))
        items = [it for _, a in stored for it in a.parsed.items]
        matches = {k: v for _, a in stored for k, v in a.matches.items()}
        claims = {k: v for _, a in stored for k, v in a.claims.items()}
        new, refused = await self.store.store_analysed(items, matches, claims, now)
        fresh = {it.id for it in new}
        report.fresh |= fresh
        for feed, analysis in stored:
            if feed.name in refused:
                # its items are not stored: its old validators stay, so the next poll reads
                # them again, and it backs off like any failing feed; the others go on
                (_, state), (result, _) = next(x for x in absorbed if x[0][0] is feed)
                failed: list[FeedState] = []
                why = f"its items could not be stored: {refused[feed.name]}"
                statuses[feed.name] = self._failed(feed, state, why, now, result, failed)
                at = next(n for n, s in enumerate(states) if s.name == feed.name)
                states[at] = failed[0]
                continue
            parsed = analysis.parsed
            problems: list[str] = []
            for item in parsed.items:
                match = analysis.matches[item.id]
                if item.id in fresh and feed.full_text and match.score > 0 and item.link:
                    item, match, problem = await self._with_full_text(item, match, client)
                    if problem and problem not in problems:
                        problems.append(problem)
                report.items.append((item, match))
            if parsed.bozo and parsed.problem:
                problems.insert(0, f"parsed with problems: {parsed.problem}")
            if analysis.errors:
                # kept, with what could be read; the rest waits for a fixed release
                first = next(iter(analysis.errors.items()))
                log.warning(
                    "feed %s: %d item(s) not fully analysed, e.g. %s: %s",
                    feed.name,
                    len(analysis.errors),
                    *first,
                )
                problems.append(f"{len(analysis.errors)} item(s) not fully analysed: {first[1]}")
            warning = "; ".join(problems)
            states[kept[feed.name]] = replace(states[kept[feed.name]], last_error=warning)
            added = sum(it.id in fresh for it in parsed.items)
            statuses[feed.name] = FeedStatus(
                feed.name, feed.url, "ok", warning, added, len(parsed.items)
            )
        return [statuses[feed.name] for (feed, _), _ in absorbed]

    async def _companions(self, report: PollReport) -> None:
        """Near misses that report the same event as an on-topic report join the topic
        (bot.companions), the earlier ones too when a new on-topic report arrives."""
        topic = self.config.topic
        new = [
            it
            for it, m in report.items
            if it.id in report.fresh and (m.relevant or is_near_miss(m))
        ]
        if not new:
            return
        since = min(it.published for it in new) - COMPANION_WINDOW
        near = await self.store.near_miss_items(topic.name, since)
        if not near:
            return
        relevant = await self.store.relevant_items(topic.name, since, None)
        promoted = find_companions(near, relevant)
        if not promoted:
            return
        await self.store.save_matches([m for _, m in promoted])
        for item, _ in promoted:
            found, error = try_extract_claims(item, topic.setting_codes)
            if error:
                log.warning("item %s: %s", item.id, error)
            await self.store.save_claims(item.id, found)
        changed = {m.item_id: m for _, m in promoted}
        report.items = [(it, changed.get(it.id, m)) for it, m in report.items]
        log.info("%d near misses joined the topic with an on-topic report", len(promoted))

    async def _with_full_text(
        self, item: Item, match: Match, client: httpx.AsyncClient
    ) -> tuple[Item, Match, str]:
        """The item with its article's text when that is longer than the teaser, and the
        extraction problem, if any (the teaser is kept then)."""
        poll = self.config.poll
        article = await fetch_article_text(
            client, item.link, max_bytes=poll.max_bytes, timeout=poll.timeout
        )
        if len(article.text) <= len(item.text):
            return item, match, article.problem
        item = replace(item, content=article.text)
        await self.store.update_item_text(item)
        match, error = try_match_item(item, self.config.topic)
        await self.store.save_matches([match])
        found: list[Claim] = []
        if match.relevant:
            found, error = try_extract_claims(item, self.config.topic.setting_codes)
        await self.store.save_claims(item.id, found)
        return item, match, error

    def _failed(
        self,
        feed: FeedConfig,
        state: FeedState,
        error: str,
        now: datetime,
        result: FetchResult,
        states: list[FeedState],
    ) -> FeedStatus:
        count = state.error_count + 1
        delay = backoff_delay(count, result.retry_after)
        extra = {**state.extra, "gone": "1" if result.gone else ""}
        state = replace(
            state, error_count=count, last_error=error, next_attempt=now + delay, extra=extra
        )
        states.append(state)
        if self.log_failures:
            log.warning("feed %s failed (%d in a row): %s", feed.name, count, error)
        return FeedStatus(feed.name, feed.url, "error", error)


def _noting(status: FeedStatus, problem: str | None) -> FeedStatus:
    if not problem:
        return status
    return replace(status, error="; ".join(x for x in (status.error, problem) if x))
