"""Store stage: SQLite (or any SQLAlchemy async URL) behind a small async API."""

from bot.store.db import Store

__all__ = ["Store"]
