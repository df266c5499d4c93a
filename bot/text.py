"""Text helpers shared by the pure stages: HTML to plain text, tokens, stems, sentences."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser


def word_set(text: str) -> frozenset[str]:
    """A vocabulary written as prose: comma-separated when entries have spaces, else words."""
    parts = text.split(",") if "," in text else text.split()
    return frozenset(p.strip() for p in parts if p.strip())


_BLOCK_TAGS = word_set(
    """
    p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article figure figcaption
    hr pre
    """
)
_SKIP_TAGS = word_set(
    """
    script style noscript iframe svg template head
    """
)
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad",
    ),
    None,
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            # in HTML a line break in the source is only a space; block tags make lines
            self.parts.append(data.replace("\r", " ").replace("\n", " "))


_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>", re.DOTALL)
_HARD = re.compile(r"<(?:script|style|noscript|iframe|svg|template|head|!\[CDATA)|<[^>]*<", re.I)


def _strip_simple(raw: str) -> str | None:
    """Tags out by regex for plain markup (the common case, several times faster than
    HTMLParser); None when the markup has parts whose content must go, or is tangled."""
    if _HARD.search(raw):
        return None

    def tag(match: re.Match[str]) -> str:
        name = (match.group(2) or "").lower()
        return "\n" if name in _BLOCK_TAGS else ""

    text = raw.replace("\r", " ").replace("\n", " ")
    return html.unescape(_TAG.sub(tag, text))


def clean_text(raw: str) -> str:
    """Plain text from feed HTML: tags dropped, entities decoded, whitespace tidied."""
    if not raw:
        return ""
    simple = _strip_simple(raw) if "<" in raw or "&" in raw else raw
    if simple is not None:
        raw = simple
    else:
        parser = _TextExtractor()
        try:
            parser.feed(raw)
            parser.close()
            raw = "".join(parser.parts)
        except Exception:  # a broken fragment still yields its text, minus tags
            raw = html.unescape(re.sub(r"<[^>]*>", " ", raw))
    if not raw.isascii():
        raw = _SURROGATE.sub("", unicodedata.normalize("NFC", raw)).translate(_INVISIBLE)
    if "  " in raw or any(c in raw for c in "\t\r\f\v\u00a0"):  # most text needs no sub
        raw = _SPACES.sub(" ", raw)
    if "\n" not in raw:
        return raw.strip()
    lines = (line.strip() for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


_SURROGATE = re.compile("[\ud800-\udfff]")  # halves of a pair: not text, and not UTF-8
# hyphens are not part of a token, so 'North Korean-made' gives north, korean, made
# possessive: nothing after a token can make a shorter one match, so never backtrack
_TOKEN = re.compile(r"\d++(?:[.,]\d++)*+|[^\W_]++(?:'[^\W_]++)*+")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, possessive 's dropped."""
    text = text.lower()
    if "’" in text:
        text = text.replace("’", "'")
    words = _TOKEN.findall(text)
    if "'" in text:
        return [w[:-2] if w.endswith("'s") else w for w in words]
    return words


@lru_cache(maxsize=200_000)  # news vocabulary repeats: most words are stemmed once
def stem(word: str) -> str:
    """A light English stemmer: enough to equate fighters/fighter, recruited/recruits."""
    w = word.lower()
    if len(w) <= 3:
        return w
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("ment", ""),
        ("ly", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                continue
            if suffix == "es" and not w.endswith(("ses", "xes", "ches", "shes", "zes")):
                w = w[:-1]
                break
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]  # stopped -> stop, planned -> plan
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]  # capture / captured -> captur
    return w


def stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text)]


# a surname after a lower-case particle: "al-Saadi", "el-Sisi", "bin-Salman"
PARTICLE_NAME = re.compile(r"(?:al|el|ad|as|ash|an|ibn|bin|abu|ben)-[A-Z]")

_ABBREVIATIONS = word_set(
    """
    mr mrs ms dr prof gen brig col lt sgt capt maj cmdr adm cpl pvt pte rev hon rep sen gov st jr
    sr no vs etc inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e approx est dept gov't
    """
)
# a capital opens the next sentence: Latin with its accents and Cyrillic too ("Він", "Él"),
# and a quote may stand before it in any language's marks («, „)
_CAPITAL = "A-Z0-9À-ÖØ-ÞЀ-ЯҐ"
_SENTENCE_END = re.compile(
    rf"([.!?]+[\"'”’)\]»]*)(\s+)(?=[\"'“‘(\[„]?[{_CAPITAL}]|«\s?[{_CAPITAL}])"
)


# initials that transliterate one Cyrillic letter: "Sh. R.", "Zh. Abdullaev"
_DIGRAPH_INITIALS = frozenset("sh zh ch kh ts yu ya ye yo".split())
_ON_PLATFORM = re.compile(r"\b(?:on|to|via)\s+X[.!?]+[\"'”’)\]]*$")
_LAST_WORD = re.compile(r"([\w.']+)[.!?]+[\"'”’)\]]*$")


def split_sentences(text: str) -> list[str]:
    """Sentences of news prose; paragraphs and headline lines are always boundaries."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            end = match.end(1)
            before = paragraph[start:end]
            last_word = _LAST_WORD.findall(before)
            word = last_word[0].lower().rstrip(".") if last_word else ""
            initial = (len(word) == 1 and word.isalpha() and not _ON_PLATFORM.search(before)) or (
                word in _DIGRAPH_INITIALS and last_word[0][:1].isupper()
            )
            if word in _ABBREVIATIONS or initial:
                continue  # "Mr.", "J. Smith"; but "said in a post on X." ends a sentence
            out.append(before.strip())
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            out.append(tail)
    return out


STOPWORDS = word_set(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself
    just me more most my no nor not now of off on once only or other our out over own same she
    should so some such than that the their them then there these they this those through to
    too under until up very was we were what when where which while who whom why will with
    would you your said says say told stated claimed according added also reportedly allegedly
    one would could may might must shall per via amid among upon within without however since
    yet still process issue matter situation claim claims report reports information way part
    time development fact case statement comment comments question questions number thing
    things further recent recently currently already new first last
    """
)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Stem -> label: the language data's synonyms, and every country's names, demonyms,
    capitals and seats folded to its code (so 'Moscow', 'Russian' and 'Russia' meet)."""
    from importlib import resources

    import yaml

    from bot.world import load_world  # general knowledge, loaded once

    data = yaml.safe_load(
        (resources.files("bot") / "data" / "lang" / "en.yaml").read_text(encoding="utf-8")
    )
    out: dict[str, str] = {}
    for country in load_world().countries:
        for form in (*country.names(), *country.demonyms(), *country.capitals(), *country.seats):
            words = tokens(form)
            if len(words) == 1:
                out[stem(words[0])] = f"@{country.code.lower()}"
    for label, words in data["synonyms"].items():
        for word in words:
            out[stem(str(word))] = label
    return out


def content_stems(text: str) -> list[str]:
    """Stems that carry meaning, with synonyms folded, for similarity between sentences."""
    out = []
    synonyms = _synonyms()
    for word in tokens(text):
        if word in STOPWORDS or len(word) < 2:
            continue
        base = stem(word)
        out.append(synonyms.get(base, base))
    return out
