"""Analysis stage: one item the stages fail on costs neither its feed nor the poll."""

from __future__ import annotations

from dataclasses import replace

from bot.analysis import try_extract_claims, try_match_item
from bot.config import load_config
from tests.conftest import ROOT, news_item

TOPIC = load_config(ROOT / "feeds.yaml").topic


def test_a_stage_that_fails_on_an_item_reports_it_and_keeps_going():
    good = news_item("Two Kenyan men were captured near Kupiansk, Ukraine's army said.")
    # a text of the wrong kind, as a flawed source or a future parser might hand over
    broken = replace(good, id="i2", summary=7, content="x y z")  # type: ignore[arg-type]
    match, error = try_match_item(broken, TOPIC)
    assert not match.relevant and error.startswith("topic match failed: TypeError")
    assert match.reasons == (error,)
    claims, error = try_extract_claims(broken, TOPIC.setting_codes)
    assert claims == [] and error.startswith("claims failed: TypeError")
    # the good item is untouched by its neighbour's failure
    claims, error = try_extract_claims(good, TOPIC.setting_codes)
    assert claims and not error
