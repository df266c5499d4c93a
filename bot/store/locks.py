"""Store stage, locks between processes: one poll, one digest run, one sender at a time.

A host may start a second worker on the same database. PostgreSQL: session advisory locks,
which the server frees when the holder's connection drops, so a killed process holds
nothing. SQLite: flock on a file beside the database, which the kernel frees when the
process dies (a lease row would stay taken until it expired). A ':memory:' database lives
in one process, so an asyncio lock is enough there.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

try:
    import fcntl
except ImportError:  # Windows: a second process on one SQLite file is not supported there
    fcntl = None  # type: ignore[assignment]

_RETRY = 0.2  # seconds between tries while waiting for a lock


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for a lock name (the same in every process)."""
    digest = hashlib.sha256(f"briefing-bot:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Locks:
    def __init__(self, engine: AsyncEngine, url: URL) -> None:
        self.engine = engine
        self.backend = url.get_backend_name()
        database = url.database or ""
        self.folder: Path | None = None
        if self.backend == "sqlite" and database not in ("", ":memory:") and fcntl is not None:
            self.folder = Path(database).resolve().parent
            self.stem = Path(database).name
        self._local: dict[str, asyncio.Lock] = {}

    @asynccontextmanager
    async def hold(self, name: str, *, wait: float = 0.0) -> AsyncIterator[bool]:
        """Try to take lock `name` (for up to `wait` seconds); yields whether it was taken.
        The caller skips its work when it was not: another process is doing it."""
        if self.backend == "postgresql":
            async with self._advisory(name, wait) as got:
                yield got
        elif self.folder is not None:
            async with self._flock(name, wait) as got:
                yield got
        else:
            async with self._in_process(name, wait) as got:
                yield got

    @asynccontextmanager
    async def _advisory(self, name: str, wait: float) -> AsyncIterator[bool]:
        key = lock_key(name)
        async with self.engine.connect() as conn:
            got = await _retrying(lambda: _try_advisory(conn, key), wait)
            try:
                yield got
            finally:
                if got:
                    try:
                        await conn.execute(text("select pg_advisory_unlock(:k)"), {"k": key})
                        await conn.commit()
                    except BaseException:
                        # a session that may still hold the lock must not go back to the pool
                        await conn.invalidate()
                        raise

    @asynccontextmanager
    async def _flock(self, name: str, wait: float) -> AsyncIterator[bool]:
        assert self.folder is not None and fcntl is not None
        path = self.folder / f"{self.stem}-{name}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            got = await _retrying(lambda: _try_flock(fd), wait)
            yield got
        finally:
            os.close(fd)  # closing the file releases the lock

    @asynccontextmanager
    async def _in_process(self, name: str, wait: float) -> AsyncIterator[bool]:
        lock = self._local.setdefault(name, asyncio.Lock())
        got = False
        with suppress(TimeoutError):
            await asyncio.wait_for(lock.acquire(), timeout=max(wait, 0.001))
            got = True
        try:
            yield got
        finally:
            if got:
                lock.release()


async def _try_advisory(conn: AsyncConnection, key: int) -> bool:
    got = bool(await conn.scalar(text("select pg_try_advisory_lock(:k)"), {"k": key}))
    await conn.commit()  # the lock belongs to the session: no transaction stays open
    return got


async def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


async def _retrying(attempt: Callable[[], Awaitable[bool]], wait: float) -> bool:
    deadline = asyncio.get_running_loop().time() + wait
    while True:
        if await attempt():
            return True
        if asyncio.get_running_loop().time() >= deadline:
            return False
        await asyncio.sleep(_RETRY)
