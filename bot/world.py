"""General knowledge of the world: countries, demonyms, capitals and official bodies,
from bot/data/world/.

Pure and loaded once (load_world). Every lookup goes through key(): case, a leading "the", a
possessive "'s", dots ("U.S."), hyphens, commas and accents do not matter; an abbreviation of two
or more capitals (US, UK, MoD) matches only when written in capitals, so "us" is not the US.
A phrase that fits two countries ("Congo", "Korean") gives None; countries_for() gives them all.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar

import yaml

LANGS = ("uk", "ru", "es", "fr", "de", "pt")
I18N_FIELDS = ("name", "adjective", "person", "people")
_T = TypeVar("_T")
_PUNCT = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‑": "-"})
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<=[\w.])'s?$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,\-]+")


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def key(phrase: str) -> str:
    """The lookup key of a phrase: "the U.S.'s" -> "US", "Côte d’Ivoire" -> "cote d'ivoire"."""
    text = unicodedata.normalize("NFC", phrase).translate(_PUNCT).strip()
    text = _POSSESSIVE.sub("", _THE.sub("", text)).replace(".", "")
    text = _SEPARATORS.sub(" ", text).strip()
    if " " not in text and sum(c.isupper() for c in text) >= 2:
        return text.upper()
    return _fold(text.casefold())


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    kind: str  # "state" | "union"
    aliases: tuple[str, ...]
    adjective: str
    adjectives: tuple[str, ...]
    person: tuple[str, ...]
    people: tuple[str, ...]
    capital: str
    capital_aliases: tuple[str, ...]
    seats: tuple[str, ...]
    i18n: Mapping[str, Mapping[str, tuple[str, ...]]] = field(compare=False, repr=False)

    def names(self, lang: str = "en") -> tuple[str, ...]:
        """Name and aliases; in another language its i18n names."""
        return (self.name, *self.aliases) if lang == "en" else self.local(lang, "name")

    def demonyms(self, lang: str = "en") -> tuple[str, ...]:
        """Adjectives, person and people forms, in English or another language."""
        if lang == "en":
            return (self.adjective, *self.adjectives, *self.person, *self.people)
        return tuple(d for f in I18N_FIELDS[1:] for d in self.local(lang, f))

    def capitals(self) -> tuple[str, ...]:
        return (self.capital, *self.capital_aliases)

    def local(self, lang: str, what: str) -> tuple[str, ...]:
        """Forms of one i18n field ("name", "adjective", "person", "people") in one language."""
        return self.i18n.get(lang, {}).get(what, ())


@dataclass(frozen=True, slots=True)
class Body:
    kind: str
    label: str
    forms: tuple[str, ...]
    i18n: Mapping[str, tuple[str, ...]] = field(compare=False, repr=False)
    international: bool = False  # without a country it is one international body (Red Cross)
    local: bool = False  # one per city, named by it ("a Moscow court", "police in Kathmandu")

    def claimant(self, country: Country | None) -> str:
        """The claimant's name: "Chinese Foreign Ministry"; the label alone without a country."""
        return f"{country.adjective} {self.label}" if country else self.label


@dataclass(frozen=True, slots=True)
class NamedBody:
    name: str
    country: str | None  # a code from countries.yaml; None for an international body
    kind: str
    forms: tuple[str, ...]


def _index(pairs: Iterable[tuple[str, _T]]) -> dict[str, tuple[_T, ...]]:
    found: dict[str, list[_T]] = {}
    for form, value in pairs:
        bucket = found.setdefault(key(form), [])
        if value not in bucket:
            bucket.append(value)
    return {k: tuple(v) for k, v in found.items()}


def _find(index: Mapping[str, tuple[_T, ...]], phrase: str) -> tuple[_T, ...]:
    first = key(phrase)  # an abbreviation's key, then as a word: "RUSSIA" in a headline
    return index.get(first) or index.get(_fold(first.casefold()), ())


def _one(found: tuple[_T, ...]) -> _T | None:
    return found[0] if len(found) == 1 else None


class World:
    """Countries, bodies and named bodies, with O(1) lookups by any of their forms."""

    def __init__(
        self, countries: Iterable[Country], bodies: Iterable[Body], named: Iterable[NamedBody]
    ):
        self.countries, self.bodies, self.named = tuple(countries), tuple(bodies), tuple(named)
        self._by_code = {c.code: c for c in self.countries}
        cs, langs = self.countries, ("en", *LANGS)
        self._names = {lg: _index((n, c) for c in cs for n in c.names(lg)) for lg in langs}
        self._demonyms = {lg: _index((d, c) for c in cs for d in c.demonyms(lg)) for lg in langs}
        capitals = [(p, c) for c in cs if c.kind == "state" for p in c.capitals()]
        self._places = _index(capitals + [(s, c) for c in cs for s in c.seats])
        self._bodies = _index((f, b) for b in self.bodies for f in sum(b.i18n.values(), b.forms))
        self._named = _index((f, n) for n in self.named for f in (n.name, *n.forms))
        # Lookup keys (see key()) for fast membership tests, per language ("en" and LANGS)
        self.name_words = MappingProxyType({lg: frozenset(self._names[lg]) for lg in langs})
        self.demonym_words = MappingProxyType({lg: frozenset(self._demonyms[lg]) for lg in langs})
        self.place_words = frozenset(self._places)
        self.body_words = frozenset(self._bodies)
        self.named_words = frozenset(self._named)

    def countries_for(self, phrase: str, lang: str | None = None) -> tuple[Country, ...]:
        """Every country a name, alias, adjective, person or people form fits; English first."""
        for lg in ("en", *LANGS) if lang is None else (lang,):
            for index in (self._names.get(lg, {}), self._demonyms.get(lg, {})):
                if found := _find(index, phrase):
                    return found
        return ()

    def country(self, phrase: str, lang: str | None = None) -> Country | None:
        return _one(self.countries_for(phrase, lang))

    def country_of_place(self, phrase: str) -> Country | None:
        """By capital or seat of government: "Kiev" -> UA, "the Kremlin" -> RU."""
        return _one(_find(self._places, phrase))

    def body(self, phrase: str) -> Body | None:
        """By any form in any language: "the ministry of foreign affairs", "МЗС"."""
        return _one(_find(self._bodies, phrase))

    def named_body(self, phrase: str) -> NamedBody | None:
        """Bodies that carry their country: "State Department" (US, foreign ministry)."""
        return _one(_find(self._named, phrase))

    def by_code(self, code: str) -> Country | None:
        return self._by_code.get(code.strip().upper())

    def claimant(self, phrase: str) -> tuple[Country | None, Body | NamedBody] | None:
        """(country or None, body) of "Russian Foreign Ministry", "Ukraine's Defence Ministry",
        "Ministry of Defence of Ukraine" or "SBU"; None when the phrase names no body."""
        if named := self.named_body(phrase):
            return (self.by_code(named.country) if named.country else None), named
        if body := self.body(phrase):
            return None, body
        words = phrase.split()
        for i in range(1, len(words)):
            head, tail = " ".join(words[:i]), " ".join(words[i:])
            if (country := self.country(head)) and (body := self.body(tail)):
                return country, body
            of = words[i].casefold() == "of" and self.body(head)
            if of and (country := self.country(" ".join(words[i + 1 :]))):
                return country, of
        return None


class _Entry:
    """One entry of a data file; every error names the file and the entry."""

    def __init__(self, file: str, where: str, data: Any, required: set[str], optional: set[str]):
        self.file, self.where, self.data = file, where, data
        if not isinstance(data, dict):
            self.fail("an entry must be a mapping")
        if unknown := set(data) - required - optional:
            self.fail(f"unknown fields {sorted(unknown)}")
        if missing := required - set(data):
            self.fail(f"missing fields {sorted(missing)}")
        if "i18n" in data and (
            not isinstance(data["i18n"], dict) or set(data["i18n"]) != set(LANGS)
        ):
            self.fail(f"i18n must have exactly the languages {', '.join(LANGS)}")

    def fail(self, message: str) -> NoReturn:
        raise ValueError(f"bot/data/world/{self.file}: {self.where}: {message}")

    def text(self, name: str) -> str:
        value = self.data.get(name)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{name} must be a non-empty string")
        return value.strip()

    def forms(self, name: str, value: Any = None, required: bool = False) -> tuple[str, ...]:
        value = self.data.get(name) if value is None else value
        value = [] if value is None else [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(f"{name} must be a string or a list of non-empty strings")
        if required and not value:
            self.fail(f"{name} is empty")
        return tuple(dict.fromkeys(v.strip() for v in value))


def _entries(file: str, raw: Any, label: str, required: set[str], optional: set[str]):
    if not isinstance(raw, list):
        raise ValueError(f"bot/data/world/{file}: must hold a list of entries")
    for i, data in enumerate(raw, 1):
        name = data.get(label) if isinstance(data, dict) else data
        yield _Entry(file, f"entry {i} ({name!r})", data, required, optional)


def _country(e: _Entry) -> Country:
    code, kind = e.text("code"), e.data.get("kind", "state")
    if not re.fullmatch(r"[A-Z]{2,4}", code):
        e.fail(f"code {code!r} is not 2-4 capital letters")
    if kind not in ("state", "union"):
        e.fail(f"kind {kind!r} is not state or union")
    state, i18n = kind == "state", {}
    for lang, fields in e.data["i18n"].items():
        if not isinstance(fields, dict) or set(fields) - set(I18N_FIELDS):
            e.fail(f"i18n.{lang} must map some of {', '.join(I18N_FIELDS)} to forms")
        need = {"name", "adjective"} if state else {"name"}
        forms = {
            f: e.forms(f"i18n.{lang}.{f}", fields.get(f) or [], f in need) for f in I18N_FIELDS
        }
        i18n[lang] = MappingProxyType(forms)
    return Country(
        code, e.text("name"), kind, e.forms("aliases"), e.text("adjective"), e.forms("adjectives"),
        e.forms("person", required=state), e.forms("people", required=state), e.text("capital"),
        e.forms("capital_aliases"), e.forms("seats"), MappingProxyType(i18n),
    )  # fmt: skip


def _read(name: str) -> Any:
    text = (resources.files("bot") / "data" / "world" / name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # C: 10x faster


_COUNTRY = (
    {"code", "name", "adjective", "person", "people", "capital", "i18n"},
    {"kind", "aliases", "adjectives", "capital_aliases", "seats"},
)
_BODY = {"kind", "label", "forms", "i18n"}, {"international", "local"}
_NAMED: tuple[set[str], set[str]] = {"name", "country", "kind", "forms"}, set()


@functools.cache
def load_world() -> World:
    countries = [
        _country(e) for e in _entries("countries.yaml", _read("countries.yaml"), "code", *_COUNTRY)
    ]
    codes = [c.code for c in countries]
    if repeated := sorted({c for c in codes if codes.count(c) > 1}):
        raise ValueError(f"bot/data/world/countries.yaml: codes repeated: {repeated}")
    raw = _read("bodies.yaml")
    if not isinstance(raw, dict) or set(raw) != {"bodies", "named"}:
        raise ValueError("bot/data/world/bodies.yaml: must map bodies and named to lists")
    bodies = []
    for e in _entries("bodies.yaml", raw["bodies"], "kind", *_BODY):
        i18n = {
            lang: e.forms(f"i18n.{lang}", forms, True) for lang, forms in e.data["i18n"].items()
        }
        forms, intl = e.forms("forms", required=True), e.data.get("international") is True
        local = e.data.get("local") is True
        bodies.append(
            Body(e.text("kind"), e.text("label"), forms, MappingProxyType(i18n), intl, local)
        )
    kinds, named = {b.kind for b in bodies}, []
    for e in _entries("bodies.yaml", raw["named"], "name", *_NAMED):
        if e.data["country"] is not None and e.data["country"] not in codes:
            e.fail(f"country {e.data['country']!r} is not a code in countries.yaml")
        if e.data["kind"] not in kinds:
            e.fail(f"kind {e.data['kind']!r} is not a kind under bodies")
        forms = e.forms("forms", required=True)
        named.append(NamedBody(e.text("name"), e.data["country"], e.text("kind"), forms))
    return World(countries, bodies, named)
