"""bot/world.py and its data files: every UN member, complete entries, lookups that news needs."""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml

from bot import world as world_module
from bot.world import LANGS, Country, key, load_world

# The 193 member states of the United Nations, by ISO 3166-1 alpha-2 code
UN_MEMBERS = set(
    """
    AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM
    CA CF TD CL CN CO KM CG CR CI HR CU CY CZ KP CD DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR
    GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KW KG LA
    LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ
    NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR RO RU RW KN LC VC WS SM ST SA SN RS SC SL
    SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV UG UA AE GB US UY
    UZ VU VE VN YE ZM ZW
    """.split()
)
OTHER_STATES = {"VA", "PS", "XK", "TW"}  # Holy See, Palestine, Kosovo, Taiwan
UNIONS = {"EU", "UN", "NATO", "AFU"}
# Phrases that truly fit two countries; a lookup gives None and countries_for() gives both
AMBIGUOUS_PAIRS = [{"CG", "CD"}, {"KP", "KR"}, {"DM", "DO"}]

WORLD = load_world()


def test_un_member_list_is_193():
    assert len(UN_MEMBERS) == 193


def test_every_un_member_is_a_state():
    states = {c.code for c in WORLD.countries if c.kind == "state"}
    assert len(states & UN_MEMBERS) == 193
    assert UN_MEMBERS - states == set()


def test_the_rest_are_the_observers_and_the_unions():
    by_kind = defaultdict(set)
    for c in WORLD.countries:
        by_kind[c.kind].add(c.code)
    assert by_kind["state"] == UN_MEMBERS | OTHER_STATES
    assert by_kind["union"] == UNIONS
    assert set(by_kind) == {"state", "union"}


def test_codes_unique_in_the_file():
    raw = yaml.safe_load(
        (world_module.resources.files("bot") / "data/world/countries.yaml").read_text("utf-8")
    )
    codes = [e["code"] for e in raw]
    assert len(codes) == len(set(codes)) == len(WORLD.countries) == 201


@pytest.mark.parametrize("country", WORLD.countries, ids=lambda c: c.code)
def test_entry_is_complete(country: Country):
    assert country.name and country.adjective and country.capital
    if country.kind == "state":
        assert country.person and country.people
    assert set(country.i18n) == set(LANGS)
    for lang in LANGS:
        assert country.local(lang, "name"), lang
        if country.kind == "state":
            assert country.local(lang, "adjective"), lang
    assert WORLD.by_code(country.code) is country
    assert hash(country) == hash(WORLD.by_code(country.code.lower()))


@pytest.mark.parametrize("country", WORLD.countries, ids=lambda c: c.code)
def test_every_form_finds_its_own_country(country: Country):
    for lang in ("en", *LANGS):
        for form in (*country.names(lang), *country.demonyms(lang)):
            assert country in WORLD.countries_for(form, lang), (lang, form)
    for place in (*(country.capitals() if country.kind == "state" else ()), *country.seats):
        assert WORLD.country_of_place(place) is country, place


def test_only_known_pairs_are_ambiguous():
    for lang in ("en", *LANGS):
        for index in (WORLD._names[lang], WORLD._demonyms[lang]):
            for k, found in index.items():
                if len(found) > 1:
                    assert {c.code for c in found} in AMBIGUOUS_PAIRS, (lang, k)
    across = defaultdict(set)  # one word, two countries in two languages
    for lang in ("en", *LANGS):
        for index in (WORLD._names[lang], WORLD._demonyms[lang]):
            for k, found in index.items():
                across[k] |= {c.code for c in found}
    assert [(k, v) for k, v in across.items() if len(v) > 1 and v not in AMBIGUOUS_PAIRS] == []
    assert all(len(found) == 1 for found in WORLD._places.values())


def test_body_and_named_forms_are_unambiguous():
    assert [k for k, found in WORLD._bodies.items() if len(found) > 1] == []
    assert [k for k, found in WORLD._named.items() if len(found) > 1] == []
    kinds = {b.kind for b in WORLD.bodies}
    assert len(kinds) == len(WORLD.bodies)
    for body in WORLD.bodies:
        assert body.forms and set(body.i18n) == set(LANGS) and all(body.i18n.values()), body.kind
    for named in WORLD.named:
        assert named.kind in kinds and (named.country is None or WORLD.by_code(named.country))


REQUIRED_KINDS = [
    "foreign ministry", "defence ministry", "interior ministry", "justice ministry",
    "intelligence service", "military intelligence", "security service", "border guard service",
    "general staff", "armed forces", "army", "navy", "police", "prosecutor's office",
    "investigative committee", "court", "supreme court", "embassy", "consulate", "parliament",
    "government", "presidential office", "human rights ombudsman", "military",
    "national security council", "interior forces", "pow headquarters", "red cross",
]  # fmt: skip


@pytest.mark.parametrize("kind", REQUIRED_KINDS)
def test_required_kind_present(kind):
    assert kind in {b.kind for b in WORLD.bodies}


@pytest.mark.parametrize(
    "phrase, code",
    [
        ("the U.S.", "US"),
        ("U.S.", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("America", "US"),
        ("American", "US"),
        ("Americans", "US"),
        ("the United States'", "US"),
        ("Britain's", "GB"),
        ("Britain’s", "GB"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Briton", "GB"),
        ("British", "GB"),
        ("Great Britain", "GB"),
        ("Nepalese", "NP"),
        ("Nepali", "NP"),
        ("Nepalis", "NP"),
        ("DPRK", "KP"),
        ("North Korea", "KP"),
        ("N. Korea", "KP"),
        ("South Korea", "KR"),
        ("ROK", "KR"),
        ("UAE", "AE"),
        ("Emirati", "AE"),
        ("DRC", "CD"),
        ("DR Congo", "CD"),
        ("Congo-Brazzaville", "CG"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Turkey", "TR"),
        ("Turks", "TR"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d’Ivoire", "CI"),
        ("Myanmar", "MM"),
        ("Burma", "MM"),
        ("Burmese", "MM"),
        ("Filipina", "PH"),
        ("Filipinos", "PH"),
        ("Kazakhstani", "KZ"),
        ("Kazakhs", "KZ"),
        ("Kyrgyzstani", "KG"),
        ("Kyrgyz", "KG"),
        ("PRC", "CN"),
        ("Mainland China", "CN"),
        ("Chinese", "CN"),
        ("the Netherlands", "NL"),
        ("Dutch", "NL"),
        ("the Gambia", "GM"),
        ("Swiss", "CH"),
        ("Holy See", "VA"),
        ("Vatican", "VA"),
        ("Kosovar", "XK"),
        ("Palestinian", "PS"),
        ("Taiwanese", "TW"),
        ("Nigerien", "NE"),
        ("Nigerian", "NG"),
        ("Bissau-Guinean", "GW"),
        ("RUSSIA", "RU"),
        ("Russia's", "RU"),
        ("EU", "EU"),
        ("NATO", "NATO"),
        ("Nato", "NATO"),
        ("U.N.", "UN"),
        ("African Union", "AFU"),
        # other languages
        ("Україна", "UA"),
        ("українці", "UA"),
        ("Россия", "RU"),
        ("россиянин", "RU"),
        ("США", "US"),
        ("Великобритания", "GB"),
        ("китаянка", "CN"),
        ("ЄС", "EU"),
        ("Allemagne", "DE"),
        ("Chinois", "CN"),
        ("Deutschland", "DE"),
        ("Österreicher", "AT"),
        ("Estados Unidos", "US"),
        ("EE.UU.", "US"),
        ("estadounidense", "US"),
        ("chinês", "CN"),
        ("Alemanha", "DE"),
        ("Weißrussland", "BY"),
        ("Кот-д’Ивуар", "CI"),
        ("Объединённые Арабские Эмираты", "AE"),
    ],
)
def test_country(phrase, code):
    assert WORLD.country(phrase).code == code


@pytest.mark.parametrize("phrase, lang, code", [("Chine", "fr", "CN"), ("Китай", "ru", "CN")])
def test_country_in_one_language(phrase, lang, code):
    assert WORLD.country(phrase, lang).code == code
    assert WORLD.country(phrase, "en") is None


@pytest.mark.parametrize(
    "phrase", ["us", "car", "Congo", "Korea", "Korean", "Dominican", "the", ""]
)
def test_no_single_country(phrase):
    assert WORLD.country(phrase) is None


def test_ambiguous_phrase_gives_every_country():
    assert {c.code for c in WORLD.countries_for("Congolese")} == {"CG", "CD"}
    assert {c.code for c in WORLD.countries_for("Korea")} == {"KP", "KR"}


@pytest.mark.parametrize(
    "phrase, code",
    [
        ("Kiev", "UA"), ("Kyiv", "UA"), ("Kremlin", "RU"), ("the Kremlin", "RU"),
        ("White House", "US"), ("Washington", "US"), ("Washington, D.C.", "US"),
        ("Downing Street", "GB"), ("Whitehall", "GB"), ("Élysée", "FR"), ("Elysee", "FR"),
        ("Bankova", "UA"), ("Blue House", "KR"), ("Zhongnanhai", "CN"), ("New Delhi", "IN"),
        ("Delhi", "IN"), ("Beijing", "CN"), ("Brussels", "BE"), ("Addis Ababa", "ET"),
        ("Pristina", "XK"), ("Priština", "XK"), ("Naypyidaw", "MM"), ("La Paz", "BO"),
    ],
)  # fmt: skip
def test_country_of_place(phrase, code):
    assert WORLD.country_of_place(phrase).code == code


def test_a_union_headquarters_is_no_country_of_place():
    assert WORLD.country_of_place("New York") is None
    assert WORLD.country_of_place("Berlaymont").code == "EU"


@pytest.mark.parametrize(
    "phrase, kind",
    [
        ("Ministry of Foreign Affairs", "foreign ministry"),
        ("the foreign ministry", "foreign ministry"),
        ("MFA", "foreign ministry"),
        ("external affairs ministry", "foreign ministry"),
        ("МЗС", "foreign ministry"),
        ("МИД", "foreign ministry"),
        ("Auswärtiges Amt", "foreign ministry"),
        ("Ministry of Defence", "defence ministry"),
        ("defense ministry", "defence ministry"),
        ("MoD", "defence ministry"),
        ("Міноборони", "defence ministry"),
        ("Ministry of Internal Affairs", "interior ministry"),
        ("home ministry", "interior ministry"),
        ("Prosecutor General's Office", "prosecutor's office"),
        ("прокуратура", "prosecutor's office"),
        ("Investigative Committee", "investigative committee"),
        ("district court", "court"),
        ("Supreme Court", "supreme court"),
        ("embassy", "embassy"),
        ("consulate general", "consulate"),
        ("National Assembly", "parliament"),
        ("Congress", "parliament"),
        ("Rada", "parliament"),
        ("Senate", "parliament"),
        ("cabinet", "government"),
        ("presidency", "presidential office"),
        ("President's Office", "presidential office"),
        ("ombudsman", "human rights ombudsman"),
        ("military", "military"),
        ("armed forces", "armed forces"),
        ("Navy", "navy"),
        ("border guards", "border guard service"),
        ("General Staff", "general staff"),
        ("Генштаб", "general staff"),
        ("police", "police"),
        ("National Security Council", "national security council"),
        ("internal troops", "interior forces"),
        ("military intelligence", "military intelligence"),
        ("intelligence services", "intelligence service"),
        ("security service", "security service"),
        ("Coordination Headquarters for the Treatment of Prisoners of War", "pow headquarters"),
        ("prisoner-of-war coordination headquarters", "pow headquarters"),
        ("Red Cross", "red cross"),
        ("Croix-Rouge", "red cross"),
    ],
)
def test_body(phrase, kind):
    assert WORLD.body(phrase).kind == kind


@pytest.mark.parametrize("phrase", ["mfa", "mod", "ministry", "Pentagon", "State Department"])
def test_no_body(phrase):
    assert WORLD.body(phrase) is None


@pytest.mark.parametrize(
    "phrase, code, kind",
    [
        ("State Department", "US", "foreign ministry"),
        ("the U.S. State Department", "US", "foreign ministry"),
        ("Pentagon", "US", "defence ministry"),
        ("White House", "US", "presidential office"),
        ("Kremlin", "RU", "presidential office"),
        ("Downing Street", "GB", "prime minister's office"),
        ("Whitehall", "GB", "government"),
        ("Foreign Office", "GB", "foreign ministry"),
        ("Home Office", "GB", "interior ministry"),
        ("Élysée", "FR", "presidential office"),
        ("Quai d'Orsay", "FR", "foreign ministry"),
        ("Bundeswehr", "DE", "armed forces"),
        ("Bundestag", "DE", "parliament"),
        ("State Duma", "RU", "parliament"),
        ("Duma", "RU", "parliament"),
        ("Verkhovna Rada", "UA", "parliament"),
        ("SBU", "UA", "security service"),
        ("HUR", "UA", "military intelligence"),
        ("GUR", "UA", "military intelligence"),
        ("FSB", "RU", "security service"),
        ("SVR", "RU", "intelligence service"),
        ("GRU", "RU", "military intelligence"),
        ("Rosgvardia", "RU", "national guard"),
        ("Wagner Group", "RU", "private military company"),
        ("Ministry of Unification", "KR", "unification ministry"),
        ("NIS", "KR", "intelligence service"),
        ("KCNA", "KP", "news agency"),
        ("Xinhua", "CN", "news agency"),
        ("TASS", "RU", "news agency"),
        ("Tass", "RU", "news agency"),
        ("RIA Novosti", "RU", "news agency"),
        ("Ukrinform", "UA", "news agency"),
        ("Interfax", "RU", "news agency"),
        ("Interfax-Ukraine", "UA", "news agency"),
        ("MEA", "IN", "foreign ministry"),
        ("CIA", "US", "intelligence service"),
        ("FBI", "US", "security service"),
        ("Lok Sabha", "IN", "parliament"),
        ("Rajya Sabha", "IN", "parliament"),
        ("ЗСУ", "UA", "armed forces"),
        ("Госдума", "RU", "parliament"),
        ("Кремль", "RU", "presidential office"),
    ],
)
def test_named_body(phrase, code, kind):
    named = WORLD.named_body(phrase)
    assert (named.country, named.kind) == (code, kind)


def test_international_bodies_have_no_country():
    assert WORLD.named_body("ICRC").country is None
    assert WORLD.named_body("International Committee of the Red Cross").kind == "red cross"
    red_cross = WORLD.body("Red Cross")
    assert red_cross.international and red_cross.claimant(None) == "Red Cross"


@pytest.mark.parametrize(
    "phrase, code, kind",
    [
        ("Russian Foreign Ministry", "RU", "foreign ministry"),
        ("the Chinese Foreign Ministry", "CN", "foreign ministry"),
        ("Ukraine's Defence Ministry", "UA", "defence ministry"),
        ("the Ministry of Defence of Ukraine", "UA", "defence ministry"),
        ("Ukrainian Red Cross", "UA", "red cross"),
        ("U.S. Embassy", "US", "embassy"),
        ("SBU", "UA", "security service"),
        ("the Kremlin", "RU", "presidential office"),
        ("Ministry of Foreign Affairs", None, "foreign ministry"),
    ],
)
def test_claimant(phrase, code, kind):
    country, body = WORLD.claimant(phrase)
    assert (country.code if country else None, body.kind) == (code, kind)


def test_claimant_label():
    country, body = WORLD.claimant("Chinese Ministry of Foreign Affairs")
    assert body.claimant(country) == "Chinese Foreign Ministry"
    assert WORLD.claimant("Chinese Foreign Ministry spokesman") is None


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("the U.S.'s", "US"),
        ("U.S.", "US"),
        ("us", "us"),
        ("Britain’s", "britain"),
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("Guinea-Bissau", "guinea bissau"),
        ("  The   Netherlands ", "netherlands"),
        ("MoD", "MOD"),
        ("Washington, D.C.", "washington dc"),
        ("Объединённые", "объединенные"),
    ],
)
def test_key(phrase, expected):
    assert key(phrase) == expected


def test_word_sets_hold_keys():
    assert key("Ukraine") in WORLD.name_words["en"] and key("Україна") in WORLD.name_words["uk"]
    assert (
        key("Nepalese") in WORLD.demonym_words["en"]
        and key("китайский") in WORLD.demonym_words["ru"]
    )
    assert key("Kiev") in WORLD.place_words and key("Kremlin") in WORLD.place_words
    assert key("MFA") in WORLD.body_words and key("TASS") in WORLD.named_words
    assert set(WORLD.name_words) == set(WORLD.demonym_words) == {"en", *LANGS}


def test_load_world_is_cached():
    assert load_world() is WORLD


def _load_with(monkeypatch, countries=None, bodies=None):
    real = world_module._read

    def read(name):
        if name == "countries.yaml" and countries is not None:
            return countries
        if name == "bodies.yaml" and bodies is not None:
            return bodies
        return real(name)

    monkeypatch.setattr(world_module, "_read", read)
    return world_module.load_world.__wrapped__()


def _a_country(**changes):
    entry = {
        "code": "XX", "name": "Examplia", "adjective": "Examplian", "person": ["Examplian"],
        "people": ["Examplians"], "capital": "Ex City",
        "i18n": {lang: {"name": "Examplia", "adjective": "examplian"} for lang in LANGS},
    }  # fmt: skip
    entry.update(changes)
    return entry


def test_a_good_entry_loads(monkeypatch):
    world = _load_with(monkeypatch, countries=[_a_country()], bodies={"bodies": [], "named": []})
    assert world.country("Examplians").code == "XX"


@pytest.mark.parametrize(
    "entry, message",
    [
        (_a_country(code="xx"), "code 'xx'"),
        (_a_country(adjective=""), "adjective must be a non-empty string"),
        (_a_country(person=[]), "person is empty"),
        (_a_country(colour="red"), "unknown fields ['colour']"),
        ({k: v for k, v in _a_country().items() if k != "capital"}, "missing fields ['capital']"),
        (_a_country(i18n={"uk": {"name": "X", "adjective": "x"}}), "i18n must have exactly"),
        (_a_country(i18n={lang: {"name": "X"} for lang in LANGS}), "i18n.uk.adjective is empty"),
        (_a_country(aliases=[1]), "aliases must be a string or a list"),
        (_a_country(kind="empire"), "kind 'empire'"),
    ],
)
def test_a_bad_country_is_named_in_the_error(monkeypatch, entry, message):
    with pytest.raises(ValueError) as raised:
        _load_with(monkeypatch, countries=[_a_country(code="YY"), entry])
    assert "bot/data/world/countries.yaml: entry 2 (" in str(raised.value)
    assert message in str(raised.value)


def test_repeated_codes_are_an_error(monkeypatch):
    with pytest.raises(ValueError, match=r"countries.yaml: codes repeated: \['XX'\]"):
        _load_with(monkeypatch, countries=[_a_country(), _a_country()])


@pytest.mark.parametrize(
    "named, message",
    [
        ({"name": "Thing", "country": "QQ", "kind": "army", "forms": ["thing"]}, "country 'QQ'"),
        ({"name": "Thing", "country": "RU", "kind": "circus", "forms": ["thing"]}, "kind 'circus'"),
        ({"name": "Thing", "country": "RU", "kind": "army", "forms": []}, "forms is empty"),
    ],
)
def test_a_bad_named_body_is_named_in_the_error(monkeypatch, named, message):
    raw = yaml.safe_load(
        (world_module.resources.files("bot") / "data/world/bodies.yaml").read_text("utf-8")
    )
    raw["named"].append(named)
    with pytest.raises(ValueError) as raised:
        _load_with(monkeypatch, bodies=raw)
    assert f"bot/data/world/bodies.yaml: entry {len(raw['named'])} ('Thing')" in str(raised.value)
    assert message in str(raised.value)
