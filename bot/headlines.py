"""Claims stage: the claim a headline attributes ("Six killed in raid, police say"). Pure.

A headline that says who speaks is a claim of its own: often the item's key one, and often
one its teaser never states ("Taiwan will help family of volunteer, foreign ministry says"
over a teaser about the volunteer). Headline grammar drops what a sentence needs; the
language's data says how to restore it: "X to send" is "X will send", "Six killed" is "Six
were killed", "69 still awaiting release" is "69 are still awaiting release".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.attribution import find_attribution
from bot.clauses import speaker_like
from bot.reporting import Reporting
from bot.text import content_stems

# "69 Indians still awaiting release from Russian Army: Jaishankar": a name after a colon
_COLON_SPEAKER = re.compile(
    r"^(?P<claim>.{12,}?)\s*:\s+(?P<speaker>[A-Z][\w'’.-]+(?:\s+[\w'’.-]+){0,3})\s*$"
)
MAX_SPEAKER_WORDS = 5  # a headline names its speaker in a few words ("spy agency")
COVERED = 0.5  # of a headline's meaning words, for a body claim to say much the same
SAME = 0.67  # ... to say the same: the headline's speaker is then that claim's
_NO_ONE = frozenset({"it", "report", "reports", "video", "footage", "photos"})
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_QUOTES = "'\"‘’“”"


@dataclass(frozen=True, slots=True)
class Headline:
    """Who a headline says speaks, and what, written as a sentence."""

    speaker: str
    claim: str


def _audience_tail(part: str, lang: Reporting) -> tuple[str, str] | None:
    """'..., government tells Rajya Sabha': the speaker before a verb of telling."""
    found = (lang.headline or {})["audience_re"].match(part)
    return (found.group("speaker"), found.group("claim")) if found else None


def read_headline(title: str, lang: Reporting) -> Headline | None:
    """The attributed claim of a headline, or None where no one is said to speak or the
    claim cannot be written as a sentence a reader can take alone ("Wagner chief says
    student was his recruit": whose, the headline does not say)."""
    if not lang.headline:
        return None
    for part in title.split(";"):  # "POW is alive, Moscow says; Canberra wants proof"
        part = part.strip().rstrip(".")
        found = _speaker_and_claim(part, lang)
        if not found:
            continue
        speaker, claim = found
        speaker = speaker.strip(_QUOTES + " ")
        sentence = restore_sentence(claim, lang) if _names_speaker(speaker, lang) else ""
        if sentence and not _unresolved(sentence, lang):
            return Headline(speaker=speaker, claim=sentence)
    return None


def _names_speaker(speaker: str, lang: Reporting) -> bool:
    """A headline's speaker is short and ends in a noun: 'Video appears to' is none."""
    grammar = lang.headline or {}
    words = speaker.lower().split()
    return (
        0 < len(words) <= MAX_SPEAKER_WORDS
        and speaker.lower() not in _NO_ONE
        and words[0] not in lang.pronoun_kind  # "'He said ...': friends mourn ..."
        and words[-1] not in lang.subordinators
        and words[-1] not in grammar["after_participle"]
        # "..., mother says": the relative the text names, not the headline
        and not set(words) - {"the", "a", "his", "her", "their"} <= lang.kin | {"family"}
        and speaker_like(speaker, lang)
    )


def _unresolved(sentence: str, lang: Reporting) -> bool:
    """A pronoun whose referent the headline does not give ('... recruited them')."""
    words = {w.strip(_QUOTES + ",.").lower() for w in sentence.split()}
    return any(w in lang.pronoun_kind or w in lang.possessive_kind for w in words - {"its"})


def _speaker_and_claim(part: str, lang: Reporting) -> tuple[str, str] | None:
    """(speaker, claim as written) of one headline part that says who speaks."""
    colon = _COLON_SPEAKER.match(part)
    if colon:
        return colon.group("speaker"), colon.group("claim")
    told = _audience_tail(part, lang)
    if told:
        return told
    if part.lower().endswith(" told"):
        return None  # "..., lawmakers told": who listened, not who spoke
    attribution = find_attribution(part, lang)
    if attribution.kind == "tail":
        return attribution.speaker, attribution.claim
    if attribution.kind not in ("lead", "act") or not part.startswith(attribution.speaker):
        return None
    rest = part[len(attribution.speaker) :].split()
    verb = rest[0].lower() if rest else ""
    if verb.endswith("ed") or verb in lang.participles:
        return None  # "Hualien man believed to be ...": a description, no one speaks
    if verb in (lang.headline or {})["audience_verbs"]:
        # "Russia tells Canberra captured man is alive": the listener is not the claim's
        listener = 1
        while listener < len(rest) - 2 and rest[listener][:1].isupper():
            listener += 1
        return (attribution.speaker, " ".join(rest[listener:])) if listener > 1 else None
    if verb in lang.bare and verb in lang.speech and len(rest) > 3:
        # "Ukraine says 108 women freed in swap": what is said is the rest
        return attribution.speaker, " ".join(rest[1:])
    if attribution.kind == "act":
        # "Iran denies sending personnel to Crimea": what the lede reports, not a claim
        return None
    return attribution.speaker, attribution.claim


def _plural(subject: list[str], lang: Reporting) -> bool:
    """'Eight Indians', 'Nepalis', 'the men' take 'were'; 'Cleveland veteran' takes 'was'."""
    grammar = lang.headline or {}
    if not subject:
        return False
    first, head = subject[0].lower(), subject[-1].lower().strip(_QUOTES)
    if first in grammar["singular"]:
        return False
    if first.replace(",", "").isdigit():
        return first != "1"
    return first in grammar["numbers"] or (
        head.endswith("s") and not head.endswith(("ss", "us", "is"))
    )


def restore_sentence(claim: str, lang: Reporting) -> str:
    """A headline's words as a sentence with a finite verb, or '' where none can be found."""
    grammar = lang.headline or {}
    tokens = claim.strip(" ,").split()
    bare = [t.strip(_QUOTES + ",").lower() for t in tokens]
    if len(tokens) < 3 or bare[0] in lang.subordinators or bare[0] in grammar["negatives"]:
        return ""  # "to stop recruiting", "no plan to send arms": no subject to speak of
    after, adverbs = grammar["after_participle"], grammar["adverbs"]
    passive = progressive = -1
    for i in range(1, len(bare)):
        word, following = bare[i], bare[i + 1] if i + 1 < len(bare) else ""
        if word in lang.finite or word in grammar["past_tense"]:
            return claim  # "Canberra has called in envoy", "Bangladeshis died fighting"
        if word in lang.clause_openers and word != "as" and (passive > 0 or progressive > 0):
            break  # "killed after being lured": the rest is another clause
        if word == grammar["future"][0] and passive < 0 and progressive < 0:
            if not following.isalpha() or following in lang.subordinators:
                continue  # "Up to 200 Nepalis"
            tokens[i] = grammar["future"][1]  # "Pyongyang to send" -> "will send"
            return " ".join(tokens)
        if _participle(word, lang):
            if following and following not in after and not following[:1].isdigit():
                if passive < 0 and progressive < 0:
                    return claim  # "Firm funnelled recruits into army": a past tense
                continue
            passive = i  # the last participle of a chain: "Indians hired as helpers sent to"
        elif word.endswith("ing") and len(word) > 5 and progressive < 0 and passive < 0:
            progressive = i if bare[i - 1] not in lang.subordinators else progressive
        elif (
            _present_tense(bare, tokens, i, grammar)
            and progressive < 0
            and (passive < 0 or following in after)
        ):
            return claim  # "Kyrgyzstan jails man", "man lured into army dies in war"
    at = passive if passive > 0 else progressive
    while at > 1 and bare[at - 1] in adverbs:
        at -= 1  # "69 Indians still awaiting" -> "69 Indians are still awaiting"
    if at <= 0 or bare[at - 1] in after or _quote_open(tokens[:at]):
        return ""  # no noun phrase before it to be the subject ("'mission accomplished'")
    subject = [t for t in tokens[:at] if t.strip(_QUOTES).lower() not in adverbs]
    forms = grammar["passive"] if passive > 0 else grammar["progressive"]
    aux = forms[1] if _plural(subject, lang) else forms[0]
    return " ".join([*tokens[:at], aux, *tokens[at:]])


def _participle(word: str, lang: Reporting) -> bool:
    grammar = lang.headline or {}
    return (
        (word.endswith("ed") and len(word) > 3)
        or word in lang.participles
        or word in grammar["participles"]
    )


def _present_tense(bare: list[str], tokens: list[str], i: int, grammar: dict[str, Any]) -> bool:
    """'jails', 'dies' after a subject; not 'nationals' after a number, not 'troops now'."""
    word, before = bare[i], bare[i - 1]
    following = bare[i + 1] if i + 1 < len(bare) else ""
    return (
        word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and tokens[i][:1].islower()
        and not following.endswith(("ed", "ing"))
        and following not in grammar["participles"]
        and following not in grammar["adverbs"]
        and before not in grammar["after_participle"]
        and before not in grammar["numbers"] | grammar["singular"]
        and not before[:1].isdigit()
    )


def _quote_open(tokens: list[str]) -> bool:
    """Whether a quotation opened among the tokens is still open at their end."""
    text = " ".join(tokens)
    return (
        text.count("'") % 2 == 1
        or text.count("‘") > text.count("’")
        or (text.count("“") > text.count("”"))
        or text.count('"') % 2 == 1
    )


def coverage(headline: str, claims: list[str]) -> list[float]:
    """How much of what the headline says each claim says: the share of the headline's
    meaning words in it, and 0 where it lacks a number the headline gives ("69 still
    awaiting release" is not "91 known cases")."""
    words = set(content_stems(headline))
    numbers = set(_NUMBER.findall(headline))
    if not words:
        return [0.0] * len(claims)
    return [
        0.0
        if numbers - set(_NUMBER.findall(claim))
        else len(words & set(content_stems(claim))) / len(words)
        for claim in claims
    ]
