"""Referents, for the claims stage: who a claim opening with a pronoun or a bare noun is about
("He said ..." -> the person the item named, "The men were told ..." -> "The 17 South African
men were told ...", "Nine were released" -> "Nine of the 14 Kenyan men were released"), and
the item's own people a speaker's "its" stands for. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from bot.attribution import (
    double_quoted,
    find_attribution,
)
from bot.claimants import Claimants
from bot.clauses import (
    words_of,
)
from bot.context import Context
from bot.figures import number_value
from bot.names import HONORIFICS
from bot.reporting import Reporting, reporting
from bot.text import split_sentences
from bot.world import load_world

COUNT_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|dozens|hundreds|thousands"
)


EXPLETIVE = re.compile(
    r"\s+(?:is|was|has been|had been|remains|remained|seemed|seems)\s+"
    r"(?:not\s+)?(?:yet\s+|still\s+)?"
    r"(?:clear|unclear|known|unknown|possible|likely|unlikely|expected|understood|believed|thought|"
    r"feared|confirmed|estimated|reported)\s+(?:that|how|whether|when|why|who|what|if|where)\b",
    re.IGNORECASE,
)


# a sentence adverb before the subject: "Then he ...", "Later, they ..."
_CONNECTIVE = re.compile(
    r"^(?:then|later|afterwards|eventually|finally|soon|now|since then|meanwhile|instead|"
    r"nevertheless|nonetheless|by then|at first|initially),?"
    r"\s+(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)


_LEADING = re.compile(r"^(?P<word>[A-Za-z]+)\b(?P<rest>.*)$", re.DOTALL)


_ARTICLES = frozenset(("the", "a", "an", "one", "another"))


@cache
def claimants_for(lang: str) -> Claimants:
    return Claimants(load_world(), reporting(lang))


@cache
def conduit_names() -> frozenset[str]:
    """Names of the news agencies and state media the world data knows: channels, not sources."""
    return frozenset(
        form.lower().replace(".", "")
        for body in load_world().named
        if body.kind in ("news agency", "state media", "media")
        for form in (body.name, *body.forms)
    )


def short_name(claimant: str) -> str:
    """'Nasser Kanaani (Iranian Foreign Ministry)' -> 'Kanaani'; a description or a body
    keeps its words ('The Cuban')."""
    name = claimant.split(" (")[0]
    words = name.split()
    if not words:
        return claimant
    looks_named = all(w[:1].isupper() for w in words) and words[0].lower() not in _ARTICLES
    return words[-1] if "(" in claimant or (looks_named and len(words) in (2, 3)) else name


_POSTMODIFIERS = frozenset("of in from who whose with at for on near".split())


def _head(description: str) -> str:
    """'The mother of the volunteer killed in Ukraine' -> 'The mother': the words a
    possessive can follow ('The mother's son', not '... killed in Ukraine's son')."""
    words = description.split()
    for k, word in enumerate(words[1:], start=1):
        if word in _POSTMODIFIERS:
            return " ".join(words[:k])
    return description


# "a Ghanaian citizen", "a 25-year-old Taiwanese man": one person, described, not named
_DESCRIBED_PERSON = re.compile(
    r"\b(?:[Aa]|[Aa]n)\s+(?:\d+-year-old\s+|former\s+|young\s+)*"
    r"(?P<who>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?P<noun>[a-z]+)\b"
)


def described_person(context: Context, lang: Reporting) -> str:
    """The last person the item described by nationality before this sentence, as 'The
    Ghanaian citizen'; '' when there is none."""
    claimants = claimants_for(lang.lang)
    found = ""
    for match in _DESCRIBED_PERSON.finditer(context.text_before()):
        if match.group("noun") in lang.private_persons and claimants.country_of(match.group("who")):
            found = f"The {match.group('who')} {match.group('noun')}"
    if not found:
        # "The Japanese volunteer killed in ... was ... He died ...": the item's first subject
        for sentence in split_sentences(context.text_before())[:2]:
            subject = claimants.singular_subject(sentence)
            if subject:
                return subject[:1].upper() + subject[1:]
    return found


def closing_speaker(following: Sequence[str], lang: Reporting, context: Context) -> str:
    """Who speaks in the sentence that closes a quotation, if one of the next does."""
    for sentence in following:
        sentence = double_quoted(sentence)
        if _OPENING.match(sentence):
            return ""  # another quotation opens first
        if not _CLOSING.search(sentence):
            continue
        found = find_attribution(
            sentence, lang, known=context.known_words(), conduits=conduit_names()
        )
        return found.speaker if found.kind == "quote" else ""
    return ""


_OPENING = re.compile(r"^[\"“‘']")


_CLOSING = re.compile(r"[,.!?][\"”’']\s+\S")


def is_plural_body(speaker: str, lang: Reporting) -> bool:
    """A speaker the language makes plural ("police said they")."""
    return not lang.plural_bodies.isdisjoint(speaker.lower().split())


_KIN_OF = re.compile(r"\b(?:his|her)\s+(\w+)")


def _kin_of(speaker: str, context: Context, lang: Reporting) -> str:
    """The relative a quoting speaker talks about: 'X, 49, whose son ...' in the sentence, else
    the last 'his son' / 'her brother' before it."""
    whose = re.search(rf"{re.escape(speaker)}(?:,\s*\d+)?,?\s+whose\s+(\w+)", context.sentence)
    if whose and whose.group(1).lower() in lang.kin:
        return whose.group(1).lower()
    text = context.text_before()[-300:]
    # ("..., his sister says, ...": that relative is the speaker, not whom she talks about)
    before = [
        m.group(1).lower()
        for m in _KIN_OF.finditer(text)
        if (words_of(text[m.end() : m.end() + 20])[:1] or [""])[0] not in lang.speech
    ]
    return next((k for k in reversed(before) if k in lang.kin), "")


_ITS_PEOPLE = re.compile(
    r"\bits (citizens|nationals|people|soldiers|troops|men|recruits|forces|army|military)\b"
)


def its_people(claim: str, claimant: str, claimants: Claimants) -> str:
    """'Six of its citizens have died', said by a country's government or ministry: that
    country's citizens."""
    countries = claimants.countries_in(claimant)
    found = _ITS_PEOPLE.search(claim)
    if len(countries) != 1 or not found or claimants.countries_in(claim[: found.start()]):
        return claim  # ("Ghana warned its citizens": its own subject says whose)
    return _ITS_PEOPLE.sub(lambda m: f"{countries[0].name}'s {m.group(1)}", claim, count=1)


def _is(person: str, speaker: str) -> bool:
    """The same person, written in full or by the name the text uses; two given names before
    one family name are two people ('Tevita Ravulo' and his sister 'Losana Ravulo')."""
    if not speaker or person == speaker:
        return bool(speaker)
    if short_name(person) != short_name(speaker):
        return False
    given = [name.split(" (")[0].split() for name in (person, speaker)]
    return not (
        all(2 <= len(g) <= 3 and g[0][:1].isupper() and g[0][1:].islower() for g in given)
        and given[0][0] != given[1][0]
        and not {given[0][0].lower(), given[1][0].lower()} & _BEFORE_GIVEN_NAMES
    )


# words before a given name that are no given name ("Dr Ali X" and "Mr Omar X" may be one man)
_BEFORE_GIVEN_NAMES = HONORIFICS | frozenset("president minister general colonel".split())


# "his client", "their clients": whom a lawyer speaks for ("a lawyer for X", "X's lawyers")
_CLIENTS = re.compile(r"^(?:his|her|their|my|our)\s+clients?\b", re.IGNORECASE)


_REPRESENTED = re.compile(
    r"\b(?:lawyers?|attorneys?|counsel)\s+for\s+(?P<for>[^,;()]+?)(?=\s*(?:[,;()]|$))"
    r"|(?P<of>\b(?:the\s+)?[\w-]+(?:\s+[\w.-]+){0,3}?)['’]s?\s+(?:lawyers?|attorneys?)\b",
    re.IGNORECASE,
)


_PART_OF_THEM = re.compile(
    rf"^(?:Of|Among)\s+(?:them|these|those),\s+(?P<count>\d[\d,]*|(?i:{COUNT_WORDS}))\s+"
)


_THE_PEOPLE = re.compile(r"^The (?P<noun>[a-z]{3,})(?P<rest>,?\s.+)$", re.DOTALL)


def _counted(text: str, context: Context, lang: Reporting) -> str:
    """'The men were told ...' after 'Seventeen South African men ...': 'The 17 South African
    men were told ...', a claim a reader can take alone, with the count it stands on."""
    found = _THE_PEOPLE.match(text)
    noun = found.group("noun") if found else ""
    if not noun.endswith(("s", "men")) or not (
        noun in ("men", "women", "people") or noun.removesuffix("s") in lang.private_persons
    ):
        return text
    group = claimants_for(lang.lang).counted_group(context)
    if not group or (group.split()[-1] != noun and noun not in ("men", "people")):
        return text
    return group + found.group("rest") if found else text


# "At least 17 have died", "Nine were released": a count whose people the text named before
_BARE_COUNT = re.compile(
    rf"^(?P<about>(?i:at least|more than|about|around|nearly|almost|over|only)\s+)?"
    rf"(?P<count>\d[\d,]*|(?i:{COUNT_WORDS}|one|eleven|twelve))\s+"
    r"(?P<rest>(?:have|had|has|were|are|was|is|died|remain|remained|returned|are\s+still)\b.*)$",
    re.DOTALL,
)


# a nationality's people: "Sri Lankan ex-servicemen", "Kenyan men"
_NATIONALS = re.compile(r"\b(?P<who>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?P<noun>[a-z-]{3,})\b")


def _counted_whom(text: str, context: Context, lang: Reporting) -> str:
    """'Nine were released' after 'Police detained 14 Kenyan men': 'Nine of the 14 Kenyan men
    were released'; 'At least 17 have died' said by 'families of Sri Lankan ex-servicemen':
    'At least 17 Sri Lankan ex-servicemen have died'. Unchanged when no people fit."""
    found = _BARE_COUNT.match(text)
    if found is None:
        return text
    about, count, rest = found.group("about") or "", found.group("count"), found.group("rest")
    claimants = claimants_for(lang.lang)
    group = claimants.counted_group(context)
    whole = number_value(group.split()[1]) if group else None
    part = number_value(count)
    if group and not about and whole is not None and part is not None and part < whole:
        return f"{count[0].upper()}{count[1:]} of {group[0].lower()}{group[1:]} {rest}"
    people = ""
    at = context.sentence.lower().find(text[:20].lower())
    before = context.text_before() + (context.sentence[:at] if at >= 0 else context.sentence)
    for named in _NATIONALS.finditer(before):
        noun = named.group("noun")
        country = claimants.country_of(named.group("who"))
        if country is None or country.code in context.setting:
            continue
        single = noun.removesuffix("s").removesuffix("-")
        if (
            noun in ("men", "women", "people")
            or (
                noun.endswith("s")
                and (single in lang.private_persons or noun in lang.private_persons)
            )
            or noun.endswith("servicemen")
        ):
            people = f"{named.group('who')} {noun}"
    if not people:
        return text
    said = f"{about}{count} {people} {rest}"
    return said[0].upper() + said[1:]


# "<X>'s mother" speaking of "her son" speaks of X (and a sister of "her brother")
_INVERSE_KIN = re.compile(
    r"^(?P<name>[^|]+?)['’]s\s+(?:(?:mother|father|parents)\|(?P<their>son|daughter|child)"
    r"|(?:sister|brother)\|(?P<sibling>brother|sister))\b"
)


def resolve_opening(
    text: str,
    claimant: str,
    context: Context,
    lang: Reporting,
    *,
    speaks: bool,
    short: str = "",
    age: str = "",
    quoted: bool = False,
) -> tuple[str, str]:
    """A claim that opens with a pronoun gets its referent; '' when there is none.

    speaks: the pronoun is the sentence's own speaker ("He told reporters ..."); else it is
    the person the item is telling about, the first one its previous sentence named."""
    text = text.lstrip(" '\"“‘")  # ("'He said he would ...": a quotation's first sentence)
    joined = _CONNECTIVE.match(text)
    if (
        joined
        and lang.lang == "en"
        and words_of(joined.group("rest"))[:1]
        and (words_of(joined.group("rest"))[0] in lang.pronoun_kind)
    ):
        text = joined.group("rest")  # "Then he sent a photo": the pronoun opens it
    clients = _CLIENTS.match(text)
    represented = (_REPRESENTED.search(claimant) or _REPRESENTED.search(short)) if clients else None
    if clients and represented:
        # "a lawyer for X said his client had ...": X had ...
        who = (represented.group("for") or represented.group("of")).strip(" .")
        if who.lower().startswith("the "):
            who = "the " + who[4:]
        return f"{who[:1].upper()}{who[1:]}{text[clients.end() :]}", ""
    if text.startswith("The ") and lang.lang == "en":
        text = _counted(text, context, lang)
    part_of = _PART_OF_THEM.match(text) if lang.lang == "en" else None
    group = claimants_for(lang.lang).counted_group(context) if part_of else ""
    if part_of and group:
        # "Of them, 12 had died": 12 of the 40 Nepali men the item counted had died
        count, rest = part_of.group("count"), text[part_of.end() :]
        text = f"{count} of {group[0].lower()}{group[1:]} {rest}"
    if lang.lang == "en":
        text = _counted_whom(text, context, lang)
    match = _LEADING.match(text)
    if not match:
        return text, ""
    word, rest = match.group("word").lower(), match.group("rest")
    if word == "it" and EXPLETIVE.match(rest):
        return text, ""  # "it was not yet clear how many ...": no one is "it"
    kind = lang.pronoun_kind.get(word) or lang.possessive_kind.get(word)
    if word in ("this", "these", "those"):
        following = words_of(rest)[:1]
        if not following or following[0] in lang.finite or following[0] in lang.verbs:
            return "", ""  # "This is ...": refers to a whole earlier sentence
        return text, ""  # "Those detained include ...", "These men were ...": a noun phrase
    if not kind:
        return text, ""
    if (
        word in lang.possessive_kind
        and speaks
        and claimant
        and short
        and text.lower().startswith(short.lower())
        and short.split()[0].lower() == word
    ):
        # "Her half-sister has accused her ...": the speaker phrase is the claimant's, whole
        return claimant + text[len(short) :], ""
    if kind == "person":
        people = [s for s, k in context.speakers if k == "person"]
        heard: list[str] = []  # speakers the pronoun is not (see below)
        speaker = claimant if quoted else ""
        if speaks and claimant:
            who = claimant
            if short[:1].isupper() and " " not in short and short.lower() not in lang.pronoun_kind:
                # "Wang said he ...": the name the text uses (with the age it gives him)
                return short + (f", {age}," if age else "") + rest, who
        else:
            # in a quotation its speaker is "I": "'He begged us ...,' his sister said" is
            # about someone else, whom the item named before
            other = [p for p in (*context.subjects[-1:], *people[-1:]) if not _is(p, speaker)]
            if not quoted and claimant:
                # "Officials said he had been promised work": not the spokesman the sentence
                # before quoted, but the person the item is about
                heard = people
                about = [p for p in other if not any(_is(p, s) for s in heard)]
                other = about or ([] if described_person(context, lang) else other)
            who = other[0] if other else ""
            kin = (
                _kin_of(short, context, lang) if quoted and not other and short and claimant else ""
            )
            if kin:  # "X, whose brother ...", "X has not heard from her son": the relative
                who = f"{short_name(claimant)}'s {kin}"
        if (
            not who
            and context.people
            and not _is(context.people[-1][0], speaker)
            and not (heard and any(_is(context.people[-1][0], s) for s in heard))
        ):
            who = context.people[-1][0]
        if not who:  # "a Ghanaian citizen ... He had spent": the person the item described
            who = described_person(context, lang)
        referent = short_name(who) if who else ""
        if referent and any(
            short_name(p) == referent and not _is(p, who)
            for p in (*(n for n, _ in context.people), *people)
        ):
            referent = who.split(" (")[0]  # two Ravulos in the item: which one, in full
    elif kind == "group" and speaks and claimant and is_plural_body(f"{claimant} {short}", lang):
        referent = claimant  # "Police in Kathmandu said they had ...": the police
    elif kind == "group":
        referent = context.group or next(
            (s for s, k in reversed(context.speakers) if k == "group"), ""
        )
    else:
        referent = next((s for s, k in reversed(context.speakers) if k == "body"), "")
    if not referent:
        return "", ""
    named = who if kind == "person" else ""
    inverse = (
        _INVERSE_KIN.match(f"{referent}|{rest.strip()}") if word in lang.possessive_kind else None
    )
    if inverse:
        # "Her son was pressured ...", said by the mother of Jasur Tursunov: Jasur Tursunov
        kin = inverse.group("their") or inverse.group("sibling")
        return inverse.group("name") + rest.strip()[len(kin) :], named
    if word in lang.possessive_kind:
        referent = _head(referent)
        governments = re.match(r"^(?P<of>.+)\s+governments$", referent)
        if governments:  # "their citizens", of the Nepali and Indian governments
            return governments.group("of") + rest, named
        government = re.match(r"^(?P<of>.+)\s+government$", referent, re.IGNORECASE)
        country = (
            claimants_for(lang.lang).country_of(government.group("of")) if government else None
        )
        if country is None and _ITS_PEOPLE.match(f"its{rest}"):
            # "its forces", of the Russian defence ministry: Russia's forces
            countries = claimants_for(lang.lang).countries_in(referent)
            country = countries[0] if len(countries) == 1 else None
        if country is not None:
            referent = country.name  # "its embassy", of the Lao government: Laos's embassy
        referent = f"{referent}'s" if not referent.endswith("s") else f"{referent}'"
    elif age and speaks and kind == "person":
        referent = f"{referent}, {age},"  # "The older man, 26, said he ...": his age stays
    return referent[0].upper() + referent[1:] + rest, named
