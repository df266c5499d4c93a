"""Story stage: group matched items into stories; merge their claims across outlets; flag
figures that disagree. Pure functions: data in, data out.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from bot.claimants import similar_names
from bot.figures import figures_disagree, unit_key
from bot.grouping import cluster, group_stories  # noqa: F401 (re-exported for importers)
from bot.models import Claim, Conflict, Figure, Item, MergedClaim, Source, Story
from bot.text import content_stems, stem, tokens
from bot.vectors import cosine, similar_pairs, tfidf_vectors

CLAIM_SIM = 0.3
CLAIM_AVG_SIM = 0.22


def source_of(item: Item) -> Source:
    return Source(item.id, item.outlet, item.link, item.title, item.published)


def _claimant_key(claimant: str) -> str:
    name = claimant.split(" (")[0].strip()
    return name.lower()


def _canonical_claimants(claims: Sequence[Claim]) -> dict[str, str]:
    """Map each claimant string to one display form: variants of a name fold together."""
    names = Counter(c.claimant for c in claims if c.attributed)
    keys: list[str] = []  # representative surname keys
    mapping: dict[str, str] = {}
    groups: dict[str, list[str]] = defaultdict(list)
    for claimant, _ in names.most_common():
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


def _figure_bonus(a: Claim, b: Claim) -> float:
    """Sharing an exact count of a specific thing ('2 Chinese nationals') is strong evidence."""
    if not a.figures or not b.figures:
        return 0.0
    keyed_a = {(f.value, unit_key(f)) for f in a.figures}
    keyed_b = {(f.value, unit_key(f)) for f in b.figures}
    shared = keyed_a & keyed_b
    if any(len(key.split()) >= 2 or value >= 10 for value, key in shared):
        return 0.25
    if shared:
        return 0.12
    units_a = {k for _, k in keyed_a}
    if any(k in units_a and k != "money" for _, k in keyed_b):
        return -0.05  # same thing counted differently: more likely two claims
    return 0.0


def merge_claims(claims: Sequence[Claim]) -> list[list[Claim]]:
    """Clusters of the same claim from different items; an item never backs one cluster twice."""
    vectors = tfidf_vectors([content_stems(c.text) for c in claims])
    pairs = similar_pairs(
        vectors, CLAIM_SIM - 0.25, allowed=lambda i, j: claims[i].item_id != claims[j].item_id
    )
    scored = {p: s + _figure_bonus(claims[p[0]], claims[p[1]]) for p, s in pairs.items()}

    def same_item(a: list[int], b: list[int]) -> bool:
        return bool({claims[k].item_id for k in a} & {claims[k].item_id for k in b})

    groups = cluster(len(claims), scored, min_sim=CLAIM_SIM, min_avg=CLAIM_AVG_SIM, veto=same_item)
    return [[claims[i] for i in group] for group in groups]


def _representative(group: Sequence[Claim]) -> Claim:
    vectors = tfidf_vectors([content_stems(c.text) for c in group])

    def centrality(k: int) -> float:
        claim = group[k]
        words = len(claim.text.split())
        fit = 1.0 if 8 <= words <= 40 else 0.6
        shared = sum(cosine(vectors[k], v) for v in vectors)
        return shared * fit + (0.3 if claim.attributed else 0) - claim.position * 0.01

    return group[max(range(len(group)), key=centrality)]


def _merged(group: Sequence[Claim], items: dict[str, Item], names: dict[str, str]) -> MergedClaim:
    rep = _representative(group)
    attributed = [c for c in group if c.attributed]
    own_voice = [c for c in group if not c.attributed]
    votes = Counter(names.get(c.claimant, c.claimant) for c in attributed)
    if votes and votes.most_common(1)[0][1] >= len({c.item_id for c in own_voice}):
        # ties go to the fuller description ("One of the two captured ..." over "Wang")
        claimant = max(votes, key=lambda v: (votes[v], "(" in v or len(v.split()) > 1, len(v)))
    else:
        # most outlets state it in their own voice: the outlets are the claimants
        outlets = list(dict.fromkeys(items[c.item_id].outlet for c in own_voice))
        claimant = ", ".join(outlets[:2]) + (" and others" if len(outlets) > 2 else "")
    figures: dict[str, None] = {}
    for claim in sorted(group, key=lambda c: c is not rep):
        for figure in claim.figures:
            figures.setdefault(figure.text, None)
    sources = sorted(
        {c.item_id: source_of(items[c.item_id]) for c in group}.values(),
        key=lambda s: (s.published or datetime.min, s.outlet),
    )
    outlets = len({s.outlet for s in sources})
    centrality = 1 / (1 + min(c.position for c in group) / 4)
    score = 3.0 * outlets + (1.0 if attributed else 0.0) + (0.5 if figures else 0.0) + centrality
    return MergedClaim(rep.text, claimant, tuple(figures), tuple(sources), round(score, 3))


_EVENTS = {
    "kill": "kill killed dies died dead death deaths",
    "wound": "wound wounded injure injured",
    "captur": "capture captured prisoner prisoners pow pows custody held detained captive",
    "serve": "recruit recruited enlist enlisted serve served serving fight fighting fought join "
    "joined sign signed deployed",
    "missing": "missing disappeared",
    "return": "return returned repatriate repatriated release released home",
}
_EVENT_OF = {stem(w): event for event, words in _EVENTS.items() for w in words.split()}


def _events_near(claim: Claim, figure: Figure, window: int = 8) -> set[str]:
    """Event classes (killed, captured, serving ...) said of this figure, in its own clause."""
    words = tokens(claim.text)
    raw = tokens(figure.text)
    spot = next((i for i, w in enumerate(words) if raw and w == raw[0]), None)
    if spot is None:
        spot, window = 0, len(words)
    near = words[max(0, spot - window) : spot + window + 1]
    return {_EVENT_OF[s] for s in map(stem, near) if s in _EVENT_OF}


def _figure_conflicts(group: Sequence[Claim]) -> list[tuple[str, tuple[str, ...]]]:
    """Within one merged claim: outlets that give different figures for the same thing."""
    by_unit: dict[str, dict[str, list[Figure]]] = defaultdict(dict)
    for claim in group:
        for figure in claim.figures:
            key = unit_key(figure)
            if key:
                by_unit[key].setdefault(claim.item_id, []).append(figure)
    out = []
    for key, per_item in by_unit.items():
        firsts = [figs[0] for figs in per_item.values()]
        if len(per_item) > 1 and any(
            figures_disagree(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1 :]
        ):
            # one side per outlet: "30,000 rubles / $350" is one source's figure and conversion
            texts = tuple(
                dict.fromkeys(
                    " / ".join(dict.fromkeys(f.text for f in figs)) for figs in per_item.values()
                )
            )
            about = "amount" if key == "money" else firsts[0].unit
            out.append((about, texts))
    return out


def find_conflicts(
    groups: Sequence[Sequence[Claim]],
) -> list[tuple[str, tuple[int, ...], tuple[str, ...]]]:
    """(about, claim indexes, figures) for claims about the same quantity that disagree."""
    out: list[tuple[str, tuple[int, ...], tuple[str, ...]]] = []
    for index, group in enumerate(groups):
        for about, texts in _figure_conflicts(group):
            out.append((about, (index,), texts))
    # figures bucketed by the quantity they count, so only like is compared with like
    buckets: dict[str, list[tuple[int, Figure, set[str]]]] = defaultdict(list)
    for index, group in enumerate(groups):
        for claim in group:
            for figure in claim.figures:
                key = unit_key(figure)
                if key and figure.value > 2:
                    buckets[key].append((index, figure, _events_near(claim, figure)))
    if not buckets:
        return out
    vectors = tfidf_vectors([content_stems(" ".join(c.text for c in g)) for g in groups])
    found: set[tuple[int, int, str, str]] = set()
    for entries in buckets.values():
        for x, (i, fa, ea) in enumerate(entries):
            for j, fb, eb in entries[x + 1 :]:
                if i == j or not figures_disagree(fa, fb):
                    continue
                ratio = max(fa.value, fb.value) / max(min(fa.value, fb.value), 1e-9)
                # Estimates of one quantity differ modestly; the same event must be counted.
                related = bool(ea & eb) if ea and eb else cosine(vectors[i], vectors[j]) >= 0.2
                first, second = ((i, fa), (j, fb)) if i < j else ((j, fb), (i, fa))
                key = (first[0], second[0], first[1].text, second[1].text)
                if ratio <= 2 and related and key not in found:
                    found.add(key)
                    out.append((first[1].unit, key[:2], key[2:]))
    return out


def _outlet_of(group: Sequence[Claim], items: dict[str, Item], side: str) -> str:
    first = side.split(" / ")[0]
    for claim in group:
        if any(f.text == first for f in claim.figures):
            return items[claim.item_id].outlet
    return ""


def build_story(items: Sequence[Item], claims: Sequence[Claim], now: datetime) -> Story:
    """One story from its items and their extracted claims, claims ranked, conflicts flagged."""
    by_id = {it.id: it for it in items}
    claims = [c for c in claims if c.item_id in by_id]
    groups = merge_claims(claims)
    names = _canonical_claimants(claims)
    merged = [_merged(g, by_id, names) for g in groups]
    order = sorted(range(len(merged)), key=lambda k: -merged[k].score)
    merged = [merged[k] for k in order]
    groups = [groups[k] for k in order]
    conflicts = []
    seen: set[tuple[str, ...]] = set()
    for about, indexes, figures in find_conflicts(groups):
        key = tuple(sorted(figures))
        if key in seen:
            continue
        seen.add(key)
        texts = tuple(dict.fromkeys(merged[k].text for k in indexes))
        if len(indexes) == len(figures):
            who = tuple(merged[k].claimant.split(" (")[0] for k in indexes)
        else:  # one merged claim, outlets disagreeing on its figure
            who = tuple(_outlet_of(groups[indexes[0]], by_id, f) for f in figures)
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
