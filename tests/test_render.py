"""Render stage: valid Telegram HTML, escaped feed text, http(s) links only, 4096 split."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

import pytest

from bot.claims import extract_claims
from bot.feeds.parse import parse_feed
from bot.models import Conflict, Digest, MergedClaim, Source, Story
from bot.render import (
    TELEGRAM_LIMIT,
    clip,
    http_url,
    render_digest_html,
    render_digest_text,
    telegram_length,
)
from bot.stories import build_story
from tests.fakes.telegram_html import TelegramHTML, parse_telegram_html

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def check(message: str) -> TelegramHTML:
    parsed = parse_telegram_html(message)
    assert not parsed.error, parsed.error
    assert telegram_length(message) <= TELEGRAM_LIMIT
    return parsed


def story(
    n: int,
    title: str = "Story",
    claim_text: str = "A claim.",
    link: str = "https://x.example/a",
    claims: int = 3,
    outlet: str = "Outlet",
) -> Story:
    source = Source(f"i{n}", outlet, link, title, NOW)
    merged = tuple(
        MergedClaim(f"{claim_text} {k}", "Someone (Role)", ("5",), (source,), 1.0)
        for k in range(claims)
    )
    return Story(
        f"k{n}",
        f"{title} {n}",
        (source,),
        merged,
        (Conflict("Kenyans", (merged[0].text,), ("210", "260")),),
        NOW,
        1.0,
    )


def digest(*stories: Story) -> Digest:
    return Digest("topic", NOW, NOW, tuple(stories), len(stories), len(stories))


HOSTILE = [
    "<b>bold</b> & </b> <i>",
    '<a href="javascript:alert(1)">click</a>',
    "tg://resolve?domain=evil",
    "&lt;script&gt; &amp;amp; &#60;",
    "right\u202eto\u202cleft and zero\u200bwidth",
    "😀" * 50 + "e\u0301" * 50,
    "&#x202e;&#8203;&#xFEFF;<script>alert(1)</script>&nbsp;\u2066isolate\u2069",
    "T" * 100_000,
    "<b>" * 300 + "</a>" * 300,
    'https://ok.example/"><a href="tg://x">fake</a>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_feed_text_is_shown_literally(text):
    d = digest(story(1, title=text, claim_text=text, outlet=text))
    for message in render_digest_html(d):
        parsed = check(message)
        assert all(link.startswith(("http://", "https://")) for link in parsed.links)
    assert text.split()[0][:10] in "".join(check(render_digest_html(d)[0]).text)


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "tg://user?id=1",
        "data:text/html,x",
        "ftp://x.example",
        'https://x.example/a"onmouseover=x',
        "",
    ],
)
def test_only_http_links(link):
    message = render_digest_html(digest(story(1, link=link)))[0]
    assert check(message).links == []
    assert http_url("https://ok.example/a?b=1&c=2") == "https://ok.example/a?b=1&c=2"


def test_long_digest_splits_at_story_boundaries():
    stories = [story(n, claim_text="word " * 60, claims=4) for n in range(1, 30)]
    messages = render_digest_html(digest(*stories))
    assert len(messages) > 1
    for message in messages:
        check(message)
    # every story header appears exactly once and whole
    joined = "\n".join(messages)
    for n in range(1, 30):
        assert joined.count(f"<b>{n}. Story {n}</b>") == 1


def test_one_huge_story_is_shrunk_to_fit():
    huge = story(1, title="T" * 100_000, claim_text="x" * 100_000, claims=20)
    messages = render_digest_html(digest(huge))
    assert len(messages) == 1
    check(messages[0])


def test_story_reads_as_specified():
    message = render_digest_html(digest(story(1)))[0]
    assert "<b>1. Story 1</b>" in message
    assert '— <i>Someone (Role)</i> [<a href="https://x.example/a">Outlet</a>]' in message
    assert "Figures disagree on Kenyans: 210 vs 260" in message
    assert "Covered by Outlet (1 outlet)" in message


def test_a_story_renders_the_same_whatever_its_rank_but_keeps_its_number():
    from dataclasses import replace

    first = render_digest_html(digest(story(1), story(2)))
    reranked = [
        replace(s, score=9.0, updated=datetime(2030, 1, 1, tzinfo=UTC))
        for s in (story(1), story(2))
    ]
    assert render_digest_html(digest(*reranked)) == first
    swapped = render_digest_html(digest(story(2), story(1)))[0]
    assert "<b>1. Story 2</b>" in swapped and "<b>2. Story 1</b>" in swapped
    changed = replace(story(1), title="Story renamed")
    assert "<b>1. Story renamed</b>" in render_digest_html(digest(changed))[0]


def test_text_variant():
    text = render_digest_text(digest(story(1)), title="Foreign nationals")
    assert text.startswith("Foreign nationals")
    assert "! Figures disagree on Kenyans: 210 vs 260" in text
    assert not re.search(r"</?(b|i|a)\b", text)


def test_empty_digest_says_so():
    assert "Nothing new" in render_digest_html(digest())[0]


# Hostile feed items taken through the parse stage, then grouped and rendered: what a
# publisher (or whoever controls a feed) can put in front of subscribers.
HOSTILE_FEED = (
    b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title>
<item><title>Ukraine says &lt;/b&gt;&lt;a href="tg://resolve?domain=evil"&gt;Ghanaian&lt;/a&gt;
recruits were captured</title><guid>h1</guid><link>javascript:alert(1)</link>
<description><![CDATA[<p><a href="javascript:alert(1)">click</a></p> Officials said 12 Ghanaians
were captured. <img src=x onerror=alert(1)> \xe2\x80\xae reversed \xe2\x80\x8b hidden]]>
</description></item>
<item><title>"""
    + "Ghana recruits captured 😀‍🔥 e\u0301".encode() * 3000
    + b"""</title><guid>h2</guid>
<link>https://ok.example/a?x=1&amp;y=2</link></item>
</channel></rss>"""
)


def test_hostile_feed_items_render_as_literal_text_with_http_links_only():
    items = parse_feed(HOSTILE_FEED, feed_name="f", outlet="<b>Outlet", now=NOW).items
    assert len(items) == 2
    claims = [claim for it in items for claim in extract_claims(it)]
    assert claims, "the description's claim is still read"
    rendered = render_digest_html(digest(build_story(items, claims, NOW)))
    for message in rendered:
        parsed = check(message)
        assert set(parsed.links) <= {"https://ok.example/a?x=1&y=2"}
    text = "".join(check(rendered[0]).text)
    assert "<b>Outlet" in text  # the outlet's markup is shown as text
    assert "\u202e" not in text and "\u200b" not in text


@pytest.mark.parametrize("unit", ["😀", "👩‍👩‍👧", "e\u0301", "🇺🇦", "✋🏽", "a"])
def test_splits_and_clips_never_cut_a_character_or_exceed_the_limit(unit):
    stories = [
        story(n, title=unit * 700, claim_text=unit * 500, outlet=unit * 40, claims=4)
        for n in range(1, 25)
    ]
    messages = render_digest_html(digest(*stories))
    assert len(messages) > 1
    for message in messages:
        parsed = check(message)
        assert not any(unicodedata.combining(c[:1]) for c in parsed.text if c), "orphan accent"
    clipped = clip(unit * 50, 20)
    kept = clipped.removesuffix("…")
    rest = (unit * 50)[len(kept) :]
    assert clipped.endswith("…") and (unit * 50).startswith(kept)
    assert not unicodedata.combining(rest[0]) and rest[0] not in "\u200d\ufe0f\U0001f3fd"
    assert not kept.endswith("\u200d")


@pytest.mark.parametrize("lang, mark", [("uk", "[uk] "), ("es", "[es] "), ("en", "")])
def test_a_claim_in_another_language_carries_its_mark(lang, mark):
    source = Source("i1", "Outlet", "https://x.example/a", "Title", NOW)
    claim = MergedClaim("Щонайменше 20 громадян загинули.", "Someone", (), (source,), 1.0, lang)
    d = digest(Story("k1", "Story", (source,), (claim,), (), NOW, 1.0))
    [html] = render_digest_html(d)
    check(html)
    assert f"• {mark}Щонайменше 20" in html
    assert f"* {mark}Щонайменше 20" in render_digest_text(d)
