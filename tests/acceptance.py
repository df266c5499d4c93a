"""Scoring a digest against ../shared/seeds/expected-claims.yaml (used by tests and reports)."""

from __future__ import annotations

from bot.context import similar_names
from bot.models import Digest, MergedClaim
from bot.text import content_stems
from tests.seedfeed import expected_claims, seed_link

_GENERIC = {"the", "of", "and", "under", "interrogation", "(", ")", "us", "a"}


def _overlap(a: str, b: str) -> float:
    sa, sb = set(content_stems(a)), set(content_stems(b))
    return len(sa & sb) / max(1, min(len(sa), len(sb)))


def _figures_agree(expected: list[str], claim: MergedClaim) -> bool:
    if not expected:
        return True
    digits = {"".join(ch for ch in f if ch.isdigit()) for f in expected}
    got = {"".join(ch for ch in f if ch.isdigit()) for f in claim.figures}
    return bool(digits & got)


def claimant_matches(expected: str, got: str) -> bool:
    want = [w.strip("(),").lower() for w in expected.split()]
    have = [w.strip("(),").lower() for w in got.split()]
    want = [w for w in want if w and w not in _GENERIC]
    return any(similar_names(w, h) or w == h for w in want for h in have if len(w) > 2)


def score_digest(digest: Digest) -> list[dict]:
    """For each expected claim: the best digest claim, and whether claimant and sources match."""
    link_to_key = {seed_link(k): k for k in ("000", "001", "002", "003", "004")}
    claims = [c for story in digest.stories for c in story.claims]
    rows = []
    for exp in expected_claims():
        best, best_score = None, 0.0
        for claim in claims:
            score = _overlap(exp["text"], claim.text) + (
                0.3 if _figures_agree(exp["figures"], claim) and exp["figures"] else 0
            )
            if score > best_score:
                best, best_score = claim, score
        row = {"id": exp["id"], "found": best is not None and best_score >= 0.45}
        if best is not None:
            sources = sorted(link_to_key.get(s.link, s.item_id) for s in best.sources)
            own_voice = best.claimant.split(" and others")[0] in {
                ", ".join(dict.fromkeys(s.outlet for s in best.sources[:k])) for k in (1, 2)
            } or all(
                part.strip() in {s.outlet for s in best.sources}
                for part in best.claimant.replace(" and others", "").split(",")
            )
            # "reporter" in the expectations means the outlet states it in its own voice.
            ok = (
                own_voice
                if exp["claimant"] == "reporter"
                else claimant_matches(exp["claimant"], best.claimant)
            )
            row.update(
                text=best.text,
                claimant=best.claimant,
                sources=sources,
                match=round(best_score, 2),
                claimant_ok=ok,
                sources_ok=sources == sorted(exp["sources"]),
            )
        row["listed"] = bool(row["found"] and row.get("claimant_ok") and row.get("sources_ok"))
        rows.append(row)
    return rows


def conflict_flagged(digest: Digest, a: str, b: str) -> bool:
    return any(
        a in c.figures and b in c.figures for story in digest.stories for c in story.conflicts
    )
