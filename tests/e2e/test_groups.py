"""A group belongs to its administrators: members may read, only admins change its state.

Who administers a group is the fake Bot API's answer to getChatMember, as Telegram's is.
"""

from __future__ import annotations

import asyncio
import html
from datetime import UTC, datetime

import pytest

from bot.__main__ import demo_config
from bot.store import Store
from tests.e2e.harness import Clock, running_bot
from tests.e2e.harness import ask as ask_html
from tests.fakes.bot_api import FakeBotApi, Fault

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # just after the demo feeds' newest items
GROUP, ADMIN, OWNER, MEMBER = -1009, 91, 92, 93
REFUSED = "for this group's administrators"
NOTE = "In this group, /start, /stop and changing /digest are for its administrators."


@pytest.fixture
def config(base_config):
    return demo_config(base_config)  # the bundled sample feeds, read from disk


async def ask(api: FakeBotApi, chat_id: int, text: str, **how: object) -> str:
    """The reply as the user reads it (Telegram HTML unescaped)."""
    return html.unescape(await ask_html(api, chat_id, text, **how))


def member_checks(api: FakeBotApi) -> list[int]:
    return [c.params["user_id"] for c in api.calls if c.method == "getChatMember"]


async def subscribed(db_url: str, chat_id: int) -> bool:
    store = await Store.open(db_url)
    try:
        sub = await store.chats.subscriber(chat_id)
        return sub is not None and sub.active
    finally:
        await store.close()


@pytest.mark.parametrize("kind", ["group", "supergroup"])
async def test_members_read_and_only_administrators_change_the_group(config, db_url, kind):
    with FakeBotApi(rate_limits=False) as api:
        api.add_chat(GROUP, kind, "Readers")
        api.set_member(GROUP, ADMIN, "administrator")
        api.set_member(GROUP, OWNER, "creator")
        async with running_bot(api, config, db_url, Clock(NOW)):
            for command in ["/start", "/stop", "/digest 09:00", "/digest off", "/digest now"]:
                refused = await ask(api, GROUP, command, user_id=MEMBER)
                assert REFUSED in refused and refused.count("\n") == 0, (command, refused)
            assert not await subscribed(db_url, GROUP)

            started = await ask(api, GROUP, "/start@briefing_test_bot", user_id=ADMIN)
            assert "Subscribed" in started and NOTE in started
            assert "09:30" in await ask(api, GROUP, "/digest 09:30 Europe/Kyiv", user_id=OWNER)

            # reading stays open to everyone
            assert NOTE in await ask(api, GROUP, "/help", user_id=MEMBER)
            assert "Kenyans" in await ask(api, GROUP, "/latest 1", user_id=MEMBER)
            assert "Outlets watched" in await ask(api, GROUP, "/sources", user_id=MEMBER)
            assert "Nairobi Ledger" in await ask(api, GROUP, "/sources 1", user_id=MEMBER)
            assert "Why story 1 matched" in await ask(api, GROUP, "/why 1", user_id=MEMBER)
            assert "09:30" in await ask(api, GROUP, "/digest", user_id=MEMBER)

            assert REFUSED in await ask(api, GROUP, "/stop", user_id=MEMBER)
            assert await subscribed(db_url, GROUP)
            # each user's status was asked once: the answers are cached
            assert sorted(member_checks(api)) == [ADMIN, OWNER, MEMBER]

            assert "Unsubscribed" in await ask(api, GROUP, "/stop", user_id=ADMIN)
            assert not await subscribed(db_url, GROUP)


async def test_an_anonymous_administrator_posting_as_the_group_counts(config, db_url):
    with FakeBotApi(rate_limits=False) as api:
        api.add_chat(GROUP, "supergroup", "Readers")
        async with running_bot(api, config, db_url, Clock(NOW)):
            assert "Subscribed" in await ask(api, GROUP, "/start", as_chat=True)
            assert "08:15" in await ask(api, GROUP, "/digest 08:15", as_chat=True)
            assert "Unsubscribed" in await ask(api, GROUP, "/stop", as_chat=True)
            assert member_checks(api) == []  # posting as the group needs no question
            assert REFUSED in await ask(api, GROUP, "/start", user_id=MEMBER)
            assert member_checks(api) == [MEMBER]


async def test_admin_rights_are_asked_again_after_the_cache_and_failures_refuse(config, db_url):
    with FakeBotApi(rate_limits=False) as api:
        api.add_chat(GROUP, "group", "Readers")
        api.set_member(GROUP, ADMIN, "administrator")
        async with running_bot(api, config, db_url, Clock(NOW), admin_cache_seconds=0.3):
            assert "Subscribed" in await ask(api, GROUP, "/start", user_id=ADMIN)
            api.set_member(GROUP, ADMIN, "member")  # demoted
            await asyncio.sleep(0.4)
            assert REFUSED in await ask(api, GROUP, "/stop", user_id=ADMIN)
            await asyncio.sleep(0.4)
            api.inject("getChatMember", Fault(400, "Bad Request: member list is inaccessible"))
            refused = await ask(api, GROUP, "/stop", user_id=ADMIN)
            assert "could not check who administers this group" in refused
            assert await subscribed(db_url, GROUP)


async def test_private_chats_need_no_administrator(config, db_url):
    with FakeBotApi(rate_limits=False) as api:
        async with running_bot(api, config, db_url, Clock(NOW)):
            assert "Subscribed" in await ask(api, 3030, "/start")
            assert "administrators" not in await ask(api, 3030, "/help")
            assert "Unsubscribed" in await ask(api, 3030, "/stop")
            assert member_checks(api) == []
