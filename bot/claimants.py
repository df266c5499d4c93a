"""Claimants, for the claims stage: the phrase that names a speaker -> who the claimant is.

Pure. "Iran's foreign ministry spokesman, Nasser Kanaani" -> "Nasser Kanaani (Iranian
foreign ministry spokesman)"; "the ministry" -> the body that spoke before, or the item's
own country's body ("Zambian Foreign Ministry"); "Moscow" standing for its government ->
"Russian government"; "he", "the spokesman", "his wife" -> resolved from what the item said
before. Countries, capitals and bodies come from the world data (bot/world.py); the words
of reporting from the language data (bot/reporting.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, lru_cache

from bot.attribution import NAMES_ONESELF
from bot.language import stemmer
from bot.latin import latin_name
from bot.reporting import Reporting
from bot.text import PARTICLE_NAME
from bot.world import Body, Country, NamedBody, World

_NAME_WORD = re.compile(
    r"(?:[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)*|[A-Z]\.|Mc[A-Z][a-z]+"
    r"|(?:al|el|ad|as|ash|an|ibn|bin|abu|ben)-[A-Z][a-z]+)"  # "al-Saadi"
)
_INITIAL = re.compile(r"[A-Z]\.")  # "J." in "Michael J. Fox"
# A capitalised word in any script: "Зеленський", "Pérez", "Дар'я", "Jean-Luc" (tried only
# for a word that is not plain ASCII, so English names keep the pattern above)
_ANY_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*")
_WORD = re.compile(r"[\w'’.-]+")
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s$")
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)
# bodies whose name says nothing without their country ("State Department")
_GENERIC_NAME_WORDS = frozenset("state department foreign home office ministry house".split())
# a publication by what it is, then its name: "the state news agency Tass", "the daily Kommersant"
_CONDUIT_NAMED = re.compile(
    r"^(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?P<kind>[a-z]+)\s+"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})$"
)
# ... or its name, then what it is: "Sri Lanka's Daily Mirror newspaper", "the Dawn daily"
_NAMED_CONDUIT = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?['’]s?\s+)?"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?P<kind>[a-z]+)$"
)
_PUBLICATION_KINDS = frozenset(
    "newspaper daily paper weekly magazine tabloid broadcaster channel website".split()
)
_OFFICE_OF = {
    "chairs": "chair",
    "heads": "head",
    "leads": "leader",
    "runs": "head",
    "commands": "commander",
    "directs": "director",
    "represents": "representative",
}
_ROLE_VERB = re.compile(
    r"^(?:chairs|heads|leads|runs|commands|directs|represents|is|was|serves as|served as)\s+"
    r"(?:the\s+|an?\s+)?",
    re.IGNORECASE,
)
_LOCATIVE = frozenset("in from near at outside inside across into around via upstate".split())
_PARTICIPLE_ASIDE = re.compile(r",\s*[a-z]+ing\b[^,]*(?:,|$)")
_VAGUE_MODIFIERS = frozenset("the local regional senior top".split())
# who speaks for someone: "a spokesperson" alone names no one until its body is known
_SPEAKS_FOR = frozenset("spokesperson spokesman spokeswoman official representative".split())
# "a lawyer for X", "the lawyers of the two men": who speaks for a person, not the person
_COUNSEL_FOR = re.compile(
    r"^(?:an?|the)\s+(?P<title>lawyers?|attorneys?|counsel|defen[cs]e lawyers?)\s+(?:for|of)\s+"
    r"(?P<client>.+)$",
    re.IGNORECASE,
)
# "a spokesman for the city council": a person speaking for a body
_FOR_BODY = re.compile(
    r"^(?:an?|the)\s+(?:(?:senior|top|chief|local|regional|military|government|deputy)\s+)?"
    r"(?P<title>spokes(?:man|woman|person)|official|representative|source|"
    r"member|officer|adviser|advisor|aide)\s+(?:for|of|at|from|in|with)\s+(?P<body>[^,]+)$",
    re.IGNORECASE,
)
# "a police spokesman", "the embassy's press officer": a body's word, then who speaks for it
_BODY_TITLE = re.compile(
    r"^(?:an?\s+|the\s+)?(?:(?:senior|top|local|regional)\s+)?(?P<body>[\w'’ -]+?)(?:['’]s)?\s+"
    r"(?:press\s+)?(?P<title>spokes(?:man|woman|person)|official|officer|representative|source|"
    r"adviser|advisor|aide)$",
    re.IGNORECASE,
)
# "a report by the group X (published on Monday)": the author speaks
_AUTHORED = re.compile(
    r"^(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:report|study|statement|investigation|analysis|"
    r"assessment|survey|letter|post|video|tally|count|list|database|estimate)\s+"
    r"(?:(?:first\s+|later\s+|widely\s+)?(?:kept|compiled|maintained|drawn up|put together|run|"
    r"shared|posted|published|released|circulated|obtained|filmed|issued)\s+)?"
    r"(?:by|from)\s+(?P<who>.+?)"
    r"(?:\s+(?:published|released|issued|seen|obtained|posted|circulated|from)\b.*)?$",
    re.IGNORECASE,
)
_GIVES_NAME = re.compile("^" + NAMES_ONESELF, re.IGNORECASE)
_KIN = frozenset("relatives families family".split())
_HIS_WOMAN = re.compile(
    r"\bhis\s+(mother|wife|sister|daughter|grandmother|aunt|fiancée|fiancee|girlfriend|widow)\b",
    re.IGNORECASE,
)
_CIRCLE = _KIN | frozenset("friends parents colleagues neighbours neighbors comrades".split())
_PERSON_NOUNS = frozenset("man woman".split())
# "in Havana", "in the Philippines": where a body is, ending its phrase
_IN_PLACE = re.compile(r"^in\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})[,.]?$")
# endings of the nouns that capitals make part of a title or a treaty, never of a name
_NOUN_ENDINGS = ("tion", "tions", "ities", "ism", "isms", "ments")
# an office is written as a compound of nouns: "the head of the agency" is no title
_SMALL_WORDS = frozenset("of the a an for in at on and or to with from by".split())
_VAGUE_HEADS = frozenset(
    "officials official authorities authority government ministry media police prosecutors "
    "prosecutor court army military forces embassy sources source intelligence".split()
)


@dataclass
class Context:
    """What the item has said so far: people named, speakers heard, its own country."""

    country: Country | None = None  # the country the item is most about
    setting: frozenset[str] = frozenset()  # codes of the countries every item is set in
    sentence: str = ""  # the sentence being read
    text: str = ""  # the whole item, for a referent it names only later
    people: list[tuple[str, str]] = field(default_factory=list)  # (full name, role)
    speakers: list[tuple[str, str]] = field(default_factory=list)  # (claimant, kind)
    group: str = ""  # the last group named: "the two captured fighters"
    subjects: list[str] = field(default_factory=list)  # the first person each sentence named
    filed_in: Country | None = None  # the dateline's country ("MOSCOW, June 12 -")

    def remember_person(self, name: str, role: str) -> None:
        for k, (known, known_role) in enumerate(self.people):
            if known == name:
                self.people[k] = (known, known_role or role)
                return
        self.people.append((name, role))

    def text_before(self) -> str:
        """The item's text before the sentence being read (all of it when the sentence is
        not in it as written; nothing when no sentence is being read)."""
        return self.text.split(self.sentence)[0] if self.sentence else ""

    def text_through(self) -> str:
        """The item's text up to the end of the sentence being read."""
        if self.sentence and self.sentence in self.text:
            return self.text[: self.text.index(self.sentence) + len(self.sentence)]
        return self.text

    def known_words(self) -> frozenset[str]:
        return frozenset(w.lower() for name, _ in self.people for w in name.split())

    def person(self, word: str) -> tuple[str, str] | None:
        """The person a surname (or first name, or a variant spelling) refers to."""
        low = word.lower()
        for name, role in reversed(self.people):
            parts = name.lower().split()
            if low in parts or (len(low) >= 5 and any(_similar(low, p) for p in parts)):
                return name, role
        return None

    def last_speaker(self, kind: str) -> str:
        for claimant, known in reversed(self.speakers):
            if known == kind:
                return claimant
        return ""


def _similar(a: str, b: str) -> bool:
    """Transliteration variants of one name: Zelensky / Zelenskyy / Zelenskiy."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[:4] != b[:4]:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.7


similar_names = _similar


def _display_person(name: str, role: str) -> str:
    role = " ".join(w for w in role.split() if w.lower().strip(".") not in HONORIFICS)
    role = role.strip(" ,")
    if role.isdigit():
        role = ""  # "Marco Quispe, 26, says": an age, not a role
    if not role or role.lower() in name.lower() or name.lower() in role.lower():
        return name
    return f"{name} ({role})"


class Claimants:
    """Turns speaker phrases into claimants, against the world and a language's data."""

    def __init__(self, world: World, lang: Reporting) -> None:
        self.world = world
        self.lang = lang
        # English forms folded once: the world's own lookups normalise Unicode on every call,
        # and a claim stage asks thousands of times per item
        self._countries: dict[str, Country | None] = {}
        self._places: dict[str, Country | None] = {}
        # in another language its own forms too, by stem as well, since its names inflect
        # ("України", "Шрі-Ланки" are Україна, Шрі-Ланка)
        self._local = lang.lang != "en"
        self._stem = stemmer(lang.lang) if self._local else None
        self._stems: dict[str, Country | None] = {}
        self._place_stems = (
            {self._stemmed(form): english for form, english in (lang.places or {}).items()}
            if self._local
            else {}
        )
        for country in world.countries:
            for form in (*country.names(), *country.demonyms()):
                _add(self._countries, form, country)
            if self._local:
                for form in (*country.names(lang.lang), *country.demonyms(lang.lang)):
                    _add(self._countries, form, country)
                    _add(self._stems, self._stemmed(form), country)
            if country.kind == "state":
                for form in country.capitals():
                    _add(self._places, form, country)
            for form in country.seats:
                _add(self._places, form, country)
        # first words of the forms that have several ("South Korea", "the White House")
        self._openers = frozenset(
            key.split()[0]
            for index in (self._countries, self._places)
            for key in index
            if " " in key
        )
        self.named_body = cache(world.named_body)
        self.body = cache(world.body)
        if self._local:
            # a body's forms inflect too ("за даними уряду", "Міністерства оборони"): by stem
            stems: dict[str, Body | None] = {}
            for body in world.bodies:
                for form in body.i18n.get(lang.lang, ()):
                    key = self._stemmed(form)
                    stems[key] = body if stems.get(key, body) is body else None
            self.body = cache(lambda phrase: world.body(phrase) or stems.get(self._stemmed(phrase)))

    def country_of(self, phrase: str) -> Country | None:
        """The country a name or demonym names ('Taiwan's', 'the U.S.', 'Kyrgyz'); None when
        none or several (Korean)."""
        found = self._countries.get(_norm(phrase))
        if found is None and self._local and phrase[:1].isupper():
            found = self._stems.get(self._stemmed(phrase))  # names are capitalised
        return found

    @lru_cache(maxsize=65536)  # noqa: B019 (one Claimants per language, kept for the process)
    def _stemmed(self, phrase: str) -> str:
        assert self._stem is not None
        return " ".join(self._stem(w) for w in _norm(phrase).split())

    def place_of(self, phrase: str) -> Country | None:
        """The country whose capital or seat of government this is ('Kiev', 'the Kremlin')."""
        found = self._places.get(_norm(phrase))
        if found is None and self._local and self.lang.places:
            english = self._english_place(phrase)  # "Москви" -> Moscow
            found = self._places.get(_norm(english)) if english != phrase else None
        return found

    def _english_place(self, phrase: str) -> str:
        """A capital or seat as English writes it ('Москви', 'Kremls' -> Moscow, Kremlin); the
        phrase itself when the language data has no such place."""
        places = self.lang.places or {}
        english = places.get(_norm(phrase))
        if english is None and self._local and phrase[:1].isupper():
            english = self._place_stems.get(self._stemmed(phrase))  # its other cases
        return english or phrase

    # the item's country ---------------------------------------------------------------
    def main_country(
        self, title: str, text: str, setting: frozenset[str] = frozenset()
    ) -> Country | None:
        """The country an item is most about: its title counts double, its dateline most; the
        countries every item is set in (the topic's setting) only when there is no other."""
        counts: dict[str, float] = {}
        for weight, part in ((2.0, title), (1.0, text[:3000])):
            for country in self.countries_in(part):
                counts[country.code] = counts.get(country.code, 0.0) + weight
        dateline = re.match(r"^\s*([A-Z][A-Z .'-]{2,30})\s+[—–-]", text)
        if dateline:
            place = self.place_of(dateline.group(1).title())
            if place:
                counts[place.code] = counts.get(place.code, 0.0) + 3.0
        if not counts:
            return None
        foreign = {c: n for c, n in counts.items() if c not in setting} or counts
        return self.world.by_code(max(foreign, key=lambda c: foreign[c]))

    def local_country(self, context: Context) -> Country | None:
        """The country a bare body or 'local media' belongs to: one named in its own sentence
        (the setting's last), else the item's."""
        named = [c for c in self.countries_in(context.sentence) if c.code not in context.setting]
        return named[0] if named else context.country

    def countries_in(self, text: str) -> list[Country]:
        """Every country a text names, by name, demonym, capital or seat, in order."""
        return list(self._countries_in(text))

    @lru_cache(maxsize=65536)  # noqa: B019 (one Claimants per language, kept for the process)
    def _countries_in(self, text: str) -> tuple[Country, ...]:
        found: list[Country] = []
        ws = _WORD.findall(text)
        k = 0
        while k < len(ws):
            if not ws[k][:1].isupper():
                k += 1  # names are capitalised: "us" is a pronoun, "US" the country
                continue
            longest = 3 if _norm(ws[k]) in self._openers else 1
            for size in range(longest, 0, -1):
                phrase = " ".join(ws[k : k + size])
                country = self.country_of(phrase) or self.place_of(phrase)
                if country is not None:
                    found.append(country)
                    k += size
                    break
            else:
                k += 1
        return tuple(found)

    # people -------------------------------------------------------------------------
    def names_in(self, phrase: str) -> list[tuple[str, str]]:
        """(name, role) for each person named in a phrase ('Foreign Minister Dmytro Kuleba')."""
        return list(self._names_in(phrase))

    @lru_cache(maxsize=65536)  # noqa: B019 (one Claimants per language, kept for the process)
    def _names_in(self, phrase: str) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        tokens = phrase.split()
        k = 0
        while k < len(tokens):
            run: list[str] = []
            j = k
            while j < len(tokens) and (
                self._name_word(tokens[j]) or (run and self._inside_name(tokens, j))
            ):
                token = tokens[j].strip('"“”()')
                run.append(token if _INITIAL.fullmatch(token) else token.rstrip(".,;:"))
                j += 1
                if token.endswith((",", ";", ":")):
                    break  # "Kanaani, on Monday": a comma ends the name
            if not run:
                k += 1  # most words are no name: nothing below applies to them
                continue
            # (an initial keeps its full stop: "S. Jaishankar")
            whole = " ".join(
                w.strip(',;:()"“”') if _INITIAL.fullmatch(w) else w.strip(',.;:()"“”') for w in run
            )
            after = tokens[j].lower().strip(",.;:") if j < len(tokens) else ""
            modifier = (
                after in self.lang.agents or after.rstrip("s") in self.lang.agents
            ) and not tokens[j - 1].endswith(",")
            where = k > 0 and tokens[k - 1].lower() in _LOCATIVE  # "in upstate New York"
            # "the Criminal Code", "the Higher Public [Prosecutor's Office]": a name of a thing
            # or a body; a person's name follows no article ("the late ..." keeps a word)
            thing = k > 0 and tokens[k - 1] in ("the", "The") and self.lang.lang == "en"
            # "Channel News Asia", "Kylym Shamy rights group": an organisation's name
            around = {w.lower().strip(",.;:") for w in tokens[max(0, k - 1) : j + 1]}
            organisation = bool(around & self.lang.organisations)
            # "United Arab [Emirates]": a run that a country's name goes on from
            longer = " ".join([whole, *(w.strip(',.;:()"“”') for w in tokens[j : j + 2])])
            if (
                run
                and j < len(tokens)
                and (
                    self.country_of(longer)
                    or self.country_of(" ".join(longer.split()[: len(run) + 1]))
                )
            ):
                k = j + 1
                continue
            if (
                len(run) >= 2
                and not modifier
                and not where
                and not thing
                and not organisation
                and not (self.place_of(whole) or self.country_of(whole) or self.named_body(whole))
            ):
                role = " ".join(tokens[max(0, k - 6) : k])
                out.append((whole, self._role_words(role)))
                k = j
            else:
                # the word that ended the run is looked at again: after "In Irbid," a name
                # can begin right away ("Um Yazan")
                k = j if j > k else k + 1
        return tuple(out)

    def _inside_name(self, tokens: list[str], j: int) -> bool:
        """A lower-case particle that a name goes on after ('Carlos Fernández de Cossío',
        'Ursula von der Leyen'), up to two of them before the next part of the name."""
        if self.lang.lang != "en":
            return False  # ("Kenntnis von Zwangsrekrutierungen": German nouns, not a name)
        k = j
        while k < len(tokens) and k - j < 2 and tokens[k] in _NAME_PARTICLES:
            k += 1
        return j < k < len(tokens) and self._name_word(tokens[k])

    @lru_cache(maxsize=65536)  # noqa: B019 (one Claimants per language, kept for the process)
    def _name_word(self, token: str) -> bool:
        bare = token.strip('"“”()').rstrip(".,;:")
        low = bare.lower()
        if _INITIAL.fullmatch(token.strip('"“”()').rstrip(",;:")):
            return True  # "S." in "S. Jaishankar", "J." in "Michael J. Fox"
        if (
            not _NAME_WORD.fullmatch(bare)
            and not _INITIAL.fullmatch(bare)
            and (bare.isascii() or not _capitalised(bare))  # "Герат", "Pérez" are names
        ):
            return False
        if low in self.lang.titles or low in self.lang.agents or low in _CALENDAR:
            return False
        if low in self.lang.subordinators or low in self.lang.pronoun_kind:
            return False
        if low in _SMALL_WORDS or low in _LOCATIVE:
            return False  # "In Irbid, ...": a sentence's first word, capitalised, is no name
        if low.endswith(("'s", "’s")) or low.endswith(_NOUN_ENDINGS):
            return False  # ("the Geneva Conventions", "Human Rights Commissions": no one's name)
        return self.country_of(bare) is None and self.place_of(bare) is None

    def _role_words(self, before: str) -> str:
        """The title words right before a name: 'White House national security spokesman'."""
        kept: list[str] = []
        for token in reversed(before.split()):
            low = token.lower().strip(",")
            if (
                token.endswith(",")
                or low in _CALENDAR
                or (low in _SMALL_WORDS and low not in self.lang.locatives)
                or low in self.lang.subordinators
            ):
                break  # "On Monday Dmitry Peskov said", "When X left ...": no title
            if (
                low in self.lang.titles
                or low in self.lang.agents
                or self.country_of(low) is not None
                or self.place_of(token.strip(",")) is not None
                or self.named_body(token) is not None
                or token[:1].isupper()
            ):
                kept.insert(0, token)
            elif low in self.lang.locatives and len(kept) == 1 and kept[0][:1].isupper():
                kept.insert(0, token)  # "ambassador in Moscow": where the title is held
            else:
                break
        while kept and kept[0].lower() in self.lang.locatives:
            kept = kept[2:]  # the place alone is no role
        while kept and kept[0].lower() in ("the", "a", "an", "its", "his", "her"):
            kept.pop(0)
        return self.qualify(" ".join(kept))

    def qualify(self, text: str) -> str:
        """'Iran's foreign ministry spokesman' -> 'Iranian foreign ministry spokesman'."""
        words = text.split()
        if words:
            owner = _POSSESSIVE.match(words[0])
            country = self.country_of(owner.group("owner")) if owner else None
            if country is not None and country.adjective:
                words[0] = _adjective(country)
        return " ".join(words)

    # the claimant ---------------------------------------------------------------------
    def claimant(self, phrase: str, context: Context) -> str:
        """Who the phrase names, as a claimant; '' when it names no one who can speak.

        The claimant is remembered with its kind, so 'he', 'it', 'they' and 'the ministry'
        in later sentences find it."""
        found, kind = self._claimant(phrase, context)
        if found:
            found = found[0].upper() + found[1:]
            context.speakers.append((found, kind))
        return found

    def _claimant(self, phrase: str, context: Context) -> tuple[str, str]:
        phrase = re.sub(r"\s+", " ", phrase).strip(' ,.;:"“”')
        if not phrase:
            return "", ""
        fronted = _FRONTED.match(phrase)
        if fronted and fronted.end() < len(phrase):
            phrase = phrase[fronted.end() :]  # "Outside the court, one father": the father
        words = phrase.split()
        if len(words) > 1 and words[0].lower() in self.lang.speaker_prepositions:
            phrase = " ".join(words[1:])  # "У МЗС заявили": the body, not "У МЗС"
        low = phrase.lower()
        words = low.split()
        outlet = self._outlet_named(phrase) if self.lang.lang == "en" else ""
        if outlet:
            return outlet, "body"
        kind = self.lang.pronoun_kind.get(low)
        if kind == "person" and low == "she" and self.lang.lang == "en":
            woman = self._woman_of(context)
            if woman:  # "X phoned his mother ... , she told us": his mother, not X
                return woman, kind
        if kind:
            return self._pronoun(kind, context), kind
        if words[0] in ("the", "this", "that", "its", "their") and 1 < len(words) <= 3:
            head = words[-1]
            for earlier, earlier_kind in reversed(context.speakers):
                # (a word of it: "the men" are not "the men's families")
                if head in earlier.lower() and head in _WORDS.findall(earlier.lower()):
                    return earlier, earlier_kind
            titles = {head} | {
                other
                for title, same in self.lang.title_synonyms.items()
                if head in same
                for other in (title,)
            }
            # "the Ukrainian leader": of the people whose title fits, one who has spoken
            # before one only named, and never one whose title names another country
            countries = {c.code for w in words[1:-1] if (c := self.country_of(w)) is not None}
            fitting = [
                (name, role)
                for name, role in reversed(context.people)
                if titles & set(role.lower().split())
                and not (
                    countries
                    and (serves := {c.code for c in self.countries_in(role)})
                    and not serves & countries
                )
            ]
            spoke = {s for s, k in context.speakers if k == "person"}
            for name, role in sorted(fitting, key=lambda p: _display_person(*p) not in spoke):
                return _display_person(name, role), "person"
            if head in _PERSON_NOUNS and context.people:
                # "the man": the person the item named before
                return _display_person(*context.people[-1]), "person"
            if head in self.lang.conduits and head not in ("media", "reports"):
                # "the newspaper": the publication the item named before, not the outlet
                for earlier, earlier_kind in reversed(context.speakers):
                    publication = self._publication(earlier) if earlier_kind == "body" else ""
                    if publication or (earlier_kind == "body" and self._outlet_name(earlier)):
                        return publication or earlier, "body"
            if len(words) == 2 and self.plural_person(head):
                counted = self.counted_group(context)
                if counted:  # "the detainees": the "two Uzbek men" the item counted
                    return counted, "group"
            if head in self.lang.utterances and context.speakers:
                return context.speakers[-1]  # "the statement said": its author speaks
            if head in self.lang.institutions and len(words) == 2:
                body = self._last_body(head, context) or self._named_unit(head, context)
                if body:
                    return body, "body"
            titled_office = self._office(phrase, words, context)
            if titled_office:
                return titled_office
        if self._local and len(words) <= 3 and self.lang.is_agent(words[-1]):
            # "за словами міністра": a language without articles names an earlier speaker
            # by a bare noun, inflected ("міністра" is the "Міністр ..." named before)
            named_before = self._earlier(words[-1], context)
            if named_before:
                return named_before
        authored = _AUTHORED.match(phrase)
        if authored:  # "a report by the group X published on Monday": X speaks
            found, kind = self._claimant(authored.group("who"), context)
            if found:
                return found, kind
        head_words = words[1:4] if words[0] in ("a", "an", "the") else []
        if any(w in self.lang.utterances or w in ("survey", "study") for w in head_words):
            # "A new survey of migrant workers in ...": the study speaks, not a name inside it
            cut = re.split(r"\s(?:in|by|from|published|released)\s|,", phrase)[0].split()
            # "a Financial Times investigation": the publication behind it
            return self._publication(" ".join(cut)) or " ".join(cut[:8]), "body"
        gives = re.match(r"^(?P<head>[^,]+),\s*who\s+(?P<rest>.+?),?$", phrase)
        named_as = _GIVES_NAME.match(gives.group("rest")) if gives else None
        if gives and named_as:
            # "the man, who gives his name as X", "..., who gave only his first name, X": X
            name = gives.group("rest")[named_as.end() :].strip(" ,.")
            named = self._named(name, context, "") or (
                _display_person(name, "") if _capitalised(name) else ""
            )
            if named:
                return named, "person"
        relative = re.match(r"^(?P<head>[^,]+),\s*(?:who|which|whose)\s+(?P<rest>[^,]+),?$", phrase)
        if relative:
            role = self._relative_role(relative.group("rest"))
            named = self._named(relative.group("head"), context, role)
            if named or role:
                return named, "person"
            return self._claimant(relative.group("head"), context)  # "the man, whose ..."
        counsel = _COUNSEL_FOR.match(phrase)
        if counsel:  # "a lawyer for the travel agent X": the lawyer speaks, for X
            client = self._named(counsel.group("client"), context, "")
            if client:
                return f"{client.split(' (')[0]}'s {counsel.group('title').lower()}", "person"
        spokesperson = _FOR_BODY.match(phrase)
        if spokesperson:
            body, _ = self._claimant(spokesperson.group("body"), context)
            if body:
                return f"{body} {spokesperson.group('title').lower()}", "person"
        titled = _BODY_TITLE.match(phrase)
        if titled and not self.names_in(phrase):
            body = self._body(titled.group("body"), context)
            if not body and titled.group("body").lower() in self.lang.institutions:
                # "a department spokesperson": the department the item heard before
                noun = titled.group("body").lower()
                body = next(
                    (c for c, k in reversed(context.speakers) if k == "body" and noun in c.lower()),
                    "",
                )
            if body:  # "a police spokesman", "an embassy official": a person for the body
                return f"{body} {titled.group('title').lower()}", "person"
        if words[0] == "the" and 3 < len(words) <= 5:
            titled_office = self._office(phrase, words, context)  # "the deputy foreign minister"
            if titled_office:
                return titled_office
        apposition = [p.strip() for p in phrase.split(",") if p.strip()]
        if len(apposition) == 2 and re.match(r"(?:an?)\s", apposition[1]):
            # "the Kolkheti Battalion, a volunteer unit ...": the name, then what it is
            found, kind = self._claimant(apposition[0], context)
            if found:
                return found, kind
        if len(apposition) == 2:
            first, second = apposition
            opener = second.split()[0]
            if self.names_in(first) and (
                opener[:1].islower() or opener.lower() in self.lang.titles
            ):
                return self._named(first, context, self.qualify(second)), "person"
            if (
                1 < len(second.split()) <= 4
                and all(_capitalised(w) for w in second.split())
                and any(w in self.lang.agents for w in first.lower().split())
                and self.names_in(second)
                # (a place the office is in or sent to: "ambassador to Moscow")
                and re.search(r"\s(?:to|in|at|for)\s+[A-Z]", first) is not None
            ):
                # "Cuba's ambassador to Russia, Julio Garmendia": the office, then the name
                office = re.sub(r"^(?:the|a|an|his|her|its|their)\s+", "", first, flags=re.I)
                return self._named(second, context, self.qualify(office)), "person"
            if self.names_in(second) and not self.names_in(first):
                return self._named(f"{first} {second}", context, ""), "person"
            if self.names_in(first) and not self.names_in(second):
                return self._named(first, context, self.qualify(second)), "person"
        named = self._named(phrase, context, "")
        if named:
            return named, "person"
        if words[0] in self.lang.possessive_kind and len(words) > 1:
            kind = self.lang.possessive_kind[words[0]]
            opening = self.countries_in(" ".join(context.sentence.split()[:3]))
            if kind == "body" and opening and not context.last_speaker("body"):
                # "Sri Lanka will send ..., its foreign ministry said": the subject country's
                found, found_kind = self._claimant(
                    f"{opening[0].name}'s {' '.join(phrase.split()[1:])}", context
                )
                if found:
                    return found, found_kind
            owner = (
                context.subjects[-1]
                if kind == "person" and context.subjects
                else (context.group if kind == "group" else "") or self._pronoun(kind, context)
            )
            if not owner and kind == "body" and context.text:
                # "The ministry did not respond ... Its spokesman said": the body the
                # sentence before is about, though it did not speak
                previous = [p for p in re.split(r"(?<=[.!?])\s+", context.text_before()) if p]
                owner = self._body(previous[-1], context) if previous else ""
            if not owner and kind == "person" and context.text:
                # "..., his family said": the person the item names, though later on
                in_text = self.names_in(context.text)
                owner = in_text[0][0] if in_text else ""
            if not owner and kind == "person":
                # "The Japanese volunteer killed in ... was ..., his unit said": the subject
                owner = self.singular_subject(context.sentence)
            if not owner and kind == "group":
                # "Several Bolivian men who ... , their lawyer said": the sentence's subject
                subject = _PLURAL_SUBJECT.match(context.sentence)
                owner = _QUANTIFIER.sub("the ", subject.group("np")) if subject else ""
            if not owner:
                return "", ""  # "their families" with no one to be theirs: not a speaker yet
            short = owner.split(" (")[0]
            last = short.split()[-1]
            # "the Nepali workers' families", but "Cooper Andrews's mother"
            mark = "'" if last.islower() and last.endswith("s") else "'s"
            rest = " ".join(phrase.split()[1:])
            if kind == "body" and rest.lower() in self.lang.agents:
                return f"{short} {rest.lower()}", "person"  # "its spokesman": the ministry's
            return f"{short}{mark} {rest}", "group"
        published = _PUBLICATION.search(phrase)
        if published:  # "the military news site Task & Purpose": the site, not the military
            return published.group("name"), "body"
        body = self._body(phrase, context)
        if body:
            return body, "body"
        place = self._place(phrase)
        if place:
            return place, "body"
        acronym = _ACRONYM.fullmatch(phrase)
        if acronym and self.country_of(acronym.group("abbr")) is None:
            # "the CBI said": a body by its initials, spelt out where the item defines them
            abbr = acronym.group("abbr")
            defined = re.search(
                rf"((?:[A-Z][\w'’]*\s+(?:(?:of|for|and|the)\s+)?)+)\({abbr}\)", context.text
            )
            return (defined.group(1).strip() if defined else abbr), "body"
        if (
            len(words) == 1
            and len(phrase) >= 3
            and _capitalised(phrase)
            and low not in self.lang.agents
            and low not in self.lang.pronoun_kind
            and self.country_of(phrase) is None
            # a name is capitalised inside a sentence too ("Footage" opens one only)
            and re.search(rf"[\w,;:'\"”’]\s+{re.escape(phrase)}\b", context.text) is not None
        ):
            # "..., Tsiklauri said": a surname alone, the person the item named or not
            known = context.person(phrase)
            return (_display_person(*known) if known else phrase), "person"
        described = self._described(phrase, context)
        one_name = (  # "the Guardian", "the Dispatch": a publication by its one-word name
            len(words) == 2
            and words[0] == "the"
            and words[1] in self.lang.organisations
            and phrase.split()[1][:1].isupper()
        )
        if not described and (_title_cased(phrase) or one_name):
            # "the Financial Times", "the Kolkheti Battalion": a proper name the world data
            # does not know, standing for who speaks
            return re.sub(r"^(?:the)\s+", "", phrase, flags=re.IGNORECASE), "body"
        if not described:
            # "the Croatian daily Vecernji Glas": what it is, then its name
            tail = _TRAILING_NAME.search(phrase)
            if tail and self.country_of(tail.group(0)) is None:
                return tail.group(0), "body"
        if described and _proper_body(described, self.lang.institutions):
            # "India's Central Bureau of Investigation": "it" later; "the National Criminal
            # Agency" is the item's country's (a unit, "the Kolkheti Battalion", is its own)
            name = re.sub(r"^the\s+", "", described, flags=re.IGNORECASE)
            head = name.split()[-1].lower()
            country = self.local_country(context)
            if (
                country is not None
                and head not in self.lang.unit_kinds
                and not self.countries_in(name)
                and name.split()[0].lower() in _NATIONAL_WORDS
            ):
                return f"{_adjective(country)} {name}", "body"
            return described, "body"
        # the head noun is before any "from", "of", "in": "Two Cuban men from Artemisa province"
        head_words = re.split(r"\s(?:from|of|in|at|with|near|by)\s", described)[0].split()
        if len(head_words) > 2 and head_words[-1].endswith("ed"):
            head_words = head_words[:-1]  # "a Somali national captured [by ...]": a national
        plural = bool(head_words) and (
            head_words[-1].lower().endswith(("s", "men", "people"))
            or head_words[-1].lower() in self.lang.conduits  # "Georgian media": no "he"
        )
        if head_words and head_words[-1].lower() in self.lang.institutions:
            return described, "body"  # "the unit": never "he" later
        return described, "group" if plural else "person"

    def singular_subject(self, sentence: str) -> str:
        """'The Irishman killed in Ukraine was ...' -> 'the Irishman': one person the
        sentence opens with, described by what they are."""
        found = _SINGULAR_SUBJECT.match(sentence)
        if not found:
            return ""
        head = found.group("head").lower()
        if head not in self.lang.private_persons and not head.endswith(("man", "woman")):
            return ""
        return "the " + found.group("np")

    def _office(self, phrase: str, words: list[str], context: Context) -> tuple[str, str] | None:
        """'the interior minister', 'the deputy foreign minister', 'the detective branch': an
        office or a body's part that no data names, written with the country it serves
        ('Czech Interior Minister'); 'the Taoiseach': a title the data does not know, by its
        own capitalised name."""
        rest = phrase.split()[1:]
        if words[0] != "the" or not rest or len(rest) > 4:
            return None
        if len(rest) == 1 and _capitalised(rest[0]) and rest[0][1:].islower():
            # capitalised after "the", so not for opening a sentence: a proper title or seat
            word = words[-1]
            if (
                len(word) < 4
                or word in self.lang.agents
                or word in self.lang.pronoun_kind
                or word in self.lang.organisations
                or self.country_of(rest[0]) is not None
                or self.countries_in(rest[0])
                or self.find_body(phrase)[0] is not None
            ):
                return None
            return rest[0], "person"
        head = words[-1]
        if (
            not all(w.islower() and w not in _SMALL_WORDS for w in rest)
            or (len(rest) != 2 and head not in self.lang.offices)  # two: as before
            or (head not in self.lang.titles and head not in self.lang.institutions)
            or head in self.lang.unit_kinds
        ):
            return None
        # a body the data names inside ("the cabinet secretary", "the security council
        # secretary") is who speaks: the body's own forms are found elsewhere
        if self.find_body(phrase)[0] is not None:
            return None
        country = self.local_country(context)
        if country is None:
            return None
        kind = "body" if head in self.lang.institutions else "person"
        return f"{_adjective(country)} {' '.join(w.title() for w in rest)}", kind

    def _earlier(self, noun: str, context: Context) -> tuple[str, str] | None:
        """The person whose role, or the speaker whose name, holds this noun's stem."""
        assert self._stem is not None
        # the noun, or a title it stands for ("el diplomático" after "el embajador X")
        heads = {self._stem(noun)} | {
            self._stem(title) for title, same in self.lang.title_synonyms.items() if noun in same
        }
        for name, role in reversed(context.people):
            if heads & {self._stem(w) for w in role.lower().split()}:
                return _display_person(name, role), "person"
        for earlier, kind in reversed(context.speakers):
            if heads & {self._stem(w) for w in earlier.lower().split()}:
                return earlier, kind
        if noun in self.lang.institutions and context.last_speaker("body"):
            return context.last_speaker("body"), "body"
        return None

    def nominative(self, phrase: str) -> str:
        """A phrase whose names stand in the genitive ('за словами Андрія Сибіги', 'по словам
        Марии Захаровой') with those names in the nominative ('Андрій Сибіга', 'Мария
        Захарова'), by the language's endings; other words as they are."""
        endings = self.lang.genitive_names
        if not endings:
            return phrase
        for name, _ in self.names_in(phrase):
            words = []
            for word in name.split():
                low = word.lower()
                ending = next(((a, b) for a, b in endings if low.endswith(a)), None)
                if ending is not None and len(low) > len(ending[0]) + 1:
                    word = word[: len(word) - len(ending[0])] + ending[1]
                words.append(word)
            phrase = phrase.replace(name, " ".join(words))
        return phrase

    def latin(self, claimant: str) -> str:
        """A claimant as the digest shows it: a person's name in Latin script ('Віджіта Герат'
        -> 'Vidzhita Herat') and a role the language data can put in English ('Міністр
        закордонних справ Шрі-Ланки' -> 'Sri Lankan Foreign Minister'); what is no known name
        ('Родичі загиблих') keeps its words. English claimants come back as they are."""
        if not self._local:
            return claimant
        name, _, role = claimant.partition(" (")
        role = role.removesuffix(")")
        named = name.split()
        if not named or not all(
            _capitalised(w) or _NAME_WORD.fullmatch(w) or w.isupper() for w in named
        ):
            return claimant  # a description, or a body the world data has put in English
        if len(named) == 1 and (
            name.lower() in self.lang.agents or name.lower() in self.lang.titles
        ):
            return claimant  # "Міністра": a bare noun, not a name
        shown = latin_name(name, self.lang.lang)
        return f"{shown} ({self._english_role(role)})" if role else shown

    def _english_role(self, role: str) -> str:
        """'Міністр закордонних справ Шрі-Ланки' -> 'Sri Lankan Foreign Minister'; a role
        with words the data cannot put in English keeps its own."""
        words = role.split()
        owner = next((c for w in words if (c := self.country_of(w.strip(",."))) is not None), None)
        # a seat of government it speaks for: "portavoz del Kremlin" -> "Kremlin spokesperson"
        places = self.lang.places or {}
        seats: dict[str, str] = {}
        for w in words:
            bare = w.strip(",.")
            english = self._english_place(bare)
            if english != bare or _norm(bare) in places:
                seats[w] = english
        seat = next(iter(seats.values()), "")
        rest = " ".join(
            w for w in words if self.country_of(w.strip(",.")) is None and w not in seats
        ).lower()
        roles = self.lang.roles or {}
        found: str | None = roles.get(rest)
        if found is None:
            # the longest title phrase in it, the rest only articles and "of"s ("el ... del")
            for phrase in sorted(roles, key=len, reverse=True):
                if f" {phrase} " in f" {rest} ":
                    leftover = f" {rest} ".replace(f" {phrase} ", " ").split()
                    if all(len(w) <= 3 for w in leftover):
                        found = roles[phrase]
                        break
        if found is None:
            return role
        if seat and not owner:
            return f"{seat} {found}"
        return f"{_adjective(owner)} {found}" if owner else found

    def _pronoun(self, kind: str, context: Context) -> str:
        if kind == "person":
            speaker = context.last_speaker("person")
            if speaker:
                return speaker
            return _display_person(*context.people[-1]) if context.people else ""
        if kind == "group":
            return context.last_speaker("group") or context.last_speaker("body")
        return context.last_speaker("body")

    def _woman_of(self, context: Context) -> str:
        """'she' after 'X phoned his mother': X's mother, when no woman has spoken and the
        item named his female relative last ('her' would make the relative a woman's)."""
        before = context.text_before()[-400:]
        found = list(_HIS_WOMAN.finditer(before))
        if not found or not context.people or context.last_speaker("person"):
            return ""
        name = context.people[-1][0]
        return f"{name}'s {found[-1].group(1).lower()}"

    def _relative_role(self, rest: str) -> str:
        """'who chairs the parliament's foreign affairs committee' -> the committee; a relative
        clause that says what the person did, not what they are, gives no role."""
        role = _ROLE_VERB.match(rest)
        if not role:
            return ""
        what = self.qualify(rest[role.end() :].strip())
        # "who heads a support group" -> "head of a support group": the office, not the body
        verb, _, governed = rest.partition(" ")
        office = _OFFICE_OF.get(verb.lower(), "")
        return f"{office} of {self.qualify(governed.strip())}" if office and what else what

    def _named(self, phrase: str, context: Context, role: str) -> str:
        names = self.names_in(phrase)
        if names:
            name, own_role = names[-1]
            known = context.person(name.split()[-1])
            # "Zelensky" -> "Volodymyr Zelensky"; but "Willow Andrews" is not "Cooper Andrews"
            same = known is not None and (
                len(name.split()) == 1
                or all(w.lower() in known[0].lower().split() for w in name.split())
            )
            if known and same and len(known[0]) >= len(name):
                name, own_role = known[0], own_role or known[1]
            role = role or own_role
            context.remember_person(name, role)
            return _display_person(name, role)
        tokens = phrase.split()
        if len(tokens) <= 3 and (tokens[-1][:1].isupper() or PARTICLE_NAME.match(tokens[-1])):
            known = context.person(tokens[-1].strip(".,"))
            if known:
                role = role or known[1]
                return _display_person(known[0], role)
        if len(tokens) == 1 and PARTICLE_NAME.match(tokens[0]):
            return _display_person(tokens[0].strip(".,"), role)  # "al-Saadi": a surname
        if len(tokens) == 1 and self._surname(tokens[0].strip(".,")):
            return _display_person(tokens[0].strip(".,"), role)  # "Zelensky [said]"
        return ""

    def _surname(self, word: str) -> bool:
        """A lone capitalised word that names no place, country, body, office or kind of
        speaker: a person's surname ('Zelensky said ...')."""
        low = word.lower()
        return (
            self.lang.lang == "en"
            and len(word) >= 3
            and word[:1].isupper()
            and word[1:].islower()
            and word.replace("-", "").isalpha()
            and not self.lang.is_agent(low)
            and low not in self.lang.indefinites
            and low not in self.lang.recordings  # ("Footage showed ...", "Video shows ...")
            and low not in self.lang.utterances
            and low not in self.lang.non_speakers
            and low not in self.lang.institutions
            and low not in self.lang.pronoun_kind
            and low not in self.lang.organisations
            and low not in self.lang.conduits
            and low not in self.lang.titles
            and self.country_of(word) is None
            and self.place_of(word) is None
            and self.find_body(word)[0] is None
            and not self.countries_in(word)
        )

    def find_body(self, phrase: str) -> tuple[Body | NamedBody | None, int, int]:
        """The longest body named inside a phrase, and the word span it takes."""
        words = phrase.split()
        for size in range(min(7, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                part = " ".join(words[start : start + size]).strip(",.;:")
                found = self.named_body(part) or self.body(part)
                if found is not None:
                    return found, start, start + size
        return None, 0, 0

    def _body(self, phrase: str, context: Context) -> str:
        found, start, end = self.find_body(phrase)
        owner: Country | None = None
        if found is None and self._local:
            # "le ministère sénégalais des Affaires étrangères": the country's adjective
            # stands inside the body's name; the name without it, the country its owner
            owner = self._owner(phrase)
            if owner is not None:
                phrase = " ".join(
                    w for w in phrase.split() if self._stems.get(self._stemmed(w)) is None
                )
                found, start, end = self.find_body(phrase)
        if found is None:
            return ""
        named = found if isinstance(found, NamedBody) else None
        if named is not None:
            country = self.world.by_code(named.country) if named.country else None
            written = " ".join(phrase.split()[start:end]).strip(",.;:")
            owner = self._owner(" ".join(phrase.split()[:start])) if start else None
            if owner is not None and country is not None and owner.code != country.code:
                # "Kenya's National Intelligence Service": Kenya's, whatever else bears the name
                return f"{_adjective(owner)} {written.removeprefix('the ').removeprefix('The ')}"
            if written.lower().startswith("the "):
                written = written[4:]
            if written.islower():
                # "external affairs ministry": the name as the body writes it, with its country
                written = named.name if len(named.name) > len(written) else written.title()
                if country is not None and not written.isupper():
                    return f"{_short(country)} {written}"
            if country is None or self.countries_in(written):
                return written
            generic = _GENERIC_NAME_WORDS | self.lang.titles | self.lang.agents
            if len(written.split()) > 1 and set(written.lower().split()) <= generic:
                return f"{_short(country)} {written}"  # "U.S. State Department"
            return written
        body = found
        assert isinstance(body, Body)
        words = phrase.split()
        if self.lang.lang == "en" and "former" in (w.lower() for w in words[:start]):
            return ""  # "former intelligence officials" no longer speak for the service
        country = self._owner(" ".join(words[:start]))
        held = _POSSESSIVE.match(words[start - 1]) if start and country is None else None
        if held and held.group("owner")[:1].isupper():
            # "the South's military": the owner the text gives, never the item's country
            country = self._compass(held.group("owner"), context)
            if country is None:
                return f"{held.group('owner')}'s {body.label}"
        after = " ".join(words[end:])
        own_name = "" if self._local else self._own_name(words, start, end)
        # "A Russian military court has sentenced a Canadian ..., the Prosecutor General's
        # Office said": the country whose court, prosecutors or police the sentence names
        # is a local body's before the country the item is most about
        justice = (
            self._justice_country(context.sentence)
            if body.local and country is None and not self._local
            else None
        )
        if own_name and country is None:
            # "the General Police Inspectorate": the body's own name runs on past its kind;
            # its country is the item's
            owner_country = justice or self.local_country(context)
            return f"{_adjective(owner_country)} {own_name}" if owner_country else own_name
        if body.local and country is None:
            city = (
                self._city(words[:start], after)
                or self._city_in(body, context.sentence)
                or self._city_in(body, context.text)  # "the court" the item named before
            )
            if city:  # "A Moscow court", "a court in Bishkek": the city's, not a defendant's
                return f"{city} {body.label}"
        if country is None and after.lower().startswith("of "):
            country = self._owner(after[3:])  # "the Ministry of Defence of Ukraine"
        if country is None and self._local and after:
            country = self._owner(after)  # "МЗС України", "Ministerio de Defensa de Ucrania"
            owning = self.named_body(after.strip(",.;:")) if country is None else None
            if owning is not None and owning.country:
                country = self.world.by_code(owning.country)  # "Генштаб ЗСУ": Ukraine's
        located = self._located(after) if country is None and after else None
        country = country or owner or located
        if country is None and context.filed_in is not None and body.local:
            # "MOSCOW - A Russian court ..., the Prosecutor General's Office said": a court's,
            # a prosecutor's or the police's country is where the report was filed
            country = context.filed_in
        if country is None:
            earlier = next(
                (c for c, k in reversed(context.speakers) if k == "body" and body.label in c), ""
            )
            if earlier:
                return earlier
            country = justice or self.local_country(context)
        where = re.search(r"\bin ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)$", phrase)
        suffix = f" in {where.group(1)}" if where and located is None else ""
        label = body.label
        written = re.sub(
            r"^(?:the|its|their)\s+", "", " ".join(words[start:end]).strip(",.;:"), flags=re.I
        )
        if (
            not self._local  # (another language's name is put in English: the kind's label)
            and not set(label.lower().split()) <= set(written.lower().split())
            and sum(w[:1].isupper() for w in written.split()) >= 2
        ):
            label = written  # "Department of Foreign Employment": its own name, not the kind's
        return f"{_adjective(country)} {label}{suffix}" if country else f"{label}{suffix}"

    def _justice_country(self, sentence: str) -> Country | None:
        """The country of a court, prosecutor or police force the sentence names with its
        adjective ('a Russian military court', 'Moldovan prosecutors'), else None."""
        for found in _JUSTICE.finditer(sentence):
            for word in found.group("before").split():
                country = self.country_of(word) if word[:1].isupper() else None
                if country is not None:
                    return country
        return None

    def _compass(self, half: str, context: Context) -> Country | None:
        """'the South' in an item about North Korea: South Korea (a country the world data
        splits by compass point, named by its half)."""
        other = {"south": "North", "north": "South"}.get(half.lower())
        if other is None:
            return None
        for country in self.countries_in(context.text):
            for name in country.names():
                if name.startswith(other + " "):
                    return self.country_of(half + name[len(other) :])
        return None

    def _located(self, after: str) -> Country | None:
        """'[authorities] in Havana', '[the foreign ministry] in Lima': the country whose name
        or capital follows a body, which is that country's."""
        where = _IN_PLACE.match(after)
        if where is None:
            return None
        place = where.group("place")
        country = self.country_of(place)
        if country is not None and place.lower() in {n.lower() for n in country.names()}:
            return country
        country = self.place_of(place)
        capitals = {c.lower() for c in country.capitals()} if country is not None else set()
        return country if place.lower() in capitals else None

    def _last_body(self, head: str, context: Context) -> str:
        """The body that spoke last, for 'the ministry': one that is a ministry if one spoke,
        else the ministry of the minister who spoke ('Deputy Foreign Minister X' -> the
        country's Foreign Ministry), else the last body, unless it is plainly no ministry."""
        bodies = [c for c, k in reversed(context.speakers) if k == "body"]
        kind = next((b for b in bodies if head in b.lower().split()), "")
        if kind:
            return kind
        stem = head[:5]  # ("ministry" and "minister")
        country = self.local_country(context) if head == "ministry" else None
        spoke = {c for c, k in context.speakers if k == "person"}
        for name, role in reversed(context.people) if country is not None else ():
            words = role.split()
            at = next((k for k, w in enumerate(words) if w.lower().startswith(stem)), -1)
            office = [w for w in words[:at] if w.lower() not in _GRADES]
            if at > 0 and office and country and _display_person(name, role) in spoke:
                return f"{_adjective(country)} {' '.join(office)} Ministry"
        if head == "ministry" and bodies and stem not in bodies[0].lower():
            return ""  # an intelligence service that spoke before is not "the ministry"
        if head == "government" and bodies and not _GOVERNING & set(bodies[0].lower().split()):
            return ""  # nor are the police who spoke before "the government"
        if bodies and self._other_kind(head, bodies[0]):
            return ""  # nor is the prosecution that spoke before "the court"
        return bodies[0] if bodies else ""

    def _other_kind(self, head: str, body: str) -> bool:
        """Whether a body that spoke is plainly of another kind than a bare 'the court' (both
        kinds the world data knows, and not the same)."""
        kind = self.body(head)
        other = self.find_body(body)[0]
        return kind is not None and other is not None and other.kind != kind.kind

    def _named_unit(self, head: str, context: Context) -> str:
        """The body the item named before that 'the unit' or 'the battalion' is: a name in
        capitals ending in that noun ("the Georgian Legion" for "the unit")."""
        if head not in self.lang.unit_kinds:
            # "the ministry" is the last body that spoke, not any ministry named; but where
            # no body has spoken, "The Public Prosecutor's Office in Lima has filed charges
            # ..., the office said" names the office it means in the sentence itself
            spoke = context.last_speaker("body")
            if spoke and not self._other_kind(head, spoke):
                return ""
            return self._named_institution(head, context)
        kinds = self.lang.unit_kinds
        found = ""
        for run in _CAPITAL_RUN.finditer(context.text_through()):
            words = run.group(0).split()
            if len(words) >= 2 and words[-1].lower() in kinds:
                found = run.group(0)
        return found

    def _named_institution(self, head: str, context: Context) -> str:
        """The body in capitals the sentence opens with, when it is a 'head' ('The Department
        of Migrant Workers (DMW) has filed ..., the department said'), qualified as a speaker
        is ('Peruvian Interior Ministry' for 'The Interior Ministry of Peru'); else ''."""
        sentence = context.sentence
        run = _CAPITAL_RUN.match(sentence)
        if run is None or head not in run.group(0).lower().split():
            return ""
        place = _IN_PLACE_AFTER.match(sentence, run.end())
        found = self._body(run.group(0) + (place.group(0) if place else ""), context)
        if not found:
            name = run.group(0).removeprefix("The ")
            located = self._located(place.group(0).strip()) if place else None
            found = f"{_adjective(located)} {name}" if located else name
        return found

    def _outlet_named(self, phrase: str) -> str:
        """The name of a publication the phrase gives with what it is: 'the state news agency
        Tass', 'Sri Lanka's Daily Mirror newspaper' -> 'Tass', 'Daily Mirror'; else ''."""
        kind_first = _CONDUIT_NAMED.match(phrase)
        if kind_first and kind_first.group("kind").lower() in self.lang.conduits:
            return kind_first.group("name")
        name_first = _NAMED_CONDUIT.match(phrase)
        if (
            name_first
            and name_first.group("kind") in _PUBLICATION_KINDS
            and name_first.group("name").lower() not in ("the", "a", "an")
            and not self.countries_in(name_first.group("name"))
        ):
            return name_first.group("name")
        return ""

    def _outlet_name(self, speaker: str) -> bool:
        """A short proper name that is no country, place or body the data knows ('BBC',
        'Suspilne', 'Kyiv Independent'): what 'the broadcaster' or 'the outlet' stands for."""
        words = speaker.split()
        body = self.find_body(speaker)[0]
        return (
            1 <= len(words) <= 3
            and all(w[:1].isupper() for w in words)
            and not self.countries_in(speaker)
            and self.place_of(speaker) is None
            # ("BBC", "Tass": a broadcaster or an agency the data names)
            and (body is None or (isinstance(body, NamedBody) and body.kind in _MEDIA_KINDS))
            and "(" not in speaker
        )

    def _publication(self, speaker: str) -> str:
        """A speaker's name when it is a publication's ('Financial Times' in 'A Financial
        Times investigation'), else ''."""
        words = [w for w in speaker.split() if w[:1].isupper() and w.lower() not in ("a", "the")]
        if words and any(w.lower() in self.lang.organisations for w in words):
            return " ".join(words)
        return ""

    def plural_person(self, noun: str) -> bool:
        """'volunteers', 'men': people the language calls by no office."""
        singular = noun[:-3] + "man" if noun.endswith("men") else noun.removesuffix("s")
        return noun != singular and singular in self.lang.private_persons

    def counted_group(self, context: Context) -> str:
        """The last group the item counted by nationality before this sentence ("two Uzbek
        men"), as 'The two Uzbek men'."""
        last = ""
        for found in _COUNTED_PEOPLE.finditer(context.text_before()):
            if self.country_of(found.group("who")) is not None:
                counted = found.group(0)  # ("Seventeen South African men ...": seventeen)
                last = f"The {counted[0].lower()}{counted[1:]}"
        return last

    def _own_name(self, words: list[str], start: int, end: int) -> str:
        """A capitalised name that holds a body's kind and runs on after it ('General Police
        Inspectorate', 'National Anti-Corruption Bureau'); '' when the kind ends the phrase."""
        after: list[str] = []
        for word in words[end:]:
            bare = word.strip(",.;:")
            if not bare[:1].isupper() or bare.lower() in self.lang.pronoun_kind:
                break
            after.append(bare)
        if not after:
            return ""
        before = _capitalised_run(words[:start])
        parts = [*before, *(w.strip(",.;:") for w in words[start:end]), *after]
        while parts and parts[0].lower() in ("the", "a", "an"):
            parts = parts[1:]  # ("the National Police Service": no article in the name)
        name = " ".join(parts)
        return "" if self.countries_in(name) else name

    def _city(self, before: list[str], after: str) -> str:
        """The place a local body is named by: capitalised words right before it ("the
        Bishkek district court") or "in <Place>" right after it ("police in Kathmandu")."""
        place = " ".join(_capitalised_run(before))
        if not place:
            where = re.match(r"(?:in|of)\s+([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)\b", after)
            place = where.group(1) if where else ""
        if not place or self.country_of(place) is not None or self.names_in(f"x {place} x"):
            return ""  # a country is the body's owner; a person's name is no place
        return place

    def _city_in(self, body: Body, sentence: str) -> str:
        """The city a text names a local body by ("the court" said of "a Moscow court")."""
        low = sentence.lower()
        for form in sorted(body.forms, key=len, reverse=True):
            at = low.find(form)
            while at >= 0:
                if not low[at + len(form) : at + len(form) + 1].isalpha():
                    ws = sentence[:at].split()
                    city = self._city(ws, sentence[at + len(form) :].strip())
                    if city:
                        return city
                at = low.find(form, at + 1)
        return ""

    def _owner(self, phrase: str) -> Country | None:
        """The country a body belongs to: 'Taiwan's', 'Kyrgyz', 'of Ukraine' (not 'in Moscow')."""
        head = re.split(r"\s+in\s+", phrase)[0]
        for country in self.countries_in(head):
            return country
        if self._local:  # "dem kenianischen Außenministerium": adjectives inflect, in lower case
            for word in head.split():
                found = self._stems.get(self._stemmed(word.strip(",.")))
                if found is not None:
                    return found
        return None

    def _place(self, phrase: str) -> str:
        """A country or capital standing for its government: 'Moscow' -> 'Russian government'."""
        bare = re.sub(r"^(?:the)\s+", "", phrase, flags=re.IGNORECASE)
        if len(bare.split()) > 4:
            return ""
        country = self.country_of(bare)
        local = (*country.names(self.lang.lang),) if country is not None and self._local else ()
        if country is not None and re.sub(r"['’]s?$", "", bare.lower()) not in {
            n.lower()
            for n in (*country.names(), *local)  # ("Україна заявила")
        }:
            return ""  # "the Cuban" is a person, not Cuba's government
        if country is None:
            country = self.place_of(bare)
            # in another language its English form: "Київ" is a capital, "Кремль" the Kremlin
            english = self._english_place(bare) if self._local else bare
            seat = country is not None and english.lower() not in {
                c.lower() for c in country.capitals()
            }
            if seat:
                return english  # "Kremlin", "White House": the seat is the claimant's name
        if country is None:
            return ""
        if country.kind != "state":
            return country.name
        return f"{_short(country)} government"  # "U.S. government", "Russian government"

    def _described(self, phrase: str, context: Context) -> str:
        """'Relatives of the dead man', 'local media', 'one of the men': kept as written,
        a vague one qualified by the item's country."""
        phrase = _RELATIVE_TAIL.sub("", phrase)  # "families of ex-servicemen who went ...": who
        words = phrase.split()
        low = [w.lower().strip(",") for w in words]
        country = self.country_of(words[-1])
        demonym = country is not None and words[-1].lower() not in {
            n.lower() for n in country.names()
        }
        agent = self.lang.is_agent if self._local else self.lang.agents.__contains__
        # ("l'ambassadeur", "міністра"; "half-sister": a compound's head is its last part)
        if not demonym and not any(agent(w) or agent(w.rsplit("-", 1)[-1]) for w in low):
            return ""
        if len(words) > 9:
            # (a name is not cut in two: "... in the United States")
            end = 9
            while end < min(len(words), 12) and words[end - 1].lower() in _SMALL_WORDS:
                end += 1  # "... captured by [Ukraine]": a preposition keeps its object
            while (
                end < min(len(words), 12)
                and words[end][:1].isupper()
                and words[end - 1][:1].isupper()
            ):
                end += 1
            words = words[:end]
        text = " ".join(words)
        if len(low) <= 2 and low[-1] in _KIN and low[0] in (*_KIN, "the") and context.group:
            # "relatives", "the families": of the group the item is about
            return f"{words[-1].capitalize()} of {context.group}"
        if len(low) <= 2 and low[-1] in _CIRCLE and low[0] in (*_CIRCLE, "the"):
            # "relatives", "friends say": of the one private person the item names (not of
            # a country: the family of a Peruvian recruited in Moscow is no "Russian family")
            heard = {speaker.split(" (")[0] for speaker, _ in context.speakers}
            private = list(dict.fromkeys(name for name, role in context.people if not role))
            if len(private) == 1 and private[0] not in heard:  # (a mother quoted before
                # speaks for herself: "relatives" then are the recruits', not hers)
                return f"{private[0]}'s {low[-1]}"
        located = re.match(r"^(?P<head>.+?)\s+(?P<where>in\s+.+)$", text)
        vague_head = located is not None and all(
            w in _VAGUE_HEADS or w in _VAGUE_MODIFIERS
            for w in located.group("head").lower().split()
        )
        if located and vague_head:
            country = self._located(located.group("where"))
            if country is not None:  # "officials in Kathmandu": Nepali officials
                head = re.sub(r"^(?:the|a|an)\s+", "", located.group("head"), flags=re.I)
                return f"{_adjective(country)} {head.lower()}"
        if all(w in _VAGUE_HEADS or w in _VAGUE_MODIFIERS or w in _KIN for w in low):
            # "officials", "local media": named by their country, or they name no one
            text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
            country = self.local_country(context)
            if country is not None:
                return f"{_adjective(country)} {text.lower()}"
        if (
            low[0] in ("a", "an")
            and low[-1] in _SPEAKS_FOR
            and all(w in _VAGUE_MODIFIERS for w in low[1:-1])
        ):
            # "a spokesperson", "an official": of the body the item heard last, else of the
            # country the sentence or the item is about
            body = context.last_speaker("body")
            country = self.local_country(context)
            title, grade = low[-1], " ".join(low[1:-1])
            if body and (country is None or _adjective(country) in body):
                return f"{body} {title}"
            if body and context.speakers[-1][0] == body and not self.countries_in(context.sentence):
                # "Ukraine's ground forces confirm ... , a spokesman said": the body just
                # heard, though the item is about another country
                owner = self._owner(body)
                if owner is not None and owner in self.countries_in(context.text_before()[-250:]):
                    return f"{body} {title}"
            if country is not None:  # "a senior official": a senior Chinese official
                return f"{grade} {_adjective(country)} {title}".strip()
        if low[0] in ("one", "another", "the other") and context.group and len(low) == 1:
            return f"{words[0]} of {context.group}"
        if (
            len(low) == 2
            and low[0] in ("one", "another", "a", "an")
            and low[1] in self.lang.private_persons
            and context.country is not None
            and context.country.code not in context.setting
        ):
            # "one recruit": one of the people the report is about, "one Yemeni recruit"
            adjective = _adjective(context.country)
            article = words[0].capitalize()
            if low[0] in ("a", "an"):
                # ("a Ukrainian", "a Ugandan", "a Uruguayan": a vowel letter, not a sound)
                vowel = adjective[:1].lower() in "aeiou" and not _YOO.match(adjective)
                article = "An" if vowel else "A"
            return f"{article} {adjective} {low[1]}"
        text = self.qualify(text)  # "Russia's ambassador" -> "Russian ambassador"
        return text[0].upper() + text[1:]


_WORDS = re.compile(r"[\w'’-]+")
# forms of address, no office: "Dr. Dimitri Veras" holds no role called "Dr."
HONORIFICS = frozenset("mr mrs ms miss dr rev sir shri smt mx".split())
_MEDIA_KINDS = frozenset(("state media", "news agency"))
_GRADES = frozenset("deputy vice first acting former senior junior chief".split())
_NAME_PARTICLES = frozenset("de da del della di dos das do van von der den la le du".split())
_YOO = re.compile(r"(?:Ukr|Ug|Ur|Eu|Uni)")
_RELATIVE_TAIL = re.compile(r"(?<!,)\s+(?:who|which|that)\s(?!.*\bname\b).*$")  # restrictive only
# an adverbial before the speaker: "Outside the court, ...", "In Lima, ..."
_FRONTED = re.compile(
    r"^(?:(?:in|at|on|outside|inside|near|from|after|before|during|across)\s[^,]{1,40},\s+"
    # "On Monday its spokesman": a day needs no comma
    r"|(?:on|last|this|earlier\s+on)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|week|month)\s+)",
    re.IGNORECASE,
)
_CAPITAL_RUN = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:of\s+)?[A-Z][\w'’-]+){1,4}")
_JUSTICE = re.compile(
    r"(?P<before>(?:[A-Z][\w'’-]+\s+)(?:[a-z]+\s+){0,2})(?:court|tribunal|prosecutors?|police)\b"
)
_GOVERNING = frozenset("government ministry cabinet presidency office kremlin".split())
_IN_PLACE_AFTER = re.compile(r" in [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")
# "the military news site Task & Purpose", "the newspaper Kyiv Post": a publication's name
_PUBLICATION = re.compile(
    r"\b(?:news site|site|website|newspaper|paper|daily|weekly|magazine|outlet|broadcaster|"
    r"portal)\s+(?P<name>[A-Z][\w'’.-]*(?:\s+(?:&\s+)?[A-Z][\w'’.-]*){0,4})$"
)
# "two Uzbek men", "12 Nepali recruits": a group counted by its nationality
_COUNTED_PEOPLE = re.compile(
    r"\b(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|\d+)\s+"
    r"(?P<who>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:[a-z]+s|men|women)\b"
)
# a sentence that opens with a plural subject: "Several Bolivian men who ...", "Dozens of
# Nepali workers had ..." (whose "their" a tail attribution's possessive is)
_PLURAL_SUBJECT = re.compile(
    r"^(?P<np>(?:[\w-]+\s+){0,4}?(?:men|women|people|[a-z]{3,}s))\s+"
    r"(?:who|that|had|have|were|are|from|say|said)\b"
)
# the first word of a state body's name that does not say whose state it is
_NATIONAL_WORDS = frozenset("national state federal general central supreme chief main".split())
_SINGULAR_SUBJECT = re.compile(
    r"^(?:The|A|An)\s+(?P<np>(?:[\w-]+\s+){0,3}?(?P<head>[\w-]+))\s+"
    r"(?:who|that|had|has|was|is|killed|from|,)"
)
_QUANTIFIER = re.compile(r"^(?:several|some|many|dozens of|scores of|hundreds of)\s+", re.I)
_TRAILING_NAME = re.compile(r"(?<=[a-z] )[A-Z][\w'’.-]+(?: (?:of |de |du |la )?[A-Z][\w'’.-]+)+$")


_ACRONYM = re.compile(r"(?:[Tt]he\s+)?(?P<abbr>[A-Z]{2,6})")


def _capitalised_run(words: list[str]) -> list[str]:
    """The capitalised words a phrase ends with, marks stripped, back to an article or a
    small word: 'a Moscow' -> ['Moscow'], 'the General' -> ['General']."""
    run: list[str] = []
    for word in reversed(words):
        bare = word.strip(",.;:")
        if not bare[:1].isupper() or bare.lower() in ("the", "a", "an"):
            break
        if word.endswith((",", ";", ":")) or (word.endswith(".") and "." not in word[:-1]):
            break  # "... on Monday. Police": the sentence before ends there ("U.S." goes on)
        run.insert(0, bare)
    return run


def _title_cased(phrase: str) -> bool:
    """'the Financial Times', 'Observatoire Sahel-Centre': every word after an article is
    capitalised, and there are two or more."""
    words = phrase.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return len(words) >= 2 and all(w[:1].isupper() for w in words if w.lower() not in _SMALL)


_SMALL = frozenset("of and for de du la le des the".split())


def _proper_body(phrase: str, institutions: frozenset[str]) -> bool:
    """A body's own name the world data does not know: capitalised words, one of them an
    institution's noun ("Central Bureau of Investigation", "National Guard Service")."""
    words = [w.strip(",.") for w in phrase.split()]
    capitals = [w for w in words if w[:1].isupper()]
    return len(capitals) >= 2 and any(w.lower() in institutions for w in capitals[1:])


def _capitalised(word: str) -> bool:
    """A name-shaped word in any script: a capital, then small letters ('Герат', 'Álvarez')."""
    if not _ANY_NAME_WORD.fullmatch(word):
        return False
    return all(p[:1].isupper() and (p[1:].islower() or len(p) == 1) for p in re.split("[-]", word))


@lru_cache(maxsize=65536)
def _norm(phrase: str) -> str:
    """'the U.S.'s' -> 'us'; 'Côte d’Ivoire' keeps its letters; case folded."""
    text = phrase.strip().replace("’", "'").replace(".", "")
    if text[:4].lower() == "the ":
        text = text[4:]
    if text.endswith(("'s", "'")):
        text = text[: -2 if text.endswith("'s") else -1]
    return " ".join(text.lower().split())


def _add(index: dict[str, Country | None], form: str, country: Country) -> None:
    key = _norm(form)
    if not key:
        return
    known = index.get(key, country)
    index[key] = country if known is not None and known.code == country.code else None


def _adjective(country: Country) -> str:
    return country.adjective or country.name


def _short(country: Country) -> str:
    """The short form news puts before a body's name: 'U.S.' for the United States."""
    forms = [a for a in (country.adjective, *country.adjectives) if a]
    dotted = [a for a in forms if "." in a or a.isupper()]
    return dotted[0] if dotted else _adjective(country)
