"""Fetch stage: one HTTP (or local file) read per feed, politely.

httpx does the network: bounded concurrency, per-request timeout, a body-size cap,
gzip, few redirects, conditional GET, Retry-After. feedparser never touches the network.
"""

from __future__ import annotations

import asyncio
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

MAX_BACKOFF = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class FetchRequest:
    name: str
    url: str
    etag: str = ""
    last_modified: str = ""
    local_path: Path | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    name: str
    url: str
    status: str  # ok | not_modified | error
    body: bytes = b""
    headers: dict[str, str] | None = None
    etag: str = ""
    last_modified: str = ""
    http_status: int = 0
    error: str = ""
    retry_after: float | None = None
    final_url: str = ""
    gone: bool = False
    moved_to: str = ""  # set when every redirect on the way was permanent (301/308)


class BodyTooLarge(Exception):
    pass


def backoff_delay(error_count: int, retry_after: float | None = None) -> timedelta:
    """Exponential backoff from 1 minute, capped; a server's Retry-After wins when longer."""
    base = timedelta(minutes=2 ** max(0, min(error_count - 1, 10)))
    delay = min(base, MAX_BACKOFF)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=min(retry_after, MAX_BACKOFF.total_seconds())))
    return delay


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def make_client(
    *,
    timeout: float,
    user_agent: str,
    max_redirects: int,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        max_redirects=max_redirects,
        headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        transport=transport,
        # httpcore checks every pooled connection on each request: many idle ones cost more
        # CPU than they save (20 idle doubled a 1,000-feed all-304 poll's CPU; 8 did not)
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=8),
    )


def _decoder(encoding: str) -> Any:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib-wrapped or gzip, detected
    raise BodyTooLarge(f"unsupported content encoding {encoding!r}")


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes * 4:
        raise BodyTooLarge(f"body of {int(declared):,} bytes is over the {max_bytes:,}-byte cap")
    # Inflate by hand with an output limit: httpx inflates a whole network chunk at once,
    # and 64 kB of a gzip bomb is 64 MB before any cap could look at it.
    decoder = _decoder(response.headers.get("content-encoding", ""))
    chunks: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw():
        try:
            chunk = decoder.decompress(raw, max_bytes - size + 1) if decoder else raw
        except zlib.error as exc:
            raise BodyTooLarge(f"corrupt compressed body: {exc}") from None
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLarge(f"body over the {max_bytes:,}-byte cap")
        chunks.append(chunk)
    if decoder:
        chunks.append(decoder.flush())
    return b"".join(chunks)


async def fetch_one(
    client: httpx.AsyncClient, request: FetchRequest, *, max_bytes: int, timeout: float
) -> FetchResult:
    if request.local_path is not None:
        return await asyncio.to_thread(_read_local, request, max_bytes)
    headers = {}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    now = datetime.now(UTC)
    try:
        async with asyncio.timeout(timeout * 2):
            async with client.stream("GET", request.url, headers=headers) as response:
                final_url = str(response.url)
                moved_to = final_url if _moved_permanently(response) else ""
                if response.status_code == 304 or response.status_code >= 400:
                    await _drain(response)
                if response.status_code == 304:
                    return FetchResult(
                        request.name,
                        request.url,
                        "not_modified",
                        http_status=304,
                        etag=request.etag,
                        last_modified=request.last_modified,
                        final_url=final_url,
                        moved_to=moved_to,
                    )
                if response.status_code >= 400:
                    retry = parse_retry_after(response.headers.get("retry-after"), now)
                    reason = response.reason_phrase or "error"
                    return FetchResult(
                        request.name,
                        request.url,
                        "error",
                        http_status=response.status_code,
                        error=f"HTTP {response.status_code} {reason}",
                        retry_after=retry,
                        final_url=final_url,
                        gone=response.status_code == 410,
                    )
                body = await _read_capped(response, max_bytes)
                return FetchResult(
                    request.name,
                    request.url,
                    "ok",
                    body=body,
                    headers={k.lower(): v for k, v in response.headers.items()},
                    etag=response.headers.get("etag", ""),
                    last_modified=response.headers.get("last-modified", ""),
                    http_status=response.status_code,
                    final_url=final_url,
                    moved_to=moved_to,
                )
    except BodyTooLarge as exc:
        return FetchResult(request.name, request.url, "error", error=str(exc))
    except TimeoutError:
        return FetchResult(request.name, request.url, "error", error="timed out")
    except httpx.TooManyRedirects:
        return FetchResult(request.name, request.url, "error", error="too many redirects")
    except httpx.TimeoutException:
        return FetchResult(request.name, request.url, "error", error="timed out")
    except httpx.HTTPError as exc:
        kind = type(exc).__name__
        detail = str(exc) or kind
        return FetchResult(request.name, request.url, "error", error=f"{kind}: {detail}"[:300])


async def _drain(response: httpx.Response, limit: int = 64 * 1024, seconds: float = 2.0) -> None:
    """Read an unwanted body (a 304's, an error page) so the connection can carry the next
    request: one left unread is closed, and each later request to that host pays a new
    TCP (and TLS) handshake. A large or slow body is not worth it: that connection closes."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return
    size = 0
    try:
        # its own short budget: a slow error page must not turn "HTTP 500" into "timed out"
        async with asyncio.timeout(seconds):
            async for chunk in response.aiter_raw():
                size += len(chunk)
                if size > limit:
                    return
    except (httpx.HTTPError, TimeoutError):
        return  # the answer is already known; a broken body only costs the connection


def _moved_permanently(response: httpx.Response) -> bool:
    # One temporary hop anywhere means the old URL may come back; only follow it next time.
    history = response.history
    return bool(history) and all(r.status_code in (301, 308) for r in history)


def _read_local(request: FetchRequest, max_bytes: int) -> FetchResult:
    assert request.local_path is not None
    try:
        size = request.local_path.stat().st_size
        if size > max_bytes:
            return FetchResult(request.name, request.url, "error", error="file over the size cap")
        body = request.local_path.read_bytes()
    except OSError as exc:
        return FetchResult(request.name, request.url, "error", error=f"cannot read file: {exc}")
    return FetchResult(request.name, request.url, "ok", body=body, headers={})


async def fetch_all(
    requests: Sequence[FetchRequest],
    *,
    client: httpx.AsyncClient,
    concurrency: int,
    max_bytes: int,
    timeout: float,
) -> list[FetchResult]:
    """Fetch every feed; a slow or broken feed only ever costs its own timeout."""
    semaphore = asyncio.Semaphore(concurrency)

    async def guarded(request: FetchRequest) -> FetchResult:
        async with semaphore:
            # A little jitter so a thousand feeds on one host do not arrive as one burst.
            await asyncio.sleep(random.uniform(0, 0.01))
            return await fetch_one(client, request, max_bytes=max_bytes, timeout=timeout)

    return list(await asyncio.gather(*(guarded(r) for r in requests)))
