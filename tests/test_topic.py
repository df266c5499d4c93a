"""Topic matching: precision and recall on hand-labelled items, near misses, reasons."""

from __future__ import annotations

import pytest
import yaml

from bot.config import Config
from bot.topic import match_text
from tests.conftest import DATA


def _load(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["items"]


LABELLED = _load("topic_labelled.yaml")
HELDOUT = _load("topic_heldout.yaml")


def _scores(config: Config, items: list[dict]) -> tuple[float, float, list[str]]:
    tp = fp = fn = 0
    wrong = []
    for item in items:
        got = match_text(item["title"], item["summary"], config.topic).relevant
        tp += got and item["relevant"]
        fp += got and not item["relevant"]
        fn += (not got) and item["relevant"]
        if got != item["relevant"]:
            wrong.append(item["title"])
    return tp / max(1, tp + fp), tp / max(1, tp + fn), wrong


@pytest.mark.parametrize("name,items", [("labelled", LABELLED), ("heldout", HELDOUT)])
def test_precision_and_recall(base_config, name, items):
    precision, recall, wrong = _scores(base_config, items)
    print(f"{name}: {len(items)} items, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.9, wrong
    assert recall >= 0.9, wrong


def test_labelled_set_is_large_and_covers_every_near_miss():
    assert len(LABELLED) >= 80
    kinds = {item.get("kind") for item in LABELLED if not item["relevant"]}
    assert {
        "war-no-foreigners",
        "munitions",
        "china-russia-trade",
        "other-wars",
        "foreign-legion",
    } <= kinds
    assert sum(item["relevant"] for item in LABELLED) >= 40


@pytest.mark.parametrize(
    "title",
    [
        "North Korean troops deployed to Kursk, Seoul says",
        "Ukraine captures Chinese citizens fighting for Russia",
        "Foreign fighters join Ukraine's International Legion",
        "Indian nationals recruited as mercenaries for Russia's war in Ukraine",
        "Kyiv holds POWs from Nepal who fought for Russian forces",
    ],
)
def test_phrases_and_inflections_match(base_config, title):
    assert match_text(title, "", base_config.topic).relevant


@pytest.mark.parametrize(
    "title",
    [
        "North Korean shells hit Kharkiv as Russia advances in Ukraine",
        "Chinese drone parts found in Russian missiles that hit Kyiv",
        "China and Russia sign trade deal worth billions",
        "French Foreign Legion marks anniversary in Marseille",
        "Foreign fighters flock to Syria as Islamic State regroups",
        "EU foreign ministers meet in Kyiv to discuss Ukraine aid",
    ],
)
def test_near_misses_are_rejected(base_config, title):
    assert not match_text(title, "", base_config.topic).relevant


def test_reasons_say_what_fired(base_config):
    match = match_text("Ukraine captures two North Korean soldiers in Kursk", "", base_config.topic)
    assert match.relevant
    text = " ".join(match.reasons)
    assert "north korean ~ soldier" in text
    assert "war-context" in text
    miss = match_text("Chinese drone parts in Russian missiles", "", base_config.topic)
    assert any(r.startswith("missing:") for r in miss.reasons)


def _vocabulary(config: Config) -> list[str]:
    words = [t.lstrip("=") for terms in config.topic.lists.values() for t in terms]
    words += [t for rule in config.topic.rules for t in rule.terms]
    words += config.topic.exclude
    return [*words, "the", "said", "on", "bank", "central", "new", ".", ",", "\n", "Ukraine."]


def test_quick_check_never_hides_a_hit(base_config):
    """The cheap pre-check must be exact: every list the full match finds, it finds too,
    so an item that stops early would have scored at most 0 anyway."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bot.topic import _document, _find, _lists_present, _topic_index

    topic = base_config.topic
    index = _topic_index(topic)
    words = st.lists(st.sampled_from(_vocabulary(base_config)), min_size=1, max_size=40)

    @settings(max_examples=1500, deadline=None, derandomize=True)
    @given(title=words, body=words)
    def check(title: list[str], body: list[str]) -> None:
        t, b = " ".join(title), " ".join(body)
        found = set(_find(_document(t, b, tuple(topic.exclude)), index))
        assert found <= _lists_present(t, b, index)

    check()
