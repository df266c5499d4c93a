"""TF-IDF vectors and sparse similar-pair search, shared by story grouping and claim merging.

Pure and linear in the number of postings: pairs are found through an inverted index, and
terms common to most documents are ignored, so grouping never compares everything to everything.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

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
    # same sum, same order as over every term; absent terms only ever added 0.0
    return sum(w * b[t] for t, w in a.items() if t in b)


def _upper_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs x < y of a list of `size`, in the order of two nested loops."""
    # most postings lists are short: theirs are kept (under 1 MB for all sizes up to 64);
    # a long list's pairs are few calls and cheap to build relative to their use
    return _short_upper_pairs(size) if size <= 64 else np.triu_indices(size, 1)


@lru_cache(maxsize=64)
def _short_upper_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(size, 1)


def similar_pairs(
    vectors: Sequence[Vector],
    min_sim: float,
    *,
    allowed: Callable[[int, int], bool] | None = None,
    max_df: int = 200,
    top_terms: int = 25,
    per_doc: int = 30,
    anchors: Sequence[bool] | None = None,
) -> dict[tuple[int, int], float]:
    """Pairs (i < j) with cosine >= min_sim, found through shared weighty terms.

    Only each document's `per_doc` most promising partners are verified, so the cost stays
    linear in the number of documents however many of them share a theme. The candidate
    scores are summed with numpy: the pairs of one term's postings are many and uniform.
    With `anchors` (a flag per document), only pairs with at least one anchor are wanted, and
    the others are dropped before they are summed."""
    n = len(vectors)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for term, weight in sorted(vec.items(), key=lambda kv: -kv[1])[:top_terms]:
            postings[term].append((i, weight))
    keys: list[np.ndarray] = []
    products: list[np.ndarray] = []
    for plist in postings.values():
        if len(plist) < 2 or len(plist) > max_df:
            continue
        docs = np.fromiter((i for i, _ in plist), np.int64, len(plist))
        weights = np.fromiter((w for _, w in plist), np.float64, len(plist))
        x, y = _upper_pairs(len(plist))
        keys.append(docs[x] * n + docs[y])  # postings are in document order: docs[x] < docs[y]
        products.append(weights[x] * weights[y])
    if not keys:
        return {}
    flat_keys, flat_products = np.concatenate(keys), np.concatenate(products)
    if anchors is not None:
        anchored = np.fromiter(anchors, bool, n)
        wanted = anchored[flat_keys // n] | anchored[flat_keys % n]
        flat_keys, flat_products = flat_keys[wanted], flat_products[wanted]
        if not len(flat_keys):
            return {}
    # bincount adds in input order, so each pair's score is the sum a loop would give
    unique, inverse = np.unique(flat_keys, return_inverse=True)
    partial = np.bincount(inverse, weights=flat_products)
    promising = partial >= min_sim * 0.3
    unique, partial = unique[promising], partial[promising]
    first, second = unique // n, unique % n
    doc = np.concatenate([first, second])
    other = np.concatenate([second, first])
    score = np.concatenate([partial, partial])
    # each document's partners, best first (ties: the later document first)
    order = np.lexsort((-other, -score, doc))
    ranked = doc[order]
    rank = np.arange(len(order)) - np.searchsorted(ranked, ranked, side="left")
    chosen = order[rank < per_doc]
    low, high = np.minimum(doc[chosen], other[chosen]), np.maximum(doc[chosen], other[chosen])
    out: dict[tuple[int, int], float] = {}
    for key in np.unique(low * n + high).tolist():
        i, j = divmod(key, n)
        if allowed is not None and not allowed(i, j):
            continue
        sim = cosine(vectors[i], vectors[j])
        if sim >= min_sim:
            out[(i, j)] = sim
    return out
