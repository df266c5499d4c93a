"""Story-grouping stage: which matched items, from any outlets, report the same event.

Pure functions: data in, data out. `group_stories` is the stage; `cluster` is the greedy
average-link clustering it uses, shared with claim merging in bot/stories.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import timedelta

from bot.models import Item
from bot.text import content_stems
from bot.vectors import similar_pairs, tfidf_vectors

STORY_SIM = 0.22
STORY_AVG_SIM = 0.16
STORY_WINDOW = timedelta(days=4)


class _Clusters:
    """Union-find that also keeps, for each cluster, the summed similarity of its known pairs
    to every neighbouring cluster, so an average-link check costs O(1), not O(|a|·|b|)."""

    def __init__(self, n: int, pairs: dict[tuple[int, int], float]) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.links: dict[int, dict[int, float]] = defaultdict(dict)
        for (i, j), sim in pairs.items():
            self.links[i][j] = self.links[i].get(j, 0.0) + sim
            self.links[j][i] = self.links[j].get(i, 0.0) + sim

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def average(self, ra: int, rb: int) -> float:
        total = self.links[ra].get(rb, 0.0)
        return total / (len(self.members[ra]) * len(self.members[rb]))

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        # fold rb's neighbour sums into ra's (smaller into larger keeps this near-linear)
        mine = self.links[ra]
        mine.pop(rb, None)
        for other, total in self.links.pop(rb, {}).items():
            if other == ra:
                continue
            mine[other] = mine.get(other, 0.0) + total
            theirs = self.links[other]
            theirs.pop(rb, None)
            theirs[ra] = theirs.get(ra, 0.0) + total

    def groups(self) -> list[list[int]]:
        return [sorted(m) for m in self.members.values()]


def cluster(
    n: int,
    pairs: dict[tuple[int, int], float],
    *,
    min_sim: float,
    min_avg: float,
    veto: Callable[[list[int], list[int]], bool] | None = None,
) -> list[list[int]]:
    """Greedy agglomerative clustering, best pairs first; a merge also needs the two clusters'
    average cross similarity to reach min_avg, so one bridging pair cannot chain topics."""
    clusters = _Clusters(n, pairs)
    for (i, j), sim in sorted(pairs.items(), key=lambda kv: -kv[1]):
        if sim < min_sim:
            break
        ri, rj = clusters.find(i), clusters.find(j)
        if ri == rj:
            continue
        if veto is not None and veto(clusters.members[ri], clusters.members[rj]):
            continue
        if clusters.average(ri, rj) >= min_avg:
            clusters.union(i, j)
    return clusters.groups()


def group_stories(items: Sequence[Item]) -> list[list[Item]]:
    """Items that report the same event, within a few days of each other."""
    docs = [content_stems(f"{it.title} {it.title} {it.text[:600]}") for it in items]
    vectors = tfidf_vectors(docs)

    def close_in_time(i: int, j: int) -> bool:
        return abs(items[i].published - items[j].published) <= STORY_WINDOW

    pairs = similar_pairs(vectors, STORY_SIM * 0.5, allowed=close_in_time)
    groups = [
        [items[i] for i in g]
        for g in cluster(len(items), pairs, min_sim=STORY_SIM, min_avg=STORY_AVG_SIM)
    ]
    return sorted(groups, key=lambda g: max(it.published for it in g), reverse=True)
