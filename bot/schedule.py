"""Digest schedules: parse what a user types, and decide which slot is due. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
MAX_TIMES = 6


class ScheduleError(ValueError):
    """What the user typed is not a schedule; the message says how to write one."""


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    action: str  # show | set | off | now
    times: tuple[str, ...] = ()
    timezone: str | None = None


def parse_schedule(args: list[str]) -> ScheduleChange:
    """'/digest 08:00 Europe/Kyiv', '/digest 08:00,20:00', '/digest off', '/digest now'."""
    if not args:
        return ScheduleChange("show")
    first = args[0].strip().lower()
    if first in ("off", "stop", "none") and len(args) == 1:
        return ScheduleChange("off")
    if first == "now" and len(args) == 1:
        return ScheduleChange("now")
    if len(args) > 2:
        raise ScheduleError("too many words")
    times: list[str] = []
    for raw in args[0].split(","):
        match = _TIME.match(raw.strip())
        if not match:
            raise ScheduleError(f"{_quote(raw, 20)} is not a time like 08:00")
        times.append(f"{int(match.group(1)):02d}:{match.group(2)}")
    if len(times) > MAX_TIMES:
        raise ScheduleError(f"at most {MAX_TIMES} times a day")
    timezone = None
    if len(args) == 2:
        timezone = args[1].strip()
        if not valid_timezone(timezone):
            raise ScheduleError(f"{_quote(timezone, 40)} is not a timezone like Europe/Kyiv")
    return ScheduleChange("set", tuple(sorted(set(times))), timezone)


def _quote(text: str, limit: int) -> str:
    """What the user typed, safe to echo: printable characters only, clipped."""
    shown = "".join(c for c in text.strip() if c.isprintable())
    return "'" + (shown if len(shown) <= limit else shown[: limit - 1] + "…") + "'"


def valid_timezone(name: str) -> bool:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-/]{0,60}", name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a folder of zones
        return False
    return True


def due_slot(
    times: tuple[str, ...],
    timezone: str,
    last_slot: str,
    now: datetime,
    grace: timedelta = timedelta(hours=6),
) -> str | None:
    """The most recent scheduled slot at or before now (within grace) not yet served.

    A slot is named by its local date and time ('2026-11-21 08:00'), so a restart, a slow
    minute job or a DST change never serves one slot twice or skips it silently.
    """
    if not times:
        return None
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    best: datetime | None = None
    for day in (local.date(), local.date() - timedelta(days=1)):
        for text in times:
            hour, minute = map(int, text.split(":"))
            at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
            if at <= local and (best is None or at > best):
                best = at
    if best is None or local - best > grace:
        return None
    slot = best.strftime("%Y-%m-%d %H:%M")
    return slot if slot > (last_slot or "") else None


def next_slot(times: tuple[str, ...], timezone: str, now: datetime) -> datetime | None:
    if not times:
        return None
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    candidates = []
    for offset in (0, 1):
        day = local.date() + timedelta(days=offset)
        for text in times:
            hour, minute = map(int, text.split(":"))
            at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
            if at > local:
                candidates.append(at)
    return min(candidates) if candidates else None
