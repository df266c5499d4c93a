"""Story-grouping stage: which matched items, from any outlets and in any language, report the
same event.

Pure: data in, data out (the learned weights are a packaged data file, read once). Two
decisions, each a small logistic model (weights: bot/data/grouping/weights.json, trained by
tools/train_grouping.py):
1. **are these two reports of one event?** Over general evidence: wording (TF-IDF of titles,
   and of titles with ledes), names, places and figures written in any script (transliterated
   and reduced to a consonant skeleton, so Зеленский, Zelenskyy and Zelensky meet), the
   countries named (world data, every language), the kind of event the titles tell of, the
   time between the two, and whether they share a language. Evidence against counts too: two
   reports that both name people, or both give figures, and share none.
2. **is this a new story?** Pairs are taken best first; each one proposes merging the two
   stories its reports are in, and the second model decides from what the two stories have
   in common as wholes (the average over all their cross pairs, how many of those pairs are
   alike at all, their sizes, the time between them). One bridging pair cannot chain stories.

Candidate pairs come from inverted indexes (bot/vectors.similar_pairs) within a time window,
so the cost is linear in the number of items, never all pairs. `cluster` is shared with claim
merging in bot/stories.py.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import yaml
from anyascii import anyascii

from bot.figures import COUNT_WORD, MONTH_NAMES, number_value
from bot.models import Item
from bot.text import STOPWORDS, content_stems, stem, tokens
from bot.vectors import cosine, similar_pairs, tfidf_vectors
from bot.world import LANGS, load_world

# Reports further apart than this are never compared; nearer ones need more evidence the
# further apart they are (the pair model's time feature).
STORY_WINDOW = timedelta(days=21)
# Pairs the pair model gives less than this never propose a merge (the merge model was
# trained on proposals above it).
STORY_PAIR_FLOOR = 0.2
# Candidate pairs: cosines below these are not worth scoring.
_TEXT_FLOOR = 0.08
_KEY_FLOOR = 0.1
_PARTNERS = 12  # candidates verified per report: stories are a few reports each
_COUNTRY_FLOOR = 0.9  # reports naming the same countries ...
_COUNTRY_WINDOW = timedelta(days=3)  # ... within these days are scored, whatever their wording
_PLACE_ONLY_FLOOR = 0.85  # and kept when the pair model is this sure they are one event
_PLACE_PARTNERS = 4  # (fewer partners each: a country is named in many stories)
# terms of each report that find candidates: enough that two ledes sharing only middling
# terms (not the rarest) still meet
_TOP_TERMS = 40
BODY_CHARS = 600  # the lede: what every outlet's version of an event shares
KEY_CHARS = 300  # of it, where names and figures are read
WEIGHTS_FILE = Path(__file__).resolve().parent / "data" / "grouping" / "weights.json"

FEATURES = (
    "text",  # cosine of title + lede stems (English wording)
    "title",  # cosine of title stems
    "keys",  # cosine of name / place / figure keys, any script, for a pair in one language
    "names",  # cosine of two-word names (first and last name), any script
    "figures",  # shared figures (not years), at most 3
    "first_days",  # days apart, up to 2: most reports of an event come within a day or two
    "log_later",  # log(1 + days apart beyond 2): a follow-up needs names or figures in common
    "cross",  # 1 when the two are in different languages
    "cross_keys",  # keys, for a pair in different languages (their wording cannot meet)
    "same_outlet",  # one outlet rarely files two reports of one event
    "same_kind",  # both titles tell of the same kind of event (a death, an arrest ...)
    "other_kind",  # both titles tell what happened, and it is not the same kind
    "other_names",  # both name people (two-word names) and no one in common
    "other_figures",  # both give figures and none in common
    "countries",  # cosine of the countries named (TF-IDF: the ones every report names weigh little)
)


class _Clusters:
    """Union-find that also keeps, for each cluster, the summed similarity of its known pairs
    to every neighbouring cluster, so an average-link check costs O(1), not O(|a|·|b|)."""

    def __init__(self, n: int, pairs: dict[tuple[int, int], float]) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.links: dict[int, dict[int, float]] = defaultdict(dict)
        for (i, j), sim in pairs.items():
            self.links[i][j] = self.links[i].get(j, 0.0) + sim
            self.links[j][i] = self.links[j].get(i, 0.0) + sim

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def average(self, ra: int, rb: int) -> float:
        total = self.links[ra].get(rb, 0.0)
        return total / (len(self.members[ra]) * len(self.members[rb]))

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        # fold rb's neighbour sums into ra's (smaller into larger keeps this near-linear)
        mine = self.links[ra]
        mine.pop(rb, None)
        for other, total in self.links.pop(rb, {}).items():
            if other == ra:
                continue
            mine[other] = mine.get(other, 0.0) + total
            theirs = self.links[other]
            theirs.pop(rb, None)
            theirs[ra] = theirs.get(ra, 0.0) + total

    def groups(self) -> list[list[int]]:
        return [sorted(m) for m in self.members.values()]


def cluster(
    n: int,
    pairs: dict[tuple[int, int], float],
    *,
    min_sim: float,
    min_avg: float,
    veto: Callable[[list[int], list[int]], bool] | None = None,
) -> list[list[int]]:
    """Greedy agglomerative clustering, best pairs first; a merge also needs the two clusters'
    average cross similarity to reach min_avg, so one bridging pair cannot chain topics."""
    clusters = _Clusters(n, pairs)
    for (i, j), sim in sorted(pairs.items(), key=lambda kv: -kv[1]):
        if sim < min_sim:
            break
        ri, rj = clusters.find(i), clusters.find(j)
        if ri == rj:
            continue
        if veto is not None and veto(clusters.members[ri], clusters.members[rj]):
            continue
        if clusters.average(ri, rj) >= min_avg:
            clusters.union(i, j)
    return clusters.groups()


# ---------------------------------------------------------------- evidence of one report

# Words that only English prose uses often: a report with few of them is in another language,
# and its English stems say nothing (its names and figures still do).
_ENGLISH = frozenset(
    "the of and to is for with by that from has have had said says after its his who which "
    "will were are been this they their was".split()
)
_OTHER = frozenset(
    "de la el los las que y del por con um uma não os do da em para le les des et est une "
    "du au der die das und ist nicht ein eine mit von zu den dem im".split()
)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# a figure with thousands separators in any convention: 1,000 / 1.000 / 1 000 (also no-break)
_NUMBER = re.compile(r"\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+(?!\d)|\d+")
_WORD = re.compile(r"[^\W\d_]+")


def language_of(words: Sequence[str]) -> str:
    """'en', 'cyrillic' or 'other', from a report's first words: enough to know whether two
    reports' wording can meet."""
    sample = words[:60]
    if sum(bool(_CYRILLIC.match(w)) for w in sample) * 3 > len(sample):
        return "cyrillic"
    lower = [w.lower() for w in sample]
    english = sum(w in _ENGLISH for w in lower)
    other = sum(w in _OTHER for w in lower)
    return "en" if english >= other else "other"


_SOUNDS = (
    # spellings of one sound across English, German, French and Cyrillic transliteration
    ("sch", "S"),
    ("tch", "C"),
    ("dzh", "J"),
    ("kh", "h"),
    ("zh", "J"),
    ("dj", "J"),
    ("sh", "S"),
    ("ch", "C"),
    ("ts", "Z"),
    ("tz", "Z"),
    ("ck", "k"),
    ("ph", "f"),
    ("j", "J"),
    ("w", "v"),
    ("q", "k"),
    ("x", "ks"),
    ("c", "k"),
    ("z", "s"),
)
_VOWELS = re.compile("[aeiouy]+")
_NOT_LETTER = re.compile("[^a-zA-Z]")


@lru_cache(maxsize=100_000)
def name_key(word: str) -> str:
    """A spelling-proof key for a name in any script: transliterated, sounds folded, vowels
    (and so most case endings) dropped, first four consonants kept.

    Зеленский, Зеленського, Zelenskyy and Zelensky share one; so do Хаббарда and Hubbard."""
    ascii_ = word if word.isascii() else anyascii(word)
    w = _NOT_LETTER.sub("", ascii_).lower()
    for spelling, sound in _SOUNDS:
        if spelling in w:
            w = w.replace(spelling, sound)
    if not w:
        return ""
    # an opening vowel is kept as one class: Yemen / Йемен (Iemen), Australia / Австралия
    skeleton = ("a" if w[0] in "aeiouy" else w[0]) + _VOWELS.sub("", w[1:])
    out: list[str] = []
    for ch in skeleton:
        if not out or out[-1] != ch:
            out.append(ch)
    key = "".join(out)[:4]
    return key if len(key) >= 2 else ""


def figure_key(raw: str) -> str:
    """'1.000', '1 000' and '1,000' are one figure."""
    return str(int(re.sub(r"\D", "", raw)))


_DURATION = re.compile(r"[\s-]+(?:more\s+)?(?:years?|months?|weeks?|days?|hours?|decades?)\b", re.I)


def _is_day(text: str, start: int, end: int) -> bool:
    """A day of the month: 'Dec 17', 'December 17,', '17 December'."""
    before = text[max(0, start - 12) : start].split()
    after = text[end : end + 12].split()
    return any(w.strip(",.()").lower() in MONTH_NAMES for w in (before[-1:] + after[:1]))


def _is_year(value: str) -> bool:
    return len(value) == 4 and 1900 <= int(value) <= 2100


@dataclass(frozen=True, slots=True)
class Evidence:
    """What identifies the event of one report, before weighting against the others."""

    language: str
    text: list[str]  # English content stems of title, title again and lede
    title: list[str]
    keys: list[str]  # name keys of capitalised words, and figures, any script
    names: list[str]  # keys of two capitalised words in a row: a person's names, mostly
    figures: frozenset[str]  # figures that count something (not years, not 0 or 1)
    countries: list[str]  # codes of the countries named (names, demonyms, capitals, any language)
    kinds: frozenset[str]  # what the title says happened (English titles only)


_FUNCTION = STOPWORDS | _OTHER


@lru_cache(maxsize=1)
def _language() -> dict[str, object]:
    text = (resources.files("bot") / "data" / "lang" / "en.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def _kind_of() -> dict[str, str]:
    """Stem -> kind of event (a death, an arrest ...), from the language data's event_kinds:
    two reports of one event mostly tell the same kind of thing."""
    kinds: dict[str, list[str]] = _language()["event_kinds"]  # type: ignore[assignment]
    return {stem(str(w)): kind for kind, words in kinds.items() for w in words}


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Capitalised words that are no one's name: titles, offices and bodies, channels
    ('Prime Minister', 'Foreign Ministry', 'State Department'), from the language data."""
    data = _language()
    lists = ("titles", "institutions", "agents", "conduits")
    return frozenset(w for name in lists for w in data[name] if " " not in str(w))  # type: ignore[attr-defined]


def event_kinds(title: str) -> frozenset[str]:
    """The kinds of event an English title tells of."""
    kind_of = _kind_of()
    return frozenset(kind_of[s] for s in map(stem, tokens(title)) if s in kind_of)


@lru_cache(maxsize=200_000)
def _plain(word: str) -> str:
    """Lower case, in Latin letters, accents gone: 'Zâmbia' -> 'zambia', 'Казахстан' ->
    'kazakhstan'."""
    ascii_ = word if word.isascii() else anyascii(word)
    return _NOT_LETTER.sub("", ascii_).lower()


@lru_cache(maxsize=1)
def _country_forms() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """From the world data: (phrase of one to three words -> country code, for every name,
    demonym, capital and seat of government in every language; word stem -> code, for the
    inflected forms other languages give a name; abbreviation -> code, matched in capitals).
    A form two countries share is left out."""
    exact: dict[str, str] = {}
    stems: dict[str, str] = {}
    capitals: dict[str, str] = {}
    clash: set[str] = set()

    def put(table: dict[str, str], form: str, code: str) -> None:
        if table.get(form, code) != code:
            clash.add(form)
        table[form] = code

    for country in load_world().countries:
        if country.kind != "state":
            continue
        forms = [*country.capitals(), *country.seats]
        for lang in ("en", *LANGS):
            forms += [*country.names(lang), *country.demonyms(lang)]
        for form in forms:
            words = [_plain(w) for w in _WORD.findall(form)]
            words = [w for w in words if w]
            if not words or len(words) > 3:
                continue
            if len(words) == 1 and form.replace(".", "").isupper():
                put(capitals, words[0], country.code)  # US, USA, КНДР: never 'us'
                continue
            phrase = " ".join(words)
            put(exact, phrase, country.code)
            if len(words) == 1 and len(phrase) >= 5:
                # Австралии, Австралией -> avstral: the stem of the dictionary form
                put(stems, phrase.rstrip("aeiouy"), country.code)
    for table in (exact, stems, capitals):
        for form in clash & table.keys():
            del table[form]
    return exact, stems, capitals


@lru_cache(maxsize=1)
def _phrase_openers() -> frozenset[str]:
    """First words of the world's forms of two or three words ('south', 'united', 'sri')."""
    return frozenset(form.split()[0] for form in _country_forms()[0] if " " in form)


def countries_in(words: Sequence[str], inflected: bool) -> tuple[list[str], list[bool]]:
    """Codes of the countries `words` name, and which words name them. `inflected`: also
    match a word by the stem of a dictionary form (for languages that decline names)."""
    exact, stems, capitals = _country_forms()
    openers = _phrase_openers()
    plain = [_plain(w) for w in words]
    found: list[str] = []
    marks = [False] * len(words)
    i = 0
    while i < len(words):
        code, size = None, 1
        if plain[i] in openers:
            for n in (3, 2):
                if i + n <= len(words) and (code := exact.get(" ".join(plain[i : i + n]))):
                    size = n
                    break
        if code is None:
            word = plain[i]
            if words[i].isupper() and len(words[i]) > 1:
                code = capitals.get(word)
            code = code or exact.get(word)
            if code is None and inflected and len(word) >= 5:
                code = next(
                    (stems[word[:k]] for k in range(len(word), 3, -1) if word[:k] in stems), None
                )
        if code:
            found.append(code)
            marks[i : i + size] = [True] * size
        i += size
    return found, marks


def evidence(item: Item) -> Evidence:
    title = item.title
    lede = item.text[:BODY_CHARS]
    both = f"{title}\n{lede}"
    # names and figures from the title and the lede's opening: who and how many the event is
    # about; background further down (a country's rules, earlier cases) is shared by other events
    head = both[: len(title) + 1 + KEY_CHARS]
    keys: list[str] = []
    figures: set[str] = set()
    for found in _NUMBER.finditer(head):
        raw = found.group(0)
        value = figure_key(raw)
        keys.append("#" + value)
        if value in ("0", "1") or (raw.isdigit() and _is_year(value)):
            continue  # ("2,000" is a sum, not a year)
        if _is_day(head, found.start(), found.end()):
            continue  # "Dec 17", "17 December": a date, which follow-ups do not share
        figures.add(value)
    for found in COUNT_WORD.finditer(head):
        # "four men", "The four Moldovans": a count in words is the same figure as in digits
        counted = number_value(found.group(0))
        if _DURATION.match(head, found.end()):
            continue  # "for two years", "two days after": a span of time, not a count
        if counted is not None and 2 <= counted < 100:
            figures.add(str(int(counted)))
            keys.append(f"#{int(counted)}")
    words = _WORD.findall(head)
    # a language the poll detected (bot.language) stands; else the report's own words tell
    if item.language in ("uk", "ru"):
        language = "cyrillic"
    elif item.language and item.language != "en":
        language = "other"
    else:
        language = language_of(words) if not both.isascii() or len(words) > 3 else "en"
    # countries are where, not who: kept apart from the names, which tell events apart
    countries, is_country = countries_in(words, inflected=language != "en")
    names: list[str] = []
    previous = ""
    run: list[str] = []  # the keys of the capitalised words in a row so far
    not_names = _not_names()
    for word, country in zip(words, is_country, strict=True):
        key = ""
        lower = word.lower()
        if (
            not country
            and word[0].isupper()
            and len(word) >= 3
            and lower not in _FUNCTION
            and lower not in not_names
        ):
            key = name_key(word)
            if key:
                keys.append(key)
                if previous:
                    names.append(f"{previous} {key}")
                    if len(run) >= 2:
                        # "Lemekhani Nathan Nyirenda" is "Lemekhani Nyirenda" elsewhere
                        names.append(f"{run[0]} {key}")
        previous = key  # a name is two capitalised words in a row, neither a country
        run = [*run, key] if key else []
    # country stems ('@np', folded by bot.text) count once, in the countries feature
    title_stems = [s for s in content_stems(title) if s[0] != "@"]
    return Evidence(
        language=language,
        text=title_stems + title_stems + [s for s in content_stems(lede) if s[0] != "@"],
        title=title_stems,
        keys=keys,
        names=names,
        figures=frozenset(figures),
        kinds=event_kinds(title),
        countries=countries,
    )


# ---------------------------------------------------------------- the pair model


MERGE_FEATURES = (
    "pair",  # the proposing pair's probability
    "average",  # mean probability over all cross pairs (unscored pairs count 0)
    "scored_average",  # mean over the cross pairs that were scored
    "strong_share",  # share of cross pairs the pair model calls one event (p >= 0.5)
    "log_size",  # log(|a| * |b|)
    "log_gap",  # log(1 + days between the two stories' nearest reports)
)


@lru_cache(maxsize=1)
def _models() -> dict[str, tuple[np.ndarray, float]]:
    data = json.loads(WEIGHTS_FILE.read_bytes())
    out = {}
    for name, names in (("pair", FEATURES), ("merge", MERGE_FEATURES)):
        model = data[name]
        if tuple(model["features"]) != names:
            raise ValueError(f"{WEIGHTS_FILE}: {name} features are not {names}")
        out[name] = (np.array(model["weights"], dtype=np.float64), float(model["intercept"]))
    return out


def _logistic(rows: np.ndarray, model: str) -> np.ndarray:
    weights, intercept = _models()[model]
    return 1.0 / (1.0 + np.exp(-(rows @ weights + intercept)))


class PairModel:
    """Features of candidate pairs of reports (rows in FEATURES order), from their evidence."""

    def __init__(self, items: Sequence[Item], found: Sequence[Evidence]) -> None:
        self.items = items
        self.found = found
        self.text = tfidf_vectors([e.text for e in found])
        self.title = tfidf_vectors([e.title for e in found])
        self.keys = tfidf_vectors([e.keys for e in found])
        self.names = tfidf_vectors([e.names for e in found])
        self.countries = tfidf_vectors([e.countries for e in found])
        self.key_cosines: dict[tuple[int, int], float] = {}  # found by candidates()
        self.place_only: set[tuple[int, int]] = set()  # candidates by countries and days alone

    def candidates(
        self, text_floor: float = _TEXT_FLOOR, key_floor: float = _KEY_FLOOR
    ) -> dict[tuple[int, int], float]:
        """Pairs worth scoring, close in time and alike in wording or in names and figures,
        with their wording cosine (computed here anyway, so not again)."""
        items = self.items

        def close(i: int, j: int) -> bool:
            return abs(items[i].published - items[j].published) <= STORY_WINDOW

        pairs = similar_pairs(
            self.text, text_floor, allowed=close, per_doc=_PARTNERS, top_terms=_TOP_TERMS
        )
        # English wording already meets through the stems (names among them); names and
        # figures are searched apart only for reports in another language
        other = [e.language != "en" for e in self.found]
        if any(other):
            self.key_cosines = similar_pairs(
                self.keys, key_floor, allowed=close, per_doc=_PARTNERS, anchors=other
            )

        # short reports of one event often share little wording but the same countries and
        # days: such pairs are scored too (the pair model weighs what else they share)
        def near(i: int, j: int) -> bool:
            return abs(items[i].published - items[j].published) <= _COUNTRY_WINDOW

        same_place = similar_pairs(
            self.countries, _COUNTRY_FLOOR, allowed=near, per_doc=_PLACE_PARTNERS, top_terms=8
        )
        self.place_only = set(same_place) - pairs.keys() - self.key_cosines.keys()
        for i, j in (*self.key_cosines, *self.place_only):
            if (i, j) not in pairs:
                pairs[(i, j)] = cosine(self.text[i], self.text[j])
        return dict(sorted(pairs.items()))

    def features(self, pairs: dict[tuple[int, int], float]) -> np.ndarray:
        """One row per pair (in FEATURES order), given each pair's wording cosine."""
        rows = np.zeros((len(pairs), len(FEATURES)))
        items, found = self.items, self.found
        known_keys = self.key_cosines
        keys_of, names_of, title_of = self.keys, self.names, self.title
        for row, ((i, j), text) in enumerate(pairs.items()):
            a, b = found[i], found[j]
            keys = known_keys.get((i, j))
            if keys is None:
                keys = cosine(keys_of[i], keys_of[j])
            if keys:
                # one shared name in a short report is a coincidence more often than a story
                keys *= min(1.0, len(keys_of[i].keys() & keys_of[j].keys()) / 2)
            cross = float(a.language != b.language)
            days = abs((items[i].published - items[j].published).total_seconds()) / 86400
            rows[row] = (
                text,
                cosine(title_of[i], title_of[j]),
                keys * (1 - cross),
                cosine(names_of[i], names_of[j]) if a.names and b.names else 0.0,
                min(3, len(a.figures & b.figures)),
                min(days, 2.0),
                math.log1p(max(0.0, days - 2.0)),
                cross,
                cross * keys,
                float(items[i].outlet == items[j].outlet),
                float(bool(a.kinds & b.kinds)),
                float(bool(a.kinds and b.kinds and not a.kinds & b.kinds)),
                float(bool(a.names and b.names and not names_of[i].keys() & names_of[j].keys())),
                float(bool(a.figures and b.figures and not a.figures & b.figures)),
                cosine(self.countries[i], self.countries[j]),
            )
        return rows


def same_event(rows: np.ndarray) -> np.ndarray:
    """The pair model's probability that each pair of reports is of one event."""
    return _logistic(rows, "pair")


class StoryClusters:
    """Union-find over reports that keeps, for each pair of neighbouring clusters, what the
    merge model asks of their cross pairs: the summed probability, how many were scored and
    how many called one event; and each cluster's first and last report time (in days).
    Merging folds the smaller cluster's sums into the larger's, so the whole stays
    near-linear."""

    def __init__(self, days: Sequence[float], pairs: dict[tuple[int, int], float]) -> None:
        self.parent = list(range(len(days)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(days))}
        # links[a][b] = [summed probability, pairs scored, pairs with p >= 0.5]
        self.links: dict[int, dict[int, list[float]]] = defaultdict(dict)
        for (i, j), p in pairs.items():
            strong = float(p >= 0.5)
            for a, b in ((i, j), (j, i)):
                link = self.links[a].get(b)
                if link is None:
                    self.links[a][b] = [p, 1.0, strong]
                else:
                    link[0] += p
                    link[1] += 1
                    link[2] += strong
        self.span = {i: (d, d) for i, d in enumerate(days)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def merge_features(self, ra: int, rb: int, pair: float) -> list[float]:
        """The merge model's features (MERGE_FEATURES) for joining clusters ra and rb."""
        size = len(self.members[ra]) * len(self.members[rb])
        total, scored, strong = self.links[ra][rb]
        (a0, a1), (b0, b1) = self.span[ra], self.span[rb]
        gap = max(0.0, max(a0, b0) - min(a1, b1))
        return [
            pair,
            total / size,
            total / scored,
            strong / size,
            math.log(size),
            math.log1p(gap),
        ]

    def union(self, ra: int, rb: int) -> None:
        """Join two clusters, given by their roots."""
        keep, gone = (ra, rb) if len(self.members[ra]) >= len(self.members[rb]) else (rb, ra)
        self.parent[gone] = keep
        self.members[keep].extend(self.members.pop(gone))
        mine = self.links[keep]
        mine.pop(gone, None)
        for other, link in self.links.pop(gone, {}).items():
            if other == keep:
                continue
            theirs = self.links[other]
            del theirs[gone]
            known = mine.get(other)
            if known is None:
                mine[other] = link
                theirs[keep] = list(link)
            else:
                for k in range(3):
                    known[k] += link[k]
                theirs[keep] = list(known)
        (k0, k1), (g0, g1) = self.span[keep], self.span.pop(gone)
        self.span[keep] = (min(k0, g0), max(k1, g1))

    def groups(self) -> list[list[int]]:
        return [sorted(m) for m in self.members.values()]


def merge_stories(
    days: Sequence[float],
    pairs: dict[tuple[int, int], float],
    decide: Callable[[list[int], list[int], list[float]], bool],
) -> list[list[int]]:
    """Greedy merging, best pairs first: each pair at or above STORY_PAIR_FLOOR proposes to
    join its two reports' stories, and `decide` (the merge model, or in training the gold
    answer) says whether they are one."""
    clusters = StoryClusters(days, pairs)
    for (i, j), p in sorted(pairs.items(), key=lambda kv: -kv[1]):
        if p < STORY_PAIR_FLOOR:
            break
        ri, rj = clusters.find(i), clusters.find(j)
        if ri == rj:
            continue
        features = clusters.merge_features(ri, rj, p)
        if decide(clusters.members[ri], clusters.members[rj], features):
            clusters.union(ri, rj)
    return clusters.groups()


def scored_pairs(items: Sequence[Item]) -> dict[tuple[int, int], float]:
    """Candidate pairs of reports, each with the pair model's probability of one event."""
    model = PairModel(items, [evidence(it) for it in items])
    pairs = model.candidates()
    if not pairs:
        return {}
    scored = zip(pairs, same_event(model.features(pairs)).tolist(), strict=True)
    # a pair found only by its countries and days must be clearly one event
    return {pair: p for pair, p in scored if p >= _PLACE_ONLY_FLOOR or pair not in model.place_only}


def _one_story(_a: list[int], _b: list[int], features: list[float]) -> bool:
    weights, intercept = _models()["merge"]
    # p >= 0.5 exactly when the log-odds are >= 0 (plain floats: a handful of features)
    return sum(w * f for w, f in zip(weights.tolist(), features, strict=True)) + intercept >= 0


def group_stories(items: Sequence[Item]) -> list[list[Item]]:
    """Items that report the same event, newest story first."""
    if not items:
        return []
    days = [it.published.timestamp() / 86400 for it in items]
    groups = [[items[i] for i in g] for g in merge_stories(days, scored_pairs(items), _one_story)]
    return sorted(groups, key=lambda g: max(it.published for it in g), reverse=True)
