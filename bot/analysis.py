"""Analysis stage for one feed: bytes -> items, each item's topic match, on-topic claims.

Pure (no store, no network, `now` passed in) and made of picklable values, so the same
function runs in the orchestrator's process or in a poll worker process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.claims import extract_claims
from bot.config import TopicConfig
from bot.feeds.parse import ParsedFeed, parse_feed
from bot.models import Claim, Match
from bot.topic import match_item


@dataclass(frozen=True, slots=True)
class FeedSource:
    """What the parse stage needs to know about a feed besides its bytes."""

    name: str
    outlet: str
    language: str = "en"
    base_url: str = ""


@dataclass(frozen=True, slots=True)
class FeedAnalysis:
    parsed: ParsedFeed
    matches: dict[str, Match] = field(default_factory=dict)  # by item id
    claims: dict[str, list[Claim]] = field(default_factory=dict)  # on-topic items only


def analyse_feed(
    body: bytes,
    source: FeedSource,
    topic: TopicConfig,
    now: datetime,
    headers: Mapping[str, str] | None = None,
) -> FeedAnalysis:
    """Parse a feed, match every item to the topic and extract the on-topic items' claims.

    Claims are extracted for every on-topic item, known or not: the store keeps only the
    new ones, and a feed that changed seldom carries more than a few on-topic items."""
    parsed = parse_feed(
        body,
        feed_name=source.name,
        outlet=source.outlet,
        now=now,
        language=source.language,
        headers=headers,
        base_url=source.base_url,
    )
    matches = {item.id: match_item(item, topic) for item in parsed.items}
    claims = {item.id: extract_claims(item) for item in parsed.items if matches[item.id].relevant}
    return FeedAnalysis(parsed, matches, claims)
