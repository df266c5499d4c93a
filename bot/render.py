"""Render stage: Digest -> Telegram HTML messages (each <= 4096 characters) or plain text.

Pure. Jinja2 autoescapes every piece of feed text in the HTML templates; links are kept
only when they are http(s).
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jinja2

from bot.models import Digest, Story
from bot.resources import templates_dir

TELEGRAM_LIMIT = 4096
_JOINERS = "\u200d\ufe0e\ufe0f" + "".join(map(chr, range(0x1F3FB, 0x1F400)))  # ZWJ, VS, skin
TEMPLATES = templates_dir()  # templates/ in a checkout, its copy inside an installed wheel


def http_url(value: str) -> str:
    """The URL if it is a plain http(s) link, else '' (no javascript:, tg:, data: ...)."""
    value = (value or "").strip()
    parts = urlsplit(value)
    if (
        parts.scheme.lower() in ("http", "https")
        and parts.netloc
        and not any(c in value for c in "\x00\n\r\t <>\"'")
    ):
        return value
    return ""


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


def clip(value: Any, limit: int) -> str:
    text = " ".join(str(value or "").split())
    if len(text) <= limit:
        return text
    cut = max(0, limit - 1)
    # never leave an accent, a variation selector or half an emoji sequence behind the cut
    while cut > 0 and (
        unicodedata.combining(text[cut]) or text[cut] in _JOINERS or text[cut - 1] == "\u200d"
    ):
        cut -= 1
    return text[:cut].rstrip() + "…"


def ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 90:
        return "just now"
    if seconds < 5400:
        return f"{seconds // 60} min ago"
    if seconds < 172800:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


@lru_cache(maxsize=4)
def environment(folder: str = str(TEMPLATES)) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html")),
        trim_blocks=False,
        lstrip_blocks=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["http_url"] = http_url
    env.filters["clip"] = clip
    env.filters["ago"] = ago
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context).strip()


def window_label(digest: Digest, tz: str = "UTC") -> str:
    zone = ZoneInfo(tz)

    def fmt(when: datetime) -> str:
        return when.astimezone(zone).strftime("%d %b %H:%M")

    return f"{fmt(digest.since)} – {fmt(digest.until)} ({tz})"


def _story_html(story: Story, number: int) -> str:
    # rank and update time are not shown, so a story re-ranked a minute later (or sent to
    # many chats) is rendered once; fitting it into a message takes up to five renders
    return _fitted_story(replace(story, score=0.0, updated=None), number)


@lru_cache(maxsize=256)
def _fitted_story(story: Story, number: int) -> str:
    """A story that fits one message: fewer claims and shorter texts until it does."""
    for claims, text_limit, title_limit in (
        (None, 400, 200),
        (4, 300, 160),
        (2, 200, 120),
        (1, 150, 100),
        (0, 100, 80),
    ):
        shown = story if claims is None else _with_claims(story, claims)
        html = render(
            "digest.html.j2",
            header=False,
            story=shown,
            number=number,
            text_limit=text_limit,
            title_limit=title_limit,
            empty=False,
        )
        if telegram_length(html) <= TELEGRAM_LIMIT - 200:
            return html
    return html


def _with_claims(story: Story, count: int) -> Story:
    return replace(story, claims=story.claims[:count], items=story.items[:20])


def render_digest_html(digest: Digest, tz: str = "UTC", title: str = "") -> list[str]:
    """Telegram messages, split at story boundaries so none exceeds 4096 characters."""
    header = render(
        "digest.html.j2",
        header=True,
        story=None,
        empty=not digest.stories,
        topic=title or digest.topic,
        window=window_label(digest, tz),
        total_stories=digest.total_stories,
        total_items=digest.total_items,
    )
    messages: list[str] = []
    current = header
    for number, story in enumerate(digest.stories, 1):
        block = _story_html(story, number)
        if telegram_length(current) + 2 + telegram_length(block) > TELEGRAM_LIMIT:
            messages.append(current)
            current = block
        else:
            current = f"{current}\n\n{block}" if current else block
    messages.append(current)
    return [m for m in messages if m.strip()]


def render_digest_text(digest: Digest, tz: str = "UTC", title: str = "") -> str:
    return render(
        "digest.txt.j2", digest=digest, topic=title or digest.topic, window=window_label(digest, tz)
    )
