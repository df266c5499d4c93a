"""Story stage: group matched items into stories; merge their claims across outlets; flag
figures that disagree. Pure functions: data in, data out.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from bot.context import similar_names
from bot.figures import EVENT_CLASSES, figures_disagree, number_value, unit_key
from bot.grouping import cluster, group_stories  # noqa: F401 (re-exported for importers)
from bot.models import TITLE_POSITION, Claim, Conflict, Figure, Item, MergedClaim, Source, Story
from bot.text import content_stems, stem, tokens
from bot.vectors import cosine, similar_pairs, tfidf_vectors

CLAIM_SIM = 0.3
CLAIM_AVG_SIM = 0.22
SPEAKER_PENALTY = 0.35
TITLE_PENALTY = 0.3  # a headline's claim shown only where no sentence says it


def source_of(item: Item) -> Source:
    return Source(item.id, item.outlet, item.link, item.title, item.published)


def _claimant_key(claimant: str) -> str:
    name = claimant.split(" (")[0].strip()
    return name.lower()


def _person_like(claimant: str) -> bool:
    """'Volodymyr Zelensky (President)', 'Zelenskyy': a person's name, whose spellings fold;
    'Kazakh local media' or 'A video circulated ...' are not."""
    name = claimant.split(" (")[0].split()
    return (
        1 <= len(name) <= 4
        and all(w[:1].isupper() for w in name)
        and ("(" in claimant or name[0].lower() not in ("the", "a", "an"))
    )


def _canonical_claimants(claims: Sequence[Claim]) -> dict[str, str]:
    """Map each claimant string to one display form: variants of a name fold together."""
    names = Counter(c.claimant for c in claims if c.attributed)
    keys: list[str] = []  # representative surname keys
    mapping: dict[str, str] = {}
    groups: dict[str, list[str]] = defaultdict(list)
    for claimant, _ in names.most_common():
        if not _person_like(claimant):
            groups["\x00" + claimant].append(claimant)  # a body or description: itself
            continue
        surname = _claimant_key(claimant).split()[-1] if _claimant_key(claimant) else ""
        match = next((k for k in keys if similar_names(k, surname)), None)
        if match is None:
            keys.append(surname)
            match = surname
        groups[match].append(claimant)
    for variants in groups.values():

        def quality(v: str) -> tuple[int, int, int]:
            name = v.split(" (")[0]
            return (len(name.split()) >= 2, names[v], len(v))

        best = max(variants, key=quality)
        name = best.split(" (")[0]
        roles = Counter(v.split(" (", 1)[1].rstrip(")") for v in variants if " (" in v)
        display = f"{name} ({roles.most_common(1)[0][0]})" if roles and "(" not in best else best
        for v in variants:
            mapping[v] = display
    return mapping


# "One of the two captured men [paid ...]": the whole names who is meant, not what is claimed
_PARTITIVE_WHOLE = re.compile(
    r"\b(?:one|each|either|neither|both|some|none|any|all)\s+of\s+(?:the|these|those)\s+"
    r"(?P<whole>[\w,-]+)",
    re.IGNORECASE,
)


def _wholes(claim: Claim) -> set[float]:
    """The counts a claim uses only to say which of a group it means."""
    if " of " not in claim.text:
        return set()
    found = (number_value(m.group("whole")) for m in _PARTITIVE_WHOLE.finditer(claim.text))
    return {v for v in found if v is not None}


def _counts(figure: Figure) -> bool:
    """A figure that counts something ("2 Chinese nationals"), not the bare one a partitive
    opens with ("one of the two men": said only to say which is meant)."""
    return bool(figure.unit) or figure.value >= 2


def _figure_bonus(a: Claim, b: Claim) -> float:
    """Sharing an exact count of a specific thing ('2 Chinese nationals') is strong evidence."""
    if not a.figures or not b.figures:
        return 0.0
    whole_a, whole_b = _wholes(a), _wholes(b)
    # ("one of the two men": the one a part, said only to say which is meant)
    keyed_a = {(f.value, unit_key(f)) for f in a.figures if _counts(f) and f.value not in whole_a}
    keyed_b = {(f.value, unit_key(f)) for f in b.figures if _counts(f) and f.value not in whole_b}
    shared = keyed_a & keyed_b
    if any(len(key.split()) >= 2 or value >= 10 for value, key in shared):
        return 0.25
    if shared:
        return 0.12
    units_a = {k for _, k in keyed_a}
    if any(k in units_a and k != "money" for _, k in keyed_b):
        return -0.05  # same thing counted differently: more likely two claims
    return 0.0


def _speaker_key(claimant: str) -> str:
    """'Nasser Kanaani (Iranian Foreign Ministry)' -> 'kanaani'; a body keeps its words."""
    name = claimant.split(" (")[0].lower()
    return name.split()[-1] if "(" in claimant else name


def _described_words(claimant: str) -> frozenset[str]:
    """The long lower-case words that describe a speaker ('captured', 'detainee'), not its
    capitalised name, country or office."""
    words = re.findall(r"\b[a-z]{5,}\b", claimant)
    return frozenset(w for w in words if w not in _OFFICE_WORDS)


_OFFICE_WORDS = frozenset(
    "minister ministry spokesman spokeswoman spokesperson president foreign official officials "
    "government department office agency service intelligence military forces affairs "
    "security national state defence defense interior embassy leader chief secretary".split()
)


def _one_speaker(a: str, b: str) -> bool:
    """Two claimants that are one source: the same name in two spellings, or a person and
    the body their title says they speak for ('Taras Melnyk (Intelligence spokesman)' and
    'Ukrainian Military Intelligence')."""
    if _same_speaker(_speaker_key(a), _speaker_key(b)):
        return True
    roles = [c.split(" (", 1)[1].rstrip(")").lower().split() if " (" in c else [] for c in (a, b)]
    names = [set(c.split(" (")[0].lower().split()) for c in (a, b)]
    generic = {"spokesman", "spokeswoman", "spokesperson", "minister", "official", "head"}
    return bool((set(roles[0]) - generic) & names[1] or (set(roles[1]) - generic) & names[0])


def _same_speaker(a: str, b: str) -> bool:
    """Two speaker keys for one speaker: equal, one spelling of the other, or one inside the
    other ('intelligence' in 'ukrainian military intelligence')."""
    return a == b or similar_names(a, b) or a in b or b in a


# ", the Zambian student who died fighting for Wagner,": what a claim says of whom it is
# about, which every report of the story repeats; it is not what the claim says happened
_APPOSITIVE = re.compile(
    r",\s+(?:(?:the|a|an)\s+[^,;]*?\b(?:who|whose|which)|who|whose|which)\b[^;]*?,"
)


def _said_stems(text: str) -> list[str]:
    """The content stems of what a claim says happened: without an appositive about whom it
    is about, where enough is left to tell it by."""
    bare = _APPOSITIVE.sub("", text) if "," in text else text
    if bare != text:
        stems = content_stems(bare)
        if len(stems) >= 9:
            return stems
    return content_stems(text)


def merge_claims(claims: Sequence[Claim]) -> list[list[Claim]]:
    """Clusters of the same claim from different items; an item never backs one cluster twice."""
    vectors = tfidf_vectors([_said_stems(c.text) for c in claims])
    pairs = similar_pairs(
        vectors, CLAIM_SIM - 0.25, allowed=lambda i, j: claims[i].item_id != claims[j].item_id
    )
    keys = [_speaker_key(c.claimant) if c.attributed else "" for c in claims]
    described = [_described_words(c.claimant) if c.attributed else frozenset() for c in claims]

    def speakers_differ(i: int, j: int) -> bool:
        if not (keys[i] and keys[j]) or _same_speaker(keys[i], keys[j]):
            return False
        # "Wang (captured soldier)" and "One of the two captured fighters": one kind of speaker
        return not (described[i] & described[j])

    # two outlets crediting one claim to two different speakers: they merge only when they
    # clearly say the same thing (then the claimant most outlets give is shown)
    scored = {
        p: s
        + _figure_bonus(claims[p[0]], claims[p[1]])
        - (SPEAKER_PENALTY if speakers_differ(*p) else 0.0)
        for p, s in pairs.items()
    }

    def apart(a: list[int], b: list[int]) -> bool:
        """An item never backs one claim twice."""
        return bool({claims[k].item_id for k in a} & {claims[k].item_id for k in b})

    groups = cluster(len(claims), scored, min_sim=CLAIM_SIM, min_avg=CLAIM_AVG_SIM, veto=apart)
    return [[claims[i] for i in group] for group in groups]


def _representative(group: Sequence[Claim]) -> Claim:
    vectors = tfidf_vectors([content_stems(c.text) for c in group])

    def centrality(k: int) -> float:
        claim = group[k]
        words = len(claim.text.split())
        fit = 1.0 if 8 <= words <= 40 else 0.6
        shared = sum(cosine(vectors[k], v) for v in vectors)
        # a headline's words are shorthand: a sentence that says the same is shown instead
        place = TITLE_PENALTY if claim.position == TITLE_POSITION else claim.position * 0.01
        return shared * fit + (0.3 if claim.attributed else 0) - place

    return group[max(range(len(group)), key=centrality)]


def _merged(group: Sequence[Claim], items: dict[str, Item], names: dict[str, str]) -> MergedClaim:
    rep = _representative(group)
    attributed = [c for c in group if c.attributed]
    own_voice = [c for c in group if not c.attributed]
    votes = Counter(names.get(c.claimant, c.claimant) for c in attributed)
    if votes:
        # ties go to the fuller description ("One of the two captured ..." over "Wang")
        ranked = sorted(votes, key=lambda v: (votes[v], "(" in v or len(v.split()) > 1, len(v)))
        claimant = ranked[-1]
        if len(ranked) > 1 and not _one_speaker(ranked[-1], ranked[-2]):
            # outlets credit the claim to two speakers: the reader sees both, not a guess
            claimant = f"{ranked[-1]}; {ranked[-2]}"
        stated = list(dict.fromkeys(items[c.item_id].outlet for c in own_voice))
        if stated:
            # and the outlets that state it as fact, in their own voice
            claimant = f"{claimant}; {', '.join(stated)}"
    else:
        # most outlets state it in their own voice: the outlets are the claimants
        outlets = list(dict.fromkeys(items[c.item_id].outlet for c in own_voice))
        claimant = ", ".join(outlets)
    figures: dict[str, None] = {}
    for claim in sorted(group, key=lambda c: c is not rep):
        for figure in claim.figures:
            figures.setdefault(figure.text, None)
    sources = sorted(
        {c.item_id: source_of(items[c.item_id]) for c in group}.values(),
        key=lambda s: (s.published or datetime.min, s.outlet),
    )
    n_outlets = len({s.outlet for s in sources})
    centrality = 1 / (1 + max(0, min(c.position for c in group)) / 4)
    score = 3.0 * n_outlets + (1.0 if attributed else 0.0) + (0.5 if figures else 0.0) + centrality
    lang = items[rep.item_id].language or "en"  # the text shown is the representative's
    return MergedClaim(rep.text, claimant, tuple(figures), tuple(sources), round(score, 3), lang)


# An update its own source presents as one is not a disagreement ("rose to 12, up from 10").
_UPDATE = re.compile(
    r"\b(?:rose|risen|rising|increased|climbed|grew|up from|down from|revised|now stands|"
    r"latest|new (?:figure|toll|count|estimate)|has reached|had reached|reached)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")


def _spot(words: list[str], figure: Figure) -> int | None:
    """Where a figure stands among a claim's tokens, written in digits or in words."""
    raw = tokens(figure.text)
    spot = next((i for i, w in enumerate(words) if raw and w == raw[0]), None)
    if spot is None:  # a number in words ("Nineteen people were detained")
        spot = next((i for i, w in enumerate(words) if number_value(w) == figure.value), None)
    return spot


def _near_words(claim: Claim, figure: Figure, window: int = 6) -> set[str]:
    """Content stems around a figure in its claim: what the number is said of."""
    words = tokens(claim.text)
    spot = _spot(words, figure)
    if spot is None:
        return set(content_stems(claim.text))
    near = words[max(0, spot - window) : spot + window + 1]
    return {stem(w) for w in near if not _NUMBER.search(w) and len(w) > 2}


_RATE = re.compile(
    r"\b(?:(?:a|per|each)\s+(?:month|year|week|day)|monthly|yearly|weekly|salar(?:y|ies)|wages?)\b",
    re.IGNORECASE,
)


def _is_rate(claim: Claim, figure: Figure) -> bool:
    """A sum paid by the month or year ('monthly salaries of $2,000', '2,000 euros a
    month'), which a one-off fee ('charged $2,500 each') is not the same quantity as."""
    at = claim.text.find(figure.text.split()[0])
    if at < 0:
        return False
    near = claim.text[max(0, at - 40) : at + len(figure.text) + 20]
    # only this figure's own clause: "salaries of $2,000 ..., and charged $3,000" are two
    before, after = re.split(r"[,;]|\band\b", near[: min(40, at)])[-1], near[min(40, at) :]
    after = re.split(r"[,;]|\band\b", after[len(figure.text) :])[0]
    return _RATE.search(before) is not None or _RATE.search(after) is not None


def _around(claim: Claim, figure: Figure, before: int = 5) -> tuple[list[str], list[str]]:
    """The words before a figure in its claim, and the two after it (lower case)."""
    words = tokens(claim.text)
    spot = _spot(words, figure)
    if spot is None:
        return [], []
    return words[max(0, spot - before) : spot], words[spot + 1 : spot + 3]


# a figure someone asks for ("prosecutors had asked for nine years"), not the one given
_ASKED = frozenset("asked sought demanded requested proposed wanted urged".split())


def _asked(claim: Claim, figure: Figure) -> bool:
    """Whether the figure is what someone asked for, not what was decided or happened."""
    before, _ = _around(claim, figure, before=4)
    return bool(_ASKED & set(before))


def _alternative(claim: Claim, figure: Figure) -> bool:
    """A value given as one of two ('15 or 20 years'): a rough guess, no point value."""
    before, after = _around(claim, figure, before=2)
    return (len(before) >= 2 and before[-1] == "or" and number_value(before[-2]) is not None) or (
        len(after) >= 2 and after[0] == "or" and number_value(after[1]) is not None
    )


def _additional(claim: Claim, figure: Figure) -> bool:
    """A count of others besides someone ('two other men', '12 more', '23 others'), which a
    count of all of them does not dispute."""
    _, after = _around(claim, figure)
    return bool(after) and after[0] in ("other", "others", "more")


def find_conflicts(
    groups: Sequence[Sequence[Claim]],
) -> list[tuple[str, tuple[int, int], tuple[str, str], tuple[Claim, Claim]]]:
    """(about, claim indexes, figures): the same quantity (the same thing counted, in the same
    unit, for the story's one event) given different values by different items.

    A figure is compared only with figures of other items: two values one item gives
    (8 killed, 12 discharged) complement each other. A claim that presents its figure as an
    update is left out, and so are values that another item also gives (they agree)."""
    entries: dict[str, list[tuple[int, Claim, Figure]]] = defaultdict(list)
    countries: dict[int, frozenset[str]] = {}  # id(figure) -> the countries its unit names
    events: dict[int, str] = {}  # id(figure) -> what happened to those it counts, if said
    for index, group in enumerate(groups):
        for claim in group:
            if _UPDATE.search(claim.text):
                continue
            for figure in claim.figures:
                key = unit_key(figure)
                if key and (figure.value >= 2 or key.startswith("age")):
                    # "30 Georgian volunteers" and "200 volunteers" count the same people: the
                    # country, when one side names it, must only not differ
                    words = key.split()
                    codes = frozenset(w for w in words if w.isupper())
                    # what happened to them ("killed", "detained"), when the claim says: two
                    # counts of different events differ; a count that does not say may match
                    event = words.pop() if len(words) > 1 and words[-1] in EVENT_CLASSES else ""
                    base = " ".join(w for w in words if not w.isupper()) or key
                    countries[id(figure)] = codes
                    events[id(figure)] = event
                    entries[base].append((index, claim, figure))
    out: list[tuple[str, tuple[int, int], tuple[str, str], tuple[Claim, Claim]]] = []
    for key, found in entries.items():
        # the values each source gives: one source giving both (8 killed, 12 discharged; the
        # same speaker in one item) gives two quantities, not a disagreement
        values_by_source: dict[tuple[str, str], set[float]] = defaultdict(set)
        for _, claim, figure in found:
            values_by_source[(claim.item_id, claim.claimant)].add(figure.value)
        pairs: list[tuple[float, tuple[int, Claim, Figure], tuple[int, Claim, Figure]]] = []
        for x, (i, ca, fa) in enumerate(found):
            for j, cb, fb in found[x + 1 :]:
                same_source = (ca.item_id, ca.claimant) == (cb.item_id, cb.claimant)
                if same_source or not figures_disagree(fa, fb):
                    continue
                ea, eb = events[id(fa)], events[id(fb)]
                if ea and eb and ea != eb:
                    continue  # "12 killed" and "14 captured" count different things
                if key.startswith("money") and _is_rate(ca, fa) != _is_rate(cb, fb):
                    continue  # a monthly wage and a one-off fee are two sums
                if _asked(ca, fa) != _asked(cb, fb):
                    continue  # the nine years prosecutors asked for, and the six given
                if _alternative(ca, fa) or _alternative(cb, fb):
                    continue  # "15 or 20 years of service": a guess, which nothing disputes
                if _additional(ca, fa) or _additional(cb, fb):
                    continue  # "with two other men": besides someone, so not the whole count
                ka, kb = countries[id(fa)], countries[id(fb)]
                if ka and kb and ka != kb:
                    continue  # "155 Chinese" and "20 Russian" count different people
                if (
                    fb.value in values_by_source[(ca.item_id, ca.claimant)]
                    or fa.value in values_by_source[(cb.item_id, cb.claimant)]
                ):
                    continue  # one of the two also gives the other's value: complementary
                near_a, near_b = _near_words(ca, fa), _near_words(cb, fb)
                shared = len(near_a & near_b) / max(1, min(len(near_a), len(near_b)))
                ratio = max(fa.value, fb.value) / max(min(fa.value, fb.value), 1e-9)
                # the further apart two values are, the surer it must be they count one thing
                if key.startswith(("age", "money")):
                    need = 0.15
                elif ea and ea == eb and ratio <= 1.5:
                    need = 0.0  # "12 killed" and "a death toll of 14": one count of the dead
                else:
                    need = 0.1 if ratio <= 1.5 else 0.2 + 0.1 * min(ratio, 5)
                if shared < need:
                    continue
                pairs.append((shared, (i, ca, fa), (j, cb, fb)))
        # the best-supported pair for each set of values ("155 vs 163", "2 vs 6" apart)
        seen: set[frozenset[float]] = set()
        for _, first, second in sorted(pairs, key=lambda p: -p[0]):
            values = frozenset((first[2].value, second[2].value))
            if values in seen or len(seen) >= 2:
                continue
            seen.add(values)
            (i, ca, fa), (j, cb, fb) = sorted((first, second), key=lambda e: e[0])
            out.append((_about(key, fa), (i, j), (fa.text, fb.text), (ca, cb)))
    return out


def _about(key: str, figure: Figure) -> str:
    if key.startswith("money"):
        return "amount"
    if key.startswith("age"):
        whose = figure.unit[4:].strip()
        return f"age of {whose}" if whose else "age"
    return figure.unit


def build_story(items: Sequence[Item], claims: Sequence[Claim], now: datetime) -> Story:
    """One story from its items and their extracted claims, claims ranked, conflicts flagged."""
    by_id = {it.id: it for it in items}
    claims = [c for c in claims if c.item_id in by_id]
    groups = merge_claims(claims)
    # a claim past its item's share is shown only where another item carries it too
    groups = [g for g in groups if any(c.primary for c in g) or len({c.item_id for c in g}) > 1]
    names = _canonical_claimants(claims)
    merged = [_merged(g, by_id, names) for g in groups]
    order = sorted(range(len(merged)), key=lambda k: -merged[k].score)
    merged = [merged[k] for k in order]
    groups = [groups[k] for k in order]
    conflicts = []
    for about, (i, j), figures, pair in find_conflicts(groups):
        texts = tuple(dict.fromkeys((merged[i].text, merged[j].text)))
        # each side is who gives that figure: the claim's own claimant, or its outlet
        who = tuple(
            names.get(c.claimant, c.claimant).split(" (")[0]
            if c.attributed
            else by_id[c.item_id].outlet
            for c in pair
        )
        about = re.sub(r"\s+", " ", about).strip()
        conflicts.append(Conflict(about, texts, figures, who))
    sources = sorted((source_of(it) for it in items), key=lambda s: s.published or now)
    title = _headline(items)
    score, _, updated = story_rank(items, now)
    key = min(items, key=lambda it: (it.published, it.id)).id
    return Story(key, title, tuple(sources), tuple(merged), tuple(conflicts), updated, score)


def story_rank(items: Sequence[Item], now: datetime) -> tuple[float, int, datetime]:
    """How a story ranks (score, outlets, last update): known before its claims are merged,
    so a briefing only builds the stories it will show."""
    updated = max(it.published for it in items)
    outlets = len({it.outlet for it in items})
    age_hours = max(0.0, (now - updated).total_seconds() / 3600)
    score = 2.0 * outlets + 0.25 * len(items) + 4.0 * math.exp(-age_hours / 24)
    return round(score, 3), outlets, updated


def _headline(items: Sequence[Item]) -> str:
    """The most typical headline of the story that reads like a headline."""
    vectors = tfidf_vectors([content_stems(it.title) for it in items])

    def quality(k: int) -> float:
        words = len(items[k].title.split())
        fit = 1.0 if 5 <= words <= 20 else 0.3
        return fit * (1 + sum(cosine(vectors[k], v) for v in vectors))

    return items[max(range(len(items)), key=quality)].title
