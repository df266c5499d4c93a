"""Language stage: telling an item's language, and reducing each language's word forms."""

from __future__ import annotations

import pytest

from bot.language import detect, inflections, stemmer


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The ministry said the volunteers had signed contracts with the army last year."),
        ("uk", "Міністерство заявило, що добровольці підписали контракти з армією."),
        ("ru", "Министерство заявило, что добровольцы подписали контракты с армией."),
        ("de", "Das Ministerium sagte, die Freiwilligen hätten Verträge mit der Armee."),
        ("fr", "Le ministère a déclaré que les volontaires avaient signé des contrats."),
        ("es", "El ministerio dijo que los voluntarios habían firmado contratos con el ejército."),
        ("pt", "O ministério disse que os voluntários tinham assinado contratos com o exército."),
        # headlines alone, few function words: lingua decides
        ("de", "Freiwillige aus Kolumbien kämpfen bei Charkiw"),
        ("uk", "Добровольці з Колумбії воюють під Харковом"),
        ("ru", "Добровольцы из Колумбии воюют под Харьковом"),
    ],
)
def test_detects_the_language(lang, text):
    assert detect(text, hint="en") == lang


@pytest.mark.parametrize(
    "text,hint,expected",
    [
        ("Kyiv 2024", "pt", "pt"),  # nothing to tell it by: the feed's language stands
        ("", "de", "de"),
        ("12 345", "", ""),
        # clearly another language than the feed's declared one: the text wins
        ("Das Ministerium sagte, die Freiwilligen hätten Verträge unterschrieben.", "en", "de"),
    ],
)
def test_a_feeds_language_stands_unless_the_text_says_otherwise(text, hint, expected):
    assert detect(text, hint=hint) == expected


@pytest.mark.parametrize(
    "lang,forms",
    [
        ("en", ["fighter", "fighters"]),
        ("ru", ["наемник", "наемники", "наемников"]),
        ("uk", ["найманець", "найманці", "найманців"]),
        ("uk", ["воювати", "воював", "воюють"]),
        ("de", ["Söldner", "Söldnern"]),
        ("fr", ["combattant", "combattants"]),
        ("es", ["reclutado", "reclutados"]),
        ("pt", ["capturado", "capturados"]),
    ],
)
def test_forms_of_a_word_meet(lang, forms):
    stem = stemmer(lang)
    assert len({stem(form.lower()) for form in forms}) == 1


@pytest.mark.parametrize(
    "word,inflected", [("киев", "киева"), ("афганистан", "афганистане"), ("колумбия", "колумбии")]
)
def test_russian_names_are_indexed_under_their_case_forms(word, inflected):
    stem = stemmer("ru")
    assert stem(inflected) in {stem(word), *(stem(form) for form in inflections("ru", word))}


def test_only_russian_needs_case_forms():
    assert inflections("en", "kyiv") == ()
    assert inflections("uk", "київ") == ()
