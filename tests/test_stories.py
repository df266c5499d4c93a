"""Story stage: grouping across outlets, claim merging, conflicts (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.claims import extract_claims
from bot.feeds.parse import parse_feed
from bot.models import Item
from bot.stories import build_story, group_stories
from tests.seedfeed import SEEDS, seed_feed

DEMO = Path(__file__).resolve().parent.parent / "bot" / "data" / "demo"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def story_of(bodies: dict[str, str], title: str):
    """One story of one item per outlet, each with the body given, as build_story makes it."""
    from dataclasses import replace

    from tests.conftest import news_item

    items = [
        replace(news_item(body, outlet=outlet, title=title), id=f"i{n}")
        for n, (outlet, body) in enumerate(bodies.items())
    ]
    return build_story(items, [c for it in items for c in extract_claims(it)], NOW)


def demo_items() -> list[Item]:
    items = []
    for path in sorted(DEMO.iterdir()):
        items += parse_feed(path.read_bytes(), feed_name=path.stem, outlet=path.stem, now=NOW).items
    return items


def test_demo_items_group_by_event():
    groups = group_stories(demo_items())
    titles = [sorted(it.title for it in g) for g in groups]
    kenya = next(g for g in titles if any("Kenya" in t for t in g))
    assert len(kenya) == 4 and all("Kenya" in t or "Kenyan" in t for t in kenya)
    colombia = next(g for g in titles if any("Colombia" in t for t in g))
    assert len(colombia) == 2
    assert not any("Foreign Legion" in t for t in kenya + colombia)


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not present")
def test_seeds_stay_apart_from_other_stories():
    seeds = parse_feed(seed_feed(), feed_name="seeds", outlet="seeds", now=NOW).items
    groups = group_stories(seeds + demo_items())
    seed_ids = {it.id for it in seeds}
    seed_groups = [g for g in groups if seed_ids & {it.id for it in g}]
    assert len(seed_groups) == 1 and {it.id for it in seed_groups[0]} == seed_ids


def test_kenya_story_merges_claims_and_flags_only_real_conflicts():
    items = [it for it in demo_items() if "Kenya" in it.title]
    claims = [c for it in items for c in extract_claims(it)]
    story = build_story(items, claims, NOW)
    top = story.claims[0]
    assert len(top.sources) >= 3 and "210" in top.figures
    pairs = [set(c.figures) for c in story.conflicts]
    assert {"210", "260"} in pairs
    assert {"9", "14"} not in pairs  # prisoners and dead are different quantities
    conflict = next(c for c in story.conflicts if set(c.figures) == {"210", "260"})
    assert any("Kenya" in who for who in conflict.claimants)


def test_story_ranking_prefers_more_outlets():
    items = demo_items()
    stories = [
        build_story(g, [c for it in g for c in extract_claims(it)], NOW)
        for g in group_stories(items)
    ]
    ranked = sorted(stories, key=lambda s: s.score, reverse=True)
    assert len(ranked[0].outlets) == max(len(s.outlets) for s in stories)


def test_a_claim_some_outlets_attribute_names_its_speaker_and_the_outlets_stating_it():
    """Two outlets state it as fact, one says who said it: the reader sees the speaker, and
    which outlets carry it in their own voice."""
    bodies = {
        "Harbour Post": "Nine Malawian men have been killed fighting for Russia in Ukraine.",
        "Lake Times": "Nine Malawian men have been killed while fighting for Russia in Ukraine.",
        "Rift Wire": (
            "Nine Malawian men have been killed fighting for Russia in Ukraine, the Malawian "
            "foreign ministry said."
        ),
    }
    story = story_of(bodies, "Malawians killed in Ukraine")
    top = story.claims[0]
    assert len(top.sources) == 3, story.claims
    speaker, _, stated = top.claimant.partition("; ")
    assert speaker == "Malawian Foreign Ministry", top.claimant
    assert set(stated.split(", ")) == {"Harbour Post", "Lake Times"}, top.claimant


def test_the_group_a_partitive_names_is_no_shared_figure():
    """ "One of the two captured men paid ..." and "One of the two captured men was held ..."
    share a count only because both say which man is meant: the paying is the claim that
    another outlet's "Bao paid a broker ..." says again."""
    bodies = {
        "Harbour Post": (
            "Two Laotian men were captured near Kupiansk. One of the two captured Laotian men "
            "paid 900 dollars to a broker in Vientiane to join the Russian army, officials said."
        ),
        "Lake Times": (
            "Two Laotian men were captured near Kupiansk, officials said. Bao had paid a broker "
            "about 900 dollars to join the Russian army, his interrogators said."
        ),
        "Rift Wire": (
            "Two Laotian men were captured near Kupiansk, officials said. One of the two "
            "captured Laotian men had been held in a cellar with a Russian officer for a week."
        ),
    }
    story = story_of(bodies, "Laotians captured in Ukraine")
    paid = [c for c in story.claims if "broker" in c.text]
    assert len(paid) == 1, story.claims
    assert {s.outlet for s in paid[0].sources} == {"Harbour Post", "Lake Times"}, paid


@pytest.mark.parametrize(
    "first,second,flagged",
    [
        # the sentence given and the one prosecutors asked for are two quantities
        (
            "A court in Chisinau sentenced a Moldovan man to six years in prison for fighting "
            "for Russia.",
            "A court in Chisinau jailed a Moldovan man who fought for Russia. Prosecutors had "
            "asked for nine years in prison.",
            False,
        ),
        # "15 or 20 years" is a rough guess that a 14 does not dispute
        (
            "Most of the Peruvian veterans who joined the legion served 15 or 20 years in the "
            "army, their association said.",
            "The Peruvian veteran who died near Pokrovsk served 14 years in the army, his "
            "sister said.",
            False,
        ),
        # "with two other men": others besides one, which the whole count does not dispute
        (
            "Bolivian prosecutors are investigating a woman suspected of recruiting three men "
            "from Oruro for the Russian army.",
            "Mamani flew to Moscow in March with two other men from Oruro after answering an "
            "advert for the Russian army, his mother said.",
            False,
        ),
        # ... while two outlets' different sentences for one man are a disagreement
        (
            "A court in Chisinau sentenced a Moldovan man to six years in prison for fighting "
            "for Russia.",
            "A court in Chisinau sentenced a Moldovan man to eight years in prison for "
            "fighting for Russia.",
            True,
        ),
    ],
)
def test_what_is_asked_for_or_guessed_is_no_disagreement(first, second, flagged):
    story = story_of({"Danube Post": first, "Prut Wire": second}, "Moldovan jailed")
    assert bool(story.conflicts) == flagged, (story.conflicts, story.claims)


def test_what_a_claim_says_of_whom_is_no_shared_claim():
    """Every report of a story describes its man the same way ("the Malawian student who was
    recruited in a Russian prison"): that is no reason to merge what happened to him later
    with what someone said of how he was recruited."""
    bodies = {
        "Harbour Post": (
            "A Malawian student killed in Ukraine had fought for a Russian private army after "
            "being recruited in a Russian prison, the group's founder said on Tuesday."
        ),
        "Lake Times": (
            "The body of Chikondi Banda, the Malawian student who fought for a Russian private "
            "army after being recruited in a Russian prison, arrived at Lilongwe airport on "
            "Sunday, where his parents and friends had gathered to meet it."
        ),
    }
    story = story_of(bodies, "Malawian student's body flown home")
    arrived = [c for c in story.claims if "airport" in c.text]
    assert len(arrived) == 1 and [s.outlet for s in arrived[0].sources] == ["Lake Times"], (
        story.claims
    )
