"""Store queries for chats: subscribers, their schedules, the outbox, daily counters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.models import OutboxEntry, StoryRef, Subscriber
from bot.store import tables as t
from bot.store.db import _utc


@dataclass
class Claim:
    """One pending outbox entry, held for sending its next part (see ChatStore.claim)."""

    entry_id: int
    chat_id: int
    sent_parts: int
    conn: AsyncConnection

    async def part_sent(self, sent_parts: int, done: bool) -> None:
        await self.conn.execute(
            update(t.outbox)
            .where(t.outbox.c.id == self.entry_id)
            .values(sent_parts=sent_parts, status="sent" if done else "pending")
        )


class ChatStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def subscriber(self, chat_id: int) -> Subscriber | None:
        async with self.engine.connect() as conn:
            row = (
                (
                    await conn.execute(
                        select(t.subscribers).where(t.subscribers.c.chat_id == chat_id)
                    )
                )
                .mappings()
                .first()
            )
        return _subscriber_of(row) if row else None

    async def subscribers(self, *, active_only: bool = True) -> list[Subscriber]:
        query = select(t.subscribers)
        if active_only:
            query = query.where(t.subscribers.c.active.is_(True))
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_subscriber_of(r) for r in rows]

    async def upsert_subscriber(self, sub: Subscriber, now: datetime) -> None:
        values = _subscriber_row(sub)
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(t.subscribers).where(t.subscribers.c.chat_id == sub.chat_id).values(**values)
            )
            if result.rowcount == 0:
                await conn.execute(insert(t.subscribers).values(created=now, **values))

    async def delete_chat(self, chat_id: int) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(t.subscribers.delete().where(t.subscribers.c.chat_id == chat_id))
            await conn.execute(t.outbox.delete().where(t.outbox.c.chat_id == chat_id))

    async def set_active(self, chat_id: int, active: bool) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t.subscribers)
                .where(t.subscribers.c.chat_id == chat_id)
                .values(active=active)
            )

    async def move_chat(self, old: int, new: int) -> None:
        """A group became a supergroup: its subscription and pending digests follow it."""
        async with self.engine.begin() as conn:
            exists = (
                await conn.execute(
                    select(t.subscribers.c.chat_id).where(t.subscribers.c.chat_id == new)
                )
            ).first()
            if exists:
                await conn.execute(t.subscribers.delete().where(t.subscribers.c.chat_id == old))
            else:
                await conn.execute(
                    update(t.subscribers)
                    .where(t.subscribers.c.chat_id == old)
                    .values(chat_id=new, kind="supergroup")
                )
            await conn.execute(
                update(t.outbox).where(t.outbox.c.chat_id == old).values(chat_id=new)
            )

    async def enqueue(
        self,
        sub: Subscriber,
        slot: str,
        parts: list[str],
        now: datetime,
        stories: tuple[StoryRef, ...],
    ) -> bool:
        """Write the digest to the outbox and advance the chat's schedule in one transaction."""
        async with self.engine.begin() as conn:
            if parts:
                try:
                    await conn.execute(
                        insert(t.outbox).values(
                            chat_id=sub.chat_id,
                            slot=slot,
                            created=now,
                            parts=parts,
                            sent_parts=0,
                            status="pending",
                            attempts=0,
                            last_error="",
                        )
                    )
                except IntegrityError:
                    return False  # this slot is already queued for this chat
            values: dict[str, Any] = {"last_slot": slot} if not slot.startswith("now") else {}
            if parts:
                values.update(last_digest_at=now, last_stories=[_story_json(s) for s in stories])
            if values:
                await conn.execute(
                    update(t.subscribers)
                    .where(t.subscribers.c.chat_id == sub.chat_id)
                    .values(**values)
                )
        return bool(parts)

    async def remember_stories(self, chat_id: int, stories: tuple[StoryRef, ...]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t.subscribers)
                .where(t.subscribers.c.chat_id == chat_id)
                .values(last_stories=[_story_json(s) for s in stories])
            )

    async def pending(self, now: datetime) -> list[OutboxEntry]:
        query = (
            select(t.outbox)
            .where(t.outbox.c.status == "pending")
            .where((t.outbox.c.next_attempt.is_(None)) | (t.outbox.c.next_attempt <= now))
            .order_by(t.outbox.c.id)
        )
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [
            OutboxEntry(
                r["id"], r["chat_id"], r["slot"], tuple(r["parts"]), r["sent_parts"], r["attempts"]
            )
            for r in rows
        ]

    @asynccontextmanager
    async def claim(self, entry_id: int) -> AsyncIterator[Claim | None]:
        """The entry as it stands now, held for sending its next part; None when it is no
        longer pending or another process is sending it.

        On PostgreSQL the row stays locked (FOR UPDATE SKIP LOCKED) until the block ends, so
        a second sender skips it, and a sender that dies frees it with its connection. SQLite
        has no row locks (a write locks the whole file, which would stall every other writer
        for the length of a send), so there the delivery lock keeps to one sending process
        and the row is only read afresh. Either way, what was sent is read from the row, not
        remembered: another process may have sent parts since."""
        async with self.engine.connect() as conn:
            query = select(t.outbox.c.chat_id, t.outbox.c.sent_parts).where(
                t.outbox.c.id == entry_id, t.outbox.c.status == "pending"
            )
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            row = (await conn.execute(query)).first()
            if row is None:
                await conn.rollback()
                yield None
                return
            try:
                yield Claim(entry_id, row.chat_id, row.sent_parts, conn)
            except BaseException:
                await conn.rollback()
                raise
            await conn.commit()

    async def part_sent(self, entry_id: int, sent_parts: int, done: bool) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t.outbox)
                .where(t.outbox.c.id == entry_id)
                .values(sent_parts=sent_parts, status="sent" if done else "pending")
            )

    async def retry_later(self, entry_id: int, error: str, when: datetime) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t.outbox)
                .where(t.outbox.c.id == entry_id)
                .values(attempts=t.outbox.c.attempts + 1, last_error=error[:500], next_attempt=when)
            )

    async def give_up(self, entry_id: int, error: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t.outbox)
                .where(t.outbox.c.id == entry_id)
                .values(status="failed", last_error=error[:500])
            )

    async def count(self, name: str, day: str, amount: float = 1, *, replace: bool = False) -> None:
        async with self.engine.begin() as conn:
            new = amount if replace else t.counters.c.value + amount
            result = await conn.execute(
                update(t.counters)
                .where(t.counters.c.name == name, t.counters.c.day == day)
                .values(value=new)
            )
            if result.rowcount == 0:
                await conn.execute(insert(t.counters).values(name=name, day=day, value=amount))

    async def counter(self, name: str, day: str) -> float | None:
        async with self.engine.connect() as conn:
            return (
                await conn.execute(
                    select(t.counters.c.value).where(
                        t.counters.c.name == name, t.counters.c.day == day
                    )
                )
            ).scalar()

    async def item_counts(self, since: datetime, topic: str) -> tuple[int, int, dict[str, int]]:
        """(items first seen, relevant items, relevant items per feed) since a moment."""
        async with self.engine.connect() as conn:
            seen = (
                await conn.execute(
                    select(func.count()).select_from(t.items).where(t.items.c.first_seen >= since)
                )
            ).scalar() or 0
            rows = (
                await conn.execute(
                    select(t.items.c.feed, func.count())
                    .join(t.matches, t.matches.c.item_id == t.items.c.id)
                    .where(t.matches.c.topic == topic, t.matches.c.relevant.is_(True))
                    .where(t.items.c.first_seen >= since)
                    .group_by(t.items.c.feed)
                )
            ).all()
        per_feed = {feed: n for feed, n in rows}
        return seen, sum(per_feed.values()), per_feed


def _story_json(story: StoryRef) -> dict[str, Any]:
    return {"key": story.key, "title": story.title, "items": list(story.item_ids)}


def _subscriber_row(sub: Subscriber) -> dict[str, Any]:
    return {
        "chat_id": sub.chat_id,
        "kind": sub.kind,
        "title": sub.title,
        "active": sub.active,
        "times": list(sub.times),
        "timezone": sub.timezone,
        "last_slot": sub.last_slot,
        "last_digest_at": sub.last_digest_at,
        "last_stories": [_story_json(s) for s in sub.last_stories],
    }


def _subscriber_of(r: Any) -> Subscriber:
    return Subscriber(
        chat_id=r["chat_id"],
        kind=r["kind"],
        title=r["title"],
        active=r["active"],
        times=tuple(r["times"]),
        timezone=r["timezone"],
        last_slot=r["last_slot"],
        last_digest_at=_utc(r["last_digest_at"]),
        last_stories=tuple(
            StoryRef(s["key"], s["title"], tuple(s["items"])) for s in r["last_stories"] or []
        ),
    )
