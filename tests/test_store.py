"""Store stage on real SQLite in a temp folder: dedupe, migrations, round trips."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.models import Claim, FeedState, Figure, Item, Match
from bot.store import Store

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def item(id_: str, link: str = "", body: str = "body", feed: str = "f", hash_: str = "") -> Item:
    return Item(
        id=id_,
        feed=feed,
        outlet=feed,
        title=f"title {id_}",
        link=link,
        summary=body,
        content="",
        published=NOW,
        content_hash=hash_ or f"h-{id_}",
    )


async def test_same_item_is_stored_once(db_url):
    store = await Store.open(db_url)
    try:
        first = await store.add_items([item("a", "https://x.example/1")], NOW)
        again = await store.add_items([item("a", "https://x.example/1")], NOW)
        syndicated = await store.add_items(
            [item("b", "https://www.x.example/1/?utm_source=feed", feed="g")], NOW
        )
        same_text = await store.add_items([item("c", hash_="h-a", feed="h")], NOW)
        assert [len(first), len(again), len(syndicated), len(same_text)] == [1, 0, 0, 0]
        assert len(await store.items_by_id(["a", "b", "c"])) == 1
    finally:
        await store.close()


async def test_matches_claims_and_feed_state_round_trip(db_url):
    store = await Store.open(db_url)
    try:
        await store.add_items([item("a"), item("b")], NOW)
        await store.save_matches(
            [Match("a", "t", True, 7.5, ("why",)), Match("b", "t", False, 1.0)]
        )
        relevant = await store.relevant_items("t", NOW.replace(hour=0), NOW)
        assert [it.id for it in relevant] == ["a"]
        assert relevant[0].published == NOW
        claim = Claim(
            "Text.", "Someone", "a", (Figure("155", 155.0, "Chinese citizens", "at_least"),), 2
        )
        await store.save_claims("a", [claim])
        assert await store.claims_for(["a"]) == [claim]
        state = FeedState("f", "https://x.example", etag='"e"', error_count=2, next_attempt=NOW)
        await store.save_feed_state(state, attempted=NOW)
        await store.save_feed_state(replace(state, error_count=3), attempted=NOW)
        loaded = (await store.feed_states())["f"]
        assert loaded.etag == '"e"' and loaded.error_count == 3 and loaded.next_attempt == NOW
    finally:
        await store.close()


async def test_reopening_keeps_data(db_url):
    store = await Store.open(db_url)
    await store.add_items([item("a")], NOW)
    await store.close()
    store = await Store.open(db_url)
    try:
        assert len(await store.items_by_id(["a"])) == 1
    finally:
        await store.close()
