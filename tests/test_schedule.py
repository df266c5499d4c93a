"""Schedules: what users type, and which slot is due (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.schedule import ScheduleError, due_slot, next_slot, parse_schedule


@pytest.mark.parametrize(
    "args,action,times,tz",
    [
        ([], "show", (), None),
        (["off"], "off", (), None),
        (["now"], "now", (), None),
        (["8:00"], "set", ("08:00",), None),
        (["08:00", "Europe/Kyiv"], "set", ("08:00",), "Europe/Kyiv"),
        (["20:00,08:00"], "set", ("08:00", "20:00"), None),
    ],
)
def test_parse(args, action, times, tz):
    change = parse_schedule(args)
    assert (change.action, change.times, change.timezone) == (action, times, tz)


@pytest.mark.parametrize(
    "args",
    [
        ["25:00"],
        ["08:60"],
        ["8"],
        ["08:00", "Mars/Base"],
        ["08:00", "../../etc/passwd"],
        ["a", "b", "c"],
        [",".join(["08:00"] * 3 + ["09:00", "10:00", "11:00", "12:00", "13:00"])],
        ["-1:00"],
        ["９:００"],
    ],
)
def test_garbled_schedules_are_refused(args):
    with pytest.raises(ScheduleError):
        parse_schedule(args)


def test_due_slot_fires_once_per_slot():
    now = datetime(2026, 11, 21, 6, 0, 30, tzinfo=UTC)  # 08:00:30 in Kyiv
    slot = due_slot(("08:00",), "Europe/Kyiv", "", now)
    assert slot == "2026-11-21 08:00"
    assert due_slot(("08:00",), "Europe/Kyiv", slot, now) is None
    early = datetime(2026, 11, 21, 5, 59, tzinfo=UTC)
    assert due_slot(("08:00",), "Europe/Kyiv", "2026-11-20 08:00", early) is None


def test_missed_slot_is_served_after_a_restart_but_not_days_later():
    after_restart = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)  # two hours late
    assert due_slot(("08:00",), "Europe/Kyiv", "2026-11-20 08:00", after_restart)
    much_later = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    assert due_slot(("08:00",), "Europe/Kyiv", "2026-11-20 08:00", much_later) is None


def test_next_slot():
    now = datetime(2026, 11, 21, 19, 0, tzinfo=UTC)
    assert next_slot(("08:00", "20:00"), "UTC", now) == datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
