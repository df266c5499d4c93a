"""Topic-match stage: (item, topic rules) -> Match with a score and the reasons it fired.

Pure: no clock, no store. Rules come from feeds.yaml (see TopicConfig). Terms match on
light stems, so "fighters", "fighter" and "fighting" meet; a term written "=word" must
match the word exactly (so the demonym "indians" does not collide with the adjective).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from bot.config import RuleConfig, TopicConfig
from bot.models import Item, Match
from bot.text import split_sentences, stem, tokens

MAX_CHARS = 12_000  # beyond this, an article is past its lede; matching it costs time only
_SENTENCE_GAP = 1000  # positions between sentences, so "near" never spans two sentences
_MASK = "\u2205"


@dataclass(frozen=True, slots=True)
class _Term:
    words: tuple[str, ...]  # stems, or exact tokens when exact
    exact: bool
    label: str


@dataclass(frozen=True, slots=True)
class _Doc:
    words: tuple[str, ...]  # exact lower-case tokens
    stems: tuple[str, ...]
    positions: tuple[int, ...]
    title_len: int  # the first title_len tokens are the title


def _compile_term(raw: str) -> _Term:
    exact = raw.startswith("=")
    body = raw[1:] if exact else raw
    words = tuple(tokens(body))
    if not exact:
        words = tuple(stem(w) for w in words)
    return _Term(words, exact, body.strip().lower())


@dataclass(frozen=True, slots=True)
class _Index:
    terms: dict[str, list[tuple[str, _Term]]]  # first word ('=word' when exact) -> terms
    exact_firsts: frozenset[str]  # first words of exact terms, without the '='
    stem_firsts: frozenset[str]  # first stems of the other terms


@lru_cache(maxsize=16)
def _compile_index(named: tuple[tuple[str, tuple[str, ...]], ...]) -> _Index:
    """Every named list's terms in one index keyed by first word: one pass finds them all."""
    index: dict[str, list[tuple[str, _Term]]] = defaultdict(list)
    for name, terms in named:
        for raw in terms:
            term = _compile_term(raw)
            if term.words:
                index[("=" if term.exact else "") + term.words[0]].append((name, term))
    return _Index(
        dict(index),
        frozenset(key[1:] for key in index if key.startswith("=")),
        frozenset(key for key in index if not key.startswith("=")),
    )


@lru_cache(maxsize=16)
def _exclusions(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    longest_first = sorted(phrases, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, longest_first)), re.IGNORECASE)


def _document(title: str, body: str, exclude: tuple[str, ...]) -> _Doc:
    text = f"{title}\n{body[:MAX_CHARS]}"
    folded = text.lower()
    # most texts hold no excluded phrase: plain substring tests are far cheaper than a regex
    present = tuple(p for p in exclude if p.lower() in folded)
    pattern = _exclusions(present)
    lowered = pattern.sub(_MASK, text) if pattern else text
    title_part, _, body_part = lowered.partition("\n")
    words: list[str] = []
    positions: list[int] = []
    position = 0
    title_len = 0
    for index, sentence in enumerate([title_part, *split_sentences(body_part)]):
        for word in tokens(sentence):
            words.append(word)
            positions.append(position)
            position += 1
        position += _SENTENCE_GAP
        if index == 0:
            title_len = len(words)
    return _Doc(tuple(words), tuple(map(stem, words)), tuple(positions), title_len)


def _find(doc: _Doc, index: _Index) -> dict[str, list[tuple[int, int, str]]]:
    """(start, end, label) of every occurrence of each list's terms, by list name."""
    hits: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    words, stems, positions = doc.words, doc.stems, doc.positions
    exact, stemmed = index.exact_firsts, index.stem_firsts
    for i, (word, word_stem) in enumerate(zip(words, stems, strict=True)):
        # most words open no term: two set lookups rule them out
        if word in exact:
            _collect(hits, index.terms["=" + word], i, words, positions)
        if word_stem in stemmed:
            _collect(hits, index.terms[word_stem], i, stems, positions)
    return hits


def _collect(
    hits: dict[str, list[tuple[int, int, str]]],
    found: list[tuple[str, _Term]],
    i: int,
    seq: tuple[str, ...],
    positions: tuple[int, ...],
) -> None:
    n = len(seq)
    for name, term in found:
        size = len(term.words)
        # a phrase must not run across a sentence boundary
        if size == 1 or (
            i + size <= n
            and seq[i : i + size] == term.words
            and positions[i + size - 1] - positions[i] == size - 1
        ):
            hits[name].append((i, i + size, term.label))


def _near(
    doc: _Doc,
    first: list[tuple[int, int, str]],
    second: list[tuple[int, int, str]],
    window: int,
    barriers: set[int],
) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for a_start, a_end, a_label in first:
        for b_start, b_end, b_label in second:
            if a_end <= b_start:
                lo, hi = a_end, b_start
            elif b_end <= a_start:
                lo, hi = b_end, a_start
            else:
                continue
            gap = doc.positions[hi] - doc.positions[lo - 1] - 1 if hi < len(doc.words) else 99
            if 0 <= gap <= window and not any(lo <= k < hi for k in barriers):
                start, end = min(a_start, b_start), max(a_end, b_end)
                out.append((start, end, f"{a_label} ~ {b_label}"))
    return out


def _rule_hits(
    doc: _Doc,
    rule: RuleConfig,
    found: dict[str, list[tuple[int, int, str]]],
    barriers: set[int],
) -> list[tuple[int, int, str]]:
    hits: list[tuple[int, int, str]] = list(found.get("rule:" + rule.name, ()))
    for name in rule.lists:
        hits += found[name]
    if rule.near:
        hits += _near(doc, found[rule.near[0]], found[rule.near[1]], rule.window, barriers)
    return hits


@dataclass(frozen=True, slots=True)
class _Gate:
    """What must be present for a rule with a positive weight to fire."""

    any_of: frozenset[str]  # one of these lists (or a rule's own terms) is enough
    pairs: tuple[tuple[str, str], ...]  # or both lists of a "near" rule
    missing: tuple[str, ...]  # the reasons of an item where none can fire

    def may_fire(self, present: set[str]) -> bool:
        if not self.any_of.isdisjoint(present):
            return True
        return any(a in present and b in present for a, b in self.pairs)


def _gate(topic: TopicConfig) -> _Gate:
    positive = [rule for rule in topic.rules if rule.weight > 0]
    names = {name for rule in positive for name in rule.lists}
    names |= {"rule:" + rule.name for rule in positive if rule.terms}
    pairs = tuple(dict.fromkeys((rule.near[0], rule.near[1]) for rule in positive if rule.near))
    missing = "missing: " + "; ".join(" or ".join(group) for group in topic.require)
    return _Gate(frozenset(names), pairs, (missing,) if topic.require else ())


_INDEXES: dict[int, tuple[TopicConfig, _Index, _Gate]] = {}


def _topic_index(topic: TopicConfig) -> _Index:
    return _compiled(topic)[0]


def _compiled(topic: TopicConfig) -> tuple[_Index, _Gate]:
    cached = _INDEXES.get(id(topic))
    if cached and cached[0] is topic:  # the same (frozen) topic: skip rebuilding the key
        return cached[1], cached[2]
    named = [(name, tuple(terms)) for name, terms in topic.lists.items()]
    named += [("rule:" + rule.name, tuple(rule.terms)) for rule in topic.rules if rule.terms]
    index, gate = _compile_index(tuple(named)), _gate(topic)
    if len(_INDEXES) > 16:
        _INDEXES.clear()
    _INDEXES[id(topic)] = (topic, index, gate)
    return index, gate


def _lists_present(title: str, body: str, index: _Index) -> set[str]:
    """Names of the lists with a term in the text, sentence bounds and exclusions aside:
    a superset of what the full match finds, at a fraction of its cost."""
    words = tokens(f"{title}\n{body[:MAX_CHARS]}")
    unique = set(words)
    stemmed = set(map(stem, unique))
    terms = index.terms
    present: set[str] = set()
    # set intersections in C first: most words of an article start no term at all
    keys = ["=" + w for w in index.exact_firsts.intersection(unique)]
    keys += index.stem_firsts.intersection(stemmed)
    for key in keys:
        for name, term in terms.get(key, ()):
            if name in present:
                continue
            if len(term.words) == 1:
                present.add(name)
                continue
            # a phrase: only when all its words occur, look whether they are in a row
            pool = unique if term.exact else stemmed
            if pool.issuperset(term.words) and _has_phrase(words, term, unique):
                present.add(name)
    return present


def _has_phrase(words: list[str], term: _Term, unique: set[str]) -> bool:
    size, first = len(term.words), term.words[0]
    # the words that can open the phrase, so the walk below stems nothing in vain
    openers = {first} if term.exact else {w for w in unique if stem(w) == first}
    for i in range(len(words) - size + 1):
        if words[i] not in openers:
            continue
        seq = words[i : i + size]
        if not term.exact:
            seq = [stem(w) for w in seq]
        if tuple(seq) == term.words:
            return True
    return False


def match_text(title: str, body: str, topic: TopicConfig, item_id: str = "") -> Match:
    index, gate = _compiled(topic)
    if not gate.may_fire(_lists_present(title, body, index)):
        # nothing that adds to the score can fire: the full match would score at most 0
        return Match(item_id, topic.name, False, 0.0, gate.missing)
    doc = _document(title, body, tuple(topic.exclude))
    found = _find(doc, index)
    barriers: set[int] = set()
    if "barrier" in found:
        barriers = {start for start, _, _ in found["barrier"]}
    score = 0.0
    fired: set[str] = set()
    reasons: list[str] = []
    for rule in topic.rules:
        hits = _rule_hits(doc, rule, found, barriers)
        if not hits:
            continue
        fired.add(rule.name)
        in_title = any(start < doc.title_len for start, _, _ in hits)
        count = len({(s, e) for s, e, _ in hits})
        value = rule.weight * (1 + 0.5 * min(count - 1, 3))
        if in_title and rule.weight > 0:
            value += rule.weight
        score += value
        labels = sorted({label for _, _, label in hits}, key=lambda s: (len(s), s))[:3]
        where = ", in title" if in_title else ""
        reasons.append(f"{rule.name} ({value:+.1f}): {'; '.join(labels)} ×{count}{where}")
    missing = [group for group in topic.require if not fired.intersection(group)]
    relevant = score >= topic.threshold and not missing
    if missing:
        reasons.append("missing: " + "; ".join(" or ".join(group) for group in missing))
    return Match(item_id, topic.name, relevant, round(score, 2), tuple(reasons))


def match_item(item: Item, topic: TopicConfig) -> Match:
    """Decide whether an item belongs to the topic, and say why."""
    body = item.summary if not item.content else f"{item.summary}\n{item.content}"
    if item.summary and item.content and item.content.startswith(item.summary[:80]):
        body = item.content
    return match_text(item.title, body, topic, item.id)
