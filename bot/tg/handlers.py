"""Command handlers: parse arguments, call one service function, render a template, reply."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.chats import ChatService
from bot.config import Config
from bot.flood import FloodGate
from bot.render import render
from bot.schedule import ScheduleError, next_slot, parse_schedule
from bot.settings import Settings
from bot.tg.deliver import deliver_pending
from bot.tg.members import GroupAdmins, posts_as_the_group

log = logging.getLogger(__name__)

USAGE = {
    "latest": "/latest or /latest 3 (1–20 stories)",
    "sources": "/sources, or /sources 2 for every article behind story 2",
    "why": "/why 2 – why the items of story 2 matched",
    "digest": "/digest, /digest 08:00 Europe/Kyiv, /digest 08:00,20:00, /digest off, /digest now",
    "start": "/start",
    "stop": "/stop",
    "help": "/help",
    "stats": "/stats",
    "poll": "/poll",
}
Context = ContextTypes.DEFAULT_TYPE


def chats_of(context: Context) -> ChatService:
    return context.bot_data["chats"]


def chat_of(update: Update) -> int:
    """The chat a command came from (the handlers are registered for chat messages only)."""
    chat = update.effective_chat
    if chat is None:
        raise ValueError("a command update without a chat")
    return chat.id


async def reply(update: Update, template: str, **values: object) -> None:
    if update.effective_message is None:
        return
    text = render(template, **values)
    await update.effective_message.reply_text(
        text, parse_mode=ParseMode.HTML, disable_web_page_preview=True
    )


async def usage(update: Update, command: str) -> None:
    await reply(update, "usage.html.j2", usage=USAGE[command])


def number_arg(args: list[str], low: int, high: int) -> int | None:
    """The one whole-number argument, within bounds; None when it is anything else."""
    if len(args) != 1 or not args[0].isascii() or not args[0].isdigit() or len(args[0]) > 6:
        return None
    value = int(args[0])
    return value if low <= value <= high else None


async def gate(update: Update, context: Context) -> None:
    """Runs before every handler: a chat sending commands too fast is refused, once aloud.

    The pace is the user's, read from when Telegram received each message, not when the
    bot got to it: commands that queued up behind a slow reply are not a flood."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not (message.text or "").startswith("/"):
        return
    flood: FloodGate = context.bot_data["flood"]
    sent = message.edit_date or message.date
    verdict = flood.admit(chat.id, sent.timestamp() if sent else time.time())
    if verdict == "ok":
        return
    if verdict == "warn":
        wait = flood.wait_seconds(chat.id)
        await reply(update, "notice.html.j2", text=f"Too many commands; try again in {wait} s.")
    raise ApplicationHandlerStop


GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


async def may_change(update: Update, context: Context, what: str) -> bool:
    """In a group, what changes the chat's state is for its administrators; anyone else
    is refused in one line. Private chats and channels belong to whoever can write there."""
    chat, message, user = update.effective_chat, update.effective_message, update.effective_user
    if chat is None or chat.type not in GROUPS or posts_as_the_group(message):
        return True
    admins: GroupAdmins = context.bot_data["group_admins"]
    try:
        if user is not None and await admins.is_admin(context.bot, chat.id, user.id):
            return True
        text = f"Sorry, {what} is for this group's administrators."
    except TelegramError as err:
        log.warning("getChatMember failed in chat %s: %s", chat.id, err)
        text = "I could not check who administers this group just now; try again in a minute."
    await reply(update, "notice.html.j2", text=text)
    return False


async def start(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None or not await may_change(update, context, "/start"):
        return
    title = chat.title or chat.full_name or ""
    sub = await chats_of(context).subscribe(chat.id, chat.type, title)
    await reply(
        update,
        "start.html.j2",
        topic=context.bot_data["config"].topic,
        sub=sub,
        group=chat.type in GROUPS,
    )


async def stop(update: Update, context: Context) -> None:
    if not await may_change(update, context, "/stop"):
        return
    existed = await chats_of(context).unsubscribe(chat_of(update))
    await reply(update, "stopped.html.j2", existed=existed)


async def help_command(update: Update, context: Context) -> None:
    config: Config = context.bot_data["config"]
    chat = update.effective_chat
    await reply(
        update,
        "help.html.j2",
        topic=config.topic,
        admin=is_admin(update, context),
        group=chat is not None and chat.type in GROUPS,
    )


async def latest(update: Update, context: Context) -> None:
    count = number_arg(context.args or [], 1, 20) if context.args else None
    if context.args and count is None:
        await usage(update, "latest")
        return
    briefing = await chats_of(context).latest(chat_of(update), count)
    if not briefing.digest.stories:
        await reply(update, "notice.html.j2", text="Nothing on this topic in the last 7 days.")
        return
    for message in briefing.messages:
        if update.effective_message is None:
            return
        await update.effective_message.reply_text(
            message, parse_mode=ParseMode.HTML, disable_web_page_preview=True
        )


async def sources(update: Update, context: Context) -> None:
    chats = chats_of(context)
    if not context.args:
        await reply(update, "sources.html.j2", feeds=await chats.sources(), now=chats.clock())
        return
    number = number_arg(context.args or [], 1, 50)
    found = await chats.story(chat_of(update), number) if number else None
    if number is None:
        await usage(update, "sources")
    elif found is None:
        await reply(
            update,
            "notice.html.j2",
            text=f"There is no story {number} in the last briefing here; try /latest.",
        )
    else:
        ref, items = found
        await reply(update, "story_sources.html.j2", number=number, ref=ref, items=items)


async def why(update: Update, context: Context) -> None:
    number = number_arg(context.args or [], 1, 50)
    if number is None:
        await usage(update, "why")
        return
    found = await chats_of(context).why(chat_of(update), number)
    if found is None:
        await reply(
            update,
            "notice.html.j2",
            text=f"There is no story {number} in the last briefing here; try /latest.",
        )
        return
    ref, matched = found
    await reply(update, "why.html.j2", number=number, ref=ref, found=matched)


async def digest(update: Update, context: Context) -> None:
    chats = chats_of(context)
    try:
        change = parse_schedule(context.args or [])
    except ScheduleError as err:
        await reply(update, "usage.html.j2", usage=f"{USAGE['digest']} ({err})")
        return
    # /digest alone only shows the schedule; any argument changes it or posts to everyone
    if context.args and not await may_change(update, context, "changing the digest"):
        return
    chat_id = chat_of(update)
    if change.action == "now":
        if not await chats.queue_now(chat_id):
            await reply(
                update,
                "notice.html.j2",
                text="Nothing to send: /start first, or "
                "nothing on this topic in the digest window.",
            )
            return
        await deliver_pending(context.bot, chats, context.bot_data["pacer"])
        return
    sub = await chats.change_schedule(chat_id, change)
    if sub is None:
        await reply(update, "notice.html.j2", text="This chat is not subscribed; /start first.")
        return
    upcoming = next_slot(sub.times, sub.timezone, chats.clock())
    await reply(
        update,
        "schedule.html.j2",
        sub=sub,
        next_at=upcoming.strftime("%d %b %H:%M") if upcoming else "",
    )


def is_admin(update: Update, context: Context) -> bool:
    settings: Settings = context.bot_data["settings"]
    user = update.effective_user
    return user is not None and user.id in settings.admin_ids


async def stats(update: Update, context: Context) -> None:
    if not is_admin(update, context):
        await reply(update, "notice.html.j2", text="Sorry, /stats is for the bot's admins.")
        return
    await reply(update, "stats.html.j2", stats=await chats_of(context).stats())


async def poll(update: Update, context: Context) -> None:
    if not is_admin(update, context):
        await reply(update, "notice.html.j2", text="Sorry, /poll is for the bot's admins.")
        return
    new = await chats_of(context).poll(force=True)
    await reply(update, "notice.html.j2", text=f"Polled every feed: {new} new items.")


async def unknown(update: Update, context: Context) -> None:
    if update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        await reply(update, "notice.html.j2", text="Unknown command. /help lists what I can do.")


COMMANDS = {
    "start": start,
    "stop": stop,
    "help": help_command,
    "latest": latest,
    "sources": sources,
    "why": why,
    "digest": digest,
    "stats": stats,
    "poll": poll,
}
DESCRIPTIONS = {
    "latest": "Current briefing: top stories with claims and sources",
    "sources": "Outlets watched and their health; /sources N: articles of story N",
    "why": "Why story N matched the topic",
    "digest": "Show or set your digest schedule",
    "start": "Subscribe this chat",
    "stop": "Unsubscribe and delete this chat's data",
    "help": "What this bot does",
}
