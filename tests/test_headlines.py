"""Claims stage: the claim a headline attributes, read as a sentence (data-driven)."""

from __future__ import annotations

import pytest
import yaml

from bot.claims import extract_claims
from bot.headlines import read_headline, restore_sentence
from bot.models import TITLE_POSITION
from bot.reporting import _headline_grammar, reporting
from tests.conftest import DATA, news_item

CASES = yaml.safe_load((DATA / "headlines.yaml").read_text(encoding="utf-8"))
EN = reporting("en")


@pytest.mark.parametrize("case", CASES, ids=[c["title"][:48] for c in CASES])
def test_read_headline(case):
    headline = read_headline(case["title"], EN)
    if case["claim"] is None:
        assert headline is None, headline
    else:
        assert headline is not None
        assert (headline.speaker, headline.claim) == (case["speaker"], case["claim"])


@pytest.mark.parametrize(
    ("words", "sentence"),
    [
        ("Three Moldovans detained at airport", "Three Moldovans were detained at airport"),
        ("Latvian volunteer wounded near Bakhmut", "Latvian volunteer was wounded near Bakhmut"),
        ("Dozens still missing after strike", "Dozens are still missing after strike"),
        ("Kazakh pilots now flying for Russia", "Kazakh pilots are now flying for Russia"),
        ("Court jails two men for recruiting", "Court jails two men for recruiting"),
        ("Broker sold contracts to migrants", "Broker sold contracts to migrants"),
        ("Embassy to reopen consular desk", "Embassy will reopen consular desk"),
    ],
)
def test_restore_sentence(words, sentence):
    assert restore_sentence(words, EN) == sentence


BODY_ELSEWHERE = (
    "Foreign Minister Ingrid Halvorsen said on Monday the government would cover the costs. "
    "Lars Eide, 31, joined a volunteer unit in March and was killed in Donetsk region in May."
)


def test_headline_claim_comes_first_with_its_speaker():
    item = news_item(
        BODY_ELSEWHERE,
        title="Oslo to fund return of fallen Norwegian fighter, minister says",
    )
    claims = extract_claims(item)
    first = claims[0]
    assert first.text == "Oslo will fund return of fallen Norwegian fighter."
    assert first.position == TITLE_POSITION and first.attributed
    assert "Halvorsen" in first.claimant, first


def test_headline_the_lede_says_is_not_repeated_and_names_its_speaker():
    item = news_item(
        "An Estonian volunteer was killed in a drone strike in the south on Sunday. "
        "He had served for a year with a volunteer battalion.",
        title="Estonian volunteer killed in drone strike, defence ministry says",
    )
    claims = extract_claims(item)
    assert [c.position for c in claims].count(TITLE_POSITION) == 0
    assert claims[0].text.startswith("An Estonian volunteer was killed")
    assert "defence ministry" in claims[0].claimant.lower(), claims[0]


def test_headline_without_a_speaker_adds_nothing():
    body = "Twelve Moldovan men were detained at the airport on Friday, police said."
    plain = extract_claims(news_item(body, title="Moldovan men held at airport"))
    assert [c.text for c in plain] == [c.text for c in extract_claims(news_item(body))]


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"future": ["to"]}, "future must be a pair of words"),
        (
            {
                "future": ["to", "will"],
                "passive": ["was", "were"],
                "progressive": ["is", "are"],
                "adverbs": [True],
            },
            "adverbs must be a list of words",
        ),
        (
            {
                "future": ["to", "will"],
                "passive": ["was", "were"],
                "progressive": ["is", "are"],
                "tenses": [],
            },
            "unknown keys tenses",
        ),
    ],
)
def test_malformed_headline_grammar_is_named(section, message):
    with pytest.raises(ValueError, match=message):
        _headline_grammar("xx", section)


def test_headline_speaker_by_surname_is_the_one_the_text_quotes():
    item = news_item(
        "Ambassador Luis Moreno told reporters that 12 passports had been returned so far. "
        "He said the consulate was pressing the recruiters' lawyers for the rest.",
        title="Forty Cubans still waiting for passports back: Moreno",
    )
    first = extract_claims(item)[0]
    assert first.text == "Forty Cubans are still waiting for passports back."
    assert "Luis Moreno" in first.claimant, first


def test_headline_number_the_text_lacks_is_not_covered():
    item = news_item(
        "In March, 12 Cubans were still waiting for their passports, the minister said.",
        title="40 Cubans still waiting for passports, minister says",
    )
    texts = [c.text for c in extract_claims(item)]
    assert texts[0] == "Forty Cubans are still waiting for passports.", texts
    # the same words with the same number: the text says it, once
    same = news_item(
        "In March, 40 Cubans were still waiting for their passports, the minister said.",
        title="40 Cubans still waiting for passports, minister says",
    )
    assert len(extract_claims(same)) == 1
