"""Reporting language, for the claims stage: how a language's news prose attributes claims.

General language, not topic words: reporting verbs, the listeners and asides around them,
pronouns, the nouns that head a speaker, titles, and the shapes of page clutter. Each
language's data is bot/data/lang/<lang>.yaml, loaded and compiled once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from bot.language import stemmer

_FIELDS = (
    "speech",
    "act",
    "bare",
    "clause_openers",
    "tail",
    "quoted",
    "listeners",
    "according",
    "pronouns",
    "possessives",
    "asides",
    "agents",
    "titles",
    "subordinators",
    "utterances",
    "institutions",
    "impersonal",
    "conduits",
    "non_claims",
    "organisations",
    "speech_nouns",
    "scene_setters",
    "finite",
    "boilerplate",
)


_TOKEN = re.compile(r"[\w'’-]+")
_LOWER_TOKEN = re.compile(r"[^\W\d_]+")


@cache
def _keys(phrases: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """One word of each phrase (its longest), and the phrases with no word ('©')."""
    words = frozenset(max(w, key=len) for p in phrases if (w := _LOWER_TOKEN.findall(p)))
    return words, tuple(p for p in phrases if not _LOWER_TOKEN.findall(p))


def _any_phrase(
    low: str, phrases: tuple[str, ...], keys: tuple[frozenset[str], tuple[str, ...]]
) -> bool:
    """Whether a lower-case text contains one of the phrases; most texts are ruled out by one
    set test on their words."""
    words, bare = keys
    if any(p in low for p in bare):
        return True
    if words.isdisjoint(_LOWER_TOKEN.findall(low)):
        return False
    return any(p in low for p in phrases)


# Optional keys (English sets only inverted_tail and appositives, and keeps its own patterns):
#   inverted_tail: tail verbs that stand before their speaker ("..., заявив Зеленський.",
#     "..., said Mark Hensley.")
#   appositives: the words that open what a speaker after such a verb is ("..., said X, a
#     fellow volunteer who ...")
#   that: the words that open a reported clause ("що", "que", "dass"); English: "that"
#   verb_endings: endings of finite verb forms, where English looks for -ed/-s words
#   places: capitals and seats as the language writes them -> their English form (world data)
#   roles: title phrases -> English, for a claimant written in Latin script
#   figures: number words, scales, bounds, currencies, months, unit stop words (bot/figures.py)
#   speaker_prepositions: "in" before a body that speaks ("У МЗС заявили", "В Кремле сообщили")
#   about_this: "Про це повідомив X.": a sentence that gives the one before it its speaker
#   locatives: "in" / "at" before the place a title is held ("embajador ruso en Bogotá")
#   subject_first: a clause's subject comes before its auxiliary ("[one of nine Amman says]
#     have been killed" is no sentence); a language that drops its subjects says false
#   genitive_names: [ending, nominative ending] pairs, first fitting wins: a name after
#     "according to" in a language that puts it in the genitive ("за словами Андрія Сибіги")
_OPTIONAL: dict[str, object] = {
    "inverted_tail": [],
    "appositives": [],
    "that": ["that"],
    "verb_endings": [],
    "places": {},
    "roles": {},
    "figures": {},
    "min_claim_words": 5,
    "subject_first": False,
    "speaker_prepositions": [],
    "about_this": [],
    "locatives": [],
    "genitive_names": [],
    "private_persons": [],
    "plural_bodies": [],
    "unit_kinds": [],
    "kin": [],
    "irregular": [],
    "non_speakers": [],
    "indefinites": [],
    "headline": {},
}


def _alternatives(phrases: list[str] | frozenset[str]) -> str:
    """A regex alternation of phrases, longest first, whitespace-tolerant."""
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


@dataclass(frozen=True, eq=False)  # one per language, compared and hashed by identity
class Reporting:
    """One language's reporting forms, as sets and compiled patterns."""

    lang: str
    speech: frozenset[str]
    act: frozenset[str]
    bare: frozenset[str]
    clause_openers: frozenset[str]
    agents: frozenset[str]
    titles: frozenset[str]
    subordinators: frozenset[str]
    utterances: frozenset[str]
    institutions: frozenset[str]
    conduits: frozenset[str]
    non_claims: tuple[str, ...]
    organisations: frozenset[str]
    title_synonyms: dict[str, frozenset[str]]  # "envoy" -> {"ambassador", "diplomat"}
    # the heads of a state's offices ("the chief cabinet secretary" is the country's)
    offices: frozenset[str]
    made_claim_re: re.Pattern[str]  # "made a striking claim that", a speech verb in a noun
    scene_setters: tuple[str, ...]
    impersonal_re: re.Pattern[str]  # "It was reported that", at the start
    finite: frozenset[str]
    # the plain forms of saying ("said", "told"): never inside a speaker's name
    said_forms: frozenset[str]
    pronoun_kind: dict[str, str]  # "he" -> "person"
    possessive_kind: dict[str, str]  # "his" -> "person"
    verbs: frozenset[str]  # speech and act verbs, words and phrases
    longest_verb: int  # words in the longest verb phrase
    verb_openers: frozenset[str]  # the first words of the verbs
    tail_re: re.Pattern[str]  # a tail verb at the end of a sentence's last clause
    quoted_re: re.Pattern[str]  # "was quoted (by X) as saying"
    according_re: re.Pattern[str]
    listeners_re: re.Pattern[str]  # at the start of a complement
    asides_re: re.Pattern[str]  # anywhere, as whole phrases
    boiler_starts_re: re.Pattern[str]
    boiler_contains: tuple[str, ...]  # lower-case phrases; plain substring tests are faster
    asides: frozenset[str]
    longest_aside: int
    # optional keys (see _OPTIONAL): empty for English, whose patterns stay as they were
    inverted_tail_re: re.Pattern[str] | None = None  # "..., заявив X." at a sentence's end
    that_re: re.Pattern[str] | None = None  # "[said] on Friday, that": up to the complementizer
    verb_endings: tuple[str, ...] = ()
    places: dict[str, str] | None = None
    roles: dict[str, str] | None = None
    figures: dict[str, Any] | None = None
    min_claim_words: int = 5  # a shorter stretch is no claim a reader can take alone
    subject_first: bool = False  # a claim opening with an auxiliary lacks its subject
    # headline grammar (bot/headlines.py): the words that make a headline a sentence
    headline: dict[str, Any] | None = None
    speaker_prepositions: frozenset[str] = frozenset()
    about_this: tuple[str, ...] = ()  # longest first
    locatives: frozenset[str] = frozenset({"in", "at"})
    genitive_names: tuple[tuple[str, str], ...] = ()
    agent_stems: frozenset[str] = frozenset()  # the agents' stems, where nouns inflect
    # nouns for a person who holds no office ("man", "recruit"): "one recruit said" is one
    # of the people the report is about
    private_persons: frozenset[str] = frozenset()
    # bodies the language treats as plural: "police said they", "the authorities said they"
    plural_bodies: frozenset[str] = frozenset()
    # what "the unit" may stand for: "the Georgian Legion", "the Kolkheti Battalion"
    unit_kinds: frozenset[str] = frozenset()
    # family nouns: "X, whose brother ..., said: 'He called us'": the brother is "he"
    kin: frozenset[str] = frozenset()
    # pronouns and quantifiers that a capital opening a sentence does not make a name
    # ("Nobody", "Neither"): no surname
    indefinites: frozenset[str] = frozenset()
    # finite verb forms no ending shows ("heard", "sent", "fought"): a claim has a verb
    irregular: frozenset[str] = frozenset()
    # irregular past participles ("held as a prisoner", "known as"), after which "as" is a
    # preposition, not a clause opener
    participles: frozenset[str] = frozenset()
    # recordings a claim comes through ("a video", "the clip"): the person in them speaks
    recordings: frozenset[str] = frozenset()
    # nouns for what happens, never who speaks: "The indictment of three men drew criticism"
    non_speakers: frozenset[str] = frozenset()

    def is_agent(self, word: str) -> bool:
        """A noun that can head a speaker, in any of its cases ('ведомстве', 'міністра')."""
        if word in self.agents:
            return True
        if "'" in word or "’" in word:  # "l'ambassadeur": the article elided before it
            word = re.split("['’]", word)[-1]
            if word in self.agents:
                return True
        return bool(self.agent_stems) and stemmer(self.lang)(word) in self.agent_stems

    def verb_shaped(self, word: str) -> bool:
        """A word shaped like a finite verb in this language ('загинули', 'murieron'); English
        has no endings here (its -ed/-s tests are in bot/attribution.py and bot/claims.py)."""
        return len(word) > 3 and word.endswith(self.verb_endings) if self.verb_endings else False

    def is_speech(self, verb: str) -> bool:
        return " ".join(verb.lower().split()) in self.speech

    def says_nothing(self, claim: str) -> bool:
        """A claim that reports no claim: 'X did not immediately comment', 'The announcement
        came as ...' (scene-setting), a verbless line."""
        low = claim.lower()
        if low.startswith(self.scene_setters):
            return True
        return _any_phrase(low, self.non_claims, _keys(self.non_claims))

    def is_boilerplate_text(self, sentence: str) -> bool:
        return _any_phrase(sentence.lower(), self.boiler_contains, _keys(self.boiler_contains))

    def strip_asides(self, text: str) -> str:
        """The text without its phrases of time and manner ('on Tuesday', 'in a statement')."""
        words = text.split()
        kept: list[str] = []
        k = 0
        while k < len(words):
            for size in range(min(self.longest_aside, len(words) - k), 0, -1):
                phrase = " ".join(words[k : k + size]).lower().rstrip(",")
                if phrase in self.asides:
                    k += size
                    break
            else:
                kept.append(words[k])
                k += 1
        return " ".join(kept)

    def verbs_in(self, sentence: str) -> list[tuple[int, int, str]]:
        """(start, end, text) of each speech or act verb, longest phrase first at a word;
        set lookups over the sentence's words, not one regex of hundreds of alternatives.
        "made a claim that" counts as "claimed"."""
        return list(self._verbs_in(sentence))

    @lru_cache(maxsize=65536)  # noqa: B019 (one Reporting per language, kept for the process)
    def _verbs_in(self, sentence: str) -> tuple[tuple[int, int, str], ...]:
        made = self.made_claim_re.search(sentence) if " that " in sentence else None
        if not made and self.verb_openers.isdisjoint(_TOKEN.findall(sentence.lower())):
            return ()  # most sentences: no reporting verb at all, found by one set test
        words = [(m.start(), m.end(), m.group(0).lower()) for m in _TOKEN.finditer(sentence)]
        found: list[tuple[int, int, str]] = []
        if made:
            found.append((made.start(), made.end(), "claimed"))
            words = [w for w in words if not made.start() <= w[0] < made.end()]
        k = 0
        while k < len(words):
            if words[k][2] not in self.verb_openers:
                k += 1
                continue
            for size in range(min(self.longest_verb, len(words) - k), 0, -1):
                phrase = " ".join(w for _, _, w in words[k : k + size])
                if phrase in self.verbs:
                    start, end = words[k][0], words[k + size - 1][1]
                    found.append((start, end, sentence[start:end]))
                    k += size
                    break
            else:
                k += 1
        return tuple(sorted(found))


def _load(lang: str) -> dict[str, Any]:
    path = resources.files("bot") / "data" / "lang" / f"{lang}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"no reporting language data for {lang!r}") from None
    if not isinstance(data, dict):
        raise ValueError(f"bot/data/lang/{lang}.yaml: expected a mapping")
    missing = [f for f in _FIELDS if f not in data]
    if missing:
        raise ValueError(f"bot/data/lang/{lang}.yaml: missing {', '.join(missing)}")
    for name, default in _OPTIONAL.items():
        data.setdefault(name, default)
        if not isinstance(data[name], type(default)):
            raise ValueError(
                f"bot/data/lang/{lang}.yaml: {name} must be a {type(default).__name__}"
            )
    return data


_HEADLINE_PAIRS = ("future", "passive", "progressive")
_HEADLINE_LISTS = (
    "adverbs",
    "after_participle",
    "audience_verbs",
    "singular",
    "numbers",
    "participles",
    "past_tense",
    "negatives",
)


def _headline_grammar(lang: str, data: dict[str, object]) -> dict[str, Any] | None:
    """The headline section, checked: three pairs of words and the word lists."""
    if not data:
        return None
    where = f"bot/data/lang/{lang}.yaml: headline"
    grammar: dict[str, Any] = {}
    for key in _HEADLINE_PAIRS:
        pair = data.get(key)
        words = pair if isinstance(pair, list) else []
        if len(words) != 2 or not all(isinstance(w, str) for w in words):
            raise ValueError(f"{where}: {key} must be a pair of words")
        grammar[key] = (words[0].lower(), words[1].lower())
    for key in _HEADLINE_LISTS:
        listed = data.get(key, [])
        if not isinstance(listed, list) or not all(isinstance(w, str) for w in listed):
            raise ValueError(f"{where}: {key} must be a list of words (quote no, yes, on, off)")
        grammar[key] = frozenset(w.lower() for w in listed)
    unknown = set(data) - set(_HEADLINE_PAIRS) - set(_HEADLINE_LISTS)
    if unknown:
        raise ValueError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    # "..., government tells Rajya Sabha": a verb of telling with its audience after it
    grammar["audience_re"] = re.compile(
        r"^(?P<claim>.+),\s+(?P<speaker>[^,]{2,50}?)\s+(?:"
        + (_alternatives(grammar["audience_verbs"]) or r"(?!)")
        + r")\s+[^,]{2,40}$"
    )
    return grammar


@cache
def reporting(lang: str = "en") -> Reporting:
    """The reporting forms of a language; English where the language has none of its own."""
    try:
        data = _load(lang)
    except ValueError as error:
        if lang == "en" or "missing" in str(error) or "must be" in str(error):
            raise  # a broken language file is a bug to see, not a reason to read English
        return reporting("en")
    for f in (*_FIELDS, "inverted_tail", "appositives", "that"):
        if isinstance(data[f], list) and any(isinstance(w, bool) for w in data[f]):
            # YAML reads a bare no / yes / on / off as a boolean: the word must be quoted
            raise ValueError(f"bot/data/lang/{lang}.yaml: {f}: quote the words no, yes, on, off")
    words = {
        f: frozenset(str(w).lower() for w in data[f])
        for f in (*_FIELDS, "inverted_tail", "appositives", "that")
        if isinstance(data[f], list)
    }
    pronouns: dict[str, list[str]] = data["pronouns"]  # type: ignore[assignment]
    boiler: dict[str, list[str]] = data["boilerplate"]  # type: ignore[assignment]
    quoted_alt = "|".join(
        r"\s+".join(r"[^,]{2,60}?" if w == "{who}" else re.escape(w) for w in str(q).split())
        for q in sorted(data["quoted"], key=len, reverse=True)  # type: ignore[arg-type]
    )
    aux = sorted((str(w) for w in data.get("tail_auxiliaries") or ()), key=len, reverse=True)  # type: ignore[attr-defined]
    return Reporting(
        lang=lang,
        speech=words["speech"],
        act=words["act"],
        bare=words["bare"],
        clause_openers=words["clause_openers"],
        agents=words["agents"],
        titles=words["titles"],
        subordinators=words["subordinators"],
        utterances=words["utterances"],
        institutions=words["institutions"],
        conduits=words["conduits"],
        non_claims=tuple(sorted(words["non_claims"])),
        organisations=words["organisations"],
        offices=frozenset(str(w).lower() for w in data.get("offices") or ()),  # type: ignore[attr-defined]
        title_synonyms={
            str(k): frozenset(str(v) for v in vs)
            for k, vs in dict(data.get("title_synonyms") or {}).items()  # type: ignore[call-overload]
        },
        made_claim_re=re.compile(
            r"\b(?:has |have |had )?(?:made|makes|make|issued|issues|repeated)\s+(?:a|an|the|his|"
            r"her|its|their)\s+(?:[\w-]+\s+){0,2}(?:"
            + _alternatives(words["speech_nouns"])
            + r")\b(?=\s+that\b)",
            re.IGNORECASE,
        ),
        scene_setters=tuple(sorted(words["scene_setters"])),
        impersonal_re=re.compile(r"^(?:" + _alternatives(words["impersonal"]) + r")\s+", re.I),
        finite=words["finite"],
        said_forms=frozenset(
            w
            for w in words["tail"] & words["bare"]
            if " " not in w
            and w not in words["agents"]
            and w not in ("reports", "claims", "alleged", "believed", "estimated")
        ),
        pronoun_kind={p: kind for kind, ps in pronouns.items() for p in ps},
        possessive_kind=dict(data["possessives"]),  # type: ignore[call-overload]
        verbs=words["speech"] | words["act"],
        longest_verb=max(len(v.split()) for v in words["speech"] | words["act"]),
        verb_openers=frozenset(v.split()[0] for v in words["speech"] | words["act"]),
        tail_re=re.compile(
            # "..., the prosecutor, Rosa Mamani, said", "..., the X Battalion, a unit of ..., said"
            r",\s+(?P<who>[^,;:]{2,90}?(?:,\s+(?:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}"
            r"|(?:an?|the)\s[^,;:]{2,60}),)?)\s+"
            # "..., the paper has learned": an auxiliary before the tail verb (in the data)
            + (r"(?:(?:" + "|".join(map(re.escape, aux)) + r")\s+)?" if aux else "")
            + r"(?P<verb>"
            + _alternatives(words["tail"])
            + r")"
            r"(?P<after>(?:\s+[^,;:]{0,50}?)?)"
            # a second claim ("adding that"), a source, or the claim going on after the tail
            # ("..., the paper reported, in a scheme run by ...")
            r"(?P<extra>,\s+(?:adding|saying|citing|noting|according to|as|in|with|after|amid|"
            r"(?:[a-z-]+\s+){1,3}(?:after|before)|"  # "..., two days after ..."
            # "..., two more than the government acknowledged", "..., up from 12 in May"
            r"(?:[\w.,-]+\s+){1,2}(?:more|fewer|less|higher|lower)\s+than|(?:up|down)\s+from|"
            r"(?:and|but)(?!\s+(?:added|said|says|told|noted|warned|stressed)\b)|"
            r"while|under|through|following|despite|during|warning|stressing|insisting|"
            r"explaining|confirming|arguing|claiming|asserting|alleging|urging|calling|"
            r"describing|accusing|speaking|"
            r"identifying|naming)\b.*)?"
            r"[.!]?[\"”’]?\s*$",
            re.IGNORECASE,
        ),
        quoted_re=re.compile(r"\s(?:" + quoted_alt + r")(?:\s+that)?\s", re.IGNORECASE),
        according_re=re.compile(
            r"(?<![\w-])(?:" + _alternatives(words["according"]) + r")\s+", re.IGNORECASE
        ),
        listeners_re=re.compile(
            r"^\s*(?:" + _alternatives(words["listeners"]) + r")(?![\w'’-])", re.IGNORECASE
        ),
        asides_re=re.compile(
            r"(?<![\w'’-])(?:" + _alternatives(words["asides"]) + r")(?![\w'’-]),?",
            re.IGNORECASE,
        ),
        boiler_starts_re=re.compile(
            r"^\W*(?:" + _alternatives(boiler["starts"]) + r")(?![\w'’-])", re.IGNORECASE
        ),
        boiler_contains=tuple(str(p).lower() for p in boiler["contains"]),
        asides=words["asides"],
        longest_aside=max(len(a.split()) for a in words["asides"]),
        inverted_tail_re=(
            re.compile(
                r",?\s+(?:[–—-]\s+)?(?P<verb>"
                + _alternatives(words["inverted_tail"])
                + r")(?:\s+(?P<who>[^,;:]{2,90}?))?"
                # "..., said Mark Hensley, a fellow volunteer who served with him."
                + (
                    r"(?P<role>,\s+(?:"
                    + _alternatives(words["appositives"])
                    + r")\s[^;:]{2,140}?)?"
                    if words["appositives"]
                    else r"(?P<role>)"
                )
                + r"(?P<extra>,\s+(?:"
                + _alternatives(words["that"])
                + r")\s.*)?[.!]?[\"”’»]?\s*$",
                re.IGNORECASE,
            )
            if words["inverted_tail"]
            else None
        ),
        that_re=(
            None
            if lang == "en"
            else re.compile(
                r"^(?:\s*,)?[^,.;]{0,60}?(?<![\w'’-])(?:"
                + _alternatives(words["that"])
                + r")(?:\s|(?<=qu)['’])",  # French "qu'il"
                re.IGNORECASE,
            )
        ),
        verb_endings=tuple(str(e) for e in data["verb_endings"]),  # type: ignore[union-attr]
        places={str(k).lower(): str(v) for k, v in data["places"].items()},  # type: ignore[union-attr]
        roles={str(k).lower(): str(v) for k, v in data["roles"].items()},  # type: ignore[union-attr]
        figures=dict(data["figures"]),  # type: ignore[call-overload]
        min_claim_words=int(data["min_claim_words"]),  # type: ignore[call-overload]
        subject_first=bool(data["subject_first"]),
        headline=_headline_grammar(lang, data["headline"]),  # type: ignore[arg-type]
        locatives=frozenset({"in", "at", *(str(w).lower() for w in data["locatives"])}),  # type: ignore[attr-defined]
        private_persons=frozenset(str(w).lower() for w in data["private_persons"]),  # type: ignore[attr-defined]
        plural_bodies=frozenset(str(w).lower() for w in data["plural_bodies"]),  # type: ignore[attr-defined]
        unit_kinds=frozenset(str(w).lower() for w in data["unit_kinds"]),  # type: ignore[attr-defined]
        kin=frozenset(str(w).lower() for w in data["kin"]),  # type: ignore[attr-defined]
        irregular=frozenset(str(w).lower() for w in data["irregular"]),  # type: ignore[attr-defined]
        participles=frozenset(str(w).lower() for w in data.get("participles") or ()),  # type: ignore[attr-defined]
        recordings=frozenset(str(w).lower() for w in data.get("recordings") or ()),  # type: ignore[attr-defined]
        non_speakers=frozenset(str(w).lower() for w in data["non_speakers"]),  # type: ignore[attr-defined]
        indefinites=frozenset(str(w).lower() for w in data["indefinites"]),  # type: ignore[attr-defined]
        genitive_names=tuple(
            (str(a), str(b) if b is not None else "")
            for a, b in data["genitive_names"]  # type: ignore[attr-defined]
        ),
        about_this=tuple(
            sorted((str(w).lower() for w in data["about_this"]), key=len, reverse=True)  # type: ignore[attr-defined]
        ),
        speaker_prepositions=frozenset(
            str(w).lower()
            for w in data["speaker_prepositions"]  # type: ignore[attr-defined]
        ),
        agent_stems=(
            frozenset(stemmer(lang)(w) for w in words["agents"]) if lang != "en" else frozenset()
        ),
    )
