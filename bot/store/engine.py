"""Store stage, connection half: DATABASE_URL as hosts give it -> an async engine, or StoreError.

Hosts hand out `postgres://user:pass@host/db?sslmode=require`; SQLAlchemy wants a driver
name and asyncpg wants `ssl=`. Both are mapped here, so the URL is used as given. A database
that cannot be opened is one StoreError line that never contains the password.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


class StoreError(Exception):
    """The database cannot be opened or upgraded; the message is one line, password hidden."""


# libpq's query parameters (what hosts put in their URLs) and asyncpg's names for them
_ASYNCPG_PARAMS = {"sslmode": "ssl", "connect_timeout": "timeout"}
_SERVER_SETTINGS = ("application_name", "search_path")  # asyncpg takes these as settings
_SSL_MODES = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}


def parse_url(url: str) -> tuple[URL, dict[str, Any]]:
    """The URL SQLAlchemy should use and the driver's extra connect arguments."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise StoreError(f"{_shown(url)!r} is not a database URL") from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    connect_args: dict[str, Any] = {}
    if parsed.drivername == "postgresql+asyncpg":
        query = dict(parsed.query)
        for libpq, asyncpg in _ASYNCPG_PARAMS.items():
            if libpq in query:
                query[asyncpg] = query.pop(libpq)
        if "ssl" in query and query["ssl"] not in _SSL_MODES:
            raise StoreError(
                f"sslmode={query['ssl']!r} is not one of {', '.join(sorted(_SSL_MODES))}"
            )
        if "timeout" in query:
            connect_args["timeout"] = float(str(query.pop("timeout")))
        settings = {k: str(query.pop(k)) for k in _SERVER_SETTINGS if k in query}
        if settings:
            connect_args["server_settings"] = settings
        parsed = parsed.set(query=query)
    elif parsed.get_backend_name() == "sqlite":
        connect_args["timeout"] = 30  # seconds a writer waits for another's lock
    return parsed, connect_args


def create_engine(parsed: URL, connect_args: dict[str, Any]) -> AsyncEngine:
    sqlite = parsed.get_backend_name() == "sqlite"
    try:
        # a server may restart under a long-running bot: a pooled connection is checked
        # before use (a file database needs no such check)
        engine = create_async_engine(parsed, connect_args=connect_args, pool_pre_ping=not sqlite)
    except (SQLAlchemyError, ImportError, TypeError, ValueError) as err:
        raise StoreError(f"cannot use {shown_url(parsed)}: {describe(err, parsed)}") from None
    if sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def shown_url(parsed: URL) -> str:
    return parsed.render_as_string(hide_password=True)


def _shown(url: str) -> str:
    """An unparsable URL, with whatever sits between '//user:' and '@' hidden."""
    head, sep, tail = url.partition("://")
    if sep and "@" in tail:
        creds, _, rest = tail.rpartition("@")
        user = creds.split(":", 1)[0]
        return f"{head}://{user}:***@{rest}"
    return url


def describe(err: BaseException, parsed: URL | None = None) -> str:
    """A driver's complaint on one line: the driver's own words, not SQLAlchemy's wrapping."""
    inner = err.orig if isinstance(err, DBAPIError) and err.orig is not None else err
    text = str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__
    if isinstance(inner, OSError) and not str(inner).strip():
        text = type(inner).__name__
    if parsed is not None and parsed.password:
        text = text.replace(str(parsed.password), "***")
    return text


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # busy_timeout first: switching to WAL takes a lock that another process may hold
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
