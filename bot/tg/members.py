"""Who administers a group: asked of Telegram (getChatMember) and remembered for a minute.

A group belongs to its administrators: only they may subscribe it, unsubscribe it (which
deletes what the bot keeps about it) or change its digests. The answer is cached briefly so
a burst of commands costs one API call, yet a demoted administrator loses the right soon.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from telegram import Bot, Message
from telegram.constants import ChatMemberStatus

ADMIN_STATUSES = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})


def posts_as_the_group(message: Message | None) -> bool:
    """An anonymous administrator's message: sent on behalf of the group itself (Telegram
    shows it from GroupAnonymousBot). Only administrators can post as the group."""
    return bool(message and message.sender_chat and message.sender_chat.id == message.chat.id)


class GroupAdmins:
    def __init__(
        self,
        ttl: float = 60.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._known: dict[tuple[int, int], tuple[bool, float]] = {}  # -> (admin, valid until)

    async def is_admin(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        """True for the group's owner and administrators; raises TelegramError when
        Telegram cannot say (the caller refuses then, and nothing is cached)."""
        now = self.clock()
        known = self._known.get((chat_id, user_id))
        if known and known[1] > now:
            return known[0]
        member = await bot.get_chat_member(chat_id, user_id)
        admin = member.status in ADMIN_STATUSES
        if len(self._known) >= self.max_entries:
            self._known = {k: v for k, v in self._known.items() if v[1] > now}
            if len(self._known) >= self.max_entries:  # all fresh: start over, it is a cache
                self._known.clear()
        self._known[(chat_id, user_id)] = (admin, now + self.ttl)
        return admin
