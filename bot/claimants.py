"""Claimants, for the claims stage: the phrase that names a speaker -> who the claimant is.

Pure. "Iran's foreign ministry spokesman, Nasser Kanaani" -> "Nasser Kanaani (Iranian
foreign ministry spokesman)"; "the ministry" -> the body that spoke before, or the item's
own country's body ("Zambian Foreign Ministry"); "Moscow" standing for its government ->
"Russian government"; "he", "the spokesman", "his wife" -> resolved from what the item said
before. Countries, capitals and bodies come from the world data (bot/world.py); the words
of reporting from the language data (bot/reporting.py).

The reader is built in layers, each a class on the one below: what the item has said so far
(bot/context.py), places (bot/places.py), people's names (bot/names.py), bodies
(bot/bodies.py), and here the claimant a whole phrase names.
"""

from __future__ import annotations

import re

from bot.bodies import (
    Bodies,
)
from bot.clauses import NAMES_ONESELF
from bot.context import Context
from bot.names import (
    SMALL_WORDS,
    display_person,
    is_capitalised,
)
from bot.places import adjective_of

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


_CIRCLE = _KIN | frozenset("friends parents colleagues neighbours neighbors comrades".split())


_PERSON_NOUNS = frozenset("man woman".split())
_KIN_OF = re.compile(
    r"^(?:the\s+)?(?P<kin>relatives|family|families|friends|parents|mother|father|brother|"
    r"sister|wife|husband|son|daughter|widow|cousin|uncle|aunt)\s+of\s+(?P<who>[A-Z].+)$",
    re.IGNORECASE,
)


_VAGUE_HEADS = frozenset(
    "officials official authorities authority government ministry media police prosecutors "
    "prosecutor court army military forces embassy sources source intelligence officers "
    "investigators detectives".split()
)


class Claimants(Bodies):
    """Turns speaker phrases into claimants, against the world and a language's data."""

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
            for name, role in sorted(fitting, key=lambda p: display_person(*p) not in spoke):
                return display_person(name, role), "person"
            if head in _PERSON_NOUNS and context.people:
                # "the man": the person the item named before
                return display_person(*context.people[-1]), "person"
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
                display_person(name, "") if is_capitalised(name) else ""
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
        kin_of = _KIN_OF.match(phrase) if self.lang.lang == "en" else None
        if kin_of:
            # "relatives of Mohammed Asfan, a Hyderabad man": his relatives speak, not he
            named = self._named(kin_of.group("who").split(",")[0], context, "")
            if named:
                kin = kin_of.group("kin").lower()
                plural = kin.endswith("s") or kin == "family"
                return f"{named.split(' (')[0]}'s {kin}", "group" if plural else "person"
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
                and all(is_capitalised(w) for w in second.split())
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
            and is_capitalised(phrase)
            and low not in self.lang.agents
            and low not in self.lang.pronoun_kind
            and self.country_of(phrase) is None
            # a name is capitalised inside a sentence too ("Footage" opens one only)
            and re.search(rf"[\w,;:'\"”’]\s+{re.escape(phrase)}\b", context.text) is not None
        ):
            # "..., Tsiklauri said": a surname alone, the person the item named or not
            known = context.person(phrase)
            return (display_person(*known) if known else phrase), "person"
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
                return f"{adjective_of(country)} {name}", "body"
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
            while end < min(len(words), 12) and words[end - 1].lower() in SMALL_WORDS:
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
                return f"{adjective_of(country)} {head.lower()}"
        if all(w in _VAGUE_HEADS or w in _VAGUE_MODIFIERS or w in _KIN for w in low):
            # "officials", "local media": named by their country, or they name no one
            text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
            country = self.local_country(context)
            if country is not None:
                return f"{adjective_of(country)} {text.lower()}"
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
            if body and (country is None or adjective_of(country) in body):
                return f"{body} {title}"
            if body and context.speakers[-1][0] == body and not self.countries_in(context.sentence):
                # "Ukraine's ground forces confirm ... , a spokesman said": the body just
                # heard, though the item is about another country
                owner = self._owner(body)
                if owner is not None and owner in self.countries_in(context.text_before()[-250:]):
                    return f"{body} {title}"
            if country is not None:  # "a senior official": a senior Chinese official
                return f"{grade} {adjective_of(country)} {title}".strip()
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
            adjective = adjective_of(context.country)
            article = words[0].capitalize()
            if low[0] in ("a", "an"):
                # ("a Ukrainian", "a Ugandan", "a Uruguayan": a vowel letter, not a sound)
                vowel = adjective[:1].lower() in "aeiou" and not _YOO.match(adjective)
                article = "An" if vowel else "A"
            return f"{article} {adjective} {low[1]}"
        text = self.qualify(text)  # "Russia's ambassador" -> "Russian ambassador"
        return text[0].upper() + text[1:]


_WORDS = re.compile(r"[\w'’-]+")


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


# "the military news site Task & Purpose", "the newspaper Kyiv Post": a publication's name
_PUBLICATION = re.compile(
    r"\b(?:news site|site|website|newspaper|paper|daily|weekly|magazine|outlet|broadcaster|"
    r"portal)\s+(?P<name>[A-Z][\w'’.-]*(?:\s+(?:&\s+)?[A-Z][\w'’.-]*){0,4})$"
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
