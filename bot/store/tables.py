"""Store stage, schema: feeds' fetch state, items, topic matches, claims, stories, chats.

This is the latest schema, what a fresh database gets; bot/store/migrations.py brings an
older database to it. Change it only together with a new migration.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)

SCHEMA_VERSION = 3  # the last migration's version (bot/store/migrations.py)
metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
)

feeds = Table(
    "feeds",
    metadata,
    Column("name", Text, primary_key=True),
    Column("url", Text, nullable=False),
    Column("final_url", Text, nullable=False, default=""),
    Column("etag", String(512), nullable=False, default=""),
    Column("last_modified", String(128), nullable=False, default=""),
    Column("error_count", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=False, default=""),
    Column("next_attempt", DateTime(timezone=True)),
    Column("last_attempt", DateTime(timezone=True)),
    Column("last_success", DateTime(timezone=True)),
    Column("gone", Boolean, nullable=False, default=False),
)

items = Table(
    "items",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("feed", Text, nullable=False),
    Column("outlet", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("link", Text, nullable=False, default=""),
    Column("canonical_link", Text, nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
    Column("content", Text, nullable=False, default=""),
    Column("published", DateTime(timezone=True), nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("language", String(8), nullable=False, default="en"),
    Column("content_hash", String(40), nullable=False, default=""),
    Index("ix_items_canonical_link", "canonical_link"),
    Index("ix_items_content_hash", "content_hash"),
    Index("ix_items_published", "published"),
)

matches = Table(
    "matches",
    metadata,
    Column("item_id", String(40), primary_key=True),
    Column("topic", String(100), primary_key=True),
    Column("relevant", Boolean, nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("story_key", String(40)),
    Index("ix_matches_topic_relevant", "topic", "relevant"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", String(40), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("claimant", Text, nullable=False),
    Column("attributed", Boolean, nullable=False),
    Column("figures", JSON, nullable=False),
    # false past the item's own share of claims: shown where other items carry it too
    Column("primary_claim", Boolean, nullable=False, server_default=true()),
)

stories = Table(
    "stories",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("topic", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
    Column("outlets", Integer, nullable=False),
    Column("items", Integer, nullable=False),
)

subscribers = Table(
    "subscribers",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", String(20), nullable=False, default="private"),
    Column("title", Text, nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("times", JSON, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("last_slot", String(32), nullable=False, default=""),
    Column("last_digest_at", DateTime(timezone=True)),
    Column("last_stories", JSON, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False, index=True),
    Column("slot", String(40), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("parts", JSON, nullable=False),
    Column("sent_parts", Integer, nullable=False, default=0),
    Column("status", String(12), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt", DateTime(timezone=True)),
    Column("last_error", Text, nullable=False, default=""),
    UniqueConstraint("chat_id", "slot", name="uq_outbox_chat_slot"),
    Index("ix_outbox_status", "status"),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("value", Float, nullable=False, default=0),
)
