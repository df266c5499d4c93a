"""Full-text stage for teaser-only feeds: fetch the linked article, keep its main text."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from bot.feeds.fetch import FetchRequest, fetch_one

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Article:
    """The article's main text ('' when none was had) and, if it failed, why."""

    text: str = ""
    problem: str = ""


def extract_main_text(html: bytes, url: str) -> str:
    import trafilatura  # imported late: it is heavy and only full_text feeds need it

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    return text or ""


async def fetch_article_text(
    client: httpx.AsyncClient, url: str, *, max_bytes: int, timeout: float
) -> Article:
    """The article's main text; on any failure the teaser is kept and the problem said."""
    if urlsplit(url).scheme not in ("http", "https"):
        return Article()
    result = await fetch_one(
        client, FetchRequest("article", url), max_bytes=max_bytes, timeout=timeout
    )
    if result.status != "ok" or not result.body:
        return Article()
    try:
        return Article(await asyncio.to_thread(extract_main_text, result.body, url))
    except Exception as exc:  # an extractor bug or a missing extra must never sink a poll
        log.warning("article extraction failed for %s: %s", url, exc)
        return Article(problem=f"article text not extracted ({type(exc).__name__}: {exc})"[:300])
