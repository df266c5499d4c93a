"""Language stage: which language an item is written in, and how each language's words are
reduced to a common form (stems or lemmas) for matching.

Pure: text in, a language code or a stem out. The only things loaded are the libraries'
own packaged models and dictionaries, each once, the first time a language needs them:
lingua's detection models, PyStemmer's Snowball stemmers (Russian, Spanish, French, German,
Portuguese) and simplemma's Ukrainian lemmas (Snowball has no Ukrainian stemmer).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from bot.text import stem as english_stem

LANGUAGES = ("en", "uk", "ru", "es", "fr", "de", "pt")  # the languages topics can be written in
_SNOWBALL = {"ru": "russian", "es": "spanish", "fr": "french", "de": "german", "pt": "portuguese"}
_LINGUA = {
    "en": "ENGLISH",
    "uk": "UKRAINIAN",
    "ru": "RUSSIAN",
    "es": "SPANISH",
    "fr": "FRENCH",
    "de": "GERMAN",
    "pt": "PORTUGUESE",
}
DETECT_CHARS = 600  # the headline and lede say which language an item is in; more costs time
CLEAR = 0.6  # lingua's confidence above which a detected language overrides a feed's own

# Which kinds of world-file names are written with a capital letter in each language, so a
# lower-case word ("chad", "polish", "того") is not taken for one. Names of countries and
# capitals always are; English capitalises adjectives and demonyms too, German and French
# only their nouns ("ein Australier", "un Australien"; "australische", "australien").
CAPITALISED: dict[str, frozenset[str]] = {
    "en": frozenset({"countries", "capitals", "adjectives", "demonyms", "peoples"}),
    "de": frozenset({"countries", "capitals", "demonyms", "peoples"}),
    "fr": frozenset({"countries", "capitals", "demonyms", "peoples"}),
}
_NAMES_ONLY = frozenset({"countries", "capitals"})


def capitalised(lang: str, kind: str) -> bool:
    return kind in CAPITALISED.get(lang, _NAMES_ONLY)


# ------------------------------------------------------------------------------- stemming


@cache
def stemmer(lang: str) -> Callable[[str], str]:
    """The function that reduces a lower-case word of `lang` to its matching form; English
    (and any language without one) uses the project's light English stemmer."""
    if lang in _SNOWBALL:
        import Stemmer  # PyStemmer: the Snowball algorithms in C

        snowball = Stemmer.Stemmer(_SNOWBALL[lang])
        return lru_cache(maxsize=200_000)(snowball.stemWord)
    if lang == "uk":
        return _ukrainian
    return english_stem


# Endings taken off a Ukrainian lemma, so the forms simplemma does not know (names of
# places and peoples mostly) still meet the ones it does: longest first.
_UK_ENDINGS = tuple(
    sorted(
        "ами ями ові еві ого ому ими іми ів їв ах ях ам ям ом ем ою ею ий ій ої ей их іх"
        " а я у ю і ї и е о ь".split(),
        key=len,
        reverse=True,
    )
)


@lru_cache(maxsize=200_000)
def _ukrainian(word: str) -> str:
    import simplemma

    lemma = simplemma.lemmatize(word, lang="uk").lower()
    for ending in _UK_ENDINGS:
        if lemma.endswith(ending) and len(lemma) - len(ending) >= 3:
            return lemma[: -len(ending)]
    return lemma


# Russian case endings a noun takes after its dictionary form. Snowball strips endings
# by rule, and names are where its rules slip: "киев" stems to "ки", "киева" to "киев",
# "афганистан" to "афганиста" but "афганистане" to "афганистан". A lexicon term is also
# indexed under the stems of these forms, so the inflected word in a text finds it.
_RU_AFTER_CONSONANT = ("а", "у", "е", "ом", "ы", "ов", "и", "ам", "ах")
_RU_AFTER_A = ("ы", "и", "е", "у", "ой", "ей", "ю", "ам", "ах")


def inflections(lang: str, word: str) -> tuple[str, ...]:
    """Likely case forms of a lower-case dictionary word, for the languages whose stemmer
    needs them (Russian); () for the others."""
    if lang != "ru" or len(word) < 3 or not word.isalpha():
        return ()
    last = word[-1]
    if last in "ая":
        return tuple(word[:-1] + ending for ending in _RU_AFTER_A)
    if last == "ь":
        return tuple(word[:-1] + ending for ending in ("я", "ю", "и", "е", "ем"))
    if last in "йыиоуеэю":
        return ()
    return tuple(word + ending for ending in _RU_AFTER_CONSONANT)


# ------------------------------------------------------------------------------ detection

# Short words each language uses in almost every sentence and the others (nearly) never: a
# text full of one language's and none of the others' is that language without asking
# lingua, which costs a hundred times more. Anything less clear goes to lingua.
_FUNCTION_WORDS = {
    "en": "the and of to is was were has have had that with for from by who which this its "
    "their said after been are they would not",
    "de": "der die das und ist nicht mit von den dem des ein eine einer sich auf für im "
    "wurde wurden sind bei nach auch sagte hat",
    "fr": "le les des et est une du dans pour qui sur au aux pas par avec ont été selon "
    "il elle ses leur cette",
    "es": "el los las del y una por con para es fue su al según sus pero como más han este esta",
    "pt": "os do da dos das não um uma em no na foi é pelo pela segundo seus suas ao mais com como",
    "ru": "и в не на что по с из за как он она это был была были его их от для также к",
    "uk": "і й та в у не на що по з із за як він вона це був була були його їх від для також до",
}
_WORDS_OF: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in _FUNCTION_WORDS.items()}
# each language's own words: those no other language in the table also uses
_OWN: dict[str, frozenset[str]] = {
    lang: words - frozenset().union(*(w for other, w in _WORDS_OF.items() if other != lang))
    for lang, words in _WORDS_OF.items()
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_OURS = re.compile(r"[a-zà-öø-ÿ\u0100-\u017f\u0400-\u04ff]")  # Latin and Cyrillic letters
_WORD = re.compile(r"[^\W\d_]+")
_MIN_OWN = 3  # own function words that make a text's language plain


def _plain_language(words: list[str], hint: str) -> str:
    """The language when the text's function words leave no doubt, else "". A short text
    with some of the hinted language's own words and none of another's is that language."""
    counts = dict.fromkeys(_OWN, 0)
    for word in words:
        for lang, own in _OWN.items():
            if word in own:
                counts[lang] += 1
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= _MIN_OWN and top >= 4 * second:
        return best
    if hint in counts and counts[hint] and counts[hint] == sum(counts.values()):
        return hint
    return ""


@cache
def _detector() -> Any:
    """lingua's detector for the topic languages only (faster and surer than all 75); built
    once, on the first text that needs it; its models load lazily, per language."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        *(getattr(Language, name) for name in _LINGUA.values())
    ).build()


_CODE_OF = {name: code for code, name in _LINGUA.items()}


def detect(text: str, hint: str = "") -> str:
    """The language of `text` as a code from LANGUAGES. `hint` (a feed's declared language)
    is kept unless the text is clearly in another language; "" when nothing can be told
    (no hint, and no letters to go by)."""
    sample = text[:DETECT_CHARS]
    words = _WORD.findall(sample.lower())
    plain = _plain_language(words, hint)
    if plain:
        return plain
    letters = "".join(words)
    # no letters, another script (Chinese, Kannada...), or a feed in a language lingua is not
    # asked about (Italian): lingua would only pick the nearest of ours
    if not letters or len(_OURS.findall(letters)) < len(letters) / 2:
        return hint
    if hint and hint not in LANGUAGES:
        return hint
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return hint
    top = values[0]
    code = _CODE_OF.get(top.language.name, "")
    if hint and code != hint and top.value < CLEAR:
        return hint
    if _CYRILLIC.search(sample) and code not in ("uk", "ru"):
        return hint or code  # lingua guessing a Latin language for Cyrillic text: keep the hint
    return code or hint
