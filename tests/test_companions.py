"""Topic stage, second look: near misses that report the same event as an on-topic report
join the topic (bot/companions.py), driven by tests/data/companions.yaml."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import yaml

from bot.companions import find_companions, is_near_miss
from bot.config import load_config
from bot.models import Item
from bot.topic import match_item
from tests.conftest import DATA, ROOT

CASES = yaml.safe_load((DATA / "companions.yaml").read_text(encoding="utf-8"))["cases"]
START = datetime(2026, 3, 3, 8, tzinfo=UTC)
TOPIC = load_config(ROOT / "feeds.yaml").topic


def report(n: int, row: dict) -> Item:
    return Item(
        id=f"r{n}",
        feed=row["outlet"],
        outlet=row["outlet"],
        title=row["title"],
        link="",
        summary=row["body"],
        content="",
        published=START + timedelta(hours=row["hours"]),
    )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_near_misses_join_only_their_own_event(case):
    on = [report(n, row) for n, row in enumerate(case["topical"])]
    assert all(match_item(it, TOPIC).relevant for it in on)
    others = [report(100 + n, row) for n, row in enumerate(case["others"])]
    matches = [match_item(it, TOPIC) for it in others]
    assert not any(m.relevant for m in matches), "an 'other' report must not match by itself"
    promoted = {it.id: m for it, m in find_companions(list(zip(others, matches, strict=True)), on)}
    for it, row in zip(others, case["others"], strict=True):
        assert (it.id in promoted) == row["joins"], it.title
        if row["joins"]:
            match = promoted[it.id]
            assert match.relevant and "same event as an on-topic report" in match.reasons[-1]
            assert any(o.title[:40] in match.reasons[-1] for o in on)


def test_only_near_misses_are_looked_at():
    on = [report(0, CASES[0]["topical"][0])]
    other = report(1, CASES[0]["others"][0])
    match = match_item(other, TOPIC)
    assert is_near_miss(match)
    cold = type(match)(match.item_id, match.topic, False, 0.0, match.reasons)
    assert not is_near_miss(cold) and find_companions([(other, cold)], on) == []
    assert find_companions([(other, match)], []) == []
