"""Bodies, for the claims stage: an official body a phrase names, written with its country or city
("the ministry" -> "Zambian Foreign Ministry", "a court in Bishkek" -> "Bishkek Court"), the body
or office a bare noun stands for, and the publications a text cites. The third layer of the
claimant reader (bot/claimants.py). Pure."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.context import Context
from bot.names import (
    POSSESSIVE,
    SMALL_WORDS,
    Names,
    display_person,
    is_capitalised,
)
from bot.places import adjective_of, short_form
from bot.world import Body, Country, NamedBody

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


_HIS_WOMAN = re.compile(
    r"\bhis\s+(mother|wife|sister|daughter|grandmother|aunt|fiancée|fiancee|girlfriend|widow)\b",
    re.IGNORECASE,
)


class Bodies(Names):
    """The bodies layer of the claimant reader (bot/claimants.py)."""

    def _office(self, phrase: str, words: list[str], context: Context) -> tuple[str, str] | None:
        """'the interior minister', 'the deputy foreign minister', 'the detective branch': an
        office or a body's part that no data names, written with the country it serves
        ('Czech Interior Minister'); 'the Taoiseach': a title the data does not know, by its
        own capitalised name."""
        rest = phrase.split()[1:]
        if words[0] != "the" or not rest or len(rest) > 4:
            return None
        if len(rest) == 1 and is_capitalised(rest[0]) and rest[0][1:].islower():
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
            not all(w.islower() and w not in SMALL_WORDS for w in rest)
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
        return f"{adjective_of(country)} {' '.join(w.title() for w in rest)}", kind

    def _earlier(self, noun: str, context: Context) -> tuple[str, str] | None:
        """The person whose role, or the speaker whose name, holds this noun's stem."""
        assert self._stem is not None
        # the noun, or a title it stands for ("el diplomático" after "el embajador X")
        heads = {self._stem(noun)} | {
            self._stem(title) for title, same in self.lang.title_synonyms.items() if noun in same
        }
        for name, role in reversed(context.people):
            if heads & {self._stem(w) for w in role.lower().split()}:
                return display_person(name, role), "person"
        for earlier, kind in reversed(context.speakers):
            if heads & {self._stem(w) for w in earlier.lower().split()}:
                return earlier, kind
        if noun in self.lang.institutions and context.last_speaker("body"):
            return context.last_speaker("body"), "body"
        return None

    def _pronoun(self, kind: str, context: Context) -> str:
        if kind == "person":
            speaker = context.last_speaker("person")
            if speaker:
                return speaker
            return display_person(*context.people[-1]) if context.people else ""
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
                return f"{adjective_of(owner)} {written.removeprefix('the ').removeprefix('The ')}"
            if written.lower().startswith("the "):
                written = written[4:]
            if written.islower():
                # "external affairs ministry": the name as the body writes it, with its country
                written = named.name if len(named.name) > len(written) else written.title()
                if country is not None and not written.isupper():
                    return f"{short_form(country)} {written}"
            if country is None or self.countries_in(written):
                return written
            generic = _GENERIC_NAME_WORDS | self.lang.titles | self.lang.agents
            if len(written.split()) > 1 and set(written.lower().split()) <= generic:
                return f"{short_form(country)} {written}"  # "U.S. State Department"
            return written
        body = found
        assert isinstance(body, Body)
        words = phrase.split()
        if self.lang.lang == "en" and "former" in (w.lower() for w in words[:start]):
            return ""  # "former intelligence officials" no longer speak for the service
        country = self._owner(" ".join(words[:start]))
        held = POSSESSIVE.match(words[start - 1]) if start and country is None else None
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
            return f"{adjective_of(owner_country)} {own_name}" if owner_country else own_name
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
        return f"{adjective_of(country)} {label}{suffix}" if country else f"{label}{suffix}"

    def _justice_country(self, sentence: str) -> Country | None:
        """The country of a court, prosecutor or police force the sentence names with its
        adjective ('a Russian military court', 'Moldovan prosecutors'), else None."""
        for found in _JUSTICE.finditer(sentence):
            for word in found.group("before").split():
                country = self.country_of(word) if word[:1].isupper() else None
                if country is not None:
                    return country
        return None

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
            if at > 0 and office and country and display_person(name, role) in spoke:
                return f"{adjective_of(country)} {' '.join(office)} Ministry"
        named = self._named_before(head, context)
        if named:
            return named
        if head == "ministry" and bodies and stem not in bodies[0].lower():
            return ""  # an intelligence service that spoke before is not "the ministry"
        if head == "government" and bodies and not _GOVERNING & set(bodies[0].lower().split()):
            return ""  # nor are the police who spoke before "the government"
        if bodies and self._other_kind(head, bodies[0]):
            return ""  # nor is the prosecution that spoke before "the court"
        return bodies[0] if bodies else ""

    def _named_before(self, head: str, context: Context) -> str:
        """'the ministry' after 'Peru's foreign ministry summoned ...': the last body of this
        kind that an earlier sentence names with its country, though it did not speak then."""
        if self._local:
            return ""
        before = context.text_before()
        for found in reversed(list(_body_mention(head).finditer(before))):
            phrase = re.split(r"[.!?;:]\s", found.group())[-1]
            opens = before[: found.end() - len(phrase)].rstrip()
            if opens and opens[-1] not in '.!?"”-–—':
                continue  # a body the sentence opens with, as its subject, is the one meant
            body, start, end = self.find_body(phrase)
            if not isinstance(body, Body) or body.local:
                continue
            if not all(w[:1].isupper() or w.lower() == "the" for w in phrase.split()[:start]):
                continue  # "after talks with Peru's ...": not the subject
            label = body.label.lower().split()
            if head not in label or len(label) < 2:
                continue  # "the embassy": no kind more exact than the noun itself
            words = phrase.split()
            country = self._owner(" ".join(words[:start])) or self._owner(" ".join(words[end:]))
            if country is not None:
                return f"{adjective_of(country)} {body.label}"
        return ""

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
            found = f"{adjective_of(located)} {name}" if located else name
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


_MEDIA_KINDS = frozenset(("state media", "news agency"))


@lru_cache(maxsize=64)
def _body_mention(head: str) -> re.Pattern[str]:
    """A mention of a body whose name holds `head`: up to five words before it, and an
    "of Peru" after."""
    return re.compile(
        rf"(?:[\w'’.-]+\s+){{0,5}}[\w-]*{re.escape(head)}\b"
        r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?",
        re.IGNORECASE,
    )


_GRADES = frozenset("deputy vice first acting former senior junior chief".split())


_CAPITAL_RUN = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:of\s+)?[A-Z][\w'’-]+){1,4}")


_JUSTICE = re.compile(
    r"(?P<before>(?:[A-Z][\w'’-]+\s+)(?:[a-z]+\s+){0,2})(?:court|tribunal|prosecutors?|police)\b"
)


_GOVERNING = frozenset("government ministry cabinet presidency office kremlin".split())


_IN_PLACE_AFTER = re.compile(r" in [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")


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
