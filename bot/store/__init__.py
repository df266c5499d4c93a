"""Store stage: SQLite or PostgreSQL (any SQLAlchemy async URL) behind a small async API."""

from bot.store.db import Store
from bot.store.engine import StoreError

__all__ = ["Store", "StoreError"]
