"""Configuration stage: feeds.yaml -> a validated Config value, with clear error messages.

Loaded once by `__main__` and passed down; nothing here reads the environment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class ConfigError(Exception):
    """feeds.yaml cannot be used; the message names the place and what is wrong."""


# feed, outlet and topic names are shown in messages and kept as keys in the database: a
# longer one is a mistake (a pasted description), and would crowd every /sources reply
MAX_NAME = 200


def _capped(value: str) -> str:
    if len(value) > MAX_NAME:
        preview = value[:40].rstrip() + "…"
        raise ValueError(f"{preview!r} is longer than {MAX_NAME} characters")
    return value


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_duration(value: Any) -> int:
    """Seconds from 900, "15m", "1h" or "90s"; a bare number means minutes."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 15m, 1h or 90s")
    if isinstance(value, int | float):
        return int(value * 60)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a duration; write e.g. 15m, 1h or 90s")
    number, unit = float(match.group(1)), (match.group(2) or "m").lower()
    return int(number * _UNIT_SECONDS[unit])


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FeedConfig(_Strict):
    name: str = Field(min_length=1)
    url: str = Field(min_length=1)
    outlet: str = ""
    # ISO 639-1 code of the feed's items; unset (""), each item's language is detected
    language: str = ""
    interval: int | None = None  # seconds; None = the poll default
    full_text: bool = False
    enabled: bool = True

    _names = field_validator("name", "outlet")(_capped)

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> int | None:
        if value is None:
            return None
        seconds = parse_duration(value)
        if seconds < 60:
            raise ValueError("must be at least one minute")
        return seconds

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        code = value.strip().lower().replace("_", "-")
        if code and not re.fullmatch(r"[a-z]{2}(-[a-z0-9]{2,8})?", code):
            raise ValueError(f"{value!r} is not a language code such as en, uk or pt-BR")
        return code[:2]

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme in ("http", "https"):
            if not parts.netloc:
                raise ValueError(f"{value!r} has no host")
            return value
        if parts.scheme and len(parts.scheme) > 1 and parts.scheme != "file":
            raise ValueError(f"{value!r}: only http(s) URLs or local file paths are allowed")
        return value

    @property
    def display_outlet(self) -> str:
        return self.outlet or self.name

    @property
    def is_local(self) -> bool:
        return urlsplit(self.url).scheme not in ("http", "https")


# Lexicon entries that stand for general knowledge from the world file (bot/data/world/):
# "@countries", or "@countries except barrier" to leave out every country that a term of the
# list `barrier` names. bot/topic.py expands them in the item's language.
WORLD_DIRECTIVES = ("countries", "capitals", "adjectives", "demonyms", "peoples")
_DIRECTIVE = re.compile(r"@(?P<kind>[a-z]+)(?:\s+except\s+(?P<except>[\w-]+))?")
# Pseudo-lists a rule's `before` / `after` may name besides the topic's own lists.
CONTEXT_WORDS = {
    # a capitalised name no list holds, e.g. a home town ("Leeds man"); the start of a sentence
    "before": ("@name", "@start"),
    "after": ("@end",),  # the end of a clause: punctuation or the end of the sentence
}


# List entries that stand for a kind of word rather than a word: any number ("15"), any word.
WORD_CLASSES = ("<number>", "<any>")


def parse_directive(term: str) -> tuple[str, str] | None:
    """("countries", "barrier") from "@countries except barrier"; None for a plain term."""
    if not term.startswith("@"):
        return None
    match = _DIRECTIVE.fullmatch(term.strip())
    if not match or match["kind"] not in WORLD_DIRECTIVES:
        known = ", ".join("@" + kind for kind in WORLD_DIRECTIVES)
        raise ValueError(f"{term!r} is not a directive; write one of {known} [except LIST]")
    return match["kind"], match["except"] or ""


class RuleConfig(_Strict):
    """One matching rule; it fires when its terms (or two lists near each other) occur."""

    name: str = Field(min_length=1)
    terms: list[str] = []
    lists: list[str] = []
    near: list[str] = []
    window: int = Field(default=4, ge=1, le=30)
    weight: float = 1.0
    # lists whose terms, right before the first term of a `near` pair, keep the pair apart:
    # "soldiers in Mali" are not Malian soldiers (the topic's `barrier` list, anywhere between
    # the two, keeps every pair apart)
    not_after: list[str] = []
    # lists whose terms between the two terms of a `near` pair keep them apart; unset, the
    # topic's `barrier` list ("Chinese ... Russian soldiers" are Russian soldiers)
    apart: list[str] | None = None
    # a term of `terms`/`lists` counts only right after a term of one of these lists ...
    before: list[str] = []
    # ... and only right before one of these (a noun use: "a captured Briton, who ...")
    after: list[str] = []
    # lists whose terms anywhere in the item keep the rule from firing: "captured Colombians"
    # say this topic unless the item is about another war
    unless: list[str] = []

    @model_validator(mode="after")
    def _has_something(self) -> RuleConfig:
        if not (self.terms or self.lists or self.near):
            raise ValueError("a rule needs terms, lists or near")
        if self.near and len(self.near) != 2:
            raise ValueError("near takes exactly two list names")
        if (self.not_after or self.apart is not None) and not self.near:
            raise ValueError("not_after and apart apply to near rules only")
        if (self.before or self.after) and self.near:
            raise ValueError("before and after apply to terms and lists, not to near")
        return self


class LexiconConfig(_Strict):
    """A topic's words in one more language: the same lists (and rule terms) as the topic's
    own, written in that language; an empty list matches nothing in it."""

    lists: dict[str, list[str]] = {}
    terms: dict[str, list[str]] = {}  # rule name -> its terms in this language
    exclude: list[str] = []


class TopicConfig(_Strict):
    name: str = Field(min_length=1)
    _name = field_validator("name")(_capped)
    title: str = ""
    description: str = ""
    threshold: float = Field(default=5.0, gt=0)
    # the bar for an item against which no rule with a negative weight fired (no other war,
    # no flight, no terror): contrary evidence is what the full margin guards against
    clear_threshold: float | None = Field(default=None, gt=0)
    lists: dict[str, list[str]] = {}
    rules: list[RuleConfig] = Field(min_length=1)
    require: list[list[str]] = []
    exclude: list[str] = []
    # the countries every item of the topic is set in (the war's parties): a bare "foreign
    # ministry" or "local media" in an item is taken to be the other country's
    setting: list[str] = []
    # a YAML file whose `languages` are read into `languages`: relative to feeds.yaml, or
    # "bot:topics/NAME.yaml" for one shipped with the bot (under bot/data/)
    lexicon: str = ""
    languages: dict[str, LexiconConfig] = {}  # by ISO 639-1 code; English is the topic itself

    @field_validator("setting")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        from bot.world import load_world

        world = load_world()
        for name in value:
            if world.country(name) is None:
                raise ValueError(f"setting: {name!r} is not a country the world data knows")
        return value

    @property
    def setting_codes(self) -> tuple[str, ...]:
        from bot.world import load_world

        world = load_world()
        return tuple(c.code for n in self.setting if (c := world.country(n)) is not None)

    @property
    def display_title(self) -> str:
        return self.title or self.name.replace("-", " ").capitalize()

    @model_validator(mode="after")
    def _references(self) -> TopicConfig:
        rule_names = {rule.name for rule in self.rules}
        for rule in self.rules:
            for name in [
                *rule.lists,
                *rule.near,
                *rule.not_after,
                *(rule.apart or ()),
                *rule.unless,
            ]:
                if name not in self.lists:
                    raise ValueError(f"rule {rule.name!r} names unknown list {name!r}")
            for side in ("before", "after"):
                for name in getattr(rule, side):
                    if name not in self.lists and name not in CONTEXT_WORDS[side]:
                        raise ValueError(f"rule {rule.name!r}: {side} names unknown list {name!r}")
        for group in self.require:
            for name in group:
                if name not in rule_names:
                    raise ValueError(f"require names unknown rule {name!r}")
        for name, terms in self.lists.items():
            if not terms:
                raise ValueError(f"list {name!r} is empty")
        self._check_lexicon("", self.lists)
        for lang, lexicon in self.languages.items():
            self._check_language(lang, lexicon)
        return self

    def _check_lexicon(self, where: str, lists: dict[str, list[str]]) -> None:
        for name, terms in lists.items():
            for term in terms:
                if term.startswith("<") and term not in WORD_CLASSES:
                    known = ", ".join(WORD_CLASSES)
                    raise ValueError(f"{where}list {name!r}: {term!r} is not one of {known}")
                try:
                    directive = parse_directive(term)
                except ValueError as exc:
                    raise ValueError(f"{where}list {name!r}: {exc}") from None
                if directive and directive[1] and directive[1] not in lists:
                    raise ValueError(f"{where}list {name!r}: {term!r} names unknown list")

    def _check_language(self, lang: str, lexicon: LexiconConfig) -> None:
        from bot.language import LANGUAGES  # config stays importable without the NLP packages

        where = f"languages.{lang}: "
        if lang not in LANGUAGES or lang == "en":
            raise ValueError(f"{where}not one of {', '.join(c for c in LANGUAGES if c != 'en')}")
        missing = [name for name in self.lists if name not in lexicon.lists]
        if missing:
            raise ValueError(f"{where}missing the list(s) {', '.join(map(repr, missing))}")
        for name in lexicon.lists:
            if name not in self.lists:
                raise ValueError(f"{where}list {name!r} is not one of the topic's lists")
        with_terms = {rule.name for rule in self.rules if rule.terms}
        for name in lexicon.terms:
            if name not in with_terms:
                raise ValueError(f"{where}terms for {name!r}, which is not a rule with terms")
        absent = sorted(with_terms - set(lexicon.terms))
        if absent:
            raise ValueError(f"{where}missing the terms of rule(s) {', '.join(map(repr, absent))}")
        self._check_lexicon(where, lexicon.lists)


class DigestConfig(_Strict):
    time: list[str] = ["08:00"]
    timezone: str = "UTC"
    max_stories: int = Field(default=5, ge=1, le=50)
    max_claims: int = Field(default=4, ge=1, le=50)
    window_hours: int = Field(default=24, ge=1, le=24 * 31)

    @field_validator("time", mode="before")
    @classmethod
    def _times(cls, value: Any) -> list[str]:
        values = value if isinstance(value, list) else str(value).split(",")
        out = []
        for raw in values:
            text = str(raw).strip()
            if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", text):
                raise ValueError(f"{text!r} is not a time of day like 08:00")
            out.append(text.zfill(5))
        return out

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" is a folder
            raise ValueError(f"{value!r} is not an IANA timezone such as Europe/Kyiv") from None
        return value


class PollConfig(_Strict):
    interval: int = 900
    timeout: float = Field(default=20.0, gt=0, le=300)
    max_bytes: int = Field(default=5_000_000, ge=10_000)
    concurrency: int = Field(default=8, ge=1, le=200)
    # worker processes for fetching and analysis; unset: one per core (at most 4) when 100
    # or more feeds are due, else none (the poll runs in the bot's own process)
    workers: int | None = Field(default=None, ge=0, le=32)
    max_redirects: int = Field(default=5, ge=0, le=20)
    user_agent: str = "briefing-bot/0.1 (+https://github.com/; news briefing bot)"

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> int:
        return parse_duration(value)


class Config(_Strict):
    feeds: list[FeedConfig] = Field(min_length=1)
    topics: list[TopicConfig] = Field(min_length=1)
    digest: DigestConfig = DigestConfig()
    poll: PollConfig = PollConfig()
    channels: list[str] = []
    base_dir: str = "."

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        seen: set[str] = set()
        for feed in self.feeds:
            if feed.name in seen:
                raise ValueError(f"feed name {feed.name!r} is used twice")
            seen.add(feed.name)
        return self

    @property
    def topic(self) -> TopicConfig:
        return self.topics[0]

    def feed_path(self, feed: FeedConfig) -> Path:
        """A local feed's file, relative to the config file's folder."""
        path = Path(feed.url.removeprefix("file://"))
        return path if path.is_absolute() else Path(self.base_dir) / path


def _place(loc: tuple[Any, ...], raw: Any) -> str:
    """'feeds[2] (Kyiv Independent).url' from pydantic's error location."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and key < len(node):
                node = node[key]
                name = node.get("name") if isinstance(node, dict) else None
                if name and len(str(name)) <= MAX_NAME:  # an overlong name is the error itself
                    label += f" ({name})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


def _describe(error: Mapping[str, Any], raw: Any) -> str:
    loc = tuple(k for k in error["loc"] if not (isinstance(k, str) and "[" in k))
    place = _place(loc, raw)
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"{place}: unknown key (check its spelling)"
    if kind == "missing":
        return f"{place}: required key is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{place}: {message}"


def _lexicon_path(path: str, base_dir: str) -> Path:
    """The file a lexicon path names: "bot:topics/x.yaml" is one shipped with the bot
    (bot/data/topics/x.yaml, so an installed bot finds it too); any other path is relative
    to feeds.yaml's folder."""
    if path.startswith("bot:"):
        return Path(__file__).resolve().parent / "data" / path.removeprefix("bot:")
    file = Path(path)
    return file if file.is_absolute() else Path(base_dir) / file


def _with_lexicons(raw: dict[str, Any], source: str, base_dir: str) -> dict[str, Any]:
    """Each topic's `lexicon` file read into its `languages` (the topic's own entries win)."""
    topics = raw.get("topics")
    if not isinstance(topics, list):
        return raw
    out = []
    for index, topic in enumerate(topics):
        path = topic.get("lexicon") if isinstance(topic, dict) else None
        if not path:
            out.append(topic)
            continue
        where = f"{source}: topics[{index}].lexicon"
        file = _lexicon_path(str(path), base_dir)
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{where}: {file} not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{where}: {path} cannot be read: {exc}") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f" line {mark.line + 1}" if mark else ""
            raise ConfigError(f"{where}: {path}{line}: not valid YAML") from None
        if not isinstance(data, dict) or not isinstance(data.get("languages"), dict):
            raise ConfigError(f"{where}: {path} must be a mapping with 'languages'")
        out.append({**topic, "languages": {**data["languages"], **topic.get("languages", {})}})
    return {**raw, "topics": out}


def parse_config(text: str, source: str = "feeds.yaml", base_dir: str = ".") -> Config:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{source}:{where}: not valid YAML: {problem}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping with 'feeds' and 'topics' at the top")
    if "topic" in raw and "topics" not in raw:
        raw = {**raw, "topics": [raw.pop("topic")]}
    raw = _with_lexicons(raw, source, base_dir)
    try:
        return Config.model_validate({**raw, "base_dir": base_dir})
    except ValidationError as exc:
        lines = [_describe(err, raw) for err in exc.errors()]
        raise ConfigError(f"{source}: " + "; ".join(lines)) from None


def load_config(path: str | Path) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found (pass --config FILE)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    return parse_config(text, source=str(path), base_dir=str(path.parent.resolve()))
