"""Benchmark: the whole analysis pipeline against bare feedparser on the same bytes.

    python bench/pipeline.py [--sizes 1000,10000,100000] [--repeat 3]

Stages timed: parse (feedparser inside, then clean -> Item), topic match, claim extraction
(on-topic items, as the product does) and story grouping (all on-topic items at once, as a
digest does). Inputs: the captured real feeds in ../shared/corpus/news-feeds (when present)
and synthetic feeds. Prints a table, then one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402

from bench.synthetic import synthetic_feeds  # noqa: E402
from bot.analysis import FeedAnalysis, FeedSource, analyse_feed  # noqa: E402
from bot.claims import extract_claims  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.feeds.parse import parse_feed  # noqa: E402
from bot.models import Item  # noqa: E402
from bot.pool import make_pool  # noqa: E402
from bot.stories import group_stories  # noqa: E402
from bot.topic import match_item  # noqa: E402

WORKERS = os.cpu_count() or 1

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
CORPUS = ROOT.parent / "shared" / "corpus" / "news-feeds"


def forget_memos() -> None:
    """Empty the stages' memo tables (lru caches sized for data, not the one-off caches of
    loaded language data): a round over the same items must not be answered from the round
    before, or repeats would time lookups instead of work."""
    for obj in gc.get_objects():
        if (
            isinstance(obj, functools._lru_cache_wrapper)
            and str(getattr(obj, "__module__", "")).startswith("bot")
            and (obj.cache_parameters().get("maxsize") or 0) >= 1024
        ):
            obj.cache_clear()


def best_of(repeat: int, stages: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Each stage's best time over `repeat` rounds, each from empty memo tables. The stages
    take turns within a round, so a slow spell of the machine weighs on all of them alike,
    not on one stage's ratio."""
    best = dict.fromkeys(stages, float("inf"))
    for _ in range(repeat):
        for name, run in stages.items():
            forget_memos()
            gc.collect()
            started = time.perf_counter()
            run()  # its output is dropped at once: it must not weigh on the next run's GC
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def bare(feeds: list[bytes]) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sum(len(feedparser.parse(body).entries) for body in feeds)


def analyse_chunk(chunk: list[tuple[int, bytes]]) -> list[FeedAnalysis]:
    """One worker's share: the stages a poll worker runs (parse, match, claims)."""
    topic = load_config(ROOT / "feeds.yaml").topic
    return [
        analyse_feed(body, FeedSource(f"f{n}", f"Outlet {n % 40}"), topic, NOW) for n, body in chunk
    ]


def in_workers(pool: ProcessPoolExecutor, feeds: list[bytes]) -> int:
    """The pipeline as a big poll runs it: analysis in worker processes, grouping here."""
    numbered = list(enumerate(feeds))
    chunks = [numbered[k :: WORKERS * 4] for k in range(WORKERS * 4)]
    relevant = [
        item
        for analyses in pool.map(analyse_chunk, chunks)
        for analysis in analyses
        for item in analysis.parsed.items
        if analysis.matches[item.id].relevant
    ]
    group_stories(relevant)
    return len(relevant)


def measure(
    name: str, feeds: list[bytes], repeat: int, pool: ProcessPoolExecutor
) -> dict[str, float | int | str]:
    topic = load_config(ROOT / "feeds.yaml").topic

    def parse() -> list[Item]:
        return [
            item
            for n, body in enumerate(feeds)
            for item in parse_feed(
                body, feed_name=f"f{n}", outlet=f"Outlet {n % 40}", now=NOW
            ).items
        ]

    items = parse()
    matches = [match_item(it, topic) for it in items]
    relevant = [it for it, m in zip(items, matches, strict=True) if m.relevant]
    claims = [c for it in relevant for c in extract_claims(it)]
    groups = group_stories(relevant)
    entries = bare(feeds)
    best = best_of(
        repeat,
        {
            "bare": lambda: bare(feeds),
            "parse": parse,
            "match": lambda: [match_item(it, topic) for it in items],
            "claims": lambda: [c for it in relevant for c in extract_claims(it)],
            "group": lambda: group_stories(relevant),
            "workers": lambda: in_workers(pool, feeds),
        },
    )
    bare_s, parse_s, match_s = best["bare"], best["parse"], best["match"]
    claims_s, group_s, workers_s = best["claims"], best["group"], best["workers"]
    pipeline_s = parse_s + match_s + claims_s + group_s
    return {
        "input": name,
        "items": len(items),
        "entries": entries,
        "on_topic": len(relevant),
        "claims": len(claims),
        "stories": len(groups),
        "bare_s": round(bare_s, 4),
        "parse_s": round(parse_s, 4),
        "match_s": round(match_s, 4),
        "claims_s": round(claims_s, 4),
        "group_s": round(group_s, 4),
        "pipeline_s": round(pipeline_s, 4),
        "bare_items_per_s": round(entries / bare_s) if bare_s else 0,
        "pipeline_items_per_s": round(len(items) / pipeline_s) if pipeline_s else 0,
        "ratio": round(pipeline_s / bare_s, 3) if bare_s else 0,
        "us_per_item": round(pipeline_s / max(1, len(items)) * 1e6, 1),
        "workers": WORKERS,
        "workers_s": round(workers_s, 4),
        "workers_ratio": round(workers_s / bare_s, 3) if bare_s else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    pool = make_pool(WORKERS)
    pool.submit(int).result()  # started before timing, as a running bot's workers are
    if CORPUS.is_dir():
        real = [p.read_bytes() for p in sorted(CORPUS.iterdir()) if p.suffix == ".xml"]
        rows.append(measure(f"real corpus ({len(real)} feeds)", real, args.repeat, pool))
    for size in (int(s) for s in args.sizes.split(",") if s):
        rows.append(measure(f"synthetic {size:,}", synthetic_feeds(size), args.repeat, pool))
        # big inputs once: three runs of 100k items would take minutes for no new insight
        args.repeat = 1 if size >= 10_000 else args.repeat
    head = (
        f"{'input':<26}{'items':>8}{'topic':>7}{'bare/s':>9}{'pipe/s':>9}{'ratio':>7}"
        f"{'µs/item':>9}{'workers':>9}  parse / match / claims / group (s)"
    )
    print(f"cores: {os.cpu_count()}")
    print(head)
    for r in rows:
        print(
            f"{r['input']:<26}{r['items']:>8}{r['on_topic']:>7}{r['bare_items_per_s']:>9}"
            f"{r['pipeline_items_per_s']:>9}{r['ratio']:>7}{r['us_per_item']:>9}"
            f"{r['workers_ratio']:>9}  "
            f"{r['parse_s']} / {r['match_s']} / {r['claims_s']} / {r['group_s']}"
        )
    pool.shutdown()
    print(
        f"ratio: one process, stage by stage; workers: wall time with {WORKERS} worker "
        "processes for parse + match + claims (as a big poll runs), grouping in this one"
    )
    print(json.dumps({"benchmark": "pipeline", "cores": os.cpu_count(), "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
