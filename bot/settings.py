"""Environment settings (token, database, admins, API URL): the only reader of os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field


class SettingsError(Exception):
    """An environment variable is set to something unusable."""


@dataclass(frozen=True)
class Settings:
    token: str = field(default="", repr=False)
    database_url: str = "sqlite+aiosqlite:///data/briefing.db"
    admin_ids: frozenset[int] = frozenset()
    telegram_api_url: str = "https://api.telegram.org/bot"
    webhook_url: str = ""
    port: int = 8080
    config_path: str = "feeds.yaml"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        admins: set[int] = set()
        for part in env.get("ADMIN_IDS", "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.lstrip("-").isdigit():
                raise SettingsError(f"ADMIN_IDS: {part!r} is not a numeric Telegram user id")
            admins.add(int(part))
        port = env.get("PORT", "8080")
        if not port.isdigit():
            raise SettingsError(f"PORT: {port!r} is not a port number")
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN", "").strip(),
            database_url=env.get("DATABASE_URL", "").strip() or cls.database_url,
            admin_ids=frozenset(admins),
            telegram_api_url=env.get("TELEGRAM_API_URL", "").strip() or cls.telegram_api_url,
            webhook_url=env.get("WEBHOOK_URL", "").strip(),
            port=int(port),
            config_path=env.get("BOT_CONFIG", "").strip() or cls.config_path,
        )
