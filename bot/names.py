"""Names of people, for the claims stage: the persons a phrase names and their roles ("Foreign
Minister Andrii Sybiha" -> ("Andrii Sybiha", "Foreign Minister")), a surname standing alone, and a
name put in Latin script. The second layer of the claimant reader (bot/claimants.py). Pure."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.context import Context
from bot.latin import latin_name
from bot.places import Places, adjective_of, normal_form
from bot.text import PARTICLE_NAME

_NAME_WORD = re.compile(
    r"(?:[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)*|[A-Z]\.|Mc[A-Z][a-z]+"
    r"|(?:al|el|ad|as|ash|an|ibn|bin|abu|ben)-[A-Z][a-z]+)"  # "al-Saadi"
)


_INITIAL = re.compile(r"[A-Z]\.")  # "J." in "Michael J. Fox"


# A capitalised word in any script: "Зеленський", "Pérez", "Дар'я", "Jean-Luc" (tried only
# for a word that is not plain ASCII, so English names keep the pattern above)
_ANY_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*")


POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s$")


_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)


_LOCATIVE = frozenset("in from near at outside inside across into around via upstate".split())


# endings of the nouns that capitals make part of a title or a treaty, never of a name
_NOUN_ENDINGS = ("tion", "tions", "ities", "ism", "isms", "ments")


# an office is written as a compound of nouns: "the head of the agency" is no title
SMALL_WORDS = frozenset("of the a an for in at on and or to with from by".split())


def display_person(name: str, role: str) -> str:
    role = " ".join(w for w in role.split() if w.lower().strip(".") not in HONORIFICS)
    role = role.strip(" ,")
    if role.isdigit():
        role = ""  # "Marco Quispe, 26, says": an age, not a role
    if not role or role.lower() in name.lower() or name.lower() in role.lower():
        return name
    return f"{name} ({role})"


class Names(Places):
    """The names layer of the claimant reader (bot/claimants.py)."""

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
            and (bare.isascii() or not is_capitalised(bare))  # "Герат", "Pérez" are names
        ):
            return False
        if low in self.lang.titles or low in self.lang.agents or low in _CALENDAR:
            return False
        if low in self.lang.subordinators or low in self.lang.pronoun_kind:
            return False
        if low in SMALL_WORDS or low in _LOCATIVE:
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
                or (low in SMALL_WORDS and low not in self.lang.locatives)
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
            owner = POSSESSIVE.match(words[0])
            country = self.country_of(owner.group("owner")) if owner else None
            if country is not None and country.adjective:
                words[0] = adjective_of(country)
        return " ".join(words)

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
            is_capitalised(w) or _NAME_WORD.fullmatch(w) or w.isupper() for w in named
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
            if english != bare or normal_form(bare) in places:
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
        return f"{adjective_of(owner)} {found}" if owner else found

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
            return display_person(name, role)
        tokens = phrase.split()
        if len(tokens) <= 3 and (tokens[-1][:1].isupper() or PARTICLE_NAME.match(tokens[-1])):
            known = context.person(tokens[-1].strip(".,"))
            if known:
                role = role or known[1]
                return display_person(known[0], role)
        if len(tokens) == 1 and PARTICLE_NAME.match(tokens[0]):
            return display_person(tokens[0].strip(".,"), role)  # "al-Saadi": a surname
        if len(tokens) == 1 and self._surname(tokens[0].strip(".,")):
            return display_person(tokens[0].strip(".,"), role)  # "Zelensky [said]"
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


# forms of address, no office: "Dr. Dimitri Veras" holds no role called "Dr."
HONORIFICS = frozenset("mr mrs ms miss dr rev sir shri smt mx".split())


_NAME_PARTICLES = frozenset("de da del della di dos das do van von der den la le du".split())


# "two Uzbek men", "12 Nepali recruits": a group counted by its nationality
_COUNTED_PEOPLE = re.compile(
    r"\b(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|\d+)\s+"
    r"(?P<who>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:[a-z]+s|men|women)\b"
)


def is_capitalised(word: str) -> bool:
    """A name-shaped word in any script: a capital, then small letters ('Герат', 'Álvarez')."""
    if not _ANY_NAME_WORD.fullmatch(word):
        return False
    return all(p[:1].isupper() and (p[1:].islower() or len(p) == 1) for p in re.split("[-]", word))
