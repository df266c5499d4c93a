"""Store stage, schema upgrades: an ordered list of migrations, applied on start under a lock.

A fresh database gets today's schema (tables.py) in one step, stamped with the latest
version. An older one runs every migration after its version, in order, in the same
transaction as the version bump, so a crash leaves it at the old version, whole. Several
processes starting at once take turns: on PostgreSQL behind an advisory lock (concurrent
CREATE TABLEs otherwise collide in pg_type), on SQLite inside an exclusive transaction
(otherwise two see no table and both create it). The second finds the work done.

Adding a migration: append a Migration with the next version number and a function of a
sync Connection that changes the schema of the version before it, and change tables.py to
the result (a fresh database is built from tables.py; tests/test_migrations.py checks that an
upgraded database equals a fresh one, on both backends).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    Index,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlalchemy.types import TypeEngine

from bot.store import tables as t
from bot.store.engine import StoreError
from bot.store.locks import lock_key

FIRST_VERSION = 1  # the schema of the first release, before migrations existed


@dataclass(frozen=True)
class Migration:
    version: int
    what: str
    apply: Callable[[Connection], None]


def _names_as_text(conn: Connection) -> None:
    # a 250-character feed name failed varchar(200) on PostgreSQL (SQLite never enforced it);
    # a name is the operator's choice, and an outlet's comes from the feed itself
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ALTER TABLE feeds ALTER COLUMN name TYPE text")
        conn.exec_driver_sql(
            "ALTER TABLE items ALTER COLUMN feed TYPE text, ALTER COLUMN outlet TYPE text"
        )
    else:
        retype_sqlite_columns(conn, "feeds", {"name": Text()})
        retype_sqlite_columns(conn, "items", {"feed": Text(), "outlet": Text()})


def _primary_claims(conn: Connection) -> None:
    # claims past an item's own share are kept too, shown only where other items carry them;
    # every claim saved before was within the share
    default = "true" if conn.dialect.name == "postgresql" else "1"
    conn.exec_driver_sql(
        f"ALTER TABLE claims ADD COLUMN primary_claim BOOLEAN NOT NULL DEFAULT {default}"
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "feed and outlet names as text, not varchar(200)", _names_as_text),
    Migration(3, "claims past an item's share, marked (claims.primary_claim)", _primary_claims),
)
LATEST = MIGRATIONS[-1].version if MIGRATIONS else FIRST_VERSION


async def migrate(engine: AsyncEngine) -> list[int]:
    """Bring the database to the latest schema; returns the versions applied (empty when it
    was up to date, [LATEST] when it was created)."""
    async with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # taken before the first read: a shared lock upgraded later can deadlock
            await conn.exec_driver_sql("BEGIN EXCLUSIVE")
        elif conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key("migrate")})
        try:
            applied = await conn.run_sync(_upgrade)
            await conn.commit()
        except BaseException:
            await conn.rollback()
            raise
    return applied


def _upgrade(conn: Connection) -> list[int]:
    if not inspect(conn).has_table("meta"):
        t.metadata.create_all(conn)
        conn.execute(insert(t.meta).values(key="schema", value=str(LATEST)))
        return [LATEST]
    found = conn.execute(select(t.meta.c.value).where(t.meta.c.key == "schema")).scalar()
    version = int(found) if found else FIRST_VERSION
    if version > LATEST:
        raise StoreError(
            f"the database has schema version {version}, newer than this bot's ({LATEST}): "
            "run the newer bot, or upgrade this one"
        )
    applied = []
    for migration in MIGRATIONS:
        if migration.version > version:
            migration.apply(conn)
            applied.append(migration.version)
    if applied:
        values = {"value": str(LATEST)}
        if found is None:
            conn.execute(insert(t.meta).values(key="schema", **values))
        else:
            conn.execute(update(t.meta).where(t.meta.c.key == "schema").values(**values))
    return applied


def retype_sqlite_columns(conn: Connection, name: str, types: dict[str, TypeEngine]) -> None:
    """SQLite cannot ALTER a column's type: the table is rebuilt as it stands in the database
    (not as tables.py has it today) with these columns retyped, rows copied, indexes remade."""
    old = Table(name, MetaData(), autoload_with=conn)
    new = Table(f"_new_{name}", MetaData())
    for column in old.columns:
        copy = column._copy()
        if column.name in types:
            copy.type = types[column.name]
        new.append_column(copy)
    for constraint in old.constraints:
        if isinstance(constraint, UniqueConstraint):
            new.append_constraint(constraint._copy())
    conn.execute(CreateTable(new))
    columns = ", ".join(f'"{c.name}"' for c in old.columns)
    conn.exec_driver_sql(f'INSERT INTO "_new_{name}" ({columns}) SELECT {columns} FROM "{name}"')
    indexes = list(old.indexes)
    conn.exec_driver_sql(f'DROP TABLE "{name}"')
    conn.exec_driver_sql(f'ALTER TABLE "_new_{name}" RENAME TO "{name}"')
    renamed = Table(name, MetaData(), autoload_with=conn)
    for index in indexes:
        columns_of: list[Column] = [renamed.c[c.name] for c in index.columns]
        conn.execute(CreateIndex(Index(index.name, *columns_of, unique=bool(index.unique))))
