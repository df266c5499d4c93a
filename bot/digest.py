"""Digest stage: ranked stories -> one short briefing for a time window. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.models import Digest, Story


def rank_stories(stories: Sequence[Story]) -> list[Story]:
    """Most independent outlets first, then the most recent."""
    return sorted(
        stories,
        key=lambda s: (s.score, len(s.outlets), s.updated or datetime.min),
        reverse=True,
    )


def build_digest(
    stories: Sequence[Story],
    *,
    topic: str,
    since: datetime,
    until: datetime,
    max_stories: int | None,
    max_claims: int | None,
) -> Digest:
    """The top stories, each cut to its top claims; None lifts a limit."""
    ranked = rank_stories(stories)
    chosen = ranked if max_stories is None else ranked[:max_stories]
    trimmed = []
    for story in chosen:
        claims = story.claims if max_claims is None else story.claims[:max_claims]
        trimmed.append(replace(story, claims=tuple(claims)))
    return Digest(
        topic=topic,
        since=since,
        until=until,
        stories=tuple(trimmed),
        total_stories=len(ranked),
        total_items=sum(len(s.items) for s in ranked),
    )
