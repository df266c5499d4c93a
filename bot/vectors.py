"""TF-IDF vectors and sparse similar-pair search, shared by story grouping and claim merging.

Pure and linear in the number of postings: pairs are found through an inverted index, and
terms common to most documents are ignored, so grouping never compares everything to everything.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

Vector = dict[str, float]


def tfidf_vectors(docs: Sequence[Sequence[str]]) -> list[Vector]:
    """Unit-length TF-IDF vectors (sublinear tf, smoothed idf)."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    n = len(docs)
    vectors: list[Vector] = []
    for doc in docs:
        counts = Counter(doc)
        vec = {
            t: (1 + math.log(c)) * math.log((1 + n) / (1 + df[t]) + 1) for t, c in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        vectors.append({t: w / norm for t, w in vec.items()})
    return vectors


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def similar_pairs(
    vectors: Sequence[Vector],
    min_sim: float,
    *,
    allowed: Callable[[int, int], bool] | None = None,
    max_df: int = 200,
    top_terms: int = 25,
    per_doc: int = 30,
) -> dict[tuple[int, int], float]:
    """Pairs (i < j) with cosine >= min_sim, found through shared weighty terms.

    Only each document's `per_doc` most promising partners are verified, so the cost stays
    linear in the number of documents however many of them share a theme."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for term, weight in sorted(vec.items(), key=lambda kv: -kv[1])[:top_terms]:
            postings[term].append((i, weight))
    scores: dict[tuple[int, int], float] = defaultdict(float)
    for plist in postings.values():
        if len(plist) < 2 or len(plist) > max_df:
            continue
        for x in range(len(plist)):
            i, wi = plist[x]
            for y in range(x + 1, len(plist)):
                j, wj = plist[y]
                scores[(i, j) if i < j else (j, i)] += wi * wj
    floor = min_sim * 0.3
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), partial in scores.items():
        if partial >= floor:
            best[i].append((partial, j))
            best[j].append((partial, i))
    keep: set[tuple[int, int]] = set()
    for i, partners in best.items():
        if len(partners) > per_doc:
            partners = heapq.nlargest(per_doc, partners)
        keep.update((i, j) if i < j else (j, i) for _, j in partners)
    out: dict[tuple[int, int], float] = {}
    for i, j in keep:
        if allowed is not None and not allowed(i, j):
            continue
        sim = cosine(vectors[i], vectors[j])
        if sim >= min_sim:
            out[(i, j)] = sim
    return out
