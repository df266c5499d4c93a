"""Briefing memo: results of the pure story stages, kept between briefings.

Between two polls the reports in a briefing's window rarely change, yet every new minute
(and every chat's digest) asks for a briefing again. Grouping is a function of the items
alone, and a story of its items and their claims, so both are looked up by exactly those
inputs: a briefing built again over the same reports regroups nothing and merges no claims,
and after a poll only the stories the new reports joined are built afresh. Results are the
ones the stages would give; only the time-dependent rank is recomputed for `now`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Generic, TypeVar

from bot.models import Claim, Item, Story
from bot.stories import build_story, group_stories, story_rank

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    """A small least-recently-used map."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        found = self._data.get(key)
        if found is not None:
            self._data.move_to_end(key)
        return found

    def put(self, key: K, value: V) -> V:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.size:
            self._data.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._data)


class StoryMemo:
    """group_stories and build_story, remembered by their inputs."""

    def __init__(self, groupings: int = 8, stories: int = 512) -> None:
        self._groups: Lru[tuple[Item, ...], list[list[Item]]] = Lru(groupings)
        self._stories: Lru[tuple[tuple[Item, ...], tuple[Claim, ...]], Story] = Lru(stories)

    def groups(self, items: Sequence[Item]) -> list[list[Item]]:
        key = tuple(items)
        found = self._groups.get(key)
        if found is None:
            found = self._groups.put(key, group_stories(key))
        return [list(group) for group in found]

    def story(self, group: Sequence[Item], claims: Sequence[Claim], now: datetime) -> Story:
        key = (tuple(group), tuple(claims))
        found = self._stories.get(key)
        if found is None:
            return self._stories.put(key, build_story(group, claims, now))
        score, _, updated = story_rank(group, now)
        if (score, updated) == (found.score, found.updated):
            return found
        return replace(found, score=score, updated=updated)
