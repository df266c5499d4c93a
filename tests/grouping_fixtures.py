"""The story-grouping fixtures (tests/data/grouping.yaml) as Items, for the tests and training."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from bot.models import Item

FIXTURES = Path(__file__).resolve().parent / "data" / "grouping.yaml"


def load() -> tuple[list[Item], dict[str, str], list[tuple[str, str]]]:
    """The fixture items, each one's story, and the pairs of stories that must stay apart."""
    data = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))
    items = [
        Item(
            id=row["id"],
            feed=row["outlet"],
            outlet=row["outlet"],
            title=row["title"],
            link=f"https://{row['id']}.example/",
            summary=" ".join(row["text"].split()),
            content="",
            published=datetime.fromisoformat(row["published"]),
        )
        for row in data["items"]
    ]
    story = {row["id"]: row["story"] for row in data["items"]}
    return items, story, [tuple(pair) for pair in data["apart"]]


def fixture_sets() -> list[tuple[list[Item], dict[str, str | None]]]:
    """Labelled item sets for training the pair model: the whole fixture fortnight at once."""
    items, story, _ = load()
    return [(items, dict(story))]
