"""Claims stage: an item's text -> its claims (assertion, claimant, figures). Pure.

Each sentence that reports something becomes at most one claim. Its claimant is whoever
the sentence says is speaking (bot/attribution.py), made into a name a reader knows
(bot/claimants.py), carried over to "he", "the ministry", "they" in later sentences; the
outlet is the claimant only when no one else is speaking. Page clutter (calls to action,
bylines, legal lines, lines a feed repeats on every item) never becomes a claim, and a
claim is a sentence a reader can take alone: a leading pronoun is resolved or the claim
is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from bot.attribution import (
    Attribution,
    double_quoted,
    find_attribution,
    is_conduit,
    name_ends,
    opens_quotation,
)
from bot.claimants import Claimants
from bot.clauses import (
    NAMES_ONESELF,
    has_predicate,
    is_clause,
    named_clause,
    speaker_like,
    words_of,
)
from bot.context import Context
from bot.figures import COUNT_WORD, extract_figures
from bot.headlines import COVERED, SAME, coverage, read_headline
from bot.models import TITLE_POSITION, Claim, Item
from bot.referents import (
    COUNT_WORDS,
    EXPLETIVE,
    claimants_for,
    closing_speaker,
    conduit_names,
    described_person,
    is_plural_body,
    its_people,
    resolve_opening,
    short_name,
)
from bot.reporting import Reporting, reporting
from bot.text import split_sentences

MAX_CLAIMS = 4  # per item: a briefing quotes the lede and its attributed claims, not a page


# claims kept past that share, for a story to show only where another item carries them too
SPARE_CLAIMS = 8


# "…the app.He shared…": a full stop with no space still ends a sentence
# (Cyrillic and accented capitals too: "...фронті.Він заявив")
_RUN_ON = re.compile(r"(?<=[a-zа-яіїєґ]{2}[.!?])(?=[A-ZÀ-ÖØ-ÞЀ-ЯҐ][a-zß-öø-ÿа-яіїєґ])")


# "Kyiv, Apr 9 (EFE) – ", "LUSAKA — ": where and when a report was filed, not what it says
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){0,2},?\s+\w{3,9}\.?\s+\d{1,2}\s*"
    r"(?:\([^)]{1,30}\))?|[A-Z][A-Z .'’-]{2,30}(?:\s*\([^)]{1,30}\))?)\s*[–—-]+\s+"
)


# a live blog's entry opens with its time and a mark, a list's line with a bullet:
# "14:05 — Update: ...", "• Relatives say ...": how the page lays it out, not what it says
_STAMP = re.compile(
    r"^\s*(?:[•·▪●◦‣*]\s*|\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|UTC|CET|CEST|BST|EET|EEST|"
    r"MSK|local time))?\s*[—–-]+\s*|(?:Update|Updated|Breaking|Correction|Live)\s*:\s*)+",
    re.IGNORECASE,
)


# "Here's what we know about X: ...": a live blog's summary entry, about X (read before the stamps)
_WHAT_WE_KNOW = re.compile(
    r"^(?:\S+\s+[—–-]\s+)?here(?:'|’)?s what we know(?: so far)?"
    r"(?:\s+about\s+(?P<about>[^:]{2,60}))?:\s*",
    re.IGNORECASE,
)


_OPENING_PRONOUN = re.compile(r"(?:he|she|they|it)(?=\s)", re.IGNORECASE)


_TIMED = re.compile(r"\d{1,2}[:.]\d{2}\b[^—–-]{0,12}[—–-]")  # "14:05 —", "9.30 GMT -"


# a dateline in capitals of any Latin script: "CHIȘINĂU — ", "YAOUNDÉ, March 3 — "
_CAPITALS_DATELINE = re.compile(
    r"^\s*(?P<place>[^\W\d_]{3,}(?:[ .'’-]+[^\W\d_]+){0,2})(?:,[^—–\n]{1,30})?\s*[—–]+\s+"
)


_MARKS = frozenset("0123456789•·▪●◦‣*UuBbCcLl ")  # what a stamp can open with (cheap test)


_BYLINE = re.compile(r"^(?:by|from)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){0,3}(?:\s+and\s+.+)?$")


_DIGIT = re.compile(r"\d")


_TICKER = re.compile(r"(?<!\S)[(]?[+\-−]?\d+(?:[.,]\d+)*%?[),]?(?!\S)")


_SMALL_COUNT = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+)"


_GROUP = re.compile(
    rf"\b(?i:the)\s+{_SMALL_COUNT}\s+(?:[\w-]+\s+){{0,3}}?(?:[a-z]+s|men|women|people)\b"
)


_OF_GROUP = re.compile(  # "the bodies of three Georgian volunteers"
    rf"\b(?:of|for)\s+(?P<group>{_SMALL_COUNT}\s+(?:[A-Z][\w-]+\s+)?(?:[a-z]+s|men|women|people))\b"
)


# "he had never fired a gun and had paid a broker": two claims, each with its subject
_AND_AUX = re.compile(
    r",?\s+and\s+(?=(?:(?:he|she|they|it)\s+)?(?:had|has|have|was|were|is|are|would|could|"
    r"will)\b)",
    re.IGNORECASE,
)


_SUBJECT_AUX = re.compile(
    r"^(\w+(?:\s+\w+)?)\s+(?:had|has|have|was|were|is|are|did|would|could|will)\b"
)


# "Brazil urged its citizens ... after three volunteers were killed": the reaction, then the
# counted event it followed (with how long before: "three weeks after", "days after", "shortly
# after")
_AFTER_EVENT = re.compile(
    r",?\s+(?:(?:only|just|shortly|soon|barely|some|about)\s+)?"
    r"(?:(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d+)\s+)?"
    r"(?:hours?|days?|weeks?|months?|years?)\s+)?after\s+(?P<event>.+?)[.!]?$",
    re.IGNORECASE,
)


_ITS = re.compile(r"\b(?:its|their)\b")


_OWNER = re.compile(r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2}(?=\s+[a-z])")  # "South Africa"


def _after_event(sentence: str, lang: Reporting) -> list[str]:
    """'X warned citizens ... after four workers returned home' -> the reaction and the
    event, two sentences: the event it followed is a claim of its own when it counts people
    or things (the item's news), stated by the outlet or by whoever it names. Only where the
    sentence itself reports no one's words ('X said A after B' is X's, whole)."""
    found = _AFTER_EVENT.search(sentence)
    if found is None or lang.lang != "en":
        return [sentence]
    event, main = found.group("event").strip(), sentence[: found.start()].rstrip(" ,")
    first = words_of(event)[:1]
    if (
        not first
        or first[0].endswith("ing")
        or first[0] in lang.pronoun_kind
        or (not _DIGIT.search(event) and not extract_figures(event))
        or not is_clause(main, lang)
        or not has_predicate(event, lang, whole=True)
        or find_attribution(sentence, lang).kind not in ("act", "none")
    ):
        return [sentence]
    at = _ITS.search(event)
    # "Jordan protested after seven of its citizens were killed": the main subject's (but
    # "after South Africa said 17 of its men ...": the event's own subject's)
    if at and not _OWNER.match(event[: at.start()]):
        owner = _OWNER.match(main)
        if owner is None:
            return [sentence]
        name = re.sub(r"['’]s$", "", owner.group(0))  # "Jacob Zuma's daughter ..."
        event = _ITS.sub(name + "'s", event)
    return [f"{main}.", f"{event[:1].upper()}{event[1:]}."]


def _clauses(text: str) -> list[str]:
    """A reported clause of two coordinated predicates -> two claims with one subject."""
    parts = _AND_AUX.split(text)
    if len(parts) < 2 or any(len(p.split()) < 4 for p in parts):
        return [text]
    if any(p.lower().startswith("it ") and EXPLETIVE.match(p[2:]) for p in parts[1:]):
        return [text]  # "... and it was not yet clear how many": no claim of its own
    subject = _SUBJECT_AUX.match(parts[0])
    if not subject:
        return [text]
    out = [parts[0]]
    for part in parts[1:]:
        part = part.strip()
        first = part.split()[0].lower()
        out.append(part if first in ("he", "she", "they", "it") else f"{subject.group(1)} {part}")
    return out


# "Twelve Malawian men returned ...": a counted group opening a sentence
_COUNTED = re.compile(
    r"(?:(?i:at least|more than|about|around|some|nearly|almost|over)\s+)?"  # (not kept)
    rf"(?P<count>(?:\d+|(?i:{COUNT_WORDS})(?:-[a-z]+)?)\s+(?:[A-Z][a-z]+\s+)?"
    rf"(?:men|women|people|[a-z]{{3,}}s|[A-Z][a-z]{{3,}}(?:ns|is|es|s)))\b"
    r"(?=\s+(?:who|had|have|were|are|was|returned|arrived|died|said)\b)"
)


_COUNT_OPENING = re.compile(rf"(?:\d[\d,]*|(?i:{COUNT_WORDS}))\s+[^\W\d_]{{3,}}\s")


_IDENTIFIED = re.compile(r",?\s+(?:identified|named|known)\s+as\b")


_GROUP_COUNT = re.compile(rf"^the\s+{_SMALL_COUNT}\s+", re.IGNORECASE)


def _member(group: str) -> str:
    """'the two captured soldiers' -> 'captured soldier': what each of the group is."""
    words = _GROUP_COUNT.sub("", group).split()
    last = words[-1]
    if last.endswith("men"):
        words[-1] = last[:-3] + "man"
    elif last == "people":
        words[-1] = "person"
    elif last.endswith("ies"):
        words[-1] = last[:-3] + "y"
    elif last.endswith("s"):
        words[-1] = last[:-1]
    return " ".join(words)


_SENTENCE_ADVERB = re.compile(
    r"^(?:additionally|however|meanwhile|moreover|furthermore|separately|also|but|and|yet|"
    r"still|instead|nevertheless|nonetheless),?\s+",
    re.IGNORECASE,
)


_SPACES = re.compile(r"\s{2,}")


_SEMICOLON = re.compile(r";\s+(?=\S+\s+\S+\s+\S+)")  # "...; the detainees said ...": two claims


_AGED = re.compile(r",\s*(\d{1,3}),")  # "Asante, 31, said": the speaker's age


_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:])")


def is_boilerplate(sentence: str, lang: Reporting) -> bool:
    """Page clutter by its shape: calls to action, bylines, legal lines, tickers, notices."""
    if lang.boiler_starts_re.match(sentence) or lang.is_boilerplate_text(sentence):
        return True
    if _BYLINE.match(sentence.strip()):
        return True
    if not _DIGIT.search(sentence):
        return False
    words = len(sentence.split())
    return words > 0 and len(_TICKER.findall(sentence)) / words > 0.4


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()


_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


_LEADING_NUMBER = re.compile(r"^(\d{1,2})\b(?![.,:]\d)")


def _spelt(number: int) -> str:
    """A number under 100 in words, as a sentence may open with it: 'Seventeen', 'Sixty-nine'."""
    if number < 20:
        return _ONES[number]
    tens, ones = divmod(number, 10)
    return _TENS_WORDS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")


# a count too big to spell that opens a claim, before what it counts (not a year: "2022 was")
_LEADING_COUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d{3}|\d{5,})\s+(?:[a-z]|[A-Z][a-z]+\s+[a-z])")


def _finish(text: str, *, spell: bool = True) -> str:
    text = _SPACE_BEFORE_MARK.sub(r"\1", _SPACES.sub(" ", text))
    text = text.strip(" ,;:–—-\"“”'")
    if not text:
        return ""
    # a sentence never opens with a numeral: "17 of them" -> "Seventeen of them"
    if spell:  # (in English: another language keeps its numeral, not an English word)
        text = _LEADING_NUMBER.sub(lambda m: _spelt(int(m.group(1))), text)
        if _LEADING_COUNT.match(text):  # "1,426 citizens ..." -> "A total of 1,426 citizens"
            text = "A total of " + text
    text = text[0].upper() + text[1:]
    text = text if text[-1] in ".!?" else text + "."
    # a quotation cut at the sentence's end is closed: 'must explain “why ... react.”'
    opened = text.count("“") - text.count("”")
    if opened > 0:
        text += "”" * opened
    elif opened < 0:
        text = text.replace("”", "", -opened)  # ('passports”': a mark whose quote went before)
    if text.count('"') % 2:
        text += '"'
    return text


def is_own_outlet(claimant: str, outlet: str) -> bool:
    """'the Dispatch', 'The Coast Times' in an item of the Himalayan Dispatch / Kerala Coast
    Times: the publication names itself by the end of its name."""
    words = claimant.lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    own = outlet.lower().split()
    return bool(words) and len(words) <= len(own) and own[len(own) - len(words) :] == words


# "Mohammed Asfan, a 30-year-old whose family says he was duped by agents": his family's claim
_WHOSE_SAYS = re.compile(
    r"\bwhose\s+(?P<kin>[a-z]+)\s+(?:says?|said|insists?|insisted|believes?|claims?)\s+"
    r"(?:that\s+)?(?P<who>he|she)\s+(?P<rest>[^;]+?)(?=[,;]\s|[.;!]?$)"
)


_CLAUSE_OPENERS = frozenset(
    "the a an its their about at more some all several many most no one two three four five six "
    "seven eight nine ten dozens hundreds thousands".split()
)


# "..., after the government said one Fijian had been killed": a report the sentence cites as
# what went before, whose speaker and clause the sentence gives ("as X reported that Y" too)
_AFTER_SAYS = re.compile(
    r"(?:,\s*|\s)(?:(?:a|one|two|three|four|five|several|\d+)\s+(?:days?|weeks?|months?)\s+)?"
    r"(?:(?:after|since)\s+(?P<who>[^,;\"“”]{2,80}?)\s+(?:(?:said|told\s+(?:parliament|reporters|"
    r"journalists|lawmakers|the\s+\w+))(?:\s+(?:on|last)\s+\w+)?\s+(?:that\s+)?"
    # (what is announced or confirmed without "that" is a thing: "announced the arrest of")
    r"|(?:announced|confirmed|reported)(?:\s+(?:on|last)\s+\w+)?\s+that\s+)"
    r"|as\s+(?P<as>[^,;\"“”]{2,60}?)\s+(?:said|reported|announced|confirmed)\s+that\s+)"
    r"(?P<what>[^;]+?)(?=;\s|[.;!]?$)"
)


_THE_THING = re.compile(r"^The (?P<noun>[a-z]{3,})\b")


# a phrase of time that opens a sentence as "until" or "so" would open a clause
_TIME_OPENER = re.compile(
    r"^(?:until now|until recently|so far|thus far|to date|as of now|for now),\s+(?=\S+\s+\S)",
    re.IGNORECASE,
)
# "The warning came as ...", "It comes days after ...": a scene set by another report
_SCENE = re.compile(
    r"^(?:the\s+[a-z]+|it|this)\s+(?:came|comes)\s+(?:(?:a|one|two|three|several|\d+)\s+"
    r"(?:days?|weeks?|hours?)\s+)?(?:as|after|amid)\s+(?P<rest>\S.+)$",
    re.IGNORECASE,
)


# ... by an event told in the past ("as lawmakers backed a bill"), not a circumstance ("as
# the two countries prepare to mark ...")
_PAST_EVENT = re.compile(r"^\S+(?:\s+\S+){0,5}?\s+(?:[a-z]+ed|had|was|were|sent|took|began|told)\b")


def _goes_on(sentence: str, found: list[Claim], position: int, lang: Reporting) -> bool:
    """Whether an unattributed sentence goes on with the report of a news outlet that the
    sentence right before cited: it opens with a thing that report described ('The ads')."""
    last = found[-1] if found else None
    thing = _THE_THING.match(sentence) if lang.lang == "en" else None
    return bool(
        thing
        and last is not None
        and last.attributed
        and last.position == position - 1
        and not lang.is_agent(thing.group("noun"))
        and thing.group("noun") not in lang.institutions
        and is_conduit(last.claimant, lang, conduit_names())
    )


def _goes_on_about(sentence: str, found: list[Claim], position: int, lang: Reporting) -> bool:
    """Whether an unattributed sentence goes on with what a speaker said in the sentence right
    before about people it counted: "Police detained four men ..., police said. The men, aged
    23 to 41, face up to seven years in prison." ('The men' are the ones the report counted)."""
    last = found[-1] if found else None
    them = _THE_THING.match(sentence) if lang.lang == "en" else None
    if not (them and last is not None and last.attributed and last.position == position - 1):
        return False
    noun = them.group("noun")
    people = noun in ("men", "women", "people") or (
        noun.endswith("s") and noun.removesuffix("s") in lang.private_persons
    )
    named = any(noun in words_of(claim.text) for claim in found)  # (the report counted them)
    return people and named and not is_conduit(last.claimant, lang, conduit_names())


# "..., making him at least the second Indian known to have died ...": where a death or a
# case ranks, said of the person the sentence names
_MAKING = re.compile(
    r",\s+making\s+(?:him|her)\s+(?P<rank>(?:at\s+least\s+|only\s+)?(?:the|one\s+of\s+the)\s+"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|"
    r"latest|youngest|oldest|only)\b[^;]+?)[.!]?$"
)


def _making(sentence: str, claimants: Claimants) -> str:
    """The rank a sentence's closing 'making him ...' gives the last person it names, as a
    claim of its own ('Asfan is at least the second Indian known to have died ...')."""
    found = _MAKING.search(sentence)
    names = claimants.names_in(sentence[: found.start()]) if found else []
    if not found or not names:
        return ""
    return f"{short_name(names[-1][0])} is {found.group('rank')}."


_THE_COUNTRY = re.compile(r"\bthe country['’]s\b")


def _the_country(claim: str, context: Context, claimants: Claimants) -> str:
    """'About 300 of the country's veterans' in an item about Colombia, naming no other
    country but the war's own: 'About 300 of Colombia's veterans', a claim a reader can take
    alone."""
    country = context.country
    others = [c for c in claimants.countries_in(claim) if c.code != country.code] if country else []
    if country is None or any(c.code not in context.setting for c in others):
        return claim  # ("fighting for Ukraine": the war's own countries are named anyway)
    return _THE_COUNTRY.sub(f"{country.name}'s", claim)


def _in_full(claim: str, context: Context) -> str:
    """The claim with the person it opens with named in full ('Restrepo pleaded guilty' ->
    'Julián Andrés Restrepo pleaded guilty'); '' when it opens with no one named so."""
    first = claim.split(maxsplit=1)
    if len(first) < 2:
        return ""
    for name, _ in reversed(context.people):
        if len(name.split()) >= 2 and name.split()[-1] == first[0] and name != first[0]:
            return f"{name} {first[1]}"
    return ""


def _whose_says(sentence: str, claimants: Claimants, lang: Reporting) -> tuple[str, str] | None:
    """The claim a relative clause's relative makes about the person it describes: (who
    says it, the claim with the person's name for the pronoun)."""
    found = _WHOSE_SAYS.search(sentence) if lang.lang == "en" else None
    if found is None:
        return None
    kin = found.group("kin")
    if kin not in lang.kin and not lang.is_agent(kin):
        return None
    names = claimants.names_in(sentence[: found.start()])
    if not names:
        return None
    name = names[-1][0]
    return f"{name}'s {kin}", f"{short_name(name)} {found.group('rest')}"


def _cited_before(
    sentence: str, claimants: Claimants, context: Context, lang: Reporting
) -> tuple[str, str] | None:
    """What the report a sentence cites as what went before says, and whose it is: (claimant,
    claim) for "..., after Sri Lanka's government said 47 of its citizens were serving"."""
    if lang.lang != "en" or (" after " not in sentence and " as " not in sentence):
        return None
    found = _AFTER_SAYS.search(sentence)
    if found is None:
        return None
    who = found.group("who") or found.group("as")
    if lang.pronoun_kind.get(who.lower()) or words_of(who)[0] in lang.possessive_kind:
        return None  # ("after he told ...": whoever he is, the sentence itself says)
    claimant = claimants.claimant(who, context)
    what = found.group("what").strip(" ,")
    first = words_of(what)[0] if what else ""
    if not claimant or not (what[:1].isupper() or what[:1].isdigit() or first in _CLAUSE_OPENERS):
        return None  # ("said online he had ...": not the clause itself)
    what = what[0].upper() + what[1:]
    if not _standalone(what, lang, quoted=False):
        return None
    if " its " in what:  # "47 of its citizens": the speaking government's
        what = its_people(what, claimant, claimants)
    return claimant, _finish(what, spell=True)


def extract_claims(
    item: Item,
    *,
    max_sentences: int = 60,
    max_claims: int = MAX_CLAIMS,
    repeated: Collection[str] = (),
    setting: Collection[str] = (),
    spare: int = 0,
) -> list[Claim]:
    """The item's claims in reading order; the outlet is the claimant of unattributed ones.

    `repeated` holds sentences the item's feed repeats across its items (page clutter);
    `setting` the codes of the countries the topic's events take place in, which a bare
    "foreign ministry" or "local media" is not taken to belong to."""
    lang = reporting(item.language or "en")
    claimants = claimants_for(lang.lang)
    raw = _RUN_ON.sub(" ", item.text)
    dateline = _DATELINE.match(raw)
    if dateline is None:
        capitals = _CAPITALS_DATELINE.match(raw)
        dateline = capitals if capitals and capitals.group("place").isupper() else None
    filed = (
        re.match(r"\s*([A-Za-z][\w'’.-]*(?:\s[A-Z][\w'’.-]+)?)", dateline.group(0))
        if dateline
        else None
    )
    text = raw[dateline.end() :] if dateline else raw
    backdrop = frozenset(setting)
    context = Context(
        country=claimants.main_country(item.title, text, backdrop),
        setting=backdrop,
        text=text,
        filed_in=claimants.place_of(filed.group(1).title()) if filed else None,
    )
    found: list[Claim] = []
    sentences: list[str] = []
    entries: set[int] = set()  # where a live blog's timed entry opens
    for sentence in split_sentences(text):
        if sentence[:1].isdigit() and _TIMED.match(sentence):
            entries.add(len(sentences))
        known = _WHAT_WE_KNOW.search(sentence[:120]) if "know" in sentence[:120] else None
        if known:
            # "Here's what we know about the Ecuadorian: he is 34": an entry about him
            entries.add(len(sentences))
            entry, about = sentence[known.end() :], known.group("about")
            pronoun_at = _OPENING_PRONOUN.match(entry)
            if about and pronoun_at:
                entry = about[:1].upper() + about[1:] + entry[pronoun_at.end() :]
            sentence = entry
        for part in _SEMICOLON.split(
            _STAMP.sub("", sentence) if sentence[:1] in _MARKS else sentence
        ):
            sentences.extend(_after_event(part, lang) if " after " in part else (part,))
    for position, sentence in enumerate(sentences[:max_sentences]):
        if position in entries and position:
            # a live blog's entries are reports of their own: "he" in one is nobody the
            # entry before named (a body, "the headquarters", goes on being one)
            context.people, context.subjects, context.group = [], [], ""
            context.speakers = [(who, kind) for who, kind in context.speakers if kind == "body"]
        group = _GROUP.search(sentence)
        of_group = None if group else _OF_GROUP.search(sentence)
        if of_group and not claimants.plural_person(of_group.group("group").split()[-1]):
            of_group = None  # "for nine years": no group of people
        if group:
            context.group = group.group(0)
        elif of_group:
            # "The bodies of three Georgian volunteers ... Their deaths": the three volunteers
            context.group = "the " + of_group.group("group")
        else:
            counted = _COUNTED.match(sentence)  # "Twelve Malawian men returned ...": a group
            if counted:
                count = counted.group("count")
                context.group = "the " + count[0].lower() + count[1:]
        people = claimants.names_in(sentence)
        if group and _IDENTIFIED.match(sentence, group.end()):
            # "the two captured soldiers, identified as A and B": each is one of the group
            member = _member(group.group(0))
            people = [(name, role or member) for name, role in people]
        subject = people[0][0] if people else ""
        about = _about_this(sentence, lang) if lang.about_this else ""
        if about:
            # "Про це повідомив Генштаб.": the sentence before was the speaker's, not the outlet's
            claimant = claimants.claimant(about, context)
            last = found[-1] if found else None
            if claimant and last and not last.attributed and last.position == position - 1:
                found[-1] = replace(last, claimant=claimants.latin(claimant), attributed=True)
            continue
        if (
            len(sentence.split()) < 5
            or sentence.rstrip().endswith((":", "?"))
            or sentence in repeated
            or is_boilerplate(sentence, lang)
        ):
            continue
        context.sentence = sentence
        impersonal = lang.impersonal_re.match(sentence)
        opening_it = sentence.startswith("It ") and " that " in sentence
        if not impersonal and lang.lang == "en" and opening_it:
            # "It was reported on Thursday that ...": the time aside inside the opening
            head, rest = sentence.split(" that ", 1)
            plain = f"{lang.strip_asides(head).strip()} that {rest}"
            impersonal = lang.impersonal_re.match(plain)
            sentence = plain if impersonal else sentence
        adverb = _SENTENCE_ADVERB.match(sentence) if not impersonal and lang.lang == "en" else None
        if adverb and lang.impersonal_re.match(sentence[adverb.end() :]):
            # "Additionally, there are allegations that ...": the adverb, then the same
            sentence = sentence[adverb.end() :]
            impersonal = lang.impersonal_re.match(sentence)
        if impersonal:  # "It was reported that ...": the outlet says it
            sentence = sentence[impersonal.end() :]
            sentence = sentence[:1].upper() + sentence[1:]
        opener = _TIME_OPENER.match(sentence) if lang.lang == "en" else None
        if opener:  # "Until now, most recruitment has taken place ...": the claim itself
            sentence = sentence[opener.end() :][:1].upper() + sentence[opener.end() :][1:]
        scene = _SCENE.match(sentence) if lang.lang == "en" else None
        if (
            scene
            and _PAST_EVENT.match(scene.group("rest"))
            and is_clause(scene.group("rest"), lang)
            and lang.says_nothing(sentence)
        ):
            # "The warning came as Russian lawmakers backed a bill ...": what the scene is set
            # by is a report of its own
            sentence = scene.group("rest")[:1].upper() + scene.group("rest")[1:]
        sentence = double_quoted(sentence)
        attribution = find_attribution(
            sentence, lang, known=context.known_words(), conduits=conduit_names()
        )
        if (
            attribution.kind == "lead"
            and lang.subject_first
            and attribution.claim
            and _no_subject(attribution.claim, lang)
        ):
            # "one of nine Jordanians Amman says have been killed": a clause inside the
            # sentence, whose speaker is not the phrase before its verb; the outlet says it
            attribution = Attribution("", sentence, "none")
        if attribution.kind in ("none", "lead", "act") and opens_quotation(sentence):
            # a quotation's first sentences: the speaker is named where it closes
            closing = closing_speaker(sentences[position + 1 : position + 4], lang, context)
            if closing:
                attribution = Attribution(closing, sentence.lstrip(" '\"“‘"), "quote")
        if attribution.kind in ("lead", "act") and attribution.speaker in sentence:
            # "Among the two, Wang Guangjun and Zhang Renbo, Wang said": names before the
            # speaker are known when the speaker is read
            before = sentence[: sentence.rindex(attribution.speaker)]
            for name, role in people:
                if name in before:
                    context.remember_person(name, role)
        if attribution.kind in ("tail", "quote"):
            # the claim comes first: its people are known when the speaker's "her" is read
            told = claimants.names_in(attribution.claim)
            for name, role in told:
                context.remember_person(name, role)
            if told and not lang.pronoun_kind.get(words_of(attribution.claim)[0]):
                context.subjects.append(told[0][0])
        speaker = attribution.speaker
        if attribution.kind == "according" and lang.genitive_names:
            speaker = claimants.nominative(speaker)  # "за словами Андрія Сибіги": Андрій Сибіга
        claimant = claimants.claimant(speaker, context) if speaker else ""
        whose = speaker.split(maxsplit=1)
        if (
            not claimant
            and len(whose) == 2
            and lang.possessive_kind.get(whose[0].lower()) == "person"
        ):
            # "His lawyer said ..." about a person the item described, never named
            owner = described_person(context, lang)
            claimant = f"{owner}'s {whose[1]}" if owner else ""
        claim = attribution.claim if claimant else sentence
        if (
            not claimant
            and attribution.kind == "none"
            and (
                _goes_on(sentence, found, position, lang)
                or _goes_on_about(sentence, found, position, lang)
            )
        ):
            # "..., Reuters reported. The ads, which show ..., lead to a website ...": the
            # report the sentence before cited goes on
            claimant = found[-1].claimant
        if claimant and is_own_outlet(claimant, item.outlet):
            # "a tally compiled by the Dispatch" in the Himalayan Dispatch: the outlet, by name
            claimant = item.outlet
        if claimant and attribution.kind == "lead" and len(words_of(claim)) == 3:
            # "He said he would appeal": what the speaker said is too short alone even once
            # its pronoun is resolved ("Serikbayev would appeal"): the sentence is the claim
            filled = resolve_opening(claim, claimant, context, lang, speaks=True)[0]
            if len(words_of(filled)) < lang.min_claim_words:
                attribution = replace(attribution, kind="act")
        if claimant and attribution.kind == "act":
            claim = sentence
        named_as = _NAMED_AS.match(speaker) if claimant and " who " in speaker else None
        if named_as or (claimant and _introduced(claimant, speaker, sentence, context)):
            # "the man, who gave his name as Omar"; "A Ghanaian man said ... Kwabena Asante,
            # 31, said ...": the person the item described before, named now
            found = _named_later(found, claimant, lang.private_persons)
        # "X said he ...": in a reported clause the pronoun is the speaker, if it can be
        # ("prosecutors said he ...": he is not the prosecutors)
        speaker_kind = context.speakers[-1][1] if claimant and context.speakers else ""
        opening = words_of(claim)[:1]
        pronoun = lang.pronoun_kind.get(opening[0], "") if opening else ""
        plural_body = is_plural_body(f"{claimant} {attribution.speaker}", lang)
        if speaker_kind == "body" and pronoun == "group" and plural_body:
            speaker_kind = "group"  # "police said they had ...": a body English makes plural
        # ("She said he left ...": he is someone else)
        other_sex = {attribution.speaker.lower(), opening[0] if opening else ""} == {"he", "she"}
        speaks = bool(claimant) and (
            (attribution.kind == "lead" and pronoun in ("", speaker_kind) and not other_sex)
            or claim.lower().startswith(attribution.speaker.lower())
        )
        aged = (
            _AGED.match(sentence, len(attribution.speaker)) if attribution.kind == "lead" else None
        )
        age = aged.group(1) if aged and sentence.startswith(attribution.speaker) else ""
        if not age and attribution.kind == "lead" and "(" not in claimant and " " in claimant:
            # "one of the men, who gives his name as X, 23, says he ...": X's age, after X
            at = sentence.find(claimant)
            aged = _AGED.match(sentence, at + len(claimant)) if at >= 0 else None
            age = aged.group(1) if aged else ""
        raw = claim.strip(' "“”')
        parts = _clauses(raw) if attribution.kind == "lead" else [raw]
        resolved = [
            resolve_opening(
                p,
                claimant,
                context,
                lang,
                speaks=speaks,
                short=attribution.speaker,
                age=age,
                quoted=attribution.kind == "quote" or opens_quotation(sentence),
            )
            for p in parts
        ]
        referent = resolved[0][1]
        for name, role in people:
            context.remember_person(name, role)
        # who the sentence was about: "She faces ..." is about whoever "she" was
        if referent and (pronoun == "person" or "(" in referent):
            subject = referent
        if opening and opening[0] in lang.possessive_kind and subject == claimant.split(" (")[0]:
            # "X said her son was hit": the son, whom no name gives, is what it is about
            subject = ""
        if subject:
            context.subjects.append(subject)
        more = (
            resolve_opening(attribution.more, claimant, context, lang, speaks=False)[0]
            if claimant and attribution.more
            else ""
        )
        written = [*parts, attribution.more]  # each part as the sentence has it
        for k, part in enumerate((*(text for text, _ in resolved), more)):
            if claimant and lang.lang == "en" and " its " in part:
                part = its_people(part, claimant, claimants)
            if lang.lang == "en" and " the country" in part:
                part = _the_country(part, context, claimants)
            # a short "Anderson pleaded guilty." as the text has it, never one whose name
            # stands in for a pronoun ("he was dead": whoever "he" is, too little is said)
            as_written = part == written[k].strip(' "“”').rstrip(".") or part == written[k]
            if not _standalone(part, lang, quoted=attribution.kind == "quote", short=as_written):
                # "He pleaded guilty, they said": "Restrepo pleaded guilty" is too short alone,
                # "Julián Andrés Restrepo pleaded guilty" is not
                part = _in_full(part, context) if lang.lang == "en" else ""
                if not part or not _standalone(part, lang, quoted=False):
                    continue
            found.append(
                Claim(
                    text=_finish(part, spell=lang.lang == "en"),
                    # a known name in Latin script in every language ("Vidzhita Herat")
                    claimant=claimants.latin(claimant) if claimant else item.outlet,
                    item_id=item.id,
                    figures=(),  # found for the claims kept (below): most are not
                    position=position,
                    attributed=bool(claimant),
                )
            )
        cited = _cited_before(sentence, claimants, context, lang)
        if cited and not any(c.text == cited[1] for c in found):  # (unless attributed so)
            found.append(
                Claim(
                    text=cited[1],
                    claimant=claimants.latin(cited[0]),
                    item_id=item.id,
                    figures=(),
                    position=position,
                    attributed=True,
                )
            )
        ranked = _making(sentence, claimants) if " making " in sentence else ""
        if ranked and _standalone(ranked, lang, quoted=False):
            # "..., making him at least the second Indian known to have died": the outlet's
            found.append(Claim(ranked, item.outlet, item.id, position=position, attributed=False))
        relayed = _whose_says(sentence, claimants, lang) if " whose " in sentence else None
        if relayed and _standalone(relayed[1], lang, quoted=False):
            found.append(
                Claim(
                    text=_finish(relayed[1]),
                    claimant=claimants.latin(relayed[0]),
                    item_id=item.id,
                    figures=(),
                    position=position,
                    attributed=True,
                )
            )
    if item.title and lang.headline:
        context.sentence = item.title
        found = _with_headline(found, item, context, claimants, lang)
    # a long article carries more key claims than a wire brief, but never a page of them
    limit = max(max_claims, min(2 * max_claims, len(sentences) // 3))
    chosen = _select(found, limit)
    if spare:
        # the next claims in line, kept for a story to show where other outlets carry them
        kept = {id(c) for c in chosen}
        later = [c for c in found if id(c) not in kept and (c.attributed or _DIGIT.search(c.text))]
        extra = {id(c) for c in later[:spare]}
        chosen = [
            c if id(c) in kept else replace(c, primary=False)
            for c in found
            if id(c) in kept or id(c) in extra
        ]
    return [replace(claim, figures=extract_figures(claim.text, lang.lang)) for claim in chosen]


def _with_headline(
    found: list[Claim], item: Item, context: Context, claimants: Claimants, lang: Reporting
) -> list[Claim]:
    """The headline's attributed claim first, unless a claim of the text says it already:
    then that claim is the headline's speaker's, if the text gave it to no one."""
    headline = read_headline(item.title, lang)
    if not headline:
        return found
    claimant = claimants.claimant(headline.speaker, context)
    if not claimant or claimant.lower() == headline.speaker.lower():
        # "..., minister says", ": Jaishankar": the one the text quotes, or no one a reader
        # would know ("Minister")
        head = re.compile(rf"\b{re.escape(headline.speaker.split()[-1])}\b", re.IGNORECASE)
        named = [c.claimant for c in found if c.attributed and head.search(c.claimant)]
        if not named and len(claimant.split()) < 2:
            return found
        claimant = named[0] if named else claimant
    if is_own_outlet(claimant, item.outlet):
        return found
    claimant = claimants.latin(claimant)
    shares = coverage(headline.claim, [c.text for c in found])
    same = next((k for k, share in enumerate(shares) if share >= SAME), -1)
    if same >= 0 and not found[same].attributed:
        found[same] = replace(found[same], claimant=claimant, attributed=True)
    if any(share >= COVERED for share in shares):
        return found
    text = _finish(headline.claim, spell=lang.lang == "en")
    if not _standalone(text, lang, quoted=False):
        return found
    return [Claim(text, claimant, item.id, position=TITLE_POSITION), *found]


# "the man, who gives his name as X": a person described before, named now
_NAMED_AS = re.compile(
    r"^the\s+(?:[\w-]+\s+){0,2}?(?P<head>[\w-]+),?\s+who\s+" + NAMES_ONESELF, re.IGNORECASE
)


def _introduced(claimant: str, speaker: str, sentence: str, context: Context) -> bool:
    """A person named for the first time as the speaker, with no role: in news prose, the
    one the opening described ('A Ghanaian man held in Ukraine said ...')."""
    if "(" in claimant or not context.speakers or context.speakers[-1][1] != "person":
        return False
    surname = claimant.split()[-1]
    # the name opens the sentence, as its subject, and the item has not used it before
    return (
        len(claimant.split()) >= 2
        and sentence.startswith(speaker)
        and speaker.split(",")[0] == claimant
        and context.text.find(surname) >= context.text.find(sentence[:40])
    )


def _named_later(found: list[Claim], name: str, persons: frozenset[str]) -> list[Claim]:
    """The claims of 'a Syrian man from Deir ez-Zor' are Omar's, once 'the man, who gave his
    name as Omar' speaks: a person described, then the name they turn out to have."""
    out = []
    for claim in found:
        words = claim.claimant.lower().split()
        if claim.attributed and words[0] in ("a", "an", "one") and set(words[1:4]) & persons:
            described = claim.claimant.split(" ", 1)[1]
            claim = replace(claim, claimant=f"{name} ({described})")
        out.append(claim)
    return out


def _about_this(sentence: str, lang: Reporting) -> str:
    """The speaker of 'Про це повідомив X.', 'Об этом сообщили в МИД.', 'Así lo afirmó X.':
    a verb right after the opener, then its speaker and nothing else; '' otherwise."""
    low = sentence.lower()
    opener = next((o for o in lang.about_this if low.startswith(o + " ")), "")
    if not opener:
        return ""
    rest = sentence[len(opener) :].strip()
    verbs = lang.verbs_in(rest)
    if not verbs or verbs[0][0] != 0:
        return ""
    # "Das teilte das Ministerium am Dienstag mit": the speaker ends where its name does
    who = name_ends(lang.strip_asides(rest[verbs[0][1] :].strip(" .!")), lang)
    words = who.split()
    if len(words) > 1 and words[0].lower() in lang.speaker_prepositions:
        who = " ".join(words[1:])  # "повідомили в МЗС"
    return who if 0 < len(who.split()) <= 8 and speaker_like(who, lang) else ""


def _standalone(claim: str, lang: Reporting, *, quoted: bool, short: bool = False) -> bool:
    """A claim a reader can take alone that says something."""
    if not claim or not is_clause(claim, lang):
        return False
    words = words_of(claim)
    if (
        len(words) < lang.min_claim_words
        and not (
            len(words) == lang.min_claim_words - 1
            and _COUNT_OPENING.match(claim)
            and words[2] in lang.finite
        )
        and not (
            short and lang.lang == "en" and len(words) >= 4 and named_clause(claim, words, lang)
        )
    ):
        return False  # ("Nine Indians had died.": a count, who, and what befell them)
    if lang.says_nothing(claim) or not _has_verb(claim, lang):
        return False
    if lang.subject_first and _no_subject(claim, lang):
        return False
    return not (quoted and _idle_quote(claim, lang))


def _no_subject(claim: str, lang: Reporting) -> bool:
    """'Have been killed fighting for Russia.': what is left of a sentence whose subject was
    taken for a speaker. ('Will Smith said ...' opens with a name, not an auxiliary; 'Do not
    sign' is an order, whose subject is the listener.)"""
    first, *rest = claim.split(maxsplit=2)
    word = first.lower().strip("\"“”‘'")
    if word in ("do", "don't", "don’t") or (rest and rest[0][:1].isupper()):
        return False
    return word in lang.finite


_VERB_SHAPE = re.compile(r"\b[a-z]{2,}(?:ed|es|s|ing)\b")


def _has_verb(claim: str, lang: Reporting) -> bool:
    """Whether a claim has a verb at all: an auxiliary, a reporting verb or a word shaped like
    one ('More on the war.' has none)."""
    words = words_of(claim)
    return (
        any(w in lang.finite or w in lang.verbs or w in lang.irregular for w in words)
        or _VERB_SHAPE.search(claim) is not None
        or any(lang.verb_shaped(w) for w in words)  # "загинули": another language's verbs
    )


def _idle_quote(claim: str, lang: Reporting) -> bool:
    """A short first-person quote with nothing in it to report ('I remember him well.')."""
    words = words_of(claim)
    return (
        len(words) < 8
        and words[0] in ("i", "we", "it", "this", "that")
        and not _DIGIT.search(claim)
    )


def _counts(text: str) -> bool:
    """A figure in digits or in words ("At least two Taiwanese have died"); "hundreds of
    thousands" is none."""
    return bool(_DIGIT.search(text) or COUNT_WORD.search(text))


def _select(claims: list[Claim], limit: int) -> list[Claim]:
    """The item's most central claims, kept in reading order: the lede first, then what is
    attributed or counted. The outlet's own background (a law, the state of the front) after
    the lede is left out when the item has claims enough besides."""
    if len(claims) > 2:
        lede = max(0, min(c.position for c in claims))
        claims = [
            c for c in claims if c.attributed or c.position <= lede + 2 or _counts(c.text)
        ] or claims
    if len(claims) <= limit:
        return claims

    def weight(k: int) -> float:
        claim = claims[k]
        return (
            1.0 / (1 + max(0, claim.position))
            + (0.6 if claim.attributed else 0.0)
            + (0.3 if _DIGIT.search(claim.text) else 0.0)
        )

    keep = sorted(sorted(range(len(claims)), key=weight, reverse=True)[:limit])
    return [claims[k] for k in keep]
