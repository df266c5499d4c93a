"""Chat service: subscriptions, schedules, on-demand briefings and the digest outbox.

Sits beside BriefingService (which runs the pipeline) and calls it; Telegram handlers and
jobs call only these functions. Pure stages do the thinking; this module owns chat state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import Config
from bot.memo import Lru
from bot.models import Digest, FeedHealth, Item, Match, Stats, Story, StoryRef, Subscriber
from bot.render import render_digest_html
from bot.schedule import ScheduleChange, due_slot
from bot.service import BriefingService
from bot.store import Store

Clock = Callable[[], datetime]
QUIET_FALLBACK = timedelta(days=7)
POLL_WAIT = 300.0  # seconds an asked-for poll waits for another process's poll
# digests built in one pass over the subscribers, by the chats' previous digest time
_Built = dict[datetime | None, tuple[list[str], tuple[StoryRef, ...]]]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Briefing:
    digest: Digest
    messages: list[str]
    window_label: str  # "24 hours" or "7 days"


class ChatService:
    def __init__(
        self, config: Config, store: Store, briefings: BriefingService, clock: Clock = utcnow
    ) -> None:
        self.config = config
        self.store = store
        self.chats = store.chats
        self.briefings = briefings
        self.clock = clock
        self._rendered: Lru[int, tuple[Digest, list[str]]] = Lru(16)

    # subscriptions ---------------------------------------------------------------------
    async def subscribe(self, chat_id: int, kind: str, title: str) -> Subscriber:
        existing = await self.chats.subscriber(chat_id)
        digest = self.config.digest
        sub = existing or Subscriber(
            chat_id, kind, title, True, tuple(digest.time), digest.timezone
        )
        sub = replace(sub, active=True, kind=kind, title=title[:200])
        if existing is None or not existing.active:
            # a new or returning chat starts from now: a slot already past today is not
            # served late, the same rule as a changed schedule
            sub = replace(sub, last_slot=_slot_now(sub.timezone, self.clock()))
            if not sub.times:  # a returning chat that had turned digests off gets them back
                sub = replace(sub, times=tuple(digest.time))
        await self.chats.upsert_subscriber(sub, self.clock())
        return sub

    async def unsubscribe(self, chat_id: int) -> bool:
        existed = await self.chats.subscriber(chat_id) is not None
        await self.chats.delete_chat(chat_id)
        return existed

    async def subscriber(self, chat_id: int) -> Subscriber | None:
        return await self.chats.subscriber(chat_id)

    async def change_schedule(self, chat_id: int, change: ScheduleChange) -> Subscriber | None:
        sub = await self.chats.subscriber(chat_id)
        if sub is None:
            return None
        if change.action == "off":
            sub = replace(sub, times=())
        elif change.action == "set":
            sub = replace(
                sub,
                times=change.times,
                timezone=change.timezone or sub.timezone,
                last_slot=_slot_now(change.timezone or sub.timezone, self.clock()),
            )
        await self.chats.upsert_subscriber(sub, self.clock())
        return sub

    async def deactivate(self, chat_id: int) -> None:
        await self.chats.set_active(chat_id, False)

    async def move_chat(self, old: int, new: int) -> None:
        await self.chats.move_chat(old, new)

    # briefings on demand -----------------------------------------------------------------
    async def latest(self, chat_id: int, count: int | None = None) -> Briefing:
        """Top stories of the last 24 hours, or of the last week when the day was quiet."""
        digest, label = await self._latest(count or self.config.digest.max_stories)
        await self.chats.remember_stories(chat_id, _refs(digest.stories))
        return Briefing(digest, self.render_digest(digest), label)

    async def _latest(self, count: int) -> tuple[Digest, str]:
        now = self.clock()
        digest = await self.briefings.briefing(now, max_stories=count)
        if digest.stories:
            return digest, f"{self.config.digest.window_hours} hours"
        digest = await self.briefings.briefing(now, window=QUIET_FALLBACK, max_stories=count)
        return digest, "7 days"

    async def story(self, chat_id: int, number: int) -> tuple[StoryRef, list[Item]] | None:
        """Story `number` of the briefing this chat last received, with its items."""
        sub = await self.chats.subscriber(chat_id)
        if sub is None or not 1 <= number <= len(sub.last_stories):
            return None
        ref = sub.last_stories[number - 1]
        items = await self.store.items_by_id(ref.item_ids)
        items.sort(key=lambda it: it.published, reverse=True)
        return ref, items

    async def why(
        self, chat_id: int, number: int
    ) -> tuple[StoryRef, list[tuple[Item, Match]]] | None:
        found = await self.story(chat_id, number)
        if found is None:
            return None
        ref, items = found
        matches = await self.store.matches_for([it.id for it in items], self.config.topic.name)
        return ref, [(it, matches[it.id]) for it in items if it.id in matches]

    async def sources(self) -> list[FeedHealth]:
        now = self.clock()
        states = await self.store.feed_states()
        _, _, per_feed = await self.chats.item_counts(
            now - timedelta(days=7), self.config.topic.name
        )
        out = []
        for feed in self.config.feeds:
            state = states.get(feed.name)
            out.append(
                FeedHealth(
                    name=feed.name,
                    url=feed.url,
                    last_success=state.last_success if state else None,
                    error=state.last_error if state else "",
                    error_count=state.error_count if state else 0,
                    on_topic_week=per_feed.get(feed.name, 0),
                    gone=bool(state and state.extra.get("gone")),
                    moved_to=state.extra.get("final_url", "") if state else "",
                )
            )
        return out

    async def stats(self) -> Stats:
        now = self.clock()
        day = now.strftime("%Y-%m-%d")
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        seen, relevant, _ = await self.chats.item_counts(start, self.config.topic.name)
        health = await self.sources()
        failing = sum(1 for h in health if h.error_count)
        return Stats(
            subscribers=len(await self.chats.subscribers()),
            feeds_ok=len(health) - failing,
            feeds_failing=failing,
            items_today=seen,
            matches_today=relevant,
            sent_today=int(await self.chats.counter("sent", day) or 0),
            failed_today=int(await self.chats.counter("failed", day) or 0),
            last_poll_seconds=await self.chats.counter("last_poll_seconds", "-"),
        )

    async def poll(self, *, force: bool = False) -> int:
        """Poll the feeds; returns the number of new items. When another process on the
        database is polling, waits for it first (then polls what is still due)."""
        async with self.store.lock("poll", wait=POLL_WAIT):
            # not taken after POLL_WAIT: that poll is stuck, and this one is asked for
            return await self._poll(force)

    async def poll_unless_busy(self) -> int | None:
        """The scheduled poll: None, and nothing done, when another process is polling."""
        async with self.store.lock("poll") as mine:
            return await self._poll(False) if mine else None

    async def _poll(self, force: bool) -> int:
        report = await self.briefings.poll(self.clock(), force=force)
        await self.chats.count("last_poll_seconds", "-", round(report.seconds, 2), replace=True)
        await self.prepare_latest()
        return report.new_items

    async def prepare_latest(self) -> None:
        """Build and render the default /latest now, so that the first request after a poll
        is served what is ready instead of waiting for the day's reports to be regrouped."""
        digest, _ = await self._latest(self.config.digest.max_stories)
        if digest.stories:
            self.render_digest(digest)

    # scheduled digests -------------------------------------------------------------------
    async def queue_due(self) -> int:
        """Write every due digest to the outbox; returns how many were queued."""
        now = self.clock()
        queued = 0
        built: _Built = {}
        for sub in await self.chats.subscribers():
            slot = due_slot(sub.times, sub.timezone, sub.last_slot, now)
            if slot is not None:
                queued += await self._queue(sub, slot, now, built=built)
        return queued

    async def queue_now(self, chat_id: int) -> bool:
        sub = await self.chats.subscriber(chat_id)
        if sub is None:
            return False
        now = self.clock()
        return bool(await self._queue(sub, f"now {now.isoformat()}", now, only_new=False))

    async def _queue(
        self,
        sub: Subscriber,
        slot: str,
        now: datetime,
        only_new: bool = True,
        built: _Built | None = None,
    ) -> int:
        """Build (or reuse: chats with the same previous digest get the same one) and queue."""
        fresh_since = sub.last_digest_at if only_new and sub.last_digest_at else None
        if built is None or fresh_since not in built:
            digest = await self.briefings.briefing(now, fresh_since=fresh_since)
            parts = self.render_digest(digest) if digest.stories else []
            found = (parts, _refs(digest.stories))
            if built is not None:
                built[fresh_since] = found
        else:
            found = built[fresh_since]
        parts, refs = found
        return int(await self.chats.enqueue(sub, slot, parts, now, refs))

    def render_digest(self, digest: Digest) -> list[str]:
        """Telegram messages for a digest; a briefing served again is not rendered again."""
        kept = self._rendered.get(id(digest))
        if kept is not None and kept[0] is digest:
            return list(kept[1])
        topic = self.config.topic
        parts = render_digest_html(digest, self.config.digest.timezone, topic.display_title)
        self._rendered.put(id(digest), (digest, parts))
        return list(parts)

    async def record(self, name: str, amount: int = 1) -> None:
        await self.chats.count(name, self.clock().strftime("%Y-%m-%d"), amount)


def _refs(stories: tuple[Story, ...]) -> tuple[StoryRef, ...]:
    return tuple(StoryRef(s.key, s.title, tuple(i.item_id for i in s.items)) for s in stories)


def _slot_now(timezone: str, now: datetime) -> str:
    """A new schedule starts from now: times already past today are not served late."""
    return now.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
