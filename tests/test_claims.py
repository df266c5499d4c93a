"""Claims stage: claimants, claim texts and figures from news prose (data-driven)."""

from __future__ import annotations

import pytest
import yaml

from bot.claims import extract_claims
from bot.figures import extract_figures, figures_disagree, unit_key
from bot.models import Claim, Figure, Item
from bot.stories import find_conflicts
from tests.conftest import DATA, news_item

CASES = yaml.safe_load((DATA / "claims.yaml").read_text(encoding="utf-8"))["cases"]


def item(body: str, outlet: str = "Test Outlet") -> Item:
    return news_item(body, outlet=outlet)


@pytest.mark.parametrize("case", CASES, ids=[c["body"][:40] for c in CASES])
def test_claims_from_news_prose(case):
    claims = extract_claims(item(case["body"]))
    assert claims, case["body"]
    first = claims[0]
    if "claimant" in case:
        assert case["claimant"].lower() in first.claimant.lower(), first
    if "claimants_in_order" in case:
        got = [c.claimant for c in claims]
        for want, have in zip(case["claimants_in_order"], got, strict=False):
            assert want.lower() in have.lower(), got
    if "text_starts" in case:
        assert first.text.startswith(case["text_starts"]), first.text
    if "figures" in case:
        texts = [f.text for c in claims for f in c.figures]
        for figure in case["figures"]:
            assert figure in texts, texts
    if case.get("claimant_is_outlet"):
        assert first.claimant == "Test Outlet" and not first.attributed
    if case.get("attributed_any"):
        assert any(c.attributed for c in claims)
    if "any_text_starts" in case:
        assert any(c.text.startswith(case["any_text_starts"]) for c in claims), claims
    for wrong in case.get("no_claimant_has", ()):
        assert all(wrong.lower() not in c.claimant.lower() for c in claims), claims
    for opening in case.get("no_text_starts", ()):
        assert all(not c.text.lower().startswith(opening.lower()) for c in claims), claims
    if "any_claimant" in case:
        assert any(c.claimant == case["any_claimant"] for c in claims), claims
    for inside in case.get("no_text_has", ()):
        assert all(inside.lower() not in c.text.lower() for c in claims), claims


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("at least 155 Chinese citizens are fighting", [("155", "at_least")]),
        # "a father of two": his children, counted
        ("the captured man, a father of two, is from Minya", [("2", "exact")]),
        # "up to a year in prison": a term of one year, at most
        ("violations are punishable by up to a year in prison", [("1", "at_most")]),
        # an ordinal two words before what it counts: "the second known death of ..."
        (
            "a Japanese man was killed, the second known death of a Japanese national",
            [("2", "exact")],
        ),
        ("he paid 30,000 rubles (about $350)", [("30,000 rubles", "exact"), ("$350", "about")]),
        ("more than ten thousand North Korean soldiers", [("10,000", "at_least")]),
        ("nearly 80% of dual-use items", [("80%", "about")]),
        ("born in 1991 and captured on April 8", []),
        ("the Su-34 jets flew over", []),
        ("two Chinese fighters were captured", [("2", "exact")]),
        ("the older man, 26, had been conscripted", [("26", "exact")]),
        # a list of ages is an age each
        (
            "the men were aged 22, 35 and 51",
            [("22", "exact"), ("35", "exact"), ("51", "exact")],
        ),
        ("the suspects, aged 19 to 44, were charged", [("19", "exact"), ("44", "exact")]),
        ("the men, aged between 21 and 38, were freed", [("21", "exact"), ("38", "exact")]),
        # a span written as one word with its number is a figure ("a 14-year sentence")
        ("he was handed a 12-year sentence", [("12", "exact")]),
        # a place in a series of people or deaths is a count; of rounds or centuries, none
        ("she is the fourth Irish citizen known to have died", [("4", "exact")]),
        ("at least the 11th American killed in the war", [("11", "exact")]),
        ("it was the second round of talks in the 19th century", []),
        # a count that is its clause's subject is a figure, whatever happened to them
        ("Fourteen had been traced so far and one had died.", [("14", "exact"), ("1", "exact")]),
        ("At least four of them came from the same village.", [("4", "at_least")]),
        ("One was a driver and one of them was a cook.", []),
        # "three of the five": the part is a figure of the claim too, beside the whole
        ("Three of the seven wounded recruits were Chilean.", [("3", "exact"), ("7", "exact")]),
        # ... "one of the two" too: shown, never compared, never a count two claims share
        ("One of the two men is Ghanaian.", [("1", "exact"), ("2", "exact")]),
    ],
)
def test_figures(sentence, expected):
    assert [(f.text, f.bound) for f in extract_figures(sentence)] == expected


@pytest.mark.parametrize(
    "a,b,conflict",
    [
        # what happened to those counted is part of the quantity
        (
            "Twelve Bhutanese citizens recruited by the army had been killed.",
            "A senior official put the death toll at 14.",
            True,
        ),
        ("Police have arrested 17 people over the scheme.", "Nineteen people were detained.", True),
        ("Police have arrested 17 people over the scheme.", "Nineteen people were killed.", False),
        (
            "Sixteen former Sri Lankan soldiers have been killed.",
            "At least 18 Sri Lankans have died in the fighting.",
            True,
        ),
        (
            "Intelligence put the total number of troops it plans to send at about 10,000.",
            "It will send around 12,000 troops.",
            True,
        ),
        # soldiers, servicemen and troops of one country are one count of people
        (
            "Some 4,000 Laotian soldiers have been sent to the border region.",
            "Officials said 5,000 Laotian servicemen had been sent to the border region.",
            True,
        ),
        # people counted by their role are another count than people at large
        (
            "Police held two travel agents from the capital.",
            "Three men from the capital left.",
            False,
        ),
        # a number standing alone as its clause's subject counts what its own verb says
        ("At least 21 have died since the spring.", "Nineteen Togolese men were killed.", True),
        ("Of those, 9 were wounded and 4 are missing.", "Six of the recruits are missing.", True),
        ("Of those, 9 were wounded and 4 are missing.", "Six of the recruits were killed.", False),
        ("Twelve have returned home since May.", "Fifteen recruits came back home.", False),
        # a bound on a count is the source's count; on a round number, an estimate
        ("At least 11 Malawians have been killed.", "Thirteen Malawians have died.", True),
        ("More than 10,000 troops were sent.", "Some 11,000 troops were sent.", False),
        # "about" covers a few per cent, not a tenth
        ("About 45 Armenians have been killed.", "Forty-eight Armenians have died.", True),
        ("About 100 Armenians have been killed.", "Some 104 Armenians have died.", False),
        # a monthly wage and a one-off fee are two sums; two fees for one thing are one
        (
            "Recruits were promised monthly pay of $1,800.",
            "The agents charged each man $2,400.",
            False,
        ),
        ("The agents charged each man $1,800.", "Each recruit paid the agents $2,400.", True),
        # a participle before its noun describes what is counted ("four suspected mercenaries")
        (
            "Police detained four suspected mercenaries.",
            "Six suspected mercenaries were held.",
            True,
        ),
        (
            "Police detained four suspected mercenaries.",
            "Six suspected smugglers were held.",
            False,
        ),
    ],
)
def test_what_a_count_counts(a, b, conflict):
    first = Claim(a, "A", "i1", extract_figures(a))
    second = Claim(b, "B", "i2", extract_figures(b))
    found = find_conflicts([[first], [second]])
    assert bool(found) is conflict, (first.figures, second.figures, found)


def test_a_term_of_years_and_months_is_one_figure():
    assert [(f.text, f.value) for f in extract_figures("jailed for six years and 10 months")] == [
        ("6 years 10 months", 6.83)
    ]
    german = extract_figures("zu sechs Jahren und zehn Monaten verurteilt", "de")
    assert [f.value for f in german] == [6.83]


@pytest.mark.parametrize(
    "first,second",
    [
        ("at least 155 Chinese citizens", "at least 163 Chinese nationals"),
        ("210 Kenyans", "260 Kenyan citizens"),
        # former soldiers are people as soldiers are, and their deaths a count of the dead
        ("12 Nepalis have been killed", "at least 15 Nepali ex-servicemen have died"),
    ],
)
def test_same_quantity_different_wording_shares_a_unit(first: str, second: str):
    [a] = extract_figures(first)
    [b] = extract_figures(second)
    assert unit_key(a) == unit_key(b)


@pytest.mark.parametrize(
    "a,b,disagree",
    [
        (("155", 155, "at_least"), ("163", 163, "at_least"), True),
        (("10,000", 1e4, "at_least"), ("11,000", 11e3, "exact"), False),
        (("12", 12, "exact"), ("12", 12, "exact"), False),
        (("100", 100, "about"), ("105", 105, "exact"), False),
        (("14", 14, "exact"), ("20", 20, "exact"), True),
    ],
)
def test_figures_disagree(a, b, disagree):
    fa = Figure(a[0], a[1], "x", a[2])
    fb = Figure(b[0], b[1], "x", b[2])
    assert figures_disagree(fa, fb) is disagree


def test_pronouns_and_titles_resolve_to_the_person():
    claims = extract_claims(
        item(
            "Foreign Minister Andrii Sybiha condemned the recruitment of foreigners by Russia. "
            "He further disclosed that the envoy had been summoned for talks in Kyiv."
        )
    )
    assert [c.claimant.split(" (")[0] for c in claims] == ["Andrii Sybiha", "Andrii Sybiha"]


def test_boilerplate_is_not_a_claim():
    claims = extract_claims(
        item("Related Sources:\nTotal Comments: 0\nRead more about this story here.")
    )
    assert claims == []
