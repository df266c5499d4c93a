"""Store stage: async queries over the tables; the only module that speaks SQL.

One bad row never costs a whole poll: a batch whose transaction fails is split until the
row at fault is found, and only its own feed is reported (and not stored).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError, StatementError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.feeds.parse import canonical_link
from bot.models import Claim, FeedState, Figure, Item, Match, Story
from bot.store import tables as t
from bot.store.engine import StoreError, create_engine, describe, parse_url, shown_url
from bot.store.locks import Locks
from bot.store.migrations import migrate

log = logging.getLogger(__name__)
_Row = TypeVar("_Row")
# validators longer than their columns are not stored (a server sent a 600-character ETag):
# the feed is then fetched whole each time, which is what a server without them gets
_VALIDATORS = {"etag": "ETag", "last_modified": "Last-Modified"}


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; everything in the pipeline is aware UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


async def _migrate_patiently(engine: AsyncEngine, *, sqlite: bool, tries: int = 8) -> None:
    """Upgrade the schema; on SQLite, several processes opening a new database at once can
    be told 'database is locked' before the busy timeout applies (switching a fresh file to
    WAL takes a lock no handler waits for): such an open is tried again, a little later."""
    for attempt in range(tries):
        try:
            await migrate(engine)
            return
        except OperationalError as err:
            if not sqlite or "database is locked" not in str(err) or attempt == tries - 1:
                raise
            await engine.dispose()  # (the connection that failed its pragmas is not reused)
            await asyncio.sleep(0.05 * 2**attempt)


class Store:
    def __init__(self, engine: AsyncEngine, locks: Locks | None = None) -> None:
        from bot.store.chats import ChatStore  # a sibling module that reuses this one's helpers

        self.engine = engine
        self.chats = ChatStore(engine)
        self.locks = locks or Locks(engine, engine.url)
        # bumped by every write that can change a briefing (a relevant item, its match, its
        # claims or its text); cached briefings key on it, so writes that cannot change one
        # (off-topic items, feed states) leave them in place
        self.generation = 0

    @classmethod
    async def open(cls, url: str) -> Store:
        """Connect and bring the schema up to date; StoreError (one line, no password) when
        the database cannot be reached, opened or upgraded."""
        parsed, connect_args = parse_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            try:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"cannot open {shown_url(parsed)}: {err}") from None
        engine = create_engine(parsed, connect_args)
        try:
            await _migrate_patiently(engine, sqlite=parsed.get_backend_name() == "sqlite")
        except StoreError:
            await engine.dispose()
            raise
        except (SQLAlchemyError, OSError, TypeError, ValueError) as err:
            # asyncpg's own errors (wrong password, unknown database) arrive wrapped as
            # DBAPIError; a refused or unresolvable host as OSError
            await engine.dispose()
            raise StoreError(f"cannot open {shown_url(parsed)}: {describe(err, parsed)}") from None
        return cls(engine, Locks(engine, parsed))

    async def close(self) -> None:
        await self.engine.dispose()

    def lock(self, name: str, *, wait: float = 0.0) -> AbstractAsyncContextManager[bool]:
        """A lock shared by every process on this database (see bot/store/locks.py)."""
        return self.locks.hold(name, wait=wait)

    # feeds -----------------------------------------------------------------------------
    async def feed_states(self) -> dict[str, FeedState]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(t.feeds))).mappings().all()
        out: dict[str, FeedState] = {}
        for r in rows:
            out[r["name"]] = FeedState(
                name=r["name"],
                url=r["url"],
                etag=r["etag"],
                last_modified=r["last_modified"],
                error_count=r["error_count"],
                last_error=r["last_error"],
                next_attempt=_utc(r["next_attempt"]),
                last_success=_utc(r["last_success"]),
                extra={"gone": "1" if r["gone"] else "", "final_url": r["final_url"]},
            )
        return out

    async def save_feed_state(self, state: FeedState, *, attempted: datetime) -> dict[str, str]:
        return await self.save_feed_states([state], attempted=attempted)

    async def save_feed_states(
        self, states: Sequence[FeedState], *, attempted: datetime
    ) -> dict[str, str]:
        """Every feed's state after a poll, in one transaction (one commit, not a thousand).

        Returns a problem per feed whose state was not stored as given: a validator too
        long to keep, or a row the database refused (the other feeds' states are stored)."""
        if not states:
            return {}
        problems: dict[str, str] = {}
        rows = [_feed_row(s, attempted, problems) for s in states]

        async def write(conn: AsyncConnection, chunk: Sequence[dict[str, Any]]) -> None:
            known = await _known(conn, t.feeds.c.name, [row["name"] for row in chunk])
            old = [{"key": row["name"], **row} for row in chunk if row["name"] in known]
            if old:  # one executemany: a thousand single UPDATEs cost a third of a 304 poll
                await conn.execute(update(t.feeds).where(t.feeds.c.name == bindparam("key")), old)
            added = [row for row in chunk if row["name"] not in known]
            if added:
                await conn.execute(insert(t.feeds), added)

        for row, error in await self._isolating(rows, write):
            problems[row["name"]] = f"its state could not be stored: {error}"
            log.warning("feed %s: state not stored: %s", row["name"], error)
        return problems

    async def _isolating(
        self,
        rows: Sequence[_Row],
        write: Callable[[AsyncConnection, Sequence[_Row]], Awaitable[None]],
    ) -> list[tuple[_Row, str]]:
        """Write rows in one transaction; when the database refuses it, halves again and
        again, so the rows at fault are found in a few transactions and the rest are
        stored. Returns the refused rows with the driver's reason. A lost connection is no
        row's fault: it is raised."""
        try:
            async with self.engine.begin() as conn:
                await write(conn, rows)
            return []
        except StatementError as err:
            if isinstance(err, DBAPIError) and err.connection_invalidated:
                raise
            if len(rows) == 1:
                return [(rows[0], describe(err))]
        middle = len(rows) // 2
        return [
            *await self._isolating(rows[:middle], write),
            *await self._isolating(rows[middle:], write),
        ]

    # items -----------------------------------------------------------------------------
    async def add_items(self, items: Sequence[Item], now: datetime) -> list[Item]:
        """Store unseen items; the same article again (by id, link or text) is skipped."""
        if not items:
            return []
        async with self.engine.begin() as conn:
            new = await _insert_new(conn, items, now)
        return new  # no match yet: no briefing can show them

    async def add_analysed(
        self,
        items: Sequence[Item],
        matches: Mapping[str, Match],
        claims: Mapping[str, Sequence[Claim]],
        now: datetime,
    ) -> list[Item]:
        """Unseen items with their topic matches and claims, in one transaction: a poll of
        many feeds commits a few times, not three times per feed, and a crash never leaves
        a stored item without its match. Returns the items that were new."""
        new, _refused = await self.store_analysed(items, matches, claims, now)
        return new

    async def store_analysed(
        self,
        items: Sequence[Item],
        matches: Mapping[str, Match],
        claims: Mapping[str, Sequence[Claim]],
        now: datetime,
    ) -> tuple[list[Item], dict[str, str]]:
        """add_analysed, feed by feed when the database refuses a row: returns the new items
        and, per feed whose items were refused (and not stored), the reason."""
        if not items:
            return [], {}
        by_feed: dict[str, list[Item]] = {}
        for item in items:
            by_feed.setdefault(item.feed, []).append(item)
        new: list[Item] = []

        async def write(conn: AsyncConnection, groups: Sequence[list[Item]]) -> None:
            batch = [it for group in groups for it in group]
            fresh = await _insert_new(conn, batch, now)
            await _write_matches(conn, [matches[it.id] for it in fresh if it.id in matches])
            fresh_claims = [c for it in fresh for c in claims.get(it.id, ())]
            await _write_claims(conn, [it.id for it in fresh if it.id in claims], fresh_claims)
            new.extend(fresh)  # after the last statement: a refused batch adds nothing

        refused = {
            group[0].feed: error
            for group, error in await self._isolating(list(by_feed.values()), write)
        }
        for feed, error in refused.items():
            log.warning("feed %s: items not stored: %s", feed, error)
        # a batch whose commit failed had already counted its items: those of refused feeds
        # were not stored, those written again were counted twice
        new = list({it.id: it for it in new if it.feed not in refused}.values())
        self.generation += any(it.id in matches and matches[it.id].relevant for it in new)
        return new, refused

    async def update_item_text(self, item: Item) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t.items).where(t.items.c.id == item.id).values(content=_text(item.content))
            )
        self.generation += 1

    async def relevant_items(
        self, topic: str, since: datetime, until: datetime | None
    ) -> list[Item]:
        """Items on the topic published in [since, until] (until None: no upper bound)."""
        query = _matched(select(t.items), topic, relevant=True, since=since)
        if until is not None:
            query = query.where(t.items.c.published <= until)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_item_of(r) for r in rows]

    async def near_miss_items(self, topic: str, since: datetime) -> list[tuple[Item, Match]]:
        """Items off the topic whose words still scored above zero, published since `since`,
        with their matches (bot.companions looks at them again)."""
        columns = select(t.items, t.matches.c.score, t.matches.c.reasons)
        query = _matched(columns, topic, relevant=False, since=since).where(t.matches.c.score > 0)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [
            (_item_of(r), Match(r["id"], topic, False, r["score"], tuple(r["reasons"])))
            for r in rows
        ]

    async def fresh_item_ids(self, ids: Iterable[str], since: datetime) -> set[str]:
        """Which of these items were first seen after `since` (the previous digest)."""
        query = select(t.items.c.id).where(
            t.items.c.id.in_(list(ids)), t.items.c.first_seen > since
        )
        async with self.engine.connect() as conn:
            return set((await conn.execute(query)).scalars())

    async def items_by_id(self, ids: Iterable[str]) -> list[Item]:
        ids = list(ids)
        async with self.engine.connect() as conn:
            rows = (
                (await conn.execute(select(t.items).where(t.items.c.id.in_(ids)))).mappings().all()
            )
        return [_item_of(r) for r in rows]

    # matches, claims, stories ----------------------------------------------------------
    async def save_matches(self, found: Sequence[Match]) -> None:
        if not found:
            return
        async with self.engine.begin() as conn:
            await _write_matches(conn, found)
        self.generation += 1

    async def matches_for(self, ids: Iterable[str], topic: str) -> dict[str, Match]:
        query = select(t.matches).where(
            t.matches.c.item_id.in_(list(ids)), t.matches.c.topic == topic
        )
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return {
            r["item_id"]: Match(
                r["item_id"], r["topic"], r["relevant"], r["score"], tuple(r["reasons"])
            )
            for r in rows
        }

    async def save_claims(self, item_id: str, found: Sequence[Claim]) -> None:
        async with self.engine.begin() as conn:
            await _write_claims(conn, [item_id], found)
        self.generation += 1

    async def claims_for(self, ids: Iterable[str]) -> list[Claim]:
        query = select(t.claims).where(t.claims.c.item_id.in_(list(ids))).order_by(t.claims.c.id)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [
            Claim(
                r["text"],
                r["claimant"],
                r["item_id"],
                tuple(Figure(*f) for f in r["figures"]),
                r["position"],
                r["attributed"],
                r["primary_claim"],
            )
            for r in rows
        ]

    async def save_stories(self, topic: str, found: Sequence[Story]) -> None:
        async with self.engine.begin() as conn:
            for story in found:
                ids = [s.item_id for s in story.items]
                await conn.execute(
                    update(t.matches)
                    .where(t.matches.c.item_id.in_(ids), t.matches.c.topic == topic)
                    .values(story_key=story.key)
                )
                await conn.execute(
                    t.stories.delete().where(
                        t.stories.c.key == story.key, t.stories.c.topic == topic
                    )
                )
                await conn.execute(
                    insert(t.stories).values(
                        key=story.key,
                        topic=topic,
                        title=story.title,
                        updated=story.updated,
                        outlets=len(story.outlets),
                        items=len(story.items),
                    )
                )


def _feed_row(state: FeedState, attempted: datetime, problems: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {"name": state.name, "etag": state.etag}
    row["last_modified"] = state.last_modified
    notes = []
    for key, header in _VALIDATORS.items():
        limit = getattr(t.feeds.c[key].type, "length", None)
        if limit is not None and len(row[key]) > limit:
            notes.append(f"{header} of {len(row[key])} characters not kept (at most {limit})")
            row[key] = ""
    if notes:
        problems[state.name] = "; ".join(notes)
    return {
        **row,
        "url": state.url,
        "error_count": state.error_count,
        # a healthy feed's warning, shown in /sources; a real error keeps its place
        "last_error": state.last_error or "; ".join(notes),
        "next_attempt": state.next_attempt,
        "last_success": state.last_success,
        "last_attempt": attempted,
        "gone": bool(state.extra.get("gone")),
        "final_url": state.extra.get("final_url", ""),
    }


def _text(value: str) -> str:
    """PostgreSQL's text cannot hold NUL (SQLite's can); a feed's stray &#0; is not text."""
    return value.replace("\x00", "") if "\x00" in value else value


def _item_row(item: Item, now: datetime, link: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "feed": item.feed,
        "outlet": _text(item.outlet),
        "title": _text(item.title),
        "link": _text(item.link),
        "canonical_link": _text(link),
        "summary": _text(item.summary),
        "content": _text(item.content),
        "published": item.published,
        "first_seen": now,
        "language": item.language,
        "content_hash": item.content_hash,
    }


def _matched(query: Select[Any], topic: str, *, relevant: bool, since: datetime) -> Select[Any]:
    """Items with the topic's verdict `relevant`, published since `since`, oldest first."""
    return (
        query.join(t.matches, t.matches.c.item_id == t.items.c.id)
        .where(t.matches.c.topic == topic, t.matches.c.relevant.is_(relevant))
        .where(t.items.c.published >= since)
        .order_by(t.items.c.published, t.items.c.id)
    )


def _item_of(r: Any) -> Item:
    return Item(
        id=r["id"],
        feed=r["feed"],
        outlet=r["outlet"],
        title=r["title"],
        link=r["link"],
        summary=r["summary"],
        content=r["content"],
        published=_utc(r["published"]) or datetime.now(UTC),
        language=r["language"],
        content_hash=r["content_hash"],
    )


_IN_CHUNK = 900  # bound parameters per IN (...): far below every SQLite build's limit


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


async def _known(conn: AsyncConnection, column: Any, values: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(values):
        found.update((await conn.execute(select(column).where(column.in_(chunk)))).scalars())
    return found


async def _insert_new(conn: AsyncConnection, items: Sequence[Item], now: datetime) -> list[Item]:
    known_ids = await _known(conn, t.items.c.id, [it.id for it in items])
    links = [canonical_link(it.link) for it in items]
    known_links = await _known(conn, t.items.c.canonical_link, [x for x in links if x])
    known_hashes = await _known(
        conn, t.items.c.content_hash, [it.content_hash for it in items if it.content_hash]
    )
    new: list[tuple[Item, str]] = []
    for item, link in zip(items, links, strict=True):
        if (
            item.id in known_ids
            or (link and link in known_links)
            or (item.content_hash and item.content_hash in known_hashes)
        ):
            continue
        known_ids.add(item.id)
        if link:
            known_links.add(link)
        known_hashes.add(item.content_hash)
        new.append((item, link))
    if new:
        await conn.execute(insert(t.items), [_item_row(it, now, link) for it, link in new])
    return [it for it, _ in new]


async def _write_matches(conn: AsyncConnection, found: Sequence[Match]) -> None:
    if not found:
        return
    for chunk in _chunks([m.item_id for m in found]):
        await conn.execute(t.matches.delete().where(t.matches.c.item_id.in_(chunk)))
    await conn.execute(
        insert(t.matches),
        [
            {
                "item_id": m.item_id,
                "topic": m.topic,
                "relevant": m.relevant,
                "score": m.score,
                "reasons": list(m.reasons),
            }
            for m in found
        ],
    )


async def _write_claims(
    conn: AsyncConnection, item_ids: Sequence[str], found: Sequence[Claim]
) -> None:
    """Replace these items' claims with `found`."""
    for chunk in _chunks(item_ids):
        await conn.execute(t.claims.delete().where(t.claims.c.item_id.in_(chunk)))
    if found:
        await conn.execute(
            insert(t.claims),
            [
                {
                    "item_id": c.item_id,
                    "position": c.position,
                    "text": _text(c.text),
                    "claimant": _text(c.claimant),
                    "attributed": c.attributed,
                    "figures": [[f.text, f.value, f.unit, f.bound] for f in c.figures],
                    "primary_claim": c.primary,
                }
                for c in found
            ],
        )
