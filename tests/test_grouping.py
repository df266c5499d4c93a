"""Story-grouping stage (bot/grouping.py): which reports, in any language, are of one event.

The fixtures (tests/data/grouping.yaml) are an invented fortnight: each story's reports must
end up together, the close pairs of stories listed there must stay apart, and a story only
non-English outlets cover forms its own story.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from bot import grouping
from bot.grouping import (
    FEATURES,
    MERGE_FEATURES,
    PairModel,
    evidence,
    figure_key,
    group_stories,
    language_of,
    name_key,
)
from bot.models import Item
from tests.grouping_fixtures import load

ITEMS, STORY, APART = load()
BY_ID = {it.id: it for it in ITEMS}
GROUPS = group_stories(ITEMS)
CLUSTER_OF = {it.id: n for n, group in enumerate(GROUPS) for it in group}
STORIES = sorted(set(STORY.values()))


def joined_pairs() -> list[tuple[str, str]]:
    """Every report paired with the story's first report."""
    out = []
    for story in STORIES:
        ids = [i for i, s in STORY.items() if s == story]
        out += [(ids[0], other) for other in ids[1:]]
    return out


@pytest.mark.parametrize(("a", "b"), joined_pairs())
def test_reports_of_one_story_join(a, b):
    assert CLUSTER_OF[a] == CLUSTER_OF[b], f"{BY_ID[a].title!r} / {BY_ID[b].title!r}"


@pytest.mark.parametrize(("a", "b"), APART)
def test_close_stories_stay_apart(a, b):
    assert STORY[a] != STORY[b]  # the fixture file's own consistency
    assert CLUSTER_OF[a] != CLUSTER_OF[b], f"{BY_ID[a].title!r} / {BY_ID[b].title!r}"


def test_every_cluster_is_one_story():
    for group in GROUPS:
        assert len({STORY[it.id] for it in group}) == 1, [it.id for it in group]


def test_a_story_only_other_languages_cover_is_its_own():
    german_french = [it for it in ITEMS if STORY[it.id] == "austria-mercenary-verdict"]
    assert all(evidence(it).language == "other" for it in german_french)
    clusters = {CLUSTER_OF[it.id] for it in german_french}
    assert len(clusters) == 1
    (cluster,) = clusters
    assert {it.id for it in GROUPS[cluster]} == {it.id for it in german_french}


def test_a_report_joins_its_story_in_any_subset_of_the_others():
    """The topic filter may keep only some reports: a Russian report with one English one."""
    kept = [BY_ID["mn3"], BY_ID["mn1"], BY_ID["ek1"], BY_ID["pe2"]]
    groups = {frozenset(it.id for it in g) for g in group_stories(kept)}
    assert frozenset({"mn1", "mn3"}) in groups


def test_far_apart_in_time_never_compared():
    a, b = BY_ID["pe1"], BY_ID["pe3"]
    late = replace(b, id="late", published=a.published + grouping.STORY_WINDOW + timedelta(days=1))
    model = PairModel([a, late], [evidence(a), evidence(late)])
    assert model.candidates() == {}
    near = PairModel([a, b], [evidence(a), evidence(b)])
    assert (0, 1) in near.candidates()


@pytest.mark.parametrize(
    ("spellings", "same"),
    [
        (["Зеленський", "Зеленский", "Zelensky", "Zelenskyy", "Zelenskiy", "Зеленського"], True),
        (["Hubbard", "Хаббард", "Хаббарда"], True),
        (["Shoigu", "Шойгу", "Shoygu"], True),
        (["Prigozhin", "Prigojine", "Пригожин"], True),
        (["Ramaphosa", "Рамафоса"], True),
        (["Canberra", "Канберра"], True),
        (["Yemen", "Йемен"], True),
        (["Taiwán", "Taiwan", "Тайвань"], True),
        (["Kursk", "Kharkiv"], False),
        (["Tacuri", "Quiroga"], False),
    ],
)
def test_name_keys_meet_across_scripts(spellings, same):
    keys = {name_key(w) for w in spellings}
    assert (len(keys) == 1) is same, keys


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1.000", "1000"), ("1 000", "1000"), ("1,000", "1000"), ("1\u00a0000", "1000"), ("72", "72")],
)
def test_figures_with_any_thousands_separator(raw, value):
    assert figure_key(raw) == value


def test_figures_written_differently_are_shared():
    base = BY_ID["pe1"]
    a = replace(base, id="a", title="Sappers", summary="Moscow will send 1.000 sappers.")
    b = replace(base, id="b", title="Sappers", summary="Moscow will send 1 000 sappers.")
    c = replace(base, id="c", title="Sappers", summary="Moscow will send 1,000 sappers in 2031.")
    assert evidence(a).figures == evidence(b).figures == evidence(c).figures == {"1000"}


def test_a_full_name_meets_its_short_form():
    base = BY_ID["pe1"]
    full = replace(base, id="a", title="Report", summary="Maria Elena Cordova was freed.")
    short = replace(base, id="b", title="Report", summary="Maria Cordova was freed.")
    other = replace(base, id="c", title="Report", summary="Maria Santos was freed.")
    assert set(evidence(full).names) & set(evidence(short).names)
    assert not set(evidence(full).names) & set(evidence(other).names)


@pytest.mark.parametrize(
    ("summary", "figures"),
    [
        # a count in words is the figure in digits
        ("The four Laotians detained on Monday were charged.", {"4"}),
        ("Police detained 4 Laotians on Monday.", {"4"}),
        ("Twenty-three recruits returned to Vientiane.", {"23"}),
        # a span of time, a day of the month and a year are not what the event counts
        ("He had fought for two years before he was caught.", set()),
        ("VIENTIANE, Dec 17 - Police questioned 9 recruiters.", {"9"}),
        ("Police questioned 9 recruiters on 17 December 2031.", {"9"}),
        # a sum with a thousands separator is no year
        ("Each was paid 2,000 euros a month.", {"2000"}),
    ],
)
def test_what_counts_as_a_figure(summary, figures):
    item = replace(BY_ID["pe1"], id="f", title="Report", summary=summary)
    assert evidence(item).figures == figures


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The ministry said the men had been recruited by agents", "en"),
        ("Суд приговорил гражданина к восьми годам заключения", "cyrillic"),
        ("Un tribunal de Rostov a condamné par contumace le ressortissant", "other"),
        ("Ein Gericht hat den Mann in Abwesenheit verurteilt und die Strafe", "other"),
    ],
)
def test_language_of(text, language):
    assert language_of(text.split()) == language


def test_a_detected_language_stands():
    """A short headline has too few words to tell; the language the poll detected decides."""
    base = BY_ID["at1"]
    short = replace(base, id="short", title="Haftbefehl gegen Lukas Huber", summary="")
    assert evidence(replace(short, language="de")).language == "other"
    assert evidence(replace(short, language="uk")).language == "cyrillic"
    assert evidence(replace(short, language="en")).language == "en"


def test_weights_file_matches_the_features():
    models = grouping._models()
    assert models["pair"][0].shape == (len(FEATURES),)
    assert models["merge"][0].shape == (len(MERGE_FEATURES),)


def test_more_shared_evidence_means_more_likely_one_event():
    """The shipped pair model weighs evidence the right way round."""
    weights = dict(zip(FEATURES, grouping._models()["pair"][0], strict=True))
    for feature in ("text", "title", "keys", "names", "figures", "cross_keys", "same_kind"):
        assert weights[feature] > 0, feature
    for feature in ("first_days", "log_later", "other_kind"):
        assert weights[feature] < 0, feature
    base = np.zeros(len(FEATURES))
    near, far = base.copy(), base.copy()
    far[FEATURES.index("first_days")] = 2
    far[FEATURES.index("log_later")] = np.log1p(8)
    assert grouping.same_event(np.stack([near, far]))[0] > grouping.same_event(far[None])[0]


def test_candidate_pairs_grow_linearly():
    """Many near-identical reports: candidates per report stay bounded (no all-pairs)."""
    start = datetime(2031, 5, 1, tzinfo=UTC)
    items = [
        Item(
            id=f"r{k}",
            feed="f",
            outlet=f"Outlet {k % 7}",
            title=f"Report {k} on volunteers from Chile recruited in Santiago",
            link=f"https://r{k}.example/",
            summary="Volunteers from Chile were recruited in Santiago, officials said.",
            content="",
            published=start + timedelta(minutes=k),
        )
        for k in range(400)
    ]
    model = PairModel(items, [evidence(it) for it in items])
    assert len(model.candidates()) <= len(items) * 2 * grouping._PARTNERS
    assert sum(len(g) for g in group_stories(items)) == len(items)


def test_empty_and_single():
    assert group_stories([]) == []
    assert group_stories([ITEMS[0]]) == [[ITEMS[0]]]


def test_pure_stage():
    """No clock, no I/O but packaged data files (the weights, the language data), each read
    once and cached."""
    source = Path(grouping.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"os", "time", "sqlalchemy", "httpx", "bot.store", "bot.service"}
    assert "datetime.now" not in source and "time.time(" not in source
    assert source.count("read_text(") + source.count("read_bytes(") == 2
    assert source.count("@lru_cache(maxsize=1)") >= 3  # the models, the kinds, the countries
