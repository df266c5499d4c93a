"""Places, for the claims stage: which country a phrase names, by name, adjective, capital or seat,
and the country a bare body or "local media" belongs to. The first layer of the claimant reader
(bot/claimants.py); countries and bodies come from the world data (bot/world.py). Pure."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from bot.context import Context
from bot.language import stemmer
from bot.reporting import Reporting
from bot.world import Body, Country, NamedBody, World

_WORD = re.compile(r"[\w'’.-]+")


# "in Havana", "in the Philippines": where a body is, ending its phrase
_LISTED = re.compile(r",\s*(?:and\s+)?|\s+and\s+")  # "Kazakhstan, Kyrgyzstan and Uzbekistan"
_IN_PLACE = re.compile(r"^in\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})[,.]?$")


class Places:
    """The places layer of the claimant reader (bot/claimants.py)."""

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
        found = self._countries.get(normal_form(phrase))
        if found is None and self._local and phrase[:1].isupper():
            found = self._stems.get(self._stemmed(phrase))  # names are capitalised
        return found

    @lru_cache(maxsize=65536)  # noqa: B019 (one Claimants per language, kept for the process)
    def _stemmed(self, phrase: str) -> str:
        assert self._stem is not None
        return " ".join(self._stem(w) for w in normal_form(phrase).split())

    def place_of(self, phrase: str) -> Country | None:
        """The country whose capital or seat of government this is ('Kiev', 'the Kremlin')."""
        found = self._places.get(normal_form(phrase))
        if found is None and self._local and self.lang.places:
            english = self._english_place(phrase)  # "Москви" -> Moscow
            found = self._places.get(normal_form(english)) if english != phrase else None
        return found

    def _english_place(self, phrase: str) -> str:
        """A capital or seat as English writes it ('Москви', 'Kremls' -> Moscow, Kremlin); the
        phrase itself when the language data has no such place."""
        places = self.lang.places or {}
        english = places.get(normal_form(phrase))
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
            longest = 3 if normal_form(ws[k]) in self._openers else 1
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
        """A country or capital standing for its government: 'Moscow' -> 'Russian government';
        'Kazakhstan, Kyrgyzstan and Uzbekistan' -> 'Kazakh, Kyrgyz and Uzbek governments'."""
        bare = re.sub(r"^(?:the)\s+", "", phrase, flags=re.IGNORECASE)
        listed = _LISTED.split(bare) if self.lang.lang == "en" and " and " in bare else []
        if len(listed) >= 2:
            states = [self.country_of(part) for part in listed]
            if all(
                c is not None
                and c.kind == "state"
                and part.lower() in {n.lower() for n in c.names()}
                for c, part in zip(states, listed, strict=True)
            ):
                names = [short_form(c) for c in states if c is not None]
                return f"{', '.join(names[:-1])} and {names[-1]} governments"
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
        return f"{short_form(country)} government"  # "U.S. government", "Russian government"


@lru_cache(maxsize=65536)
def normal_form(phrase: str) -> str:
    """'the U.S.'s' -> 'us'; 'Côte d’Ivoire' keeps its letters; case folded."""
    text = phrase.strip().replace("’", "'").replace(".", "")
    if text[:4].lower() == "the ":
        text = text[4:]
    if text.endswith(("'s", "'")):
        text = text[: -2 if text.endswith("'s") else -1]
    return " ".join(text.lower().split())


def _add(index: dict[str, Country | None], form: str, country: Country) -> None:
    key = normal_form(form)
    if not key:
        return
    known = index.get(key, country)
    index[key] = country if known is not None and known.code == country.code else None


def adjective_of(country: Country) -> str:
    return country.adjective or country.name


def short_form(country: Country) -> str:
    """The short form news puts before a body's name: 'U.S.' for the United States."""
    forms = [a for a in (country.adjective, *country.adjectives) if a]
    dotted = [a for a in forms if "." in a or a.isupper()]
    return dotted[0] if dotted else adjective_of(country)
