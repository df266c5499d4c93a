"""Figures in news prose: counts, money, percentages, with what they count and how firm they are.

Pure helpers for the claims stage; years, dates and ordinals are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from bot.models import Figure
from bot.reporting import reporting
from bot.text import stem, word_set
from bot.world import load_world

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "dozen": 12,
    "a dozen": 12,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# "thirty-nine", "twenty five": every compound of a ten and a unit
_WORD_NUMBERS.update(
    {
        f"{ten}{sep}{unit}": _WORD_NUMBERS[ten] + n + 1
        for ten in _TENS
        for n, unit in enumerate(_UNITS)
        for sep in ("-", " ")
    }
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "mln": 1e6, "bn": 1e9, "k": 1e3}
_CURRENCY_WORDS = {
    "euro": "euros",
    "euros": "euros",
    "dollar": "dollars",
    "dollars": "dollars",
    "ruble": "rubles",
    "rubles": "rubles",
    "rouble": "rubles",
    "roubles": "rubles",
    "hryvnia": "hryvnias",
    "hryvnias": "hryvnias",
    "hryvnias.": "hryvnias",
    "yuan": "yuan",
    "rupee": "rupees",
    "rupees": "rupees",
    "pound": "pounds",
    "pounds": "pounds",
    "won": "won",
    "usd": "dollars",
    "eur": "euros",
    "rub": "rubles",
    "uah": "hryvnias",
}
_SYMBOLS = {
    "$": "dollars",
    "€": "euros",
    "£": "pounds",
    "₽": "rubles",
    "₴": "hryvnias",
    "¥": "yuan",
}
_BOUNDS = {
    "at least": "at_least",
    "more than": "at_least",
    "over": "at_least",
    "upwards of": "at_least",
    "in excess of": "at_least",
    "no fewer than": "at_least",
    "some": "about",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "nearly": "about",
    "almost": "about",
    "an estimated": "about",
    "up to": "at_most",
    "fewer than": "at_most",
    "less than": "at_most",
    "under": "at_most",
    "as many as": "at_most",
}
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# compact: a ten with an optional unit, then the single words (not 160 compounds spelt out,
# which made every search try each of them at every position)
_SIMPLE = sorted(
    (w for w in _WORD_NUMBERS if not any(sep in w for sep in "- ") or w.startswith("a ")),
    key=len,
    reverse=True,
)
_WORDNUM = rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS)}))?|(?:{'|'.join(_SIMPLE)})"
_BOUND = "|".join(sorted(_BOUNDS, key=len, reverse=True))
# A figure is a number with what follows it (scale, %, the counted words), found first, then
# an optional currency symbol and bound ("at least") just before it: a pattern that opened with
# those optional parts was tried at every position of every clause, three times slower.
_FIGURE = re.compile(
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{_WORDNUM})\b)"
    rf"(?P<suffix>-(?:man|men|strong|member|person|people|soldier|vehicle|year|month|week|day)"
    r"\b(?!-))?"
    rf"(?:\s+(?P<scale>thousand|million|billion|mln|bn)\b)?"
    rf"(?P<pct>\s?(?:%|percent\b|per cent\b))?"
    rf"(?P<rest>(?:\s+(?!\d|(?:{_WORDNUM})\b)[\w'’-]+){{0,4}})",
    re.IGNORECASE,
)
_BOUND_BEFORE = re.compile(rf"\b(?:{_BOUND})\s+$", re.IGNORECASE)
_SYMBOLS_BEFORE = "$€£₽₴¥"


class _Found(NamedTuple):
    bound: str
    symbol: str
    num: str
    start: int  # of num
    scale: str
    pct: str
    rest: str
    suffix: str = ""


def _find_figures(sentence: str) -> Iterator[_Found]:
    """Each number with its symbol and bound; never reaching back into the previous figure."""
    done = 0
    for match in _FIGURE.finditer(sentence):
        start = match.start()
        opening = start
        if opening > done and sentence[opening - 1] in _SYMBOLS_BEFORE:
            opening -= 1
        elif (
            opening - 1 > done
            and sentence[opening - 1].isspace()
            and sentence[opening - 2] in _SYMBOLS_BEFORE
        ):
            opening -= 2
        bound = _BOUND_BEFORE.search(sentence, done, opening)
        yield _Found(
            bound.group(0) if bound else "",
            sentence[opening:start],
            match.group("num"),
            start,
            match.group("scale") or "",
            match.group("pct") or "",
            match.group("rest") or "",
            (match.group("suffix") or "").lstrip("-"),
        )
        done = match.end()


_STOP_UNIT = word_set(
    """
    are were is was have had has who which that to in on at from for with by and or but as of
    the a an into been be will would could reportedly allegedly since after before during
    while when per than this these those it they
    """
)
_SPANS = frozenset(("year", "month", "week", "day"))  # "a 14-year sentence", "a 30-day term"
_NOT_AFTER = word_set(
    """
    old am pm a.m p.m times th st nd rd
    """
)


# every figure has digits or a number word: most clauses have neither, and the full pattern,
# which opens with optional groups, is slow to rule out position by position
_ANY_NUMBER = re.compile(r"\d")
_NUMBER_WORDS = frozenset(w for w in _WORD_NUMBERS if " " not in w and "-" not in w)
_LOWER_WORD = re.compile(r"[a-z]+")
_WORD = re.compile(r"[\w'’-]+")
_WORD_END = re.compile(r"[\w-]$")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$")
_MONTH_NAMES = frozenset(_MONTHS.split("|"))
MONTH_NAMES = _MONTH_NAMES  # for the grouping stage's evidence: "Dec 17" is a date
# a count from two to ninety-nine in words ("four", "twenty-three"): longest forms first
COUNT_WORD = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(w).replace(r"\ ", " ")
        for w in sorted(_WORD_NUMBERS, key=len, reverse=True)
        if 2 <= _WORD_NUMBERS[w] < 100 and "dozen" not in w
    )
    + r")\b",
    re.IGNORECASE,
)


def number_value(word: str) -> float | None:
    """The value of a number written in digits or words ('19', 'nineteen'); None if none."""
    return _value(word) if word[:1].isdigit() or word.lower() in _WORD_NUMBERS else None


def _value(text: str) -> float | None:
    text = text.lower()
    if text in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[text])
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _format(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


_AGE = re.compile(
    rf"\b(?P<a>\d{{1,3}}|(?:{_WORDNUM}))[- ]years?[- ]old\b"
    rf"|\baged\s+(?:between\s+|from\s+)?(?P<b>\d{{1,3}}(?:(?:,\s*|,?\s+and\s+|\s+to\s+)\d{{1,3}}\b)*)\b"
    r"|(?P<name>[A-Z][\w'’-]+),\s+(?P<c>\d{1,3}),",
    re.IGNORECASE,
)
_NOT_WHOSE = frozenset("the a an his her their its this that one another".split())
_COMMA_NUMBER = re.compile(r",\s\d{1,3},")
_NAME_BEFORE = re.compile(r"([A-Z][a-z][\w'’-]+)(?:,\s+(?:an?|the)\s*|\s+)$")


def _ages(sentence: str) -> tuple[list[Figure], list[tuple[int, int]]]:
    """Ages ('Name, 28,', 'a thirty-nine-year-old', 'aged 31'), each with whose age it is
    when a name stands right before it; and the spans they take."""
    out: list[Figure] = []
    spans: list[tuple[int, int]] = []
    if "old" not in sentence and "aged" not in sentence and not _COMMA_NUMBER.search(sentence):
        return out, spans
    for match in _AGE.finditer(sentence):
        if match.group("b") and not match.group("b").isdigit():
            # "aged 24, 31 and 47", "aged 23 to 41": an age each
            for age in re.findall(r"\d{1,3}", match.group("b")):
                out.append(Figure(age, float(age), "", "exact"))  # several: none compared
            spans.append(match.span())
            continue
        raw = match.group("a") or match.group("b") or match.group("c") or ""
        value = _value(raw)
        if value is None or not 0 < value < 120:
            continue
        if match.group("c"):
            whose = match.group("name")
            if whose.lower() in _MONTH_NAMES:
                continue
            if not whose[:1].isupper():
                if whose.lower() not in reporting("en").agents:
                    continue
                whose = ""  # "the older man, 26,": an age, no name
            elif whose.lower() in _NOT_WHOSE:
                whose = ""
        else:
            before = _NAME_BEFORE.search(sentence[max(0, match.start() - 40) : match.start()])
            whose = before.group(1) if before else ""
            if whose.lower() in _NOT_WHOSE:
                whose = ""  # "The 32-year-old": no name
        out.append(Figure(_format(value), value, f"age {whose}".strip(), "exact"))
        spans.append(match.span())
    return out, spans


# the verb right after a number that stands alone as a clause's subject
_BARE_SUBJECT_VERBS = frozenset("have had has were are was is remain remained died".split())
_PART_OF = frozenset("the its their our his her them those these whom which".split())
_AS_VALUE = frozenset(("at", "to", "reached", "was", "were", "is", "are", "from", "of"))


def _value_word(before: str) -> str:
    """The word before a number and its bound: 'at about 60' -> 'at'."""
    bound = _BOUND_BEFORE.search(before)
    words = (before[: bound.start()] if bound else before).lower().split()
    return words[-1] if words else ""


_EVENT_VERB = re.compile(r"^[a-z]{3,}ed$")
# What happened to the people a figure counts, in a few classes that news counts apart:
# "12 Nepalis were killed" and "the death toll at 14" count the dead; "arrested 17 people"
# and "19 people were detained" count the detained. Other events leave a count as it is.
_EVENTS = {
    **dict.fromkeys("killed dead died deaths death toll fatalities slain".split(), "killed"),
    **dict.fromkeys("wounded injured".split(), "wounded"),
    **dict.fromkeys("captured captives prisoner prisoners pows".split(), "captured"),
    **dict.fromkeys("arrested detained held jailed detentions arrests".split(), "detained"),
    **dict.fromkeys("missing".split(), "missing"),
}
_CLAUSE_END = re.compile(r"[,;:.!?]|\s(?:and|but|while|after|before|because|who|which)\s")
# "put the death toll at 14", "estimated the total number of troops ... at about 10,000"
_PUT_AT = re.compile(
    r"\b(?:put|puts|putting|estimated|estimates|estimate|placed|places|place|set|sets)\s+"
    r"(?:the|its|their|his|her)\s+(?P<np>[\w'’-]+(?:\s+[\w'’-]+){0,9}?)\s+at\s+"
    r"(?:(?:about|around|some|nearly|roughly|almost|more than|at least|up to|over)\s+)?$",
    re.IGNORECASE,
)
EVENT_CLASSES = frozenset(("killed", "wounded", "captured", "detained", "missing"))
_COUNTED_NOUNS = frozenset("number total count figure tally".split())


def _put_at_unit(before: str) -> str:
    """What 'put the X at N' counts: 'death toll' -> 'deaths', 'number of troops' -> 'troops'."""
    match = _PUT_AT.search(before)
    if not match:
        return ""
    words = match.group("np").split()
    if words[-1].lower() in ("toll", "casualties", "losses"):
        return "deaths" if "toll" in words[-1].lower() else words[-1].lower()
    if "of" in (w.lower() for w in words):
        after = words[[w.lower() for w in words].index("of") + 1 :]
        kept: list[str] = []
        for word in after:  # "troops Pyongyang is preparing to send": up to a name or a verb
            if (kept and word[:1].isupper()) or word.lower() in _STOP_UNIT:
                break
            kept.append(word)
        return " ".join(kept)
    if words[-1].lower() in _COUNTED_NOUNS:
        return ""
    return words[-1]


def _event_of(sentence: str, start: int, end: int) -> str:
    """The event class of a count of people: the verb just before the number ('arrested 17
    people') or in the rest of its clause ('12 citizens ... had been killed')."""
    before = sentence[max(0, start - 40) : start].lower().split()
    for word in before[-3:]:
        if word in _EVENTS and word not in ("dead", "deaths", "toll"):
            return _EVENTS[word]
    return _clause_event(sentence, end, words=10)


def _clause_event(sentence: str, end: int, words: int = 6) -> str:
    """The event of a number read only after it, in its own clause: in "12 were killed and 3
    are missing" the 3 are missing, not killed."""
    clause = _CLAUSE_END.split(sentence[end : end + 120], maxsplit=1)[0]
    for word in _LOWER_WORD.findall(clause.lower())[:words]:
        if word in _EVENTS:
            return _EVENTS[word]
    return ""


@dataclass(frozen=True)
class _Local:
    """How one language writes figures, read from its language data (bot/data/lang/)."""

    grouped: re.Pattern[str]  # "1.500", "1 200", "2,5": digits with the language's marks
    decimal: str
    words: re.Pattern[str]  # its number words, scales, bounds, currencies, months
    english: dict[str, tuple[str, str]]  # lower-case form -> (kind, English form)
    stop: frozenset[str]  # words that end what a figure counts
    verb_shaped: Callable[[str], bool]
    numbers: dict[str, str]  # number words alone: "тисяча" -> "a thousand"
    after_number: re.Pattern[str]  # a number (digits or the language's words) just before


_LOCAL_KINDS = ("bounds", "scales", "numbers", "currencies", "months")


@lru_cache(maxsize=16)
def _local(lang: str) -> _Local | None:
    """A language's figure forms, compiled once; None for English (or no data)."""
    data = reporting(lang)
    spec = data.figures or {}
    if lang == "en" or not spec or data.lang != lang:
        return None
    marks = "".join(re.escape(str(m)) for m in spec.get("thousands", []))  # type: ignore[attr-defined]
    decimal = str(spec.get("decimal", "."))
    grouped = re.compile(
        rf"(?<![\d.,])\d{{1,3}}(?:[{marks}]\d{{3}})+(?![\d])(?:{re.escape(decimal)}\d+)?"
        rf"|(?<![\d.,])\d+{re.escape(decimal)}\d+(?![\d])"
    )
    english: dict[str, tuple[str, str]] = {}
    for kind in _LOCAL_KINDS:
        for form, value in dict(spec.get(kind, {})).items():  # type: ignore[call-overload]
            english.setdefault(str(form).lower(), (kind, str(value)))
    for form in spec.get("percent", []):  # type: ignore[attr-defined]
        english.setdefault(str(form).lower(), ("percent", "percent"))
    for form in spec.get("years", []):  # type: ignore[attr-defined]
        english.setdefault(str(form).lower(), ("years", "years"))
    for form in spec.get("of", []):  # "une trentaine de soldats": a part of what is counted
        english.setdefault(str(form).lower(), ("of", "of"))
    english.pop("%", None)
    forms = sorted(english, key=len, reverse=True)
    words = re.compile(
        r"(?<![\w'’-])(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms) + r")"
        r"(?![\w'’-])",
        re.IGNORECASE,
    )
    stop = frozenset(str(w).lower() for w in spec.get("stop", []))  # type: ignore[attr-defined]
    numbers = {str(k).lower(): str(v) for k, v in dict(spec.get("numbers", {})).items()}  # type: ignore[call-overload]
    spelt = "|".join(re.escape(n) for n in sorted(numbers, key=len, reverse=True))
    after_number = re.compile(rf"(?:\d|(?<![\w'’-])(?:{spelt}))\s*$", re.IGNORECASE)
    return _Local(grouped, decimal, words, english, stop, data.verb_shaped, numbers, after_number)


def _localised(sentence: str, local: _Local) -> str:
    """The sentence with its figures in English forms ("1 200" -> "1,200", "5 тисяч доларів"
    -> "5 thousand dollars", "щонайменше 20" -> "at least 20"); the claim keeps its own text,
    this copy is only read for figures."""

    def number(match: re.Match[str]) -> str:
        raw = match.group(0)
        whole, _, fraction = raw.partition(local.decimal)
        digits = re.sub(r"\D", "", whole)
        if fraction:
            return f"{int(digits):,}.{fraction}"
        return f"{int(digits):,}"

    def word(match: re.Match[str]) -> str:
        form = " ".join(match.group(0).lower().split())
        kind, english = local.english[form]
        if kind == "scales" and not local.after_number.search(sentence_so_far(match)):
            # "5 тисяч", "tres mil" are a scale; "тисяча", "mil" alone a number
            alone = local.numbers.get(form)
            if alone is None:
                return match.group(0)
            kind, english = "numbers", alone
        if kind == "of":
            following = match.string[match.end() : match.end() + 16].split()[:1]
            month = following[0].lower().strip(".,;:") if following else ""
            if local.english.get(month, ("",))[0] == "months":
                return ""  # "el 3 de marzo" is a date, "3 March"
        if kind == "numbers" and english == "a thousand":
            return "1,000"  # English reads "thousand" only as a scale
        return english

    def sentence_so_far(match: re.Match[str]) -> str:
        return match.string[max(0, match.start() - 24) : match.start()]

    text = local.grouped.sub(number, sentence)
    return local.words.sub(word, text)


_A_TERM = re.compile(
    r"\b(up to|to|for)\s+a\s+(year|month)\b(?=\s+(?:in\s+(?:prison|jail|a\b)|behind\s+bars))",
    re.IGNORECASE,
)


_PARENT_OF = re.compile(
    r"\b(?:father|mother)\s+of\s+(?P<n>two|three|four|five|six|seven|eight|nine|\d)\b"
    r"(?!\s+(?:children|sons|daughters|kids|boys|girls))",
    re.IGNORECASE,
)


def extract_figures(sentence: str, lang: str = "en") -> tuple[Figure, ...]:
    """Numbers that carry meaning: '155 Chinese citizens', '30,000 rubles', '80%', an age.

    In another language the sentence's figure forms are read as English ones first
    ("1.500 colombianos", "5 тисяч доларів"); in English "up to a year in prison" is a term of
    one year."""
    local = _local(lang) if lang != "en" else None
    stop = _STOP_UNIT
    if local is not None:
        sentence = _localised(sentence, local)
        stop = _STOP_UNIT | local.stop
    elif " a " in sentence:
        # "up to a year in prison", "jailed for a year": a term of one year
        sentence = _A_TERM.sub(r"\g<1> one \g<2>", sentence)
    if not _ANY_NUMBER.search(sentence) and _NUMBER_WORDS.isdisjoint(
        _LOWER_WORD.findall(sentence.lower())
    ):
        if local is None and "the " in sentence and _ORDINAL.search(sentence):
            return tuple(_ordinals(sentence, set()))  # "the third Irish citizen": a count
        return ()
    out, taken = _ages(sentence)
    if local is None and " of " in sentence:
        # "a father of two": his children, counted
        for kids in _PARENT_OF.finditer(sentence):
            value = _value(kids.group("n"))
            if value is not None:
                out.append(Figure(_format(value), value, "children", "exact"))
                taken.append((kids.start("n"), kids.end("n")))
    ranged: list[int] = []
    for found in _find_figures(sentence):
        raw = found.num
        value = _value(raw)
        if value is None:
            continue
        start = found.start
        if any(a <= start < b for a, b in taken):
            continue
        before = sentence[max(0, start - 12) : start].lower()
        rest_words = _WORD.findall(found.rest)
        first_after = rest_words[0].lower() if rest_words else ""
        if raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100 and not found.symbol:
            continue  # a year
        if _MONTH_BEFORE.search(before) or first_after in _MONTH_NAMES:
            continue  # a date: "April 8", "8 April"
        if first_after in _NOT_AFTER or _WORD_END.search(sentence[max(0, start - 1) : start]):
            continue  # ages, clock times, model names like Su-34
        if found.scale:
            value *= _SCALES[found.scale.lower()]
        bound = _BOUNDS.get(found.bound.strip().lower(), "exact")
        if found.pct:
            out.append(Figure(f"{_format(value)}%", value, "%", bound))
            continue
        symbol = found.symbol.strip()
        if symbol:
            unit = _SYMBOLS[symbol]
            out.append(Figure(f"{symbol}{_format(value)}", value, unit, bound))
            continue
        if first_after.lower() in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[first_after.lower()]
            out.append(Figure(f"{_format(value)} {unit}", value, unit, bound))
            continue
        if raw.lower() in _WORD_NUMBERS and value < 2 and not rest_words:
            continue
        if found.suffix in _SPANS:  # "a 14-year sentence": 14 years
            out.append(Figure(_format(value), value, found.suffix + "s", bound))
            continue
        if found.suffix:  # "a 10-man unit"
            rest_words = [found.suffix, *rest_words]
        # "four suspected mercenaries", "12 wounded soldiers": a participle before the
        # noun it describes is part of what is counted, not what happened to them
        describing = (
            len(rest_words) > 1
            and rest_words[1].islower()
            and rest_words[1].endswith("s")
            and rest_words[1] not in stop
            and not rest_words[1].endswith(("ed", "ly"))
        )
        if first_after and _EVENT_VERB.match(first_after) and not describing:
            # "8 killed and 14 discharged": what happened to them is what is counted
            out.append(
                Figure(
                    _format(value),
                    value,
                    first_after,
                    _BOUNDS.get(found.bound.strip().lower(), "exact"),
                )
            )
            continue
        unit_words: list[str] = []
        if len(rest_words) > 1 and rest_words[0].lower() == "of":
            # "17 of its citizens", "six of the men": a part of what is counted
            if rest_words[1].lower() in ("them", "those", "these", "whom"):
                # "six soldiers, two of them": part of the figure before it; "three of them
                # are from the district" with none before: a part of what the item counts,
                # shown, never compared
                unit = out[-1].unit if out else ""
                if value >= 2 or unit:
                    out.append(Figure(_format(value), value, unit, bound))
                continue
            rest_words = [w for w in rest_words[1:] if w.lower() not in _PART_OF]
            if not rest_words and sentence[start + len(raw) + len(found.rest) :].strip()[:1]:
                # "three of the five wounded", "one of the two men": a part of a whole the
                # sentence counts next, shown with the claim, never compared (the whole is
                # the figure compared)
                out.append(Figure(_format(value), value, "", bound))
                continue
        for word in rest_words:
            low = word.lower()
            if (
                low in stop
                # another language's verb ends it too (a capitalised word is a German noun)
                or (local is not None and word.islower() and local.verb_shaped(low))
                or low in ("just", "only", "so", "now")
                or (
                    word.islower()
                    and low.endswith(("ed", "ing", "ly"))
                    and len(low) > 3
                    and not (describing and not unit_words)
                )
            ):
                break  # the counted noun phrase ends where a verb or adverb starts
            unit_words.append(word)
        between = before.rstrip().endswith("between")
        joiners = ("to", "or", "and") if between else ("to", "or")
        if not unit_words and len(rest_words) == 1 and rest_words[0].lower() in joiners:
            ranged.append(len(out))  # "five to nine years": the range's unit comes after it
            out.append(Figure(_format(value), value, "", bound))
            continue
        if not unit_words and value >= 2 and _value_word(before) == "at":
            counted = _put_at_unit(sentence[max(0, start - 120) : start])
            if counted:  # "put the death toll at 14": 14 deaths
                out.append(Figure(_format(value), value, _with_event(counted, ""), bound))
                continue
        if not unit_words and value >= 3 and _value_word(before) in _AS_VALUE:
            # "put the number at eight", "rose to 12": the number is the value itself
            out.append(Figure(_format(value), value, "", bound))
            continue
        if not unit_words and first_after in _BARE_SUBJECT_VERBS:
            # "At least 17 have died", "Twelve had been identified": the number is the
            # clause's subject, people the sentence counts; what happened is the unit
            event = _clause_event(sentence, start + len(found.num))
            if value < 2 and not event:
                continue  # "one was a teacher"; "and one has been captured" is a figure
            # "12 have returned home": a figure the claim gives, with no thing counted that
            # a story's figures are compared on (an empty unit is shown, never compared)
            out.append(Figure(_format(value), value, event, bound))
            continue
        if not unit_words or (value == 1 and raw.lower() not in _WORD_NUMBERS):
            if raw.lower() in _WORD_NUMBERS:
                continue  # "one of the two": a bare word number carries nothing
            if not unit_words:
                continue
        unit = " ".join(w for w in unit_words if w.lower() not in ("more", "other"))
        if unit.lower() in _EVENTS:
            unit = _with_event(unit, "")  # "12 deaths": the dead
        elif _noun_key(unit).endswith("person"):
            unit = _with_event(unit, _event_of(sentence, start, start + len(found.num)))
        out.append(Figure(_format(value), value, unit, bound))
    for k in reversed(ranged):
        if k + 1 < len(out) and out[k + 1].unit:
            out[k] = Figure(out[k].text, out[k].value, out[k + 1].unit, out[k].bound)
        else:
            del out[k]
    if len(out) > 1 and "years" in sentence:
        out = _years_and_months(out, sentence)
    if local is None and ("the " in sentence or "th " in sentence):
        out += _ordinals(sentence, {f.value for f in out})
    return tuple(out)


_ORDINAL_WORDS = {
    w: n
    for n, w in enumerate(
        "second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split(),
        start=2,
    )
}
_ORDINAL = re.compile(
    r"\bthe\s+(?P<n>\d{1,3}(?:st|nd|rd|th)|"
    + "|".join(_ORDINAL_WORDS)
    + r")\s+(?P<next>(?:[\w-]+\s+){0,2}[\w-]+)",
    re.IGNORECASE,
)


def _ordinals(sentence: str, given: set[float]) -> list[Figure]:
    """'the third Irish citizen known to have died', 'at least the 12th American': a count
    told by its place in a series (of people or deaths); shown, never compared."""
    persons = reporting("en").private_persons
    out: list[Figure] = []
    for match in _ORDINAL.finditer(sentence):
        raw = match.group("n").lower()
        value = float(raw[:-2]) if raw[0].isdigit() else float(_ORDINAL_WORDS[raw])
        words = match.group("next").split()
        if value in given or not any(
            w[:1].isupper() or w.lower() in persons or w.lower() in _EVENTS for w in words
        ):
            continue  # "the second round", "the 12th century": no one counted
        out.append(Figure(_format(value), value, "", "exact"))
    return out


# (after another language's figures are read as English ones, its "and" and "months" stay)
_YEARS_AND_MONTHS = re.compile(
    rf"(?<!\w)(?P<y>\d+|{_WORDNUM})\s+years?\s+(?:and|und|et|y|e|і|и|та)\s+"
    rf"(?P<m>\d+|{_WORDNUM})\s+(?:months?|monate[n]?|mois|mes(?:es)?|месяц\w*|місяц\w*)(?!\w)",
    re.IGNORECASE,
)


def _years_and_months(out: list[Figure], sentence: str) -> list[Figure]:
    """'six years and 10 months' is one term of 6.8 years, not 6 years and 10 months apart."""
    for match in _YEARS_AND_MONTHS.finditer(sentence):
        years, months = _value(match.group("y")), _value(match.group("m"))
        if years is None or months is None or months >= 12:
            continue
        year = next((f for f in out if f.value == years and f.unit.startswith("year")), None)
        month = next((f for f in out if f.value == months and f is not year), None)
        if year is None or month is None:
            continue
        joined = Figure(
            f"{_format(years)} years {_format(months)} months",
            round(years + months / 12, 2),
            year.unit,
            year.bound,
        )
        out = [joined if f is year else f for f in out if f is not month]
    return out


def _with_event(unit: str, event: str) -> str:
    """'Nepali citizens' + 'killed' -> 'Nepali citizens killed' (what is counted, and what
    happened to them); 'deaths' is 'killed' on its own."""
    if unit.lower() in _EVENTS and unit.lower() not in ("held",):
        return _EVENTS[unit.lower()]
    return f"{unit} {event}" if event and not unit.endswith(event) else unit


def unit_key(figure: Figure) -> str:
    """What a figure counts, reduced so '155 Chinese citizens' and '163 Chinese nationals' meet:
    money by currency, an age by whose it is, people by their country; other nouns by stem."""
    if figure.unit in _SYMBOLS.values() or figure.unit in _CURRENCY_WORDS.values():
        return f"money {figure.unit}"
    if figure.unit == "%":
        return "percent"
    if figure.unit == "age" or figure.unit.startswith("age "):
        return "age " + figure.unit[4:].lower()
    return _noun_key(figure.unit)


# People counted by what they do, not who they are: "two travel agents" and "three men" are
# different counts, where "155 Chinese citizens" and "163 Chinese nationals" are one
_ROLES = {
    **dict.fromkeys(("agent", "agents", "broker", "brokers", "middleman", "middlemen"), "agent"),
    **dict.fromkeys(("suspect", "suspects", "accomplice", "accomplices"), "suspect"),
    **dict.fromkeys(("official", "officials", "officer", "officers"), "official"),
    **dict.fromkeys(("organiser", "organisers", "organizer", "organizers"), "organiser"),
}


@lru_cache(maxsize=4096)
def _noun_key(unit: str) -> str:
    english = reporting("en")
    people_nouns = english.agents | english.private_persons  # "servicemen", "troops": people
    world = load_world()
    countries: list[str] = []
    rest: list[str] = []
    person = False
    role = ""
    words = unit.split()
    event = ""
    if words and words[-1].lower() in EVENT_CLASSES:
        event = words.pop().lower()  # "citizens killed": people, and what happened to them
        if not words:
            return f"person {event}"  # "14 killed", "12 deaths": people
    k = 0
    while k < len(words):
        # "Sri Lankans", "South African men": a country of two or three words
        for size in (3, 2, 1):
            phrase = " ".join(words[k : k + size])
            country = world.country(phrase) if k + size <= len(words) else None
            if country is not None:
                break
        low = words[k].lower().strip(".,")
        low = low.removeprefix("ex-")  # "ex-servicemen" are servicemen
        if country is not None:
            countries.append(country.code)
            # a plural demonym ("Kenyans") names people on its own
            person = person or phrase.lower() in {p.lower() for p in country.people}
            k += size
            continue
        if low in _ROLES:
            person = True
            role = _ROLES[low]
        elif low in people_nouns or low.rstrip("s") in people_nouns:
            person = True
        else:
            rest.append(stem(low))
        k += 1
    if person:
        kind = f"person {role}" if role else "person"
        return " ".join([*sorted(set(countries)), kind, *([event] if event else [])])
    return " ".join([*sorted(set(countries)), *rest, *([event] if event else [])])


def _round(value: float) -> bool:
    """A number written as an estimate: 100, 2,000, 10,000 (not 10, 155 or 2,450)."""
    return value >= 100 and value % (100 if value < 10_000 else 1_000) == 0


def figures_disagree(a: Figure, b: Figure) -> bool:
    """Two figures for the same quantity that cannot both be right as stated."""
    if a.value == b.value:
        return False
    low, high = sorted((a, b), key=lambda f: f.value)
    # "more than 10,000" and "11,000" agree; "at least 155" and "at least 163" do not, nor do
    # "at least 10" and "12": a bound on a round number is an estimate, on another a count
    if low.bound == "at_least" and high.bound in ("exact", "about") and _round(low.value):
        return False
    if high.bound == "at_most" and low.bound in ("exact", "about"):
        return False
    # "about 100" and "105" are the same estimate
    return not ("about" in (a.bound, b.bound) and high.value <= low.value * 1.05)
