"""Flood control: bursts pass, a sustained flood is refused with one notice, others are free."""

from __future__ import annotations

import pytest

from bot.flood import FloodGate


def test_burst_then_one_notice_then_silence():
    gate = FloodGate(burst=5, refill=2.0)
    verdicts = [gate.admit(1, 0.0) for _ in range(9)]
    assert verdicts == ["ok"] * 5 + ["warn"] + ["drop"] * 3
    assert gate.wait_seconds(1) == 2


def test_tokens_come_back_with_time_and_the_notice_waits_its_turn():
    gate = FloodGate(burst=2, refill=1.0, notice_every=30.0)
    assert [gate.admit(1, 0.0) for _ in range(3)] == ["ok", "ok", "warn"]
    assert gate.admit(1, 1.0) == "ok"
    assert gate.admit(1, 1.0) == "drop"  # a flood going on at the refill pace: no new notice
    assert gate.admit(1, 31.0) == "ok"
    assert [gate.admit(1, 31.0) for _ in range(2)] == ["ok", "warn"]


# the menu, as a newcomer taps through it
FIRST_SESSION = [
    "/start",
    "/help",
    "/poll",
    "/latest",
    "/sources",
    "/sources 1",
    "/why 1",
    "/digest",
    "/digest 08:00 Europe/Kyiv",
    "/digest now",
    "/latest abc",
    "/stats",
    "/stop",
]


@pytest.mark.parametrize("pace", [1.5, 1.0, 0.5])
def test_shipped_limits_let_a_first_session_through(pace):
    gate = FloodGate()
    assert [gate.admit(9, int(n * pace)) for n in range(len(FIRST_SESSION))] == ["ok"] * 13


def test_shipped_limits_stop_30_commands_in_10_seconds_with_one_notice():
    gate = FloodGate()
    verdicts = [gate.admit(9, n * 10 / 30) for n in range(30)]
    assert verdicts.count("warn") == 1 and verdicts[:10] == ["ok"] * 10
    assert verdicts.count("ok") == 14 and verdicts.count("drop") == 15
    # the script keeps going for a minute: a notice at most every 30 s
    verdicts += [gate.admit(9, 10 + n / 3) for n in range(180)]
    assert verdicts.count("warn") == 3


def test_an_earlier_time_than_the_last_adds_no_tokens():
    gate = FloodGate(burst=1, refill=1.0)
    assert gate.admit(3, 100.0) == "ok"
    assert gate.admit(3, 50.0) == "warn"  # an edited old command is not a refill


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
