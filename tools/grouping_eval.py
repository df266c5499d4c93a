"""Dev-set figures for the story-grouping stage alone, in seconds rather than a full bot run.

    python tools/grouping_eval.py [--kept]

Items are made as the bot makes them (score.py's RSS, then bot.feeds.parse and the poll's
language detection), and grouped with bot.grouping.group_stories. Each outlet's items are
parsed on their own here; score.py names feed files by a slug of the outlet's name, and the
slug of every Cyrillic name is the same ("feed"), so there one Cyrillic outlet's feed
overwrites the others' and their reports never reach the bot.

By default the grouped set is every gold-relevant and borderline item plus the irrelevant
ones the current topic filter keeps, so the figures do not move when the topic filter does;
--kept groups only what the topic filter keeps.
Figures are printed for the tuning part and the held-back part (tests/data/devset-held-back
.txt); misses are listed for the tuning part only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis import with_language  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.feeds.parse import parse_feed  # noqa: E402
from bot.grouping import group_stories  # noqa: E402
from bot.models import Item  # noqa: E402
from bot.topic import match_item  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset"
HELD_BACK = ROOT / "tests" / "data" / "devset-held-back.txt"
NOW = datetime(2030, 1, 1, tzinfo=UTC)


def _score_module():
    spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PROBES = (
    ROOT / "tests" / "data" / "probe_items.jsonl",
    ROOT / "tests" / "data" / "probe_teasers.jsonl",
)


def held_back_of(path: Path) -> Path:
    """A probe set's held-back ids (tests/data/probe_x-held-back.txt), if it keeps some back."""
    return path.with_name(path.stem + "-held-back.txt")


def probe_records(path: Path) -> list[dict]:
    """A probe set written for this project (tests/data/probe_*.jsonl) in the dev set's form:
    the fields the probe leaves out (link, feed, language) made up as score.py would."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        slug = re.sub(r"[^a-z0-9]+", "-", record["outlet"].lower()).strip("-")
        record.setdefault("link", f"https://{slug}.example/news/{record['id']}")
        record.setdefault("feed_url", f"https://{slug}.example/feed.xml")
        record.setdefault("lang", "en")
        if record["label"] != "relevant":
            record["story"] = None
        records.append(record)
    return records


def devset_items(path: Path | None = None) -> tuple[list[dict], dict[str, Item]]:
    """The gold records and, by link, the Item the bot would parse from each one's feed (the
    dev set's, or a probe set's at `path`)."""
    score = _score_module()
    if path is None:
        gold = score.load_items(DEVSET / "items.jsonl")
    else:
        gold = probe_records(path)
        for record in gold:
            record["published"] = datetime.fromisoformat(record["published"])
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for record in gold:
        by_outlet[record["outlet"]].append(record)
    parsed: dict[str, Item] = {}
    for outlet, records in by_outlet.items():
        body = score.rss(outlet, records).encode()
        for item in parse_feed(body, feed_name=outlet, outlet=outlet, now=NOW).items:
            parsed[item.link] = with_language(item)  # as the poll's analysis gives it
    return gold, parsed


def pairwise(gold: dict[str, str], pred: dict[str, int]) -> dict[str, float]:
    links = sorted(gold)
    tp = fp = fn = 0
    for a, la in enumerate(links):
        for lb in links[a + 1 :]:
            same_gold = gold[la] == gold[lb]
            same_pred = la in pred and lb in pred and pred[la] == pred[lb]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    stories: dict[str, set[object]] = defaultdict(set)
    for link, story in gold.items():
        stories[story].add(pred.get(link, link))
    clusters: dict[int, set[str]] = defaultdict(set)
    for link, n in pred.items():
        if link in gold:
            clusters[n].add(gold[link])
    return {
        "P": round(p, 3),
        "R": round(r, 3),
        "F1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "split": sum(len(v) > 1 for v in stories.values()),
        "of": len(stories),
        "mixed": sum(len(v) > 1 for v in clusters.values()),
    }


def figures(records: list[dict], pred: dict[str, int]) -> dict[str, object]:
    gold = {r["link"]: r["story"] for r in records if r["label"] == "relevant"}
    en = {
        k: v for k, v in gold.items() if any(r["link"] == k and r["lang"] == "en" for r in records)
    }
    lang = {r["link"]: r["lang"] for r in records}
    size = defaultdict(int)
    for story in gold.values():
        size[story] += 1
    non_en = [k for k in gold if lang[k] != "en" and size[gold[k]] > 1]
    grouped = sum(
        any(o != k and gold[o] == gold[k] and pred.get(o) == pred.get(k) for o in gold)
        for k in non_en
        if k in pred
    )
    return {
        "stories_en": pairwise(en, pred),
        "stories": pairwise(gold, pred),
        "non_en_grouped": f"{grouped}/{len(non_en)}",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kept", action="store_true", help="group only what the topic filter keeps")
    ap.add_argument("--quiet", action="store_true", help="figures only, no misses")
    ap.add_argument(
        "--set", type=Path, help="a probe set (tests/data/probe_*.jsonl) instead of the dev set"
    )
    args = ap.parse_args()
    gold, parsed = devset_items(args.set)
    topic = load_config(ROOT / "feeds.yaml").topic
    kept = {link for link, it in parsed.items() if match_item(it, topic).relevant}
    chosen = [
        parsed[r["link"]]
        for r in gold
        if r["link"] in kept or (not args.kept and r["label"] != "irrelevant")
    ]
    groups = group_stories(chosen)
    pred = {it.link: n for n, group in enumerate(groups) for it in group}
    back_file = held_back_of(args.set) if args.set else HELD_BACK
    back = set(back_file.read_text().split()) if back_file.is_file() else set()
    tuned = [r for r in gold if r["id"] not in back]
    held = [r for r in gold if r["id"] in back]
    print("tuned    ", figures(tuned, pred))
    print("held back", figures(held, pred))
    if args.quiet:
        return 0
    record = {r["link"]: r for r in tuned}
    for n, group in enumerate(groups):
        mine = [record[it.link] for it in group if it.link in record]
        stories = {r["story"] or "-" for r in mine}
        if len(stories) > 1:
            print(f"MIXED cluster {n}:")
            for r in mine:
                print(f"   {r['story'] or r['label']:<40} {r['id']} {r['lang']} {r['title'][:70]}")
    by_story: dict[str, list[dict]] = defaultdict(list)
    for r in tuned:
        if r["label"] == "relevant":
            by_story[r["story"]].append(r)
    for story, records in sorted(by_story.items()):
        parts = {pred.get(r["link"], -1 - i) for i, r in enumerate(records)}
        if len(parts) > 1:
            print(f"SPLIT {story}:")
            for r in sorted(records, key=lambda r: r["published"]):
                where = pred.get(r["link"], "out")
                when = f"{r['published']:%m-%d %H:%M}"
                print(f"   [{where}] {r['id']} {r['lang']} {when} {r['title'][:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
