"""Briefing quality on the probe sets: labelled reports written for this project by a writer
who saw neither the code nor the dev set (tests/data/probe_items.jsonl: wire-style reports
with gold claims and figure conflicts; tests/data/probe_teasers.jsonl: terse teasers and
headline-only items, for topic recall; tests/data/probe_wide.jsonl: reports in many formats
and regional styles, with its own conflicts file; tests/data/probe_wire.jsonl: wire reports
of 22 stories by 3-4 outlets each, in varied attribution forms, with its conflicts file;
tests/data/probe_desk.jsonl: long articles, features, live blogs, court reports and broadcast
copy, 23 stories, with its conflicts file).
Scored by ../shared/devset/score.py through the CLI, exactly as the dev set is. Floors sit a
little under the last measured run.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, SHARED

SCORE = SHARED / "devset" / "score.py"
pytestmark = pytest.mark.skipif(not SCORE.exists(), reason="../shared/devset not present")

# measured 2026-12-03 (fifth round), whole sets: reports: topic_en F1 0.993, stories_en F1
# 0.944, claims with claimant 0.848 (accuracy 0.921, precision 0.873), conflicts 9/11 found,
# all flagged real; teasers: topic_en P 0.963 R 0.867; wide (a third held back while its
# misses were read): topic_en P 0.985 R 0.957, stories_en F1 0.889, claims with claimant
# 0.793 (accuracy 0.914, precision 0.869), conflicts 7/12 (0.7 real); wire (a third held
# back): topic_en P 0.986 R 0.959, stories_en F1 0.941, claims with claimant 0.729
# (accuracy 0.886, precision 0.818), conflicts 5/6 (0.83 real); desk (long articles,
# features, live blogs, court reports; a third held back): topic_en P 0.958 R 0.944,
# stories_en F1 0.917, claims with claimant 0.424 (accuracy 0.836, precision 0.417),
# conflicts 5/7 (0.56 real), 4.35 claims per kept item.
# measured 2026-12-04 (eighth round), whole sets: reports: claims with claimant 0.872
# (accuracy 0.929, precision 0.882), conflicts 9/11, all real; wide: claims with claimant 0.831
# (accuracy 0.941, precision 0.876), conflicts 7/12 (0.78 real); wire: claims with claimant
# 0.735 (accuracy 0.88, precision 0.799), conflicts 5/6 (0.83 real); desk: claims with claimant
# 0.437 (accuracy 0.84, precision 0.407), conflicts 6/7 (0.67 real); voices (relatives,
# lawyers, officials in turn; a third held back): topic_en P 0.984 R 0.938, stories_en F1
# 0.865, claims with claimant 0.617 (accuracy 0.908, precision 0.675), conflicts 2/6 (0.67 real)
# measured 2026-12-04 (ninth round), whole sets: reports 0.89 (accuracy 0.936, precision
# 0.89), 9/11 all real; teasers topic_en P 0.964 R 0.9; wide topic_en P 0.986 R 0.971, 0.845
# (0.942, 0.874), 7/12 (0.78 real); wire topic_en P 0.986 R 0.986, stories_en F1 0.971, 0.771
# (0.897, 0.802), 5/6 (0.83 real); desk topic_en P 0.959 R 0.972, 0.467 (0.87, 0.413), 6/7
# (0.67 real); voices topic_en P 0.984 R 0.969, 0.657 (0.913, 0.669), 2/6 (0.67 real)
FLOORS = {
    "probe_items": {
        "topic_en.f1": 0.97,
        "stories_en.f1": 0.92,
        "claims.recall_with_claimant": 0.85,
        "claims.claimant_accuracy": 0.91,
        "claims.precision": 0.86,
        "conflicts.found": 8,
        "conflicts.precision": 0.9,
    },
    "probe_teasers": {"topic_en.precision": 0.94, "topic_en.recall": 0.88},
    "probe_wide": {
        "topic_en.precision": 0.95,
        "topic_en.recall": 0.95,
        "stories_en.f1": 0.86,
        "claims.recall_with_claimant": 0.82,
        "claims.claimant_accuracy": 0.91,
        "claims.precision": 0.85,
        "conflicts.found": 6,
        "conflicts.precision": 0.7,
    },
    "probe_wire": {
        "topic_en.precision": 0.96,
        "topic_en.recall": 0.96,
        "stories_en.f1": 0.94,
        "claims.recall_with_claimant": 0.74,
        "claims.claimant_accuracy": 0.87,
        "claims.precision": 0.79,
        "conflicts.found": 5,
        "conflicts.precision": 0.75,
    },
    "probe_desk": {
        "topic_en.precision": 0.93,
        "topic_en.recall": 0.95,
        "stories_en.f1": 0.89,
        "claims.recall_with_claimant": 0.43,
        "claims.claimant_accuracy": 0.83,
        "claims.precision": 0.39,
        "conflicts.found": 5,
        "conflicts.precision": 0.6,
    },
    "probe_voices": {
        "topic_en.precision": 0.96,
        "topic_en.recall": 0.94,
        "stories_en.f1": 0.83,
        "claims.recall_with_claimant": 0.62,
        "claims.claimant_accuracy": 0.88,
        "claims.precision": 0.65,
        "conflicts.found": 2,
        "conflicts.precision": 0.6,
    },
}
CEILINGS = {"stories_en.bot_clusters_mixing_stories": 0, "claims.claims_per_kept_item": 4}
# long articles and features carry more claims each than the 4 the briefing aims at on
# average (4.39 measured): kept from growing, not yet met
CEILING_OVERRIDES = {"probe_desk": {"claims.claims_per_kept_item": 4.5}}


def score_format(name: str, folder: Path) -> tuple[Path, Path]:
    """The probe set as score.py reads a dev set: links, feeds and languages filled in."""
    items, gold = folder / f"{name}.jsonl", folder / f"{name}-conflicts.json"
    lines = []
    for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        slug = re.sub(r"[^a-z0-9]+", "-", record["outlet"].lower()).strip("-")
        record.update(
            feed_url=f"https://{slug}.example/feed.xml",
            link=f"https://{slug}.example/news/{record['id']}",
            lang="en",
        )
        record.setdefault("negative_kind", "probe" if record["label"] != "relevant" else None)
        if record["label"] != "relevant":
            record["story"] = None
        lines.append(json.dumps(record, ensure_ascii=False))
    items.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # each reports set's figure disagreements ("probe_items" has the first, unsuffixed file)
    own = "probe_conflicts.json" if name == "probe_items" else f"{name}_conflicts.json"
    conflicts = DATA / own
    pairs = json.loads(conflicts.read_text(encoding="utf-8")) if conflicts.exists() else []
    gold.write_text(
        json.dumps(
            [
                {
                    "story": c["story"],
                    "about": c["what"],
                    "figures": [c["a"], c["b"]],
                    "items": {},
                    "note": "",
                }
                for c in pairs
            ]
        ),
        encoding="utf-8",
    )
    return items, gold


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp(request.param)
    items, gold = score_format(request.param, folder)
    out = folder / "scores.json"
    run = subprocess.run(
        [
            sys.executable,
            str(SCORE),
            "--items",
            str(items),
            "--conflicts",
            str(gold),
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.exists(), run.stdout[-2000:] + run.stderr[-2000:]
    return request.param, json.loads(out.read_text(encoding="utf-8"))


def value(scores: dict, key: str) -> float:
    for part in key.split("."):
        scores = scores[part]
    return float(scores)  # type: ignore[arg-type]


def test_probe_floors(scored):
    name, scores = scored
    low = {k: value(scores, k) for k, floor in FLOORS[name].items() if value(scores, k) < floor}
    assert not low, (low, scores["headline"])


def test_probe_ceilings(scored):
    name, scores = scored
    ceilings = {**CEILINGS, **CEILING_OVERRIDES.get(name, {})}
    high = {k: value(scores, k) for k, top in ceilings.items() if value(scores, k) > top}
    assert not high, (high, scores["headline"])
