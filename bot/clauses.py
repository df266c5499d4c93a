"""Clauses, for the claims stage: the grammar news sentences share, read from a language's data
(bot/reporting.py): whether a phrase is a clause (a subject and a finite verb), whether it can
name a speaker, the complement a reporting verb takes, and the subject a sentence opens with.
Used by the attribution patterns (bot/attribution.py) and the claims stage. Pure."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.reporting import Reporting
from bot.text import PARTICLE_NAME

_WORD = re.compile(r"[\w'’.-]+")


_THAT = re.compile(r"^\s*,?\s*(?:that\s+)", re.IGNORECASE)


# where the words were said, between a listener and the clause ("told reporters in Sydney")
_WHERE_SAID = re.compile(r"(?:in|at)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}\s*,?\s+(?=\S)")


_NAMED_PERSON = re.compile(r"\b(?:named|called)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}$")


AGE_AFTER = re.compile(r",\s*\d{1,3}\s*,?$")


_ADVERB_TAIL = re.compile(r"\s+[a-z]{3,}ly\s*$")  # "X's mother subsequently [complained]"


_CLAUSE_SUBJECTS = frozenset("he she they it we i".split())


_CONJUNCTION = re.compile(r"^(?:and|but|yet|so|while)\s+(?=\S+\s+\S)", re.IGNORECASE)


_THERE = frozenset(("there", "there's", "there’s", "here", "here's", "here’s"))


# words that are nouns as often as speech verbs, and what follows them when they are nouns
# ("claims of abuse", "state media", "the German state by a wide margin"); "state" as a verb
# takes "that"
PREPOSITIONS = frozenset("of for over about against by from in on to with at".split())


# "U.S. diplomats quoted by the paper [said]": the speaker without the channel
_QUOTED_BY = re.compile(
    r"\s+(?:quoted|cited|interviewed|contacted|reached)\s+by\s+[^,]+$", re.IGNORECASE
)


_RELATIVE = re.compile(r",\s*(?:who|which|whose)\s[^,]*(?:,|$)")


INTRO = re.compile(
    r"^(?:in|on|at|after|before|during|speaking|asked|responding|writing|addressing|"
    r"following|earlier|later|separately|meanwhile|however|also|then|now|but|and|yet|among|"
    r"nonetheless|nevertheless|moreover|furthermore|additionally|likewise|similarly|instead|"
    r"of|for|like|unlike|besides|amid|despite|cited|quoted|citing|according)\b",
    re.IGNORECASE,
)


# after a participle that modifies a speaker: "an obituary published by", "a man held in"
_PARTICIPLE_NEXT = frozenset("by on in at from for with to as near outside inside".split())


# "the two captured soldiers", "an injured man": after these an -ed word is an adjective
# -ed words that are adjectives wherever they stand: "Ukraine's armed forces"
_ED_ADJECTIVES = frozenset(
    "armed united retired alleged unnamed unidentified self-styled so-called interned".split()
)


_ADJECTIVE_BEFORE = frozenset(
    "the a an its his her their our this these those two three four five six seven eight nine "
    "ten several many some both other recently newly".split()
)


# after a speaker's head noun: "an official at the ministry", "a spokesman for the army"
_HEAD_PREPOSITIONS = frozenset("at of for from with in".split())


# a participle aside between a subject and its verb: "X, speaking on condition of anonymity,"
_SPEAKING_ASIDE = re.compile(
    r",\s+(?:speaking|writing|addressing|responding|reached|contacted|asked|interviewed)\b[^,]*"
    r"(?=,|$)",
    re.IGNORECASE,
)


# "a man who gives his name as X", "the prisoner, who identified himself as X,"
# "gives his name as", "identified himself as": what a person is called follows (claimants too)
NAMES_ONESELF = (
    r"(?:gives|gave|identifies|identified|calls|called|introduces|introduced|named)\s+"
    r"(?:only\s+)?(?:himself|herself|(?:his|her)\s+(?:first\s+|full\s+)?name)(?:\s+as\s+|,\s+)"
)


_GIVES_NAME = re.compile(
    r"\b(?:an?|the)\s+(?:[\w-]+\s+){0,3}?[\w-]+,?\s+who\s+" + NAMES_ONESELF, re.IGNORECASE
)


_OBJECT_OPENERS = frozenset(
    "the a an its his her their that this these those them him it our no any all some".split()
)


NOUN_BEFORE = frozenset("on in at to by for of with from the a an its his her their".split())


NOUN_MAKERS = frozenset(
    "the a an these those this his her their its our such of previous earlier "
    "recent unconfirmed initial first latest widespread several many some".split()
)


_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|will|would|also|later|earlier|further|previously|repeatedly|then|now|"
    r"again|once|reportedly|allegedly|separately|already|only|even|not|never|has\s+also|"
    r"had\s+also|did|does|do))+\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower().strip(".") for w in _WORD.findall(text))


def words_of(text: str) -> list[str]:
    """The lower-case words of a text (remembered: a sentence's parts are read many times)."""
    return list(_words(text))


def has_finite(text: str, lang: Reporting) -> bool:
    """Whether a stretch of text holds a finite verb (an auxiliary or a verb in -ed/-s)."""
    ws = words_of(text)
    if any(w in lang.finite for w in ws):
        return True
    # "on state television", "in a post": after a preposition or article the word is a noun
    return any(
        (w in lang.speech or w in lang.act) and ws[k] not in NOUN_BEFORE
        for k, w in enumerate(ws[1:])
    )


DETERMINERS = frozenset(("the", "a", "an", "this", "that", "these", "those"))


def speaker_like(phrase: str, lang: Reporting, *, known: frozenset[str] = frozenset()) -> bool:
    """Whether a phrase can name who speaks: a name, a pronoun, a body, a described person.

    `known` holds lower-case words the item has already used as names (surnames, places)."""
    if "," in phrase:  # (most phrases have no comma: no relative clause, no age)
        phrase = AGE_AFTER.sub("", _RELATIVE.sub(" ", phrase + ",").strip(" ,"))
    ws = words_of(phrase)
    if len(ws) > 1 and ws[0] in lang.speaker_prepositions:
        ws = ws[1:]  # "У МЗС [заявили]", "В ведомстве [утверждают]": the body speaks
        if lang.is_agent(ws[0]) or phrase.split()[-1][:1].isupper():
            return True
    if not ws or len(ws) > 18 or ws[0] in lang.subordinators or ws[0] in _THERE:
        return False  # ("There's an adage that ...": no one speaks)
    if ws[-1] in ("and", "or", "but") or any(
        w in lang.clause_openers and not (w == "as" and k and _participle(ws[k - 1], lang))
        for k, w in enumerate(ws)
    ):
        return False  # "X offered condolences and [called]", "hours after Russia [announced]"
        # ("a man held as a prisoner", "a woman working as a nurse": "as" is no opener there)
    if any(
        w in lang.agents and ws[k + 1].endswith("ed") and ws[k + 2] in _PARTICIPLE_NEXT
        for k, w in enumerate(ws[1:4], start=1)
        if k + 2 < len(ws)
    ):
        return True  # "A Somali national captured by a Ukrainian brigade [says]": who it is
    if lang.lang == "en" and " " in phrase and _NAMED_PERSON.search(phrase):
        return True  # "A man named Ivan Petrov [said]": a person, by the name the text gives
    for k, w in enumerate(ws[1:-1], start=1):
        if (
            w.endswith("ed")
            and len(w) > 4
            and not _capitalised_in(w, phrase)  # ("Mohammed", "Ahmed": names)
            and w not in _ED_ADJECTIVES
            and ws[k + 1] not in _PARTICIPLE_NEXT
            and ws[k - 1] not in _ADJECTIVE_BEFORE
        ):
            return False  # "X's comments followed media": a predicate, not a speaker
    if len(ws) == 1 and ws[0] in lang.pronoun_kind:
        return True
    if lang.non_speakers and (ws[1] if ws[0] in DETERMINERS and len(ws) > 1 else ws[0]) in (
        lang.non_speakers
    ):
        return False  # "The indictment of three Bosnians [drew criticism]": no one speaks
    if any(w in lang.finite or w in lang.said_forms for w in ws):
        return False  # "X quoted by the paper said the ties": a clause, not a speaker
    if any(w in lang.act and w.endswith("s") and w not in lang.agents for w in ws[1:]):
        return False  # "Israeli prime minister denies [UAE president warned ...]"
    if lang.lang == "en" and _thing_headed(phrase, ws, lang):
        return False  # "The situation concerning Chinese nationals [suggests]": no one speaks
    # ("half-sister", "co-founder": the head of a compound is its last part)
    if any(w in lang.agents or w.rsplit("-", 1)[-1] in lang.agents for w in ws[-3:]):
        return True
    head = next((k for k, w in enumerate(ws[:5]) if w in _HEAD_PREPOSITIONS and k), 0)
    if head and any(w in lang.agents for w in ws[:head]):
        return True  # "a senior official at the ministry of foreign affairs"
    if lang.lang != "en" and any(lang.is_agent(w) for w in ws[:3]):
        # "le ministère ... des Affaires étrangères", "командир легіону": the head comes first
        return True
    words = _WORD.findall(phrase)
    if words and (words[-1][:1].isupper() or PARTICLE_NAME.match(words[-1])):
        return True  # a name ends it: "Kyiv Post", "Ali al-Saadi"
    return bool(known & set(ws))


# what follows an English noun phrase's head and names what the phrase is about
_POSTMODIFIERS = frozenset("of concerning regarding about surrounding behind over on".split())


# heads that count what follows: "dozens of recruits", "one of the men" speak for them
_QUANTITIES = frozenset(
    "some many most several few all none both each either neither any dozens hundreds "
    "thousands millions scores number numbers majority minority half third quarter rest".split()
)


# "the owner of", "the founder of", "the widow of": nouns of people by their shape
_PERSON_SHAPED = re.compile(r"(?:[^m]er|or|ist|ant|[^m]ent|ian|ow|ee)s?$")


def _thing_headed(phrase: str, ws: list[str], lang: Reporting) -> bool:
    """Whether the phrase's head, the noun before its first 'of'/'concerning', is a thing, not
    a speaker, and the speaker-like words only stand in what it is about ('the situation
    concerning Chinese nationals', 'reports of tactics employed by Russia')."""
    at = next((k for k, w in enumerate(ws) if k and w in _POSTMODIFIERS), 0)
    if not at:
        return False
    head = ws[at - 1]
    originals = _WORD.findall(phrase)
    if (
        head in _QUANTITIES
        or head in DETERMINERS
        or _participle(head, lang)
        or head.isdigit()
        or lang.is_agent(head)
        or head in lang.utterances
        or head in lang.kin
        or (head.endswith("s") and (lang.is_agent(head[:-1]) or head[:-1] in lang.kin))
        or _PERSON_SHAPED.search(head)
        or any(w[:1].isupper() for w in originals[1:at])
        or any(lang.is_agent(w) for w in ws[: at - 1])
    ):
        return False  # "members of", "the head of", "Ministry of", "a spokesman for"
    return head.isalpha() and len(head) > 2


def _capitalised_in(word: str, phrase: str) -> bool:
    """Whether the phrase writes this (lower-cased) word with a capital: a name."""
    at = phrase.lower().find(word)
    return at >= 0 and phrase[at : at + 1].isupper()


def _participle(word: str, lang: Reporting) -> bool:
    """'held', 'described', 'serving': a participle, which 'as' follows as a preposition."""
    return word.endswith(("ed", "ing")) or word in lang.participles


def without_asides(text: str, lang: Reporting) -> str:
    text = lang.strip_asides(text)
    if ", " in text:  # "a father in Zarqa, speaking to the radio,": the father
        text = _SPEAKING_ASIDE.sub("", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ,;")


def _drop_listener(rest: str, lang: Reporting) -> str:
    """'told Australian officials Mr X was ...' -> 'Mr X was ...': a tell verb's object."""
    ws = rest.split()
    for k in range(1, min(6, len(ws) - 3)):
        # "told the Atlantic Bulletin they had ...": a named listener, then the clause's subject
        if ws[k - 1].strip(",")[:1].isupper() and ws[k].lower() in _CLAUSE_SUBJECTS:
            return " ".join(ws[k:])
    if (
        len(ws) > 3
        and ws[1].lower() in _CLAUSE_SUBJECTS - {"it"}
        and ws[2].lower() in lang.finite
        and ws[0].isalpha()
        and ws[0].lower() not in lang.pronoun_kind
    ):
        return " ".join(ws[1:])  # "told interrogators he had ...": one plain noun, the listener
    for k in range(1, min(5, len(ws) - 3)):
        prev, nxt = ws[k - 1].strip(","), ws[k]
        if (prev[:1].isupper() or prev.lower() in lang.agents) and (
            nxt[:1].isupper() or nxt.lower() in lang.pronoun_kind or nxt.lower() == "the"
        ):
            return " ".join(ws[k:])
    return rest


def complement(rest: str, lang: Reporting, *, tell: bool = False) -> str:
    """What follows a speech verb, without its listener, asides and 'that'."""
    rest = rest.strip()
    if tell and not lang.listeners_re.match(rest):
        rest = _drop_listener(rest, lang)
    heard = False  # a verb has one listener: in "tells us her son ..." "her" is the clause's
    for _ in range(3):
        before = rest
        if tell and not heard:  # "told reporters", "assured them": only verbs with a listener
            rest = lang.listeners_re.sub("", rest).strip(" ,")
            heard = rest != before
        aside = lang.asides_re.match(rest)
        if aside:
            rest = rest[aside.end() :].strip(" ,")
        place = _WHERE_SAID.match(rest) if lang.lang == "en" else None
        if place and len(rest.split()) > len(place.group(0).split()) + 3:
            rest = rest[place.end() :]  # "told reporters in Sydney [on Monday] the news was"
        rest = _THAT.sub("", rest)
        if rest == before:
            break
    return rest.strip(" ,:")


def is_clause(text: str, lang: Reporting) -> bool:
    """A stretch a reader can take alone: four words or more, with no opening subordinator,
    infinitive or preposition (a finite verb is nearly always there in news prose)."""
    ws = words_of(text)
    if len(ws) == 3 and ws[0] in _CLAUSE_SUBJECTS and ws[1] in lang.finite:
        return True  # "[his lawyer said] he would appeal": the pronoun's referent fills it out
    if len(ws) == 3 and lang.lang == "en" and named_clause(text, ws, lang):
        return True  # "Anderson pleaded guilty[, according to Tass]": a name and its verb
    return len(ws) >= 4 and ws[0] not in lang.subordinators


def named_clause(text: str, ws: list[str], lang: Reporting) -> bool:
    """'Anderson pleaded guilty': a capitalised name, then a verb in the past or a finite
    auxiliary ('Restrepo was freed')."""
    first = text.lstrip(" '\"“‘")[:1]
    return (
        first.isupper()
        and ws[0] not in DETERMINERS
        and ws[0] not in lang.pronoun_kind
        and (ws[1] in lang.finite or ws[1].endswith("ed") or ws[1] in lang.irregular)
    )


def has_predicate(text: str, lang: Reporting, *, whole: bool = False) -> bool:
    """Whether a complement is a clause with a verb of its own ('Chinese law prohibits its
    citizens ...'), not a noun phrase ('an intriguing method employed by recruiters')."""
    ws = words_of(text)
    if lang.verb_endings and any(lang.verb_shaped(w) for w in ws[1:]):
        return True  # "загинули", "murieron": the language's own verb endings (not English)
    head = text.split(", ")[0]
    if not whole and len(words_of(head)) >= 3:
        # a clause's own verb comes before its first comma: "[added] the rule to its
        # policies, in an update to its list of prohibited content" has none
        ws = words_of(head)
    if len(ws) >= 3 and ws[0] in _CLAUSE_SUBJECTS and ws[1] not in NOUN_BEFORE:
        return True  # "they need help", "we want them home": a pronoun and its verb
    for k, w in enumerate(ws):
        nxt = ws[k + 1] if k + 1 < len(ws) else ""
        if k and w in lang.clause_openers and w != "as":
            return False  # "[warned] its citizens against offers after four returned": the
            # verb after "after" is the subordinate clause's, the complement has none
        if w in lang.finite or (k and (w in lang.speech or w in lang.act)):
            return True
        if k and w.endswith("ed") and len(w) > 3 and nxt not in _PARTICIPLE_NEXT:
            return True
        if k and w.endswith("s") and len(w) > 3 and nxt in _OBJECT_OPENERS:
            return True  # "prohibits its", "shows that", "says the"
        if (
            whole
            and k >= 2
            and w.endswith("s")
            and not w.endswith("ss")
            and len(w) > 3
            and ws[k - 1] not in NOUN_MAKERS
            and nxt not in PREPOSITIONS
        ):
            return True  # after an explicit "that": "Chinese law forbids citizens ..."
    return False


def lead_subject(lead: str, lang: Reporting, known: frozenset[str]) -> str:
    """The grammatical subject before a verb: intro phrases and auxiliaries dropped.

    A subject found only inside a subordinate clause ("after Minister X") comes back marked
    with a leading "@", for the caller to accept only before an explicit "that"."""
    lead = lead.rstrip(" ,")
    # each pattern only where its mark is: most leads have none of them
    if ", " in lead:
        lead = _SPEAKING_ASIDE.sub("", lead)
    if " who " in lead:
        lead = _GIVES_NAME.sub("", lead)  # "a man who gives his name as X": X
    lead = _AUX_TAIL.sub("", lead)
    if lead.endswith("ly") and not lang.is_agent(lead.split()[-1].lower()):
        lead = _ADVERB_TAIL.sub("", lead)  # ("the daily [said]": a newspaper, no adverb)
    lead = lead.strip()
    candidates = [lead]
    parts = [p.strip() for p in lead.split(", ")]
    if len(parts) > 1:
        # "In a statement issued hours after ..., the embassy": the last part is the subject;
        # after an opening phrase the shortest such tail is tried first
        tails = [
            ", ".join(parts[k:]) for k in range(1, len(parts)) if INTRO.match(parts[0]) or k > 1
        ]
        candidates += sorted(tails, key=len) if INTRO.match(parts[0]) else tails
        if re.match(r"(?:the|a|an)\s", parts[1]) and re.search(
            r"\b(?:who|whose|which)\b", ", ".join(parts[1:])
        ):
            # "Relatives of X, the man whose death was confirmed ...": the head, before what
            # the appositive says of X
            candidates.append(parts[0])
        # "X did this, and the president [declared]": the last clause's own subject first
        last = _CONJUNCTION.match(parts[-1])
        if last:
            candidates.insert(0, parts[-1][last.end() :])
    # "In its brief statement the department": an opening phrase with no comma
    ws = lead.split()
    if INTRO.match(lead) and "," not in lead:
        candidates += [
            " ".join(ws[k:]) for k in range(1, len(ws)) if ws[k].lower() in ("the", "a", "an")
        ]
    # "The statement came a day after Minister X [told parliament that ...]": the speaker is
    # the subject of the clause the verb is in
    opener = max((k for k, w in enumerate(ws) if w.lower() in lang.clause_openers), default=-1)
    if 0 <= opener < len(ws) - 1:
        candidates.append("@" + " ".join(ws[opener + 1 :]))
    for candidate in candidates:
        marked = candidate.startswith("@")
        candidate = candidate.lstrip("@")
        if candidate[:1].islower() and (
            words_of(candidate)[0] in lang.speech or words_of(candidate)[0] in lang.act
        ):
            continue  # "say agents": a verb does not open a speaker ("State Department" may)
        if INTRO.match(candidate) and candidate != lead.strip():
            continue
        if INTRO.match(candidate) and len(candidates) > 1:
            continue  # "In its statement the department": the subject comes later
        cleaned = without_asides(candidate, lang)
        cleaned = _AUX_TAIL.sub("", cleaned)
        if " by " in cleaned:
            cleaned = _QUOTED_BY.sub("", cleaned)
        cleaned = cleaned.strip(" ,")
        if cleaned[-1:].isdigit():
            cleaned = AGE_AFTER.sub("", cleaned)  # "The older man, 26, [said]"
        if cleaned and speaker_like(cleaned, lang, known=known):
            return "@" + cleaned if marked else cleaned
    return ""
