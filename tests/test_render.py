"""Render stage: valid Telegram HTML, escaped feed text, http(s) links only, 4096 split."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.models import Conflict, Digest, MergedClaim, Source, Story
from bot.render import TELEGRAM_LIMIT, http_url, render_digest_html, render_digest_text
from tests.fakes.telegram_html import TelegramHTML, parse_telegram_html

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def check(message: str) -> TelegramHTML:
    parsed = parse_telegram_html(message)
    assert not parsed.error, parsed.error
    assert len(message) <= TELEGRAM_LIMIT
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


def test_text_variant():
    text = render_digest_text(digest(story(1)), title="Foreign nationals")
    assert text.startswith("Foreign nationals")
    assert "! Figures disagree on Kenyans: 210 vs 260" in text
    assert not re.search(r"</?(b|i|a)\b", text)


def test_empty_digest_says_so():
    assert "Nothing new" in render_digest_html(digest())[0]
