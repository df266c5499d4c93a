"""Shared fixtures: a feed server on 127.0.0.1, a fresh test database (tests/databases.py:
SQLite, or PostgreSQL when TEST_DATABASE_URL is set), configs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Config, FeedConfig, load_config
from bot.models import Item
from tests.databases import Databases
from tests.fakes.feed_server import FeedServer

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def base_config() -> Config:
    return load_config(ROOT / "feeds.yaml")


def config_with_feeds(config: Config, feeds: list[tuple[str, str]], **poll: object) -> Config:
    update: dict[str, object] = {"feeds": [FeedConfig(name=n, url=u) for n, u in feeds]}
    if poll:
        update["poll"] = config.poll.model_copy(update=poll)
    return config.model_copy(update=update)


def news_item(
    body: str, *, title: str = "t", outlet: str = "Test Outlet", language: str = "en"
) -> Item:
    """One item of news prose, for the claims stage's data-driven tests."""
    return Item(
        id="i1",
        feed="f",
        outlet=outlet,
        title=title,
        link="",
        summary="",
        content=body,
        published=datetime(2026, 1, 1, tzinfo=UTC),
        language=language,
    )


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[Databases]:
    """Fresh test databases: SQLite in tmp_path, or PostgreSQL when TEST_DATABASE_URL is set."""
    made = Databases(tmp_path)
    try:
        yield made
    finally:
        made.drop_all()


@pytest.fixture
def db_url(databases: Databases) -> str:
    return databases.new()
