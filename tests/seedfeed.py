"""Builds an RSS feed from ../shared/seeds (one item per article) for acceptance tests."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import yaml

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEEDS = SHARED / "seeds"
# Dates from seeds/README.md; links are invented .example URLs.
DATES = {
    "000": "2025-04-10",
    "001": "2025-04-10",
    "002": "2025-04-09",
    "003": "2025-04-11",
    "004": "2025-04-08",
}
OUTLETS = {
    "000": "India Times",
    "001": "Seed Outlet 001",
    "002": "EFE",
    "003": "Seed Outlet 003",
    "004": "Seed Outlet 004",
}


def seed_link(key: str) -> str:
    return f"https://seed-{key}.example/article-{key}"


def seed_articles() -> list[dict[str, str]]:
    out = []
    for path in sorted(SEEDS.glob("0*.txt")):
        key = path.name[:3]
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        # 001 and 004 open with a headline; 000, 002 and 003 with a credit line, a dateline or
        # "3 days ago": their title is the first sentence of the first real paragraph.
        if 5 <= len(lines[0].split()) <= 25 and not lines[0].endswith(":"):
            title, body_lines = lines[0], lines[1:]
        else:
            first = next(line for line in lines if len(line.split()) >= 12)
            title = re.split(r"(?<=[.!?])\s", first)[0][:200]
            body_lines = lines
        out.append(
            {
                "key": key,
                "title": title,
                "body": "\n".join(body_lines),
                "date": DATES[key],
                "outlet": OUTLETS[key],
            }
        )
    return out


def seed_feed(outlet_in_source: bool = True) -> bytes:
    """One RSS 2.0 document; each item's <source> names its outlet, as aggregators do."""
    items = []
    for art in seed_articles():
        when = datetime.fromisoformat(art["date"] + "T12:00:00").replace(tzinfo=UTC)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in art["body"].split("\n"))
        source = f'<source url="https://seed-{art["key"]}.example/rss">{art["outlet"]}</source>'
        items.append(f"""
  <item>
    <title>{html.escape(art["title"])}</title>
    <link>{seed_link(art["key"])}</link>
    <guid>{seed_link(art["key"])}</guid>
    <pubDate>{format_datetime(when)}</pubDate>
    {source if outlet_in_source else ""}
    <description>{html.escape(art["body"][:300])}</description>
    <content:encoded><![CDATA[{paragraphs}]]></content:encoded>
  </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Seeds</title><link>https://seeds.example/</link>
<description>seed articles</description>
{"".join(items)}
</channel></rss>""".encode()


def expected_claims() -> list[dict]:
    return yaml.safe_load((SEEDS / "expected-claims.yaml").read_text(encoding="utf-8"))["claims"]
