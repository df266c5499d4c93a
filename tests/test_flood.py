"""Flood control: bursts pass, a sustained flood is refused with one notice, others are free."""

from __future__ import annotations

import pytest

from bot.flood import FloodGate


def test_burst_then_one_notice_then_silence():
    gate = FloodGate(burst=5, refill=2.0)
    verdicts = [gate.admit(1, 0.0) for _ in range(9)]
    assert verdicts == ["ok"] * 5 + ["warn"] + ["drop"] * 3
    assert gate.wait_seconds(1) == 2


def test_tokens_come_back_with_time_and_the_notice_is_rearmed():
    gate = FloodGate(burst=2, refill=1.0)
    assert [gate.admit(1, 0.0) for _ in range(3)] == ["ok", "ok", "warn"]
    assert gate.admit(1, 1.0) == "ok"
    assert gate.admit(1, 1.0) == "warn"


def test_other_chats_are_unaffected():
    gate = FloodGate(burst=3, refill=10.0)
    for _ in range(50):
        gate.admit(1, 0.0)
    assert gate.admit(2, 0.0) == "ok"


@pytest.mark.parametrize("rate", [0.5, 1.0, 2.0])
def test_a_user_typing_at_a_human_pace_is_never_refused(rate):
    gate = FloodGate(burst=8, refill=3.0)
    # a command every `rate` seconds for a minute, after an initial burst of five
    verdicts = [gate.admit(7, 0.0) for _ in range(5)]
    verdicts += [gate.admit(7, 5 * rate * 3 + i * 3.0) for i in range(20)]
    assert set(verdicts) == {"ok"}


def test_memory_stays_bounded_under_many_chats():
    gate = FloodGate(burst=2, refill=1.0, max_chats=1000)
    for chat in range(10_000):
        gate.admit(chat, float(chat) / 100)
    assert len(gate.buckets) <= 1000
