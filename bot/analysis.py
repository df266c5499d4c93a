"""Analysis stage for one feed: bytes -> items, each item's topic match, on-topic claims.

Pure (no store, no network, `now` passed in) and made of picklable values, so the same
function runs in the orchestrator's process or in a poll worker process.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.claims import SPARE_CLAIMS, extract_claims
from bot.config import TopicConfig
from bot.feeds.parse import ParsedFeed, parse_feed
from bot.language import detect
from bot.models import Claim, Item, Match
from bot.text import split_sentences
from bot.topic import match_item


@dataclass(frozen=True, slots=True)
class FeedSource:
    """What the parse stage needs to know about a feed besides its bytes."""

    name: str
    outlet: str
    language: str = ""  # configured for the feed; "" = detect each item's language
    base_url: str = ""


@dataclass(frozen=True, slots=True)
class FeedAnalysis:
    parsed: ParsedFeed
    matches: dict[str, Match] = field(default_factory=dict)  # by item id
    claims: dict[str, list[Claim]] = field(default_factory=dict)  # on-topic items only


def repeated_lines(items: Sequence[Item], *, at_least: int = 3) -> frozenset[str]:
    """Sentences a feed prints on several of its items: a footer, a pitch, a disclaimer.
    Page clutter by its shape, whatever its words."""
    if len(items) < at_least:
        return frozenset()
    seen: Counter[str] = Counter()
    for item in items:
        seen.update({s for s in split_sentences(item.text) if len(s) > 20})
    return frozenset(s for s, n in seen.items() if n >= at_least)


def with_language(item: Item) -> Item:
    """The item with the language its text is written in. The language parse gave it (the
    feed's declared one, else English) stands unless the text is plainly in another."""
    lang = detect(f"{item.title}\n{item.text}", hint=item.language)
    return item if not lang or lang == item.language else replace(item, language=lang)


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
        language=source.language or "en",
        headers=headers,
        base_url=source.base_url,
    )
    if not source.language:
        parsed = replace(parsed, items=[with_language(item) for item in parsed.items])
    matches = {item.id: match_item(item, topic) for item in parsed.items}
    relevant = [item for item in parsed.items if matches[item.id].relevant]
    repeated = repeated_lines(parsed.items) if relevant else frozenset()
    setting = topic.setting_codes
    claims = {
        item.id: extract_claims(item, repeated=repeated, setting=setting, spare=SPARE_CLAIMS)
        for item in relevant
    }
    return FeedAnalysis(parsed, matches, claims)
