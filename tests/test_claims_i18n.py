"""Claims stage in Ukrainian, Russian, Spanish, French, German and Portuguese: each
language's attribution forms, its figures, claimants in Latin script; data-driven."""

from __future__ import annotations

import unicodedata

import pytest
import yaml

from bot.claims import extract_claims
from bot.figures import extract_figures
from bot.latin import latin_name
from bot.models import Item
from bot.reporting import _FIELDS, reporting
from tests.conftest import DATA, news_item

CASES = yaml.safe_load((DATA / "claims_i18n.yaml").read_text(encoding="utf-8"))["cases"]
LANGS = ("uk", "ru", "es", "fr", "de", "pt")
OUTLET = "Test Outlet"


def item(lang: str, title: str, body: str) -> Item:
    return news_item(body, title=title, outlet=OUTLET, language=lang)


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_claims_in_other_languages(case):
    claims = extract_claims(item(case["lang"], case["title"], case["body"]))
    shown = [(c.claimant, c.text, [f.text for f in c.figures]) for c in claims]
    if "count" in case:
        assert len(claims) == case["count"], shown
    assert len(claims) >= len(case["claims"]), shown
    for want, claim in zip(case["claims"], claims, strict=False):
        if want.get("claimant") == "outlet":
            assert claim.claimant == OUTLET and not claim.attributed, shown
        elif "claimant" in want:
            assert want["claimant"].lower() in claim.claimant.lower(), shown
        if "starts" in want:
            assert claim.text.startswith(want["starts"]), shown
        if "text" in want:
            assert want["text"] in claim.text, shown
        if "figures" in want:
            assert set(want["figures"]) <= {f.text for f in claim.figures}, shown
        if want.get("latin"):
            name = claim.claimant.split(" (")[0]  # a role the data cannot translate stays
            assert all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in name), shown


def test_every_case_language_is_covered():
    assert {c["lang"] for c in CASES} == set(LANGS)
    for lang in LANGS:
        rules = " ".join(c["rule"] for c in CASES if c["lang"] == lang)
        assert "lead" in rules and "according" in rules and "tail" in rules, lang


@pytest.mark.parametrize("lang", LANGS)
def test_language_files_have_the_english_keys(lang):
    data = reporting(lang)
    assert data.lang == lang  # its own file, not the English fallback
    raw = yaml.safe_load(
        (DATA.parent.parent / "bot" / "data" / "lang" / f"{lang}.yaml").read_text()
    )
    assert set(_FIELDS) <= set(raw)
    # the reporting forms the issue names are reporting verbs or 'according to' forms
    named = {
        "uk": ["за словами", "заявив", "повідомили"],
        "ru": ["по словам", "заявил"],
        "es": ["según", "afirmó"],
        "fr": ["selon", "a déclaré"],
        "de": ["laut", "sagte"],
        "pt": ["segundo", "disse"],
    }[lang]
    for form in named:
        assert form in data.verbs or data.according_re.match(form + " "), form


@pytest.mark.parametrize(
    "lang, sentence, expected",
    [
        ("uk", "Ще 1 200 осіб досі служать у війську.", ["1,200"]),
        ("uk", "Родини отримали по п'ять тисяч доларів.", ["5,000 dollars"]),
        ("uk", "Понад тисяча найманців загинули 8 квітня 2024 року.", ["1,000"]),
        ("ru", "Около 3,5 млн рублей получили двое из них.", ["3,500,000 rubles"]),
        ("ru", "Не менее 40 процентов контрактов были фиктивными.", ["40%"]),
        ("es", "Al menos 1.500 colombianos y el 12,5 por ciento de ellos.", ["1,500", "12.5%"]),
        ("es", "Mil soldados llegaron el 3 de marzo.", ["1,000"]),
        ("fr", "Au moins 1 300 Sénégalais ont été recrutés.", ["1,300"]),
        ("fr", "Une trentaine de soldats servaient dans une brigade.", ["30"]),  # "une": no 1
        ("es", "El combatiente servía en una brigada ucraniana.", []),
        ("de", "Zwei Millionen Euro und tausend Söldner.", ["2,000,000 euros", "1,000"]),
        ("pt", "Pelo menos 2.000 brasileiros e 40 por cento dos recrutas.", ["2,000", "40%"]),
    ],
)
def test_figures_in_the_languages_forms(lang, sentence, expected):
    assert [f.text for f in extract_figures(sentence, lang)] == expected


def test_english_figures_keep_their_reading():
    # "1.500" is one and a half in English, a thousand and a half hundred in Spanish
    assert [f.text for f in extract_figures("about 1.500 tonnes")] == ["1.5"]
    assert [f.text for f in extract_figures("unas 1.500 toneladas", "es")] == ["1,500"]


@pytest.mark.parametrize(
    "name, lang, latin",
    [
        ("Володимир Зеленський", "uk", "Volodymyr Zelenskyi"),
        ("Юлія Свириденко", "uk", "Yuliia Svyrydenko"),
        ("Євген Згурський", "uk", "Yevhen Zghurskyi"),
        ("Дмитрий Песков", "ru", "Dmitriy Peskov"),
        ("María Pérez", "es", "María Pérez"),
    ],
)
def test_names_in_latin_script(name, lang, latin):
    assert latin_name(name, lang) == latin


def test_claim_text_keeps_its_language():
    body = "Міністр оборони Кенії Пітер Мвангі заявив, що 12 кенійців повернулися додому вчора."
    [claim] = extract_claims(item("uk", "Кенійці повернулися", body))
    assert claim.text == "12 кенійців повернулися додому вчора."  # no English numeral word
    assert claim.claimant == "Piter Mvanhi (Kenyan Defence Minister)"


def test_a_language_without_data_reads_as_english():
    assert reporting("it").lang == "en"
    claims = extract_claims(item("it", "Title", "The ministry said 12 soldiers had been killed."))
    assert claims and claims[0].claimant != OUTLET


def test_a_bare_no_in_language_data_is_refused(tmp_path, monkeypatch):
    # YAML reads an unquoted no as false: the loader names the file instead of losing the word
    import bot.reporting as module

    text = (DATA.parent.parent / "bot" / "data" / "lang" / "es.yaml").read_text(encoding="utf-8")
    broken = text.replace('hay, "no"]', "hay, no]")
    assert broken != text
    data = yaml.safe_load(broken)
    monkeypatch.setattr(module.yaml, "safe_load", lambda _text: data)
    with pytest.raises(ValueError, match=r"es\.yaml: finite"):
        module.reporting.__wrapped__("es")
