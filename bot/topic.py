"""Topic-match stage: (item, topic rules) -> Match with a score and the reasons it fired.

Pure: no clock, no store; the only data read is the world file (countries, their names,
demonyms and capitals in each language), once, when a topic's lexicon refers to it.
Rules come from feeds.yaml (see TopicConfig); the item's language picks the topic's word
lists written in that language (English when the topic has none for it). Terms match on
stems of their language, so "fighters", "fighter" and "fighting" meet; a term written
"=word" must match the word exactly (so the demonym "indians" does not collide with the
adjective). An entry such as "@countries except barrier" stands for every country's name
in the item's language, less those the list `barrier` names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from bot.config import WORD_CLASSES, RuleConfig, TopicConfig, parse_directive
from bot.language import capitalised, inflections, stemmer
from bot.models import Item, Match
from bot.text import split_sentences
from bot.world import Country, load_world

MAX_CHARS = 12_000  # beyond this, an article is past its lede; matching it costs time only
_SENTENCE_GAP = 1000  # positions between sentences, so "near" never spans two sentences
_MASK = "\u2205"
# bot.text.tokens' pattern: the same words, found here with their places in the text
_TOKEN = re.compile(r"\d++(?:[.,]\d++)*+|[^\W_]++(?:'[^\W_]++)*+")
# what ends a clause between two words ("a captured Briton, the ministry said")
_BREAK = re.compile(r"[,;:!?()\[\]\"“”«»„—–]|\s-\s")
# sentence ends for languages bot.text's English splitter does not know (capitals beyond A-Z)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»)]*\s+(?=[\"'“«„(\[]?[^\W\d_])")
_Hit = tuple[int, int, str]  # start, end (token indices) and the term's label


@dataclass(frozen=True, slots=True)
class _Term:
    words: tuple[str, ...]  # stems, or exact tokens when exact
    exact: bool
    label: str
    # how the text must write it: 0 any case, 1 capitalised (a name: "Polish", not "polish"),
    # 2 in capitals (an abbreviation: "US", not "us")
    case: int = 0


@dataclass(frozen=True, slots=True)
class _Doc:
    words: tuple[str, ...]  # exact lower-case tokens
    stems: tuple[str, ...]
    positions: tuple[int, ...]
    title_len: int  # the first title_len tokens are the title
    caps: tuple[int, ...]  # 0 lower case, 1 capitalised, 2 all capitals ("US")
    breaks: frozenset[int]  # tokens after which a clause ends
    names: frozenset[str]  # words written with a capital inside a sentence: names


def _words(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """(lower-case token, its match) for the words of `text`, as bot.text.tokens finds them."""
    for match in _TOKEN.finditer(text.replace("’", "'")):
        word = match.group().lower()
        yield (word[:-2] if word.endswith("'s") else word), match


def _tokens(text: str) -> list[str]:
    """The lower-case words of `text` (bot.text.tokens): found in the lower-cased text, as
    _document finds them, so the pre-check and the full match see the same words."""
    found = _TOKEN.findall(text.lower().replace("’", "'"))
    if "'" in text or "’" in text:
        return [w[:-2] if w.endswith("'s") else w for w in found]
    return found


@lru_cache(maxsize=65536)  # a line that recurs (wire copy, a feed's stock lines) is read once
def _sentence_words(sentence: str) -> tuple[tuple[str, ...], tuple[int, ...], frozenset[int]]:
    """A sentence's lower-case words, how each is written (0 lower case, 1 capitalised,
    2 in capitals) and the indices of the words after which a clause ends."""
    text = sentence.replace("’", "'")
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer: no case to read
        words = _tokens(sentence)
        return tuple(words), (0,) * len(words), frozenset({len(words) - 1})
    matches = list(_TOKEN.finditer(lower))
    words = [m.group() for m in matches]
    if "'" in text:
        words = [w[:-2] if w.endswith("'s") else w for w in words]
    written = [text[m.start() : m.end()] for m in matches]
    cases = [(2 if len(w) > 1 and w.isupper() else 1) if w[0].isupper() else 0 for w in written]
    ends = {len(words) - 1}
    if _BREAK.search(text):
        starts = [m.start() for m in matches]
        for stop in _BREAK.finditer(text):
            ends.add(bisect_right(starts, stop.start()) - 1)
    return tuple(words), tuple(cases), frozenset(ends)


_LOCAL = {"countries": "name", "adjectives": "adjective", "demonyms": "person", "peoples": "people"}


def _english(country: Country, kind: str) -> tuple[str, ...]:
    return {
        "countries": country.names(),
        "capitals": country.capitals(),
        "adjectives": (country.adjective, *country.adjectives),
        "demonyms": country.person,
        "peoples": country.people,
    }[kind]


@lru_cache(maxsize=64)
def _world_forms(kind: str, lang: str) -> tuple[tuple[frozenset[str], tuple[str, ...]], ...]:
    """For every state: (all its names, demonyms and capitals in English and `lang`, lower
    case; its forms of `kind` in `lang`). The first part tells whether a list names it."""
    stem = stemmer(lang)
    # a demonym spelt as the adjective ("Australian", "afgano") says no more than the
    # adjective does; it is left out unless the language writes the noun with a capital
    # and the adjective without ("un Afghan", "afghan")
    by_case = capitalised(lang, kind) and not capitalised(lang, "adjectives")
    out = []
    for country in load_world().countries:
        if country.kind != "state":
            continue
        english = [*country.names(), *country.demonyms(), *country.capitals()]
        local = [f for field in _LOCAL.values() for f in country.local(lang, field)]
        every = frozenset(f.lower() for f in (*english, *local))
        if lang == "en":
            forms = _english(country, kind)
            adjectives = _english(country, "adjectives")
        else:
            # capitals are not in the world file's other languages: the English spellings
            forms = country.capitals() if kind == "capitals" else country.local(lang, _LOCAL[kind])
            adjectives = country.local(lang, "adjective")
        if kind in ("demonyms", "peoples"):
            # a people whose stem is the country's own name ("Емірати", the Emirates) would
            # take the country for its people
            names = country.names() if lang == "en" else country.local(lang, "name")
            taken = {stem(w) for name in names for w in _tokens(name)}
            forms = tuple(f for f in forms if len(_tokens(f)) > 1 or stem(f.lower()) not in taken)
        if kind in ("demonyms", "peoples") and not by_case:
            if lang == "en":
                seen = {a.lower() for a in adjectives}
                forms = tuple(f for f in forms if f.lower() not in seen)
            else:
                seen = {stem(a.lower()) for a in adjectives}
                forms = tuple(f for f in forms if stem(f.lower()) not in seen)
        out.append((every, tuple(forms)))
    return tuple(out)


def _case_of(word: str) -> int:
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return 2
    return 1 if word[:1].isupper() else 0


def _expand(raw: str, lang: str, lists: dict[str, tuple[str, ...]]) -> list[tuple[str, int]]:
    """A list entry as (term, case) pairs: itself, or a directive's world forms."""
    directive = parse_directive(raw)
    if directive is None:
        return [(raw, 0)]
    kind, excepted = directive
    named = {t.lstrip("=").strip().lower() for t in lists.get(excepted, ())}
    proper = capitalised(lang, kind)
    prefix = "=" if lang == "en" else ""  # English forms are whole words; others inflect
    out = []
    for every, forms in _world_forms(kind, lang):
        if named & every:
            continue
        for form in forms:
            first = _TOKEN.search(form)
            # an abbreviation ("US", not "us") keeps its capitals in any language
            case = _case_of(first.group()) if first else 0
            out.append((prefix + form, case if case == 2 or proper else 0))
            if case == 2 and form.isalpha() and len(form) <= 4:
                out.append((prefix + ".".join(form) + ".", 1))  # "U.S.", "U.K."
    return out


def _compile_term(raw: str, stem: Callable[[str], str], case: int = 0) -> _Term:
    exact = raw.startswith("=")
    body = raw[1:] if exact else raw
    words = tuple(_tokens(body))
    if not exact:
        words = tuple(stem(w) for w in words)
    return _Term(words, exact, body.strip().lower(), case)


def _compile_terms(raw: str, stem: Callable[[str], str], case: int, lang: str) -> list[_Term]:
    """The term, and for a one-word term of a language whose stemmer mistakes inflected
    names (Russian), the same term under the stems of its case forms."""
    term = _compile_term(raw, stem, case)
    words = _tokens(raw)
    if term.exact or len(words) != 1:
        return [term]
    variants = {stem(form) for form in inflections(lang, words[0])} - {term.words[0]}
    return [term, *(_Term((v,), False, term.label, case) for v in sorted(variants))]


@dataclass(frozen=True, slots=True)
class _Index:
    terms: dict[str, list[tuple[str, _Term]]]  # first word ('=word' when exact) -> terms
    exact_firsts: frozenset[str]  # first words of exact terms, without the '='
    stem_firsts: frozenset[str]  # first stems of the other terms
    lang: str
    numbers: tuple[str, ...] = ()  # lists holding <number>: any number is one of their terms
    anything: tuple[str, ...] = ()  # lists holding <any>: any word is

    def knows(self, word: str) -> bool:
        """Whether a term of some list opens with this word."""
        return word in self.exact_firsts or stemmer(self.lang)(word) in self.stem_firsts


@lru_cache(maxsize=32)
def _compile_index(named: tuple[tuple[str, tuple[str, ...]], ...], lang: str) -> _Index:
    """Every named list's terms in one index keyed by first word: one pass finds them all."""
    stem = stemmer(lang)
    lists = dict(named)
    index: dict[str, list[tuple[str, _Term]]] = defaultdict(list)
    classes: dict[str, list[str]] = defaultdict(list)
    for name, terms in named:
        seen: set[_Term] = set()
        for entry in terms:
            if entry in WORD_CLASSES:
                classes[entry].append(name)
                continue
            for raw, case in _expand(entry, lang, lists):
                for term in _compile_terms(raw, stem, case, lang):
                    if term.words and term not in seen:
                        seen.add(term)
                        index[("=" if term.exact else "") + term.words[0]].append((name, term))
    return _Index(
        dict(index),
        frozenset(key[1:] for key in index if key.startswith("=")),
        frozenset(key for key in index if not key.startswith("=")),
        lang,
        tuple(classes["<number>"]),
        tuple(classes["<any>"]),
    )


@lru_cache(maxsize=16)
def _exclusions(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    longest_first = sorted(phrases, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, longest_first)), re.IGNORECASE)


def _sentences(text: str, lang: str) -> list[str]:
    if lang == "en":
        return split_sentences(text)
    return [s for line in text.split("\n") for s in _SENTENCE_END.split(line.strip()) if s]


def _title_case(title: str) -> bool:
    """Whether a headline capitalises its words ("Man Held In Kursk"): then its capitals
    say nothing about names."""
    long = [m.group() for _, m in _words(title) if len(m.group()) > 3 and m.group().isalpha()]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) > 0.6 * len(long)


def _document(title: str, body: str, exclude: tuple[str, ...], lang: str = "en") -> _Doc:
    text = f"{title}\n{body[:MAX_CHARS]}"
    folded = text.lower()
    # most texts hold no excluded phrase: plain substring tests are far cheaper than a regex
    present = tuple(p for p in exclude if p.lower() in folded)
    pattern = _exclusions(present)
    masked = pattern.sub(_MASK, text) if pattern else text
    title_part, _, body_part = masked.partition("\n")
    stem = stemmer(lang)
    words: list[str] = []
    positions: list[int] = []
    caps: list[int] = []
    breaks: set[int] = set()
    names: set[str] = set()
    headline_caps = not _title_case(title_part)
    position = 0
    title_len = 0
    for index, sentence in enumerate([title_part, *_sentences(body_part, lang)]):
        found, cases, ends = _sentence_words(sentence)
        offset = len(words)
        breaks.update(offset + k for k in ends if k >= 0)
        words += found
        positions += range(position, position + len(found))
        position += len(found)
        caps += cases
        # a capital that does not open the sentence marks a name (unless the headline
        # capitalises every word)
        if index > 0 or headline_caps:
            names.update(w for w, case in zip(found[1:], cases[1:], strict=True) if case)
        position += _SENTENCE_GAP
        if index == 0:
            title_len = len(words)
    return _Doc(
        tuple(words),
        tuple(map(stem, words)),
        tuple(positions),
        title_len,
        tuple(caps),
        frozenset(breaks),
        frozenset(names),
    )


def _find(doc: _Doc, index: _Index) -> dict[str, list[_Hit]]:
    """(start, end, label) of every occurrence of each list's terms, by list name."""
    hits: dict[str, list[_Hit]] = defaultdict(list)
    words, stems = doc.words, doc.stems
    exact, stemmed = index.exact_firsts, index.stem_firsts
    for i, (word, word_stem) in enumerate(zip(words, stems, strict=True)):
        # most words open no term: two set lookups rule them out
        if word in exact:
            _collect(hits, index.terms["=" + word], i, words, doc)
        if word_stem in stemmed:
            _collect(hits, index.terms[word_stem], i, stems, doc)
        classes = index.anything + (index.numbers if word[0].isdigit() else ())
        for name in classes:
            hits[name].append((i, i + 1, word))
    for name, found in hits.items():
        if any(e - s > 1 for s, e, _ in found):
            hits[name] = _longest(found)
    return hits


def _longest(found: list[_Hit]) -> list[_Hit]:
    """The hits not inside a longer one of the same list: "Equatorial Guinea" is not Guinea."""
    spans = {(s, e) for s, e, _ in found}
    return [
        (s, e, label)
        for s, e, label in found
        if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)
    ]


def _collect(
    hits: dict[str, list[_Hit]],
    found: list[tuple[str, _Term]],
    i: int,
    seq: tuple[str, ...],
    doc: _Doc,
) -> None:
    n = len(seq)
    positions = doc.positions
    for name, term in found:
        if term.case and doc.caps[i] < term.case:
            continue
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
    first: list[_Hit],
    second: list[_Hit],
    window: int,
    barriers: set[int],
) -> list[_Hit]:
    out: list[_Hit] = []
    for a_start, a_end, a_label in first:
        for b_start, b_end, b_label in second:
            if a_end <= b_start:
                lo, hi = a_end, b_start
            elif b_end <= a_start:
                lo, hi = b_end, a_start
            else:
                continue
            gap = doc.positions[hi] - doc.positions[lo - 1] - 1 if hi < len(doc.words) else 99
            if window < gap <= window + 3:
                # a number says how many, not who: "sends 1,000 sappers" is "sends sappers"
                gap -= sum(doc.words[k][0].isdigit() for k in range(lo, hi))
            if 0 <= gap <= window and not any(lo <= k < hi for k in barriers):
                start, end = min(a_start, b_start), max(a_end, b_end)
                out.append((start, end, f"{a_label} ~ {b_label}"))
    return out


def _adjacent(doc: _Doc, i: int, j: int) -> bool:
    """Tokens i and j (i < j) are neighbours in one sentence."""
    return i >= 0 and j < len(doc.words) and doc.positions[j] - doc.positions[i] == 1


def _in_context(
    doc: _Doc, hit: _Hit, rule: RuleConfig, found: dict[str, list[_Hit]], index: _Index
) -> bool:
    start, end, _ = hit
    if rule.before:
        prev = start - 1
        ok = False
        for name in rule.before:
            if name == "@start":
                ok = start == 0 or not _adjacent(doc, prev, start)
            elif name == "@name":
                ok = bool(
                    _adjacent(doc, prev, start)
                    and doc.caps[prev]
                    and doc.words[prev] in doc.names
                    and not index.knows(doc.words[prev])
                )
            else:
                ok = any(e == start and _adjacent(doc, e - 1, start) for _, e, _ in found[name])
            if ok:
                break
        if not ok:
            return False
    if rule.after:
        for name in rule.after:
            if name == "@end":
                if end - 1 in doc.breaks:
                    return True
            elif any(s == end and _adjacent(doc, end - 1, s) for s, _, _ in found[name]):
                return True
        return False
    return True


def _rule_hits(
    doc: _Doc,
    rule: RuleConfig,
    found: dict[str, list[_Hit]],
    barriers: set[int],
    index: _Index,
) -> list[_Hit]:
    hits: list[_Hit] = list(found.get("rule:" + rule.name, ()))
    for name in rule.lists:
        hits += found[name]
    if rule.before or rule.after:
        hits = [hit for hit in hits if _in_context(doc, hit, rule, found, index)]
    if rule.near:
        first = found[rule.near[0]]
        if rule.not_after:
            # "soldiers in Mali": a term right after a preposition of place is where, not who
            ends = {e for name in rule.not_after for _, e, _ in found[name]}
            first = [h for h in first if not (h[0] in ends and _adjacent(doc, h[0] - 1, h[0]))]
        hits += _near(doc, first, found[rule.near[1]], rule.window, barriers)
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


@dataclass(frozen=True, slots=True)
class _Compiled:
    index: _Index
    gate: _Gate
    exclude: tuple[str, ...]


_INDEXES: dict[tuple[int, str], tuple[TopicConfig, _Compiled]] = {}


def lexicon_language(topic: TopicConfig, lang: str) -> str:
    """The language whose word lists match an item in `lang`: its own when the topic has
    them, else English (names of places and people often read the same)."""
    return lang if lang in topic.languages else "en"


def _topic_index(topic: TopicConfig, lang: str = "en") -> _Index:
    return _compiled(topic, lang).index


def _compiled(topic: TopicConfig, lang: str = "en") -> _Compiled:
    lang = lexicon_language(topic, lang)
    key = (id(topic), lang)
    cached = _INDEXES.get(key)
    if cached and cached[0] is topic:  # the same (frozen) topic: skip rebuilding the key
        return cached[1]
    if lang == "en":
        lists, exclude = topic.lists, topic.exclude
        terms = {rule.name: rule.terms for rule in topic.rules}
    else:
        lexicon = topic.languages[lang]
        lists, exclude, terms = lexicon.lists, lexicon.exclude, lexicon.terms
    named = [(name, tuple(values)) for name, values in lists.items()]
    named += [
        ("rule:" + rule.name, tuple(terms.get(rule.name, ()))) for rule in topic.rules if rule.terms
    ]
    compiled = _Compiled(_compile_index(tuple(named), lang), _gate(topic), tuple(exclude))
    if len(_INDEXES) > 64:
        _INDEXES.clear()
    _INDEXES[key] = (topic, compiled)
    return compiled


def _lists_present(title: str, body: str, index: _Index) -> set[str]:
    """Names of the lists with a term in the text, sentence bounds, capitals and exclusions
    aside: a superset of what the full match finds, at a fraction of its cost."""
    words = _tokens(f"{title}\n{body[:MAX_CHARS]}")
    unique = set(words)
    stem = stemmer(index.lang)
    stemmed = set(map(stem, unique))
    terms = index.terms
    present: set[str] = set(index.anything)
    if index.numbers and any(w[0].isdigit() for w in unique):
        present.update(index.numbers)
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
            if pool.issuperset(term.words) and _has_phrase(words, term, unique, stem):
                present.add(name)
    return present


def _has_phrase(
    words: list[str], term: _Term, unique: set[str], stem: Callable[[str], str]
) -> bool:
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


def match_text(
    title: str, body: str, topic: TopicConfig, item_id: str = "", lang: str = "en"
) -> Match:
    """Score a text in language `lang` against the topic's rules, with the reasons."""
    compiled = _compiled(topic, lang)
    index, gate = compiled.index, compiled.gate
    if not gate.may_fire(_lists_present(title, body, index)):
        # nothing that adds to the score can fire: the full match would score at most 0
        return Match(item_id, topic.name, False, 0.0, gate.missing)
    doc = _document(title, body, compiled.exclude, index.lang)
    found = _find(doc, index)
    barriers = {start for start, _, _ in found.get("barrier", ())}
    score = 0.0
    fired: set[str] = set()
    reasons: list[str] = []
    for rule in topic.rules:
        apart = barriers
        if rule.apart is not None:
            apart = {start for name in rule.apart for start, _, _ in found.get(name, ())}
        if rule.unless and any(found.get(name) for name in rule.unless):
            continue
        hits = _rule_hits(doc, rule, found, apart, index)
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
    against = any(rule.weight < 0 and rule.name in fired for rule in topic.rules)
    bar = topic.threshold if against or topic.clear_threshold is None else topic.clear_threshold
    relevant = score >= bar and not missing
    if missing:
        reasons.append("missing: " + "; ".join(" or ".join(group) for group in missing))
    return Match(item_id, topic.name, relevant, round(score, 2), tuple(reasons))


def match_item(item: Item, topic: TopicConfig) -> Match:
    """Decide whether an item belongs to the topic, and say why, in the item's language."""
    body = item.summary if not item.content else f"{item.summary}\n{item.content}"
    if item.summary and item.content and item.content.startswith(item.summary[:80]):
        body = item.content
    return match_text(item.title, body, topic, item.id, item.language or "en")
