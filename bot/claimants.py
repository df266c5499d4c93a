"""Claimants: who makes a claim. Names and roles, bodies, pronouns and descriptions.

Pure helpers for the claims stage: "Chinese Foreign Ministry spokesman Lin Jian" becomes
"Lin Jian (Chinese Foreign Ministry)"; "he" and "the president" resolve to the last person
named that fits; "One" becomes "One of the two captured fighters" after such a group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from bot.text import word_set

_PRONOUNS = {"he", "she", "him", "her", "they", "them"}
_TITLES = word_set(
    """
    president prime minister foreign defence defense spokesman spokeswoman spokesperson
    spokespeople secretary general gen col colonel lt mr mrs ms dr chief commander head deputy
    ambassador envoy official senator sen rep representative governor mayor chancellor king
    queen leader director adviser advisor ombudsman state press vice former national security
    council department ministry office intelligence military army navy newspaper agency
    kremlin presidential chairman lawmaker mp analyst expert professor journalist
    correspondent editor
    """
)
_PERSON_TITLES = word_set(
    """
    president minister spokesman spokeswoman spokesperson leader official secretary chief
    commander ambassador envoy governor mayor chancellor premier head general adviser advisor
    diplomat ombudsman
    """
)
_ORG_HEADS = "|".join(
    sorted(
        (
            "intelligence service|intelligence agency|security service|foreign ministry|"
            "defen[cs]e ministry|military intelligence|military sources|armed forces|"
            "border guards?|general staff|state department|white house|foreign office|"
            "intelligence|government|authorities|officials|military|ministry|army|forces|"
            "embassy|prosecutors|police|media|sources|parliament|pentagon|kremlin|ombudsman|"
            "commissioner|investigators"
        ).split("|"),
        key=len,
        reverse=True,
    )
)
_INSTITUTION_RE = re.compile(
    r"\b((?:[A-Z][\w'’-]+\s+)+(?:Headquarters|Service|Ministry|Agency|Office|Council|Committee|"
    r"Department|Command|Staff|Bureau|Directorate|Commission|Centre|Center|Institute|Court|"
    r"Guard|Prosecutor's Office)(?:\s+(?:of|for|on)(?:\s+the)?(?:\s+[A-Z][\w'’-]+)+)*)"
)
_ORG_RE = re.compile(
    rf"\b(?:[Tt]he\s+)?((?:(?:[A-Z][\w.'’-]*|of|for|and)\s+){{0,4}}(?i:{_ORG_HEADS}))\b"
)
_METONYMS = word_set(
    """
    kremlin, beijing, moscow, kyiv, kiev, washington, pyongyang, seoul, new delhi, kathmandu,
    brussels, nato, the kremlin
    """
)
# the leftmost place named stands for its government; longest first so "the kremlin" wins
_METONYM_ALTERNATIVES = "|".join(map(re.escape, sorted(_METONYMS, key=len, reverse=True)))
_METONYM_RE = re.compile(rf"\b(?:{_METONYM_ALTERNATIVES})\b", re.IGNORECASE)
_NOT_NAMES = word_set(
    """
    the a an in on at for of and but this that these it monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september october
    november december according however meanwhile earlier later after while since when as some
    one two he she they we i his her their its additional previous official russian ukrainian
    chinese nonetheless nevertheless moreover furthermore additionally instead still yet also
    despite although though consequently thus then now
    """
)
_NAME_RE = re.compile(r"\b([A-Z][a-z'’-]+(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.)){0,5})")
_PLACES = word_set(
    """
    united states kingdom nations union europe european russia ukraine china korea kyiv kiev
    moscow beijing donbas donetsk luhansk lugansk kursk washington twitter tiktok douyin
    telegram mandarin west east north south india nepal america africa asia nato oblast region
    republic crimea kharkiv pyongyang seoul x facebook youtube instagram amid fighting
    nationals citizens soldiers troops
    """
)
_ADVERBS = word_set(
    """
    further also later then again previously earlier repeatedly reportedly allegedly once even
    had has have himself herself
    """
)


@dataclass
class Context:
    """People named so far in the item, for resolving 'he' and 'the president'."""

    people: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    group: str = ""  # the last group of people mentioned: "the two captured Chinese fighters"

    def remember(self, name: str, role: str) -> None:
        self.people.append((name, role.lower()))

    def knows(self, name: str) -> bool:
        last = name.split()[-1].lower()
        return any(last in known.lower().split() for known, _ in self.people)

    def full_name(self, name: str) -> str:
        last = name.split()[-1].lower()
        for known, _ in reversed(self.people):
            parts = known.lower().split()
            if (
                parts[-1] == last
                or parts[0] == last
                or (len(name.split()) == 1 and similar_names(parts[-1], last))
            ):
                return known if len(known) > len(name) else name
        return name

    def resolve(self, phrase: str) -> str:
        words = phrase.lower().split()
        if not self.people:
            return ""
        if words and words[-1] in _PRONOUNS:
            return self.people[-1][0]
        if words and words[0] == "the" and words[-1] in _PERSON_TITLES:
            for name, role in reversed(self.people):
                if role and set(role.split()) & _TITLES:
                    return name
        role_words = {
            w
            for w in words
            if w not in ("the", "a", "this")
            and not _is_demonym(w)
            and w not in ("ukrainian", "russian", "former")
        }
        for name, role in reversed(self.people):
            if role_words and role_words & set(role.split()):
                return name
        return ""


def similar_names(a: str, b: str) -> bool:
    """Transliteration variants: Zelensky / Zelenskyy / Zelenskiy (and the odd typo)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[:4] != b[:4]:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.7


def names_in(phrase: str) -> list[tuple[str, str]]:
    """(person name, role) pairs from a phrase like 'Foreign Ministry spokesman Lin Jian'."""
    out: list[tuple[str, str]] = []
    for match in _NAME_RE.finditer(phrase):
        words = match.group(1).split()
        role: list[str] = []
        while len(words) > 2 and (
            words[0].lower().strip(".") in _TITLES
            or words[0].lower() in _NOT_NAMES
            or _is_demonym(words[0])
        ):
            role.append(words.pop(0))
        if len(words) == 2 and (
            words[0].lower().strip(".") in _TITLES
            or _is_demonym(words[0])
            or words[0].lower() in _NOT_NAMES
        ):
            role.append(words.pop(0))
        if not words or (len(words) == 1 and words[0].lower() in _NOT_NAMES):
            continue
        if any(w.lower() in _TITLES or w.lower() in _PLACES for w in words):
            continue
        before: list[str] = []
        for word in reversed(phrase[: match.start()].split()[-4:]):
            if word.lower().strip(",") in _TITLES or _is_demonym(word):
                before.insert(0, word)
            else:
                break
        full_role = " ".join(before + role).strip(" ,")
        out.append((" ".join(words), full_role))
    return out


_DEMONYMS = word_set(
    """
    korean american african cuban mexican venezuelan colombian nepali iraqi pakistani
    bangladeshi yemeni somali thai israeli saudi chinese japanese vietnamese taiwanese british
    polish irish french dutch u.s us uk eu un german european western north south
    """
)


def _is_demonym(word: str) -> bool:
    w = word.lower().strip(".,")
    return w in _DEMONYMS or (w.endswith("ian") and len(w) > 6 and word[:1].isupper())


_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_LEADING_QUANTIFIER = re.compile(
    r"^(?:some|many|several|other|two|three|senior|top)\s+", re.IGNORECASE
)
_CLAUSE_BREAK = re.compile(r"\s+(?:when|who|as|after|while|because|in an?|during)\s+")
_LEADING_POSSESSIVE = re.compile(r"^(?:[A-Z][a-z]+'s\s+)")
_SPOKESPERSON_NAME = re.compile(r"spokes(?:man|woman|person)\s+((?:[A-Z][a-z'’-]+\s?){2,3})")


def _org(phrase: str) -> str:
    match = _ORG_RE.search(phrase)
    if match:
        org = _LEADING_ARTICLE.sub("", match.group(1).strip())
        org = _LEADING_QUANTIFIER.sub("", org)
        return org[0].upper() + org[1:]
    metonym = _METONYM_RE.search(phrase)
    return metonym.group(0).title().replace("The ", "") if metonym else ""


def _role_org(role: str) -> str:
    """'Chinese Foreign Ministry spokesman' -> 'Chinese Foreign Ministry'."""
    words = [
        w
        for w in role.split()
        if w.lower() not in {"spokesman", "spokeswoman", "spokesperson", "former", "the"}
    ]
    return " ".join(words)


def find_claimant(phrase: str, context: Context, *, inverted: bool = False) -> str:
    """The person or body named in an attribution phrase; '' when none is found.

    inverted: the phrase follows the verb ('said X when asked ...'), so X comes first.
    """
    phrase = _CLAUSE_BREAK.split(phrase)[0]
    phrase = phrase.strip(' ,.;:"“”')
    if (
        phrase.lower() in ("one", "another", "the other", "the second", "the first")
        and context.group
    ):
        return f"{phrase} of {context.group}"
    words = phrase.split()
    while words and words[-1].lower() in _ADVERBS:
        words.pop()
    phrase = " ".join(words)
    if not phrase:
        return ""
    lower = phrase.lower()
    institution = _INSTITUTION_RE.search(phrase)
    if institution:
        return _LEADING_POSSESSIVE.sub("", institution.group(1)).strip()
    names = [
        (n, r)
        for n, r in names_in(phrase)
        if len(n.split()) >= 2 or context.knows(n) or lower.endswith(n.lower())
    ]
    if names:
        name, role = names[0] if inverted else names[-1]
        name = context.full_name(name)
        org = "" if role else _org(phrase)
        context.remember(name, role or org)
        label = (_role_org(role) or org).strip(" ,")
        return f"{name} ({label})" if label else name
    lwords = lower.split()
    if lwords and (lwords[-1] in _PRONOUNS or lwords[0] in ("the", "this")):
        resolved = context.resolve(phrase)
        if resolved:
            return resolved
    org = _org(phrase)
    if org:
        return org
    for country, pattern in _COUNTRY_WORDS:
        if len(lwords) <= 4 and pattern.search(lower):
            return country.title().replace("The ", "the ").replace("Eu", "EU")
    plain = not set(lwords) & {"concerning", "about", "regarding", "from", "on", "in", "with"}
    if (
        1 <= len(lwords) <= 10
        and lwords[0] in _DETERMINERS
        and _AGENT_NOUNS & set(lwords)
        and plain
    ):
        descriptive = phrase[0].upper() + phrase[1:]
        context.remember(descriptive, " ".join(lwords))
        return descriptive
    return ""


_COUNTRIES = (
    "united states",
    "european union",
    "united nations",
    "south korea",
    "north korea",
    "china",
    "russia",
    "ukraine",
    "india",
    "nepal",
    "japan",
    "germany",
    "france",
    "britain",
    "poland",
    "taiwan",
    "cuba",
    "kenya",
    "sri lanka",
    "nato",
)
_COUNTRY_WORDS = tuple((c, re.compile(rf"\b{c}\b")) for c in _COUNTRIES)
_AGENT_NOUNS = word_set(
    """
    spokesperson spokesman spokeswoman official officials captive captives prisoner pow
    soldier soldiers fighter fighters detainee man woman men women resident residents witness
    witnesses source sources expert experts analyst analysts one other citizen citizens
    national nationals recruit recruits commander report reports mother father wife relative
    relatives family lawyer volunteer volunteers mercenary investigation investigators
    journalist journalists diplomat diplomats
    """
)


_DETERMINERS = word_set(
    """
    a an one the two some several many another officials reports experts analysts witnesses
    residents sources relatives
    """
)


def with_spokesperson(claimant: str, sentence: str, context: Context) -> str:
    """'The Kremlin dismissed ..., with spokesperson Dmitry Peskov saying ...' -> both."""
    if "(" in claimant or (
        " " in claimant.strip() and claimant[0].isupper() and not _org(claimant)
    ):
        return claimant
    match = _SPOKESPERSON_NAME.search(sentence)
    if match:
        name = match.group(1).strip()
        context.remember(name, f"{claimant} spokesperson")
        return f"{name} ({claimant})"
    return claimant
