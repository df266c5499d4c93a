"""Topic matching: precision and recall on hand-labelled items, near misses, reasons."""

from __future__ import annotations

import pytest
import yaml

from bot.config import Config, ConfigError, parse_config
from bot.language import detect
from bot.topic import match_text
from tests.conftest import DATA, ROOT


def _load(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["items"]


LABELLED = _load("topic_labelled.yaml")
HELDOUT = _load("topic_heldout.yaml")
RULES = _load("topic_rules.yaml")
LANGUAGES = ["uk", "ru", "de", "fr", "es", "pt"]
# each language's own items: (language, item)
FOREIGN = [(lang, item) for lang in LANGUAGES for item in _load(f"topic_{lang}.yaml")]


def _scores(config: Config, items: list[dict]) -> tuple[float, float, list[str]]:
    tp = fp = fn = 0
    wrong = []
    for item in items:
        got = match_text(item["title"], item["summary"], config.topic).relevant
        tp += got and item["relevant"]
        fp += got and not item["relevant"]
        fn += (not got) and item["relevant"]
        if got != item["relevant"]:
            wrong.append(item["title"])
    return tp / max(1, tp + fp), tp / max(1, tp + fn), wrong


@pytest.mark.parametrize("name,items", [("labelled", LABELLED), ("heldout", HELDOUT)])
def test_precision_and_recall(base_config, name, items):
    precision, recall, wrong = _scores(base_config, items)
    print(f"{name}: {len(items)} items, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.9, wrong
    assert recall >= 0.9, wrong


def test_labelled_set_is_large_and_covers_every_near_miss():
    assert len(LABELLED) >= 80
    kinds = {item.get("kind") for item in LABELLED if not item["relevant"]}
    assert {
        "war-no-foreigners",
        "munitions",
        "china-russia-trade",
        "other-wars",
        "foreign-legion",
    } <= kinds
    assert sum(item["relevant"] for item in LABELLED) >= 40


@pytest.mark.parametrize(
    "title",
    [
        "North Korean troops deployed to Kursk, Seoul says",
        "Ukraine captures Chinese citizens fighting for Russia",
        "Foreign fighters join Ukraine's International Legion",
        "Indian nationals recruited as mercenaries for Russia's war in Ukraine",
        "Kyiv holds POWs from Nepal who fought for Russian forces",
    ],
)
def test_phrases_and_inflections_match(base_config, title):
    assert match_text(title, "", base_config.topic).relevant


@pytest.mark.parametrize(
    "title",
    [
        "North Korean shells hit Kharkiv as Russia advances in Ukraine",
        "Chinese drone parts found in Russian missiles that hit Kyiv",
        "China and Russia sign trade deal worth billions",
        "French Foreign Legion marks anniversary in Marseille",
        "Foreign fighters flock to Syria as Islamic State regroups",
        "EU foreign ministers meet in Kyiv to discuss Ukraine aid",
    ],
)
def test_near_misses_are_rejected(base_config, title):
    assert not match_text(title, "", base_config.topic).relevant


def test_reasons_say_what_fired(base_config):
    match = match_text("Ukraine captures two North Korean soldiers in Kursk", "", base_config.topic)
    assert match.relevant
    text = " ".join(match.reasons)
    assert "north korean ~ soldier" in text
    assert "war-context" in text
    miss = match_text("Chinese drone parts in Russian missiles", "", base_config.topic)
    assert any(r.startswith("missing:") for r in miss.reasons)


def _vocabulary(config: Config) -> list[str]:
    words = [t.lstrip("=") for terms in config.topic.lists.values() for t in terms]
    words += [t for rule in config.topic.rules for t in rule.terms]
    words += config.topic.exclude
    return [*words, "the", "said", "on", "bank", "central", "new", ".", ",", "\n", "Ukraine."]


def test_quick_check_never_hides_a_hit(base_config):
    """The cheap pre-check must be exact: every list the full match finds, it finds too,
    so an item that stops early would have scored at most 0 anyway."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bot.topic import _document, _find, _lists_present, _topic_index

    topic = base_config.topic
    index = _topic_index(topic)
    words = st.lists(st.sampled_from(_vocabulary(base_config)), min_size=1, max_size=40)

    @settings(max_examples=1500, deadline=None, derandomize=True)
    @given(title=words, body=words)
    def check(title: list[str], body: list[str]) -> None:
        t, b = " ".join(title), " ".join(body)
        found = set(_find(_document(t, b, tuple(topic.exclude)), index))
        assert found <= _lists_present(t, b, index)

    check()


def _fired(reasons: tuple[str, ...]) -> set[str]:
    return {reason.split(" (")[0] for reason in reasons}


@pytest.mark.parametrize("item", RULES, ids=[f"{i['rule']}: {i['title'][:50]}" for i in RULES])
def test_each_rule_finds_its_items_and_leaves_its_near_misses(base_config, item):
    """Items written for one rule: the verdict, and that the rule fired (or stayed quiet)."""
    match = match_text(item["title"], item["summary"], base_config.topic)
    assert match.relevant == item["relevant"], match.reasons
    if item.get("fires"):
        assert item["fires"] in _fired(match.reasons), match.reasons
    if item.get("quiet"):
        assert item["quiet"] not in _fired(match.reasons), match.reasons


@pytest.mark.parametrize(
    "lang,item", FOREIGN, ids=[f"{lang}: {item['title'][:50]}" for lang, item in FOREIGN]
)
def test_items_in_other_languages(base_config, lang, item):
    """The language is told from the text, and the topic matches in that language's words."""
    text = f"{item['title']}\n{item['summary']}"
    assert detect(text, hint="en") == lang
    match = match_text(item["title"], item["summary"], base_config.topic, lang=lang)
    assert match.relevant == item["relevant"], match.reasons


@pytest.mark.parametrize(
    "lang,title,word",
    [
        ("ru", "ВСУ взяли в плен двух граждан Перу, воевавших за Россию", "граждан"),
        ("uk", "Колумбійські добровольці воюють за Україну під Харковом", "доброволець"),
        ("de", "Kolumbianische Freiwillige kämpfen für die Ukraine bei Charkiw", "freiwillige"),
        (
            "fr",
            "Des volontaires brésiliens combattent pour l'Ukraine près de Kharkiv",
            "volontaire",
        ),
    ],
)
def test_reasons_name_the_words_of_the_items_language(base_config, lang, title, word):
    match = match_text(title, "", base_config.topic, lang=lang)
    assert match.relevant
    assert word in " ".join(match.reasons)


def test_a_language_the_topic_lacks_falls_back_to_english(base_config):
    match = match_text(
        "Nepali soldiers killed fighting for Russia in Ukraine", "", base_config.topic, lang="it"
    )
    assert match.relevant


def _topic_yaml(topic_extra: str, list_extra: str, rule_extra: str) -> str:
    return (
        "feeds: [{name: a, url: a.xml}]\n"
        "topics:\n"
        "  - name: t\n" + topic_extra + "    lists:\n"
        "      who: [soldier]\n"
        "      place: [ukraine]\n"
        "      barrier: [russia]\n" + list_extra + "    rules:\n"
        "      - {name: r, near: [who, place]" + rule_extra + "}\n"
    )


@pytest.mark.parametrize(
    "topic_extra,list_extra,rule_extra,message",
    [
        ("", '      nat: ["@nations except barrier"]\n', "", "is not a directive"),
        ("", '      nat: ["@countries except nowhere"]\n', "", "names unknown list"),
        ("", "      nat: [<numbers>]\n", "", "is not one of <number>, <any>"),
        ("", "", ", not_after: [nowhere]", "names unknown list 'nowhere'"),
        ("", "", ", apart: [nowhere]", "names unknown list 'nowhere'"),
        ("    languages: {xx: {lists: {}}}\n", "", "", "languages.xx: not one of"),
        ("    languages: {de: {lists: {who: [soldat]}}}\n", "", "", "missing the list"),
        (
            "    languages: {de: {lists: {who: [a], place: [b], barrier: [c], more: [d]}}}\n",
            "",
            "",
            "list 'more' is not one of the topic's lists",
        ),
        ("    lexicon: nowhere.yaml\n", "", "", "nowhere.yaml not found"),
    ],
)
def test_lexicon_mistakes_are_named(topic_extra, list_extra, rule_extra, message):
    text = _topic_yaml(topic_extra, list_extra, rule_extra)
    with pytest.raises(ConfigError) as caught:
        parse_config(text, base_dir=str(ROOT))
    assert message in str(caught.value)


def test_the_shipped_lexicon_names_every_list_in_every_language(base_config):
    topic = base_config.topic
    assert set(topic.languages) == set(LANGUAGES)
    for lexicon in topic.languages.values():
        assert set(lexicon.lists) == set(topic.lists)


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_quick_check_never_hides_a_hit_in_any_language(base_config, lang):
    """The pre-check is exact in every language: what the full match finds, it finds too."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bot.topic import _compiled, _document, _find, _lists_present

    topic = base_config.topic
    compiled = _compiled(topic, lang)
    lists = topic.lists if lang == "en" else topic.languages[lang].lists
    vocabulary = [t.lstrip("=") for terms in lists.values() for t in terms if t[0] not in "@<"]
    vocabulary += ["Peru", "Kenya", "15", ",", ".", "\n", "Ukraine.", "the", "и", "de"]
    words = st.lists(st.sampled_from(vocabulary), min_size=1, max_size=30)

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(title=words, body=words)
    def check(title: list[str], body: list[str]) -> None:
        t, b = " ".join(title), " ".join(body)
        found = set(_find(_document(t, b, compiled.exclude, compiled.index.lang), compiled.index))
        assert found <= _lists_present(t, b, compiled.index)

    check()
