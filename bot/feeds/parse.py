"""Parse stage: feed bytes -> the project's own Item values.

feedparser's dictionaries never leave this module.
"""

from __future__ import annotations

import calendar
import hashlib
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from bot.models import Item
from bot.text import clean_text

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "at_medium")


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    items: list[Item]
    title: str = ""
    bozo: bool = False
    problem: str = ""
    is_feed: bool = True


def canonical_link(link: str) -> str:
    """The link without tracking parameters, fragment or host case: equal articles, equal links."""
    link = (link or "").strip()
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    query = parts.query and urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING_PARAMS)
        ]
    )
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, query, ""))


def content_hash(title: str, body: str) -> str:
    normalized = " ".join((title + " " + body[:2000]).lower().split())
    return hashlib.sha1(normalized.encode("utf-8")).hexdigest()[:20]


def item_id(feed_name: str, guid: str, link: str, digest: str) -> str:
    """Stable id: the guid (scoped to its feed unless it is a URL), else the link, else content."""
    guid = (guid or "").strip()
    if guid:
        scope = "" if urlsplit(guid).scheme in ("http", "https") else feed_name
        key = f"guid:{scope}:{canonical_link(guid) or guid}"
    elif link:
        key = f"link:{link}"
    else:
        key = f"hash:{digest}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def _when(entry: Mapping[str, Any], now: datetime) -> datetime:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                when = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
            # A date far in the future is a publisher's mistake: treat the item as new now.
            return min(when, now) if when > now + timedelta(hours=1) else when
    return now


def _text_of(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _clean(value: Any, detail: Any) -> str:
    """Plain text of a feed field; text/plain fields are not read as markup ("<b>" stays)."""
    text = _text_of(value)
    kind = detail.get("type", "") if isinstance(detail, Mapping) else ""
    if kind == "text/plain":
        return clean_text(text.replace("&", "&amp;").replace("<", "&lt;"))
    return clean_text(text)


def parse_feed(
    data: bytes,
    *,
    feed_name: str,
    outlet: str,
    now: datetime,
    language: str = "en",
    headers: Mapping[str, str] | None = None,
    base_url: str = "",
) -> ParsedFeed:
    """Items from RSS 0.9x/1.0/2.0, RDF or Atom bytes; a bozo feed with entries is still used."""
    with warnings.catch_warnings():
        # feedparser warns about its own updated/published fallback on every entry read
        warnings.simplefilter("ignore", DeprecationWarning)
        return _parse(data, feed_name, outlet, now, language, headers, base_url)


def _parse(
    data: bytes,
    feed_name: str,
    outlet: str,
    now: datetime,
    language: str,
    headers: Mapping[str, str] | None,
    base_url: str,
) -> ParsedFeed:
    try:
        # No sanitizing or URI rewriting inside HTML: clean_text drops every tag anyway and
        # links are resolved below, so that work (a third of feedparser's time) is wasted.
        parsed = feedparser.parse(
            data,
            response_headers=dict(headers or {}),
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except Exception as exc:  # feedparser is robust, but a parse must never kill a poll
        return ParsedFeed([], bozo=True, problem=f"unparseable: {exc}", is_feed=False)
    entries = parsed.get("entries") or []
    problem = ""
    if parsed.get("bozo"):
        problem = str(parsed.get("bozo_exception") or "ill-formed feed")[:200]
    feed_info = parsed.get("feed") or {}
    feed_language = (_text_of(feed_info.get("language")) or language)[:2].lower() or "en"
    items: list[Item] = []
    seen: set[str] = set()
    for raw in entries:
        # A plain dict: FeedParserDict.get runs key aliasing and deprecation checks on every
        # read, a tenth of the parse stage's time; the stored keys are the canonical ones.
        entry = dict(raw)
        title = _clean(entry.get("title"), entry.get("title_detail"))
        link = _text_of(entry.get("link")).strip()
        if link and not urlsplit(link).scheme and base_url:
            link = urljoin(base_url, link)
        summary = _clean(entry.get("summary"), entry.get("summary_detail"))
        contents = [c for c in entry.get("content") or [] if isinstance(c, Mapping)]
        longest = max(contents, key=lambda c: len(_text_of(c.get("value"))), default=None)
        content = _clean(longest.get("value"), longest) if longest else ""
        if content == summary:
            content = ""
        if not (title or summary or content):
            continue
        if not title:
            title = (summary or content)[:120].split("\n")[0]
        body = content or summary
        source = entry.get("source")
        # Aggregators (Google News) name the real outlet of each entry in <source>.
        item_outlet = outlet
        if isinstance(source, Mapping) and _text_of(source.get("title")).strip():
            item_outlet = clean_text(_text_of(source.get("title")))[:100]
        digest = content_hash(title, body)
        canon = canonical_link(link)
        identifier = item_id(feed_name, _text_of(entry.get("id")), canon, digest)
        if identifier in seen:
            continue
        seen.add(identifier)
        items.append(
            Item(
                id=identifier,
                feed=feed_name,
                outlet=item_outlet,
                title=title[:500],
                link=link if canon else "",
                summary=summary,
                content=content,
                published=_when(entry, now),
                language=(_text_of(entry.get("language")) or feed_language)[:2].lower(),
                content_hash=digest,
            )
        )
    is_feed = bool(entries) or bool(parsed.get("version"))
    if not is_feed:
        problem = f"not a feed ({problem or 'no RSS, Atom or RDF structure found'})"
    return ParsedFeed(
        items,
        title=clean_text(_text_of(feed_info.get("title"))),
        bozo=bool(parsed.get("bozo")),
        problem=problem,
        is_feed=is_feed,
    )
