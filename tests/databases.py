"""Test databases for the store's tests: SQLite files in a temporary folder, or, when
TEST_DATABASE_URL names a PostgreSQL server (CI starts one with .ci/postgres), a fresh
database on it for each use, dropped afterwards.

Tests ask for URLs and run SQL through `fetch`/`execute`, never assuming a file on disk.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKEND = "postgresql" if PG_URL else "sqlite"
_names = itertools.count()


def _run(coro: Any) -> Any:
    """Run a coroutine to completion from sync code, also inside a running event loop (an
    async test's): on a thread of its own, with a loop of its own."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as err:  # handed to the caller's thread
            box["error"] = err

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


async def _pg(url: str, statements: Sequence[str], args: Sequence[Any] = ()) -> list[tuple]:
    import asyncpg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(plain)
    try:
        rows: list[tuple] = []
        for sql in statements:
            if sql.lstrip().lower().startswith("select"):
                rows = [tuple(r) for r in await conn.fetch(sql, *args)]
            else:
                await conn.execute(sql, *args)
        return rows
    finally:
        await conn.close()


class Databases:
    """Makes, copies and drops test databases; one per test (fixture `databases`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.backend = BACKEND
        self.made: list[str] = []

    def new(self, name: str = "test") -> str:
        """The URL of a new, empty database."""
        if self.backend == "sqlite":
            return f"sqlite+aiosqlite:///{self.folder}/{name}-{next(_names)}.db"
        database = f"t{os.getpid()}_{next(_names)}_{name}".lower()
        _run(_pg(PG_URL, [f'CREATE DATABASE "{database}"']))
        self.made.append(database)
        return self.url_of(database)

    def copy(self, url: str, name: str) -> str:
        """A copy of a database no one is connected to."""
        if self.backend == "sqlite":
            source = Path(_sqlite_path(url))
            target = self.folder / f"{name}-{next(_names)}.db"
            with sqlite3.connect(source) as conn:  # fold the WAL in: one file to copy
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy(source, target)
            return f"sqlite+aiosqlite:///{target}"
        database = f"t{os.getpid()}_{next(_names)}_{name}".lower()
        source = make_url(url).database
        _run(_pg(PG_URL, [f'CREATE DATABASE "{database}" TEMPLATE "{source}"']))
        self.made.append(database)
        return self.url_of(database)

    def url_of(self, database: str) -> str:
        return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if self.made:
            _run(_pg(PG_URL, [f'DROP DATABASE IF EXISTS "{d}" WITH (FORCE)' for d in self.made]))
            self.made.clear()


def fetch(url: str, sql: str, *args: Any) -> list[tuple]:
    """Rows of one SELECT on a test database (`$1`-style parameters work on both)."""
    if make_url(url).get_backend_name() == "sqlite":
        with sqlite3.connect(_sqlite_path(url)) as conn:
            return [tuple(r) for r in conn.execute(sql.replace("$1", "?"), args).fetchall()]
    return _run(_pg(url, [sql], args))


def execute(url: str, *statements: str) -> None:
    """Run statements (DDL, triggers) on a test database, outside the code under test."""
    if make_url(url).get_backend_name() == "sqlite":
        with sqlite3.connect(_sqlite_path(url)) as conn:
            for sql in statements:
                conn.executescript(sql)
        return
    _run(_pg(url, statements))


def _sqlite_path(url: str) -> str:
    database = make_url(url).database
    assert database, url
    return database
