"""Parse stage: real corpora through feedparser -> Item, never an unhandled exception."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.feeds.parse import canonical_link, item_id, parse_feed
from bot.models import Item
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
NOW = datetime(2026, 11, 21, tzinfo=UTC)


def corpus_files(*folders: str) -> list:
    files = []
    for folder in folders:
        root = CORPUS / folder
        if root.exists():
            files += sorted(
                p for p in root.rglob("*") if p.is_file() and not p.name.startswith("LICENSE")
            )
    return files


FEEDPARSER = corpus_files("feedparser-tests")
RSSANT = corpus_files("rssant-feedlib-testdata")
NEWS = corpus_files("news-feeds")


def _check_items(items: list[Item]) -> None:
    for item in items:
        assert isinstance(item.title, str) and isinstance(item.summary, str)
        assert isinstance(item.content, str) and isinstance(item.link, str)
        assert item.id and item.published.tzinfo is not None
        assert item.link == "" or item.link.startswith(("http://", "https://"))


@pytest.mark.skipif(not FEEDPARSER, reason="../shared/corpus not present")
def test_every_feedparser_test_file_parses():
    parsed = with_items = 0
    for path in FEEDPARSER:
        result = parse_feed(path.read_bytes(), feed_name=path.stem, outlet="x", now=NOW)
        _check_items(result.items)
        parsed += 1
        with_items += bool(result.items)
    assert parsed >= 2000
    assert with_items > 400  # many test files hold only feed-level elements


@pytest.mark.skipif(not RSSANT, reason="../shared/corpus not present")
@pytest.mark.parametrize("path", RSSANT, ids=[p.name[:60] for p in RSSANT])
def test_rssant_files_parse(path):
    result = parse_feed(path.read_bytes(), feed_name="f", outlet="x", now=NOW)
    _check_items(result.items)
    if "/failed/" in str(path) or "/html/" in str(path):
        assert not result.items or result.bozo  # HTML in place of a feed is recognised as such


EXPECTED_NEWS = {
    "aljazeera-all-rss.xml": 25,
    "bbc-news-frontpage-rss.xml": 16,
    "dw-english-all-rdf.xml": 137,
    "guardian-us-rss.xml": 55,
    "oschina-news-zh-rss.xml": 50,
    "physorg-rss.xml": 30,
    "qq-news-gb2312-rss.xml": 20,
    "uol-noticias-latin1-rss.xml": 15,
    "sciencemag-twis-rdf.xml": 69,
}


@pytest.mark.skipif(not NEWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("name,count", sorted(EXPECTED_NEWS.items()))
def test_news_feeds_yield_every_item(name, count):
    result = parse_feed(
        (CORPUS / "news-feeds" / name).read_bytes(), feed_name=name, outlet="x", now=NOW
    )
    assert len(result.items) == count  # bozo feeds (bad &, wrong charset) still yield entries
    _check_items(result.items)
    assert all("<" not in it.title for it in result.items)


def test_html_is_reduced_to_text_and_entities_decoded():
    feed = b"""<rss version="2.0"><channel><title>t</title><item><title>A &amp; B &lt;b&gt;</title>
    <description>&lt;p&gt;Hello &lt;script&gt;evil()&lt;/script&gt;
    &lt;b&gt;world&lt;/b&gt;&amp;nbsp;!&lt;/p&gt;</description>
    <link>https://x.example/a?utm_source=rss#frag</link></item></channel></rss>"""
    [item] = parse_feed(feed, feed_name="f", outlet="o", now=NOW).items
    assert item.title == "A & B <b>"
    assert "evil" not in item.summary and "world" in item.summary and "<" not in item.summary


def test_ids_are_stable_and_fall_back():
    assert item_id("f", "urn:1", "", "h") == item_id("f", "urn:1", "https://other", "h2")
    assert item_id("f", "https://x.example/a", "", "") == item_id(
        "g", "https://x.example/a", "", ""
    )
    assert item_id("f", "", "https://x.example/a", "h") != item_id("f", "", "", "h")
    assert (
        canonical_link("https://WWW.X.example/a/?utm_source=z&id=3#top")
        == "https://x.example/a?id=3"
    )


def test_missing_dates_fall_back_to_first_seen_and_future_dates_are_clamped():
    feed = b"""<rss version="2.0"><channel><title>t</title>
    <item><title>no date</title><link>https://x.example/1</link></item>
    <item><title>future</title><link>https://x.example/2</link>
    <pubDate>Mon, 01 Jan 2035 00:00:00 GMT</pubDate></item>
    </channel></rss>"""
    items = parse_feed(feed, feed_name="f", outlet="o", now=NOW).items
    assert [it.published for it in items] == [NOW, NOW]


def test_items_without_title_or_link_are_kept_when_they_have_text():
    feed = b"""<rss version="2.0"><channel><title>t</title>
    <item><description>Only a body about North Korean troops.</description></item>
    <item></item></channel></rss>"""
    items = parse_feed(feed, feed_name="f", outlet="o", now=NOW).items
    assert len(items) == 1 and items[0].title.startswith("Only a body") and items[0].link == ""


def test_aggregator_source_names_the_outlet():
    feed = b"""<rss version="2.0"><channel><title>Google News</title>
    <item><title>T - Reuters</title>
    <link>https://news.example/a</link><source url="https://reuters.example">Reuters</source></item>
    </channel></rss>"""
    [item] = parse_feed(feed, feed_name="g", outlet="Google News", now=NOW).items
    assert item.outlet == "Reuters"


def test_html_page_is_not_a_feed():
    result = parse_feed(
        b"<html><body><h1>Parked domain</h1></body></html>", feed_name="f", outlet="o", now=NOW
    )
    assert result.items == [] and not result.is_feed and result.problem
