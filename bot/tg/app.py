"""Application wiring: one builder registers handlers, jobs, commands; `run_bot` runs it."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.chats import ChatService, Clock, utcnow
from bot.config import Config
from bot.flood import FloodGate
from bot.service import BriefingService
from bot.settings import Settings
from bot.store import Store, StoreError
from bot.tg import handlers
from bot.tg.deliver import ChatPacer
from bot.tg.jobs import digest_job, poll_job
from bot.tg.members import GroupAdmins

log = logging.getLogger(__name__)


BOOTSTRAP_RETRIES = 3  # Telegram unreachable at start: a few tries, then a clear exit


class BotStartError(Exception):
    """The bot cannot start; the message says why (never containing the token)."""


@dataclass
class BotOptions:
    poll_every: float | None = None  # seconds; default: the shortest feed interval
    digest_every: float = 60.0
    first_poll: float = 5.0
    clock: Clock = field(default=utcnow)
    pacer_interval: float = 1.0
    flood_burst: int = FloodGate.burst  # commands a chat may send at once
    flood_refill: float = FloodGate.refill  # then one command per this many seconds
    admin_cache_seconds: float = 60.0  # how long a group member's admin status is trusted


def build_application(
    settings: Settings, config: Config, options: BotOptions | None = None
) -> Application:
    options = options or BotOptions()
    if not settings.token:
        raise BotStartError("TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)")

    async def post_init(app: Application) -> None:
        store = await Store.open(settings.database_url)
        briefings = BriefingService(config, store)
        chats = ChatService(config, store, briefings, clock=options.clock)
        app.bot_data.update(
            store=store,
            briefings=briefings,
            chats=chats,
            config=config,
            settings=settings,
            pacer=ChatPacer(options.pacer_interval),
            flood=FloodGate(options.flood_burst, options.flood_refill),
            group_admins=GroupAdmins(options.admin_cache_seconds),
        )
        await app.bot.set_my_commands(
            [BotCommand(name, text) for name, text in handlers.DESCRIPTIONS.items()]
        )
        schedule_jobs(app, config, options)
        for channel in config.channels:
            try:
                chat = await app.bot.get_chat(channel)
                await chats.subscribe(chat.id, chat.type, chat.title or str(channel))
            except TelegramError as err:
                log.warning("channel %s cannot be used: %s", channel, err)

    async def post_shutdown(app: Application) -> None:
        briefings: BriefingService | None = app.bot_data.get("briefings")
        if briefings is not None:
            briefings.close()
        store: Store | None = app.bot_data.get("store")
        if store is not None:
            await store.close()

    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_api_url.replace("/bot", "/file/bot"))
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    app.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    for name, callback in handlers.COMMANDS.items():
        app.add_handler(CommandHandler(name, callback))
    app.add_handler(MessageHandler(filters.COMMAND, handlers.unknown))
    app.add_error_handler(_log_error)
    return app


def schedule_jobs(app: Application, config: Config, options: BotOptions) -> None:
    """The poll and digest jobs; a late start runs a job late rather than skipping it."""
    intervals = [f.interval or config.poll.interval for f in config.feeds if f.enabled]
    poll_every = options.poll_every or float(min(intervals or [config.poll.interval]))
    jobs = app.job_queue
    assert jobs is not None  # installed with the job-queue extra
    tolerant = {"misfire_grace_time": 300, "coalesce": True}
    jobs.run_repeating(
        poll_job, interval=poll_every, first=options.first_poll, name="poll", job_kwargs=tolerant
    )
    jobs.run_repeating(
        digest_job, interval=options.digest_every, first=1.0, name="digests", job_kwargs=tolerant
    )


async def _log_error(update: object, context: object) -> None:
    error = getattr(context, "error", None)
    if isinstance(error, Conflict) and update is None:
        _updates_taken(context)
        return
    log.error("update failed: %s: %s", type(error).__name__, error)


def _updates_taken(context: object) -> None:
    """Telegram answers 409 Conflict to a second getUpdates: another process of this bot is
    reading the updates. This one goes on with the jobs (their database locks keep the two
    from doing the same work), while PTB asks again now and then, backing off to 30 s, so it
    takes over the updates when the other stops. Said once, not every 30 s."""
    bot_data = getattr(getattr(context, "application", None), "bot_data", None)
    if bot_data is None or bot_data.get("updates_elsewhere"):
        return
    bot_data["updates_elsewhere"] = True
    log.warning(
        "another process is reading this bot's updates (Telegram answered 409 Conflict): "
        "this one runs the poll and digest jobs only, and takes over the updates if it stops"
    )


class QuietStartRetries(logging.Filter):
    """PTB logs each failed start-up try (Telegram unreachable, the token rejected) with its
    traceback, 40 to 110 lines; the bot then says why it cannot start in one line. Those
    records go to the debug log: shown only when debug logging is on."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            record.levelno > logging.DEBUG
            and record.name.startswith("telegram")
            and "(Bootstrap" in record.getMessage()  # PTB's "Network Retry Loop (Bootstrap …)"
        ):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


class QuietUpdatesConflict(logging.Filter):
    """A process that another one keeps from the updates (409 Conflict) says so once itself
    (_updates_taken); PTB's own records of that Conflict, such as the traceback of its last
    getUpdates on the way out, go to the debug log."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.levelno > logging.DEBUG and isinstance(error, Conflict):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


class RedactSecret(logging.Filter):
    """Replaces a secret in every log record, its arguments and its traceback."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "[token]"), ()
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = text.replace(self.secret, "[token]")
        return True


def hide_token(token: str) -> None:
    """Every handler of the root logger drops the token from what it writes."""
    if not token:
        return
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO)
    for handler in root.handlers:
        handler.addFilter(RedactSecret(token))
        handler.addFilter(QuietStartRetries())
        handler.addFilter(QuietUpdatesConflict())


def webhook_secret(token: str) -> str:
    """Telegram sends this back on every webhook call; derived from the token, never equal."""
    return hashlib.sha256(b"webhook:" + token.encode()).hexdigest()[:48]


def run_bot(settings: Settings, config: Config) -> int:
    """Long polling, or a webhook when WEBHOOK_URL is set. Blocks until stopped."""
    hide_token(settings.token)
    app = build_application(settings, config)
    try:
        if settings.webhook_url:
            path = "telegram"
            app.run_webhook(
                listen="0.0.0.0",
                port=settings.port,
                url_path=path,
                webhook_url=f"{settings.webhook_url.rstrip('/')}/{path}",
                secret_token=webhook_secret(settings.token),
                allowed_updates=Update.ALL_TYPES,
                bootstrap_retries=BOOTSTRAP_RETRIES,
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=BOOTSTRAP_RETRIES)
    except InvalidToken:
        raise BotStartError("Telegram rejected the token in TELEGRAM_BOT_TOKEN") from None
    except StoreError as err:  # from post_init, which opens the database
        raise BotStartError(f"DATABASE_URL: {err}") from None
    except NetworkError as err:  # at start-up only: once running, PTB retries by itself
        reason = str(err).replace(settings.token, "[token]")
        host = urlsplit(settings.telegram_api_url).netloc
        raise BotStartError(f"cannot reach the Telegram Bot API at {host}: {reason}") from None
    return 0
