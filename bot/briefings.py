"""The briefing part of the orchestrator: the window's reports -> stories -> a digest.

Reads the store (relevant items, their claims, what is fresh for a chat), groups and builds
stories through the pure stages, remembers what it built (bot/memo.py) and records stories.
BriefingService owns one; the poll half of the orchestrator stays in bot/service.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.config import Config
from bot.digest import build_digest
from bot.memo import Lru, StoryMemo
from bot.models import Claim, Digest, Item, Story
from bot.store import Store
from bot.stories import story_rank

_BRIEFINGS_KEPT = 64  # recent briefings kept built (chats' digests differ by their last one)


class Briefings:
    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self.store = store
        self._briefings: Lru[tuple[object, ...], Digest] = Lru(_BRIEFINGS_KEPT)
        self._windows: Lru[tuple[int, datetime], tuple[list[Item], list[Claim]]] = Lru(4)
        self._memo = StoryMemo()
        self._saved: Lru[tuple[object, ...], bool] = Lru(4096)  # stories as last stored

    async def build(
        self,
        now: datetime,
        *,
        since: datetime | None = None,
        window: timedelta | None = None,
        unlimited: bool = False,
        max_stories: int | None = None,
        fresh_since: datetime | None = None,
    ) -> Digest:
        """The digest that would be sent now: stories of relevant items since `since`.

        Without `since`, the window is `window` (default: digest.window_hours) back from now,
        starting at the full hour, so that its reports stay the same for an hour unless a
        poll stores some. fresh_since keeps only stories with an item first seen at or after
        it (what is new for a chat since its previous digest). A briefing asked for again
        within the same minute, with nothing stored in between, is the one already built;
        in a new minute only the ranking is redone (see bot/memo.py)."""
        if since is None:
            span = window or timedelta(hours=self.config.digest.window_hours)
            since = (now - span).replace(minute=0, second=0, microsecond=0)
        key = (self.store.generation, since, _minute(now), fresh_since, unlimited, max_stories)
        cached = self._briefings.get(key)
        if cached is None:
            built = await self._build_briefing(now, since, unlimited, max_stories, fresh_since)
            cached = self._briefings.put(key, built)
        return cached

    async def _window(self, since: datetime, now: datetime) -> tuple[list[Item], list[Claim]]:
        """Relevant items published in [since, now] and their claims; read once per write."""
        key = (self.store.generation, since)
        found = self._windows.get(key)
        if found is None:
            items = await self.store.relevant_items(self.config.topic.name, since, None)
            claims = await self.store.claims_for(it.id for it in items)
            found = self._windows.put(key, (items, claims))
        items, claims = found
        # an item dated in the future enters the window when its time comes, with no write
        shown = [it for it in items if it.published <= now]
        if len(shown) < len(items):
            ids = {it.id for it in shown}
            claims = [c for c in claims if c.item_id in ids]
        return shown, claims

    async def _build_briefing(
        self,
        now: datetime,
        since: datetime,
        unlimited: bool,
        max_stories: int | None,
        fresh_since: datetime | None,
    ) -> Digest:
        digest_cfg = self.config.digest
        topic = self.config.topic
        items, claims = await self._window(since, now)
        by_item: dict[str, list[Claim]] = {}
        for claim in claims:
            by_item.setdefault(claim.item_id, []).append(claim)
        fresh = (
            await self.store.fresh_item_ids([it.id for it in items], fresh_since)
            if fresh_since
            else None
        )
        groups = [
            group
            for group in self._memo.groups(items)
            if fresh is None or fresh & {it.id for it in group}
        ]
        limit = None if unlimited else (max_stories or digest_cfg.max_stories)
        groups.sort(key=lambda group: story_rank(group, now), reverse=True)
        stories = []
        for group in groups if limit is None else groups[:limit]:
            group_claims = [c for it in group for c in by_item.get(it.id, [])]
            stories.append(self._memo.story(group, group_claims, now))
        await self._save_stories(stories)
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

    async def _save_stories(self, stories: Sequence[Story]) -> None:
        """Record stories and their items' story keys; the same stories again write nothing."""
        fresh = [s for s in stories if self._saved.get(_story_row(s)) is None]
        if fresh:
            await self.store.save_stories(self.config.topic.name, fresh)
            for story in fresh:
                self._saved.put(_story_row(story), True)


def _story_row(story: Story) -> tuple[object, ...]:
    """What save_stories writes of a story."""
    return (
        story.key,
        story.title,
        story.updated,
        len(story.outlets),
        tuple(source.item_id for source in story.items),
    )


def _minute(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0)
