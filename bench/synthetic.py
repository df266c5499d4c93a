"""Synthetic news feeds for the benchmarks: RSS 2.0 with a realistic mix of items.

About one item in ten is on the tracked topic (foreign nationals in the Russia-Ukraine
war); each on-topic event is reported by several outlets in different words, so story
grouping has clusters to find. The rest is ordinary news from other beats. Deterministic
for a given seed. Written for these benchmarks; no real article text.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

NATIONS = [
    ("Nepali", "Nepal"),
    ("Indian", "India"),
    ("Cuban", "Cuba"),
    ("Kenyan", "Kenya"),
    ("Chinese", "China"),
    ("Sri Lankan", "Sri Lanka"),
    ("Colombian", "Colombia"),
    ("Ghanaian", "Ghana"),
    ("Syrian", "Syria"),
    ("Brazilian", "Brazil"),
    ("Iraqi", "Iraq"),
    ("Cameroonian", "Cameroon"),
    ("Georgian", "Georgia"),
    ("Belarusian", "Belarus"),
]
SIDES = ["for Russia", "for Ukraine's International Legion", "alongside Russian troops"]
ACTIONS = ["captured", "killed", "recruited", "wounded", "detained", "sent home"]
PLACES = ["Donetsk", "Kharkiv", "Zaporizhzhia", "Luhansk", "Kursk", "Bakhmut", "Pokrovsk"]
CLAIMANTS = [
    "Ukraine's military intelligence said",
    "the foreign ministry in {country} said",
    "President Volodymyr Zelensky said",
    "a spokesperson for the Russian defence ministry said",
    "officials in {country} told reporters",
    "the families of the men said",
    "a human rights group said",
]
BEATS = [
    "The central bank {verb} interest rates by {n} basis points, citing {thing}.",
    "Shares in {company} {verb} {n} percent after the company reported {thing}.",
    "The city council approved a plan to build {n} new homes near the {thing}.",
    "Heavy rain is expected across the {region} region, with {n} millimetres forecast.",
    "{company} said it would cut {n} jobs as demand for {thing} slowed.",
    "The team won {n}-1 on Saturday, with the captain scoring twice before the {thing}.",
    "Researchers found that {thing} could reduce energy use by {n} percent.",
    "The minister said the new budget would spend {n} billion on {thing}.",
]
FILL = {
    "verb": ["raised", "cut", "held", "fell", "rose", "doubled"],
    "thing": [
        "rising prices",
        "the harbour",
        "electric cars",
        "a new vaccine",
        "the final",
        "public transport",
        "weak exports",
        "solar panels",
        "school meals",
    ],
    "company": ["Northwind", "Acme Metals", "Bluebird Air", "Helios Power", "Orchard Foods"],
    "region": ["northern", "coastal", "eastern", "mountain", "central"],
}


def off_topic_text(rng: random.Random) -> tuple[str, str]:
    sentences = []
    for _ in range(rng.randint(2, 5)):
        template = rng.choice(BEATS)
        sentences.append(
            template.format(n=rng.randint(2, 900), **{k: rng.choice(v) for k, v in FILL.items()})
        )
    title = sentences[0].split(",")[0].rstrip(".")
    return title, " ".join(sentences)


def on_topic_text(rng: random.Random, event: int) -> tuple[str, str]:
    ev = random.Random(event)  # the facts of the event; each report words them its own way
    adjective, country = ev.choice(NATIONS)
    side, action, place = ev.choice(SIDES), ev.choice(ACTIONS), ev.choice(PLACES)
    count = ev.randint(2, 400) + rng.choice([0, 0, 0, 8])  # now and then a figure disagrees
    claimant = rng.choice(CLAIMANTS).format(country=country)
    title = rng.choice(
        [
            f"{count} {adjective} nationals {action} fighting {side}",
            f"{country} says citizens {action} near {place} after fighting {side}",
            f"{adjective} recruits {action} in {place}, {claimant.split(' said')[0]} says",
        ]
    )
    body = (
        f"{claimant[0].upper()}{claimant[1:]} that {count} {adjective} citizens had been "
        f"{action} while fighting {side} near {place}. "
        f"The men were recruited with promises of jobs and paid about {ev.randint(2, 9)},000 "
        f"dollars a month, according to relatives. "
        f"{country} has urged its citizens not to join foreign armies. " + off_topic_text(rng)[1]
    )
    return title, body


def feed_xml(items: list[tuple[str, str, str, datetime]], title: str) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>https://example.org/</link>",
    ]
    for guid, head, body, when in items:
        parts.append(
            f"<item><title>{escape(head)}</title><link>https://example.org/{guid}</link>"
            f"<guid>{guid}</guid><pubDate>{format_datetime(when)}</pubDate>"
            f"<description>{escape('<p>' + body + '</p>')}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def synthetic_feeds(
    total: int, per_feed: int = 50, seed: int = 7, on_topic: float = 0.1
) -> list[bytes]:
    """`total` items spread over feeds of `per_feed` items each."""
    rng = random.Random(seed)
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    events = max(1, int(total * on_topic / 6))  # about six reports per event
    feeds = []
    for start in range(0, total, per_feed):
        items = []
        for n in range(start, min(total, start + per_feed)):
            if rng.random() < on_topic:
                head, body = on_topic_text(rng, rng.randrange(events))
            else:
                head, body = off_topic_text(rng)
            items.append((f"s{seed}-{n}", head, body, now - timedelta(minutes=n % 2880)))
        feeds.append(feed_xml(items, f"Synthetic {start // per_feed}"))
    return feeds
