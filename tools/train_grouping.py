"""Train the story-grouping models (bot/data/grouping/weights.json).

    python tools/train_grouping.py [--pair-c 1.0] [--merge-c 0.3]

Needs scikit-learn (training only: the bot applies the weights with numpy). Two logistic
models, as bot/grouping.py uses them:
- the pair model, on every pair of reports within the story window, labelled one event or not;
- the merge model, on the merges the pair model's best pairs propose, replayed with the gold
  answer deciding each (so the stories stay pure, as they should be at run time).
Training data:
- the grouping fixtures written for the tests (tests/data/grouping.yaml), and
- the dev set's tuning part (../shared/devset, minus tests/data/devset-held-back.txt): every
  item of it, irrelevant ones too (they are the hard negatives: same country, other event);
- the probe sets written apart from the code (tests/data/probe_*.jsonl), all of each but the
  part a probe holds back (tests/data/probe_*-held-back.txt).
The held-back part is never read here.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bot.grouping as grouping  # noqa: E402
from bot.grouping import (  # noqa: E402
    FEATURES,
    MERGE_FEATURES,
    STORY_WINDOW,
    WEIGHTS_FILE,
    PairModel,
    evidence,
    merge_stories,
    scored_pairs,
)
from bot.models import Item  # noqa: E402
from bot.vectors import cosine  # noqa: E402
from tests.grouping_fixtures import fixture_sets  # noqa: E402
from tools.grouping_eval import HELD_BACK, PROBES, devset_items, held_back_of  # noqa: E402

SAMPLES = 4  # random subsets, and crowded copies, of each training set
KEEP = 0.6  # share of the reports each subset keeps
CROWD_DAYS = 240  # the span a crowded copy's stories are spread over
# The fixtures hold the close pairs of stories (one country, one day, two events) that the
# tuning part has few of; their pairs weigh this much more.
FIXTURE_WEIGHT = 6.0


def _same(story: dict[str, str | None], a: Item, b: Item) -> float:
    return float(story[a.id] is not None and story[a.id] == story[b.id])


def pair_rows(items: list[Item], story: dict[str, str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Features of every pair of items within the story window, and 1 where both are of one
    (known) story. All pairs, not only the candidates the search finds: the model must know
    how rarely two reports with little in common are of one event."""
    model = PairModel(items, [evidence(it) for it in items])
    model.candidates()  # the key cosines it finds are reused by features()
    order = sorted(range(len(items)), key=lambda k: items[k].published)
    pairs: dict[tuple[int, int], float] = {}
    for x, i in enumerate(order):
        for j in order[x + 1 :]:
            if items[j].published - items[i].published > STORY_WINDOW:
                break
            a, b = min(i, j), max(i, j)
            pairs[(a, b)] = cosine(model.text[a], model.text[b])
    labels = np.array([_same(story, items[i], items[j]) for i, j in pairs])
    return model.features(pairs), labels


def merge_rows(items: list[Item], story: dict[str, str | None]) -> tuple[np.ndarray, np.ndarray]:
    """The merges the (trained) pair model proposes, with the gold answer to each."""
    rows: list[list[float]] = []
    labels: list[float] = []

    def gold(a: list[int], b: list[int], features: list[float]) -> bool:
        first = Counter(story[items[k].id] for k in a).most_common(1)[0][0]
        second = Counter(story[items[k].id] for k in b).most_common(1)[0][0]
        same = first is not None and first == second
        rows.append(features)
        labels.append(float(same))
        return same

    days = [it.published.timestamp() / 86400 for it in items]
    merge_stories(days, scored_pairs(items), gold)
    return np.array(rows).reshape(-1, len(MERGE_FEATURES)), np.array(labels)


def fit(
    blocks: list[tuple[np.ndarray, np.ndarray]],
    weights_of: list[float],
    names: tuple[str, ...],
    c: float,
) -> dict:
    x = np.concatenate([b[0] for b in blocks])
    y = np.concatenate([b[1] for b in blocks])
    sample = np.concatenate(
        [np.full(len(b[1]), w) for b, w in zip(blocks, weights_of, strict=True)]
    )
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=sample)
    weights = [round(float(w), 4) for w in model.coef_[0]]
    for name, w in zip(names, weights, strict=True):
        print(f"  {name:<16}{w:+.3f}")
    yes = int(y.sum())
    print(f"  {'intercept':<16}{model.intercept_[0]:+.3f}  ({yes} yes, {len(y) - yes} no)")
    return {
        "features": list(names),
        "weights": weights,
        "intercept": round(float(model.intercept_[0]), 4),
        "examples": {"yes": int(y.sum()), "no": int(len(y) - y.sum())},
    }


def crowded(items: list[Item], story: dict[str, str | None], rng: random.Random) -> list[Item]:
    """The same reports with each story (and each unrelated report) moved, as a whole, to a
    random time within one span of CROWD_DAYS: as dense as a real news stream, where many
    stories run in the same days and being close in time says little on its own."""
    anchor = min(it.published for it in items)
    groups: dict[str, list[Item]] = {}
    for it in items:
        groups.setdefault(story[it.id] or it.id, []).append(it)
    out = []
    for group in groups.values():
        start = min(it.published for it in group)
        shift = anchor + timedelta(days=rng.uniform(0, CROWD_DAYS)) - start
        out += [replace(it, published=it.published + shift) for it in group]
    return out


def training_sets(samples: int = SAMPLES) -> list[tuple[list[Item], dict[str, str | None], bool]]:
    """(items, story of each, from the fixtures?): the fixtures and the tuning part as they
    are, then each in random subsets and crowded into a few months. At run time the topic
    filter keeps only some reports of a story, and two close stories left with a report or
    two each are where a grouper goes wrong; in a crowded copy many stories share their days."""
    gold, parsed = devset_items()
    back = set(HELD_BACK.read_text().split())
    tuned = [r for r in gold if r["id"] not in back]
    sets = [(items, story, True) for items, story in fixture_sets()]
    dev = [parsed[r["link"]] for r in tuned]
    sets.append((dev, {parsed[r["link"]].id: r["story"] for r in tuned}, False))
    for path in PROBES:  # the probe sets written apart from the code, when present
        if path.is_file():
            records, items = devset_items(path)
            back = held_back_of(path)
            if back.is_file():  # a probe's held-back part is never trained on either
                kept_back = set(back.read_text().split())
                records = [r for r in records if r["id"] not in kept_back]
            probe = [items[r["link"]] for r in records]
            sets.append((probe, {items[r["link"]].id: r["story"] for r in records}, False))
    rng = random.Random(11)
    for items, story, fixture in list(sets):
        for _ in range(samples):
            sets.append((rng.sample(items, int(len(items) * KEEP)), story, fixture))
            sets.append((crowded(items, story, rng), story, fixture))
    return sets


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pair-c", type=float, default=1.0, help="pair model: inverse regularisation")
    ap.add_argument(
        "--merge-c", type=float, default=0.3, help="merge model: inverse regularisation"
    )
    args = ap.parse_args()
    sets = training_sets()
    print("pair model")
    weights_of = [FIXTURE_WEIGHT if fixture else 1.0 for *_, fixture in sets]
    pair = fit([pair_rows(i, s) for i, s, _ in sets], weights_of, FEATURES, args.pair_c)
    # the merge model learns from the proposals of the pair model just trained
    grouping._models.cache_clear()
    # (the merge model's replay decides with the gold answers, so its weights are not read)
    unused = {"features": list(MERGE_FEATURES), "weights": [0.0] * len(MERGE_FEATURES)}
    WEIGHTS_FILE.write_text(json.dumps({"pair": pair, "merge": {**unused, "intercept": 0.0}}))
    print("merge model")
    merge = fit([merge_rows(i, s) for i, s, _ in sets], weights_of, MERGE_FEATURES, args.merge_c)
    about = (
        "bot.grouping: P = sigmoid(weights . features + intercept), for the pair model (one "
        "event?) and the merge model (one story?); written by tools/train_grouping.py"
    )
    WEIGHTS_FILE.write_text(
        json.dumps({"about": about, "pair": pair, "merge": merge}, indent=1) + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
