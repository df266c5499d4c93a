"""Claims stage: attribution as news writing does it, one data-driven case per rule."""

from __future__ import annotations

import pytest
import yaml

from bot.claims import extract_claims
from bot.models import Item
from tests.conftest import DATA, news_item

CASES = yaml.safe_load((DATA / "attribution.yaml").read_text(encoding="utf-8"))["cases"]
OUTLET = "Test Outlet"


def item(title: str, body: str) -> Item:
    return news_item(body, title=title, outlet=OUTLET)


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_attribution(case):
    claims = extract_claims(item(case["title"], case["body"]))
    shown = [(c.claimant, c.text) for c in claims]
    if "count" in case:
        assert len(claims) == case["count"], shown
    assert len(claims) >= len(case["claims"]), shown
    for want, claim in zip(case["claims"], claims, strict=False):
        if want.get("claimant") == "outlet":
            assert claim.claimant == OUTLET and not claim.attributed, shown
        elif "claimant" in want:
            assert want["claimant"].lower() in claim.claimant.lower(), shown
        if "not_claimant" in want:
            bad = OUTLET if want["not_claimant"] == "outlet" else want["not_claimant"]
            assert bad.lower() not in claim.claimant.lower(), shown
        if "starts" in want:
            assert claim.text.startswith(want["starts"]), shown
        if "text" in want:
            assert want["text"] in claim.text, shown
        if "not_text" in want:
            assert want["not_text"] not in claim.text, shown
        if "figures" in want:
            assert set(want["figures"]) <= {f.text for f in claim.figures}, shown


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_every_claim_stands_alone(case):
    """A whole sentence: no opening pronoun or subordinator, never 'X (X)'."""
    for claim in extract_claims(item(case["title"], case["body"])):
        first = claim.text.split()[0].lower().strip(",")
        assert first not in {"he", "she", "they", "it", "his", "her", "their", "its", "this"}
        assert first not in {"after", "when", "which", "that", "to", "and", "but"}
        assert (claim.text[0].isupper() or claim.text[0].isdigit()) and len(claim.text.split()) >= 4
        if "(" in claim.claimant:
            name, role = claim.claimant.rstrip(")").split(" (", 1)
            assert name.lower() != role.lower()
