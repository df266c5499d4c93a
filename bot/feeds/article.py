"""Full-text stage for teaser-only feeds: fetch the linked article, keep its main text."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import httpx

from bot.feeds.fetch import FetchRequest, fetch_one


def extract_main_text(html: bytes, url: str) -> str:
    import trafilatura  # imported late: it is heavy and only full_text feeds need it

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    return text or ""


async def fetch_article_text(
    client: httpx.AsyncClient, url: str, *, max_bytes: int, timeout: float
) -> str:
    """The article's main text, or '' when it cannot be had (the teaser is kept then)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return ""
    result = await fetch_one(
        client, FetchRequest("article", url), max_bytes=max_bytes, timeout=timeout
    )
    if result.status != "ok" or not result.body:
        return ""
    return await asyncio.to_thread(extract_main_text, result.body, url)
