"""Command line: demo, check, digest, run. Loads settings and feeds.yaml once, passes them down.

Exit codes: 0 done; 2 a configuration or usage error (or `run` cannot start); 3 `check` or
`digest` could read none of the feeds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import Config, ConfigError, FeedConfig, load_config
from bot.models import Digest, FeedStatus
from bot.render import render_digest_text
from bot.resources import DEMO_DIR, default_config
from bot.service import BriefingService, PollReport
from bot.settings import Settings, SettingsError
from bot.store import Store, StoreError

DEMO_FEEDS = (
    ("Nairobi Ledger", "nairobi-ledger.xml"),
    ("Kyiv Morning Post", "kyiv-morning-post.xml"),
    ("Baltic Wire", "baltic-wire.xml"),
    ("Eastern Dispatch", "eastern-dispatch.rdf"),
)


EXIT_CONFIG = 2
EXIT_NO_FEED_READ = 3  # every feed failed: what was printed is not news, and scripts can tell


def _progress(quiet: bool):
    def say(message: str) -> None:
        if not quiet:
            print(f"· {message}", file=sys.stderr, flush=True)

    return say


def _parse_since(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO-8601 time, e.g. 2026-11-20 or 2026-11-20T08:00+02:00"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def digest_json(digest: Digest) -> dict[str, Any]:
    """The public JSON shape of a digest (scripts read it: extend, never rename)."""
    return {
        "topic": digest.topic,
        "since": digest.since.isoformat(),
        "until": digest.until.isoformat(),
        "stories": [
            {
                "title": story.title,
                "key": story.key,
                "updated": story.updated.isoformat() if story.updated else None,
                "outlets": list(story.outlets),
                "items": [
                    {"id": s.item_id, "outlet": s.outlet, "link": s.link} for s in story.items
                ],
                "claims": [
                    {
                        "text": claim.text,
                        "claimant": claim.claimant,
                        "figures": list(claim.figures),
                        "sources": [s.link or s.item_id for s in claim.sources],
                        "outlets": [s.outlet for s in claim.sources],
                        "lang": claim.lang,  # added: the language of the claim's text
                    }
                    for claim in story.claims
                ],
                "conflicts": [
                    {
                        "about": c.about,
                        "claims": list(c.claims),
                        "figures": list(c.figures),
                        "claimants": list(c.claimants),
                    }
                    for c in story.conflicts
                ],
            }
            for story in digest.stories
        ],
    }


def feeds_json(feeds: Sequence[FeedStatus]) -> list[dict[str, Any]]:
    """Each feed's outcome, the same shape in `check --json` and `digest --json`."""
    return [
        {
            "name": f.name,
            "url": f.url,
            "status": f.status,
            "error": f.error,
            "items": f.items,
            "new_items": f.new_items,
        }
        for f in feeds
    ]


def check_json(report: PollReport) -> dict[str, Any]:
    """The public JSON shape of `check`."""
    return {
        "feeds": feeds_json(report.feeds),
        "items": [
            {
                "id": item.id,
                "feed": item.feed,
                "outlet": item.outlet,
                "title": item.title,
                "link": item.link,
                "published": item.published.isoformat(),
                "lang": item.language,
                "relevant": match.relevant,
                "score": match.score,
                "reasons": list(match.reasons),
            }
            for item, match in report.items
        ],
    }


def print_check(report: PollReport) -> None:
    for f in report.feeds:
        warning = "warning: " if f.error and f.status != "error" else ""
        detail = f" — {warning}{f.error}" if f.error else ""
        counts = f" ({f.items} items, {f.new_items} new)" if f.status == "ok" else ""
        print(f"[{f.status}] {f.name}{counts}{detail}")
    print()
    for item, match in report.items:
        mark = "MATCH" if match.relevant else "  -  "
        print(f"{mark} {match.score:6.1f}  {item.outlet}: {item.title}")
        if match.relevant or match.score > 0:
            for reason in match.reasons:
                print(f"               {reason}")
    relevant = sum(1 for _, m in report.items if m.relevant)
    print(f"\n{len(report.items)} items, {relevant} on topic, {report.seconds:.1f}s")


def print_digest(digest: Digest, report: PollReport, config: Config, *, as_json: bool) -> None:
    if as_json:
        data = digest_json(digest)
        data["feeds"] = feeds_json(report.feeds)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif digest.stories or not _none_read(report):
        # "nothing new" would be a false all-clear when no feed could be read at all
        print(render_digest_text(digest, config.digest.timezone, config.topic.display_title))


def _none_read(report: PollReport) -> bool:
    polled = [f for f in report.feeds if f.status != "skipped"]
    return bool(polled) and all(f.status == "error" for f in polled)


def report_failures(report: PollReport, *, each: bool) -> int:
    """Failed feeds on stderr (each once, unless stdout lists them), then a summary line;
    the exit code: 3 when no feed could be read."""
    polled = [f for f in report.feeds if f.status != "skipped"]
    failed = [f for f in polled if f.status == "error"]
    if not failed:
        return 0
    if each:
        for f in failed:
            print(f"! {f.name}: {f.error}", file=sys.stderr)
    noun = "feed" if len(polled) == 1 else "feeds"
    print(f"{len(failed)} of {len(polled)} {noun} could not be read", file=sys.stderr, flush=True)
    return EXIT_NO_FEED_READ if len(failed) == len(polled) else 0


async def _open(settings: Settings, config: Config, quiet: bool) -> tuple[Store, BriefingService]:
    store = await Store.open(settings.database_url)
    service = BriefingService(config, store, progress=_progress(quiet), log_failures=False)
    return store, service


async def cmd_check(settings: Settings, config: Config, args: argparse.Namespace) -> int:
    store, service = await _open(settings, config, args.quiet or args.json)
    try:
        report = await service.poll(datetime.now(UTC), force=True)
    finally:
        service.close()
        await store.close()
    if args.json:
        print(json.dumps(check_json(report), ensure_ascii=False, indent=2))
    else:
        print_check(report)  # lists every failed feed on stdout already
    return report_failures(report, each=args.json)


async def cmd_digest(settings: Settings, config: Config, args: argparse.Namespace) -> int:
    store, service = await _open(settings, config, args.quiet or args.json)
    try:
        now = datetime.now(UTC)
        report = await service.poll(now, force=True)
        digest = await service.briefing(now, since=args.since, unlimited=args.all)
    finally:
        service.close()
        await store.close()
    print_digest(digest, report, config, as_json=args.json)
    return report_failures(report, each=True)


def demo_config(config: Config) -> Config:
    feeds = [FeedConfig(name=name, url=file) for name, file in DEMO_FEEDS]
    return config.model_copy(update={"feeds": feeds, "base_dir": str(DEMO_DIR)})


async def cmd_demo(settings: Settings, config: Config, args: argparse.Namespace) -> int:
    config = demo_config(config)
    with tempfile.TemporaryDirectory(prefix="briefing-demo-") as folder:
        store = await Store.open(f"sqlite+aiosqlite:///{folder}/demo.db")
        service = BriefingService(config, store, progress=_progress(args.quiet), log_failures=False)
        try:
            # The sample feeds are dated; brief as of just after their newest item.
            now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
            report = await service.poll(now, force=True)
            relevant = sum(1 for _, m in report.items if m.relevant)
            _progress(args.quiet)(f"{len(report.items)} items read, {relevant} on topic")
            digest = await service.briefing(now, since=now - timedelta(days=3))
        finally:
            service.close()
            await store.close()
    print_digest(digest, report, config, as_json=args.json)
    return report_failures(report, each=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Briefing bot: merges news reports on one contested topic into briefings.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str, json_flag: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument(
            "--config",
            metavar="FILE",
            help="feeds.yaml to use (default: $BOT_CONFIG, else ./feeds.yaml, else the one "
            "shipped with the bot)",
        )
        p.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
        if json_flag:
            p.add_argument("--json", action="store_true", help="print one JSON document")
        return p

    add("demo", "Run the whole pipeline offline on bundled sample feeds and print the digest.")
    add("check", "Poll every feed once; print feed status and each item's topic decision.")
    digest = add("digest", "Poll, then print the digest that would be sent now.")
    digest.add_argument(
        "--since",
        type=_parse_since,
        metavar="ISO-8601",
        help="start of the window (default: the digest window in feeds.yaml)",
    )
    digest.add_argument("--all", action="store_true", help="lift the story and claim limits")
    add("run", "Run the Telegram bot (long polling, or webhook when WEBHOOK_URL is set).", False)
    return parser


COMMANDS = {"demo": cmd_demo, "check": cmd_check, "digest": cmd_digest}


def cmd_run(settings: Settings, config: Config) -> int:
    from bot.tg.app import BotStartError, run_bot  # only `run` needs Telegram

    try:
        return run_bot(settings, config)
    except BotStartError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG


def config_path(args: argparse.Namespace, settings: Settings) -> Path:
    """--config, else BOT_CONFIG, else ./feeds.yaml, else the copy shipped with the bot (so
    an installed bot runs from any folder)."""
    if args.config:
        return Path(args.config)
    path = Path(settings.config_path)
    if settings.config_path != Settings.config_path or path.exists():
        return path
    return default_config()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        config = load_config(config_path(args, settings))
    except (ConfigError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if args.command == "run":
        logging.getLogger().setLevel(logging.INFO)
        logging.getLogger("httpx").setLevel(logging.WARNING)  # its lines would carry the token
        return cmd_run(settings, config)
    try:
        return asyncio.run(COMMANDS[args.command](settings, config, args))
    except StoreError as exc:  # one line, no password: not a traceback of the driver's
        print(f"error: DATABASE_URL: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
