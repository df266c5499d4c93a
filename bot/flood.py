"""Command flood control: a token bucket per chat (pure; the caller passes the time).

A chat may send a burst of commands, then one every `refill` seconds. A refused command
earns a short notice, at most one every `notice_every` seconds; other refusals are silent,
so the bot never floods back.

The shipped limits let a newcomer tap through every command of the menu at a person's pace
(a command every second or two, a dozen or more in a row) and stop a script: 30 commands in
10 s get 14 answers, one notice and silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    noticed: float | None = None  # when the last notice was sent


@dataclass
class FloodGate:
    burst: int = 10
    refill: float = 2.0  # seconds per extra command once the burst is spent
    notice_every: float = 30.0  # seconds between two notices to one chat
    max_chats: int = 50_000  # memory bound: idle, full buckets are dropped beyond this
    buckets: dict[int, _Bucket] = field(default_factory=dict)

    def admit(self, chat_id: int, now: float) -> str:
        """'ok' to serve the command, 'warn' to refuse with a notice, 'drop' to ignore it."""
        bucket = self.buckets.get(chat_id)
        if bucket is None:
            if len(self.buckets) >= self.max_chats:
                self._forget_idle(now)
            bucket = self.buckets[chat_id] = _Bucket(float(self.burst), now)
        # a time before the bucket's own (an edited old command) adds nothing
        elapsed = max(0.0, now - bucket.stamp)
        bucket.tokens = min(self.burst, bucket.tokens + elapsed / self.refill)
        bucket.stamp = max(bucket.stamp, now)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return "ok"
        if bucket.noticed is not None and now - bucket.noticed < self.notice_every:
            return "drop"
        bucket.noticed = now
        return "warn"

    def wait_seconds(self, chat_id: int) -> int:
        bucket = self.buckets.get(chat_id)
        missing = 1 - bucket.tokens if bucket else 0
        return max(1, round(missing * self.refill + 0.5))

    def _forget_idle(self, now: float) -> None:
        full = [
            chat
            for chat, b in self.buckets.items()
            if b.tokens + (now - b.stamp) / self.refill >= self.burst
        ]
        for chat in full:
            del self.buckets[chat]
        if len(self.buckets) >= self.max_chats:  # everyone is busy: forget the oldest half
            oldest = sorted(self.buckets, key=lambda c: self.buckets[c].stamp)
            for chat in oldest[: len(oldest) // 2]:
                del self.buckets[chat]
