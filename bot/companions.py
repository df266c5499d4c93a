"""Topic stage, second look: a report of the same event as an on-topic report is on topic.

A follow-up or a terse brief often leaves out what made the first reports match ("the men's
bodies arrived in Lusaka" names no war), yet a reader of the story wants it. Only a near
miss (an item whose own words scored above zero, yet short of the threshold or of a required
group) is looked at again, and only the story pair model's confident "one event" with an
on-topic report lets it in, so a report of another war sharing a country stays out.

Pure: items and matches in, the promoted matches out (their reasons say which report).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.grouping import evidence, scored_pairs
from bot.models import Item, Match

# the pair model's probability of one event that promotes a near miss; set on the project's
# own fixtures and probe sets, where it let in no off-topic item
COMPANION_FLOOR = 0.9
# how far apart in time a near miss and its on-topic companion may be
COMPANION_WINDOW = timedelta(days=7)


def is_near_miss(match: Match) -> bool:
    """An off-topic verdict whose own words still counted for the topic."""
    return not match.relevant and match.score > 0


def find_companions(
    near: Sequence[tuple[Item, Match]],
    relevant: Sequence[Item],
    floor: float = COMPANION_FLOOR,
) -> list[tuple[Item, Match]]:
    """The near misses that report the same event as an on-topic report, with matches that
    say so; in the order given."""
    near = [(item, match) for item, match in near if is_near_miss(match)]
    if not near or not relevant:
        return []
    on = len(relevant)
    pool = [*relevant, *(item for item, _ in near)]
    best: dict[int, tuple[float, int]] = {}  # near index -> (probability, relevant index)
    names: dict[int, frozenset[str]] = {}

    def named(k: int) -> frozenset[str]:
        if k not in names:
            names[k] = frozenset(evidence(pool[k]).names)
        return names[k]

    for (i, j), p in scored_pairs(pool).items():
        if p < floor:
            continue
        if named(i) and named(j) and not named(i) & named(j):
            # both name the people they are about, and not one in common: two cases alike
            # (two Americans sentenced in one week), not one event told twice
            continue
        for a, b in ((i, j), (j, i)):
            if a >= on > b:
                gap = abs(pool[a].published - pool[b].published)
                if gap <= COMPANION_WINDOW and p > best.get(a, (0.0, 0))[0]:
                    best[a] = (p, b)
    out: list[tuple[Item, Match]] = []
    for k, (p, b) in sorted(best.items()):
        item, match = near[k - on]
        companion = relevant[b]
        reason = (
            f"same event as an on-topic report ({p:.2f}): "
            f"{companion.outlet}, {companion.title[:90]}"
        )
        out.append(
            (item, Match(match.item_id, match.topic, True, match.score, (*match.reasons, reason)))
        )
    return out
