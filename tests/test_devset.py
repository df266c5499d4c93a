"""Briefing quality on the labelled development set, through the CLI as the product is scored.

../shared/devset/score.py serves the set's items as feeds on 127.0.0.1, runs `check --json`
and `digest --json --all` through a config derived from feeds.yaml, and scores topic,
stories, claims and conflicts. The floors sit a little under the figures of the last
measured run (issue 11's note), so a regression fails here; they are not the targets.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

SCORE = SHARED / "devset" / "score.py"
pytestmark = pytest.mark.skipif(not SCORE.exists(), reason="../shared/devset not present")

# whole set, measured 2026-12-04 (ninth round): topic_en P 0.979 R 0.959; stories_en F1
# 0.936 (4 split, 0 mixed); claims found 0.878, with claimant 0.803, accuracy 0.915,
# precision 0.758; conflicts 5/7 found, all flagged real
FLOORS = {
    "topic_en.precision": 0.96,
    "topic_en.recall": 0.94,
    "stories_en.f1": 0.91,
    "claims.recall": 0.86,
    "claims.recall_with_claimant": 0.78,
    "claims.claimant_accuracy": 0.9,
    "claims.precision": 0.75,
    "conflicts.found": 5,
    "conflicts.precision": 0.9,
}
CEILINGS = {
    "stories_en.bot_clusters_mixing_stories": 1,
    "claims.vague_claimants": 0.03,
    "claims.fragments": 0.03,
    "claims.several_claimants": 0.05,
    "claims.claims_per_kept_item": 4,
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("devset") / "scores.json"
    run = subprocess.run(
        [sys.executable, str(SCORE), "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.exists(), run.stdout[-2000:] + run.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


def value(scores: dict, key: str) -> float:
    for part in key.split("."):
        scores = scores[part]
    return float(scores)  # type: ignore[arg-type]


@pytest.mark.parametrize("key,floor", FLOORS.items(), ids=list(FLOORS))
def test_devset_floor(scores, key, floor):
    assert value(scores, key) >= floor, scores["headline"]


@pytest.mark.parametrize("key,ceiling", CEILINGS.items(), ids=list(CEILINGS))
def test_devset_ceiling(scores, key, ceiling):
    assert value(scores, key) <= ceiling, scores["headline"]


def test_keyword_baseline_is_beaten(scores):
    """The English topic filter beats a naive keyword alert on precision and recall."""
    ours, naive = scores["topic_en"], scores["naive_keyword_baseline_en"]
    assert ours["precision"] > naive["precision"] and ours["recall"] > naive["recall"]
