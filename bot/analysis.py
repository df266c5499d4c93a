"""Analysis stage for one feed: bytes -> items, each item's topic match, on-topic claims.

Pure (no store, no network, `now` passed in) and made of picklable values, so the same
function runs in the orchestrator's process or in a poll worker process.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
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
    # items a stage failed on, by id: what failed, for the feed's warnings and the log
    errors: dict[str, str] = field(default_factory=dict)


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


def try_match_item(item: Item, topic: TopicConfig) -> tuple[Match, str]:
    """The item's match, or, if the stage fails on it, no match and what failed: one item's
    flaw (a text no rule foresaw) must not cost its feed's other items, or the poll."""
    try:
        return match_item(item, topic), ""
    except Exception as exc:
        failed = f"topic match failed: {type(exc).__name__}: {exc}"
        return Match(item.id, topic.name, False, 0.0, (failed,)), failed


def try_extract_claims(
    item: Item, setting: Collection[str], repeated: frozenset[str] = frozenset()
) -> tuple[list[Claim], str]:
    """The item's claims, or none and what failed (the item itself is kept)."""
    try:
        return extract_claims(item, repeated=repeated, setting=setting, spare=SPARE_CLAIMS), ""
    except Exception as exc:
        return [], f"claims failed: {type(exc).__name__}: {exc}"


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
    matches: dict[str, Match] = {}
    errors: dict[str, str] = {}
    for item in parsed.items:
        matches[item.id], error = try_match_item(item, topic)
        if error:
            errors[item.id] = error
    relevant = [item for item in parsed.items if matches[item.id].relevant]
    repeated = repeated_lines(parsed.items) if relevant else frozenset()
    claims: dict[str, list[Claim]] = {}
    for item in relevant:
        claims[item.id], error = try_extract_claims(item, topic.setting_codes, repeated)
        if error:
            errors[item.id] = error
    return FeedAnalysis(parsed, matches, claims, errors)
