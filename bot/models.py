"""Plain data shared by every stage: items, matches, claims, stories, digests.

Frozen dataclasses only; this module imports nothing from the rest of the project,
so every stage can depend on it without cycles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Item:
    """One news item, as the parse stage hands it to the rest of the pipeline."""

    id: str
    feed: str
    outlet: str
    title: str
    link: str
    summary: str
    content: str
    published: datetime
    language: str = "en"
    content_hash: str = ""

    @property
    def text(self) -> str:
        """The longest body we have: full content when present, else the summary."""
        body = self.content if len(self.content) >= len(self.summary) else self.summary
        return body


@dataclass(frozen=True, slots=True)
class Match:
    """The topic matcher's verdict on one item."""

    item_id: str
    topic: str
    relevant: bool
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """A number stated in a claim, with what it counts ("Chinese citizens", "euros")."""

    text: str
    value: float
    unit: str = ""
    bound: str = "exact"  # exact | at_least | at_most | about


TITLE_POSITION = -1  # a claim's position when its headline says it


@dataclass(frozen=True, slots=True)
class Claim:
    """One assertion from one item: what is said, who says it, the figures in it."""

    text: str
    claimant: str
    item_id: str
    figures: tuple[Figure, ...] = ()
    position: int = 0  # sentence index in the item; earlier sentences are more central
    # (TITLE_POSITION: read from the item's headline, before its first sentence)
    attributed: bool = True  # False when the outlet states it in its own voice
    # False for a claim past the item's own share: shown only where other items carry it too
    primary: bool = True


@dataclass(frozen=True, slots=True)
class Source:
    """An item behind a story or claim, reduced to what a reader needs to open it."""

    item_id: str
    outlet: str
    link: str
    title: str = ""
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class MergedClaim:
    """The same claim carried by one or more outlets."""

    text: str
    claimant: str
    figures: tuple[str, ...]
    sources: tuple[Source, ...]
    score: float = 0.0
    lang: str = "en"  # the language its text is written in (its representative item's)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Claims about the same thing whose figures disagree."""

    about: str
    claims: tuple[str, ...]  # the texts of the disagreeing claims
    figures: tuple[str, ...]
    claimants: tuple[str, ...] = ()  # who gives each figure, aligned with figures

    def sides(self) -> list[str]:
        """'210 (Kenya's foreign ministry)' for each figure, or the bare figures."""
        if len(self.claimants) != len(self.figures):
            return list(self.figures)
        return [f"{f} ({c})" if c else f for f, c in zip(self.figures, self.claimants, strict=True)]


@dataclass(frozen=True, slots=True)
class Story:
    """Items from several outlets reporting the same event, with their merged claims."""

    key: str
    title: str
    items: tuple[Source, ...]
    claims: tuple[MergedClaim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    updated: datetime | None = None
    score: float = 0.0

    @property
    def outlets(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for source in self.items:
            seen.setdefault(source.outlet, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Digest:
    """What one briefing shows: the top stories of a time window."""

    topic: str
    since: datetime
    until: datetime
    stories: tuple[Story, ...] = ()
    total_stories: int = 0
    total_items: int = 0


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """The outcome of polling one feed once."""

    name: str
    url: str
    status: str  # ok | not_modified | error | skipped
    error: str = ""
    new_items: int = 0
    items: int = 0


@dataclass(slots=True)
class FeedState:
    """What we remember about a feed between polls (conditional GET, backoff)."""

    name: str
    url: str
    etag: str = ""
    last_modified: str = ""
    error_count: int = 0
    last_error: str = ""
    next_attempt: datetime | None = None
    last_success: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoryRef:
    """A story as a chat last received it, so '/sources 2' means what the reader saw."""

    key: str
    title: str
    item_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Subscriber:
    chat_id: int
    kind: str
    title: str
    active: bool
    times: tuple[str, ...]
    timezone: str
    last_slot: str = ""
    last_digest_at: datetime | None = None
    last_stories: tuple[StoryRef, ...] = ()


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    chat_id: int
    slot: str
    parts: tuple[str, ...]
    sent_parts: int
    attempts: int


@dataclass(frozen=True, slots=True)
class FeedHealth:
    name: str
    url: str
    last_success: datetime | None
    error: str
    error_count: int
    on_topic_week: int
    gone: bool = False
    moved_to: str = ""


@dataclass(frozen=True, slots=True)
class Stats:
    subscribers: int
    feeds_ok: int
    feeds_failing: int
    items_today: int
    matches_today: int
    sent_today: int
    failed_today: int
    last_poll_seconds: float | None
