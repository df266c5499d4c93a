"""The orchestrator: sequences fetch -> parse -> store -> match -> claims -> stories -> digest.

The only module that owns the store and the HTTP client; every stage it calls is pure or
an edge adapter. Telegram handlers and the CLI call these functions and nothing deeper.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import httpx

from bot.claims import extract_claims
from bot.config import Config, FeedConfig
from bot.digest import build_digest
from bot.feeds.article import fetch_article_text
from bot.feeds.fetch import FetchRequest, FetchResult, backoff_delay, fetch_all, make_client
from bot.feeds.parse import parse_feed
from bot.models import Digest, FeedState, FeedStatus, Item, Match
from bot.store import Store
from bot.stories import build_story, group_stories, story_rank
from bot.topic import match_item

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


@dataclass
class PollReport:
    feeds: list[FeedStatus] = field(default_factory=list)
    items: list[tuple[Item, Match]] = field(default_factory=list)
    seconds: float = 0.0

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
    ) -> None:
        self.config = config
        self.store = store
        self.transport = transport
        self.progress = progress or (lambda _msg: None)

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
        """Poll every due feed once (every feed when force), store and analyse new items."""
        started = asyncio.get_running_loop().time()
        states = await self.store.feed_states()
        report = PollReport()
        due: list[tuple[FeedConfig, FeedState]] = []
        for feed in self.config.feeds:
            if not feed.enabled:
                continue
            state = states.get(feed.name) or FeedState(feed.name, feed.url)
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
        poll = self.config.poll
        self.progress(f"polling {len(requests)} feeds")
        async with self._client() as client:
            results = await fetch_all(
                requests,
                client=client,
                concurrency=poll.concurrency,
                max_bytes=poll.max_bytes,
                timeout=poll.timeout,
            )
            states: list[FeedState] = []
            for (feed, state), result in zip(due, results, strict=True):
                status = await self._absorb(feed, state, result, now, client, report, states)
                report.feeds.append(status)
                self.progress(f"{feed.name}: {status.status} {status.error}".rstrip())
        await self.store.save_feed_states(states, attempted=now)
        report.seconds = asyncio.get_running_loop().time() - started
        return report

    async def _absorb(
        self,
        feed: FeedConfig,
        state: FeedState,
        result: FetchResult,
        now: datetime,
        client: httpx.AsyncClient,
        report: PollReport,
        states: list[FeedState],
    ) -> FeedStatus:
        """Store what one feed brought; its new state joins `states`, saved with the rest."""
        interval = timedelta(seconds=feed.interval or self.config.poll.interval)
        if result.status == "error":
            return self._failed(feed, state, result.error, now, result, states)
        moved = {"final_url": result.moved_to} if result.moved_to else {}
        if moved:
            log.info("feed %s moved permanently to %s", feed.name, result.moved_to)
        if result.status == "not_modified":
            state = replace(
                state,
                error_count=0,
                last_error="",
                next_attempt=now + interval,
                last_success=now,
                extra={**state.extra, **moved},
            )
            states.append(state)
            return FeedStatus(feed.name, feed.url, "not_modified")
        parsed = parse_feed(
            result.body,
            feed_name=feed.name,
            outlet=feed.display_outlet,
            now=now,
            language=feed.language,
            headers=result.headers,
            base_url=result.final_url or feed.url,
        )
        if not parsed.items and not parsed.is_feed:
            return self._failed(feed, state, parsed.problem, now, result, states)
        new = await self.store.add_items(parsed.items, now)
        fresh = {it.id for it in new}
        topic = self.config.topic
        found: list[Match] = []
        for item in parsed.items:
            match = match_item(item, topic)
            if item.id in fresh and feed.full_text and match.score > 0 and item.link:
                item, match = await self._with_full_text(item, match, client)
            found.append(match)
            report.items.append((item, match))
            if item.id in fresh and match.relevant:
                await self.store.save_claims(item.id, extract_claims(item))
        await self.store.save_matches([m for m in found if m.item_id in fresh])
        state = replace(
            state,
            etag=result.etag,
            last_modified=result.last_modified,
            error_count=0,
            last_error="",
            next_attempt=now + interval,
            last_success=now,
            extra={**state.extra, "gone": "", **moved},
        )
        states.append(state)
        warning = (
            f"parsed with problems: {parsed.problem}" if parsed.bozo and parsed.problem else ""
        )
        return FeedStatus(feed.name, feed.url, "ok", warning, len(new), len(parsed.items))

    async def _with_full_text(
        self, item: Item, match: Match, client: httpx.AsyncClient
    ) -> tuple[Item, Match]:
        poll = self.config.poll
        text = await fetch_article_text(
            client, item.link, max_bytes=poll.max_bytes, timeout=poll.timeout
        )
        if len(text) <= len(item.text):
            return item, match
        item = replace(item, content=text)
        await self.store.update_item_text(item)
        return item, match_item(item, self.config.topic)

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
        log.warning("feed %s failed (%d in a row): %s", feed.name, count, error)
        return FeedStatus(feed.name, feed.url, "error", error)

    # briefing --------------------------------------------------------------------------
    async def briefing(
        self,
        now: datetime,
        *,
        since: datetime | None = None,
        unlimited: bool = False,
        max_stories: int | None = None,
        fresh_since: datetime | None = None,
    ) -> Digest:
        """The digest that would be sent now: stories of relevant items since `since`.

        fresh_since keeps only stories with an item first seen at or after it (what is new
        for a chat since its previous digest)."""
        digest_cfg = self.config.digest
        since = since or now - timedelta(hours=digest_cfg.window_hours)
        topic = self.config.topic
        items = await self.store.relevant_items(topic.name, since, now)
        claims = await self.store.claims_for(it.id for it in items)
        by_item: dict[str, list] = {}
        for claim in claims:
            by_item.setdefault(claim.item_id, []).append(claim)
        fresh = (
            await self.store.fresh_item_ids([it.id for it in items], fresh_since)
            if fresh_since
            else None
        )
        groups = [
            group
            for group in group_stories(items)
            if fresh is None or fresh & {it.id for it in group}
        ]
        limit = None if unlimited else (max_stories or digest_cfg.max_stories)
        groups.sort(key=lambda group: story_rank(group, now), reverse=True)
        stories = []
        for group in groups if limit is None else groups[:limit]:
            group_claims = [c for it in group for c in by_item.get(it.id, [])]
            stories.append(build_story(group, group_claims, now))
        await self.store.save_stories(topic.name, stories)
        digest = build_digest(
            stories,
            topic=topic.name,
            since=since,
            until=now,
            max_stories=limit,
            max_claims=None if unlimited else digest_cfg.max_claims,
        )
        # the totals count every story in the window, not only the ones built and shown
        return replace(digest, total_stories=len(groups), total_items=sum(len(g) for g in groups))
